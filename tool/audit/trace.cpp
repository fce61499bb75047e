#include "audit/trace.h"

#include <fstream>
#include <iostream>

namespace hpsmctl::audit {

std::string InputError::to_string() const
{
	std::string s = source;
	if (line)
		s += ":" + std::to_string(line);
	s += ": " + message;
	return s;
}

std::optional<InputError> read_trace_file(const TraceReader &reader, const std::string &path, Trace &out)
{
	if (path == "-")
		return reader.read(std::cin, "<stdin>", out);
	std::ifstream in(path, std::ios::binary);
	if (!in)
		return InputError{path, 0, "cannot open the file"};
	return reader.read(in, path, out);
}

} // namespace hpsmctl::audit

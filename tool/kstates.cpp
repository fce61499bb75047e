#include "kstates.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace hpsmctl {

namespace {

std::string_view trim(std::string_view s)
{
	while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
		s.remove_prefix(1);
	while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
		s.remove_suffix(1);
	return s;
}

} // namespace

StateNames parse_state_names(std::string_view text)
{
	StateNames names;
	while (!text.empty()) {
		size_t eol = text.find('\n');
		std::string_view line = trim(text.substr(0, eol));
		text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);

		size_t colon = line.find(':');
		if (colon == std::string_view::npos)
			continue;
		std::string_view number = line.substr(0, colon);
		std::string_view name = trim(line.substr(colon + 1));
		int32_t n = 0;
		auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
		if (ec != std::errc() || end != number.data() + number.size() || number.empty() || n < 0 ||
		    name.empty())
			continue;
		names[n] = std::string(name);
	}
	return names;
}

std::optional<StateNames> read_state_names(const char *path)
{
	std::ifstream in(path);
	if (!in)
		return std::nullopt;
	std::ostringstream text;
	text << in.rdbuf();
	if (in.bad())
		return std::nullopt;
	return parse_state_names(text.str());
}

} // namespace hpsmctl

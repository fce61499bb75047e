#include "audit/states.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace hpsmctl::audit {

const std::string *StateTable::name(int32_t number) const
{
	auto it = std::lower_bound(rows.begin(), rows.end(), number,
	                           [](const StateRow &r, int32_t n) { return r.number < n; });
	return it != rows.end() && it->number == number ? &it->name : nullptr;
}

std::optional<int32_t> StateTable::find(std::string_view n) const
{
	for (const auto &r : rows)
		if (r.name == n)
			return r.number;
	return std::nullopt;
}

std::optional<InputError> read_states(std::istream &in, std::string_view source, StateTable &out)
{
	out.source = std::string(source);
	std::string buf;
	uint32_t line_no = 0;
	auto fail = [&](std::string msg) { return InputError{std::string(source), line_no, std::move(msg)}; };
	while (std::getline(in, buf)) {
		++line_no;
		std::string_view l = buf;
		while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
			l.remove_suffix(1);
		while (!l.empty() && (l.front() == ' ' || l.front() == '\t'))
			l.remove_prefix(1);
		if (l.empty())
			continue;
		auto colon = l.find(':');
		if (colon == std::string_view::npos || colon == 0 || colon > 6)
			return fail("expected \"NUMBER: NAME\"");
		int32_t n = 0;
		for (char c : l.substr(0, colon)) {
			if (c < '0' || c > '9')
				return fail("expected \"NUMBER: NAME\"");
			n = n * 10 + (c - '0');
		}
		auto name = l.substr(colon + 1);
		while (!name.empty() && name.front() == ' ')
			name.remove_prefix(1);
		if (name.empty())
			return fail("state " + std::to_string(n) + " has no name");
		if (!out.rows.empty() && out.rows.back().number >= n)
			return fail("state numbers must ascend (" + std::to_string(n) + " after " +
			            std::to_string(out.rows.back().number) + ")");
		out.rows.push_back(StateRow{n, std::string(name)});
	}
	if (in.bad())
		return fail("read error");
	if (out.rows.empty())
		return InputError{std::string(source), 0, "no states in the file"};
	return std::nullopt;
}

std::optional<InputError> read_states_file(const std::string &path, StateTable &out)
{
	std::ifstream in(path);
	if (!in)
		return InputError{path, 0, "cannot open the file"};
	return read_states(in, path, out);
}

std::optional<InputError> read_states_text(std::string_view text, std::string_view source, StateTable &out)
{
	std::istringstream in{std::string(text)};
	return read_states(in, source, out);
}

} // namespace hpsmctl::audit

#include "audit/options.h"

namespace hpsmctl::audit {

std::optional<uint64_t> parse_duration_ns(std::string_view t)
{
	size_t i = 0;
	uint64_t whole = 0, frac = 0, frac_div = 1;
	while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
		if (whole > 1'000'000'000'000ull)
			return std::nullopt;
		whole = whole * 10 + static_cast<uint64_t>(t[i++] - '0');
	}
	bool digits = i > 0;
	if (i < t.size() && t[i] == '.') {
		++i;
		while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
			if (frac_div < 1'000'000'000ull) {
				frac = frac * 10 + static_cast<uint64_t>(t[i] - '0');
				frac_div *= 10;
			}
			digits = true;
			++i;
		}
	}
	if (!digits)
		return std::nullopt;
	auto unit = t.substr(i);
	uint64_t mul = 0;
	if (unit.empty() || unit == "ns")
		mul = 1;
	else if (unit == "us" || unit == "µs")
		mul = 1000;
	else if (unit == "ms")
		mul = 1000'000;
	else if (unit == "s")
		mul = 1000'000'000;
	else
		return std::nullopt;
	return whole * mul + frac * mul / frac_div;
}

std::optional<std::string> parse_budget(std::string_view text, Budget &out)
{
	auto eq = text.rfind('=');
	if (eq == std::string_view::npos || eq == 0)
		return "budget \"" + std::string(text) + "\" is not NAME=DURATION";
	auto d = parse_duration_ns(text.substr(eq + 1));
	if (!d || *d == 0)
		return "budget \"" + std::string(text) + "\": \"" + std::string(text.substr(eq + 1)) +
		       "\" is not a duration (e.g. 50us, 5ms, 1s)";
	out.name = std::string(text.substr(0, eq));
	out.ns = *d;
	return std::nullopt;
}

std::optional<std::string> parse_declaration(std::string_view text, std::string &name, std::string &reason)
{
	auto eq = text.find('=');
	if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size())
		return "declaration \"" + std::string(text) +
		       "\" is not NAME=REASON (a state name, a callback symbol " +
		       "or an hpsm callback name, and why it is one-sided)";
	name = std::string(text.substr(0, eq));
	reason = std::string(text.substr(eq + 1));
	return std::nullopt;
}

} // namespace hpsmctl::audit

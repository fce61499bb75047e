#include "checks.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace hpsmctl {

CLI::Validator whole_number(uint64_t lo, uint64_t hi)
{
	std::string range = std::to_string(lo) + ".." + std::to_string(hi);
	if (hi == std::numeric_limits<uint64_t>::max())
		range = lo == 0 ? "" : ">= " + std::to_string(lo);
	std::string what = range.empty() ? "a whole number" : "a whole number " + range;
	if (range.find("..") != std::string::npos)
		what = "a whole number in " + range;
	return CLI::Validator(
	    [lo, hi, what](const std::string &s) {
		    uint64_t v = 0;
		    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
		    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi)
			    return "'" + s + "' is not " + what;
		    return std::string();
	    },
	    range.empty() ? "N" : "N:" + range);
}

CLI::Validator positive_seconds()
{
	return CLI::Validator(
	    [](const std::string &s) {
		    double v = 0;
		    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
		    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || v <= 0 ||
		        v > 1e6)
			    return "'" + s + "' is not a number of seconds > 0";
		    return std::string();
	    },
	    "SECONDS");
}

} // namespace hpsmctl

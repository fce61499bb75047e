#include "audit/report.h"

#include <cstdio>

namespace hpsmctl::audit {

std::string_view severity_name(Severity s)
{
	switch (s) {
	case Severity::info:
		return "info";
	case Severity::warning:
		return "warning";
	case Severity::error:
		return "error";
	}
	return "?";
}

std::string_view check_name(Check c)
{
	switch (c) {
	case Check::order:
		return "ORDER";
	case Check::symmetry:
		return "SYMMETRY";
	case Check::rollback:
		return "ROLLBACK";
	case Check::placement:
		return "PLACEMENT";
	case Check::sync:
		return "SYNC";
	case Check::completeness:
		return "COMPLETENESS";
	case Check::latency:
		return "LATENCY";
	}
	return "?";
}

std::string_view verdict_name(Verdict v)
{
	switch (v) {
	case Verdict::symmetric:
		return "symmetric";
	case Verdict::one_sided:
		return "one-sided by design";
	case Verdict::declared:
		return "declared one-sided";
	case Verdict::undeclared:
		return "undeclared one-sided";
	case Verdict::seen_once:
		return "seen once, never undone";
	case Verdict::unverified:
		return "one direction, unverified";
	case Verdict::untraced:
		return "untraced (STARTING/DYING)";
	case Verdict::not_observed:
		return "not observed";
	case Verdict::anchor:
		return "anchor";
	}
	return "?";
}

std::string format_duration(uint64_t ns)
{
	char buf[32];
	if (ns < 1000)
		std::snprintf(buf, sizeof buf, "%lluns", static_cast<unsigned long long>(ns));
	else if (ns < 1000'000)
		std::snprintf(buf, sizeof buf, "%.1fus", static_cast<double>(ns) / 1e3);
	else if (ns < 1000'000'000)
		std::snprintf(buf, sizeof buf, "%.2fms", static_cast<double>(ns) / 1e6);
	else
		std::snprintf(buf, sizeof buf, "%.2fs", static_cast<double>(ns) / 1e9);
	return buf;
}

int exit_code(const Report &r)
{
	return r.summary.errors || r.summary.warnings ? 1 : 0;
}

} // namespace hpsmctl::audit

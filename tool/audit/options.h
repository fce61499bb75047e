// What the caller can tell the audit beyond the trace.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/states.h"

namespace hpsmctl::audit {

// --budget NAME=DURATION: NAME is a state name ("sched:active"), a callback
// symbol ("bringup_cpu") or "cpuhp_kick_ap_work"; it applies to every run of
// that state or callback, in both directions.
struct Budget {
	std::string name;
	uint64_t ns = 0;
};

// "50us", "5ms", "1.5s", "800ns", "2000" (ns).  nullopt if malformed.
std::optional<uint64_t> parse_duration_ns(std::string_view text);

// "NAME=DURATION"; returns an error message for the user, or nullopt.
std::optional<std::string> parse_budget(std::string_view text, Budget &out);

struct AuditOptions {
	std::optional<StateTable> states; // a copy of /sys/devices/system/cpu/hotplug/states
	std::vector<Budget> budgets;
	// What sysfs says at the end (cpuN/online), to compare with where the
	// trace leaves each CPU.
	std::map<uint32_t, bool> final_online;
	// Callbacks or states declared one-sided, with the written reason
	// (hpsm's "declared asymmetric: reason").  Keys are state names or symbols.
	std::map<std::string, std::string> declared_asymmetric;
	// Render durations and evidence for at most this many per finding.
	uint32_t max_evidence = 8;
};

} // namespace hpsmctl::audit

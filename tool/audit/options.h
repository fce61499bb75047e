// What the caller can tell the audit beyond the trace.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/anchors.h"
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

// One installed hpsm callback as hpsm describes it (GET_STATES, or the JSON
// of `hpsmctl states --json`): what the records alone cannot say.
struct HpsmCallbackInfo {
	uint32_t id = 0;
	std::string name;
	int32_t section = -1;    // enum hpsm_section; -1: unknown
	int32_t order = 0;       // position key inside the section (ties: installation order)
	bool startup = true;     // it has a startup
	bool teardown = true;    // it has a teardown
	bool asymmetric = false; // HPSM_CB_ASYMMETRIC: declared one-sided
	std::string reason;      // the declared reason
};

// "NAME=REASON" for --declare; returns an error message for the user, or nullopt.
std::optional<std::string> parse_declaration(std::string_view text, std::string &name, std::string &reason);

struct AuditOptions {
	std::optional<StateTable> states; // a copy of /sys/devices/system/cpu/hotplug/states
	std::vector<Budget> budgets;
	// What sysfs says at the end (cpuN/online), to compare with where the
	// trace leaves each CPU.
	std::map<uint32_t, bool> final_online;
	// Callbacks or states declared one-sided, with the written reason
	// (hpsm's "declared asymmetric: reason", --declare NAME=REASON).  Keys
	// are state names, callback symbols or hpsm callback names.
	std::map<std::string, std::string> declared_asymmetric;
	// --require-declared PREFIX: kernel states whose name starts with PREFIX
	// ("hpsm_sample:") or whose callback symbols come from module PREFIX
	// ("[hpsm_sample]") are held to hpsm's rule: one-sided without a
	// declaration is a finding (SYMMETRY-UNDECLARED), not information.
	std::vector<std::string> require_declared;
	// hpsm's own callbacks as hpsm describes them; empty when unknown (a
	// saved trace without its `hpsmctl states --json`).
	std::vector<HpsmCallbackInfo> hpsm_callbacks;
	// The kernel's anchors as the running kernel's layout gives them (hpsm's
	// GET_CONFIG): used when there is no states file, checked against it
	// when there is one.
	std::optional<Anchors> kernel_anchors;
	// Render durations and evidence for at most this many per finding.
	uint32_t max_evidence = 8;
};

} // namespace hpsmctl::audit

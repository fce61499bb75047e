// The few kernel states every other rule is written relative to.
//
// cpu:bringup (bringup_cpu on 6.1, cpuhp_bringup_ap on 6.12) and
// cpu:teardown (takedown_cpu) are where the control CPU hands over to the
// hotplugged CPU and back; "online" is CPUHP_ONLINE, whose number is also the
// "step" of the cpuhp_kick_ap_work pseudo-step that opens every offline.
// They come from the states file when there is one, else from the trace
// (the callbacks' symbols, else the nesting of the records).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hpsmctl::audit {

struct StateTable;
struct Trace;

struct Anchors {
	int32_t kick_ap = -1;      // 6.12's cpu:kick_ap (startup-only, control CPU)
	int32_t bringup = -1;      // cpu:bringup
	int32_t ap_offline = -1;   // ap:offline: first STARTING/DYING state
	int32_t ap_online = -1;    // ap:online: last STARTING/DYING state
	int32_t teardown = -1;     // cpu:teardown
	int32_t sched_active = -1; // sched:active
	int32_t online = -1;       // online (CPUHP_ONLINE)
	std::string source;        // "states file", "trace symbols", "trace structure"

	// The kernel's own cpuhp_is_ap_state(): what runs on the hotplugged CPU.
	bool is_ap(int32_t s) const
	{
		return bringup >= 0 && s > bringup && s != teardown && (online < 0 || s < online);
	}
	// What the tracepoints can never show: the CPU is not marked online while
	// its STARTING/DYING callbacks run.
	bool is_untraced(int32_t s) const { return bringup >= 0 && teardown >= 0 && s > bringup && s < teardown; }
	bool can_place() const { return bringup >= 0; }
};

Anchors anchors_from_states(const StateTable &states);

// From the trace alone: the callback symbols the kernel uses for the anchors,
// else the structure (the control-CPU record that opens a run of records on
// the hotplugged CPU).
Anchors anchors_from_trace(const Trace &trace);

// The states file wins; what the trace says differently is returned as
// messages so the audit can warn that the two do not belong together.
// base_name names where from_states came from in those messages.
Anchors merge_anchors(const Anchors &from_states, const Anchors &from_trace, std::vector<std::string> &disagreements,
                      std::string_view base_name = "the states file", std::string_view other_name = "the trace");

} // namespace hpsmctl::audit

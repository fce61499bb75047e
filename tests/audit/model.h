// A small model of kernel/cpu.c that writes the ftrace text the real kernel
// would, for traces the captures do not contain.  It walks a state table the
// way cpuhp_invoke_callback_range() does: the control CPU runs the PREP
// states and cpu:bringup / cpu:teardown, the AP runs its online states in
// cpuhp/N nested inside them, STARTING/DYING are never traced, an injected
// failure fails before its tracepoint and the rollback walks back with the
// previous state as the new target.
#pragma once

#include <string>
#include <vector>

namespace audit_test {

struct ModelState {
	int num;
	std::string name;
	std::string up;   // startup symbol, "" = none
	std::string down; // teardown symbol, "" = none
};

class Model {
public:
	// The default table: PREP 1..5, cpu:bringup 10, untraced 11..19,
	// cpu:teardown 20, AP 22..29, online 30; control CPU 0.
	Model();

	static constexpr int bringup = 10, teardown = 20, idle = 21, online = 30;

	std::vector<ModelState> states;
	unsigned control = 0;

	void down(unsigned cpu);
	void up(unsigned cpu);
	// hotplug/fail at state f: nothing traced for f itself.
	void up_fail(unsigned cpu, int f);
	void down_fail(unsigned cpu, int f);
	// The callback of AP state f runs and returns ret.
	void up_callback_fails(unsigned cpu, int f, int ret);
	// takedown_cpu fails (stop_machine refused): the kernel re-kicks the AP,
	// whose startups then run with no wrapper around them.
	void down_takedown_fails(unsigned cpu, int ret);
	// bringup_cpu fails before the AP ran anything (it never came up).
	void up_bringup_fails(unsigned cpu, int ret);
	// cpuhp_setup_state() of an existing state on an online CPU.
	void install_call(unsigned cpu, int s);

	std::string text() const;        // the trace, with the ftrace header
	std::string states_text() const; // /sys/devices/system/cpu/hotplug/states
	const std::vector<std::string> &lines() const { return lines_; }

private:
	void enter(unsigned cpu, unsigned on, int target, int step, const std::string &sym);
	void exit(unsigned cpu, unsigned on, int state, int step, int ret = 0);
	void ap_ups(unsigned cpu, int from, int to, int target);   // (from, to]
	void ap_downs(unsigned cpu, int from, int to, int target); // [from .. to) descending
	void bp_ups(unsigned cpu, int from, int to);
	void bp_downs(unsigned cpu, int from, int to, int target);
	const ModelState *at(int s) const;

	std::vector<std::string> lines_;
	unsigned long long us_ = 1000000;
};

} // namespace audit_test

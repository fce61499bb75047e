#include "model.h"

#include <cstdio>

namespace audit_test {

Model::Model()
{
	states = {
	    {0, "offline", "", ""},
	    {1, "threads:prepare", "smpboot_create_threads", ""},
	    {2, "perf:prepare", "perf_event_init_cpu", "perf_event_exit_cpu"},
	    {3, "slub:dead", "", "slub_cpu_dead"},
	    {4, "rcu:prepare", "rcutree_prepare_cpu", "rcutree_dead_cpu"},
	    {5, "relay:prepare", "relay_prepare_cpu", ""},
	    {10, "cpu:bringup", "bringup_cpu", "finish_cpu"},
	    {11, "idle:dead", "", ""},
	    {12, "ap:offline", "", ""},
	    {13, "sched:starting", "", ""},
	    {19, "ap:online", "", ""},
	    {20, "cpu:teardown", "", "takedown_cpu"},
	    {22, "sched:waitempty", "", "sched_cpu_wait_empty"},
	    {23, "smpboot/threads:online", "smpboot_unpark_threads", "smpboot_park_threads"},
	    {24, "workqueue:online", "workqueue_online_cpu", "workqueue_offline_cpu"},
	    {25, "random:online", "random_online_cpu", ""},
	    {26, "cacheinfo:online", "cacheinfo_cpu_online", "cacheinfo_cpu_pre_down"},
	    {29, "sched:active", "sched_cpu_activate", "sched_cpu_deactivate"},
	    {30, "online", "", ""},
	};
}

const ModelState *Model::at(int s) const
{
	for (const auto &st : states)
		if (st.num == s)
			return &st;
	return nullptr;
}

void Model::enter(unsigned cpu, unsigned on, int target, int step, const std::string &sym)
{
	char b[256];
	us_ += 7;
	std::snprintf(b, sizeof b,
	              "%16s-%-7d [%03u] ..... %5llu.%06llu: cpuhp_enter: cpu: %04u target: %3d step: %3d (%s)",
	              on == cpu ? ("cpuhp/" + std::to_string(cpu)).c_str() : "sh", on == cpu ? 20 + cpu : 110, on,
	              us_ / 1000000, us_ % 1000000, cpu, target, step, sym.c_str());
	lines_.emplace_back(b);
}

void Model::exit(unsigned cpu, unsigned on, int state, int step, int ret)
{
	char b[256];
	us_ += 5;
	std::snprintf(b, sizeof b,
	              "%16s-%-7d [%03u] ..... %5llu.%06llu: cpuhp_exit:  cpu: %04u  state: %3d step: %3d ret: %d",
	              on == cpu ? ("cpuhp/" + std::to_string(cpu)).c_str() : "sh", on == cpu ? 20 + cpu : 110, on,
	              us_ / 1000000, us_ % 1000000, cpu, state, step, ret);
	lines_.emplace_back(b);
}

void Model::bp_ups(unsigned cpu, int from, int to)
{
	for (const auto &s : states)
		if (s.num > from && s.num <= to && !s.up.empty()) {
			enter(cpu, control, online, s.num, s.up);
			exit(cpu, control, s.num, s.num);
		}
}

void Model::bp_downs(unsigned cpu, int from, int to, int target)
{
	for (auto it = states.rbegin(); it != states.rend(); ++it)
		if (it->num <= from && it->num > to && !it->down.empty()) {
			enter(cpu, control, target, it->num, it->down);
			// takedown_cpu returns with the DYING states done: the kernel
			// reports the state above cpu:bringup.
			exit(cpu, control, it->num == teardown ? bringup + 1 : it->num - 1, it->num);
		}
}

void Model::ap_ups(unsigned cpu, int from, int to, int target)
{
	for (const auto &s : states)
		if (s.num > from && s.num <= to && s.num > teardown && !s.up.empty()) {
			enter(cpu, cpu, target, s.num, s.up);
			exit(cpu, cpu, s.num, s.num);
		}
}

void Model::ap_downs(unsigned cpu, int from, int to, int target)
{
	for (auto it = states.rbegin(); it != states.rend(); ++it)
		if (it->num <= from && it->num > to && it->num > teardown && !it->down.empty()) {
			enter(cpu, cpu, target, it->num, it->down);
			exit(cpu, cpu, it->num - 1, it->num);
		}
}

void Model::down(unsigned cpu)
{
	enter(cpu, control, teardown, online, "cpuhp_kick_ap_work");
	ap_downs(cpu, online - 1, idle, teardown);
	exit(cpu, control, teardown, online);
	bp_downs(cpu, teardown, 0, 0);
}

void Model::up(unsigned cpu)
{
	bp_ups(cpu, 0, bringup - 1);
	enter(cpu, control, online, bringup, "bringup_cpu");
	ap_ups(cpu, teardown, online - 1, online);
	exit(cpu, control, online, bringup);
}

void Model::up_fail(unsigned cpu, int f)
{
	if (f < bringup) {
		bp_ups(cpu, 0, f - 1);
		bp_downs(cpu, f - 1, 0, 0);
		return;
	}
	bp_ups(cpu, 0, bringup - 1);
	enter(cpu, control, online, bringup, "bringup_cpu");
	ap_ups(cpu, teardown, f - 1, online);
	ap_downs(cpu, f - 1, idle, idle);
	exit(cpu, control, idle, bringup, -11);
	bp_downs(cpu, teardown, 0, 0);
}

void Model::up_callback_fails(unsigned cpu, int f, int ret)
{
	bp_ups(cpu, 0, bringup - 1);
	enter(cpu, control, online, bringup, "bringup_cpu");
	ap_ups(cpu, teardown, f - 1, online);
	enter(cpu, cpu, online, f, at(f)->up);
	exit(cpu, cpu, f, f, ret);
	ap_downs(cpu, f - 1, idle, idle);
	exit(cpu, control, idle, bringup, ret);
	bp_downs(cpu, teardown, 0, 0);
}

void Model::down_fail(unsigned cpu, int f)
{
	enter(cpu, control, teardown, online, "cpuhp_kick_ap_work");
	ap_downs(cpu, online - 1, f, teardown);
	ap_ups(cpu, f, online - 1, online);
	exit(cpu, control, online, online, -11);
}

void Model::down_takedown_fails(unsigned cpu, int ret)
{
	enter(cpu, control, teardown, online, "cpuhp_kick_ap_work");
	ap_downs(cpu, online - 1, idle, teardown);
	exit(cpu, control, teardown, online);
	enter(cpu, control, 0, teardown, "takedown_cpu");
	exit(cpu, control, teardown - 1, teardown, ret);
	ap_ups(cpu, teardown, online - 1, online);
}

void Model::up_bringup_fails(unsigned cpu, int ret)
{
	bp_ups(cpu, 0, bringup - 1);
	enter(cpu, control, online, bringup, "bringup_cpu");
	exit(cpu, control, bringup, bringup, ret);
	bp_downs(cpu, bringup - 1, 0, 0);
}

void Model::install_call(unsigned cpu, int s)
{
	unsigned on = s > bringup && s != teardown ? cpu : control;
	enter(cpu, on, online, s, at(s)->up);
	exit(cpu, on, online, s);
}

std::string Model::text() const
{
	std::string t = "# tracer: nop\n#\n# entries-in-buffer/entries-written: " + std::to_string(lines_.size()) +
	                "/" + std::to_string(lines_.size()) + "   #P:4\n#\n";
	for (const auto &l : lines_)
		t += l + "\n";
	return t;
}

std::string Model::states_text() const
{
	std::string t;
	char b[64];
	for (const auto &s : states) {
		std::snprintf(b, sizeof b, "%3d: %s\n", s.num, s.name.c_str());
		t += b;
	}
	return t;
}

} // namespace audit_test

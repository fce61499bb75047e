// SPDX-License-Identifier: GPL-2.0
//
// The real kernel, replayed: the ftrace cpuhp captures of the test box
// (tests/fixtures/<kernel>/ftrace-cycles-fail.txt: cycles of cpu1..3 and the
// kernel's own hotplug/fail injections) fed through the core's probe entry
// points, each event on the CPU that emitted it and at its own timestamp.
//
// The recorded kernel events must equal the capture event for event, pair up
// completely, and carry the direction an independent reading of the capture
// gives: per hotplugged CPU, an operation is an online (it starts with a
// PREP state aiming at the online state) or an offline (it starts with
// cpuhp_kick_ap_work at the online state); within it, a step that runs the
// other way is the kernel's rollback.
#include "fake_kernel.h"

#include <cerrno>
#include <fstream>
#include <map>
#include <regex>

#ifndef HPSM_FIXTURES_DIR
#error "HPSM_FIXTURES_DIR must name tests/fixtures"
#endif

namespace testing_hpsm {
namespace {

using hpsm::Dir;

struct TraceEvent {
	int line;
	unsigned on_cpu;   // the [CPU] column
	u64 ts_ns;
	bool enter;
	bool multi;
	unsigned cpu;      // the hotplugged CPU
	int target = -1;   // enter
	int step;
	std::string fn;    // enter
	int state = -1;    // exit
	int ret = 0;       // exit
};

std::string fixture(const std::string &kernel, const std::string &file)
{
	return std::string(HPSM_FIXTURES_DIR) + "/" + kernel + "/" + file;
}

std::vector<TraceEvent> parse_trace(const std::string &path)
{
	static const std::regex line_re(
	    R"(\[(\d+)\]\s+\S+\s+(\d+)\.(\d{6}):\s+(cpuhp_enter|cpuhp_multi_enter|cpuhp_exit):\s+cpu:\s+(\d+)\s+)"
	    R"((?:target:\s+(\d+)\s+step:\s+(\d+)\s+\(([^)]*)\)|state:\s+(\d+)\s+step:\s+(\d+)\s+ret:\s+(-?\d+))\s*$)");
	std::ifstream in(path);
	EXPECT_TRUE(in.good()) << path;
	std::vector<TraceEvent> out;
	std::string text;
	int lineno = 0;
	while (std::getline(in, text)) {
		lineno++;
		if (text.empty() || text[0] == '#')
			continue;
		std::smatch m;
		if (!std::regex_search(text, m, line_re)) {
			ADD_FAILURE() << path << ":" << lineno << ": not a cpuhp event: " << text;
			continue;
		}
		TraceEvent e;
		e.line = lineno;
		e.on_cpu = static_cast<unsigned>(std::stoul(m[1]));
		e.ts_ns = std::stoull(m[2]) * 1000000000ull + std::stoull(m[3]) * 1000ull;
		e.enter = m[4] != "cpuhp_exit";
		e.multi = m[4] == "cpuhp_multi_enter";
		e.cpu = static_cast<unsigned>(std::stoul(m[5]));
		if (e.enter) {
			e.target = std::stoi(m[6]);
			e.step = std::stoi(m[7]);
			e.fn = m[8];
		} else {
			e.state = std::stoi(m[9]);
			e.step = std::stoi(m[10]);
			e.ret = std::stoi(m[11]);
		}
		out.push_back(e);
	}
	return out;
}

// /sys/devices/system/cpu/hotplug/states: "NNN: name".
std::map<std::string, int> parse_states(const std::string &path)
{
	std::ifstream in(path);
	EXPECT_TRUE(in.good()) << path;
	std::map<std::string, int> out;
	std::string text;
	static const std::regex re(R"(^\s*(\d+):\s+(\S.*?)\s*$)");
	while (std::getline(in, text)) {
		std::smatch m;
		if (std::regex_match(text, m, re))
			out[m[2]] = std::stoi(m[1]);
	}
	return out;
}

int state_number(const std::map<std::string, int> &states, const std::string &name)
{
	auto it = states.find(name);
	EXPECT_NE(it, states.end()) << "no state " << name;
	return it != states.end() ? it->second : -1;
}

// The independent reading described at the top: the direction of each event
// and, for exits, the index of the entry it closes.
struct Oracle {
	std::vector<Dir> dir;
	std::vector<int> pair; // exit -> its entry's index; entry -> -1
};

Oracle classify(const std::vector<TraceEvent> &evs, int online, int bringup)
{
	enum class Op { None, Up, Down };
	struct CpuView {
		Op op = Op::None;
		bool last_going_down = false;
		std::vector<int> open;
	};
	std::map<unsigned, CpuView> cpus;
	Oracle o;
	for (size_t i = 0; i < evs.size(); i++) {
		const TraceEvent &e = evs[i];
		CpuView &v = cpus[e.cpu];
		if (e.enter) {
			const bool going_up = e.target > e.step;
			if (e.step == online && e.target < e.step)
				v.op = Op::Down;  // cpuhp_kick_ap_work: an offline starts
			else if (going_up && e.target == online && e.step < bringup &&
				 (v.op != Op::Up || v.last_going_down))
				v.op = Op::Up;    // the first PREP state of an online
			v.last_going_down = !going_up;
			Dir d;
			if (v.op == Op::Up)
				d = going_up ? Dir::Up : Dir::RollbackDown;
			else if (v.op == Op::Down)
				d = going_up ? Dir::RollbackUp : Dir::Down;
			else
				d = going_up ? Dir::Up : Dir::Down;
			o.dir.push_back(d);
			o.pair.push_back(-1);
			v.open.push_back(static_cast<int>(i));
		} else {
			int found = -1;
			for (size_t k = v.open.size(); k-- > 0;) {
				if (evs[v.open[k]].step == e.step) {
					found = v.open[k];
					v.open.resize(k);
					break;
				}
			}
			EXPECT_GE(found, 0) << "line " << e.line << ": the capture has an exit without entry";
			o.dir.push_back(found >= 0 ? o.dir[found] : Dir::Up);
			o.pair.push_back(found);
		}
	}
	for (auto &[cpu, v] : cpus)
		EXPECT_TRUE(v.open.empty()) << "cpu" << cpu << ": the capture leaves entries open";
	return o;
}

class KernelReplay : public ::testing::TestWithParam<std::string> {
      protected:
	static constexpr unsigned kCpus = 4; // "#P:4": QEMU -smp 4

	void SetUp() override
	{
		const std::string kernel = GetParam();
		states_ = parse_states(fixture(kernel, "hotplug-states.txt"));
		events_ = parse_trace(fixture(kernel, "ftrace-cycles-fail.txt"));
		ASSERT_FALSE(events_.empty());

		// The numbers the observer needs come from the capture's own boot;
		// the dynamic ranges are not used by the observer and only
		// approximate.
		layout_.online = state_number(states_, "online");
		layout_.bringup = state_number(states_, "cpu:bringup");
		layout_.teardown = state_number(states_, "cpu:teardown");
		layout_.ap_offline = state_number(states_, "ap:offline");
		layout_.ap_online_idle = state_number(states_, "ap:online");
		layout_.ap_active = state_number(states_, "sched:active");
		layout_.bp_dyn = layout_.bringup - 30;
		layout_.bp_dyn_end = layout_.bringup - 10;
		layout_.ap_dyn = layout_.ap_active - 41;
		layout_.ap_dyn_end = layout_.ap_active - 1;
		ASSERT_GT(layout_.online, 0);
		ASSERT_GT(layout_.bringup, 0);

		fake::reset(kCpus);
		for (unsigned c = 0; c < kCpus; c++) {
			fake::set_online(c, true);
			fake::set_active(c, true);
		}
		ASSERT_EQ(hpsm_core_init(kCpus, &layout_, 4096), 0);
	}

	void TearDown() override
	{
		EXPECT_FALSE(fake::irqs_off());
		hpsm_core_exit();
		EXPECT_EQ(fake::live_allocations(), 0);
		fake::reset(0);
	}

	// A stable fake address per callback symbol.
	const void *symbol(const std::string &name)
	{
		auto it = symbols_.try_emplace(name, symbols_.size() + 1).first;
		return reinterpret_cast<const void *>(0x1000 * it->second);
	}

	// Each event on its CPU at its time, like the probes would see it.
	void replay()
	{
		for (const TraceEvent &e : events_) {
			fake::set_this_cpu(e.on_cpu);
			fake::freeze_clock(e.ts_ns);
			if (e.enter)
				hpsm_core_kernel_enter(e.cpu, e.target, e.step, symbol(e.fn), e.multi);
			else
				hpsm_core_kernel_exit(e.cpu, e.state, e.step, e.ret);
		}
		fake::set_this_cpu(0);
	}

	std::vector<hpsm_core_event> recorded()
	{
		std::vector<hpsm_core_event> out(events_.size() + 16);
		unsigned long long next = 0;
		const unsigned n = hpsm_core_events_read(0, -1, out.data(), static_cast<unsigned>(out.size()), &next);
		out.resize(n);
		EXPECT_EQ(next, n) << "nothing was filtered or dropped, so next is the count";
		return out;
	}

	int state(const std::string &name) { return state_number(states_, name); }

	// Index of the first entry on @cpu with direction @d, or -1.
	int first_enter(const Oracle &o, unsigned cpu, Dir d)
	{
		for (size_t i = 0; i < events_.size(); i++)
			if (events_[i].enter && events_[i].cpu == cpu && o.dir[i] == d)
				return static_cast<int>(i);
		return -1;
	}
	// The last entry on @cpu before event @i.
	int enter_before(int i, unsigned cpu)
	{
		while (--i >= 0)
			if (events_[i].enter && events_[i].cpu == cpu)
				return i;
		return -1;
	}

	std::map<std::string, int> states_;
	std::vector<TraceEvent> events_;
	hpsm_core_layout layout_{};
	std::map<std::string, size_t> symbols_;
};

TEST_P(KernelReplay, RecordsEqualTheCaptureEventForEvent)
{
	replay();
	const Oracle o = classify(events_, layout_.online, layout_.bringup);
	const std::vector<hpsm_core_event> got = recorded();
	ASSERT_EQ(got.size(), events_.size());

	for (size_t i = 0; i < events_.size(); i++) {
		const TraceEvent &e = events_[i];
		const hpsm_core_event &r = got[i];
		SCOPED_TRACE("capture line " + std::to_string(e.line));
		ASSERT_EQ(r.seq, i);
		EXPECT_EQ(r.ts_ns, e.ts_ns);
		EXPECT_EQ(r.cpu, e.cpu);
		EXPECT_EQ(r.on_cpu, e.on_cpu);
		EXPECT_EQ(r.source, static_cast<unsigned>(e.step));
		EXPECT_EQ(r.phase, e.enter ? HPSM_PHASE_ENTER : HPSM_PHASE_EXIT);
		if (e.enter) {
			EXPECT_EQ(r.kind, e.multi ? HPSM_SRC_KERNEL_MULTI : HPSM_SRC_KERNEL);
			EXPECT_EQ(r.target, e.target);
			EXPECT_EQ(r.state, -1);
		} else {
			EXPECT_EQ(r.kind, events_[o.pair[i]].multi ? HPSM_SRC_KERNEL_MULTI : HPSM_SRC_KERNEL)
			    << "an exit carries its entry's kind";
			EXPECT_EQ(r.state, e.state);
			EXPECT_EQ(r.ret, e.ret);
			EXPECT_EQ(r.target, -1);
		}
		EXPECT_EQ(r.dir, static_cast<unsigned>(o.dir[i]))
		    << (e.enter ? "enter" : "exit") << " cpu" << e.cpu << " step " << e.step << " target " << e.target;
	}

	for (unsigned c = 0; c < kCpus; c++) {
		EXPECT_EQ(hpsm::g_observer.unpaired(c), 0u) << "cpu" << c;
		unsigned long long written = 0, dropped = 0;
		hpsm_core_ring_stats(c, &written, &dropped);
		EXPECT_EQ(dropped, 0u) << "cpu" << c;
	}
}

// The failures the capture holds (tests/fixtures/README.md), found where
// they are and classified as rollbacks; the rest of the capture is plain.
TEST_P(KernelReplay, TheKernelsFailInjectionsAreRollbacks)
{
	replay();
	const Oracle o = classify(events_, layout_.online, layout_.bringup);
	const std::vector<hpsm_core_event> got = recorded();
	ASSERT_EQ(got.size(), events_.size());

	// Exactly two traced failures, both -EAGAIN on cpu2: bringup_cpu
	// (the AP failed at workqueue:online) and cpuhp_kick_ap_work (the AP
	// refused to go down at the same state).  cpu3's RCU/tree:prepare failure
	// is injected before the callback runs and leaves no exit of its own.
	std::vector<int> failed_steps;
	for (const hpsm_core_event &r : got) {
		if (r.phase == HPSM_PHASE_EXIT && r.ret != 0) {
			EXPECT_EQ(r.ret, -11);
			EXPECT_EQ(r.cpu, 2u);
			failed_steps.push_back(static_cast<int>(r.source));
		}
	}
	EXPECT_EQ(failed_steps, (std::vector<int>{layout_.bringup, layout_.online}));

	auto dir_of = [&](int i) { return static_cast<Dir>(got[i].dir); };
	const int wq_online = state("workqueue:online");
	const int rcu_prepare = state("RCU/tree:prepare");

	// cpu2 online failing at workqueue:online: the AP undoes the last state
	// it completed first, on itself, then the control CPU carries on down.
	const int rd2 = first_enter(o, 2, Dir::RollbackDown);
	ASSERT_GE(rd2, 0);
	EXPECT_EQ(dir_of(rd2), Dir::RollbackDown);
	EXPECT_EQ(got[rd2].on_cpu, 2u);
	EXPECT_LT(events_[rd2].step, wq_online);
	EXPECT_GT(events_[rd2].step, layout_.bringup);
	const int before2 = enter_before(rd2, 2);
	EXPECT_EQ(dir_of(before2), Dir::Up);
	EXPECT_EQ(events_[before2].step, events_[rd2].step) << "the last state brought up is the first undone";

	// cpu2 offline vetoed at workqueue:online: the AP runs back up from the
	// state above it to sched:active.
	const int ru2 = first_enter(o, 2, Dir::RollbackUp);
	ASSERT_GE(ru2, 0);
	EXPECT_EQ(dir_of(ru2), Dir::RollbackUp);
	EXPECT_EQ(got[ru2].on_cpu, 2u);
	EXPECT_GT(events_[ru2].step, wq_online);
	EXPECT_EQ(dir_of(enter_before(ru2, 2)), Dir::Down);
	int last_ru = ru2;
	for (size_t i = ru2; i < events_.size(); i++)
		if (events_[i].enter && events_[i].cpu == 2 && o.dir[i] == Dir::RollbackUp)
			last_ru = static_cast<int>(i);
	EXPECT_EQ(events_[last_ru].step, layout_.ap_active);
	EXPECT_EQ(dir_of(last_ru), Dir::RollbackUp);

	// cpu3 online failing at RCU/tree:prepare: the control CPU reverses
	// below it.
	const int rd3 = first_enter(o, 3, Dir::RollbackDown);
	ASSERT_GE(rd3, 0);
	EXPECT_EQ(dir_of(rd3), Dir::RollbackDown);
	EXPECT_NE(got[rd3].on_cpu, 3u);
	EXPECT_LT(events_[rd3].step, rcu_prepare);
	EXPECT_EQ(dir_of(enter_before(rd3, 3)), Dir::Up);
	EXPECT_LT(events_[enter_before(rd3, 3)].step, rcu_prepare);
	EXPECT_EQ(first_enter(o, 3, Dir::RollbackUp), -1);

	// Counted per CPU: cpu1 only cycled; every event of cpu3 after its
	// failed online is a good online again.
	unsigned rollbacks[kCpus][hpsm::kDirs] = {};
	for (size_t i = 0; i < got.size(); i++)
		if (got[i].phase == HPSM_PHASE_ENTER)
			rollbacks[got[i].cpu][got[i].dir]++;
	EXPECT_EQ(rollbacks[1][HPSM_DIR_ROLLBACK_DOWN] + rollbacks[1][HPSM_DIR_ROLLBACK_UP], 0u);
	EXPECT_GT(rollbacks[1][HPSM_DIR_UP], 0u);
	EXPECT_GT(rollbacks[1][HPSM_DIR_DOWN], 0u);
	EXPECT_GT(rollbacks[2][HPSM_DIR_ROLLBACK_DOWN], 0u);
	EXPECT_GT(rollbacks[2][HPSM_DIR_ROLLBACK_UP], 0u);
	EXPECT_GT(rollbacks[3][HPSM_DIR_ROLLBACK_DOWN], 0u);
	EXPECT_EQ(got.back().dir, static_cast<unsigned>(HPSM_DIR_UP)) << "the capture ends with cpu3's good online";
}

// Every pair's duration, from the capture's own timestamps, lands in the
// statistics of its (state, direction); the symbols are cached per state and
// direction.
TEST_P(KernelReplay, DurationsFeedTheStatisticsPerStateAndDirection)
{
	replay();
	const Oracle o = classify(events_, layout_.online, layout_.bringup);

	struct Want {
		u64 count = 0, sum = 0, min = ~u64{0}, max = 0;
	};
	std::map<std::pair<int, Dir>, Want> want;
	std::map<std::pair<int, bool>, std::string> last_fn; // (state, teardown)
	for (size_t i = 0; i < events_.size(); i++) {
		const TraceEvent &e = events_[i];
		if (e.enter) {
			const bool teardown = o.dir[i] == Dir::Down || o.dir[i] == Dir::RollbackDown;
			last_fn[{e.step, teardown}] = e.fn;
			continue;
		}
		const u64 ns = e.ts_ns - events_[o.pair[i]].ts_ns;
		Want &w = want[{e.step, o.dir[i]}];
		w.count++;
		w.sum += ns;
		w.min = std::min(w.min, ns);
		w.max = std::max(w.max, ns);
	}

	u64 pairs = 0;
	for (int s = 0; s <= layout_.online; s++) {
		for (unsigned d = 0; d < hpsm::kDirs; d++) {
			hpsm_core_stats st{};
			const int ret = hpsm_core_stats_get(static_cast<unsigned>(s), d, &st);
			auto it = want.find({s, static_cast<Dir>(d)});
			if (it == want.end()) {
				EXPECT_EQ(ret, -ENOENT) << "state " << s << " dir " << d;
				continue;
			}
			ASSERT_EQ(ret, 0) << "state " << s << " dir " << d;
			EXPECT_EQ(st.kind, static_cast<unsigned>(HPSM_SRC_KERNEL));
			EXPECT_EQ(st.source, static_cast<unsigned>(s));
			EXPECT_EQ(st.count, it->second.count) << "state " << s << " dir " << d;
			EXPECT_EQ(st.sum_ns, it->second.sum) << "state " << s << " dir " << d;
			EXPECT_EQ(st.min_ns, it->second.min) << "state " << s << " dir " << d;
			EXPECT_EQ(st.max_ns, it->second.max) << "state " << s << " dir " << d;
			pairs += st.count;
		}
	}
	u64 exits = 0;
	for (const TraceEvent &e : events_)
		exits += !e.enter;
	EXPECT_EQ(pairs, exits);

	for (const auto &[key, fn] : last_fn)
		EXPECT_EQ(hpsm_core_kernel_fn(key.first, key.second), symbol(fn))
		    << "state " << key.first << (key.second ? " teardown" : " startup");
}

INSTANTIATE_TEST_SUITE_P(Captures, KernelReplay, ::testing::Values("6.1", "6.12"),
                         [](const ::testing::TestParamInfo<std::string> &info) {
	                         std::string name = "linux_" + info.param;
	                         for (char &c : name)
		                         if (c == '.')
			                         c = '_';
	                         return name;
                         });

} // namespace
} // namespace testing_hpsm

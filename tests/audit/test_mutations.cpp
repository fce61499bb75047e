// Planted defects in copies of the real captures, made here and never on
// disk: each must be found with the right check ID (exit 1), and a
// corrupted record must be an input error naming its line (exit 2).
#include <gtest/gtest.h>

#include "testlib.h"

using namespace audit_test;

namespace {

// The helpers every mutation needs, for one kernel's capture.
struct Mutation {
	std::string kernel;
	const std::string &k() const { return kernel; }
	Lines cycles() const { return Lines::fixture(k() + "/ftrace-cycles-fail.txt"); }
	std::string states() const { return read_file(fixture_path(k() + "/hotplug-states.txt")); }
	int32_t state(std::string_view name) const
	{
		StateTable st;
		EXPECT_FALSE(read_states_text(states(), "s", st));
		auto n = st.find(name);
		EXPECT_TRUE(n) << name;
		return n ? *n : -1;
	}
	// The enter (and its exit) of the n-th record matching needles.
	std::pair<size_t, size_t> pair(const Lines &l, std::initializer_list<std::string_view> needles, int n = 0) const
	{
		long i = l.find(needles, n);
		EXPECT_GE(i, 0);
		long x = l.exit_of(static_cast<size_t>(i));
		EXPECT_GE(x, 0);
		return {static_cast<size_t>(i), static_cast<size_t>(x)};
	}
	static bool has(const Audited &a, std::string_view id, int64_t cpu, int32_t state = -1)
	{
		for (const auto &f : a.report.findings)
			if (f.id == id && f.cpu == cpu && (state < 0 || f.state == state))
				return true;
		return false;
	}
};

} // namespace

// One test per kernel and mutation, with stable names (Mutation_6_1.X).
#define MUTATION_TEST(name)                                                                                            \
	static void name##_on(const Mutation &m);                                                                      \
	TEST(Mutation_6_1, name)                                                                                       \
	{                                                                                                              \
		name##_on(Mutation{"6.1"});                                                                            \
	}                                                                                                              \
	TEST(Mutation_6_12, name)                                                                                      \
	{                                                                                                              \
		name##_on(Mutation{"6.12"});                                                                           \
	}                                                                                                              \
	static void name##_on(const Mutation &m)

MUTATION_TEST(UnmutatedIsClean)
{
	auto a = audit_text(m.cycles().text(), m.states());
	EXPECT_EQ(a.exit, 0) << problems(a.report);
}

MUTATION_TEST(TwoTeardownsSwapped)
{
	Lines l = m.cycles();
	auto [a1, x1] = m.pair(l, {"cpuhp_enter", "cpu: 0002", "(vmstat_cpu_down_prep)"});
	auto [a2, x2] = m.pair(l, {"cpuhp_enter", "cpu: 0002", "(cacheinfo_cpu_pre_down)"});
	ASSERT_EQ(x1 + 1, a2);
	std::swap(l.v[a1], l.v[a2]);
	std::swap(l.v[x1], l.v[x2]);
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	EXPECT_TRUE(Mutation::has(a, "ORDER-SEQUENCE", 2, m.state("mm/vmstat:online"))) << problems(a.report);
	EXPECT_EQ(count(a.report, "ORDER-SKIPPED"), 0u) << problems(a.report);
	const Finding *f = find(a.report, "ORDER-SEQUENCE");
	ASSERT_TRUE(f);
	EXPECT_EQ(f->check, Check::order);
	EXPECT_EQ(f->lines.size(), 2u); // the two records that prove it
}

MUTATION_TEST(TeardownMissing)
{
	Lines l = m.cycles();
	auto [i, x] = m.pair(l, {"cpuhp_enter", "cpu: 0002", "(lockup_detector_offline_cpu)"});
	l.remove(x);
	l.remove(i);
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	EXPECT_TRUE(Mutation::has(a, "ORDER-SKIPPED", 2, m.state("lockup_detector:online"))) << problems(a.report);
	EXPECT_EQ(count(a.report, "ORDER-SKIPPED"), 1u) << problems(a.report);
	// Without the states file it is found as well.
	auto b = audit_text(l.text());
	EXPECT_TRUE(Mutation::has(b, "ORDER-SKIPPED", 2, m.state("lockup_detector:online"))) << problems(b.report);
}

MUTATION_TEST(PrepTeardownMissing)
{
	Lines l = m.cycles();
	auto [i, x] = m.pair(l, {"cpuhp_enter", "cpu: 0003", "(timers_dead_cpu)"});
	l.remove(x);
	l.remove(i);
	auto a = audit_text(l.text(), m.states());
	EXPECT_TRUE(Mutation::has(a, "ORDER-SKIPPED", 3, m.state("timers:prepare"))) << problems(a.report);
}

MUTATION_TEST(FailureWithoutRollback)
{
	// The AP's own rollback after the injected failure at workqueue:online
	// (cpu2, the records with the AP_ONLINE_IDLE target) is cut out: the
	// startups that ran are never undone.
	Lines l = m.cycles();
	const std::string idle = m.k() == "6.1" ? "target: 154" : "target: 146";
	size_t removed = 0;
	for (long i; (i = l.find({"cpuhp_enter", "cpu: 0002", idle})) >= 0;) {
		long x = l.exit_of(static_cast<size_t>(i));
		ASSERT_GE(x, 0);
		l.remove(static_cast<size_t>(x));
		l.remove(static_cast<size_t>(i));
		++removed;
	}
	ASSERT_EQ(removed, m.k() == "6.1" ? 4u : 5u); // 6.12 also has tmigr:online
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	EXPECT_TRUE(Mutation::has(a, "ROLLBACK-NOT-UNDONE", 2, m.state("lockup_detector:online")))
	    << problems(a.report);
	EXPECT_TRUE(Mutation::has(a, "ROLLBACK-NOT-UNDONE", 2, m.state("smpboot/threads:online")))
	    << problems(a.report);
	EXPECT_EQ(count(a.report, "ROLLBACK-CLEAN"), 2u); // the other two still are
}

MUTATION_TEST(FailureWithNoRollbackAtAll)
{
	// Everything after bringup's -11 up to cpu2's next online is cut: the
	// CPU is left half up and the transition simply stops.
	Lines l = m.cycles();
	long fail = l.find({"cpuhp_exit", "cpu: 0002", "ret: -11"});
	ASSERT_GE(fail, 0);
	long next = l.find({"cpuhp_enter", "cpu: 0002", "step:   1 "}, 0, static_cast<size_t>(fail));
	ASSERT_GT(next, fail);
	const std::string idle = m.k() == "6.1" ? "target: 154" : "target: 146";
	for (long i; (i = l.find({"cpuhp_enter", "cpu: 0002", idle})) >= 0;) {
		l.remove(static_cast<size_t>(l.exit_of(static_cast<size_t>(i))));
		l.remove(static_cast<size_t>(i));
	}
	fail = l.find({"cpuhp_exit", "cpu: 0002", "ret: -11"});
	next = l.find({"cpuhp_enter", "cpu: 0002", "step:   1 "}, 0, static_cast<size_t>(fail));
	l.remove_range(static_cast<size_t>(fail) + 1, static_cast<size_t>(next));
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	EXPECT_TRUE(Mutation::has(a, "ROLLBACK-MISSING", 2)) << problems(a.report);
}

MUTATION_TEST(ApCallbackOnTheWrongCpu)
{
	Lines l = m.cycles();
	long i = l.find({"cpuhp/1-", "cpuhp_enter", "[001]"}, 3);
	ASSERT_GE(i, 0);
	l.replace(static_cast<size_t>(i), "[001]", "[000]");
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	const Finding *f = find(a.report, "PLACEMENT-AP-OFF-TARGET");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->cpu, 1);
	ASSERT_EQ(f->lines.size(), 1u);
	EXPECT_EQ(f->lines[0], static_cast<uint32_t>(i + 1));
	EXPECT_EQ(a.report.summary.errors, 1u) << problems(a.report);
}

MUTATION_TEST(PrepCallbackOnTheTarget)
{
	Lines l = m.cycles();
	long i = l.find({"cpuhp_enter", "cpu: 0001", "(timers_prepare_cpu)"});
	ASSERT_GE(i, 0);
	auto col = l.v[static_cast<size_t>(i)].find("] ");
	l.v[static_cast<size_t>(i)].replace(col - 3, 3, "001");
	auto a = audit_text(l.text(), m.states());
	EXPECT_TRUE(Mutation::has(a, "PLACEMENT-CONTROL-ON-TARGET", 1, m.state("timers:prepare")))
	    << problems(a.report);
}

MUTATION_TEST(ApStartupBeforePrepCompleted)
{
	// cpu1's first AP startup moved before the control CPU's bringup step.
	Lines l = m.cycles();
	auto [bi, bx] = m.pair(
	    l, {"cpuhp_enter", "cpu: 0001", "target: 236", m.k() == "6.1" ? "(bringup_cpu)" : "(cpuhp_bringup_ap)"});
	(void)bx;
	auto [ai, ax] = m.pair(l, {"cpuhp_enter", "cpu: 0001", "(smpboot_unpark_threads)"});
	auto enter = l.v[ai], exit = l.v[ax];
	l.remove(ax);
	l.remove(ai);
	l.v.insert(l.v.begin() + static_cast<long>(bi), exit);
	l.v.insert(l.v.begin() + static_cast<long>(bi), enter);
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	EXPECT_TRUE(Mutation::has(a, "SYNC-AP-OUTSIDE", 1, m.state("smpboot/threads:online"))) << problems(a.report);
}

MUTATION_TEST(DeadTeardownBeforeTheApFinished)
{
	// A DEAD teardown of cpu1 moved inside cpuhp_kick_ap_work.
	Lines l = m.cycles();
	long kick_exit = l.find({"cpuhp_exit", "cpu: 0001", "step: 236"});
	auto [di, dx] = m.pair(l, {"cpuhp_enter", "cpu: 0001", "(timers_dead_cpu)"});
	auto enter = l.v[di], exit = l.v[dx];
	l.remove(dx);
	l.remove(di);
	l.v.insert(l.v.begin() + kick_exit, exit);
	l.v.insert(l.v.begin() + kick_exit, enter);
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	EXPECT_TRUE(Mutation::has(a, "SYNC-CONTROL-INSIDE", 1, m.state("timers:prepare"))) << problems(a.report);
}

MUTATION_TEST(GapInTheRingBuffer)
{
	Lines l = m.cycles();
	auto [i, x] = m.pair(l, {"cpuhp_enter", "cpu: 0003", "(workqueue_offline_cpu)"});
	(void)i;
	l.remove(x);
	long h = l.find({"entries-in-buffer/entries-written:"});
	ASSERT_GE(h, 0);
	const std::string all = m.k() == "6.1" ? "840" : "950";
	const std::string kept = m.k() == "6.1" ? "839" : "949";
	l.replace(static_cast<size_t>(h), all + "/" + all, kept + "/" + all);
	auto a = audit_text(l.text(), m.states());
	EXPECT_EQ(a.exit, 1);
	const Finding *f = find(a.report, "COMPLETENESS-LOST");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->lines, std::vector<uint32_t>{3});
	EXPECT_EQ(a.report.summary.lost_records, 1u);
	// The lost exit itself shows as an enter that never returned.
	EXPECT_TRUE(Mutation::has(a, "COMPLETENESS-NO-EXIT", 3, m.state("workqueue:online"))) << problems(a.report);
}

MUTATION_TEST(CorruptedCpuhpLineIsAnInputError)
{
	Lines l = m.cycles();
	const size_t i = 99;
	ASSERT_NE(l.v[i].find("cpuhp_"), std::string::npos);
	l.replace(i, "step:", "stp:");
	auto a = audit_text(l.text(), m.states());
	ASSERT_TRUE(a.error);
	EXPECT_EQ(a.exit, exit_input_error);
	EXPECT_EQ(a.error->line, 100u);
	Lines t = m.cycles();
	t.v[i].resize(t.v[i].size() / 2);
	auto b = audit_text(t.text(), m.states());
	ASSERT_TRUE(b.error);
	EXPECT_EQ(b.error->line, 100u);
}

MUTATION_TEST(MissingEnterAndMissingExit)
{
	Lines l = m.cycles();
	auto [i, x] = m.pair(l, {"cpuhp_enter", "cpu: 0001", "(rcutree_dead_cpu)"});
	(void)x;
	l.remove(i);
	auto a = audit_text(l.text(), m.states());
	EXPECT_TRUE(Mutation::has(a, "COMPLETENESS-NO-ENTER", 1, m.state("RCU/tree:prepare"))) << problems(a.report);
	EXPECT_EQ(count(a.report, "ORDER-SKIPPED"), 0u) << problems(a.report);
}

MUTATION_TEST(TraceCutMidTransition)
{
	Lines l = m.cycles();
	long i = l.find({"cpuhp_enter", "cpu: 0003", "(workqueue_offline_cpu)"}, 1);
	ASSERT_GE(i, 0);
	l.v.resize(static_cast<size_t>(i) + 1);
	auto a = audit_text(l.text(), m.states());
	EXPECT_TRUE(find(a.report, "COMPLETENESS-OPEN-AT-END")) << problems(a.report);
	EXPECT_TRUE(find(a.report, "COMPLETENESS-UNFINISHED")) << problems(a.report);
	EXPECT_EQ(find(a.report, "COMPLETENESS-UNFINISHED")->severity, Severity::warning);
	EXPECT_EQ(a.exit, 1);
}

MUTATION_TEST(TraceJoinedMidTransition)
{
	Lines l = m.cycles();
	// Drop the first 20 records: the trace starts inside cpu1's offline.
	l.remove_range(12, 32);
	auto a = audit_text(l.text(), m.states());
	ASSERT_FALSE(a.error);
	EXPECT_TRUE(find(a.report, "COMPLETENESS-TRUNCATED")) << problems(a.report);
	EXPECT_EQ(a.report.summary.errors, 0u) << problems(a.report);
}

TEST(HpsmSampleMutation, CallbackFailureWithoutRollback)
{
	for (std::string k : {"6.1", "6.12"}) {
		Lines l = Lines::fixture(k + "/ftrace-hpsm-sample.txt");
		const std::string idle = k == "6.1" ? "target: 154" : "target: 146";
		for (long i; (i = l.find({"cpuhp_enter", "cpu: 0001", idle})) >= 0;) {
			long x = l.exit_of(static_cast<size_t>(i));
			l.remove(static_cast<size_t>(x));
			l.remove(static_cast<size_t>(i));
		}
		auto a = audit_text(l.text(), read_file(fixture_path(k + "/hotplug-states-hpsm.txt")));
		EXPECT_EQ(a.exit, 1) << k;
		EXPECT_TRUE(find(a.report, "ROLLBACK-NOT-UNDONE")) << k << problems(a.report);
		EXPECT_FALSE(find(a.report, "ROLLBACK-CLEAN")) << k;
	}
}

TEST(HpsmSampleMutation, RollbackUndoesTheFailingState)
{
	// The kernel never undoes the step that failed: a teardown of
	// hpsm:init_hw in its own rollback is a defect.
	Lines l = Lines::fixture("6.1/ftrace-hpsm-sample.txt");
	long fail = l.find({"cpuhp_exit", "ret: -5"});
	ASSERT_GE(fail, 0);
	std::string enter =
	    "         cpuhp/1-19      [001] .....     6.727700: cpuhp_enter: cpu: 0001 target: 154 step: 210 "
	    "(hpsm_down_INIT_HW [hpsm])";
	std::string exit =
	    "         cpuhp/1-19      [001] .....     6.727800: cpuhp_exit:  cpu: 0001  state: 209 step: 210 ret: 0";
	l.v.insert(l.v.begin() + fail + 1, exit);
	l.v.insert(l.v.begin() + fail + 1, enter);
	auto a = audit_text(l.text(), read_file(fixture_path("6.1/hotplug-states-hpsm.txt")));
	const Finding *f = find(a.report, "ORDER-ROLLBACK-EXTRA");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->state, 210);
	EXPECT_NE(f->message.find("failing state itself"), std::string::npos) << f->message;
}

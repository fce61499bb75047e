// Every check on traces written by the kernel model (model.h): traces that
// must pass and traces that must fail, one defect at a time.
#include <gtest/gtest.h>

#include "audit/analysis.h"
#include "model.h"
#include "testlib.h"

using namespace audit_test;

namespace {

// Two full cycles of cpu1 and cpu2: the baseline every test starts from.
Model cycles()
{
	Model m;
	for (unsigned cpu : {1u, 2u}) {
		m.down(cpu);
		m.up(cpu);
	}
	return m;
}

Audited run(const Model &m, AuditOptions o = {})
{
	return audit_text(m.text(), m.states_text(), std::move(o));
}

Audited run(const Lines &l, const Model &m, AuditOptions o = {})
{
	return audit_text(l.text(), m.states_text(), std::move(o));
}

Lines lines(const Model &m)
{
	return Lines::of(m.text());
}

} // namespace

// ---- the model itself ----

TEST(Model, CyclesAreClean)
{
	auto a = run(cycles());
	ASSERT_FALSE(a.error);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(a.report.summary.transitions, 4u);
	// Also with names unknown and anchors taken from the trace.
	auto b = audit_text(cycles().text());
	EXPECT_EQ(b.exit, 0) << problems(b.report);
}

// ---- ORDER ----

TEST(Order, IncreasingStartupsAndDecreasingTeardownsPass)
{
	auto a = run(cycles());
	EXPECT_EQ(count(a.report, "ORDER-SEQUENCE"), 0u);
	EXPECT_EQ(count(a.report, "ORDER-SKIPPED"), 0u);
}

TEST(Order, StartupsOutOfOrderFail)
{
	Model m = cycles();
	Lines l = lines(m);
	long a1 = l.find({"cpu: 0002", "(workqueue_online_cpu)"});
	long a2 = l.find({"cpu: 0002", "(cacheinfo_cpu_online)"});
	std::swap(l.v[static_cast<size_t>(a1)], l.v[static_cast<size_t>(a2)]);
	std::swap(l.v[static_cast<size_t>(a1) + 1], l.v[static_cast<size_t>(a2) + 1]);
	auto a = run(l, m);
	// 24 and 25 both ran after 26 had: each is a finding.
	ASSERT_EQ(count(a.report, "ORDER-SEQUENCE"), 2u) << problems(a.report);
	for (const auto &f : a.report.findings)
		if (f.id == "ORDER-SEQUENCE") {
			EXPECT_EQ(f.cpu, 2);
			EXPECT_TRUE(f.state == 24 || f.state == 25);
			EXPECT_EQ(f.direction, "startup");
		}
	EXPECT_EQ(a.exit, 1);
}

TEST(Order, MultiInstanceRepeatsPass)
{
	Model m;
	m.states.insert(m.states.begin() + 4, ModelState{3, "trace/RB:prepare", "trace_rb_cpu_prepare", ""});
	m.states.erase(m.states.begin() + 3); // slub:dead moves aside for it
	m.down(1);
	m.up(1);
	Lines l = lines(m);
	// Three instances, as the kernel's trace_rb_cpu_prepare shows.
	long i = l.find({"(trace_rb_cpu_prepare)"});
	ASSERT_GE(i, 0);
	l.replace(static_cast<size_t>(i), "cpuhp_enter", "cpuhp_multi_enter");
	auto enter = l.v[static_cast<size_t>(i)], exit = l.v[static_cast<size_t>(i) + 1];
	for (int k = 0; k < 2; ++k) {
		l.v.insert(l.v.begin() + i + 2, exit);
		l.v.insert(l.v.begin() + i + 2, enter);
	}
	auto a = run(l, m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	// A plain enter repeated is not an instance.
	l.replace(static_cast<size_t>(i) + 2, "cpuhp_multi_enter", "cpuhp_enter");
	auto b = run(l, m);
	EXPECT_TRUE(find(b.report, "ORDER-SEQUENCE")) << problems(b.report);
}

TEST(Order, SkippedTeardownFails)
{
	Model m = cycles();
	Lines l = lines(m);
	long i = l.find({"cpu: 0002", "(cacheinfo_cpu_pre_down)"});
	l.remove(static_cast<size_t>(i) + 1);
	l.remove(static_cast<size_t>(i));
	auto a = run(l, m);
	const Finding *f = find(a.report, "ORDER-SKIPPED");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->cpu, 2);
	EXPECT_EQ(f->state, 26);
	EXPECT_EQ(f->direction, "teardown");
}

TEST(Order, SkippedInTheFirstTransitionIsFoundFromLaterOnes)
{
	Model m = cycles();
	Lines l = lines(m);
	long i = l.find({"cpu: 0001", "(rcutree_dead_cpu)"});
	l.remove(static_cast<size_t>(i) + 1);
	l.remove(static_cast<size_t>(i));
	auto a = run(l, m);
	const Finding *f = find(a.report, "ORDER-SKIPPED");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->state, 4);
}

TEST(Order, StateInstalledLaterIsNotSkippedEarlier)
{
	// A state that appears through an install call mid-trace did not exist
	// in the transitions before it.
	Model m;
	m.states.insert(m.states.end() - 2, ModelState{27, "late:online", "late_on", "late_off"});
	m.down(1);
	m.up(1);
	Model m2 = m;
	m2.install_call(1, 27);
	m2.down(1);
	m2.up(1);
	// Strip late:online's records from the first cycle: it was installed after.
	Lines l = lines(m2);
	for (int k = 0; k < 2; ++k) {
		long i = l.find({"(late_"});
		l.remove(static_cast<size_t>(i) + 1);
		l.remove(static_cast<size_t>(i));
	}
	auto a = run(l, m2);
	EXPECT_EQ(count(a.report, "ORDER-SKIPPED"), 0u) << problems(a.report);
	EXPECT_EQ(a.report.summary.calls, 1u);
}

// ---- SYMMETRY ----

TEST(Symmetry, KernelOneSidedStatesAreInformation)
{
	auto a = run(cycles());
	EXPECT_EQ(a.exit, 0);
	const Finding *f = find(a.report, "SYMMETRY-ONE-SIDED");
	ASSERT_TRUE(f);
	EXPECT_EQ(f->severity, Severity::info);
	size_t n = 0;
	for (const auto &r : a.report.layout)
		n += r.verdict == Verdict::one_sided;
	EXPECT_EQ(n, 6u); // threads, slub, relay, cpu:teardown, waitempty, random
}

TEST(Symmetry, UndeclaredOneSidedHpsmStateFails)
{
	Model m;
	m.states.insert(m.states.end() - 2, ModelState{27, "hpsm:enable", "hpsm_up_ENABLE [hpsm]", ""});
	m.down(1);
	m.up(1);
	m.down(1);
	auto a = run(m);
	const Finding *f = find(a.report, "SYMMETRY-UNDECLARED");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->state, 27);
	EXPECT_EQ(f->severity, Severity::warning);
	EXPECT_EQ(a.exit, 1);
}

TEST(Symmetry, DeclaredOneSidedHpsmStatePassesWithItsReason)
{
	Model m;
	m.states.insert(m.states.end() - 2, ModelState{27, "hpsm:enable", "hpsm_up_ENABLE [hpsm]", ""});
	m.down(1);
	m.up(1);
	m.down(1);
	AuditOptions o;
	o.declared_asymmetric["hpsm:enable"] = "the enable bit is cleared by the hardware on offline";
	auto a = run(m, o);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	const Finding *f = find(a.report, "SYMMETRY-DECLARED");
	ASSERT_TRUE(f);
	EXPECT_NE(f->message.find("cleared by the hardware"), std::string::npos);
	ASSERT_EQ(a.report.summary.declared_asymmetric.size(), 1u);
	bool row = false;
	for (const auto &r : a.report.layout)
		if (r.state == 27) {
			row = true;
			EXPECT_EQ(r.verdict, Verdict::declared);
			EXPECT_EQ(r.reason, "the enable bit is cleared by the hardware on offline");
		}
	EXPECT_TRUE(row);
}

TEST(Symmetry, SeenOnceAndNeverUndoneFails)
{
	// One online and nothing else: no startup was ever undone and nothing
	// shows a teardown would not have been.
	Model m;
	m.up(1);
	auto a = run(m);
	const Finding *f = find(a.report, "SYMMETRY-ONCE");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->severity, Severity::warning);
	EXPECT_EQ(a.exit, 1);
}

// ---- ROLLBACK ----

TEST(Rollback, InjectedApFailureRollsBackCleanly)
{
	Model m = cycles();
	m.down(1);
	m.up_fail(1, 24);
	m.up(1);
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	const Finding *f = find(a.report, "ROLLBACK-CLEAN");
	ASSERT_TRUE(f);
	EXPECT_EQ(f->state, 24); // inferred
	EXPECT_EQ(a.report.summary.rolled_back, 1u);
}

TEST(Rollback, InjectedPrepFailureRollsBackCleanly)
{
	Model m = cycles();
	m.down(2);
	m.up_fail(2, 4);
	m.up(2);
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(find(a.report, "ROLLBACK-CLEAN")->state, 4);
}

TEST(Rollback, InjectedDownFailureRollsBackCleanly)
{
	Model m = cycles();
	m.down_fail(1, 24);
	m.down(1);
	m.up(1);
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(find(a.report, "ROLLBACK-CLEAN")->state, 24);
}

TEST(Rollback, FailingCallbackRollsBackCleanly)
{
	Model m = cycles();
	m.down(1);
	m.up_callback_fails(1, 26, -5);
	m.up(1);
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(find(a.report, "ROLLBACK-CLEAN")->state, 26);
}

TEST(Rollback, FailedTakedownReKicksTheApCleanly)
{
	Model m = cycles();
	m.down_takedown_fails(1, -16);
	m.down(1);
	m.up(1);
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	const Finding *f = find(a.report, "ROLLBACK-CLEAN");
	ASSERT_TRUE(f);
	EXPECT_EQ(f->state, Model::teardown);
	EXPECT_NE(f->message.find("ret -16 from takedown_cpu"), std::string::npos) << f->message;
	EXPECT_EQ(a.report.summary.rolled_back, 1u);
}

TEST(Rollback, FailedBringupBeforeTheApRanRollsBackCleanly)
{
	Model m = cycles();
	m.down(2);
	m.up_bringup_fails(2, -5);
	m.up(2);
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	const Finding *f = find(a.report, "ROLLBACK-CLEAN");
	ASSERT_TRUE(f);
	EXPECT_EQ(f->state, Model::bringup);
	// cpu:bringup never completed, so finish_cpu must not run in the rollback.
	Lines l = lines(m);
	long fail = l.find({"ret: -5"});
	ASSERT_GE(fail, 0);
	l.v.insert(l.v.begin() + fail + 1,
	           "sh-110 [000] ..... 9.000001: cpuhp_exit:  cpu: 0002  state:   9 step:  10 ret: 0");
	l.v.insert(l.v.begin() + fail + 1,
	           "sh-110 [000] ..... 9.000000: cpuhp_enter: cpu: 0002 target:   0 step:  10 (finish_cpu)");
	auto b = run(l, m);
	const Finding *x = find(b.report, "ORDER-ROLLBACK-EXTRA");
	ASSERT_TRUE(x) << problems(b.report);
	EXPECT_EQ(x->state, Model::bringup);
}

TEST(Rollback, StartupNotUndoneFails)
{
	Model m = cycles();
	m.down(1);
	m.up_fail(1, 29);
	m.up(1);
	Lines l = lines(m);
	long i = l.find({"target:  21", "(workqueue_offline_cpu)"});
	ASSERT_GE(i, 0);
	l.remove(static_cast<size_t>(i) + 1);
	l.remove(static_cast<size_t>(i));
	auto a = run(l, m);
	const Finding *f = find(a.report, "ROLLBACK-NOT-UNDONE");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->state, 24);
	EXPECT_EQ(f->check, Check::rollback);
	EXPECT_EQ(a.exit, 1);
}

TEST(Rollback, UndoingWhatNeverRanFails)
{
	Model m = cycles();
	m.down(1);
	m.up_fail(1, 24); // 24 never started: its teardown must not run
	m.up(1);
	Lines l = lines(m);
	long i = l.find({"target:  21", "(sched_cpu_wait_empty)"});
	ASSERT_GE(i, 0);
	l.v.insert(l.v.begin() + i,
	           "cpuhp/1-21 [001] ..... 9.000001: cpuhp_exit:  cpu: 0001  state:  23 step:  24 ret: 0");
	l.v.insert(
	    l.v.begin() + i,
	    "cpuhp/1-21 [001] ..... 9.000000: cpuhp_enter: cpu: 0001 target:  21 step:  24 (workqueue_offline_cpu)");
	auto a = run(l, m);
	const Finding *f = find(a.report, "ORDER-ROLLBACK-EXTRA");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->state, 24);
}

TEST(Rollback, FailureWithoutAnyRollbackFails)
{
	Model m = cycles();
	m.down(1);
	m.up_callback_fails(1, 26, -5);
	Lines l = lines(m);
	long fail = l.find({"ret: -5"});
	l.v.resize(static_cast<size_t>(fail) + 1);
	l.v.push_back("sh-110 [000] ..... 9.000000: cpuhp_exit:  cpu: 0001  state:  26 step:  10 ret: -5");
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "ROLLBACK-MISSING")) << problems(a.report);
	EXPECT_EQ(a.exit, 1);
}

TEST(Rollback, RollbackThatStopsHalfwayFails)
{
	Model m = cycles();
	m.down(2);
	m.up_fail(2, 5);
	m.up(2);
	Lines l = lines(m);
	// Cut the end of the rollback (rcu and perf teardowns) of cpu2.
	long i = l.find({"cpu: 0002", "target:   0", "(rcutree_dead_cpu)"}, 2);
	ASSERT_GE(i, 0);
	l.remove_range(static_cast<size_t>(i) + 2, static_cast<size_t>(i) + 6);
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "ROLLBACK-END") || find(a.report, "ROLLBACK-NOT-UNDONE")) << problems(a.report);
	EXPECT_EQ(a.exit, 1);
}

TEST(Rollback, RollbackStepFailingFails)
{
	Model m = cycles();
	m.down(1);
	m.up_fail(1, 29);
	Lines l = lines(m);
	long i = l.find({"target:  21", "(cacheinfo_cpu_pre_down)"});
	l.replace(static_cast<size_t>(i) + 1, "ret: 0", "ret: -16");
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "ROLLBACK-FAILED")) << problems(a.report);
}

TEST(Rollback, FinalStateIsComparedWithSysfs)
{
	Model m = cycles();
	m.down(2);
	AuditOptions ok;
	ok.final_online = {{1, true}, {2, false}};
	EXPECT_EQ(run(m, ok).exit, 0);
	AuditOptions bad;
	bad.final_online = {{1, true}, {2, true}};
	auto a = run(m, bad);
	const Finding *f = find(a.report, "ROLLBACK-SYSFS");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->cpu, 2);
}

// ---- PLACEMENT ----

TEST(Placement, ControlAndApCallbacksWhereTheyBelongPass)
{
	auto a = run(cycles());
	EXPECT_EQ(count(a.report, "PLACEMENT-AP-OFF-TARGET"), 0u);
	EXPECT_EQ(count(a.report, "PLACEMENT-CONTROL-ON-TARGET"), 0u);
}

TEST(Placement, ApCallbackOffTargetFails)
{
	Model m = cycles();
	Lines l = lines(m);
	long i = l.find({"cpu: 0002", "(random_online_cpu)"});
	l.replace(static_cast<size_t>(i), "[002]", "[003]");
	auto a = run(l, m);
	const Finding *f = find(a.report, "PLACEMENT-AP-OFF-TARGET");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->state, 25);
	EXPECT_NE(f->message.find("ran on cpu3"), std::string::npos);
}

TEST(Placement, KickAndTakedownOnTargetFail)
{
	Model m = cycles();
	Lines l = lines(m);
	l.replace(static_cast<size_t>(l.find({"cpu: 0001", "(cpuhp_kick_ap_work)"})), "[000]", "[001]");
	l.replace(static_cast<size_t>(l.find({"cpu: 0001", "(takedown_cpu)"})), "[000]", "[001]");
	auto a = run(l, m);
	EXPECT_EQ(count(a.report, "PLACEMENT-CONTROL-ON-TARGET"), 2u) << problems(a.report);
}

TEST(Placement, InstallingAPrepStateOnTheCallerPasses)
{
	Model m = cycles();
	m.install_call(0, 4); // cpuhp_setup_state() run on cpu0 for cpu0
	auto a = run(m);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(a.report.summary.calls, 1u);
}

// ---- SYNC ----

TEST(Sync, NestedApWorkPasses)
{
	auto a = run(cycles());
	EXPECT_EQ(count(a.report, "SYNC-AP-OUTSIDE"), 0u);
	EXPECT_EQ(count(a.report, "SYNC-CONTROL-INSIDE"), 0u);
}

TEST(Sync, ApStartupAfterBringupReturnedFails)
{
	Model m = cycles();
	Lines l = lines(m);
	long i = l.find({"cpu: 0001", "(sched_cpu_activate)"});
	auto enter = l.v[static_cast<size_t>(i)], exit = l.v[static_cast<size_t>(i) + 1];
	long b = l.exit_of(static_cast<size_t>(l.find({"cpu: 0001", "(bringup_cpu)"})));
	l.v.insert(l.v.begin() + b + 1, exit);
	l.v.insert(l.v.begin() + b + 1, enter);
	l.remove(static_cast<size_t>(i) + 1);
	l.remove(static_cast<size_t>(i));
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "SYNC-AP-OUTSIDE")) << problems(a.report);
}

TEST(Sync, PrepTeardownDuringApTeardownFails)
{
	Model m = cycles();
	Lines l = lines(m);
	long i = l.find({"cpu: 0002", "(rcutree_dead_cpu)"});
	auto enter = l.v[static_cast<size_t>(i)], exit = l.v[static_cast<size_t>(i) + 1];
	l.remove(static_cast<size_t>(i) + 1);
	l.remove(static_cast<size_t>(i));
	long k = l.find({"cpu: 0002", "(sched_cpu_wait_empty)"});
	l.v.insert(l.v.begin() + k, exit);
	l.v.insert(l.v.begin() + k, enter);
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "SYNC-CONTROL-INSIDE")) << problems(a.report);
	EXPECT_EQ(a.exit, 1);
}

// ---- COMPLETENESS ----

TEST(Completeness, WholeTracePasses)
{
	auto a = run(cycles());
	for (const auto &f : a.report.findings)
		EXPECT_NE(f.check, Check::completeness) << f.id;
}

TEST(Completeness, MissingExitFails)
{
	Model m = cycles();
	Lines l = lines(m);
	long i = l.find({"cpu: 0001", "(perf_event_exit_cpu)"});
	l.remove(static_cast<size_t>(i) + 1);
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "COMPLETENESS-NO-EXIT")) << problems(a.report);
}

TEST(Completeness, MissingTransitionFails)
{
	Model m;
	m.down(1);
	m.up(1);
	m.down(1);
	Lines l = lines(m);
	// Drop cpu1's online: two offlines in a row.
	long from = l.find({"cpu: 0001", "(smpboot_create_threads)"});
	long to = l.exit_of(static_cast<size_t>(l.find({"cpu: 0001", "(bringup_cpu)"})));
	l.remove_range(static_cast<size_t>(from), static_cast<size_t>(to) + 1);
	auto a = run(l, m);
	EXPECT_TRUE(find(a.report, "COMPLETENESS-UNTRACED")) << problems(a.report);
}

TEST(Completeness, OfflineCutAfterTheKickIsUnfinished)
{
	// The AP reached cpu:teardown (the kick's own target), the takedown never
	// came: that offline did not finish.
	Model m = cycles();
	m.down(1);
	Lines l = lines(m);
	long kick_exit = l.exit_of(static_cast<size_t>(l.find({"cpu: 0001", "(cpuhp_kick_ap_work)"}, 1)));
	l.v.resize(static_cast<size_t>(kick_exit) + 1);
	auto a = run(l, m);
	const Finding *f = find(a.report, "COMPLETENESS-UNFINISHED");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->severity, Severity::warning);
	const TransitionRow *last = nullptr;
	for (const auto &t : a.report.transitions)
		if (t.cpu == 1)
			last = &t;
	ASSERT_TRUE(last);
	EXPECT_EQ(last->result, "unfinished");
	EXPECT_EQ(last->end, Model::teardown);
}

TEST(Completeness, LossesAndGapsAreReported)
{
	Model m = cycles();
	Lines l = lines(m);
	l.v.insert(l.v.begin() + 30, "CPU:1 [LOST 12 EVENTS]");
	auto a = run(l, m);
	const Finding *f = find(a.report, "COMPLETENESS-LOST");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_EQ(f->lines, std::vector<uint32_t>{31});
	EXPECT_EQ(a.report.summary.lost_records, 12u);
	EXPECT_EQ(a.exit, 1);

	// Sequence gaps, for sources that number their records.
	Trace t;
	ASSERT_FALSE(read_ftrace_text(m.text(), "t", t));
	t.events[10].seq += 5;
	for (size_t k = 11; k < t.events.size(); ++k)
		t.events[k].seq += 5;
	auto r = run_audit(t, {});
	const Finding *g = find(r, "COMPLETENESS-SEQ-GAP");
	ASSERT_TRUE(g) << problems(r);
	EXPECT_NE(g->message.find("5 records are missing"), std::string::npos);
}

TEST(Completeness, EmptyTraceIsAFinding)
{
	auto a = audit_text("# tracer: nop\n#\n  bash-1 [000] ..... 1.0: sched_switch: x\n");
	ASSERT_FALSE(a.error);
	EXPECT_TRUE(find(a.report, "COMPLETENESS-EMPTY"));
	EXPECT_EQ(a.exit, 1);
}

// ---- LATENCY ----

TEST(Latency, StatsAreNearestRank)
{
	std::vector<uint64_t> v;
	for (uint64_t i = 100; i >= 1; --i)
		v.push_back(i * 1000);
	auto s = hpsmctl::audit::detail::latency_stats(v);
	EXPECT_EQ(s.count, 100u);
	EXPECT_EQ(s.p50, 50000u);
	EXPECT_EQ(s.p99, 99000u);
	EXPECT_EQ(s.max, 100000u);
	std::vector<uint64_t> one{7};
	auto o = hpsmctl::audit::detail::latency_stats(one);
	EXPECT_EQ(o.p50, 7u);
	EXPECT_EQ(o.p99, 7u);
}

TEST(Latency, WithinBudgetPasses)
{
	AuditOptions o;
	Budget b;
	ASSERT_FALSE(parse_budget("sched:active=1s", b));
	o.budgets.push_back(b);
	auto a = run(cycles(), o);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
}

TEST(Latency, OverBudgetFails)
{
	AuditOptions o;
	Budget b, c, d;
	ASSERT_FALSE(parse_budget("sched:active=1ns", b));
	ASSERT_FALSE(parse_budget("bringup_cpu=2ns", c));
	ASSERT_FALSE(parse_budget("no:such=1ms", d));
	o.budgets = {b, c, d};
	auto a = run(cycles(), o);
	EXPECT_EQ(a.exit, 1);
	size_t n = 0;
	for (const auto &f : a.report.findings)
		if (f.id == "LATENCY-BUDGET") {
			++n;
			EXPECT_EQ(f.severity, Severity::warning);
			EXPECT_FALSE(f.lines.empty());
		}
	EXPECT_EQ(n, 3u); // sched:active both ways, bringup_cpu's startup
	const Finding *u = find(a.report, "LATENCY-BUDGET-UNMATCHED");
	ASSERT_TRUE(u);
	EXPECT_EQ(u->severity, Severity::info);
}

TEST(Latency, DurationsComeFromTheRecords)
{
	auto a = run(cycles());
	for (const auto &r : a.report.layout)
		if (r.name == "workqueue:online") {
			EXPECT_EQ(r.startup_latency.count, 2u);
			EXPECT_EQ(r.startup_latency.p50, 5000u); // the model's exits come 5us after the enters
			EXPECT_EQ(r.teardown_latency.max, 5000u);
		}
}

// ---- other readers: events straight into a Trace ----

TEST(Seam, EventsFromAnyReaderAreAudited)
{
	// What a reader of hpsm's own trace will hand over: kernel records
	// without line numbers, and hpsm's callbacks nested inside its state.
	Model m;
	m.down(1);
	m.up(1);
	Trace from_text;
	ASSERT_FALSE(read_ftrace_text(m.text(), "model", from_text));
	Trace t;
	t.source = "hpsm-trace";
	t.format = "hpsm-json";
	for (const Event &e : from_text.events) {
		Event c = e;
		c.line = 0;
		c.seq = t.events.size() + 100;
		if (e.sym)
			c.sym = t.symbols.intern(from_text.symbols.name(e.sym));
		t.events.push_back(c);
	}
	auto add = [&](Kind k, uint64_t ts, const char *sym) {
		Event e{};
		e.seq = t.events.size() + 100;
		e.ts_ns = ts;
		e.cpu = e.on_cpu = 1;
		e.state = 24;
		e.kind = k;
		e.sym = t.symbols.intern(sym);
		t.events.push_back(e);
	};
	const uint64_t ts = t.events.back().ts_ns;
	add(Kind::HpsmEnter, ts + 1000, "sample_timer_up");
	add(Kind::HpsmExit, ts + 4000, "sample_timer_up");
	add(Kind::HpsmSync, ts + 5000, "sync_down");
	AuditOptions o;
	StateTable st;
	ASSERT_FALSE(read_states_text(m.states_text(), "states", st));
	o.states = st;
	Report r = run_audit(t, o);
	EXPECT_EQ(exit_code(r), 0) << problems(r);
	EXPECT_EQ(r.summary.hpsm_records, 3u);
	ASSERT_EQ(r.summary.hpsm_callbacks.size(), 1u);
	EXPECT_EQ(r.summary.hpsm_callbacks[0].symbol, "sample_timer_up");
	EXPECT_EQ(r.summary.hpsm_callbacks[0].latency.max, 3000u);
	// Evidence is given as sequence numbers when there are no lines.
	add(Kind::HpsmExit, ts + 9000, "sample_timer_up");
	Report r2 = run_audit(t, o);
	const Finding *f = find(r2, "COMPLETENESS-NO-ENTER");
	ASSERT_TRUE(f) << problems(r2);
	EXPECT_EQ(f->lines, std::vector<uint32_t>{0});
	EXPECT_NE(render_text(r2).find("[seq "), std::string::npos);
}

// The real captures from the test box audit clean on both kernels, with and
// without the states file, including the kernel's fail-injection rollbacks
// and the hpsm sample's failing callback; and the engine reads out of them
// what happened.
#include <gtest/gtest.h>

#include "testlib.h"

using namespace audit_test;

namespace {

struct Capture {
	std::string kernel;
	std::string trace;
	std::string states;
};

std::vector<Capture> captures()
{
	std::vector<Capture> v;
	for (std::string k : {"6.1", "6.12"}) {
		v.push_back({k, k + "/ftrace-cycles-fail.txt", k + "/hotplug-states.txt"});
		v.push_back({k, k + "/ftrace-hpsm-sample.txt", k + "/hotplug-states-hpsm.txt"});
	}
	return v;
}

const TransitionRow *failed_transition(const Report &r, uint32_t cpu, std::string_view dir, int n = 0)
{
	for (const auto &t : r.transitions)
		if (t.cpu == cpu && t.direction == dir && t.failed_state >= 0 && n-- == 0)
			return &t;
	return nullptr;
}

const LayoutRow *row(const Report &r, std::string_view name)
{
	for (const auto &l : r.layout)
		if (l.name == name)
			return &l;
	return nullptr;
}

} // namespace

namespace {

void expect_clean(const Capture &c, bool with_states)
{
	SCOPED_TRACE(c.trace + (with_states ? " with " + c.states : " alone"));
	auto a = audit_fixture(c.trace, with_states ? c.states : "");
	ASSERT_FALSE(a.error) << a.error->to_string();
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(a.report.summary.errors, 0u) << problems(a.report);
	EXPECT_EQ(a.report.summary.warnings, 0u) << problems(a.report);
	EXPECT_EQ(a.report.summary.unfinished, 0u);
	EXPECT_EQ(a.report.summary.failed, 0u);
	for (const auto &t : a.report.transitions)
		EXPECT_TRUE(t.result == "complete" || t.result == "rolled-back") << t.result;
}

} // namespace

// Each capture, with its states file and from the trace alone.
TEST(FixtureClean, Cycles61)
{
	for (bool s : {true, false})
		expect_clean(captures()[0], s);
}

TEST(FixtureClean, HpsmSample61)
{
	for (bool s : {true, false})
		expect_clean(captures()[1], s);
}

TEST(FixtureClean, Cycles612)
{
	for (bool s : {true, false})
		expect_clean(captures()[2], s);
}

TEST(FixtureClean, HpsmSample612)
{
	for (bool s : {true, false})
		expect_clean(captures()[3], s);
}

TEST(Fixture, Cycles61RollbacksAreFoundAndInferred)
{
	auto a = audit_fixture("6.1/ftrace-cycles-fail.txt", "6.1/hotplug-states.txt");
	const auto &s = a.report.summary;
	EXPECT_EQ(s.transitions, 13u);
	EXPECT_EQ(s.up, 7u);
	EXPECT_EQ(s.down, 6u);
	EXPECT_EQ(s.rolled_back, 3u);
	EXPECT_EQ(count(a.report, "ROLLBACK-CLEAN"), 3u);
	// cpu2 up with hotplug/fail at workqueue:online: the failing state leaves
	// no record; bringup_cpu carries the -11 after the AP's own rollback.
	auto *up = failed_transition(a.report, 2, "up");
	ASSERT_TRUE(up);
	EXPECT_EQ(up->failed_state, 197);
	EXPECT_TRUE(up->failure_inferred);
	EXPECT_EQ(up->ret, -11);
	EXPECT_EQ(up->ret_line, 524u);
	EXPECT_EQ(up->end, 0);
	// cpu2 down failing at the same state: re-up inside cpuhp_kick_ap_work.
	auto *down = failed_transition(a.report, 2, "down");
	ASSERT_TRUE(down);
	EXPECT_EQ(down->failed_state, 197);
	EXPECT_EQ(down->ret, -11);
	EXPECT_EQ(down->end, 236);
	EXPECT_EQ(down->result, "rolled-back");
	// cpu3 up failing at RCU/tree:prepare: a PREP failure traces no error at all.
	auto *prep = failed_transition(a.report, 3, "up");
	ASSERT_TRUE(prep);
	EXPECT_EQ(prep->failed_state, 50);
	EXPECT_EQ(prep->ret, 0);
	EXPECT_EQ(prep->result, "rolled-back");
}

TEST(Fixture, Cycles612RollbacksAreFoundAndInferred)
{
	auto a = audit_fixture("6.12/ftrace-cycles-fail.txt", "6.12/hotplug-states.txt");
	EXPECT_EQ(a.report.summary.transitions, 13u);
	EXPECT_EQ(a.report.summary.rolled_back, 3u);
	auto *up = failed_transition(a.report, 2, "up");
	ASSERT_TRUE(up);
	EXPECT_EQ(up->failed_state, 188); // workqueue:online on 6.12
	EXPECT_EQ(up->ret, -11);
	auto *down = failed_transition(a.report, 2, "down");
	ASSERT_TRUE(down);
	EXPECT_EQ(down->failed_state, 188);
	auto *prep = failed_transition(a.report, 3, "up");
	ASSERT_TRUE(prep);
	EXPECT_EQ(prep->failed_state, 45); // RCU/tree:prepare on 6.12
}

TEST(Fixture, HpsmSampleFailureIsTracedAndRolledBack)
{
	for (auto [k, state] : {std::pair{"6.1", 210}, std::pair{"6.12", 202}}) {
		auto a = audit_fixture(std::string(k) + "/ftrace-hpsm-sample.txt",
		                       std::string(k) + "/hotplug-states-hpsm.txt");
		EXPECT_EQ(a.report.summary.transitions, 5u) << k;
		EXPECT_EQ(a.report.summary.rolled_back, 1u) << k;
		auto *up = failed_transition(a.report, 1, "up");
		ASSERT_TRUE(up) << k;
		EXPECT_EQ(up->failed_state, state) << k; // hpsm:init_hw, with its own tracepoint
		EXPECT_FALSE(up->failure_inferred) << k;
		EXPECT_EQ(up->ret, -5) << k;
		auto *r = row(a.report, "hpsm:init_hw");
		ASSERT_TRUE(r);
		EXPECT_EQ(r->verdict, Verdict::symmetric);
		EXPECT_EQ(r->section, Section::init);
	}
}

TEST(Fixture, LayoutClassifiesTheKernelsOneSidedStates)
{
	auto a = audit_fixture("6.12/ftrace-cycles-fail.txt", "6.12/hotplug-states.txt");
	auto *kick = row(a.report, "cpu:kick_ap");
	ASSERT_TRUE(kick);
	EXPECT_EQ(kick->verdict, Verdict::one_sided);
	EXPECT_EQ(kick->startup_symbols, std::vector<std::string>{"cpuhp_kick_ap_alive"});
	EXPECT_EQ(kick->section, Section::sync);
	auto *wait = row(a.report, "sched:waitempty");
	ASSERT_TRUE(wait);
	EXPECT_EQ(wait->verdict, Verdict::one_sided);
	EXPECT_TRUE(wait->startup_symbols.empty());
	auto *td = row(a.report, "cpu:teardown");
	ASSERT_TRUE(td);
	EXPECT_EQ(td->teardown_symbols, std::vector<std::string>{"takedown_cpu"});
	auto *bringup = row(a.report, "cpu:bringup");
	ASSERT_TRUE(bringup);
	EXPECT_EQ(bringup->verdict, Verdict::symmetric);
	EXPECT_EQ(bringup->teardown_symbols, std::vector<std::string>{"finish_cpu"});
	auto *tick = row(a.report, "tick:dying");
	ASSERT_TRUE(tick);
	EXPECT_EQ(tick->verdict, Verdict::untraced);
	auto *wq = row(a.report, "workqueue:online");
	ASSERT_TRUE(wq);
	EXPECT_EQ(wq->verdict, Verdict::symmetric);
	EXPECT_GT(wq->startup_latency.count, 0u);
	EXPECT_LE(wq->startup_latency.p50, wq->startup_latency.p99);
	EXPECT_LE(wq->startup_latency.p99, wq->startup_latency.max);
	// Every state of the states file has a row.
	EXPECT_GE(a.report.layout.size(), 68u);
}

TEST(Fixture, BringupExitMayComeFromTheActivatedCpu)
{
	// 6.12: the control task waiting in cpuhp_bringup_ap was woken on the
	// freshly activated cpu1, so the exit record of cpu:bringup is emitted
	// on the hotplugged CPU.  That is not a placement defect.
	Lines l = Lines::fixture("6.12/ftrace-hpsm-sample.txt");
	ASSERT_NE(l.v[185].find("[001]"), std::string::npos);
	ASSERT_NE(l.v[185].find("step:  86"), std::string::npos);
	auto a = audit_text(l.text());
	EXPECT_EQ(count(a.report, "PLACEMENT-CONTROL-ON-TARGET"), 0u) << problems(a.report);
	// Its enter on cpu1 would be one.
	long enter = l.find({"cpuhp_enter", "step:  86", "cpu: 0001"});
	ASSERT_GE(enter, 0);
	l.replace(static_cast<size_t>(enter), "[000]", "[001]");
	auto b = audit_text(l.text());
	EXPECT_EQ(count(b.report, "PLACEMENT-CONTROL-ON-TARGET"), 1u) << problems(b.report);
}

TEST(Fixture, WrongStatesFileIsReported)
{
	auto a = audit_fixture("6.1/ftrace-cycles-fail.txt", "6.12/hotplug-states.txt");
	ASSERT_FALSE(a.error);
	EXPECT_TRUE(find(a.report, "COMPLETENESS-STATES-MISMATCH")) << problems(a.report);
	EXPECT_EQ(a.exit, 1);
}

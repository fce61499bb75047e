// SPDX-License-Identifier: GPL-2.0
//
// The observer (module/core/observer.*) on synthetic tracepoint sequences:
// enter/exit pairing with nesting, durations into the statistics per
// (state, direction), failed callbacks, the kernel's two kinds of rollback,
// unpaired exits, and hpsm's own callback and SYNC events.  The fake clock is
// frozen so every duration is exact.
#include "fake_platform.h"
#include "observer.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using hpsm::Dir;
using hpsm::Observer;
using hpsm::Phase;
using hpsm::Record;
using hpsm::SourceKind;
using hpsm::u64;

constexpr unsigned kCpus = 4;

// A small kernel: states 1..7 prepare (control CPU), 8 bringup, 9..10
// starting (never traced), 11 ap online idle, 12 teardown, 13..19 online (AP
// thread), 19 sched:active, 20 online.
constexpr hpsm::KernelLayout kSmall = {
    .online = 20,
    .bringup = 8,
    .teardown = 12,
    .ap_offline = 9,
    .ap_online_idle = 11,
    .bp_dyn = 3,
    .bp_dyn_end = 6,
    .ap_dyn = 14,
    .ap_dyn_end = 18,
    .ap_active = 19,
};
constexpr int kOnline = 20;
constexpr int kBringup = 8;

struct Expect {
	unsigned cpu;
	unsigned on_cpu;
	int source;
	Phase phase;
	Dir dir;
	int ret_or_target; // exit: ret; enter: target
};

class ObserverTest : public ::testing::Test {
      protected:
	void SetUp() override
	{
		fake::reset(kCpus);
		fake::freeze_clock(1000000);
		ASSERT_EQ(obs.init(kCpus, kSmall, 256), 0);
	}
	void TearDown() override
	{
		EXPECT_FALSE(fake::irqs_off());
		obs.fini();
		fake::reset(0);
	}

	// One tracepoint, on CPU @on, @ns after the previous one.
	void enter(unsigned on, unsigned cpu, int target, int state, u64 ns = 10, bool multi = false,
		   const void *fn = nullptr)
	{
		fake::advance_clock(ns);
		fake::set_this_cpu(on);
		obs.kernel_enter(cpu, target, state, fn, multi);
	}
	void exit(unsigned on, unsigned cpu, int state_after, int state, int ret = 0, u64 ns = 10)
	{
		fake::advance_clock(ns);
		fake::set_this_cpu(on);
		obs.kernel_exit(cpu, state_after, state, ret);
	}
	// A whole step: enter, exit @ns later.
	void step(unsigned on, unsigned cpu, int target, int state, u64 ns = 10, int ret = 0)
	{
		enter(on, cpu, target, state);
		const bool up = target > state;
		exit(on, cpu, up ? state : state - 1, state, ret, ns);
	}

	// A complete, successful online of @cpu from control CPU 0 (6.1-shaped:
	// PREP states on the control CPU, bringup_cpu around the AP's states).
	void online(unsigned cpu)
	{
		for (int s : {1, 2, 5, 7})
			step(0, cpu, kOnline, s);
		enter(0, cpu, kOnline, kBringup);
		for (int s : {13, 15, 19})
			step(cpu, cpu, kOnline, s);
		exit(0, cpu, kOnline, kBringup);
	}
	// A complete offline: cpuhp_kick_ap_work (at the online state) around the
	// AP's states, then takedown_cpu and the dead states on the control CPU.
	void offline(unsigned cpu)
	{
		enter(0, cpu, 12, kOnline);
		for (int s : {19, 15, 13})
			step(cpu, cpu, 12, s);
		exit(0, cpu, 12, kOnline);
		for (int s : {12, 7, 5, 2})
			step(0, cpu, 0, s);
	}

	std::vector<Record> records(u64 since = 0)
	{
		std::vector<Record> out(4096);
		u64 next = 0;
		out.resize(obs.recorder().read(since, -1, out.data(), static_cast<unsigned>(out.size()), &next));
		return out;
	}

	// The kernel records from @since, compared field by field.
	void expect_records(u64 since, const std::vector<Expect> &want)
	{
		const std::vector<Record> got = records(since);
		ASSERT_EQ(got.size(), want.size());
		for (size_t i = 0; i < want.size(); i++) {
			const Record &r = got[i];
			const Expect &w = want[i];
			SCOPED_TRACE("record " + std::to_string(i));
			EXPECT_EQ(r.cpu, w.cpu);
			EXPECT_EQ(r.on_cpu, w.on_cpu);
			EXPECT_EQ(r.source, w.source);
			EXPECT_EQ(hpsm::record_phase(r), w.phase);
			EXPECT_EQ(hpsm::record_dir(r), w.dir);
			if (w.phase == Phase::Enter) {
				EXPECT_EQ(r.target, w.ret_or_target);
				EXPECT_EQ(r.state, -1);
				EXPECT_EQ(r.ret, 0);
			} else {
				EXPECT_EQ(r.ret, w.ret_or_target);
				EXPECT_EQ(r.target, -1);
			}
		}
	}

	const hpsm::LatencyStats &kstats(int state, Dir dir)
	{
		const hpsm::LatencyStats *s = obs.stats(static_cast<unsigned>(state), dir);
		EXPECT_NE(s, nullptr);
		return s != nullptr ? *s : empty_;
	}
	u64 count(int state, Dir dir) { return kstats(state, dir).count; }

	// Directions of every kernel enter record from @since, in order.
	std::vector<Dir> enter_dirs(u64 since, unsigned cpu)
	{
		std::vector<Dir> out;
		for (const Record &r : records(since))
			if (r.cpu == cpu && hpsm::record_phase(r) == Phase::Enter)
				out.push_back(hpsm::record_dir(r));
		return out;
	}

	u64 next_seq() { return obs.recorder().next_seq(); }

	Observer obs;

      private:
	hpsm::LatencyStats empty_{};
};

TEST_F(ObserverTest, AnEnterAndItsExitMakeTwoRecordsAndOneDuration)
{
	const void *fn = reinterpret_cast<const void *>(0x1234);
	enter(0, 2, kOnline, 5, 10, false, fn);
	exit(0, 2, 5, 5, 0, 250);

	const std::vector<Record> got = records();
	ASSERT_EQ(got.size(), 2u);
	EXPECT_EQ(got[0].seq, 0u);
	EXPECT_EQ(got[0].ts_ns, 1000010u);
	EXPECT_EQ(got[0].kind, static_cast<unsigned>(SourceKind::Kernel));
	EXPECT_EQ(got[0].source, 5u);
	EXPECT_EQ(got[0].target, kOnline);
	EXPECT_EQ(hpsm::record_phase(got[0]), Phase::Enter);
	EXPECT_EQ(hpsm::record_dir(got[0]), Dir::Up);
	EXPECT_EQ(got[1].seq, 1u);
	EXPECT_EQ(got[1].ts_ns, 1000260u);
	EXPECT_EQ(got[1].source, 5u);
	EXPECT_EQ(got[1].state, 5);
	EXPECT_EQ(hpsm::record_phase(got[1]), Phase::Exit);
	EXPECT_EQ(hpsm::record_dir(got[1]), Dir::Up);

	const hpsm::LatencyStats &s = kstats(5, Dir::Up);
	EXPECT_EQ(s.count, 1u);
	EXPECT_EQ(s.sum_ns, 250u);
	EXPECT_EQ(s.min_ns, 250u);
	EXPECT_EQ(s.max_ns, 250u);
	EXPECT_EQ(s.buckets[hpsm::bucket_of(250)], 1u);
	for (Dir d : {Dir::Down, Dir::RollbackDown, Dir::RollbackUp})
		EXPECT_EQ(count(5, d), 0u);
	EXPECT_EQ(obs.unpaired(2), 0u);
	EXPECT_EQ(obs.kernel_fn(5, 0), fn) << "the startup symbol is cached";
	EXPECT_EQ(obs.kernel_fn(5, 1), nullptr);
}

// bringup_cpu runs on the control CPU around the states the AP runs itself:
// the outer pair spans the inner ones, each pair gets its own duration, and
// each record names the CPU that executed it.
TEST_F(ObserverTest, NestedEntriesLikeBringupCpuPairCorrectly)
{
	enter(1, 2, kOnline, kBringup);            // control CPU 1
	enter(2, 2, kOnline, 13, 100);             // AP
	exit(2, 2, 13, 13, 0, 30);
	enter(2, 2, kOnline, 14, 5, true);         // a multi-instance state,
	exit(2, 2, 14, 14, 0, 7);                  // two instances
	enter(2, 2, kOnline, 14, 5, true);
	exit(2, 2, 14, 14, 0, 9);
	exit(1, 2, kOnline, kBringup, 0, 40);

	expect_records(0, {
	                      {2, 1, kBringup, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 13, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 13, Phase::Exit, Dir::Up, 0},
	                      {2, 2, 14, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 14, Phase::Exit, Dir::Up, 0},
	                      {2, 2, 14, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 14, Phase::Exit, Dir::Up, 0},
	                      {2, 1, kBringup, Phase::Exit, Dir::Up, 0},
	                  });
	const std::vector<Record> got = records();
	EXPECT_EQ(got[3].kind, static_cast<unsigned>(SourceKind::KernelMulti));
	EXPECT_EQ(got[4].kind, static_cast<unsigned>(SourceKind::KernelMulti)) << "an exit keeps its entry's kind";
	EXPECT_EQ(got[7].kind, static_cast<unsigned>(SourceKind::Kernel));

	EXPECT_EQ(kstats(kBringup, Dir::Up).sum_ns, 100u + 30 + 5 + 7 + 5 + 9 + 40);
	EXPECT_EQ(kstats(13, Dir::Up).sum_ns, 30u);
	EXPECT_EQ(kstats(14, Dir::Up).count, 2u);
	EXPECT_EQ(kstats(14, Dir::Up).min_ns, 7u);
	EXPECT_EQ(kstats(14, Dir::Up).max_ns, 9u);
	EXPECT_EQ(obs.unpaired(2), 0u);
}

// Tracks are per hotplugged CPU: interleaved events for two CPUs pair up
// within each CPU only.
TEST_F(ObserverTest, TracksArePerHotpluggedCpu)
{
	enter(0, 1, kOnline, 5);
	enter(0, 3, 0, 5, 100);
	exit(0, 1, 5, 5, 0, 20);
	exit(0, 3, 4, 5, 0, 50);
	EXPECT_EQ(kstats(5, Dir::Up).sum_ns, 120u);
	EXPECT_EQ(kstats(5, Dir::Down).sum_ns, 70u);
	EXPECT_EQ(obs.unpaired(1), 0u);
	EXPECT_EQ(obs.unpaired(3), 0u);
}

TEST_F(ObserverTest, AFailedCallbackKeepsItsReturnValueAndDuration)
{
	enter(0, 2, kOnline, 5);
	exit(0, 2, 5, 5, -12, 333);
	const std::vector<Record> got = records();
	ASSERT_EQ(got.size(), 2u);
	EXPECT_EQ(got[1].ret, -12);
	EXPECT_EQ(hpsm::record_dir(got[1]), Dir::Up);
	EXPECT_EQ(kstats(5, Dir::Up).count, 1u);
	EXPECT_EQ(kstats(5, Dir::Up).sum_ns, 333u);
}

TEST_F(ObserverTest, NormalCyclesAreUpAndDown)
{
	online(2);
	EXPECT_EQ(enter_dirs(0, 2), std::vector<Dir>(8, Dir::Up));
	const u64 mark = next_seq();
	offline(2);
	EXPECT_EQ(enter_dirs(mark, 2), std::vector<Dir>(8, Dir::Down));
	for (const Record &r : records(mark))
		EXPECT_EQ(hpsm::record_dir(r), Dir::Down) << "seq " << r.seq;
	const u64 mark2 = next_seq();
	online(2);
	EXPECT_EQ(enter_dirs(mark2, 2), std::vector<Dir>(8, Dir::Up)) << "an online after an offline is Up";
	EXPECT_EQ(obs.unpaired(2), 0u);
	EXPECT_EQ(count(kBringup, Dir::Up), 2u);
	EXPECT_EQ(count(kOnline, Dir::Down), 1u);
}

// The kernel undoes a failed bring-up by running the other way: the reversal
// and everything after it until the next online is RollbackDown, and the
// durations go to the RollbackDown statistics.
TEST_F(ObserverTest, ReversalDuringBringupIsRollbackDown)
{
	for (int s : {1, 2, 5, 7})
		step(0, 2, kOnline, s);
	enter(0, 2, kOnline, kBringup);
	step(2, 2, kOnline, 13);
	step(2, 2, kOnline, 15);
	// State 17 fails on the AP (an injected failure is not traced): the AP
	// thread rolls back to its start, bringup_cpu fails, the control CPU
	// tears down the rest.
	step(2, 2, 12, 15, 11);
	step(2, 2, 12, 13, 12);
	exit(0, 2, 12, kBringup, -11);
	for (int s : {12, 7, 5, 2})
		step(0, 2, 0, s, 13);

	expect_records(0, {
	                      {2, 0, 1, Phase::Enter, Dir::Up, kOnline},
	                      {2, 0, 1, Phase::Exit, Dir::Up, 0},
	                      {2, 0, 2, Phase::Enter, Dir::Up, kOnline},
	                      {2, 0, 2, Phase::Exit, Dir::Up, 0},
	                      {2, 0, 5, Phase::Enter, Dir::Up, kOnline},
	                      {2, 0, 5, Phase::Exit, Dir::Up, 0},
	                      {2, 0, 7, Phase::Enter, Dir::Up, kOnline},
	                      {2, 0, 7, Phase::Exit, Dir::Up, 0},
	                      {2, 0, kBringup, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 13, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 13, Phase::Exit, Dir::Up, 0},
	                      {2, 2, 15, Phase::Enter, Dir::Up, kOnline},
	                      {2, 2, 15, Phase::Exit, Dir::Up, 0},
	                      {2, 2, 15, Phase::Enter, Dir::RollbackDown, 12},
	                      {2, 2, 15, Phase::Exit, Dir::RollbackDown, 0},
	                      {2, 2, 13, Phase::Enter, Dir::RollbackDown, 12},
	                      {2, 2, 13, Phase::Exit, Dir::RollbackDown, 0},
	                      {2, 0, kBringup, Phase::Exit, Dir::Up, -11}, // closes its Up entry
	                      {2, 0, 12, Phase::Enter, Dir::RollbackDown, 0},
	                      {2, 0, 12, Phase::Exit, Dir::RollbackDown, 0},
	                      {2, 0, 7, Phase::Enter, Dir::RollbackDown, 0},
	                      {2, 0, 7, Phase::Exit, Dir::RollbackDown, 0},
	                      {2, 0, 5, Phase::Enter, Dir::RollbackDown, 0},
	                      {2, 0, 5, Phase::Exit, Dir::RollbackDown, 0},
	                      {2, 0, 2, Phase::Enter, Dir::RollbackDown, 0},
	                      {2, 0, 2, Phase::Exit, Dir::RollbackDown, 0},
	                  });
	EXPECT_EQ(kstats(15, Dir::RollbackDown).sum_ns, 11u);
	EXPECT_EQ(kstats(13, Dir::RollbackDown).sum_ns, 12u);
	EXPECT_EQ(kstats(7, Dir::RollbackDown).sum_ns, 13u);
	EXPECT_EQ(count(7, Dir::Down), 0u);
	EXPECT_EQ(count(kBringup, Dir::Up), 1u);
	EXPECT_EQ(obs.unpaired(2), 0u);
	EXPECT_EQ(obs.callback_dir(2, false, false), Dir::RollbackDown) << "hpsm's teardowns in the rollback too";
	EXPECT_EQ(obs.kernel_fn(7, 1), nullptr) << "rollback teardowns cache the teardown slot";

	// A new online after the rollback is a new transition: Up again.
	const u64 mark = next_seq();
	online(2);
	EXPECT_EQ(enter_dirs(mark, 2), std::vector<Dir>(8, Dir::Up));
	EXPECT_EQ(obs.callback_dir(2, true, false), Dir::Up);
	const u64 mark2 = next_seq();
	offline(2);
	EXPECT_EQ(enter_dirs(mark2, 2), std::vector<Dir>(8, Dir::Down));
}

// A failure in a PREP state: the control CPU reverses at once.
TEST_F(ObserverTest, ReversalInPrepareIsRollbackDown)
{
	for (int s : {1, 2, 5})
		step(0, 3, kOnline, s);
	step(0, 3, 0, 5);
	step(0, 3, 0, 2);
	EXPECT_EQ(enter_dirs(0, 3), (std::vector<Dir>{Dir::Up, Dir::Up, Dir::Up, Dir::RollbackDown, Dir::RollbackDown}));
	EXPECT_EQ(count(5, Dir::RollbackDown), 1u);
	EXPECT_EQ(count(5, Dir::Up), 1u);
	const u64 mark = next_seq();
	online(3);
	EXPECT_EQ(enter_dirs(mark, 3), std::vector<Dir>(8, Dir::Up));
}

// A vetoed teardown: an AP state refuses to go down and the AP runs back up;
// those startups are RollbackUp, the transition ends when the online state
// is reached again, and the next offline is a plain Down.
TEST_F(ObserverTest, ReversalDuringTeardownIsRollbackUp)
{
	online(2);
	const u64 mark = next_seq();
	enter(0, 2, 12, kOnline);       // cpuhp_kick_ap_work
	step(2, 2, 12, 19);
	step(2, 2, 12, 17);
	step(2, 2, 12, 16);              // state 15 vetoes (untraced)
	step(2, 2, kOnline, 16, 21);     // the AP runs back up
	step(2, 2, kOnline, 17, 22);
	step(2, 2, kOnline, 19, 23);
	exit(0, 2, kOnline, kOnline, -11);

	expect_records(mark, {
	                         {2, 0, kOnline, Phase::Enter, Dir::Down, 12},
	                         {2, 2, 19, Phase::Enter, Dir::Down, 12},
	                         {2, 2, 19, Phase::Exit, Dir::Down, 0},
	                         {2, 2, 17, Phase::Enter, Dir::Down, 12},
	                         {2, 2, 17, Phase::Exit, Dir::Down, 0},
	                         {2, 2, 16, Phase::Enter, Dir::Down, 12},
	                         {2, 2, 16, Phase::Exit, Dir::Down, 0},
	                         {2, 2, 16, Phase::Enter, Dir::RollbackUp, kOnline},
	                         {2, 2, 16, Phase::Exit, Dir::RollbackUp, 0},
	                         {2, 2, 17, Phase::Enter, Dir::RollbackUp, kOnline},
	                         {2, 2, 17, Phase::Exit, Dir::RollbackUp, 0},
	                         {2, 2, 19, Phase::Enter, Dir::RollbackUp, kOnline},
	                         {2, 2, 19, Phase::Exit, Dir::RollbackUp, 0},
	                         {2, 0, kOnline, Phase::Exit, Dir::Down, -11},
	                     });
	EXPECT_EQ(kstats(16, Dir::RollbackUp).sum_ns, 21u);
	EXPECT_EQ(kstats(17, Dir::RollbackUp).sum_ns, 22u);
	EXPECT_EQ(kstats(19, Dir::RollbackUp).sum_ns, 23u);
	EXPECT_EQ(count(19, Dir::Up), 1u) << "only the first online's";
	EXPECT_EQ(obs.unpaired(2), 0u);

	const u64 mark2 = next_seq();
	offline(2);
	EXPECT_EQ(enter_dirs(mark2, 2), std::vector<Dir>(8, Dir::Down)) << "the next offline is a plain Down";
}

// The same veto on a CPU the observer never saw come up (it was online
// before the module was loaded, the usual case on a test box): every startup
// of the rollback is still RollbackUp.
TEST_F(ObserverTest, RollbackUpOnACpuNeverSeenComingUp)
{
	enter(0, 1, 12, kOnline);
	step(1, 1, 12, 19);
	step(1, 1, 12, 17);
	step(1, 1, kOnline, 17);
	step(1, 1, kOnline, 19);
	exit(0, 1, kOnline, kOnline, -11);
	EXPECT_EQ(enter_dirs(0, 1),
	          (std::vector<Dir>{Dir::Down, Dir::Down, Dir::Down, Dir::RollbackUp, Dir::RollbackUp}));
	EXPECT_EQ(count(19, Dir::Up), 0u);
	EXPECT_EQ(count(19, Dir::RollbackUp), 1u);

	const u64 mark = next_seq();
	offline(1);
	EXPECT_EQ(enter_dirs(mark, 1), std::vector<Dir>(8, Dir::Down));
}

TEST_F(ObserverTest, UnpairedExitsAreCounted)
{
	// An exit with nothing open: recorded, counted, no duration.
	exit(0, 2, 4, 5, 0);
	exit(0, 2, 6, 6, 0);
	EXPECT_EQ(obs.unpaired(2), 2u);
	const std::vector<Record> got = records();
	ASSERT_EQ(got.size(), 2u);
	EXPECT_EQ(hpsm::record_dir(got[0]), Dir::Down) << "direction from the state it left";
	EXPECT_EQ(hpsm::record_dir(got[1]), Dir::Up);
	for (Dir d : {Dir::Up, Dir::Down, Dir::RollbackDown, Dir::RollbackUp}) {
		EXPECT_EQ(count(5, d), 0u);
		EXPECT_EQ(count(6, d), 0u);
	}

	// An outer exit while an inner entry is still open: the inner entry's
	// exit was lost; the outer pair still gets its duration.
	enter(0, 3, kOnline, kBringup);
	enter(3, 3, kOnline, 13, 5);
	exit(0, 3, kOnline, kBringup, 0, 20);
	EXPECT_EQ(obs.unpaired(3), 1u);
	EXPECT_EQ(kstats(kBringup, Dir::Up).sum_ns, 25u);
	EXPECT_EQ(count(13, Dir::Up), 0u);
	// ...and a late exit of the inner one finds nothing open.
	exit(3, 3, 13, 13);
	EXPECT_EQ(obs.unpaired(3), 2u);
	EXPECT_EQ(obs.unpaired(1), 0u);
}

TEST_F(ObserverTest, NestingDeeperThanTheStackIsCountedNotCorrupting)
{
	for (unsigned i = 0; i < hpsm::kMaxNesting + 1; i++)
		enter(0, 1, kOnline, static_cast<int>(i + 1));
	EXPECT_EQ(obs.unpaired(1), 1u) << "the entry that did not fit";
	exit(0, 1, hpsm::kMaxNesting + 1, hpsm::kMaxNesting + 1);
	EXPECT_EQ(obs.unpaired(1), 2u) << "its exit finds no entry";
	for (unsigned i = hpsm::kMaxNesting; i > 0; i--)
		exit(0, 1, static_cast<int>(i), static_cast<int>(i));
	EXPECT_EQ(obs.unpaired(1), 2u) << "the rest pair up";
	for (unsigned s = 1; s <= hpsm::kMaxNesting; s++)
		EXPECT_EQ(count(static_cast<int>(s), Dir::Up), 1u) << s;
}

TEST_F(ObserverTest, EventsOutsideTheLayoutAreIgnored)
{
	enter(0, kCpus, kOnline, 5);  // no such CPU
	enter(0, 1, kOnline, kOnline + 1);
	enter(0, 1, kOnline, -1);
	exit(0, kCpus, 5, 5);
	exit(0, 1, kOnline + 1, kOnline + 1);
	EXPECT_EQ(next_seq(), 0u);
	EXPECT_TRUE(records().empty());
	EXPECT_EQ(obs.unpaired(1), 0u);
	EXPECT_EQ(obs.kernel_fn(kOnline + 1, 0), nullptr);
}

TEST_F(ObserverTest, CallbackEventsAndDirections)
{
	EXPECT_EQ(obs.callback_dir(1, true, false), Dir::Up);
	EXPECT_EQ(obs.callback_dir(1, false, false), Dir::Down);
	EXPECT_EQ(obs.callback_dir(1, true, true), Dir::RollbackDown) << "a rollback inside a section";
	EXPECT_EQ(obs.callback_dir(1, false, true), Dir::RollbackDown);

	fake::set_this_cpu(1);
	const u64 t0 = Observer::now();
	obs.callback_enter(1, 7, Dir::Up);
	fake::advance_clock(4321);
	obs.callback_exit(1, 7, Dir::Up, -5, t0);

	const std::vector<Record> got = records();
	ASSERT_EQ(got.size(), 2u);
	for (const Record &r : got) {
		EXPECT_EQ(r.kind, static_cast<unsigned>(SourceKind::Callback));
		EXPECT_EQ(r.source, 7u);
		EXPECT_EQ(r.cpu, 1u);
		EXPECT_EQ(r.on_cpu, 1u);
		EXPECT_EQ(hpsm::record_dir(r), Dir::Up);
		EXPECT_EQ(r.target, -1);
		EXPECT_EQ(r.state, -1);
	}
	EXPECT_EQ(hpsm::record_phase(got[0]), Phase::Enter);
	EXPECT_EQ(hpsm::record_phase(got[1]), Phase::Exit);
	EXPECT_EQ(got[1].ret, -5);

	const unsigned slot = kOnline + 1 + 7;
	EXPECT_EQ(obs.source_ref(slot).kind, SourceKind::Callback);
	EXPECT_EQ(obs.source_ref(slot).index, 7u);
	ASSERT_NE(obs.stats(slot, Dir::Up), nullptr);
	EXPECT_EQ(obs.stats(slot, Dir::Up)->count, 1u);
	EXPECT_EQ(obs.stats(slot, Dir::Up)->sum_ns, 4321u);
	EXPECT_EQ(obs.stats(slot, Dir::Down)->count, 0u);
}

TEST_F(ObserverTest, SyncCheckpointsSpanBeginToEnd)
{
	fake::set_this_cpu(0);
	obs.sync_begin(3, HPSM_SEC_SYNC_UP);
	fake::advance_clock(777);
	fake::set_this_cpu(3);
	obs.sync_end(3, HPSM_SEC_SYNC_UP);
	// An end without a begin records nothing.
	obs.sync_end(3, HPSM_SEC_SYNC_UP);
	obs.sync_end(2, HPSM_SEC_SYNC_DOWN);

	const std::vector<Record> got = records();
	ASSERT_EQ(got.size(), 2u);
	EXPECT_EQ(got[0].kind, static_cast<unsigned>(SourceKind::Sync));
	EXPECT_EQ(got[0].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(got[0].on_cpu, 0u);
	EXPECT_EQ(hpsm::record_phase(got[0]), Phase::Enter);
	EXPECT_EQ(got[1].on_cpu, 3u);
	EXPECT_EQ(hpsm::record_phase(got[1]), Phase::Exit);
	EXPECT_EQ(got[1].ts_ns - got[0].ts_ns, 777u);

	const unsigned slot = kOnline + 1 + HPSM_MAX_CALLBACKS + HPSM_SEC_SYNC_UP;
	EXPECT_EQ(obs.source_ref(slot).kind, SourceKind::Sync);
	EXPECT_EQ(obs.source_ref(slot).index, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(obs.stats(slot, Dir::Up)->count, 1u);
	EXPECT_EQ(obs.stats(slot, Dir::Up)->sum_ns, 777u);

	// SYNC_DOWN is a Down span of its own.
	fake::set_this_cpu(2);
	obs.sync_begin(2, HPSM_SEC_SYNC_DOWN);
	fake::advance_clock(55);
	fake::set_this_cpu(0);
	obs.sync_end(2, HPSM_SEC_SYNC_DOWN);
	const unsigned down = kOnline + 1 + HPSM_MAX_CALLBACKS + HPSM_SEC_SYNC_DOWN;
	EXPECT_EQ(obs.stats(down, Dir::Down)->count, 1u);
	EXPECT_EQ(obs.stats(down, Dir::Down)->sum_ns, 55u);
	EXPECT_EQ(obs.nr_sources(), kOnline + 1u + HPSM_MAX_CALLBACKS + HPSM_SEC_COUNT);
	EXPECT_EQ(obs.stats(obs.nr_sources(), Dir::Up), nullptr);
}

TEST_F(ObserverTest, ResetForgetsStatisticsRecordsAndUnpairedButKeepsNumbering)
{
	online(2);
	exit(0, 2, 4, 5);
	EXPECT_EQ(obs.unpaired(2), 1u);
	const u64 seq = next_seq();
	obs.reset();
	EXPECT_EQ(obs.unpaired(2), 0u);
	EXPECT_EQ(count(kBringup, Dir::Up), 0u);
	EXPECT_TRUE(records().empty());
	EXPECT_EQ(next_seq(), seq);
	offline(2);
	EXPECT_EQ(records().front().seq, seq);
	EXPECT_EQ(enter_dirs(0, 2), std::vector<Dir>(8, Dir::Down)) << "tracks survive a reset";
}

TEST_F(ObserverTest, InitRejectsABadLayout)
{
	Observer other;
	hpsm::KernelLayout bad = kSmall;
	bad.online = 0;
	EXPECT_EQ(other.init(kCpus, bad, 16), -hpsm::kEINVAL);
	bad.online = 5000;
	EXPECT_EQ(other.init(kCpus, bad, 16), -hpsm::kEINVAL);
	EXPECT_FALSE(other.ready());
}

} // namespace

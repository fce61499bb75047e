// SPDX-License-Identifier: GPL-2.0
//
// The SYNC checkpoints: on cpu_up, SYNC_UP spans the end of the last PREP
// section (control CPU) to the start of the first AP section (the hotplugged
// CPU); on cpu_down, SYNC_DOWN spans the end of the first AP section's
// teardown (hotplugged CPU) to the start of the PREP teardowns (control CPU).
// They measure across the gap the kernel's tracepoints cannot see (kick,
// STARTING/DYING states, idle entry).  Installing states on CPUs at rest is
// no transition and records no checkpoint.
#include "fake_kernel.h"

#include <cerrno>

namespace testing_hpsm {
namespace {

constexpr unsigned kTarget = 3; // offline after load

class Sync : public CoreTest {
      protected:
	void SetUp() override
	{
		CoreTest::SetUp();
		fake::freeze_clock(1000000);
		// Time passes only between sections: 500 ns after each step.
		kernel.after_step = [](u32, bool, unsigned, void *) { fake::advance_clock(500); };
	}

	static std::vector<hpsm_core_event> syncs(unsigned long long since = 0)
	{
		return recorded_events_of(HPSM_SRC_SYNC, since);
	}

	// Index in @evs of the first callback event of probe @p with @phase.
	static int index_of(const std::vector<hpsm_core_event> &evs, const Probe &p, unsigned phase)
	{
		for (size_t i = 0; i < evs.size(); i++)
			if (evs[i].kind == HPSM_SRC_CALLBACK && evs[i].source == static_cast<unsigned>(p.id) &&
			    evs[i].phase == phase)
				return static_cast<int>(i);
		return -1;
	}
	static int index_of_sync(const std::vector<hpsm_core_event> &evs, unsigned section, unsigned phase)
	{
		for (size_t i = 0; i < evs.size(); i++)
			if (evs[i].kind == HPSM_SRC_SYNC && evs[i].source == section && evs[i].phase == phase)
				return static_cast<int>(i);
		return -1;
	}
};

TEST_F(Sync, LoadRecordsNothing)
{
	EXPECT_TRUE(recorded_events().empty()) << "setting the states up on online CPUs is no transition";
}

TEST_F(Sync, CpuUpRecordsSyncUpFromControlCpuToTarget)
{
	Probe &last_prep = add("threads", HPSM_SEC_PREP_THREADS);
	Probe &first_ap = add("init", HPSM_SEC_INIT_HW);
	const unsigned long long mark = hpsm_core_next_seq();
	ASSERT_EQ(kernel.cpu_up(kTarget), 0);

	const std::vector<hpsm_core_event> evs = recorded_events(mark);
	const std::vector<hpsm_core_event> s = syncs(mark);
	ASSERT_EQ(s.size(), 2u);
	EXPECT_EQ(s[0].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(s[0].phase, static_cast<unsigned>(HPSM_PHASE_ENTER));
	EXPECT_EQ(s[0].dir, static_cast<unsigned>(HPSM_DIR_UP));
	EXPECT_EQ(s[0].cpu, kTarget);
	EXPECT_EQ(s[0].on_cpu, kernel.control_cpu(kTarget)) << "begins on the control CPU";
	EXPECT_EQ(s[1].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(s[1].phase, static_cast<unsigned>(HPSM_PHASE_EXIT));
	EXPECT_EQ(s[1].dir, static_cast<unsigned>(HPSM_DIR_UP));
	EXPECT_EQ(s[1].cpu, kTarget);
	EXPECT_EQ(s[1].on_cpu, kTarget) << "ends on the hotplugged CPU";
	EXPECT_EQ(s[1].ts_ns - s[0].ts_ns, 500u);

	// Between the last PREP callback and the first AP callback.
	const int begin = index_of_sync(evs, HPSM_SEC_SYNC_UP, HPSM_PHASE_ENTER);
	const int end = index_of_sync(evs, HPSM_SEC_SYNC_UP, HPSM_PHASE_EXIT);
	EXPECT_GT(begin, index_of(evs, last_prep, HPSM_PHASE_EXIT));
	EXPECT_EQ(end, begin + 1);
	EXPECT_LT(end, index_of(evs, first_ap, HPSM_PHASE_ENTER));

	hpsm_core_stats st{};
	ASSERT_TRUE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_DIR_UP, &st));
	EXPECT_EQ(st.count, 1u);
	EXPECT_EQ(st.sum_ns, 500u);
	EXPECT_FALSE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_DOWN, HPSM_DIR_DOWN, &st));
}

TEST_F(Sync, RecordedEvenWithoutAnyCallback)
{
	ASSERT_EQ(kernel.cpu_up(kTarget), 0);
	const std::vector<hpsm_core_event> evs = recorded_events();
	ASSERT_EQ(evs.size(), 2u);
	EXPECT_EQ(evs[0].kind, static_cast<unsigned>(HPSM_SRC_SYNC));
	EXPECT_EQ(evs[1].kind, static_cast<unsigned>(HPSM_SRC_SYNC));
	kernel.cpu_down(kTarget);
	EXPECT_EQ(syncs().size(), 4u);
}

TEST_F(Sync, CpuDownRecordsSyncDownFromTargetToControlCpu)
{
	Probe &first_ap = add("init", HPSM_SEC_INIT_HW);
	Probe &last_prep = add("threads", HPSM_SEC_PREP_THREADS);
	const unsigned long long mark = hpsm_core_next_seq();
	kernel.cpu_down(1);

	const std::vector<hpsm_core_event> evs = recorded_events(mark);
	const std::vector<hpsm_core_event> s = syncs(mark);
	ASSERT_EQ(s.size(), 2u);
	EXPECT_EQ(s[0].source, static_cast<unsigned>(HPSM_SEC_SYNC_DOWN));
	EXPECT_EQ(s[0].phase, static_cast<unsigned>(HPSM_PHASE_ENTER));
	EXPECT_EQ(s[0].dir, static_cast<unsigned>(HPSM_DIR_DOWN));
	EXPECT_EQ(s[0].cpu, 1u);
	EXPECT_EQ(s[0].on_cpu, 1u) << "begins on the dying CPU";
	EXPECT_EQ(s[1].source, static_cast<unsigned>(HPSM_SEC_SYNC_DOWN));
	EXPECT_EQ(s[1].phase, static_cast<unsigned>(HPSM_PHASE_EXIT));
	EXPECT_EQ(s[1].dir, static_cast<unsigned>(HPSM_DIR_DOWN));
	EXPECT_EQ(s[1].on_cpu, kernel.control_cpu(1)) << "ends on the control CPU";
	EXPECT_EQ(s[1].ts_ns - s[0].ts_ns, 500u);

	const int begin = index_of_sync(evs, HPSM_SEC_SYNC_DOWN, HPSM_PHASE_ENTER);
	EXPECT_GT(begin, index_of(evs, first_ap, HPSM_PHASE_EXIT)) << "after the last AP teardown";
	EXPECT_LT(index_of_sync(evs, HPSM_SEC_SYNC_DOWN, HPSM_PHASE_EXIT), index_of(evs, last_prep, HPSM_PHASE_ENTER))
	    << "before the first PREP teardown";

	hpsm_core_stats st{};
	ASSERT_TRUE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_DOWN, HPSM_DIR_DOWN, &st));
	EXPECT_EQ(st.count, 1u);
	EXPECT_EQ(st.sum_ns, 500u);
	EXPECT_FALSE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_DIR_UP, &st));
}

TEST_F(Sync, EveryCycleIsMeasured)
{
	for (int i = 0; i < 5; i++) {
		ASSERT_EQ(kernel.cpu_up(kTarget), 0);
		kernel.cpu_down(kTarget);
	}
	hpsm_core_stats up{}, down{};
	ASSERT_TRUE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_DIR_UP, &up));
	ASSERT_TRUE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_DOWN, HPSM_DIR_DOWN, &down));
	EXPECT_EQ(up.count, 5u);
	EXPECT_EQ(down.count, 5u);
	EXPECT_EQ(up.min_ns, 500u);
	EXPECT_EQ(up.max_ns, 500u);
	EXPECT_EQ(syncs().size(), 20u);
}

TEST_F(Sync, InstallingAndRemovingOnOnlineCpusRecordsNoSync)
{
	std::vector<Probe *> all;
	for (u32 s : kCallbackSections)
		all.push_back(&add(std::string(section_name(s)) + ".x", s));
	for (Probe *p : all)
		ASSERT_EQ(hpsm_core_remove(p->id, 1), 0);
	EXPECT_TRUE(syncs().empty());
	EXPECT_FALSE(recorded_events_of(HPSM_SRC_CALLBACK).empty()) << "the callbacks themselves are recorded";
}

// A transition that fails before the hand-over has no SYNC_UP.  One that
// fails in the first AP section has its SYNC_UP, and no SYNC_DOWN: no AP
// section completed, so the rollback does not cross back.  The next good
// transition is measured normally.
TEST_F(Sync, FailedTransitions)
{
	Probe &prep = add("data", HPSM_SEC_PREP_DATA);
	prep.fail_ret = -ENOMEM;
	EXPECT_EQ(kernel.cpu_up(kTarget), -ENOMEM);
	EXPECT_TRUE(syncs().empty());
	prep.fail_ret = 0;

	Probe &ap = add("init", HPSM_SEC_INIT_HW);
	ap.fail_ret = -EIO;
	const unsigned long long mark = hpsm_core_next_seq();
	EXPECT_EQ(kernel.cpu_up(kTarget), -EIO);
	std::vector<hpsm_core_event> s = syncs(mark);
	ASSERT_EQ(s.size(), 2u);
	EXPECT_EQ(s[0].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(s[1].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));

	ap.fail_ret = 0;
	const unsigned long long mark2 = hpsm_core_next_seq();
	ASSERT_EQ(kernel.cpu_up(kTarget), 0);
	s = syncs(mark2);
	ASSERT_EQ(s.size(), 2u);
	EXPECT_EQ(s[1].ts_ns - s[0].ts_ns, 500u);
	hpsm_core_stats st{};
	ASSERT_TRUE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_DIR_UP, &st));
	EXPECT_EQ(st.count, 2u);
	EXPECT_FALSE(find_stats(HPSM_SRC_SYNC, HPSM_SEC_SYNC_DOWN, HPSM_DIR_DOWN, &st));
}

// A failure after the first AP section completed: the kernel's rollback
// tears that section down on the AP and then the PREP sections on the
// control CPU, crossing the gap back: SYNC_DOWN is measured for it.
TEST_F(Sync, RollbackAfterTheHandOverCrossesBack)
{
	Probe &ap = add("local", HPSM_SEC_SCHED_LOCAL);
	ap.fail_ret = -EIO;
	EXPECT_EQ(kernel.cpu_up(kTarget), -EIO);
	const std::vector<hpsm_core_event> s = syncs();
	ASSERT_EQ(s.size(), 4u);
	EXPECT_EQ(s[0].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(s[1].source, static_cast<unsigned>(HPSM_SEC_SYNC_UP));
	EXPECT_EQ(s[2].source, static_cast<unsigned>(HPSM_SEC_SYNC_DOWN));
	EXPECT_EQ(s[2].on_cpu, kTarget);
	EXPECT_EQ(s[3].source, static_cast<unsigned>(HPSM_SEC_SYNC_DOWN));
	EXPECT_EQ(s[3].on_cpu, kernel.control_cpu(kTarget));
	EXPECT_EQ(s[3].ts_ns - s[2].ts_ns, 500u);
}

} // namespace
} // namespace testing_hpsm

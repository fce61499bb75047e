// SPDX-License-Identifier: GPL-2.0
//
// Fault injection (HPSM_CMD_INJECT -> hpsm_core_inject -> Machine::inject):
// an armed callback fault makes that callback's next startups on the chosen
// CPU fail with the errno without running it, and the usual rollback
// follows; a section fault fails the section before any of its callbacks.
#include "fake_kernel.h"

#include <cerrno>

namespace testing_hpsm {
namespace {

class Inject : public CoreTest {
      protected:
	void SetUp() override
	{
		CoreTest::SetUp();
		pre = &add("pre", HPSM_SEC_PREP_HW);
		a = &add("a", HPSM_SEC_SCHED_LOCAL, 0);
		b = &add("b", HPSM_SEC_SCHED_LOCAL, 1);
		c = &add("c", HPSM_SEC_SCHED_LOCAL, 2);
		clear();
	}

	Probe *pre = nullptr, *a = nullptr, *b = nullptr, *c = nullptr;
};

TEST_F(Inject, CallbackFaultFailsItsStartupOnTheChosenCpuOnly)
{
	kernel.cpu_down(2);
	ASSERT_EQ(hpsm_core_inject("b", -1, 3, EIO, 1), 0);
	clear();

	// Another CPU is not affected and does not use the fault up.
	ASSERT_EQ(kernel.cpu_up(2), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+pre@2", "+a@2", "+b@2", "+c@2"}));

	// On CPU 3: b fails without being called, a is undone in its section,
	// the kernel rolls back PREP_HW.
	clear();
	const unsigned long long mark = hpsm_core_next_seq();
	EXPECT_EQ(kernel.cpu_up(3), -EIO);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+pre@3", "+a@3", "-a@3", "-pre@3"}));
	EXPECT_EQ(position(3).up_mask, 0u);
	EXPECT_EQ(position(3).reached, static_cast<unsigned>(HPSM_SEC_OFFLINE));
	EXPECT_FALSE(fake::online(3));

	// The injected failure is recorded like a real one.
	std::vector<hpsm_core_event> bs;
	for (const hpsm_core_event &e : recorded_events_of(HPSM_SRC_CALLBACK, mark))
		if (e.source == static_cast<unsigned>(b->id))
			bs.push_back(e);
	ASSERT_EQ(bs.size(), 2u);
	EXPECT_EQ(bs[0].phase, static_cast<unsigned>(HPSM_PHASE_ENTER));
	EXPECT_EQ(bs[1].phase, static_cast<unsigned>(HPSM_PHASE_EXIT));
	EXPECT_EQ(bs[1].ret, -EIO);
	EXPECT_EQ(bs[1].cpu, 3u);
	EXPECT_EQ(bs[1].on_cpu, 3u);

	// Used up: the next online of CPU 3 runs b.
	clear();
	ASSERT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+pre@3", "+a@3", "+b@3", "+c@3"}));
	EXPECT_EQ(position(3).up_mask, bits({pre, a, b, c}));
}

TEST_F(Inject, CountAndAnyCpu)
{
	ASSERT_EQ(hpsm_core_inject("c", -1, -1, EBUSY, 2), 0);
	kernel.cpu_down(1);
	EXPECT_EQ(kernel.cpu_up(3), -EBUSY);
	EXPECT_EQ(kernel.cpu_up(1), -EBUSY);
	clear();
	EXPECT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(kernel.cpu_up(1), 0);
	EXPECT_EQ(journal().size(), 8u);
}

// A fault on a PREP callback: the kernel rolls back nothing before it in
// the section (it is the first), the errno reaches the caller.
TEST_F(Inject, FaultOnAPrepCallback)
{
	ASSERT_EQ(hpsm_core_inject("pre", -1, 3, ENOMEM, 1), 0);
	EXPECT_EQ(kernel.cpu_up(3), -ENOMEM);
	EXPECT_TRUE(journal().empty()) << "nothing ran";
	EXPECT_EQ(kernel.cpu_up(3), 0);
}

// A callback with only a teardown has no startup to fail, but an armed
// fault still fails its startup slot.
TEST_F(Inject, FaultOnATeardownOnlyCallback)
{
	Probe &t = probe("only_down", HPSM_SEC_INIT_HW);
	t.has_startup = false;
	t.reason = "frees what the hardware allocated itself";
	ASSERT_GE(install(t), 0);
	ASSERT_EQ(hpsm_core_inject("only_down", -1, 3, EPERM, 1), 0);
	EXPECT_EQ(kernel.cpu_up(3), -EPERM);
	EXPECT_EQ(position(3).up_mask, 0u);
	EXPECT_EQ(kernel.cpu_up(3), 0);
}

TEST_F(Inject, SectionFaultFailsTheSectionBeforeAnyCallback)
{
	ASSERT_EQ(hpsm_core_inject(nullptr, HPSM_SEC_SCHED_LOCAL, 3, EBUSY, 1), 0);
	const unsigned long long mark = hpsm_core_next_seq();
	EXPECT_EQ(kernel.cpu_up(3), -EBUSY);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+pre@3", "-pre@3"}));
	for (const hpsm_core_event &e : recorded_events_of(HPSM_SRC_CALLBACK, mark))
		EXPECT_EQ(e.source, static_cast<unsigned>(pre->id)) << "no SCHED_LOCAL callback event";
	EXPECT_EQ(position(3).up_mask, 0u);
	EXPECT_EQ(machine.sections_up(3), 0u);

	clear();
	EXPECT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal().size(), 4u);
}

TEST_F(Inject, SectionFaultOnAnEmptySectionAndOnAPrepSection)
{
	ASSERT_EQ(hpsm_core_inject(nullptr, HPSM_SEC_ENABLE, -1, EAGAIN, 1), 0);
	EXPECT_EQ(kernel.cpu_up(3), -EAGAIN);
	EXPECT_EQ(journal_strs(),
	          (std::vector<std::string>{"+pre@3", "+a@3", "+b@3", "+c@3", "-c@3", "-b@3", "-a@3", "-pre@3"}));
	clear();
	ASSERT_EQ(hpsm_core_inject(nullptr, HPSM_SEC_PREP_DATA, 3, EAGAIN, 1), 0);
	EXPECT_EQ(kernel.cpu_up(3), -EAGAIN);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+pre@3", "-pre@3"}));
	EXPECT_EQ(kernel.cpu_up(3), 0);
}

TEST_F(Inject, ClearDisarmsEverything)
{
	ASSERT_EQ(hpsm_core_inject("a", -1, -1, EIO, 100), 0);
	ASSERT_EQ(hpsm_core_inject(nullptr, HPSM_SEC_PREP_HW, -1, EIO, 100), 0);
	EXPECT_EQ(kernel.cpu_up(3), -EIO);
	hpsm_core_inject_clear();
	EXPECT_EQ(kernel.cpu_up(3), 0);
	// All eight slots are free again.
	for (int i = 0; i < 8; i++)
		EXPECT_EQ(hpsm_core_inject("a", -1, -1, EIO, 1), 0) << i;
	EXPECT_EQ(hpsm_core_inject("a", -1, -1, EIO, 1), -ENOSPC);
	hpsm_core_inject_clear();
}

TEST_F(Inject, RejectsBadRequests)
{
	EXPECT_EQ(hpsm_core_inject("nosuch", -1, -1, EIO, 1), -ENOENT);
	for (int s : {-1, static_cast<int>(HPSM_SEC_OFFLINE), static_cast<int>(HPSM_SEC_SYNC_UP),
	              static_cast<int>(HPSM_SEC_SYNC_DOWN), static_cast<int>(HPSM_SEC_SCHED),
	              static_cast<int>(HPSM_SEC_ONLINE), static_cast<int>(HPSM_SEC_COUNT), 1000})
		EXPECT_EQ(hpsm_core_inject(nullptr, s, -1, EIO, 1), -EINVAL) << "section " << s;
	for (int err : {0, -5, 4096, 100000})
		EXPECT_EQ(hpsm_core_inject("a", -1, -1, err, 1), -EINVAL) << "errno " << err;
	EXPECT_EQ(hpsm_core_inject("a", -1, -1, 4095, 1), 0) << "the largest errno";
	for (int cpu : {static_cast<int>(kCpus), 1000, -2})
		EXPECT_EQ(hpsm_core_inject("a", -1, cpu, EIO, 1), -EINVAL) << "cpu " << cpu;
	EXPECT_EQ(hpsm_core_inject("a", -1, static_cast<int>(kCpus) - 1, EIO, 1), 0);
	EXPECT_EQ(hpsm_core_inject("a", -1, -1, EIO, 0), -EINVAL) << "count 0";
	hpsm_core_inject_clear();
	clear();
	// None of the rejected ones was armed.
	EXPECT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal().size(), 4u);
}

TEST_F(Inject, RemovingACallbackClearsItsFaults)
{
	ASSERT_EQ(hpsm_core_inject("b", -1, -1, EIO, 5), 0);
	const int old_id = b->id;
	ASSERT_EQ(hpsm_core_remove(b->id, 1), 0);
	// A new callback that takes the freed id must not inherit the fault.
	Probe &n = add("newcomer", HPSM_SEC_SCHED_LOCAL, 1);
	ASSERT_EQ(n.id, old_id);
	clear();
	EXPECT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+pre@3", "+a@3", "+newcomer@3", "+c@3"}));
	// And the slot is free: eight new faults fit.
	for (int i = 0; i < 8; i++)
		EXPECT_EQ(hpsm_core_inject("a", -1, 0, EIO, 1), 0) << i;
	hpsm_core_inject_clear();
}

TEST_F(Inject, FaultsOnOtherCallbacksSurviveARemove)
{
	ASSERT_EQ(hpsm_core_inject("b", -1, -1, EIO, 1), 0);
	ASSERT_EQ(hpsm_core_inject("c", -1, -1, ENOSPC, 1), 0);
	ASSERT_EQ(hpsm_core_remove(b->id, 1), 0);
	EXPECT_EQ(kernel.cpu_up(3), -ENOSPC);
	EXPECT_EQ(kernel.cpu_up(3), 0);
}

} // namespace
} // namespace testing_hpsm

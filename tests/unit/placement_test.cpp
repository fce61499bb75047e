// SPDX-License-Identifier: GPL-2.0
//
// Placement: AP sections run on the hotplugged CPU; PREP sections run on the
// control CPU while the target is offline (the target cannot run anything
// then).  A call from the wrong CPU is counted and logged, not refused: the
// kernel decides where callbacks run, hpsm only reports what it saw.
#include "fake_kernel.h"

namespace testing_hpsm {
namespace {

using Placement = CoreTest;

TEST_F(Placement, ApStartupOffTheTargetCpuIsAViolation)
{
	add("ap", HPSM_SEC_INIT_HW);
	clear();
	fake::set_online(3, true); // the AP is up, but its section runs elsewhere
	{
		const fake::OnCpu wrong(0);
		EXPECT_EQ(hpsm_core_section_startup(HPSM_SEC_INIT_HW, 3), 0);
	}
	EXPECT_EQ(machine.placement_violations(), 1u);
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 1u) << fake::log_text();
	EXPECT_NE(fake::log_text().find("init_hw for cpu3 ran on cpu0"), std::string::npos) << fake::log_text();
}

TEST_F(Placement, ApTeardownOffTheTargetCpuIsAViolation)
{
	const fake::OnCpu wrong(2);
	hpsm_core_section_teardown(HPSM_SEC_ENABLE, 1);
	EXPECT_EQ(machine.placement_violations(), 1u);
}

TEST_F(Placement, PrepForAnOfflineTargetOnItsOwnCpuIsAViolation)
{
	{
		const fake::OnCpu wrong(3); // CPU 3 is offline: it cannot be running this
		EXPECT_EQ(hpsm_core_section_startup(HPSM_SEC_PREP_DATA, 3), 0);
	}
	EXPECT_EQ(machine.placement_violations(), 1u);
	EXPECT_NE(fake::log_text().find("prep_data for cpu3 ran on cpu3"), std::string::npos) << fake::log_text();
}

// The kernel's own paths never trip the check: transitions in both
// directions, a rollback, install and remove with calls in both kinds of
// section, and PREP run on behalf of an online CPU from that same CPU.
TEST_F(Placement, NormalPathsCountNone)
{
	Probe &prep = add("prep", HPSM_SEC_PREP_HW);
	Probe &ap = add("ap", HPSM_SEC_SCHED_LOCAL);
	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(1);
	ap.fail_cpu = 1;
	ap.fail_ret = -EIO;
	EXPECT_EQ(kernel.cpu_up(1), -EIO);
	{
		const fake::OnCpu self(2);
		EXPECT_EQ(hpsm_core_section_startup(HPSM_SEC_PREP_THREADS, 2), 0);
	}
	EXPECT_EQ(hpsm_core_remove(prep.id, 1), 0);
	EXPECT_EQ(hpsm_core_remove(ap.id, 1), 0);
	EXPECT_EQ(machine.placement_violations(), 0u) << fake::log_text();
}

} // namespace
} // namespace testing_hpsm

// SPDX-License-Identifier: GPL-2.0
//
// Installing and removing callbacks at run time, like cpuhp_setup_state() and
// cpuhp_remove_state() do for the kernel's own states: the startup runs at
// once for every CPU that has passed the section (AP sections on that CPU,
// PREP sections on its behalf from the installing CPU), ascending; a failure
// undoes the CPUs already done and leaves nothing installed.
#include "fake_kernel.h"

#include <cerrno>

namespace testing_hpsm {
namespace {

// CPUs 0..2 are online after load, CPU 3 is offline.
using Install = CoreTest;

std::vector<unsigned> targets(const std::vector<fake::RunOnCpu> &calls)
{
	std::vector<unsigned> cpus;
	for (const fake::RunOnCpu &c : calls)
		cpus.push_back(c.cpu);
	return cpus;
}

TEST_F(Install, ApStartupRunsOnEachCpuThatPassedTheSectionAscending)
{
	Probe &p = add("ap", HPSM_SEC_SCHED_LOCAL);

	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+ap@0", "+ap@1", "+ap@2"}));
	for (const Event &e : journal()) {
		EXPECT_EQ(e.ran_on, e.cpu) << e.str();
		EXPECT_TRUE(e.excluded) << e.str() << ": install runs startups with hotplug excluded";
	}
	EXPECT_EQ(targets(fake::run_on_cpu_calls()), (std::vector<unsigned>{0, 1, 2}));
	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		EXPECT_EQ(machine.up_mask(cpu), cpu < kOnline ? bits({&p}) : 0u) << "cpu" << cpu;
	EXPECT_EQ(fake::this_cpu(), 0u) << "run_on_cpu restored the current CPU";
}

TEST_F(Install, PrepStartupRunsOnBehalfFromTheInstallingCpu)
{
	const fake::OnCpu installer(1);
	Probe &p = add("prep", HPSM_SEC_PREP_DATA);

	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+prep@0", "+prep@1", "+prep@2"}));
	for (const Event &e : journal())
		EXPECT_EQ(e.ran_on, 1u) << e.str();
	EXPECT_TRUE(fake::run_on_cpu_calls().empty());
	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		EXPECT_EQ(machine.up_mask(cpu), cpu < kOnline ? bits({&p}) : 0u) << "cpu" << cpu;
	EXPECT_EQ(machine.placement_violations(), 0u) << "on behalf of an online CPU is not a transition";
}

// The installed callback then takes part in transitions like any other.
TEST_F(Install, InstalledCallbackRunsOnLaterTransitions)
{
	add("late", HPSM_SEC_INIT_HW);
	clear();
	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(1);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+late@3", "-late@1"}));
}

// Partial failure, for a PREP and an AP section: CPUs before the failing one
// are torn down again (ascending, like cpuhp_rollback_install()), the error
// comes back, and no trace of the callback remains.
class InstallFailure : public CoreTest, public ::testing::WithParamInterface<u32> {};

TEST_P(InstallFailure, UndoesTheCpusDoneAndLeavesNothingInstalled)
{
	const u32 section = GetParam();
	Probe &p = probe("flaky", section);
	p.fail_cpu = 2;
	p.fail_ret = -EIO;

	EXPECT_EQ(install(p), -EIO);
	EXPECT_EQ(journal_strs(),
	          (std::vector<std::string>{"+flaky@0", "+flaky@1", "+flaky@2", "-flaky@0", "-flaky@1"}));
	for (const Event &e : journal())
		EXPECT_EQ(e.ran_on, is_ap(section) ? e.cpu : 0u) << e.str();
	EXPECT_TRUE(nothing_installed());
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 1u) << fake::log_text();

	// The name and the slot are free again.
	p.fail_ret = 0;
	EXPECT_EQ(install(p), 0) << fake::log_text();
	EXPECT_EQ(machine.up_mask(2), bits({&p}));
}

// A failure on the first CPU has nothing to undo.
TEST_P(InstallFailure, OnTheFirstCpuUndoesNothing)
{
	Probe &p = probe("flaky", GetParam());
	p.fail_cpu = 0;
	p.fail_ret = -ENODEV;

	EXPECT_EQ(install(p), -ENODEV);
	EXPECT_EQ(journal_strs(), std::vector<std::string>{"+flaky@0"});
	EXPECT_TRUE(nothing_installed());
}

INSTANTIATE_TEST_SUITE_P(PrepAndAp, InstallFailure, ::testing::Values(HPSM_SEC_PREP_DATA, HPSM_SEC_ENABLE),
                         [](const auto &info) { return std::string(section_name(info.param)); });

// A positive return from a startup during install is an error, not an id.
TEST_F(Install, PositiveStartupReturnBecomesEINVAL)
{
	Probe &p = probe("positive", HPSM_SEC_INIT_HW);
	p.fail_cpu = 1;
	p.fail_ret = 1;
	EXPECT_EQ(install(p), -EINVAL);
	EXPECT_TRUE(nothing_installed());
}

// nocalls: the per-CPU state already exists (code being migrated), so nothing
// runs now, but CPUs past the section count the callback as up and tear it
// down on their next cpu_down.
TEST_F(Install, NocallsRunsNothingButCountsItUp)
{
	Probe &ap = add_nocalls("ap", HPSM_SEC_ENABLE);
	Probe &prep = add_nocalls("prep", HPSM_SEC_PREP_HW);

	EXPECT_TRUE(journal().empty());
	EXPECT_TRUE(fake::run_on_cpu_calls().empty());
	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		EXPECT_EQ(machine.up_mask(cpu), cpu < kOnline ? bits({&ap, &prep}) : 0u) << "cpu" << cpu;

	kernel.cpu_down(2);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"-ap@2", "-prep@2"}));
	clear();
	ASSERT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+prep@3", "+ap@3"}));
}

TEST_F(Install, RemoveRunsTheTeardownWhereverItIsUp)
{
	Probe &ap = add("ap", HPSM_SEC_INIT_HW);
	Probe &prep = add("prep", HPSM_SEC_PREP_THREADS);
	clear();

	ASSERT_EQ(hpsm_core_remove(ap.id, 1), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"-ap@0", "-ap@1", "-ap@2"}));
	for (const Event &e : journal()) {
		EXPECT_EQ(e.ran_on, e.cpu) << e.str();
		EXPECT_TRUE(e.excluded) << e.str();
	}
	EXPECT_EQ(targets(fake::run_on_cpu_calls()), (std::vector<unsigned>{0, 1, 2}));
	clear();
	ASSERT_EQ(hpsm_core_remove(prep.id, 1), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"-prep@0", "-prep@1", "-prep@2"}));
	EXPECT_TRUE(fake::run_on_cpu_calls().empty());

	EXPECT_TRUE(nothing_installed());
	clear();
	kernel.cpu_down(1);
	EXPECT_TRUE(journal().empty()) << "removed callbacks do not run";
}

TEST_F(Install, RemoveNocallsForgetsWithoutTeardown)
{
	Probe &p = add("p", HPSM_SEC_SCHED_LOCAL);
	clear();

	ASSERT_EQ(hpsm_core_remove(p.id, 0), 0);
	EXPECT_TRUE(journal().empty());
	EXPECT_TRUE(nothing_installed());
	kernel.cpu_down(1);
	EXPECT_TRUE(journal().empty());
}

// Only the CPUs where the callback is up get a teardown: not the offline one,
// not one whose startup never ran.
TEST_F(Install, RemoveSkipsCpusWhereItIsNotUp)
{
	Probe &p = add("p", HPSM_SEC_PREP_HW);
	kernel.cpu_down(1);
	clear();

	ASSERT_EQ(hpsm_core_remove(p.id, 1), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"-p@0", "-p@2"}));
}

TEST_F(Install, RemoveOfAnUnknownIdIsENOENT)
{
	Probe &p = add("p", HPSM_SEC_PREP_HW);
	ASSERT_EQ(hpsm_core_remove(p.id, 1), 0);
	for (int id : {p.id, 5, -1, HPSM_MAX_CALLBACKS, 1000}) {
		clear();
		EXPECT_EQ(hpsm_core_remove(id, 1), -ENOENT) << id;
		EXPECT_EQ(hpsm_core_remove(id, 0), -ENOENT) << id;
		EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 2u) << fake::log_text();
		EXPECT_TRUE(journal().empty());
	}
}

// Removing one callback keeps the others and their order.
TEST_F(Install, RemoveKeepsTheRestInOrder)
{
	Probe &a = add("a", HPSM_SEC_ENABLE, 1);
	Probe &b = add("b", HPSM_SEC_ENABLE, 2);
	Probe &c = add("c", HPSM_SEC_ENABLE, 3);
	ASSERT_EQ(hpsm_core_remove(b.id, 1), 0);
	EXPECT_EQ(section_ids(HPSM_SEC_ENABLE), (std::vector<int>{a.id, c.id}));
	EXPECT_EQ(machine.up_mask(0), bits({&a, &c}));
}

} // namespace
} // namespace testing_hpsm

// SPDX-License-Identifier: GPL-2.0
//
// The guard rails.  The fake platform turns every broken platform contract
// into a test failure; these tests prove it does, so that a passing suite
// means the contracts held.  And the core's own invariants: a call the kernel
// glue can never make is reported, not acted on.
#include "fake_kernel.h"

#include <gtest/gtest-spi.h>

namespace testing_hpsm {
namespace {

// ---- the fake platform reports misuse ------------------------------------------

// EXPECT_NONFATAL_FAILURE cannot see locals: the statements are functions.
void unlock_twice()
{
	hpsm_plat_exclude_hotplug();
	hpsm_plat_allow_hotplug();
	hpsm_plat_allow_hotplug();
}

void lock_twice()
{
	hpsm_plat_exclude_hotplug();
	hpsm_plat_exclude_hotplug();
	hpsm_plat_allow_hotplug();
}

void lock_in_transition()
{
	fake::set_in_transition(true);
	hpsm_plat_exclude_hotplug();
	fake::set_in_transition(false);
}

int noop(void *)
{
	return 0;
}

void run_on_cpu_unlocked()
{
	hpsm_plat_run_on_cpu(1, noop, nullptr);
}

void run_on_offline_cpu()
{
	hpsm_plat_exclude_hotplug();
	hpsm_plat_run_on_cpu(3, noop, nullptr);
	hpsm_plat_allow_hotplug();
}

void break_an_invariant()
{
	hpsm_plat_invariant_failed("x == y", "file.cpp", 7);
}

using FakePlatform = CoreTest;

TEST_F(FakePlatform, ReportsLockMisuse)
{
	EXPECT_NONFATAL_FAILURE(unlock_twice(), "without hpsm_plat_exclude_hotplug");
	EXPECT_NONFATAL_FAILURE(lock_twice(), "already holding it");
	EXPECT_NONFATAL_FAILURE(lock_in_transition(), "inside a hotplug transition");
	EXPECT_FALSE(fake::excluded());
}

TEST_F(FakePlatform, ReportsRunOnCpuMisuse)
{
	EXPECT_NONFATAL_FAILURE(run_on_cpu_unlocked(), "without excluding hotplug");
	EXPECT_NONFATAL_FAILURE(run_on_offline_cpu(), "on an offline CPU");
}

TEST_F(FakePlatform, BrokenInvariantFailsTheTestUnlessExpected)
{
	EXPECT_NONFATAL_FAILURE(break_an_invariant(), "hpsm invariant broken: x == y at file.cpp:7");
	fake::expect_invariant_failures(true);
	break_an_invariant();
	EXPECT_EQ(fake::invariant_failures().size(), 2u);
}

int where_am_i(void *arg)
{
	*static_cast<unsigned *>(arg) = hpsm_plat_this_cpu();
	return 42;
}

TEST_F(FakePlatform, RunOnCpuSwitchesTheCurrentCpuForTheCallOnly)
{
	unsigned seen = 99;
	const fake::OnCpu home(1);
	hpsm_plat_exclude_hotplug();
	EXPECT_EQ(hpsm_plat_run_on_cpu(2, where_am_i, &seen), 42);
	hpsm_plat_allow_hotplug();
	EXPECT_EQ(seen, 2u);
	EXPECT_EQ(hpsm_plat_this_cpu(), 1u);
	ASSERT_EQ(fake::run_on_cpu_calls().size(), 1u);
	EXPECT_EQ(fake::run_on_cpu_calls()[0].from, 1u);
	EXPECT_EQ(fake::run_on_cpu_calls()[0].cpu, 2u);
}

TEST_F(FakePlatform, LogCapturesFormattedLines)
{
	hpsm_plat_log(HPSM_LOG_WARN, "cpu%u: %s\n", 3u, "odd");
	ASSERT_EQ(fake::log().size(), 1u);
	EXPECT_EQ(fake::log()[0].level, HPSM_LOG_WARN);
	EXPECT_EQ(fake::log()[0].text, "cpu3: odd\n");
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 0u);
}

TEST_F(FakePlatform, ClockIsMonotonicAndZallocZeroes)
{
	const unsigned long long t0 = hpsm_plat_clock_ns();
	EXPECT_LE(t0, hpsm_plat_clock_ns());
	auto *p = static_cast<unsigned char *>(hpsm_plat_zalloc(64));
	ASSERT_NE(p, nullptr);
	for (int i = 0; i < 64; i++)
		EXPECT_EQ(p[i], 0) << i;
	EXPECT_EQ(fake::live_allocations(), 1);
	hpsm_plat_free(p);
	EXPECT_EQ(fake::live_allocations(), 0);
	EXPECT_EQ(hpsm_plat_nr_cpu_ids(), kCpus);
}

// ---- the core's invariants ---------------------------------------------------

using Invariants = CoreTest;

// The glue registers only callback sections and the kernel passes CPUs below
// nr_cpu_ids: anything else is a broken invariant, and changes nothing.
TEST_F(Invariants, SectionCallForANonCallbackSectionOrImpossibleCpuIsReported)
{
	add("p", HPSM_SEC_INIT_HW);
	clear();
	fake::expect_invariant_failures(true);
	const fake::OnCpu on(1);

	EXPECT_EQ(hpsm_core_section_startup(HPSM_SEC_SYNC_UP, 1), 0);
	hpsm_core_section_teardown(HPSM_SEC_SCHED, 1);
	EXPECT_EQ(hpsm_core_section_startup(HPSM_SEC_INIT_HW, kCpus), 0);
	hpsm_core_section_teardown(HPSM_SEC_INIT_HW, kCpus);
	EXPECT_EQ(fake::invariant_failures().size(), 4u);
	EXPECT_TRUE(journal().empty());
	EXPECT_EQ(position(1).reached, static_cast<unsigned>(HPSM_SEC_ENABLE));
}

// A teardown only ever undoes a startup: tearing a section down on a CPU
// where it never started runs no callback.
TEST_F(Invariants, TeardownRunsOnlyForCallbacksThatAreUp)
{
	add("prep", HPSM_SEC_PREP_HW);
	add("ap", HPSM_SEC_SCHED_LOCAL);
	clear();
	{
		const fake::OnCpu control(0);
		hpsm_core_section_teardown(HPSM_SEC_PREP_HW, 3);
	}
	fake::set_online(3, true);
	{
		const fake::OnCpu self(3);
		hpsm_core_section_teardown(HPSM_SEC_SCHED_LOCAL, 3);
	}
	EXPECT_TRUE(journal().empty()) << ::testing::PrintToString(journal_strs());
}

} // namespace
} // namespace testing_hpsm

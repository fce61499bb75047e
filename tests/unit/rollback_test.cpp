// SPDX-License-Identifier: GPL-2.0
//
// Rollback after a failing startup during cpu_up, at every position of every
// section: hpsm undoes the failing callback's predecessors in its section in
// reverse, the kernel then tears down the sections that had completed, the
// errno reaches the caller, the CPU is back at OFFLINE with nothing up, and a
// later cpu_up succeeds.
#include "fake_kernel.h"

#include <cerrno>

namespace testing_hpsm {
namespace {

constexpr unsigned kPerSection = 3;
constexpr unsigned kTarget = 3; // offline after load

std::string probe_name(u32 s, unsigned k)
{
	return std::string(section_name(s)) + "." + std::to_string(k);
}

std::string call(bool up, u32 s, unsigned k)
{
	return (up ? "+" : "-") + probe_name(s, k) + "@" + std::to_string(kTarget);
}

// The calls the kernel and hpsm make when probe @pos of section index @sec
// fails: everything before it up, then back down in reverse.
std::vector<std::string> expected_calls(unsigned sec, unsigned pos)
{
	std::vector<std::string> want;
	for (unsigned i = 0; i <= sec; i++)
		for (unsigned k = 0; k < (i < sec ? kPerSection : pos + 1); k++)
			want.push_back(call(true, kCallbackSections[i], k));
	for (unsigned i = sec + 1; i-- > 0;)
		for (unsigned k = i < sec ? kPerSection : pos; k-- > 0;)
			want.push_back(call(false, kCallbackSections[i], k));
	return want;
}

class Rollback : public CoreTest, public ::testing::WithParamInterface<std::tuple<unsigned, unsigned>> {
      protected:
	void SetUp() override
	{
		CoreTest::SetUp();
		for (u32 s : kCallbackSections)
			for (unsigned k = 0; k < kPerSection; k++)
				all_.push_back(&add(probe_name(s, k), s, static_cast<int>(k)));
		clear();
	}

	u32 section_of(const std::string &name) const
	{
		for (const Probe *p : all_)
			if (p->name == name)
				return p->section;
		ADD_FAILURE() << "no probe " << name;
		return HPSM_SEC_OFFLINE;
	}

	std::vector<Probe *> all_;
};

TEST_P(Rollback, FailureAtThisPositionRollsBackEverything)
{
	const auto [sec, pos] = GetParam();
	Probe &failing = *all_[sec * kPerSection + pos];
	failing.fail_ret = -EBUSY;

	EXPECT_EQ(kernel.cpu_up(kTarget), -EBUSY);
	EXPECT_EQ(journal_strs(), expected_calls(sec, pos));
	EXPECT_EQ(position(kTarget).up_mask, 0u);
	EXPECT_EQ(position(kTarget).reached, static_cast<unsigned>(HPSM_SEC_OFFLINE));
	EXPECT_EQ(machine.sections_up(kTarget), 0u);
	EXPECT_FALSE(fake::online(kTarget));
	EXPECT_EQ(machine.placement_violations(), 0u);
	for (const Event &e : journal())
		EXPECT_EQ(e.ran_on, is_ap(section_of(e.name)) ? kTarget : kernel.control_cpu(kTarget)) << e.str();

	// The failure was transient: the next attempt brings the CPU up fully.
	failing.fail_ret = 0;
	clear();
	ASSERT_EQ(kernel.cpu_up(kTarget), 0);
	EXPECT_EQ(journal().size(), all_.size());
	EXPECT_EQ(position(kTarget).reached, static_cast<unsigned>(HPSM_SEC_ENABLE));
	u64 every = 0;
	for (const Probe *p : all_)
		every |= u64{1} << p->id;
	EXPECT_EQ(position(kTarget).up_mask, every);
}

std::string param_name(const ::testing::TestParamInfo<std::tuple<unsigned, unsigned>> &info)
{
	return std::string(section_name(kCallbackSections[std::get<0>(info.param)])) + "_" +
	       std::to_string(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(EverySectionEveryPosition, Rollback,
                         ::testing::Combine(::testing::Range(0u, 6u), ::testing::Range(0u, kPerSection)), param_name);

// The kernel hands the startup's return value to whoever wrote .../online; a
// positive value would read as a byte count there, so hpsm makes it -EINVAL.
TEST_F(CoreTest, PositiveStartupReturnBecomesEINVAL)
{
	Probe &p = add("positive", HPSM_SEC_SCHED_LOCAL);
	p.fail_ret = 7;
	clear();

	EXPECT_EQ(kernel.cpu_up(3), -EINVAL);
	EXPECT_EQ(position(3).reached, static_cast<unsigned>(HPSM_SEC_OFFLINE));
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 1u) << fake::log_text();
	EXPECT_NE(fake::log_text().find("returned 7"), std::string::npos) << fake::log_text();
}

// A failure on one CPU does not disturb the others' positions.
TEST_F(CoreTest, FailureOnOneCpuLeavesTheOthersAlone)
{
	Probe &p = add("picky", HPSM_SEC_PREP_THREADS);
	p.fail_cpu = 3;
	p.fail_ret = -ENOMEM;
	const hpsm_core_cpu before = position(1);

	EXPECT_EQ(kernel.cpu_up(3), -ENOMEM);
	EXPECT_EQ(position(1).reached, before.reached);
	EXPECT_EQ(position(1).up_mask, before.up_mask);
	EXPECT_EQ(position(1).up_mask, bits({&p}));
}

} // namespace
} // namespace testing_hpsm

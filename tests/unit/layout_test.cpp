// SPDX-License-Identifier: GPL-2.0
//
// The mirrored layout is the RFC's target state machine: its order, kinds and
// carriers are what the kernel glue registers and what the audit expects.
#include "fake_kernel.h"

#include <cerrno>
#include <cstring>

namespace testing_hpsm {
namespace {

struct Row {
	unsigned id;
	const char *name;
	hpsm_section_kind kind;
	int carrier; // 0 none, 1 CPUHP_BP_PREPARE_DYN, 2 CPUHP_AP_ONLINE_DYN
	const char *state_name;
};

// DESIGN.md's table, top to bottom.
const Row kExpected[] = {
    {HPSM_SEC_OFFLINE, "offline", HPSM_SECKIND_START, 0, nullptr},
    {HPSM_SEC_PREP_HW, "prep_hw", HPSM_SECKIND_PREP, 1, "hpsm:prep_hw"},
    {HPSM_SEC_PREP_DATA, "prep_data", HPSM_SECKIND_PREP, 1, "hpsm:prep_data"},
    {HPSM_SEC_PREP_THREADS, "prep_threads", HPSM_SECKIND_PREP, 1, "hpsm:prep_threads"},
    {HPSM_SEC_SYNC_UP, "sync", HPSM_SECKIND_SYNC, 0, nullptr},
    {HPSM_SEC_INIT_HW, "init_hw", HPSM_SECKIND_AP, 2, "hpsm:init_hw"},
    {HPSM_SEC_SCHED_LOCAL, "sched_local", HPSM_SECKIND_AP, 2, "hpsm:sched_local"},
    {HPSM_SEC_ENABLE, "enable", HPSM_SECKIND_AP, 2, "hpsm:enable"},
    {HPSM_SEC_SYNC_DOWN, "sync", HPSM_SECKIND_SYNC, 0, nullptr},
    {HPSM_SEC_SCHED, "sched", HPSM_SECKIND_KERNEL, 0, nullptr},
    {HPSM_SEC_ONLINE, "online", HPSM_SECKIND_KERNEL, 0, nullptr},
};

std::string str(const char *s)
{
	return s != nullptr ? s : "(null)";
}

TEST(Layout, RowsAreTheRfcSectionsInOrder)
{
	ASSERT_EQ(std::size(kExpected), static_cast<size_t>(HPSM_SEC_COUNT));
	for (unsigned i = 0; i < HPSM_SEC_COUNT; i++) {
		SCOPED_TRACE("row " + std::to_string(i));
		hpsm_core_section s{};
		ASSERT_EQ(hpsm_core_section_get(i, &s), 0);
		EXPECT_EQ(s.id, kExpected[i].id);
		EXPECT_EQ(str(s.name), str(kExpected[i].name));
		EXPECT_EQ(s.kind, static_cast<unsigned>(kExpected[i].kind));
		EXPECT_EQ(s.carrier, kExpected[i].carrier);
		EXPECT_EQ(str(s.state_name), str(kExpected[i].state_name));
	}
}

TEST(Layout, EndsWithENOENT)
{
	hpsm_core_section s{};
	EXPECT_EQ(hpsm_core_section_get(HPSM_SEC_COUNT, &s), -ENOENT);
	EXPECT_EQ(hpsm_core_section_get(~0u, &s), -ENOENT);
}

// The carrier decides where a section's callbacks run; the enum in the C glue
// (0 none, 1 BP, 2 AP) must match the core's Carrier values.
TEST(Layout, CarriersMatchTheGluesNumbering)
{
	EXPECT_EQ(static_cast<int>(hpsm::Carrier::None), 0);
	EXPECT_EQ(static_cast<int>(hpsm::Carrier::BpPrepareDyn), 1);
	EXPECT_EQ(static_cast<int>(hpsm::Carrier::ApOnlineDyn), 2);
}

// Exactly the six PREP and AP sections hold callbacks; the checkpoint and
// kernel rows must refuse them.
TEST(Layout, OnlyPrepAndApSectionsHoldCallbacks)
{
	std::vector<u32> holders;
	for (u32 s = 0; s < HPSM_SEC_COUNT + 2; s++)
		if (hpsm::section_has_callbacks(s))
			holders.push_back(s);
	EXPECT_EQ(holders, std::vector<u32>(std::begin(kCallbackSections), std::end(kCallbackSections)));
}

// Every carried section has a state name "hpsm:<name>" (the name the
// audit looks up in /sys/devices/system/cpu/hotplug/states); the others none.
TEST(Layout, StateNamesAreHpsmColonSectionName)
{
	for (const hpsm::SectionInfo &s : hpsm::kSections) {
		SCOPED_TRACE(s.name);
		if (s.carrier == hpsm::Carrier::None) {
			EXPECT_EQ(s.state_name, nullptr);
			EXPECT_FALSE(s.may_fail);
		} else {
			EXPECT_EQ(str(s.state_name), std::string("hpsm:") + s.name);
			EXPECT_TRUE(s.may_fail);
		}
	}
}

} // namespace
} // namespace testing_hpsm

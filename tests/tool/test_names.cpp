#include <cerrno>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <uapi/hpsm.h>

#include "names.h"
#include "nl/schema.h"

namespace hpsmctl {
namespace {

TEST(Names, SectionsInLayoutOrder)
{
	const char *keys[] = {"offline",     "prep_hw", "prep_data", "prep_threads", "sync_up", "init_hw",
	                      "sched_local", "enable",  "sync_down", "sched",        "online"};
	static_assert(std::size(keys) == HPSM_SEC_COUNT);
	for (uint32_t id = 0; id < HPSM_SEC_COUNT; id++)
		EXPECT_EQ(section_key(id), keys[id]);
}

TEST(Names, BothCheckpointsAreNamedSync)
{
	EXPECT_EQ(section_name(HPSM_SEC_SYNC_UP), "sync");
	EXPECT_EQ(section_name(HPSM_SEC_SYNC_DOWN), "sync");
	EXPECT_EQ(section_key(HPSM_SEC_SYNC_UP), "sync_up");
	EXPECT_EQ(section_key(HPSM_SEC_SYNC_DOWN), "sync_down");
	EXPECT_EQ(section_name(HPSM_SEC_PREP_HW), "prep_hw");
}

TEST(Names, KeysAreUnique)
{
	std::set<std::string> keys;
	for (uint32_t id = 0; id < HPSM_SEC_COUNT; id++)
		EXPECT_TRUE(keys.insert(section_key(id)).second) << section_key(id);
}

TEST(Names, Kinds)
{
	EXPECT_EQ(kind_name(HPSM_SECKIND_START), "start");
	EXPECT_EQ(kind_name(HPSM_SECKIND_PREP), "prep");
	EXPECT_EQ(kind_name(HPSM_SECKIND_SYNC), "sync");
	EXPECT_EQ(kind_name(HPSM_SECKIND_AP), "ap");
	EXPECT_EQ(kind_name(HPSM_SECKIND_KERNEL), "kernel");
}

// A newer module's values are shown as numbers, never dropped or misnamed.
TEST(Names, UnknownValuesAreNumbers)
{
	EXPECT_EQ(section_key(HPSM_SEC_COUNT), std::to_string(HPSM_SEC_COUNT));
	EXPECT_EQ(section_name(1000), "1000");
	EXPECT_EQ(kind_name(HPSM_SECKIND_KERNEL + 1), std::to_string(HPSM_SECKIND_KERNEL + 1));
}

TEST(Names, EventEnums)
{
	EXPECT_EQ(source_kind_name(HPSM_SRC_KERNEL), "kernel");
	EXPECT_EQ(source_kind_name(HPSM_SRC_KERNEL_MULTI), "multi");
	EXPECT_EQ(source_kind_name(HPSM_SRC_CALLBACK), "callback");
	EXPECT_EQ(source_kind_name(HPSM_SRC_SYNC), "sync");
	EXPECT_EQ(source_kind_name(HPSM_SRC_SYNC + 1), std::to_string(HPSM_SRC_SYNC + 1));
	EXPECT_EQ(phase_name(HPSM_PHASE_ENTER), "enter");
	EXPECT_EQ(phase_name(HPSM_PHASE_EXIT), "exit");
	EXPECT_EQ(phase_name(2), "2");
	EXPECT_EQ(dir_name(HPSM_DIR_UP), "up");
	EXPECT_EQ(dir_name(HPSM_DIR_DOWN), "down");
	EXPECT_EQ(dir_name(HPSM_DIR_ROLLBACK_DOWN), "rollback-down");
	EXPECT_EQ(dir_name(HPSM_DIR_ROLLBACK_UP), "rollback-up");
	EXPECT_EQ(dir_name(HPSM_DIR_COUNT), std::to_string(HPSM_DIR_COUNT));
	EXPECT_TRUE(dir_runs_startup(HPSM_DIR_UP));
	EXPECT_TRUE(dir_runs_startup(HPSM_DIR_ROLLBACK_UP));
	EXPECT_FALSE(dir_runs_startup(HPSM_DIR_DOWN));
	EXPECT_FALSE(dir_runs_startup(HPSM_DIR_ROLLBACK_DOWN));
}

TEST(Names, CallbackSectionsByKeyOrNumber)
{
	struct Case {
		const char *text;
		std::optional<uint32_t> id;
	};
	const Case cases[] = {
	    {"prep_hw", HPSM_SEC_PREP_HW},
	    {"prep_data", HPSM_SEC_PREP_DATA},
	    {"prep_threads", HPSM_SEC_PREP_THREADS},
	    {"init_hw", HPSM_SEC_INIT_HW},
	    {"sched_local", HPSM_SEC_SCHED_LOCAL},
	    {"enable", HPSM_SEC_ENABLE},
	    {"1", HPSM_SEC_PREP_HW},
	    {"7", HPSM_SEC_ENABLE},
	    // no callbacks there, unknown, or not a number
	    {"offline", std::nullopt},
	    {"sync_up", std::nullopt},
	    {"sync", std::nullopt},
	    {"sched", std::nullopt},
	    {"online", std::nullopt},
	    {"0", std::nullopt},
	    {"4", std::nullopt},
	    {"8", std::nullopt},
	    {"11", std::nullopt},
	    {"99", std::nullopt},
	    {"-1", std::nullopt},
	    {"PREP_HW", std::nullopt},
	    {"", std::nullopt},
	    {"1x", std::nullopt},
	};
	for (const Case &c : cases)
		EXPECT_EQ(parse_callback_section(c.text), c.id) << c.text;
	EXPECT_EQ(callback_section_keys(), "prep_hw, prep_data, prep_threads, init_hw, sched_local, enable");
}

TEST(Names, ErrnoByNumberOrName)
{
	struct Case {
		const char *text;
		std::optional<uint32_t> err;
	};
	const Case cases[] = {
	    {"EIO", EIO},       {"-EIO", EIO},         {"eio", EIO},       {"5", EIO},
	    {"-5", EIO},        {"ENOMEM", ENOMEM},    {"EAGAIN", EAGAIN}, {"EWOULDBLOCK", EAGAIN},
	    {"EBUSY", EBUSY},   {"-EINVAL", EINVAL},   {"ENODEV", ENODEV}, {"ENXIO", ENXIO},
	    {"ENOSPC", ENOSPC}, {"EPERM", EPERM},      {"4095", 4095},     {"1", 1},
	    {"0", std::nullopt}, {"4096", std::nullopt}, {"-0", std::nullopt}, {"EFOO", std::nullopt},
	    {"", std::nullopt}, {"-", std::nullopt},     {"--5", std::nullopt}, {"5x", std::nullopt},
	    {"E IO", std::nullopt}, {"99999999999", std::nullopt},
	};
	for (const Case &c : cases)
		EXPECT_EQ(parse_errno(c.text), c.err) << c.text;
	EXPECT_EQ(errno_name(EIO), "EIO");
	EXPECT_EQ(errno_name(ENOMEM), "ENOMEM");
	EXPECT_EQ(errno_name(4000), "4000");
}

// A new attribute or command in hpsm.h must be described in nl/schema.cpp:
// an undescribed one would be neither validated nor printable by --debug.
TEST(Schema, DescribesEveryAttributeAndCommandOfTheHeader)
{
	const nl::FamilySchema &s = nl::hpsm_schema();
	ASSERT_EQ(s.attrs.size(), size_t{HPSM_A_MAX + 1});
	for (int type = 1; type <= HPSM_A_MAX; type++)
		EXPECT_NE(nl::attr_desc(s.attrs, type), nullptr) << "enum hpsm_attr value " << type;
	ASSERT_EQ(s.commands.size(), size_t{HPSM_CMD_MAX + 1});
	for (int cmd = 1; cmd <= HPSM_CMD_MAX; cmd++)
		EXPECT_NE(nl::command_name(s, cmd), "") << "enum hpsm_cmd value " << cmd;

	struct Nest {
		int attr, max;
	};
	for (Nest n : {Nest{HPSM_A_CB, HPSM_CB_A_MAX}, Nest{HPSM_A_KSTATE, HPSM_KS_A_MAX},
	               Nest{HPSM_A_EVENT, HPSM_EV_A_MAX}, Nest{HPSM_A_RING, HPSM_RING_A_MAX},
	               Nest{HPSM_A_STAT, HPSM_ST_A_MAX}, Nest{HPSM_A_CFG_KLAYOUT, HPSM_KL_A_MAX}}) {
		nl::AttrSet inner = nl::attr_desc(s.attrs, n.attr)->nested;
		ASSERT_EQ(inner.size(), size_t(n.max + 1)) << nl::attr_desc(s.attrs, n.attr)->name;
		for (int type = 1; type <= n.max; type++)
			EXPECT_NE(nl::attr_desc(inner, type), nullptr)
			    << nl::attr_desc(s.attrs, n.attr)->name << " value " << type;
	}
	nl::AttrSet stat = nl::attr_desc(s.attrs, HPSM_A_STAT)->nested;
	EXPECT_EQ(nl::attr_desc(stat, HPSM_ST_A_BUCKET)->nested.size(), size_t{HPSM_BK_A_MAX + 1});
}

TEST(Schema, PolicyHasExactLengths)
{
	std::vector<nla_policy> p = nl::make_policy(nl::hpsm_schema().attrs);
	ASSERT_EQ(p.size(), size_t{HPSM_A_MAX + 1});
	EXPECT_EQ(p[HPSM_A_CPU_ONLINE].type, NLA_U8);
	EXPECT_EQ(p[HPSM_A_CPU_ONLINE].maxlen, 1);
	EXPECT_EQ(p[HPSM_A_CPU_ID].minlen, 4);
	EXPECT_EQ(p[HPSM_A_CPU_ID].maxlen, 4);
	EXPECT_EQ(p[HPSM_A_CPU_UP_MASK].maxlen, 8);
	EXPECT_EQ(p[HPSM_A_SEC_NAME].type, NLA_STRING);
	EXPECT_EQ(p[HPSM_A_PAD].type, NLA_UNSPEC);
	EXPECT_EQ(p[HPSM_A_INJ_CLEAR].type, NLA_FLAG);
	EXPECT_EQ(p[HPSM_A_STAT].type, NLA_NESTED);
}

TEST(Schema, Names)
{
	EXPECT_EQ(nl::command_name(nl::hpsm_schema(), HPSM_CMD_GET_CPUS), "GET_CPUS");
	EXPECT_EQ(nl::command_name(nl::hpsm_schema(), HPSM_CMD_MAX + 1), "");
	nl::AttrSet attrs = nl::hpsm_schema().attrs;
	ASSERT_NE(nl::attr_desc(attrs, HPSM_A_SEC_STATE_NAME), nullptr);
	EXPECT_EQ(nl::attr_desc(attrs, HPSM_A_SEC_STATE_NAME)->name, "sec_state_name");
	EXPECT_EQ(nl::attr_desc(attrs, HPSM_A_UNSPEC), nullptr);
	EXPECT_EQ(nl::attr_desc(attrs, HPSM_A_MAX + 1), nullptr);
}

} // namespace
} // namespace hpsmctl

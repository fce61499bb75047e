// --debug output, from the same attribute tables the codec validates with.
#include <cerrno>
#include <sstream>

#include <gtest/gtest.h>
#include <uapi/hpsm.h>

#include "messages.h"
#include "nl/debug.h"

namespace hpsmctl {
namespace {

using namespace test;

std::string print(const nl::MsgPtr &m, const nl::FamilySchema *schema, nl::Direction dir = nl::Direction::received)
{
	std::ostringstream os;
	nl::print_message(os, dir, hdr(m), schema);
	return os.str();
}

bool contains(const std::string &text, const std::string &part)
{
	return text.find(part) != std::string::npos;
}

TEST(Debug, ReplyIsPrintedByAttributeName)
{
	std::string out = print(cpu_reply({3, true, HPSM_SEC_ONLINE, 0x1f}), &nl::hpsm_schema());
	EXPECT_TRUE(contains(out, "hpsmctl: < hpsm GET_CPUS v1 len ")) << out;
	EXPECT_TRUE(contains(out, "seq 7 port 4242")) << out;
	EXPECT_TRUE(contains(out, "cpu_id           u32    3\n")) << out;
	EXPECT_TRUE(contains(out, "cpu_online       u8     1\n")) << out;
	EXPECT_TRUE(contains(out, "cpu_reached      u32    10\n")) << out;
	EXPECT_TRUE(contains(out, "cpu_up_mask      u64    31 (0x1f)\n")) << out;
}

TEST(Debug, RequestAndStrings)
{
	nl::SectionRecord s{HPSM_SEC_PREP_HW, "prep_hw", HPSM_SECKIND_PREP, 45, "hpsm:prep_hw"};
	std::string out = print(section_reply(s), &nl::hpsm_schema(), nl::Direction::sent);
	EXPECT_TRUE(contains(out, "hpsmctl: > hpsm GET_SECTIONS")) << out;
	EXPECT_TRUE(contains(out, "sec_state_name   string \"hpsm:prep_hw\"\n")) << out;
}

// The point of --debug: show exactly what does not match the ABI.
TEST(Debug, BadLengthIsShownAsBytes)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_CPUS);
	nla_put_u32(m.get(), HPSM_A_CPU_ONLINE, 1);
	std::string out = print(m, &nl::hpsm_schema());
	EXPECT_TRUE(contains(out, "cpu_online       u8     4 bytes 01000000 (bad length)")) << out;
}

TEST(Debug, UnknownFamilyPrintsNumbers)
{
	std::string out = print(cpu_reply({0, false, 0, 0}), nullptr);
	EXPECT_TRUE(contains(out, "family 42 cmd 1 v1")) << out;
	EXPECT_TRUE(contains(out, "attr " + std::to_string(HPSM_A_CPU_ID) + "           binary 4 bytes 00000000\n"))
	    << out;
}

// Nests are printed with the attribute set they hold, indented.
TEST(Debug, NestsAreDescribed)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_STATS);
	nlattr *stat = nla_nest_start(m.get(), HPSM_A_STAT);
	nla_put_u64(m.get(), HPSM_ST_A_COUNT, 12);
	nlattr *bucket = nla_nest_start(m.get(), HPSM_ST_A_BUCKET);
	nla_put_u64(m.get(), HPSM_BK_A_LOW, 1024);
	nla_put_u32(m.get(), HPSM_BK_A_COUNT, 3);
	nla_nest_end(m.get(), bucket);
	nla_nest_end(m.get(), stat);
	nla_put_flag(m.get(), HPSM_A_INJ_CLEAR);

	std::string out = print(m, &nl::hpsm_schema());
	EXPECT_TRUE(contains(out, "hpsm GET_STATS")) << out;
	EXPECT_TRUE(contains(out, "\n    stat             nested 36 bytes\n"
	                          "        count            u64    12 (0xc)\n"
	                          "        bucket           nested 20 bytes\n"
	                          "            low              u64    1024 (0x400)\n"
	                          "            count            u32    3\n"
	                          "    inj_clear        flag   set\n"))
	    << out;
}

TEST(Debug, ErrorAndDone)
{
	std::string err = print(error_msg(-EINVAL, "Unknown attribute type"), nullptr);
	EXPECT_TRUE(contains(err, "< ERROR -22 (Invalid argument) extack \"Unknown attribute type\"")) << err;
	std::string done = print(done_msg(0, ""), nullptr);
	EXPECT_TRUE(contains(done, "< DONE 0 len 20")) << done;
}

} // namespace
} // namespace hpsmctl

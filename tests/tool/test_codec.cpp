// The codec against messages built with libnl's own API, no kernel involved.
#include <cerrno>

#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <uapi/hpsm.h>

#include "errors.h"
#include "messages.h"

namespace hpsmctl {
namespace {

using namespace test;


TEST(Codec, DumpRequestIsAnHpsmDump)
{
	nl::MsgPtr m = nl::dump_request(fake_family, HPSM_CMD_GET_SECTIONS);
	nlmsghdr *nlh = hdr(m);
	EXPECT_EQ(nlh->nlmsg_type, fake_family);
	EXPECT_EQ(nlh->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	EXPECT_EQ(genlmsg_hdr(nlh)->cmd, HPSM_CMD_GET_SECTIONS);
	EXPECT_EQ(genlmsg_hdr(nlh)->version, HPSM_GENL_VERSION);
	// The kernel rejects any attribute in a dump request (NLA_REJECT).
	EXPECT_EQ(genlmsg_attrlen(genlmsg_hdr(nlh), 0), 0);
}

TEST(Codec, CpuRoundTrip)
{
	const nl::CpuRecord records[] = {
	    {0, true, HPSM_SEC_ONLINE, 0x7},
	    {1, false, HPSM_SEC_OFFLINE, 0},
	    {4095, true, HPSM_SEC_SYNC_UP, ~uint64_t{0}},
	};
	for (const nl::CpuRecord &c : records) {
		nl::MsgPtr m = cpu_reply(c);
		EXPECT_EQ(nl::parse_cpu(hdr(m)), c);
	}
}

TEST(Codec, SectionRoundTripWithAndWithoutState)
{
	const nl::SectionRecord records[] = {
	    {HPSM_SEC_PREP_HW, "prep_hw", HPSM_SECKIND_PREP, 45, "hpsm:prep_hw"},
	    {HPSM_SEC_SYNC_DOWN, "sync", HPSM_SECKIND_SYNC, std::nullopt, std::nullopt},
	    {HPSM_SEC_OFFLINE, "offline", HPSM_SECKIND_START, 0, std::nullopt},
	};
	for (const nl::SectionRecord &s : records) {
		nl::MsgPtr m = section_reply(s);
		EXPECT_EQ(nl::parse_section(hdr(m)), s);
	}
}

// nla_put_u64_64bit() puts a PAD attribute first on some architectures.
TEST(Codec, PadAttributeIsIgnored)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_CPUS);
	ASSERT_EQ(nla_put_u32(m.get(), HPSM_A_CPU_ID, 3), 0);
	ASSERT_EQ(nla_put_u8(m.get(), HPSM_A_CPU_ONLINE, 1), 0);
	ASSERT_EQ(nla_put_u32(m.get(), HPSM_A_CPU_REACHED, HPSM_SEC_ENABLE), 0);
	ASSERT_EQ(nla_put(m.get(), HPSM_A_PAD, 0, nullptr), 0);
	ASSERT_EQ(nla_put_u64(m.get(), HPSM_A_CPU_UP_MASK, 0x30), 0);
	EXPECT_EQ(nl::parse_cpu(hdr(m)), (nl::CpuRecord{3, true, HPSM_SEC_ENABLE, 0x30}));
}

// A newer module may add attributes: they are skipped, not rejected.
TEST(Codec, UnknownNewerAttributeIsIgnored)
{
	nl::MsgPtr m = cpu_reply({2, true, HPSM_SEC_ONLINE, 1});
	ASSERT_EQ(nla_put_u32(m.get(), HPSM_A_MAX + 5, 99), 0);
	EXPECT_EQ(nl::parse_cpu(hdr(m)).cpu, 2u);
}

TEST(Codec, WrongAttributeLengthIsRejected)
{
	nl::MsgPtr online_u32 = reply(HPSM_CMD_GET_CPUS);
	nla_put_u32(online_u32.get(), HPSM_A_CPU_ID, 0);
	nla_put_u32(online_u32.get(), HPSM_A_CPU_ONLINE, 1);
	expect_rejected([&] { nl::parse_cpu(hdr(online_u32)); }, "attribute cpu_online: length 4, expected u8");

	nl::MsgPtr id_u8 = reply(HPSM_CMD_GET_CPUS);
	nla_put_u8(id_u8.get(), HPSM_A_CPU_ID, 0);
	expect_rejected([&] { nl::parse_cpu(hdr(id_u8)); }, "attribute cpu_id: length 1, expected u32");

	nl::MsgPtr mask_u32 = reply(HPSM_CMD_GET_CPUS);
	nla_put_u32(mask_u32.get(), HPSM_A_CPU_UP_MASK, 1);
	expect_rejected([&] { nl::parse_cpu(hdr(mask_u32)); }, "attribute cpu_up_mask: length 4, expected u64");

	nl::MsgPtr state_u64 = section_reply({HPSM_SEC_PREP_HW, "prep_hw", HPSM_SECKIND_PREP, {}, {}});
	nla_put_u64(state_u64.get(), HPSM_A_SEC_STATE, 1);
	expect_rejected([&] { nl::parse_section(hdr(state_u64)); }, "attribute sec_state: length 8");
}

TEST(Codec, UnterminatedStringIsRejected)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_SECTIONS);
	nla_put_u32(m.get(), HPSM_A_SEC_ID, HPSM_SEC_PREP_HW);
	nla_put(m.get(), HPSM_A_SEC_NAME, 3, "abc");
	nla_put_u32(m.get(), HPSM_A_SEC_KIND, HPSM_SECKIND_PREP);
	expect_rejected([&] { nl::parse_section(hdr(m)); }, "attribute sec_name: length 3, expected a NUL-terminated");
}

TEST(Codec, MissingMandatoryAttributeIsRejected)
{
	struct Case {
		int omit;
		const char *name;
	};
	for (Case c : {Case{HPSM_A_CPU_ID, "cpu_id"}, Case{HPSM_A_CPU_ONLINE, "cpu_online"},
	               Case{HPSM_A_CPU_REACHED, "cpu_reached"}, Case{HPSM_A_CPU_UP_MASK, "cpu_up_mask"}}) {
		nl::MsgPtr m = reply(HPSM_CMD_GET_CPUS);
		if (c.omit != HPSM_A_CPU_ID)
			nla_put_u32(m.get(), HPSM_A_CPU_ID, 0);
		if (c.omit != HPSM_A_CPU_ONLINE)
			nla_put_u8(m.get(), HPSM_A_CPU_ONLINE, 0);
		if (c.omit != HPSM_A_CPU_REACHED)
			nla_put_u32(m.get(), HPSM_A_CPU_REACHED, 0);
		if (c.omit != HPSM_A_CPU_UP_MASK)
			nla_put_u64(m.get(), HPSM_A_CPU_UP_MASK, 0);
		expect_rejected([&] { nl::parse_cpu(hdr(m)); },
		                std::string("GET_CPUS reply: missing attribute ") + c.name);
	}
	nl::MsgPtr no_name = reply(HPSM_CMD_GET_SECTIONS);
	nla_put_u32(no_name.get(), HPSM_A_SEC_ID, 0);
	nla_put_u32(no_name.get(), HPSM_A_SEC_KIND, 0);
	expect_rejected([&] { nl::parse_section(hdr(no_name)); }, "missing attribute sec_name");
}

TEST(Codec, WrongCommandIsRejected)
{
	nl::MsgPtr m = section_reply({HPSM_SEC_ONLINE, "online", HPSM_SECKIND_KERNEL, {}, {}});
	expect_rejected([&] { nl::parse_cpu(hdr(m)); }, "GET_CPUS reply: carries command 2");
}

TEST(Codec, TooShortForGenericNetlinkIsRejected)
{
	nl::MsgPtr m(nlmsg_alloc_simple(fake_family, NLM_F_MULTI));
	expect_rejected([&] { nl::parse_cpu(hdr(m)); }, "shorter than a generic netlink header");
}

TEST(Codec, FamilyRequestAndReply)
{
	nl::MsgPtr req = nl::family_request("hpsm");
	EXPECT_EQ(hdr(req)->nlmsg_type, GENL_ID_CTRL);
	EXPECT_EQ(genlmsg_hdr(hdr(req))->cmd, CTRL_CMD_GETFAMILY);
	nlattr *name = nlmsg_find_attr(hdr(req), GENL_HDRLEN, CTRL_ATTR_FAMILY_NAME);
	ASSERT_NE(name, nullptr);
	EXPECT_STREQ(nla_get_string(name), "hpsm");

	nl::MsgPtr m = reply(CTRL_CMD_NEWFAMILY, GENL_ID_CTRL);
	nla_put_u16(m.get(), CTRL_ATTR_FAMILY_ID, 0x1f);
	nla_put_string(m.get(), CTRL_ATTR_FAMILY_NAME, "hpsm");
	nla_put_u32(m.get(), CTRL_ATTR_VERSION, HPSM_GENL_VERSION);
	nla_put_u32(m.get(), CTRL_ATTR_MAXATTR, HPSM_A_MAX);
	EXPECT_EQ(nl::parse_family(hdr(m)), (nl::FamilyRecord{0x1f, "hpsm", HPSM_GENL_VERSION}));
}

TEST(Status, AckIsSuccess)
{
	nl::MsgPtr m = error_msg(0, "");
	EXPECT_EQ(nl::parse_status(hdr(m)), (nl::Status{0, ""}));
}

TEST(Status, ErrorWithExtackCapped)
{
	nl::MsgPtr m = error_msg(-EINVAL, "Unknown attribute type");
	EXPECT_EQ(nl::parse_status(hdr(m)), (nl::Status{EINVAL, "Unknown attribute type"}));
}

// Without NETLINK_CAP_ACK the kernel echoes the request before the TLVs.
TEST(Status, ErrorWithExtackUncapped)
{
	nl::MsgPtr m = error_msg(-EPERM, "need CAP_NET_ADMIN", false);
	EXPECT_EQ(nl::parse_status(hdr(m)), (nl::Status{EPERM, "need CAP_NET_ADMIN"}));
}

TEST(Status, ErrorWithoutExtack)
{
	nl::MsgPtr m = error_msg(-ENOENT, "");
	EXPECT_EQ(nl::parse_status(hdr(m)), (nl::Status{ENOENT, ""}));
}

TEST(Status, DoneCarriesTheDumpError)
{
	nl::MsgPtr ok = done_msg(0, "");
	EXPECT_EQ(nl::parse_status(hdr(ok)), (nl::Status{0, ""}));
	nl::MsgPtr failed = done_msg(-EMSGSIZE, "record too large");
	EXPECT_EQ(nl::parse_status(hdr(failed)), (nl::Status{EMSGSIZE, "record too large"}));
}

TEST(Status, BareDoneIsSuccess)
{
	nl::MsgPtr m(nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI));
	EXPECT_EQ(nl::parse_status(hdr(m)), (nl::Status{0, ""}));
}

TEST(Status, TruncatedErrorIsRejected)
{
	nl::MsgPtr m(nlmsg_alloc_simple(NLMSG_ERROR, 0));
	int err = -EINVAL;
	nlmsg_append(m.get(), &err, sizeof(err), NLMSG_ALIGNTO);
	expect_rejected([&] { nl::parse_status(hdr(m)); }, "truncated NLMSG_ERROR");
}

// A broken extended ack must not hide the error it decorates.
TEST(Status, MalformedExtackKeepsTheError)
{
	nl::MsgPtr m = error_msg(-EBUSY, "");
	hdr(m)->nlmsg_flags |= NLM_F_ACK_TLVS;
	nla_put(m.get(), NLMSGERR_ATTR_MSG, 3, "abc");
	EXPECT_EQ(nl::parse_status(hdr(m)), (nl::Status{EBUSY, ""}));
}

} // namespace
} // namespace hpsmctl

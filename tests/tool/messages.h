// Reply messages built the way module/kernel/netlink.c builds them (genlmsg_put
// then nla_put_*), and a few broken ones, for the codec tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <gtest/gtest.h>

#include "errors.h"
#include "nl/codec.h"

namespace hpsmctl::test {

constexpr int fake_family = 0x2a; // any id: the codec does not check it

// An empty reply of the given command, as genlmsg_put() starts one.
nl::MsgPtr reply(uint8_t cmd, int family = fake_family);
nl::MsgPtr cpu_reply(const nl::CpuRecord &c);
nl::MsgPtr section_reply(const nl::SectionRecord &s);

// The replies of module/kernel/netlink.c, nests and all.  With align64 every
// u64 goes through put_u64_64bit() below as on an architecture without
// efficient unaligned access: a PAD attribute first when the value would be
// misaligned.  Without it, u64 values are put as on x86 (no PAD).
nl::MsgPtr state_reply(const nl::StateRecord &r);
nl::MsgPtr events_reply(const nl::EventBatch &b, bool align64 = false);
nl::MsgPtr event_batch_msg(const nl::EventBatch &b, bool align64 = false); // HPSM_CMD_EVENTS
nl::MsgPtr stat_reply(const nl::StatRecord &s, bool align64 = false);
nl::MsgPtr config_reply(const nl::ConfigRecord &c);

// nla_put_u64_64bit(): the PAD attribute (type pad) when needed.
void put_u64_64bit(nl_msg *m, int type, uint64_t v, int pad, bool align64);
void put_event(nl_msg *m, const nl::EventRecord &e, bool align64);

// NLMSG_ERROR with err (a negative errno or 0) and an optional extended ack.
// capped: the kernel's NLM_F_CAPPED form; otherwise the request is echoed.
nl::MsgPtr error_msg(int err, const std::string &extack, bool capped = true);
// NLMSG_DONE carrying err, as a dump that failed midway ends.
nl::MsgPtr done_msg(int err, const std::string &extack);

inline nlmsghdr *hdr(const nl::MsgPtr &m)
{
	return nlmsg_hdr(m.get());
}

// Asserts that parsing throws a protocol error (exit 5) whose text names @what.
template <typename F> void expect_rejected(F &&parse, const std::string &what)
{
	try {
		parse();
		ADD_FAILURE() << "accepted a malformed reply; expected: " << what;
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), Exit::netlink);
		EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
	}
}

} // namespace hpsmctl::test

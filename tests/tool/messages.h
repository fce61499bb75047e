// Reply messages built the way module/kernel/netlink.c builds them (genlmsg_put
// then nla_put_*), and a few broken ones, for the codec tests.
#pragma once

#include <cstdint>
#include <string>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "nl/codec.h"

namespace hpsmctl::test {

constexpr int fake_family = 0x2a; // any id: the codec does not check it

// An empty reply of the given command, as genlmsg_put() starts one.
nl::MsgPtr reply(uint8_t cmd, int family = fake_family);
nl::MsgPtr cpu_reply(const nl::CpuRecord &c);
nl::MsgPtr section_reply(const nl::SectionRecord &s);

// NLMSG_ERROR with err (a negative errno or 0) and an optional extended ack.
// capped: the kernel's NLM_F_CAPPED form; otherwise the request is echoed.
nl::MsgPtr error_msg(int err, const std::string &extack, bool capped = true);
// NLMSG_DONE carrying err, as a dump that failed midway ends.
nl::MsgPtr done_msg(int err, const std::string &extack);

inline nlmsghdr *hdr(const nl::MsgPtr &m)
{
	return nlmsg_hdr(m.get());
}

} // namespace hpsmctl::test

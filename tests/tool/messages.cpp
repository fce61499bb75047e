#include "messages.h"

#include <cstring>
#include <stdexcept>

#include <uapi/hpsm.h>

namespace hpsmctl::test {

namespace {

void check(int rc)
{
	if (rc < 0)
		throw std::runtime_error("building a test message failed");
}

nl::MsgPtr status_msg(int type, int flags)
{
	nl::MsgPtr m(nlmsg_alloc_simple(type, flags));
	if (!m)
		throw std::bad_alloc();
	return m;
}

void put_extack(nl_msg *m, const std::string &extack)
{
	if (!extack.empty()) {
		nlmsg_hdr(m)->nlmsg_flags |= NLM_F_ACK_TLVS;
		check(nla_put_string(m, NLMSGERR_ATTR_MSG, extack.c_str()));
	}
}

} // namespace

nl::MsgPtr reply(uint8_t cmd, int family)
{
	nl::MsgPtr m(nlmsg_alloc());
	if (!m || !genlmsg_put(m.get(), 4242, 7, family, 0, NLM_F_MULTI, cmd, HPSM_GENL_VERSION))
		throw std::bad_alloc();
	return m;
}

nl::MsgPtr cpu_reply(const nl::CpuRecord &c)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_CPUS);
	check(nla_put_u32(m.get(), HPSM_A_CPU_ID, c.cpu));
	check(nla_put_u8(m.get(), HPSM_A_CPU_ONLINE, c.online));
	check(nla_put_u32(m.get(), HPSM_A_CPU_REACHED, c.reached));
	check(nla_put_u64(m.get(), HPSM_A_CPU_UP_MASK, c.up_mask));
	return m;
}

nl::MsgPtr section_reply(const nl::SectionRecord &s)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_SECTIONS);
	check(nla_put_u32(m.get(), HPSM_A_SEC_ID, s.id));
	check(nla_put_string(m.get(), HPSM_A_SEC_NAME, s.name.c_str()));
	check(nla_put_u32(m.get(), HPSM_A_SEC_KIND, s.kind));
	if (s.state)
		check(nla_put_u32(m.get(), HPSM_A_SEC_STATE, *s.state));
	if (s.state_name)
		check(nla_put_string(m.get(), HPSM_A_SEC_STATE_NAME, s.state_name->c_str()));
	return m;
}

nl::MsgPtr error_msg(int err, const std::string &extack, bool capped)
{
	nl::MsgPtr m = status_msg(NLMSG_ERROR, capped ? NLM_F_CAPPED : 0);
	// The request being answered: a 20-byte generic netlink dump request.
	unsigned char request[NLMSG_HDRLEN + 4] = {};
	auto *req = reinterpret_cast<nlmsghdr *>(request);
	req->nlmsg_len = sizeof(request);
	req->nlmsg_type = fake_family;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;

	nlmsgerr e{};
	e.error = err;
	e.msg = *req;
	check(nlmsg_append(m.get(), &e, sizeof(e), NLMSG_ALIGNTO));
	if (!capped)
		check(nlmsg_append(m.get(), request + NLMSG_HDRLEN, sizeof(request) - NLMSG_HDRLEN, NLMSG_ALIGNTO));
	put_extack(m.get(), extack);
	return m;
}

nl::MsgPtr done_msg(int err, const std::string &extack)
{
	nl::MsgPtr m = status_msg(NLMSG_DONE, NLM_F_MULTI);
	check(nlmsg_append(m.get(), &err, sizeof(err), NLMSG_ALIGNTO));
	put_extack(m.get(), extack);
	return m;
}

} // namespace hpsmctl::test

#include "nl/codec.h"

#include <vector>

#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <uapi/hpsm.h>

#include "errors.h"
#include "nl/schema.h"

namespace hpsmctl::nl {

namespace {

MsgPtr new_msg()
{
	MsgPtr msg(nlmsg_alloc());
	if (!msg)
		throw std::bad_alloc();
	return msg;
}

std::string expected_form(AttrType type)
{
	if (type == AttrType::string)
		return "a NUL-terminated string";
	return std::string(type_name(type));
}

// libnl says only that some attribute failed; find which, for the message.
[[noreturn]] void reject_attrs(nlattr *head, int len, const FamilySchema &schema, const nla_policy *policy,
                               std::string_view what)
{
	nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem)
	{
		const AttrDesc *desc = attr_desc(schema.attrs, nla_type(a));
		if (desc && nla_validate(a, a->nla_len, schema.attrs.size() - 1, policy) < 0)
			throw protocol_error(std::string(what) + ": attribute " + std::string(desc->name) +
			                     ": length " + std::to_string(nla_len(a)) + ", expected " +
			                     expected_form(desc->type));
	}
	throw protocol_error(std::string(what) + ": attributes do not parse");
}

// A validated attribute index of one generic netlink reply.
class Reply {
      public:
	Reply(nlmsghdr *nlh, uint8_t cmd, const FamilySchema &schema)
	    : schema_(schema), what_(std::string(command_name(schema, cmd)) + " reply"), tb_(schema.attrs.size())
	{
		if (!genlmsg_valid_hdr(nlh, 0)) // 1 when valid, not an error code
			throw protocol_error(what_ + ": shorter than a generic netlink header");
		if (genlmsg_hdr(nlh)->cmd != cmd)
			throw protocol_error(what_ + ": carries command " + std::to_string(genlmsg_hdr(nlh)->cmd));
		std::vector<nla_policy> policy = make_policy(schema.attrs);
		if (genlmsg_parse(nlh, 0, tb_.data(), tb_.size() - 1, policy.data()) < 0)
			reject_attrs(genlmsg_attrdata(genlmsg_hdr(nlh), 0), genlmsg_attrlen(genlmsg_hdr(nlh), 0),
			             schema, policy.data(), what_);
	}

	nlattr *optional(int type) const { return tb_[type]; }

	nlattr *need(int type) const
	{
		if (!tb_[type])
			throw protocol_error(what_ + ": missing attribute " +
			                     std::string(attr_desc(schema_.attrs, type)->name));
		return tb_[type];
	}

      private:
	const FamilySchema &schema_;
	std::string what_;
	std::vector<nlattr *> tb_;
};

MsgPtr genl_request(int family, uint8_t cmd, int flags, uint8_t version)
{
	MsgPtr msg = new_msg();
	if (!genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd, version))
		throw std::bad_alloc();
	return msg;
}

// Where the extended ack attributes start in an NLMSG_ERROR or NLMSG_DONE
// payload, or 0 when the message cannot carry them.
size_t status_header_len(const nlmsghdr *nlh, int *error)
{
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		throw protocol_error("truncated netlink header");
	size_t payload = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (payload < sizeof(int))
			return 0; // an old kernel's bare DONE: success
		*error = -*static_cast<const int *>(NLMSG_DATA(nlh));
		return sizeof(int);
	}
	if (payload < sizeof(nlmsgerr))
		throw protocol_error("truncated NLMSG_ERROR");
	const auto *e = static_cast<const nlmsgerr *>(NLMSG_DATA(nlh));
	*error = -e->error;
	// Without NLM_F_CAPPED the kernel echoes our whole request back.
	if (nlh->nlmsg_flags & NLM_F_CAPPED || e->msg.nlmsg_len < NLMSG_HDRLEN)
		return sizeof(nlmsgerr);
	return sizeof(nlmsgerr) + e->msg.nlmsg_len - NLMSG_HDRLEN;
}

std::string ext_ack_message(const nlmsghdr *nlh, size_t hdrlen)
{
	size_t payload = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || NLMSG_ALIGN(hdrlen) >= payload)
		return {};
	auto *head = reinterpret_cast<nlattr *>(static_cast<char *>(NLMSG_DATA(nlh)) + NLMSG_ALIGN(hdrlen));
	nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {};
	policy[NLMSGERR_ATTR_MSG] = {NLA_STRING, 0, 0};
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, head, payload - NLMSG_ALIGN(hdrlen), policy) < 0 || !tb[NLMSGERR_ATTR_MSG])
		return {};
	return nla_get_string(tb[NLMSGERR_ATTR_MSG]);
}

} // namespace

MsgPtr dump_request(int family, uint8_t cmd)
{
	return genl_request(family, cmd, NLM_F_DUMP, HPSM_GENL_VERSION);
}

MsgPtr family_request(std::string_view name)
{
	MsgPtr msg = genl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, 1);
	if (nla_put_string(msg.get(), CTRL_ATTR_FAMILY_NAME, std::string(name).c_str()) < 0)
		throw std::bad_alloc();
	return msg;
}

CpuRecord parse_cpu(nlmsghdr *nlh)
{
	Reply r(nlh, HPSM_CMD_GET_CPUS, hpsm_schema());
	return {
	    .cpu = nla_get_u32(r.need(HPSM_A_CPU_ID)),
	    .online = nla_get_u8(r.need(HPSM_A_CPU_ONLINE)) != 0,
	    .reached = nla_get_u32(r.need(HPSM_A_CPU_REACHED)),
	    .up_mask = nla_get_u64(r.need(HPSM_A_CPU_UP_MASK)),
	};
}

SectionRecord parse_section(nlmsghdr *nlh)
{
	Reply r(nlh, HPSM_CMD_GET_SECTIONS, hpsm_schema());
	SectionRecord s;
	s.id = nla_get_u32(r.need(HPSM_A_SEC_ID));
	s.name = nla_get_string(r.need(HPSM_A_SEC_NAME));
	s.kind = nla_get_u32(r.need(HPSM_A_SEC_KIND));
	if (nlattr *a = r.optional(HPSM_A_SEC_STATE))
		s.state = nla_get_u32(a);
	if (nlattr *a = r.optional(HPSM_A_SEC_STATE_NAME))
		s.state_name = nla_get_string(a);
	return s;
}

FamilyRecord parse_family(nlmsghdr *nlh)
{
	Reply r(nlh, CTRL_CMD_NEWFAMILY, ctrl_schema());
	return {
	    .id = nla_get_u16(r.need(CTRL_ATTR_FAMILY_ID)),
	    .name = nla_get_string(r.need(CTRL_ATTR_FAMILY_NAME)),
	    .version = nla_get_u32(r.need(CTRL_ATTR_VERSION)),
	};
}

Status parse_status(const nlmsghdr *nlh)
{
	Status status;
	size_t hdrlen = status_header_len(nlh, &status.error);
	if (hdrlen)
		status.message = ext_ack_message(nlh, hdrlen);
	return status;
}

} // namespace hpsmctl::nl

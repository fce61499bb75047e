#include "nl/codec.h"

#include <array>
#include <map>
#include <stdexcept>
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
[[noreturn]] void reject_attrs(nlattr *head, int len, AttrSet set, const nla_policy *policy, const std::string &what)
{
	nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem)
	{
		const AttrDesc *desc = attr_desc(set, nla_type(a));
		if (desc && nla_validate(a, a->nla_len, set.size() - 1, policy) < 0)
			throw protocol_error(what + ": attribute " + std::string(desc->name) + ": length " +
			                     std::to_string(nla_len(a)) + ", expected " + expected_form(desc->type));
	}
	throw protocol_error(what + ": attributes do not parse");
}

// The policy of an attribute set, made once per set: a dump of 100 000
// events parses as many nests.
const nla_policy *policy_of(AttrSet set)
{
	static std::map<const AttrDesc *, std::vector<nla_policy>> policies;
	auto [it, made] = policies.try_emplace(set.data());
	if (made)
		it->second = make_policy(set);
	return it->second.data();
}

// A validated index of one attribute stream (a message's or a nest's),
// checked against the description of its attribute set.  libnl ignores bytes
// left over after the last whole attribute; here an attribute header that
// claims more than there is rejects the stream, as a truncated record would.
class Attrs {
      public:
	Attrs(nlattr *head, int len, AttrSet set, std::string what) : Attrs(head, len, set, nullptr, {})
	{
		what_ = std::move(what);
		check();
	}

	nlattr *optional(int type) const { return tb_[type]; }

	nlattr *need(int type) const
	{
		if (!tb_[type])
			throw protocol_error(what() + ": missing attribute " + std::string(attr_desc(set_, type)->name));
		return tb_[type];
	}

	// The attributes inside a nest of this set, checked against theirs.
	Attrs nest(nlattr *a) const
	{
		const AttrDesc *desc = attr_desc(set_, nla_type(a));
		Attrs inner(static_cast<nlattr *>(nla_data(a)), nla_len(a), desc->nested, this, desc->name);
		inner.check();
		return inner;
	}

	// Every attribute of one type, in message order (nests repeat).
	template <typename F> void each(int type, F &&f) const
	{
		nlattr *a;
		int rem;
		nla_for_each_attr(a, head_, len_, rem)
		{
			if (nla_type(a) == type)
				f(a);
		}
	}

      private:
	// A nest names itself after its parent ("GET_EVENTS reply: event"),
	// spelled out only for a message: one nest per event is parsed.
	Attrs(nlattr *head, int len, AttrSet set, const Attrs *parent, std::string_view name)
	    : head_(head), len_(len), set_(set), parent_(parent), name_(name)
	{
		if (set.size() > tb_.size())
			throw std::logic_error("attribute set larger than Attrs holds");
	}

	void check()
	{
		const nla_policy *policy = policy_of(set_);
		if (nla_parse(tb_.data(), set_.size() - 1, head_, len_, policy) < 0)
			reject_attrs(head_, len_, set_, policy, what());
		nlattr *a;
		int rem;
		nla_for_each_attr(a, head_, len_, rem)
		{
		}
		if (rem >= static_cast<int>(NLA_HDRLEN))
			throw protocol_error(what() + ": truncated attribute (" + std::to_string(rem) + " bytes left over)");
	}

	std::string what() const { return parent_ ? parent_->what() + ": " + std::string(name_) : what_; }

	nlattr *head_;
	int len_;
	AttrSet set_;
	const Attrs *parent_;
	std::string_view name_;
	std::string what_;
	std::array<nlattr *, 32> tb_{};
};

// The attributes of one generic netlink reply of command cmd.
Attrs reply_attrs(nlmsghdr *nlh, uint8_t cmd, const FamilySchema &schema)
{
	std::string what = std::string(command_name(schema, cmd)) + " reply";
	if (!genlmsg_valid_hdr(nlh, 0)) // 1 when valid, not an error code
		throw protocol_error(what + ": shorter than a generic netlink header");
	if (genlmsg_hdr(nlh)->cmd != cmd)
		throw protocol_error(what + ": carries command " + std::to_string(genlmsg_hdr(nlh)->cmd));
	return Attrs(genlmsg_attrdata(genlmsg_hdr(nlh), 0), genlmsg_attrlen(genlmsg_hdr(nlh), 0), schema.attrs,
	             std::move(what));
}

void put(int rc)
{
	if (rc < 0)
		throw std::bad_alloc(); // the only way nla_put_*() fails on a fresh message
}

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

MsgPtr events_request(int family, uint64_t since, std::optional<uint32_t> cpu)
{
	MsgPtr msg = dump_request(family, HPSM_CMD_GET_EVENTS);
	// No HPSM_A_PAD: the kernel's policy rejects it in requests, and it
	// reads u64 values with nla_get_u64(), which does not need alignment.
	put(nla_put_u64(msg.get(), HPSM_A_EV_SINCE, since));
	if (cpu)
		put(nla_put_u32(msg.get(), HPSM_A_EV_CPU, *cpu));
	return msg;
}

MsgPtr do_request(int family, uint8_t cmd)
{
	return genl_request(family, cmd, 0, HPSM_GENL_VERSION);
}

MsgPtr set_config_request(int family, bool observe)
{
	MsgPtr msg = do_request(family, HPSM_CMD_SET_CONFIG);
	put(nla_put_u8(msg.get(), HPSM_A_CFG_OBSERVE, observe ? 1 : 0));
	return msg;
}

MsgPtr inject_request(int family, const InjectRequest &req)
{
	MsgPtr msg = do_request(family, HPSM_CMD_INJECT);
	if (req.clear) {
		put(nla_put_flag(msg.get(), HPSM_A_INJ_CLEAR));
		return msg;
	}
	if (req.callback)
		put(nla_put_string(msg.get(), HPSM_A_INJ_CALLBACK, req.callback->c_str()));
	if (req.section)
		put(nla_put_u32(msg.get(), HPSM_A_INJ_SECTION, *req.section));
	if (req.cpu)
		put(nla_put_u32(msg.get(), HPSM_A_INJ_CPU, *req.cpu));
	put(nla_put_u32(msg.get(), HPSM_A_INJ_ERRNO, req.err));
	if (req.count)
		put(nla_put_u32(msg.get(), HPSM_A_INJ_COUNT, *req.count));
	return msg;
}

CpuRecord parse_cpu(nlmsghdr *nlh)
{
	Attrs r = reply_attrs(nlh, HPSM_CMD_GET_CPUS, hpsm_schema());
	return {
	    .cpu = nla_get_u32(r.need(HPSM_A_CPU_ID)),
	    .online = nla_get_u8(r.need(HPSM_A_CPU_ONLINE)) != 0,
	    .reached = nla_get_u32(r.need(HPSM_A_CPU_REACHED)),
	    .up_mask = nla_get_u64(r.need(HPSM_A_CPU_UP_MASK)),
	};
}

SectionRecord parse_section(nlmsghdr *nlh)
{
	Attrs r = reply_attrs(nlh, HPSM_CMD_GET_SECTIONS, hpsm_schema());
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

StateRecord parse_state(nlmsghdr *nlh)
{
	Attrs r = reply_attrs(nlh, HPSM_CMD_GET_STATES, hpsm_schema());
	nlattr *cb_attr = r.optional(HPSM_A_CB);
	nlattr *ks_attr = r.optional(HPSM_A_KSTATE);
	if (!cb_attr == !ks_attr)
		throw protocol_error("GET_STATES reply: needs exactly one of the attributes cb and kstate");
	if (cb_attr) {
		Attrs n = r.nest(cb_attr);
		CallbackRecord c;
		c.id = nla_get_u32(n.need(HPSM_CB_A_ID));
		c.name = nla_get_string(n.need(HPSM_CB_A_NAME));
		c.section = nla_get_u32(n.need(HPSM_CB_A_SECTION));
		c.order = nla_get_s32(n.need(HPSM_CB_A_ORDER));
		c.flags = nla_get_u32(n.need(HPSM_CB_A_FLAGS));
		if (nlattr *a = n.optional(HPSM_CB_A_REASON))
			c.reason = nla_get_string(a);
		c.startup = n.optional(HPSM_CB_A_STARTUP) != nullptr;
		c.teardown = n.optional(HPSM_CB_A_TEARDOWN) != nullptr;
		return c;
	}
	Attrs n = r.nest(ks_attr);
	KernelStateRecord k;
	k.state = nla_get_u32(n.need(HPSM_KS_A_STATE));
	if (nlattr *a = n.optional(HPSM_KS_A_STARTUP_SYM))
		k.startup_sym = nla_get_string(a);
	if (nlattr *a = n.optional(HPSM_KS_A_TEARDOWN_SYM))
		k.teardown_sym = nla_get_string(a);
	return k;
}

namespace {

EventRecord event_of(const Attrs &n)
{
	EventRecord e;
	e.seq = nla_get_u64(n.need(HPSM_EV_A_SEQ));
	e.ts_ns = nla_get_u64(n.need(HPSM_EV_A_TS));
	e.cpu = nla_get_u32(n.need(HPSM_EV_A_CPU));
	e.on_cpu = nla_get_u32(n.need(HPSM_EV_A_ON_CPU));
	e.kind = nla_get_u32(n.need(HPSM_EV_A_KIND));
	e.source = nla_get_u32(n.need(HPSM_EV_A_SOURCE));
	e.phase = nla_get_u32(n.need(HPSM_EV_A_PHASE));
	e.dir = nla_get_u32(n.need(HPSM_EV_A_DIR));
	if (nlattr *a = n.optional(HPSM_EV_A_RET))
		e.ret = nla_get_s32(a);
	if (nlattr *a = n.optional(HPSM_EV_A_TARGET))
		e.target = nla_get_s32(a);
	if (nlattr *a = n.optional(HPSM_EV_A_STATE))
		e.state = nla_get_s32(a);
	return e;
}

EventBatch event_batch(nlmsghdr *nlh, uint8_t cmd)
{
	Attrs r = reply_attrs(nlh, cmd, hpsm_schema());
	EventBatch b;
	r.each(HPSM_A_EVENT, [&](nlattr *a) { b.events.push_back(event_of(r.nest(a))); });
	if (nlattr *a = r.optional(HPSM_A_EV_NEXT))
		b.next = nla_get_u64(a);
	r.each(HPSM_A_RING, [&](nlattr *a) {
		Attrs n = r.nest(a);
		b.rings.push_back({
		    .cpu = nla_get_u32(n.need(HPSM_RING_A_CPU)),
		    .written = nla_get_u64(n.need(HPSM_RING_A_WRITTEN)),
		    .dropped = nla_get_u64(n.need(HPSM_RING_A_DROPPED)),
		});
	});
	return b;
}

} // namespace

EventBatch parse_events(nlmsghdr *nlh)
{
	return event_batch(nlh, HPSM_CMD_GET_EVENTS);
}

EventBatch parse_event_batch(nlmsghdr *nlh)
{
	return event_batch(nlh, HPSM_CMD_EVENTS);
}

StatRecord parse_stat(nlmsghdr *nlh)
{
	Attrs r = reply_attrs(nlh, HPSM_CMD_GET_STATS, hpsm_schema());
	Attrs n = r.nest(r.need(HPSM_A_STAT));
	StatRecord s;
	s.kind = nla_get_u32(n.need(HPSM_ST_A_KIND));
	s.source = nla_get_u32(n.need(HPSM_ST_A_SOURCE));
	s.dir = nla_get_u32(n.need(HPSM_ST_A_DIR));
	s.count = nla_get_u64(n.need(HPSM_ST_A_COUNT));
	s.sum_ns = nla_get_u64(n.need(HPSM_ST_A_SUM_NS));
	s.min_ns = nla_get_u64(n.need(HPSM_ST_A_MIN_NS));
	s.max_ns = nla_get_u64(n.need(HPSM_ST_A_MAX_NS));
	s.p50_ns = nla_get_u64(n.need(HPSM_ST_A_P50_NS));
	s.p90_ns = nla_get_u64(n.need(HPSM_ST_A_P90_NS));
	s.p99_ns = nla_get_u64(n.need(HPSM_ST_A_P99_NS));
	n.each(HPSM_ST_A_BUCKET, [&](nlattr *a) {
		Attrs b = n.nest(a);
		s.buckets.push_back({
		    .low = nla_get_u64(b.need(HPSM_BK_A_LOW)),
		    .high = nla_get_u64(b.need(HPSM_BK_A_HIGH)),
		    .count = nla_get_u32(b.need(HPSM_BK_A_COUNT)),
		});
	});
	return s;
}

ConfigRecord parse_config(nlmsghdr *nlh)
{
	Attrs r = reply_attrs(nlh, HPSM_CMD_GET_CONFIG, hpsm_schema());
	Attrs k = r.nest(r.need(HPSM_A_CFG_KLAYOUT));
	auto u32 = [&](int type) { return nla_get_u32(k.need(type)); };
	return {
	    .observe = nla_get_u8(r.need(HPSM_A_CFG_OBSERVE)) != 0,
	    .ring_slots = nla_get_u32(r.need(HPSM_A_CFG_RING_SLOTS)),
	    .nr_cpus = nla_get_u32(r.need(HPSM_A_CFG_NR_CPUS)),
	    .klayout =
	        {
	            .online = u32(HPSM_KL_A_ONLINE),
	            .bringup = u32(HPSM_KL_A_BRINGUP),
	            .teardown = u32(HPSM_KL_A_TEARDOWN),
	            .ap_offline = u32(HPSM_KL_A_AP_OFFLINE),
	            .ap_online_idle = u32(HPSM_KL_A_AP_ONLINE_IDLE),
	            .bp_dyn = u32(HPSM_KL_A_BP_DYN),
	            .bp_dyn_end = u32(HPSM_KL_A_BP_DYN_END),
	            .ap_dyn = u32(HPSM_KL_A_AP_DYN),
	            .ap_dyn_end = u32(HPSM_KL_A_AP_DYN_END),
	            .ap_active = u32(HPSM_KL_A_AP_ACTIVE),
	        },
	};
}

FamilyRecord parse_family(nlmsghdr *nlh)
{
	Attrs r = reply_attrs(nlh, CTRL_CMD_NEWFAMILY, ctrl_schema());
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

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

void put_u64_64bit(nl_msg *m, int type, uint64_t v, int pad, bool align64)
{
	// The kernel's nla_need_padding_for_64bit(): the value would start at
	// an address that is not a multiple of 8.
	auto data = reinterpret_cast<uintptr_t>(nlmsg_tail(nlmsg_hdr(m))) + NLA_HDRLEN;
	if (align64 && data % 8 != 0)
		check(nla_put(m, pad, 0, nullptr));
	check(nla_put_u64(m, type, v));
}

nl::MsgPtr state_reply(const nl::StateRecord &r)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_STATES);
	if (const auto *c = std::get_if<nl::CallbackRecord>(&r)) {
		nlattr *nest = nla_nest_start(m.get(), HPSM_A_CB);
		check(nest ? 0 : -1);
		check(nla_put_u32(m.get(), HPSM_CB_A_ID, c->id));
		check(nla_put_string(m.get(), HPSM_CB_A_NAME, c->name.c_str()));
		check(nla_put_u32(m.get(), HPSM_CB_A_SECTION, c->section));
		check(nla_put_s32(m.get(), HPSM_CB_A_ORDER, c->order));
		check(nla_put_u32(m.get(), HPSM_CB_A_FLAGS, c->flags));
		if (c->reason)
			check(nla_put_string(m.get(), HPSM_CB_A_REASON, c->reason->c_str()));
		if (c->startup)
			check(nla_put_flag(m.get(), HPSM_CB_A_STARTUP));
		if (c->teardown)
			check(nla_put_flag(m.get(), HPSM_CB_A_TEARDOWN));
		check(nla_nest_end(m.get(), nest));
		return m;
	}
	const auto &k = std::get<nl::KernelStateRecord>(r);
	nlattr *nest = nla_nest_start(m.get(), HPSM_A_KSTATE);
	check(nest ? 0 : -1);
	check(nla_put_u32(m.get(), HPSM_KS_A_STATE, k.state));
	if (k.startup_sym)
		check(nla_put_string(m.get(), HPSM_KS_A_STARTUP_SYM, k.startup_sym->c_str()));
	if (k.teardown_sym)
		check(nla_put_string(m.get(), HPSM_KS_A_TEARDOWN_SYM, k.teardown_sym->c_str()));
	check(nla_nest_end(m.get(), nest));
	return m;
}

void put_event(nl_msg *m, const nl::EventRecord &e, bool align64)
{
	nlattr *nest = nla_nest_start(m, HPSM_A_EVENT);
	check(nest ? 0 : -1);
	put_u64_64bit(m, HPSM_EV_A_SEQ, e.seq, HPSM_EV_A_PAD, align64);
	put_u64_64bit(m, HPSM_EV_A_TS, e.ts_ns, HPSM_EV_A_PAD, align64);
	check(nla_put_u32(m, HPSM_EV_A_CPU, e.cpu));
	check(nla_put_u32(m, HPSM_EV_A_ON_CPU, e.on_cpu));
	check(nla_put_u32(m, HPSM_EV_A_KIND, e.kind));
	check(nla_put_u32(m, HPSM_EV_A_SOURCE, e.source));
	check(nla_put_u32(m, HPSM_EV_A_PHASE, e.phase));
	check(nla_put_u32(m, HPSM_EV_A_DIR, e.dir));
	if (e.ret)
		check(nla_put_s32(m, HPSM_EV_A_RET, *e.ret));
	if (e.target)
		check(nla_put_s32(m, HPSM_EV_A_TARGET, *e.target));
	if (e.state)
		check(nla_put_s32(m, HPSM_EV_A_STATE, *e.state));
	check(nla_nest_end(m, nest));
}

namespace {

nl::MsgPtr event_msg(uint8_t cmd, const nl::EventBatch &b, bool align64)
{
	nl::MsgPtr m = reply(cmd);
	for (const nl::EventRecord &e : b.events)
		put_event(m.get(), e, align64);
	if (b.next)
		put_u64_64bit(m.get(), HPSM_A_EV_NEXT, *b.next, HPSM_A_PAD, align64);
	for (const nl::RingRecord &r : b.rings) {
		nlattr *nest = nla_nest_start(m.get(), HPSM_A_RING);
		check(nest ? 0 : -1);
		check(nla_put_u32(m.get(), HPSM_RING_A_CPU, r.cpu));
		put_u64_64bit(m.get(), HPSM_RING_A_WRITTEN, r.written, HPSM_RING_A_PAD, align64);
		put_u64_64bit(m.get(), HPSM_RING_A_DROPPED, r.dropped, HPSM_RING_A_PAD, align64);
		check(nla_nest_end(m.get(), nest));
	}
	return m;
}

} // namespace

nl::MsgPtr events_reply(const nl::EventBatch &b, bool align64)
{
	return event_msg(HPSM_CMD_GET_EVENTS, b, align64);
}

nl::MsgPtr event_batch_msg(const nl::EventBatch &b, bool align64)
{
	return event_msg(HPSM_CMD_EVENTS, b, align64);
}

nl::MsgPtr stat_reply(const nl::StatRecord &s, bool align64)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_STATS);
	nlattr *nest = nla_nest_start(m.get(), HPSM_A_STAT);
	check(nest ? 0 : -1);
	check(nla_put_u32(m.get(), HPSM_ST_A_KIND, s.kind));
	check(nla_put_u32(m.get(), HPSM_ST_A_SOURCE, s.source));
	check(nla_put_u32(m.get(), HPSM_ST_A_DIR, s.dir));
	put_u64_64bit(m.get(), HPSM_ST_A_COUNT, s.count, HPSM_ST_A_PAD, align64);
	put_u64_64bit(m.get(), HPSM_ST_A_SUM_NS, s.sum_ns, HPSM_ST_A_PAD, align64);
	put_u64_64bit(m.get(), HPSM_ST_A_MIN_NS, s.min_ns, HPSM_ST_A_PAD, align64);
	put_u64_64bit(m.get(), HPSM_ST_A_MAX_NS, s.max_ns, HPSM_ST_A_PAD, align64);
	put_u64_64bit(m.get(), HPSM_ST_A_P50_NS, s.p50_ns, HPSM_ST_A_PAD, align64);
	put_u64_64bit(m.get(), HPSM_ST_A_P90_NS, s.p90_ns, HPSM_ST_A_PAD, align64);
	put_u64_64bit(m.get(), HPSM_ST_A_P99_NS, s.p99_ns, HPSM_ST_A_PAD, align64);
	for (const nl::BucketRecord &b : s.buckets) {
		nlattr *bnest = nla_nest_start(m.get(), HPSM_ST_A_BUCKET);
		check(bnest ? 0 : -1);
		put_u64_64bit(m.get(), HPSM_BK_A_LOW, b.low, HPSM_BK_A_PAD, align64);
		put_u64_64bit(m.get(), HPSM_BK_A_HIGH, b.high, HPSM_BK_A_PAD, align64);
		check(nla_put_u32(m.get(), HPSM_BK_A_COUNT, b.count));
		check(nla_nest_end(m.get(), bnest));
	}
	check(nla_nest_end(m.get(), nest));
	return m;
}

nl::MsgPtr config_reply(const nl::ConfigRecord &c)
{
	// genlmsg_put_reply(): not part of a dump.
	nl::MsgPtr m(nlmsg_alloc());
	if (!m || !genlmsg_put(m.get(), 4242, 7, fake_family, 0, 0, HPSM_CMD_GET_CONFIG, HPSM_GENL_VERSION))
		throw std::bad_alloc();
	check(nla_put_u8(m.get(), HPSM_A_CFG_OBSERVE, c.observe));
	check(nla_put_u32(m.get(), HPSM_A_CFG_RING_SLOTS, c.ring_slots));
	check(nla_put_u32(m.get(), HPSM_A_CFG_NR_CPUS, c.nr_cpus));
	nlattr *nest = nla_nest_start(m.get(), HPSM_A_CFG_KLAYOUT);
	check(nest ? 0 : -1);
	const nl::KernelLayout &k = c.klayout;
	check(nla_put_u32(m.get(), HPSM_KL_A_ONLINE, k.online));
	check(nla_put_u32(m.get(), HPSM_KL_A_BRINGUP, k.bringup));
	check(nla_put_u32(m.get(), HPSM_KL_A_TEARDOWN, k.teardown));
	check(nla_put_u32(m.get(), HPSM_KL_A_AP_OFFLINE, k.ap_offline));
	check(nla_put_u32(m.get(), HPSM_KL_A_AP_ONLINE_IDLE, k.ap_online_idle));
	check(nla_put_u32(m.get(), HPSM_KL_A_BP_DYN, k.bp_dyn));
	check(nla_put_u32(m.get(), HPSM_KL_A_BP_DYN_END, k.bp_dyn_end));
	check(nla_put_u32(m.get(), HPSM_KL_A_AP_DYN, k.ap_dyn));
	check(nla_put_u32(m.get(), HPSM_KL_A_AP_DYN_END, k.ap_dyn_end));
	check(nla_put_u32(m.get(), HPSM_KL_A_AP_ACTIVE, k.ap_active));
	check(nla_nest_end(m.get(), nest));
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

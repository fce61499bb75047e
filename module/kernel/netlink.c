// SPDX-License-Identifier: GPL-2.0
/*
 * The "hpsm" generic netlink family (ABI: include/uapi/hpsm.h).
 *
 * Reads top to bottom: policy, handlers, the ops table, the family.  The
 * family lives in the initial network namespace only (netnsok unset).  Dumps
 * resume from an index in cb->args[], never from a pointer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/version.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "../core/core_api.h"
#include "hpsm_glue.h"

static struct genl_family hpsm_family;

/*
 * One policy for the family; each command only looks at its own attributes.
 * NLA_POLICY_MAX/RANGE bounds are s16: wider bounds (CPU numbers) are
 * checked in the handlers, or nla_get_range_unsigned() WARNs.
 * Reply-only attributes are NLA_REJECT so that a request carrying them is
 * refused with an extack message rather than silently ignored.
 */
static const struct nla_policy hpsm_policy[HPSM_A_MAX + 1] = {
	[HPSM_A_PAD] = { .type = NLA_REJECT },
	[HPSM_A_CPU_ID] = { .type = NLA_REJECT },
	[HPSM_A_CPU_ONLINE] = { .type = NLA_REJECT },
	[HPSM_A_CPU_REACHED] = { .type = NLA_REJECT },
	[HPSM_A_CPU_UP_MASK] = { .type = NLA_REJECT },
	[HPSM_A_SEC_ID] = { .type = NLA_REJECT },
	[HPSM_A_SEC_NAME] = { .type = NLA_REJECT },
	[HPSM_A_SEC_KIND] = { .type = NLA_REJECT },
	[HPSM_A_SEC_STATE] = { .type = NLA_REJECT },
	[HPSM_A_SEC_STATE_NAME] = { .type = NLA_REJECT },
	[HPSM_A_CB] = { .type = NLA_REJECT },
	[HPSM_A_KSTATE] = { .type = NLA_REJECT },
	[HPSM_A_EV_SINCE] = { .type = NLA_U64 },
	[HPSM_A_EV_CPU] = { .type = NLA_U32 },	/* checked against nr_cpu_ids */
	[HPSM_A_EV_NEXT] = { .type = NLA_REJECT },
	[HPSM_A_EVENT] = { .type = NLA_REJECT },
	[HPSM_A_RING] = { .type = NLA_REJECT },
	[HPSM_A_STAT] = { .type = NLA_REJECT },
	[HPSM_A_CFG_OBSERVE] = NLA_POLICY_MAX(NLA_U8, 1),
	[HPSM_A_CFG_RING_SLOTS] = { .type = NLA_REJECT },
	[HPSM_A_CFG_NR_CPUS] = { .type = NLA_REJECT },
	[HPSM_A_CFG_KLAYOUT] = { .type = NLA_REJECT },
	[HPSM_A_INJ_CALLBACK] = { .type = NLA_NUL_STRING, .len = HPSM_NAME_MAX - 1 },
	[HPSM_A_INJ_SECTION] = NLA_POLICY_MAX(NLA_U32, HPSM_SEC_COUNT - 1),
	[HPSM_A_INJ_CPU] = { .type = NLA_U32 },	/* checked against the possible mask */
	[HPSM_A_INJ_ERRNO] = NLA_POLICY_RANGE(NLA_U32, 1, 4095),
	[HPSM_A_INJ_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 30000),
	[HPSM_A_INJ_CLEAR] = { .type = NLA_FLAG },
};

static void *hpsm_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &hpsm_family, NLM_F_MULTI, cmd);
}

/* The parsed request attributes of a dump (the struct changed in 6.2). */
static struct nlattr **hpsm_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* ---- HPSM_CMD_GET_CPUS ------------------------------------------------- */

static int hpsm_fill_cpu(struct sk_buff *skb, struct netlink_callback *cb, unsigned int cpu)
{
	struct hpsm_core_cpu pos;
	void *hdr;

	if (hpsm_core_cpu_get(cpu, &pos))
		return -ENOENT;
	hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_CPUS);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HPSM_A_CPU_ID, cpu) ||
	    nla_put_u8(skb, HPSM_A_CPU_ONLINE, cpu_online(cpu)) ||
	    nla_put_u32(skb, HPSM_A_CPU_REACHED, pos.reached) ||
	    nla_put_u64_64bit(skb, HPSM_A_CPU_UP_MASK, pos.up_mask, HPSM_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int hpsm_dump_cpus(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned int cpu;

	for (cpu = cb->args[0]; cpu < nr_cpu_ids; cpu++) {
		if (!cpu_possible(cpu))
			continue;
		if (hpsm_fill_cpu(skb, cb, cpu))
			break;
	}
	cb->args[0] = cpu;
	return skb->len;
}

/* ---- HPSM_CMD_GET_SECTIONS --------------------------------------------- */

static int hpsm_fill_section(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct hpsm_core_section *s)
{
	int state = hpsm_cpuhp_state_of(s->id);
	void *hdr;

	hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_SECTIONS);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HPSM_A_SEC_ID, s->id) ||
	    nla_put_string(skb, HPSM_A_SEC_NAME, s->name) ||
	    nla_put_u32(skb, HPSM_A_SEC_KIND, s->kind) ||
	    (state >= 0 && nla_put_u32(skb, HPSM_A_SEC_STATE, state)) ||
	    (s->state_name && nla_put_string(skb, HPSM_A_SEC_STATE_NAME, s->state_name))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int hpsm_dump_sections(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hpsm_core_section s;
	unsigned int i;

	for (i = cb->args[0]; hpsm_core_section_get(i, &s) == 0; i++)
		if (hpsm_fill_section(skb, cb, &s))
			break;
	cb->args[0] = i;
	return skb->len;
}

/* ---- HPSM_CMD_GET_STATES ------------------------------------------------ */

static int hpsm_fill_callback(struct sk_buff *skb, struct netlink_callback *cb, int id)
{
	struct hpsm_core_callback c;
	struct nlattr *nest;
	void *hdr;

	if (hpsm_core_callback_get(id, &c))
		return 0;	/* free slot: nothing to send */
	hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_STATES);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HPSM_A_CB);
	if (!nest ||
	    nla_put_u32(skb, HPSM_CB_A_ID, id) ||
	    nla_put_string(skb, HPSM_CB_A_NAME, c.name) ||
	    nla_put_u32(skb, HPSM_CB_A_SECTION, c.section) ||
	    nla_put_s32(skb, HPSM_CB_A_ORDER, c.order) ||
	    nla_put_u32(skb, HPSM_CB_A_FLAGS, c.flags) ||
	    (c.reason[0] && nla_put_string(skb, HPSM_CB_A_REASON, c.reason)) ||
	    (c.has_startup && nla_put_flag(skb, HPSM_CB_A_STARTUP)) ||
	    (c.has_teardown && nla_put_flag(skb, HPSM_CB_A_TEARDOWN)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Symbol names are resolved here, in process context, never in a probe. */
static int hpsm_put_sym(struct sk_buff *skb, int attr, const void *fn)
{
	char sym[KSYM_SYMBOL_LEN];

	if (!fn)
		return 0;
	snprintf(sym, sizeof(sym), "%ps", fn);
	return nla_put_string(skb, attr, sym);
}

static int hpsm_fill_kstate(struct sk_buff *skb, struct netlink_callback *cb, int state)
{
	const void *up = hpsm_core_kernel_fn(state, 0);
	const void *down = hpsm_core_kernel_fn(state, 1);
	struct nlattr *nest;
	void *hdr;

	if (!up && !down)
		return 0;	/* never seen */
	hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_STATES);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HPSM_A_KSTATE);
	if (!nest ||
	    nla_put_u32(skb, HPSM_KS_A_STATE, state) ||
	    hpsm_put_sym(skb, HPSM_KS_A_STARTUP_SYM, up) ||
	    hpsm_put_sym(skb, HPSM_KS_A_TEARDOWN_SYM, down))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* cb->args[0]: next position; callbacks first, then kernel states. */
static int hpsm_dump_states(struct sk_buff *skb, struct netlink_callback *cb)
{
	long pos;

	for (pos = cb->args[0]; pos < HPSM_MAX_CALLBACKS; pos++)
		if (hpsm_fill_callback(skb, cb, pos))
			goto out;
	for (; pos < HPSM_MAX_CALLBACKS + CPUHP_ONLINE + 1; pos++)
		if (hpsm_fill_kstate(skb, cb, pos - HPSM_MAX_CALLBACKS))
			goto out;
out:
	cb->args[0] = pos;
	return skb->len;
}

/* ---- HPSM_CMD_GET_EVENTS ------------------------------------------------- */

#define HPSM_EVENTS_PER_MSG 32

/* Dump state in cb->args: [0] next seq, [1] CPU filter + 1 (0: all), [2] done. */
static int hpsm_events_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = hpsm_dump_attrs(cb);

	cb->args[0] = attrs[HPSM_A_EV_SINCE] ? nla_get_u64(attrs[HPSM_A_EV_SINCE]) : 0;
	cb->args[1] = attrs[HPSM_A_EV_CPU] ? (unsigned long)nla_get_u32(attrs[HPSM_A_EV_CPU]) + 1 : 0;
	cb->args[2] = 0;
	return 0;
}

static int hpsm_put_event(struct sk_buff *skb, const struct hpsm_core_event *e)
{
	struct nlattr *nest = nla_nest_start(skb, HPSM_A_EVENT);

	if (!nest ||
	    nla_put_u64_64bit(skb, HPSM_EV_A_SEQ, e->seq, HPSM_EV_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_EV_A_TS, e->ts_ns, HPSM_EV_A_PAD) ||
	    nla_put_u32(skb, HPSM_EV_A_CPU, e->cpu) ||
	    nla_put_u32(skb, HPSM_EV_A_ON_CPU, e->on_cpu) ||
	    nla_put_u32(skb, HPSM_EV_A_KIND, e->kind) ||
	    nla_put_u32(skb, HPSM_EV_A_SOURCE, e->source) ||
	    nla_put_u32(skb, HPSM_EV_A_PHASE, e->phase) ||
	    nla_put_u32(skb, HPSM_EV_A_DIR, e->dir) ||
	    (e->phase == HPSM_PHASE_EXIT && nla_put_s32(skb, HPSM_EV_A_RET, e->ret)) ||
	    (e->target >= 0 && nla_put_s32(skb, HPSM_EV_A_TARGET, e->target)) ||
	    (e->state >= 0 && nla_put_s32(skb, HPSM_EV_A_STATE, e->state))) {
		/* A half-written nest would leak its members to the top level. */
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The last message: where to resume, and every ring's counters. */
static int hpsm_put_events_tail(struct sk_buff *skb, struct netlink_callback *cb, u64 next)
{
	unsigned long long written, dropped;
	struct nlattr *nest;
	unsigned int cpu;
	void *hdr;

	hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_EVENTS);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, HPSM_A_EV_NEXT, next, HPSM_A_PAD))
		goto cancel;
	for_each_possible_cpu(cpu) {
		hpsm_core_ring_stats(cpu, &written, &dropped);
		nest = nla_nest_start(skb, HPSM_A_RING);
		if (!nest ||
		    nla_put_u32(skb, HPSM_RING_A_CPU, cpu) ||
		    nla_put_u64_64bit(skb, HPSM_RING_A_WRITTEN, written, HPSM_RING_A_PAD) ||
		    nla_put_u64_64bit(skb, HPSM_RING_A_DROPPED, dropped, HPSM_RING_A_PAD))
			goto cancel;
		nla_nest_end(skb, nest);
	}
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Each round reads a batch below the recorder's horizon and sends it; the dump
 * ends at the horizon seen when the batch came back short.  No lock is held
 * between rounds (or at all): resuming is by sequence number only.
 */
static int hpsm_dump_events(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hpsm_core_event ev[HPSM_EVENTS_PER_MSG];
	int cpu = (int)cb->args[1] - 1;
	unsigned long long next;
	unsigned int n, i;
	void *hdr;

	if (cb->args[2])
		return 0;
	/*
	 * Checked here rather than in .start: 6.1 does not carry the extack
	 * message of a failed .start, but does carry that of a failed dumpit.
	 */
	if (cb->args[1] && (cb->args[1] > nr_cpu_ids || !cpu_possible(cb->args[1] - 1))) {
		NL_SET_ERR_MSG(cb->extack, "no such CPU");
		return -EINVAL;
	}
	for (;;) {
		n = hpsm_core_events_read(cb->args[0], cpu, ev, ARRAY_SIZE(ev), &next);
		if (!n) {
			/* Nothing (more) below the horizon: resume from it. */
			if (next > cb->args[0])
				cb->args[0] = next;
			break;
		}
		hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_EVENTS);
		if (!hdr)
			return skb->len;
		for (i = 0; i < n; i++) {
			if (hpsm_put_event(skb, &ev[i]))
				break;
		}
		if (i == 0) {
			genlmsg_cancel(skb, hdr);
			return skb->len;
		}
		genlmsg_end(skb, hdr);
		/* Resume after the last event that made it into the message. */
		cb->args[0] = ev[i - 1].seq + 1;
		if (i < n)
			return skb->len;
		if (n < ARRAY_SIZE(ev)) {
			cb->args[0] = next;
			break;
		}
		cond_resched();
	}
	if (hpsm_put_events_tail(skb, cb, cb->args[0]))
		return skb->len;
	cb->args[2] = 1;
	return skb->len;
}

/* ---- HPSM_CMD_GET_STATS -------------------------------------------------- */

static int hpsm_fill_stat(struct sk_buff *skb, struct netlink_callback *cb,
			  unsigned int slot, unsigned int dir)
{
	unsigned long long low, high;
	struct hpsm_core_stats st;
	struct nlattr *nest, *bnest;
	unsigned int i, count;
	void *hdr;

	if (hpsm_core_stats_get(slot, dir, &st))
		return 0;
	hdr = hpsm_dump_put(skb, cb, HPSM_CMD_GET_STATS);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HPSM_A_STAT);
	if (!nest ||
	    nla_put_u32(skb, HPSM_ST_A_KIND, st.kind) ||
	    nla_put_u32(skb, HPSM_ST_A_SOURCE, st.source) ||
	    nla_put_u32(skb, HPSM_ST_A_DIR, dir) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_COUNT, st.count, HPSM_ST_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_SUM_NS, st.sum_ns, HPSM_ST_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_MIN_NS, st.min_ns, HPSM_ST_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_MAX_NS, st.max_ns, HPSM_ST_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_P50_NS, st.p50_ns, HPSM_ST_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_P90_NS, st.p90_ns, HPSM_ST_A_PAD) ||
	    nla_put_u64_64bit(skb, HPSM_ST_A_P99_NS, st.p99_ns, HPSM_ST_A_PAD))
		goto cancel;
	for (i = 0; hpsm_core_stats_bucket(slot, dir, i, &low, &high, &count) == 0; i++) {
		bnest = nla_nest_start(skb, HPSM_ST_A_BUCKET);
		if (!bnest ||
		    nla_put_u64_64bit(skb, HPSM_BK_A_LOW, low, HPSM_BK_A_PAD) ||
		    nla_put_u64_64bit(skb, HPSM_BK_A_HIGH, high, HPSM_BK_A_PAD) ||
		    nla_put_u32(skb, HPSM_BK_A_COUNT, count))
			goto cancel;
		nla_nest_end(skb, bnest);
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* cb->args[0]: slot * HPSM_DIR_COUNT + dir of the next message. */
static int hpsm_dump_stats(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long pos, end = (unsigned long)hpsm_core_stats_slots() * HPSM_DIR_COUNT;

	for (pos = cb->args[0]; pos < end; pos++)
		if (hpsm_fill_stat(skb, cb, pos / HPSM_DIR_COUNT, pos % HPSM_DIR_COUNT))
			break;
	cb->args[0] = pos;
	return skb->len;
}

/* ---- HPSM_CMD_GET_CONFIG / SET_CONFIG / RESET ------------------------------ */

static int hpsm_put_klayout(struct sk_buff *skb)
{
	struct nlattr *nest = nla_nest_start(skb, HPSM_A_CFG_KLAYOUT);

	if (!nest ||
	    nla_put_u32(skb, HPSM_KL_A_ONLINE, CPUHP_ONLINE) ||
	    nla_put_u32(skb, HPSM_KL_A_BRINGUP, CPUHP_BRINGUP_CPU) ||
	    nla_put_u32(skb, HPSM_KL_A_TEARDOWN, CPUHP_TEARDOWN_CPU) ||
	    nla_put_u32(skb, HPSM_KL_A_AP_OFFLINE, CPUHP_AP_OFFLINE) ||
	    nla_put_u32(skb, HPSM_KL_A_AP_ONLINE_IDLE, CPUHP_AP_ONLINE_IDLE) ||
	    nla_put_u32(skb, HPSM_KL_A_BP_DYN, CPUHP_BP_PREPARE_DYN) ||
	    nla_put_u32(skb, HPSM_KL_A_BP_DYN_END, CPUHP_BP_PREPARE_DYN_END) ||
	    nla_put_u32(skb, HPSM_KL_A_AP_DYN, CPUHP_AP_ONLINE_DYN) ||
	    nla_put_u32(skb, HPSM_KL_A_AP_DYN_END, CPUHP_AP_ONLINE_DYN_END) ||
	    nla_put_u32(skb, HPSM_KL_A_AP_ACTIVE, CPUHP_AP_ACTIVE))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int hpsm_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hpsm_family, 0, HPSM_CMD_GET_CONFIG);
	if (!hdr ||
	    nla_put_u8(msg, HPSM_A_CFG_OBSERVE, hpsm_observer_on()) ||
	    nla_put_u32(msg, HPSM_A_CFG_RING_SLOTS, hpsm_core_ring_capacity()) ||
	    nla_put_u32(msg, HPSM_A_CFG_NR_CPUS, nr_cpu_ids) ||
	    hpsm_put_klayout(msg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int hpsm_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a = info->attrs[HPSM_A_CFG_OBSERVE];
	int ret;

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "nothing to set: give HPSM_A_CFG_OBSERVE");
		return -EINVAL;
	}
	ret = hpsm_observer_set(nla_get_u8(a));
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, a, "cannot attach to the cpuhp tracepoints");
	return ret;
}

static int hpsm_reset(struct sk_buff *skb, struct genl_info *info)
{
	hpsm_core_reset();
	return 0;
}

/* ---- HPSM_CMD_INJECT ----------------------------------------------------- */

static int hpsm_inject(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	const char *name = NULL;
	int section = -1, cpu = -1, ret;

	if (a[HPSM_A_INJ_CLEAR]) {
		if (a[HPSM_A_INJ_CALLBACK] || a[HPSM_A_INJ_SECTION] || a[HPSM_A_INJ_ERRNO] ||
		    a[HPSM_A_INJ_CPU] || a[HPSM_A_INJ_COUNT]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[HPSM_A_INJ_CLEAR], "clear takes no other attribute");
			return -EINVAL;
		}
		hpsm_core_inject_clear();
		return 0;
	}
	if (!!a[HPSM_A_INJ_CALLBACK] == !!a[HPSM_A_INJ_SECTION]) {
		NL_SET_ERR_MSG(info->extack, "give exactly one of a callback name or a section");
		return -EINVAL;
	}
	if (!a[HPSM_A_INJ_ERRNO]) {
		NL_SET_ERR_MSG(info->extack, "missing the errno to inject");
		return -EINVAL;
	}
	if (a[HPSM_A_INJ_CALLBACK])
		name = nla_data(a[HPSM_A_INJ_CALLBACK]);
	if (a[HPSM_A_INJ_SECTION])
		section = nla_get_u32(a[HPSM_A_INJ_SECTION]);
	if (a[HPSM_A_INJ_CPU]) {
		cpu = nla_get_u32(a[HPSM_A_INJ_CPU]);
		if (cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[HPSM_A_INJ_CPU], "no such CPU");
			return -EINVAL;
		}
	}
	ret = hpsm_core_inject(name, section, cpu, nla_get_u32(a[HPSM_A_INJ_ERRNO]),
			       a[HPSM_A_INJ_COUNT] ? nla_get_u32(a[HPSM_A_INJ_COUNT]) : 1);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, a[HPSM_A_INJ_CALLBACK], "no hpsm callback of that name");
	else if (ret == -EINVAL)
		NL_SET_ERR_MSG_ATTR(info->extack, a[HPSM_A_INJ_SECTION], "not a section with callbacks (PREP or AP)");
	else if (ret == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "all 8 injection slots are armed: clear first");
	return ret;
}

/* ---- multicast group "events" ------------------------------------------- */

/*
 * Live events reach listeners from a delayed work, in process context: a
 * probe never sends.  hpsm's PREP callbacks, which run on the control CPU in
 * process context at the start of every bring-up and the end of every
 * teardown, kick it (hpsm_netlink_kick); it then runs every HPSM_MC_PERIOD
 * for as long as events keep coming and stops when a round finds none, so an
 * idle machine has no timer armed.  With no listener it only moves its
 * cursor: a watch sees what happens after it started listening.
 */
#define HPSM_MC_PERIOD (HZ / 20)
#define HPSM_MC_IDLE_ROUNDS 20	/* one second without events */

static void hpsm_mc_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(hpsm_mc_work, hpsm_mc_work_fn);
static u64 hpsm_mc_next;	/* only the work touches it */
static bool hpsm_mc_started;
static unsigned int hpsm_mc_idle;	/* quiet rounds in a row */
/* Kicks are accepted while set; cleared under cpus_read_lock() (see below). */
static bool hpsm_nl_registered;

static int hpsm_mc_send_batch(void)
{
	struct hpsm_core_event ev[HPSM_EVENTS_PER_MSG];
	unsigned long long next;
	struct sk_buff *msg;
	unsigned int n, i;
	void *hdr;

	n = hpsm_core_events_read(hpsm_mc_next, -1, ev, ARRAY_SIZE(ev), &next);
	if (!n)
		return 0;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &hpsm_family, 0, HPSM_CMD_EVENTS);
	if (!hdr)
		goto drop;
	for (i = 0; i < n; i++)
		if (hpsm_put_event(msg, &ev[i]))
			break;
	if (!i)
		goto drop;
	hpsm_mc_next = ev[i - 1].seq + 1;
	if (i == n && n < ARRAY_SIZE(ev))
		hpsm_mc_next = next;
	if (nla_put_u64_64bit(msg, HPSM_A_EV_NEXT, hpsm_mc_next, HPSM_A_PAD))
		goto drop;
	genlmsg_end(msg, hdr);
	/* -ESRCH: the last listener left meanwhile. */
	genlmsg_multicast(&hpsm_family, msg, 0, 0, GFP_KERNEL);
	return i;
drop:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static void hpsm_mc_work_fn(struct work_struct *work)
{
	int sent, total = 0;

	if (!hpsm_mc_started || !genl_has_listeners(&hpsm_family, &init_net, 0)) {
		hpsm_mc_next = hpsm_core_next_seq();
		hpsm_mc_started = true;
		return;
	}
	do {
		sent = hpsm_mc_send_batch();
		if (sent > 0)
			total += sent;
		cond_resched();
	} while (sent == HPSM_EVENTS_PER_MSG);
	/*
	 * Keep going while events come, and for HPSM_MC_IDLE_ROUNDS quiet
	 * rounds after: between the end of the PREP sections and the AP's
	 * callbacks a bring-up can be silent for well over one period.
	 */
	hpsm_mc_idle = total ? 0 : hpsm_mc_idle + 1;
	if (hpsm_mc_idle < HPSM_MC_IDLE_ROUNDS)
		schedule_delayed_work(&hpsm_mc_work, HPSM_MC_PERIOD);
}

/* Called from hpsm's cpuhp callbacks, i.e. with CPU hotplug excluded. */
void hpsm_netlink_kick(void)
{
	WRITE_ONCE(hpsm_mc_idle, 0);
	if (READ_ONCE(hpsm_nl_registered))
		schedule_delayed_work(&hpsm_mc_work, HPSM_MC_PERIOD);
}

static const struct genl_multicast_group hpsm_mcgrps[] = {
	{ .name = HPSM_MCGRP_EVENTS },
};

/* ---- the family ---------------------------------------------------------- */

static const struct genl_ops hpsm_ops[] = {
	{
		.cmd = HPSM_CMD_GET_CPUS,
		.dumpit = hpsm_dump_cpus,
	},
	{
		.cmd = HPSM_CMD_GET_SECTIONS,
		.dumpit = hpsm_dump_sections,
	},
	{
		.cmd = HPSM_CMD_GET_STATES,
		.dumpit = hpsm_dump_states,
	},
	{
		.cmd = HPSM_CMD_GET_EVENTS,
		.start = hpsm_events_start,
		.dumpit = hpsm_dump_events,
	},
	{
		.cmd = HPSM_CMD_GET_STATS,
		.dumpit = hpsm_dump_stats,
	},
	{
		.cmd = HPSM_CMD_GET_CONFIG,
		.doit = hpsm_get_config,
	},
	{
		.cmd = HPSM_CMD_SET_CONFIG,
		.doit = hpsm_set_config,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HPSM_CMD_RESET,
		.doit = hpsm_reset,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HPSM_CMD_INJECT,
		.doit = hpsm_inject,
		.flags = GENL_ADMIN_PERM,
	},
};

/*
 * resv_start_op stays 0: every command gets strict validation of the header
 * and of its attributes.  netnsok stays false: the family exists in the
 * initial network namespace only.
 */
static struct genl_family hpsm_family __ro_after_init = {
	.name = HPSM_GENL_NAME,
	.version = HPSM_GENL_VERSION,
	.maxattr = HPSM_A_MAX,
	.policy = hpsm_policy,
	.module = THIS_MODULE,
	.ops = hpsm_ops,
	.n_ops = ARRAY_SIZE(hpsm_ops),
	.mcgrps = hpsm_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hpsm_mcgrps),
};

int hpsm_netlink_register(void)
{
	int ret = genl_register_family(&hpsm_family);

	if (!ret) {
		WRITE_ONCE(hpsm_nl_registered, true);
		hpsm_netlink_kick();	/* starts the cursor at "now" */
	}
	return ret;
}

void hpsm_netlink_unregister(void)
{
	/*
	 * Kicks come from cpuhp callbacks, which never run while we hold the
	 * hotplug lock for read: after this no new kick can queue the work.
	 */
	cpus_read_lock();
	WRITE_ONCE(hpsm_nl_registered, false);
	cpus_read_unlock();
	/* The work may re-arm itself, which cancel_delayed_work_sync() handles. */
	cancel_delayed_work_sync(&hpsm_mc_work);
	genl_unregister_family(&hpsm_family);
}

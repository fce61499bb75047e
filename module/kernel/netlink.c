// SPDX-License-Identifier: GPL-2.0
/*
 * The "hpsm" generic netlink family (ABI: include/uapi/hpsm.h).
 *
 * Reads top to bottom: policy, handlers, the ops table, the family.  The
 * family lives in the initial network namespace only (netnsok unset).  Dumps
 * resume from an index in cb->args[], never from a pointer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <net/genetlink.h>

#include "../core/core_api.h"
#include "hpsm_glue.h"

static struct genl_family hpsm_family;

/* Dump requests carry no attributes yet: anything sent is rejected. */
static const struct nla_policy hpsm_policy[HPSM_A_MAX + 1] = {
	[HPSM_A_CPU_ID] = { .type = NLA_REJECT },
};

/* ---- HPSM_CMD_GET_CPUS ------------------------------------------------- */

static int hpsm_fill_cpu(struct sk_buff *skb, struct netlink_callback *cb, unsigned int cpu)
{
	struct hpsm_core_cpu pos;
	void *hdr;

	if (hpsm_core_cpu_get(cpu, &pos))
		return -ENOENT;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &hpsm_family, NLM_F_MULTI, HPSM_CMD_GET_CPUS);
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

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &hpsm_family, NLM_F_MULTI, HPSM_CMD_GET_SECTIONS);
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
};

static struct genl_family hpsm_family __ro_after_init = {
	.name = HPSM_GENL_NAME,
	.version = HPSM_GENL_VERSION,
	.maxattr = HPSM_A_MAX,
	.policy = hpsm_policy,
	.module = THIS_MODULE,
	.ops = hpsm_ops,
	.n_ops = ARRAY_SIZE(hpsm_ops),
	.resv_start_op = __HPSM_CMD_MAX,
};

int hpsm_netlink_register(void)
{
	return genl_register_family(&hpsm_family);
}

void hpsm_netlink_unregister(void)
{
	genl_unregister_family(&hpsm_family);
}

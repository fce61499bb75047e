/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hpsm: CPU-hotplug state machine mirror — the userspace ABI.
 *
 * This header is the one place the ABI is described.  It is plain C with no
 * includes so that the kernel glue, the freestanding C++ core and hpsmctl all
 * share it unchanged.
 *
 * Generic netlink family HPSM_GENL_NAME ("hpsm"), version HPSM_GENL_VERSION,
 * initial network namespace only.  Integers are host-endian, strings are
 * NUL-terminated, u64 values carry HPSM_A_PAD alignment.  Every request is
 * validated strictly against a policy; a rejection carries an extack
 * message.  Commands that change state need CAP_NET_ADMIN (GENL_ADMIN_PERM).
 *
 * Dumps (NLM_F_DUMP), unprivileged:
 *   HPSM_CMD_GET_CPUS      one message per possible CPU: HPSM_A_CPU_*
 *   HPSM_CMD_GET_SECTIONS  one message per row of the layout: HPSM_A_SEC_*
 *   HPSM_CMD_GET_STATES    one message per installed hpsm callback
 *                          (HPSM_A_CB nest) and one per kernel state the
 *                          observer has seen (HPSM_A_KSTATE nest)
 *   HPSM_CMD_GET_EVENTS    request: HPSM_A_EV_SINCE (u64, default 0),
 *                          HPSM_A_EV_CPU (u32, optional filter on the
 *                          hotplugged CPU).  Replies carry batches of
 *                          HPSM_A_EVENT nests in sequence order; only the
 *                          LAST message of the dump carries HPSM_A_EV_NEXT (u64):
 *                          the SINCE of the next incremental read, and one
 *                          HPSM_A_RING nest per CPU with its written/dropped
 *                          counters.  A reader that always resumes from NEXT
 *                          sees every event exactly once; a sequence number it
 *                          never sees was dropped (ring overflow) or filtered.
 *   HPSM_CMD_GET_STATS     one message per (source, direction) with samples:
 *                          HPSM_A_STAT nest, with HPSM_ST_A_BUCKET nests
 *
 * Do requests:
 *   HPSM_CMD_GET_CONFIG    reply: HPSM_A_CFG_* (unprivileged)
 *   HPSM_CMD_SET_CONFIG    HPSM_A_CFG_OBSERVE (u8 0/1)            admin
 *   HPSM_CMD_RESET         forget events and statistics          admin
 *   HPSM_CMD_INJECT        arm a startup failure                 admin
 *                          HPSM_A_INJ_CALLBACK (string, an hpsm callback
 *                          name) or HPSM_A_INJ_SECTION (u32, a PREP or AP
 *                          section: fails the section before its callbacks),
 *                          HPSM_A_INJ_CPU (u32, default any), HPSM_A_INJ_ERRNO
 *                          (u32 1..4095, positive), HPSM_A_INJ_COUNT (u32
 *                          1..30000, default 1).  HPSM_A_INJ_CLEAR (flag)
 *                          alone disarms everything.
 *
 * Multicast group HPSM_MCGRP_EVENTS ("events"): HPSM_CMD_EVENTS messages, each
 * a batch of HPSM_A_EVENT nests, sent from process context shortly after the
 * events were recorded (never from a probe).
 */
#ifndef _UAPI_HPSM_H
#define _UAPI_HPSM_H

#define HPSM_GENL_NAME		"hpsm"
#define HPSM_GENL_VERSION	1

#define HPSM_NAME_MAX		32	/* callback names, including the NUL */
#define HPSM_REASON_MAX		128	/* asymmetry reasons, including the NUL */
#define HPSM_MAX_CALLBACKS	64	/* in all sections together */

/*
 * The mirrored layout of the RFC (seed/cpu-hotplug-state-machine-rfc.txt).
 * Startup runs top to bottom, teardown bottom to top.  The values are ABI.
 */
enum hpsm_section {
	HPSM_SEC_OFFLINE,	/* start state */
	HPSM_SEC_PREP_HW,	/* control CPU: kick the CPU into life / let it die */
	HPSM_SEC_PREP_DATA,	/* control CPU: data structures set up / freed */
	HPSM_SEC_PREP_THREADS,	/* control CPU: create per-CPU threads */
	HPSM_SEC_SYNC_UP,	/* checkpoint: control CPU hands over to the AP */
	HPSM_SEC_INIT_HW,	/* hotplugged CPU: interrupts, timers ... */
	HPSM_SEC_SCHED_LOCAL,	/* hotplugged CPU: unpark/park per-CPU threads */
	HPSM_SEC_ENABLE,	/* hotplugged CPU: enable/disable facilities */
	HPSM_SEC_SYNC_DOWN,	/* checkpoint: AP done, CPU handed to the scheduler */
	HPSM_SEC_SCHED,		/* kernel: CPU exposed to / removed from the scheduler */
	HPSM_SEC_ONLINE,	/* final state */
	HPSM_SEC_COUNT
};

/* What a row of the layout is. */
enum hpsm_section_kind {
	HPSM_SECKIND_START,	/* OFFLINE */
	HPSM_SECKIND_PREP,	/* callbacks on the control CPU, may fail */
	HPSM_SECKIND_SYNC,	/* checkpoint recorded by hpsm, no callbacks */
	HPSM_SECKIND_AP,	/* callbacks on the hotplugged CPU, may fail */
	HPSM_SECKIND_KERNEL,	/* owned by the kernel, observed only */
	HPSM_SECKIND_COUNT
};

/* Who produced an event or a statistic. */
enum hpsm_source_kind {
	HPSM_SRC_KERNEL,	/* a kernel cpuhp state (source = state number) */
	HPSM_SRC_KERNEL_MULTI,	/* a kernel multi-instance state */
	HPSM_SRC_CALLBACK,	/* an hpsm callback (source = callback id) */
	HPSM_SRC_SYNC,		/* an hpsm SYNC checkpoint (source = enum hpsm_section) */
};

enum hpsm_phase {
	HPSM_PHASE_ENTER,
	HPSM_PHASE_EXIT,
};

enum hpsm_dir {
	HPSM_DIR_UP,		/* bring-up */
	HPSM_DIR_DOWN,		/* teardown */
	HPSM_DIR_ROLLBACK_DOWN,	/* teardown undoing a failed bring-up */
	HPSM_DIR_ROLLBACK_UP,	/* startup undoing a failed teardown */
	HPSM_DIR_COUNT
};

enum hpsm_cmd {
	HPSM_CMD_UNSPEC,
	HPSM_CMD_GET_CPUS,
	HPSM_CMD_GET_SECTIONS,
	HPSM_CMD_GET_STATES,
	HPSM_CMD_GET_EVENTS,
	HPSM_CMD_GET_STATS,
	HPSM_CMD_GET_CONFIG,
	HPSM_CMD_SET_CONFIG,
	HPSM_CMD_RESET,
	HPSM_CMD_INJECT,
	HPSM_CMD_EVENTS,	/* multicast notification */
	__HPSM_CMD_MAX
};
#define HPSM_CMD_MAX (__HPSM_CMD_MAX - 1)

#define HPSM_MCGRP_EVENTS	"events"

/* Top-level attributes. */
enum hpsm_attr {
	HPSM_A_UNSPEC,
	HPSM_A_PAD,
	HPSM_A_CPU_ID,		/* u32 */
	HPSM_A_CPU_ONLINE,	/* u8 */
	HPSM_A_CPU_REACHED,	/* u32, enum hpsm_section: last section passed */
	HPSM_A_CPU_UP_MASK,	/* u64, bit n: callback id n is up on this CPU */
	HPSM_A_SEC_ID,		/* u32, enum hpsm_section */
	HPSM_A_SEC_NAME,	/* string */
	HPSM_A_SEC_KIND,	/* u32, enum hpsm_section_kind */
	HPSM_A_SEC_STATE,	/* u32, the real cpuhp state carrying it */
	HPSM_A_SEC_STATE_NAME,	/* string */
	HPSM_A_CB,		/* nest, enum hpsm_cb_attr */
	HPSM_A_KSTATE,		/* nest, enum hpsm_kstate_attr */
	HPSM_A_EV_SINCE,	/* u64 (request) */
	HPSM_A_EV_CPU,		/* u32 (request) */
	HPSM_A_EV_NEXT,		/* u64 (reply, last message) */
	HPSM_A_EVENT,		/* nest, enum hpsm_event_attr */
	HPSM_A_RING,		/* nest, enum hpsm_ring_attr */
	HPSM_A_STAT,		/* nest, enum hpsm_stat_attr */
	HPSM_A_CFG_OBSERVE,	/* u8 */
	HPSM_A_CFG_RING_SLOTS,	/* u32, records per CPU ring (read-only) */
	HPSM_A_CFG_NR_CPUS,	/* u32 */
	HPSM_A_CFG_KLAYOUT,	/* nest, enum hpsm_klayout_attr (read-only) */
	HPSM_A_INJ_CALLBACK,	/* string */
	HPSM_A_INJ_SECTION,	/* u32 */
	HPSM_A_INJ_CPU,		/* u32 */
	HPSM_A_INJ_ERRNO,	/* u32 */
	HPSM_A_INJ_COUNT,	/* u32 */
	HPSM_A_INJ_CLEAR,	/* flag */
	__HPSM_A_MAX
};
#define HPSM_A_MAX (__HPSM_A_MAX - 1)

/* HPSM_A_CB: an installed hpsm callback. */
enum hpsm_cb_attr {
	HPSM_CB_A_UNSPEC,
	HPSM_CB_A_ID,		/* u32 */
	HPSM_CB_A_NAME,		/* string */
	HPSM_CB_A_SECTION,	/* u32, enum hpsm_section */
	HPSM_CB_A_ORDER,	/* s32 */
	HPSM_CB_A_FLAGS,	/* u32, HPSM_CB_* of include/hpsm/hpsm.h */
	HPSM_CB_A_REASON,	/* string, only when declared asymmetric */
	HPSM_CB_A_STARTUP,	/* flag: has a startup */
	HPSM_CB_A_TEARDOWN,	/* flag: has a teardown */
	__HPSM_CB_A_MAX
};
#define HPSM_CB_A_MAX (__HPSM_CB_A_MAX - 1)

/* HPSM_A_KSTATE: a kernel state seen by the observer. */
enum hpsm_kstate_attr {
	HPSM_KS_A_UNSPEC,
	HPSM_KS_A_STATE,	/* u32 */
	HPSM_KS_A_STARTUP_SYM,	/* string, "%ps" of the startup last seen */
	HPSM_KS_A_TEARDOWN_SYM,	/* string, "%ps" of the teardown last seen */
	__HPSM_KS_A_MAX
};
#define HPSM_KS_A_MAX (__HPSM_KS_A_MAX - 1)

/* HPSM_A_EVENT: one recorded callback entry or exit. */
enum hpsm_event_attr {
	HPSM_EV_A_UNSPEC,
	HPSM_EV_A_PAD,
	HPSM_EV_A_SEQ,		/* u64, global sequence number */
	HPSM_EV_A_TS,		/* u64, ns, NMI-safe monotonic clock */
	HPSM_EV_A_CPU,		/* u32, the hotplugged CPU */
	HPSM_EV_A_ON_CPU,	/* u32, the CPU that ran the callback */
	HPSM_EV_A_KIND,		/* u32, enum hpsm_source_kind */
	HPSM_EV_A_SOURCE,	/* u32 */
	HPSM_EV_A_PHASE,	/* u32, enum hpsm_phase */
	HPSM_EV_A_DIR,		/* u32, enum hpsm_dir */
	HPSM_EV_A_RET,		/* s32, exit only */
	HPSM_EV_A_TARGET,	/* s32, kernel enter: target state (absent when unknown) */
	HPSM_EV_A_STATE,	/* s32, kernel exit: state after the step (absent when unknown) */
	__HPSM_EV_A_MAX
};
#define HPSM_EV_A_MAX (__HPSM_EV_A_MAX - 1)

/* HPSM_A_RING: one CPU's ring. */
enum hpsm_ring_attr {
	HPSM_RING_A_UNSPEC,
	HPSM_RING_A_PAD,
	HPSM_RING_A_CPU,	/* u32 */
	HPSM_RING_A_WRITTEN,	/* u64, since the last reset */
	HPSM_RING_A_DROPPED,	/* u64, overwritten before read */
	__HPSM_RING_A_MAX
};
#define HPSM_RING_A_MAX (__HPSM_RING_A_MAX - 1)

/* HPSM_A_STAT: latency of one (source, direction). */
enum hpsm_stat_attr {
	HPSM_ST_A_UNSPEC,
	HPSM_ST_A_PAD,
	HPSM_ST_A_KIND,		/* u32, enum hpsm_source_kind */
	HPSM_ST_A_SOURCE,	/* u32 */
	HPSM_ST_A_DIR,		/* u32, enum hpsm_dir */
	HPSM_ST_A_COUNT,	/* u64 */
	HPSM_ST_A_SUM_NS,		/* u64, ns */
	HPSM_ST_A_MIN_NS,		/* u64, ns */
	HPSM_ST_A_MAX_NS,		/* u64, ns */
	HPSM_ST_A_P50_NS,		/* u64, ns, within 3.2% */
	HPSM_ST_A_P90_NS,		/* u64, ns */
	HPSM_ST_A_P99_NS,		/* u64, ns */
	HPSM_ST_A_BUCKET,	/* nest, enum hpsm_bucket_attr, non-empty buckets only */
	__HPSM_ST_A_MAX
};
#define HPSM_ST_A_MAX (__HPSM_ST_A_MAX - 1)

enum hpsm_bucket_attr {
	HPSM_BK_A_UNSPEC,
	HPSM_BK_A_PAD,
	HPSM_BK_A_LOW,		/* u64, ns, inclusive */
	HPSM_BK_A_HIGH,		/* u64, ns, exclusive */
	HPSM_BK_A_COUNT,	/* u32 */
	__HPSM_BK_A_MAX
};
#define HPSM_BK_A_MAX (__HPSM_BK_A_MAX - 1)

/* HPSM_A_CFG_KLAYOUT: the kernel's state numbers hpsm was built against. */
enum hpsm_klayout_attr {
	HPSM_KL_A_UNSPEC,
	HPSM_KL_A_ONLINE,	/* u32, CPUHP_ONLINE */
	HPSM_KL_A_BRINGUP,	/* u32, CPUHP_BRINGUP_CPU */
	HPSM_KL_A_TEARDOWN,	/* u32, CPUHP_TEARDOWN_CPU */
	HPSM_KL_A_AP_OFFLINE,	/* u32, CPUHP_AP_OFFLINE */
	HPSM_KL_A_AP_ONLINE_IDLE, /* u32, CPUHP_AP_ONLINE_IDLE */
	HPSM_KL_A_BP_DYN,	/* u32, CPUHP_BP_PREPARE_DYN */
	HPSM_KL_A_BP_DYN_END,	/* u32 */
	HPSM_KL_A_AP_DYN,	/* u32, CPUHP_AP_ONLINE_DYN */
	HPSM_KL_A_AP_DYN_END,	/* u32 */
	HPSM_KL_A_AP_ACTIVE,	/* u32, CPUHP_AP_ACTIVE */
	__HPSM_KL_A_MAX
};
#define HPSM_KL_A_MAX (__HPSM_KL_A_MAX - 1)

#endif /* _UAPI_HPSM_H */

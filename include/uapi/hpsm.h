/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hpsm: CPU-hotplug state machine mirror — the userspace ABI.
 *
 * This header is the one place the ABI is described.  It is plain C with no
 * includes so that the kernel glue, the freestanding C++ core and hpsmctl all
 * share it unchanged.
 *
 * Generic netlink family HPSM_GENL_NAME, version HPSM_GENL_VERSION.
 *
 *   HPSM_CMD_GET_CPUS (dump, unprivileged)
 *	One message per possible CPU:
 *	  HPSM_A_CPU_ID       u32  CPU number
 *	  HPSM_A_CPU_ONLINE   u8   1 when the kernel reports the CPU online
 *	  HPSM_A_CPU_REACHED  u32  the highest enum hpsm_section whose hpsm
 *	                           callbacks have all run on this CPU
 *	                           (HPSM_SEC_OFFLINE when none has)
 *	  HPSM_A_CPU_UP_MASK  u64  bit n set: callback id n has run its startup
 *	                           on this CPU and not yet its teardown
 *
 *   HPSM_CMD_GET_SECTIONS (dump, unprivileged)
 *	One message per row of the mirrored layout, in layout order:
 *	  HPSM_A_SEC_ID        u32     enum hpsm_section
 *	  HPSM_A_SEC_NAME      string  "prep_hw", "sync", ...
 *	  HPSM_A_SEC_KIND      u32     enum hpsm_section_kind
 *	  HPSM_A_SEC_STATE     u32     the real cpuhp state number carrying the
 *	                               section (only for callback sections)
 *	  HPSM_A_SEC_STATE_NAME string "hpsm:prep_hw" (only for callback sections)
 *
 * Integers are host-endian (NLA_U32/NLA_U64), strings NUL-terminated.
 */
#ifndef _UAPI_HPSM_H
#define _UAPI_HPSM_H

#define HPSM_GENL_NAME		"hpsm"
#define HPSM_GENL_VERSION	1

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
};

enum hpsm_cmd {
	HPSM_CMD_UNSPEC,
	HPSM_CMD_GET_CPUS,
	HPSM_CMD_GET_SECTIONS,
	__HPSM_CMD_MAX
};
#define HPSM_CMD_MAX (__HPSM_CMD_MAX - 1)

enum hpsm_attr {
	HPSM_A_UNSPEC,
	HPSM_A_CPU_ID,		/* u32 */
	HPSM_A_CPU_ONLINE,	/* u8 */
	HPSM_A_CPU_REACHED,	/* u32, enum hpsm_section */
	HPSM_A_CPU_UP_MASK,	/* u64 */
	HPSM_A_SEC_ID,		/* u32, enum hpsm_section */
	HPSM_A_SEC_NAME,	/* string */
	HPSM_A_SEC_KIND,	/* u32, enum hpsm_section_kind */
	HPSM_A_SEC_STATE,	/* u32 */
	HPSM_A_SEC_STATE_NAME,	/* string */
	HPSM_A_PAD,
	__HPSM_A_MAX
};
#define HPSM_A_MAX (__HPSM_A_MAX - 1)

#endif /* _UAPI_HPSM_H */

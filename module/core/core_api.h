/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core_api.h — what the C glue calls in the C++ core.  Plain C.
 *
 * The glue holds no logic: each kernel entry point (cpuhp callback, exported
 * client function, netlink handler) forwards to exactly one function here.
 */
#ifndef HPSM_CORE_API_H
#define HPSM_CORE_API_H

#include "../../include/hpsm/hpsm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's state numbers hpsm needs (from <linux/cpuhotplug.h>). */
struct hpsm_core_layout {
	int online;		/* CPUHP_ONLINE */
	int bringup;		/* CPUHP_BRINGUP_CPU */
	int teardown;		/* CPUHP_TEARDOWN_CPU */
	int ap_offline;		/* CPUHP_AP_OFFLINE */
	int ap_online_idle;	/* CPUHP_AP_ONLINE_IDLE */
	int bp_dyn;		/* CPUHP_BP_PREPARE_DYN */
	int bp_dyn_end;		/* CPUHP_BP_PREPARE_DYN_END */
	int ap_dyn;		/* CPUHP_AP_ONLINE_DYN */
	int ap_dyn_end;		/* CPUHP_AP_ONLINE_DYN_END */
	int ap_active;		/* CPUHP_AP_ACTIVE */
};

/* Module init/exit.  Process context.  @ring_slots: records per CPU ring. */
int hpsm_core_init(unsigned int nr_cpu_ids, const struct hpsm_core_layout *layout, unsigned int ring_slots);
void hpsm_core_exit(void);

/* The kernel's cpuhp tracepoints.  Any context, never sleeps or locks. */
void hpsm_core_kernel_enter(unsigned int cpu, int target, int state, const void *fn, int multi);
void hpsm_core_kernel_exit(unsigned int cpu, int state_after, int state, int ret);

/* The real cpuhp state carrying @section ran its startup/teardown for @cpu. */
int hpsm_core_section_startup(unsigned int section, unsigned int cpu);
void hpsm_core_section_teardown(unsigned int section, unsigned int cpu);

/* Client API (include/hpsm/hpsm.h), exported by module/kernel/api.c. */
int hpsm_core_install(const struct hpsm_callback *cb, int calls);
int hpsm_core_remove(int id, int calls);

/* Per-CPU position, for the netlink dump.  A racy snapshot is fine. */
struct hpsm_core_cpu {
	unsigned int reached;		/* enum hpsm_section */
	unsigned long long up_mask;	/* callback ids that are up */
};
int hpsm_core_cpu_get(unsigned int cpu, struct hpsm_core_cpu *out);

/* The layout, for the netlink dump.  Returns 0 or -ENOENT past the end. */
struct hpsm_core_section {
	unsigned int id;
	unsigned int kind;		/* enum hpsm_section_kind */
	const char *name;
	const char *state_name;		/* NULL for checkpoints and kernel rows */
	int carrier;			/* 0 none, 1 BP prepare dyn, 2 AP online dyn */
};
int hpsm_core_section_get(unsigned int index, struct hpsm_core_section *out);

/* ---- recorded events (a copy of the core's records) ---- */
struct hpsm_core_event {
	unsigned long long seq;
	unsigned long long ts_ns;
	unsigned int cpu;	/* hotplugged CPU */
	unsigned int on_cpu;	/* executing CPU */
	unsigned int source;	/* kernel state, callback id or section */
	unsigned int kind;	/* enum hpsm_source_kind */
	unsigned int phase;	/* enum hpsm_phase */
	unsigned int dir;	/* enum hpsm_dir */
	int ret;		/* exit */
	int target;		/* kernel enter; -1 otherwise */
	int state;		/* kernel exit; -1 otherwise */
};

/*
 * Up to @max events with seq >= @since (all CPUs when @cpu < 0), in seq order;
 * *next is where to resume.  Any context, takes no lock.
 */
unsigned int hpsm_core_events_read(unsigned long long since, int cpu, struct hpsm_core_event *out,
				   unsigned int max, unsigned long long *next);
/* Records written since the last reset on @cpu's ring, and dropped of them. */
void hpsm_core_ring_stats(unsigned int cpu, unsigned long long *written, unsigned long long *dropped);
unsigned int hpsm_core_ring_capacity(void);
unsigned long long hpsm_core_next_seq(void);

/* ---- latency statistics ---- */
struct hpsm_core_stats {
	unsigned int kind;	/* enum hpsm_source_kind of the slot */
	unsigned int source;	/* kernel state, callback id or section */
	unsigned long long count, sum_ns, min_ns, max_ns, p50_ns, p90_ns, p99_ns;
};
unsigned int hpsm_core_stats_slots(void);
/* 0, or -ENOENT when the slot/direction has no samples or does not exist. */
int hpsm_core_stats_get(unsigned int slot, unsigned int dir, struct hpsm_core_stats *out);
/* The @index-th non-empty bucket of a slot: [low, high) and its count; -ENOENT past the end. */
int hpsm_core_stats_bucket(unsigned int slot, unsigned int dir, unsigned int index, unsigned long long *low,
			   unsigned long long *high, unsigned int *count);

/* The callback symbol last seen for a kernel state (0 startup, 1 teardown). */
const void *hpsm_core_kernel_fn(int state, int teardown);
/* An installed hpsm callback: 0, or -ENOENT. */
struct hpsm_core_callback {
	char name[HPSM_NAME_MAX];
	char reason[HPSM_REASON_MAX];	/* "" unless declared asymmetric */
	unsigned int section;
	int order;
	unsigned int flags;
	int has_startup, has_teardown;
};
int hpsm_core_callback_get(int id, struct hpsm_core_callback *out);

/*
 * Arm a startup failure: @callback (a name) or, when NULL, @section; @cpu -1
 * for any.  0, -ENOENT (no such callback), -EINVAL, -ENOSPC (8 armed).
 */
int hpsm_core_inject(const char *callback, int section, int cpu, int error, unsigned int count);
void hpsm_core_inject_clear(void);

/* Forget events and statistics.  Process context; excludes hotplug. */
void hpsm_core_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* HPSM_CORE_API_H */

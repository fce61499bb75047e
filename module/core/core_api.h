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

/* Module init/exit.  Process context. */
int hpsm_core_init(unsigned int nr_cpu_ids);
void hpsm_core_exit(void);

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

#ifdef __cplusplus
}
#endif

#endif /* HPSM_CORE_API_H */

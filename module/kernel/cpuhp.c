// SPDX-License-Identifier: GPL-2.0
/*
 * Registration of hpsm's callback sections on the kernel's real dynamic
 * cpuhp states.  The core's layout table says which sections exist, their
 * state names and which dynamic range carries them; this file only forwards.
 *
 * Slots in a dynamic range are taken first-free, so registering in layout
 * order makes /sys/devices/system/cpu/hotplug/states list the sections in the
 * RFC's order.  The number cpuhp_setup_state() returns is kept and is the
 * only one ever passed to cpuhp_remove_state(): state numbers move between
 * kernel builds.
 *
 * Teardowns return 0 always: a non-zero teardown during cpuhp_remove_state()
 * hits a BUG_ON in the kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuhotplug.h>
#include <linux/errno.h>
#include <linux/bug.h>
#include <linux/kernel.h>

#include "../core/core_api.h"
#include "hpsm_glue.h"

/*
 * One pair of trampolines per section: cpuhp callbacks carry no argument.
 * PREP sections run in process context on the control CPU at the start of a
 * bring-up and the end of a teardown: they wake the live event sender.
 */
#define HPSM_SECTION_CALLBACKS(sec, kick)					\
static int hpsm_up_##sec(unsigned int cpu)					\
{										\
	if (kick)								\
		hpsm_netlink_kick();						\
	return hpsm_core_section_startup(HPSM_SEC_##sec, cpu);			\
}										\
static int hpsm_down_##sec(unsigned int cpu)					\
{										\
	hpsm_core_section_teardown(HPSM_SEC_##sec, cpu);			\
	if (kick)								\
		hpsm_netlink_kick();						\
	return 0;								\
}

HPSM_SECTION_CALLBACKS(PREP_HW, true)
HPSM_SECTION_CALLBACKS(PREP_DATA, false)
HPSM_SECTION_CALLBACKS(PREP_THREADS, false)
HPSM_SECTION_CALLBACKS(INIT_HW, false)
HPSM_SECTION_CALLBACKS(SCHED_LOCAL, false)
HPSM_SECTION_CALLBACKS(ENABLE, false)

struct hpsm_trampolines {
	int (*startup)(unsigned int cpu);
	int (*teardown)(unsigned int cpu);
};

#define HPSM_TRAMPOLINES(sec) [HPSM_SEC_##sec] = { hpsm_up_##sec, hpsm_down_##sec }

static const struct hpsm_trampolines hpsm_trampolines[HPSM_SEC_COUNT] = {
	HPSM_TRAMPOLINES(PREP_HW),
	HPSM_TRAMPOLINES(PREP_DATA),
	HPSM_TRAMPOLINES(PREP_THREADS),
	HPSM_TRAMPOLINES(INIT_HW),
	HPSM_TRAMPOLINES(SCHED_LOCAL),
	HPSM_TRAMPOLINES(ENABLE),
};

/* The dynamic state number of each registered section, 0 when none. */
static int hpsm_states[HPSM_SEC_COUNT];

static const enum cpuhp_state hpsm_ranges[] = {
	[1] = CPUHP_BP_PREPARE_DYN,
	[2] = CPUHP_AP_ONLINE_DYN,
};

int hpsm_cpuhp_state_of(unsigned int section)
{
	if (section >= HPSM_SEC_COUNT || !hpsm_states[section])
		return -1;
	return hpsm_states[section];
}

void hpsm_cpuhp_unregister(void)
{
	int i;

	for (i = HPSM_SEC_COUNT - 1; i >= 0; i--) {
		if (!hpsm_states[i])
			continue;
		cpuhp_remove_state(hpsm_states[i]);
		hpsm_states[i] = 0;
	}
}

int hpsm_cpuhp_register(void)
{
	struct hpsm_core_section s;
	unsigned int i;
	int ret;

	for (i = 0; hpsm_core_section_get(i, &s) == 0; i++) {
		if (s.carrier <= 0)
			continue;
		if (WARN_ON(s.carrier >= ARRAY_SIZE(hpsm_ranges) || !hpsm_trampolines[i].startup)) {
			ret = -EINVAL;
			goto err;
		}
		ret = cpuhp_setup_state(hpsm_ranges[s.carrier], s.state_name,
					hpsm_trampolines[i].startup,
					hpsm_trampolines[i].teardown);
		if (ret < 0) {
			pr_err("cannot register %s: %d\n", s.state_name, ret);
			goto err;
		}
		hpsm_states[i] = ret;
	}
	return 0;
err:
	hpsm_cpuhp_unregister();
	return ret;
}

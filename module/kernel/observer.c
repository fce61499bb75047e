// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel observer: probes on the kernel's own cpuhp tracepoints.
 *
 * cpuhp_enter, cpuhp_multi_enter and cpuhp_exit are not exported, so they are
 * found by name with for_each_kernel_tracepoint() and attached with
 * tracepoint_probe_register().  Probes run with preemption off, on the
 * control CPU or on the hotplugged CPU's cpuhp thread; they only forward to
 * the core, which records without allocating, sleeping or locking.
 *
 * Attach/detach is serialised by hpsm_observer_mutex; detach waits with
 * tracepoint_synchronize_unregister() so no probe is running on return.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "../core/core_api.h"
#include "hpsm_glue.h"

static struct tracepoint *hpsm_tp_enter, *hpsm_tp_multi_enter, *hpsm_tp_exit;
static bool hpsm_observing;
static DEFINE_MUTEX(hpsm_observer_mutex);

static void hpsm_probe_enter(void *data, unsigned int cpu, int target, int idx,
			     int (*fun)(unsigned int))
{
	hpsm_core_kernel_enter(cpu, target, idx, fun, 0);
}

static void hpsm_probe_multi_enter(void *data, unsigned int cpu, int target, int idx,
				   int (*fun)(unsigned int, struct hlist_node *),
				   struct hlist_node *node)
{
	hpsm_core_kernel_enter(cpu, target, idx, fun, 1);
}

static void hpsm_probe_exit(void *data, unsigned int cpu, int state, int idx, int ret)
{
	hpsm_core_kernel_exit(cpu, state, idx, ret);
}

static void hpsm_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "cpuhp_enter"))
		hpsm_tp_enter = tp;
	else if (!strcmp(tp->name, "cpuhp_multi_enter"))
		hpsm_tp_multi_enter = tp;
	else if (!strcmp(tp->name, "cpuhp_exit"))
		hpsm_tp_exit = tp;
}

static void hpsm_detach_locked(void)
{
	if (!hpsm_observing)
		return;
	tracepoint_probe_unregister(hpsm_tp_exit, hpsm_probe_exit, NULL);
	tracepoint_probe_unregister(hpsm_tp_multi_enter, hpsm_probe_multi_enter, NULL);
	tracepoint_probe_unregister(hpsm_tp_enter, hpsm_probe_enter, NULL);
	tracepoint_synchronize_unregister();
	hpsm_observing = false;
}

static int hpsm_attach_locked(void)
{
	int ret;

	if (hpsm_observing)
		return 0;
	if (!hpsm_tp_enter || !hpsm_tp_multi_enter || !hpsm_tp_exit) {
		pr_err("cpuhp tracepoints not found: kernel observer unavailable\n");
		return -ENOENT;
	}
	/* Exit probe first: an exit without an entry is counted, not misread. */
	ret = tracepoint_probe_register(hpsm_tp_exit, hpsm_probe_exit, NULL);
	if (ret)
		goto err;
	ret = tracepoint_probe_register(hpsm_tp_multi_enter, hpsm_probe_multi_enter, NULL);
	if (ret)
		goto err_exit;
	ret = tracepoint_probe_register(hpsm_tp_enter, hpsm_probe_enter, NULL);
	if (ret)
		goto err_multi;
	hpsm_observing = true;
	return 0;

err_multi:
	tracepoint_probe_unregister(hpsm_tp_multi_enter, hpsm_probe_multi_enter, NULL);
err_exit:
	tracepoint_probe_unregister(hpsm_tp_exit, hpsm_probe_exit, NULL);
	tracepoint_synchronize_unregister();
err:
	pr_err("cannot attach to the cpuhp tracepoints: %d\n", ret);
	return ret;
}

int hpsm_observer_set(bool on)
{
	int ret = 0;

	mutex_lock(&hpsm_observer_mutex);
	if (on)
		ret = hpsm_attach_locked();
	else
		hpsm_detach_locked();
	mutex_unlock(&hpsm_observer_mutex);
	return ret;
}

bool hpsm_observer_on(void)
{
	return READ_ONCE(hpsm_observing);
}

int hpsm_observer_init(bool on)
{
	for_each_kernel_tracepoint(hpsm_find_tracepoint, NULL);
	return on ? hpsm_observer_set(true) : 0;
}

void hpsm_observer_exit(void)
{
	hpsm_observer_set(false);
}

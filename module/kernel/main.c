// SPDX-License-Identifier: GPL-2.0
/*
 * hpsm.ko: module init and exit.  Init runs top to bottom; every failure
 * unwinds what was done, in exact reverse, and exit is the same unwinding.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/version.h>

#include "../core/core_api.h"
#include "hpsm_glue.h"

static bool hpsm_loaded;

static unsigned int ring_slots = 4096;
module_param(ring_slots, uint, 0444);
MODULE_PARM_DESC(ring_slots, "records per CPU ring, rounded up to a power of two (16..16M, 32 bytes each)");

static bool observe = true;

static int hpsm_observe_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	/* At load time the observer attaches in hpsm_init(). */
	if (!hpsm_loaded) {
		observe = on;
		return 0;
	}
	ret = hpsm_observer_set(on);
	if (!ret)
		observe = on;
	return ret;
}

static int hpsm_observe_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%c\n", hpsm_loaded ? (hpsm_observer_on() ? 'Y' : 'N') : (observe ? 'Y' : 'N'));
}

static const struct kernel_param_ops hpsm_observe_ops = {
	.set = hpsm_observe_set,
	.get = hpsm_observe_get,
};
module_param_cb(observe, &hpsm_observe_ops, NULL, 0644);
MODULE_PARM_DESC(observe, "record the kernel's own cpuhp callbacks (attach to the cpuhp tracepoints)");

/* The state numbers of the kernel this module is built for. */
static const struct hpsm_core_layout hpsm_layout = {
	.online = CPUHP_ONLINE,
	.bringup = CPUHP_BRINGUP_CPU,
	.teardown = CPUHP_TEARDOWN_CPU,
	.ap_offline = CPUHP_AP_OFFLINE,
	.ap_online_idle = CPUHP_AP_ONLINE_IDLE,
	.bp_dyn = CPUHP_BP_PREPARE_DYN,
	.bp_dyn_end = CPUHP_BP_PREPARE_DYN_END,
	.ap_dyn = CPUHP_AP_ONLINE_DYN,
	.ap_dyn_end = CPUHP_AP_ONLINE_DYN_END,
	.ap_active = CPUHP_AP_ACTIVE,
};

static int __init hpsm_init(void)
{
	int ret;

	if (ring_slots < 16 || ring_slots > (1u << 24)) {
		pr_err("ring_slots=%u is outside 16..16777216\n", ring_slots);
		return -EINVAL;
	}
	ret = hpsm_core_init(nr_cpu_ids, &hpsm_layout, ring_slots);
	if (ret)
		return ret;
	/* Observe first, so that hpsm's own registration is recorded too. */
	ret = hpsm_observer_init(observe);
	if (ret)
		goto err_core;
	ret = hpsm_cpuhp_register();
	if (ret)
		goto err_observer;
	ret = hpsm_netlink_register();
	if (ret)
		goto err_cpuhp;
	hpsm_loaded = true;
	pr_info("loaded: six sections on the real cpuhp states, %u possible CPUs, %u records per CPU, observer %s\n",
		nr_cpu_ids, hpsm_core_ring_capacity(), hpsm_observer_on() ? "on" : "off");
	return 0;

err_cpuhp:
	hpsm_cpuhp_unregister();
err_observer:
	hpsm_observer_exit();
err_core:
	hpsm_core_exit();
	return ret;
}

static void __exit hpsm_exit(void)
{
	hpsm_loaded = false;
	hpsm_netlink_unregister();
	hpsm_cpuhp_unregister();
	hpsm_observer_exit();
	hpsm_core_exit();
	pr_info("unloaded\n");
}

module_init(hpsm_init);
module_exit(hpsm_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("CPU-hotplug state machine mirror and auditor");
MODULE_VERSION(HPSM_VERSION_STRING);

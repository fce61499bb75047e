// SPDX-License-Identifier: GPL-2.0
/*
 * hpsm.ko: module init and exit.  Init runs top to bottom; every failure
 * unwinds what was done, in exact reverse, and exit is the same unwinding.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/cpumask.h>

#include "../core/core_api.h"
#include "hpsm_glue.h"

static int __init hpsm_init(void)
{
	int ret;

	ret = hpsm_core_init(nr_cpu_ids);
	if (ret)
		return ret;
	ret = hpsm_cpuhp_register();
	if (ret)
		goto err_core;
	ret = hpsm_netlink_register();
	if (ret)
		goto err_cpuhp;
	pr_info("loaded: six sections on the real cpuhp states, %u possible CPUs\n", nr_cpu_ids);
	return 0;

err_cpuhp:
	hpsm_cpuhp_unregister();
err_core:
	hpsm_core_exit();
	return ret;
}

static void __exit hpsm_exit(void)
{
	hpsm_netlink_unregister();
	hpsm_cpuhp_unregister();
	hpsm_core_exit();
	pr_info("unloaded\n");
}

module_init(hpsm_init);
module_exit(hpsm_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("CPU-hotplug state machine mirror and auditor");
MODULE_VERSION(HPSM_VERSION_STRING);

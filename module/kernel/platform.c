// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of module/core/platform.h: each function is one kernel call.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "../core/platform.h"

/* Serialises installers; nests inside cpus_read_lock(). */
static DEFINE_MUTEX(hpsm_install_mutex);

void *hpsm_plat_zalloc(size_t bytes)
{
	return kvzalloc(bytes, GFP_KERNEL);
}

void hpsm_plat_free(void *p)
{
	kvfree(p);
}

unsigned int hpsm_plat_nr_cpu_ids(void)
{
	return nr_cpu_ids;
}

unsigned int hpsm_plat_this_cpu(void)
{
	return raw_smp_processor_id();
}

int hpsm_plat_cpu_online(unsigned int cpu)
{
	return cpu_online(cpu);
}

int hpsm_plat_cpu_active(unsigned int cpu)
{
	return cpu_active(cpu);
}

unsigned long hpsm_plat_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

void hpsm_plat_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

unsigned long long hpsm_plat_clock_ns(void)
{
	return ktime_get_mono_fast_ns();
}

void hpsm_plat_exclude_hotplug(void)
{
	cpus_read_lock();
	mutex_lock(&hpsm_install_mutex);
}

void hpsm_plat_allow_hotplug(void)
{
	mutex_unlock(&hpsm_install_mutex);
	cpus_read_unlock();
}

struct hpsm_on_cpu {
	int (*fn)(void *arg);
	void *arg;
};

static long hpsm_on_cpu_fn(void *data)
{
	struct hpsm_on_cpu *call = data;

	return call->fn(call->arg);
}

int hpsm_plat_run_on_cpu(unsigned int cpu, int (*fn)(void *arg), void *arg)
{
	struct hpsm_on_cpu call = { .fn = fn, .arg = arg };

	return work_on_cpu(cpu, hpsm_on_cpu_fn, &call);
}

void hpsm_plat_log(int level, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	switch (level) {
	case HPSM_LOG_ERR:
		pr_err("%pV", &vaf);
		break;
	case HPSM_LOG_WARN:
		pr_warn("%pV", &vaf);
		break;
	case HPSM_LOG_INFO:
		pr_info("%pV", &vaf);
		break;
	default:
		pr_debug("%pV", &vaf);
		break;
	}
	va_end(args);
}

void hpsm_plat_invariant_failed(const char *what, const char *file, int line)
{
	WARN(1, "hpsm: invariant broken: %s at %s:%d\n", what, file, line);
}

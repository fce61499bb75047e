/* SPDX-License-Identifier: GPL-2.0 */
/*
 * platform.h — the only door from the C++ core to the kernel.
 *
 * Implemented by module/kernel/platform.c in the module and by
 * tests/unit/fake_platform.cpp in userspace.  Plain C so that both sides
 * compile it; every function states the context it may be called from.
 */
#ifndef HPSM_PLATFORM_H
#define HPSM_PLATFORM_H

#ifdef __cplusplus
extern "C" {
#endif

enum hpsm_plat_level { HPSM_LOG_ERR, HPSM_LOG_WARN, HPSM_LOG_INFO, HPSM_LOG_DEBUG };

/* Zeroed memory.  Process context, may sleep: init and install paths only. */
void *hpsm_plat_zalloc(__SIZE_TYPE__ bytes);
void hpsm_plat_free(void *p);

/* Highest possible CPU number + 1 (nr_cpu_ids).  Any context. */
unsigned int hpsm_plat_nr_cpu_ids(void);
/* The CPU running the caller; the caller must not migrate (any context). */
unsigned int hpsm_plat_this_cpu(void);
/* cpu_online(cpu) / cpu_active(cpu).  Any context. */
int hpsm_plat_cpu_online(unsigned int cpu);
int hpsm_plat_cpu_active(unsigned int cpu);

/*
 * Disable / restore local interrupts (local_irq_save).  Any context.  While
 * off, hpsm_plat_this_cpu() is stable and nothing else runs on this CPU.
 */
unsigned long hpsm_plat_irq_save(void);
void hpsm_plat_irq_restore(unsigned long flags);

/* NMI-safe monotonic clock in ns (ktime_get_mono_fast_ns).  Any context. */
unsigned long long hpsm_plat_clock_ns(void);

/*
 * Exclude CPU hotplug and other installers (cpus_read_lock + hpsm's mutex, in
 * that order).  Process context, sleeps.  Never from a hotplug callback.
 */
void hpsm_plat_exclude_hotplug(void);
void hpsm_plat_allow_hotplug(void);

/*
 * Run fn(arg) in process context on @cpu and return its result (work_on_cpu).
 * Caller holds hpsm_plat_exclude_hotplug() and @cpu is online.
 */
int hpsm_plat_run_on_cpu(unsigned int cpu, int (*fn)(void *arg), void *arg);

/* printk at the given level, prefixed "hpsm: ".  Any context. */
void hpsm_plat_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A broken invariant: WARN_ONCE in the kernel, a test failure in userspace. */
void hpsm_plat_invariant_failed(const char *what, const char *file, int line);

#ifdef __cplusplus
}
#endif

#endif /* HPSM_PLATFORM_H */

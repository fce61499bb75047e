// SPDX-License-Identifier: GPL-2.0
//
// module/core/platform.h for the benchmark: the smallest userspace machine
// that runs the recorder and observer.  Unlike tests/unit/fake_platform.cpp it
// checks nothing (no GoogleTest), so that it adds no cost of its own; the
// clock is the one the fake platform reads, CLOCK_MONOTONIC.
#include "platform.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace {
thread_local unsigned t_this_cpu = 0;
thread_local bool t_irqs_off = false;
std::mutex g_hotplug_lock;
} // namespace

extern "C" void *hpsm_plat_zalloc(size_t bytes)
{
	return std::calloc(1, bytes);
}

extern "C" void hpsm_plat_free(void *p)
{
	std::free(p);
}

extern "C" unsigned int hpsm_plat_nr_cpu_ids(void)
{
	return 4;
}

extern "C" unsigned int hpsm_plat_this_cpu(void)
{
	return t_this_cpu;
}

extern "C" int hpsm_plat_cpu_online(unsigned int)
{
	return 1;
}

extern "C" int hpsm_plat_cpu_active(unsigned int)
{
	return 1;
}

extern "C" unsigned long hpsm_plat_irq_save(void)
{
	const unsigned long was_off = t_irqs_off;
	t_irqs_off = true;
	return was_off;
}

extern "C" void hpsm_plat_irq_restore(unsigned long flags)
{
	t_irqs_off = flags != 0;
}

extern "C" unsigned long long hpsm_plat_clock_ns(void)
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<unsigned long long>(ts.tv_sec) * 1000000000ull + static_cast<unsigned long long>(ts.tv_nsec);
}

extern "C" void hpsm_plat_exclude_hotplug(void)
{
	g_hotplug_lock.lock();
}

extern "C" void hpsm_plat_allow_hotplug(void)
{
	g_hotplug_lock.unlock();
}

extern "C" int hpsm_plat_run_on_cpu(unsigned int cpu, int (*fn)(void *arg), void *arg)
{
	const unsigned saved = t_this_cpu;
	t_this_cpu = cpu;
	const int ret = fn(arg);
	t_this_cpu = saved;
	return ret;
}

extern "C" void hpsm_plat_log(int level, const char *fmt, ...)
{
	if (level > HPSM_LOG_WARN)
		return;
	va_list args;
	va_start(args, fmt);
	std::vfprintf(stderr, fmt, args);
	va_end(args);
}

extern "C" void hpsm_plat_invariant_failed(const char *what, const char *file, int line)
{
	std::fprintf(stderr, "hpsm invariant broken: %s at %s:%d\n", what, file, line);
	std::abort();
}

// SPDX-License-Identifier: GPL-2.0
//
// module/core/platform.h for userspace.  Every rule the kernel side relies on
// that can be checked here is checked with a gtest failure, so a core change
// that breaks a platform contract fails the test that exercised it.
#include "fake_platform.h"

#include "platform.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace fake {
namespace {

struct State {
	unsigned nr_cpus = 0;
	std::vector<bool> online;
	std::vector<bool> active;
	bool in_transition = false;
	unsigned acquisitions = 0;
	unsigned releases = 0;
	std::vector<RunOnCpu> run_on_cpu;
	std::vector<LogLine> log;
	long live_allocations = 0;
	bool expect_invariants = false;
	std::vector<std::string> invariants;
};

State g_state;
std::mutex g_hotplug_lock;
// The clock is read from several threads by the recorder tests.
std::atomic<bool> g_clock_frozen{false};
std::atomic<unsigned long long> g_clock_ns{0};
thread_local unsigned t_this_cpu = 0;
thread_local bool t_holds_lock = false;
thread_local bool t_irqs_off = false;

bool valid_cpu(unsigned cpu)
{
	if (cpu < g_state.nr_cpus)
		return true;
	ADD_FAILURE() << "cpu" << cpu << " is not a possible CPU (nr_cpu_ids " << g_state.nr_cpus << ")";
	return false;
}

} // namespace

void reset(unsigned nr_cpus)
{
	// A test that leaked the lock has already failed; free it for the next.
	if (t_holds_lock) {
		t_holds_lock = false;
		g_hotplug_lock.unlock();
	}
	g_state = State();
	g_state.nr_cpus = nr_cpus;
	g_state.online.assign(nr_cpus, false);
	g_state.active.assign(nr_cpus, false);
	t_this_cpu = 0;
	t_irqs_off = false;
	real_clock();
}

void freeze_clock(unsigned long long ns)
{
	g_clock_ns.store(ns);
	g_clock_frozen.store(true);
}

void advance_clock(unsigned long long ns)
{
	EXPECT_TRUE(g_clock_frozen.load()) << "advance_clock() needs freeze_clock() first";
	g_clock_ns.fetch_add(ns);
}

void real_clock()
{
	g_clock_frozen.store(false);
}

unsigned nr_cpus()
{
	return g_state.nr_cpus;
}

void set_online(unsigned cpu, bool on)
{
	if (valid_cpu(cpu))
		g_state.online[cpu] = on;
}

bool online(unsigned cpu)
{
	return cpu < g_state.nr_cpus && g_state.online[cpu];
}

void set_active(unsigned cpu, bool on)
{
	if (valid_cpu(cpu))
		g_state.active[cpu] = on;
}

bool active(unsigned cpu)
{
	return cpu < g_state.nr_cpus && g_state.active[cpu];
}

bool irqs_off()
{
	return t_irqs_off;
}

void set_this_cpu(unsigned cpu)
{
	if (valid_cpu(cpu))
		t_this_cpu = cpu;
}

unsigned this_cpu()
{
	return t_this_cpu;
}

void set_in_transition(bool on)
{
	g_state.in_transition = on;
}

bool excluded()
{
	return t_holds_lock;
}
unsigned lock_acquisitions()
{
	return g_state.acquisitions;
}
unsigned lock_releases()
{
	return g_state.releases;
}

const std::vector<RunOnCpu> &run_on_cpu_calls()
{
	return g_state.run_on_cpu;
}
void clear_run_on_cpu_calls()
{
	g_state.run_on_cpu.clear();
}

const std::vector<LogLine> &log()
{
	return g_state.log;
}
void clear_log()
{
	g_state.log.clear();
}

unsigned log_count(int level)
{
	unsigned n = 0;
	for (const LogLine &l : g_state.log)
		n += l.level == level;
	return n;
}

std::string log_text()
{
	static const char *const kLevels[] = {"err", "warn", "info", "debug"};
	std::string all;
	for (const LogLine &l : g_state.log) {
		all += l.level >= 0 && l.level <= 3 ? kLevels[l.level] : "?";
		all += ": " + l.text;
	}
	return all;
}

long live_allocations()
{
	return g_state.live_allocations;
}

void expect_invariant_failures(bool expect)
{
	g_state.expect_invariants = expect;
}
const std::vector<std::string> &invariant_failures()
{
	return g_state.invariants;
}

} // namespace fake

using fake::g_state;

extern "C" void *hpsm_plat_zalloc(size_t bytes)
{
	EXPECT_FALSE(fake::t_irqs_off) << "hpsm_plat_zalloc() may sleep: not with interrupts off";
	void *p = std::calloc(1, bytes);
	if (p != nullptr)
		g_state.live_allocations++;
	return p;
}

extern "C" void hpsm_plat_free(void *p)
{
	if (p != nullptr)
		g_state.live_allocations--;
	std::free(p);
}

extern "C" unsigned int hpsm_plat_nr_cpu_ids(void)
{
	return g_state.nr_cpus;
}

extern "C" unsigned int hpsm_plat_this_cpu(void)
{
	return fake::t_this_cpu;
}

extern "C" int hpsm_plat_cpu_online(unsigned int cpu)
{
	fake::valid_cpu(cpu);
	return fake::online(cpu);
}

extern "C" int hpsm_plat_cpu_active(unsigned int cpu)
{
	fake::valid_cpu(cpu);
	return fake::active(cpu);
}

// local_irq_save(): the flags say whether interrupts were already off.
extern "C" unsigned long hpsm_plat_irq_save(void)
{
	const unsigned long was_off = fake::t_irqs_off;
	fake::t_irqs_off = true;
	return was_off;
}

extern "C" void hpsm_plat_irq_restore(unsigned long flags)
{
	EXPECT_TRUE(fake::t_irqs_off) << "hpsm_plat_irq_restore() with interrupts on";
	fake::t_irqs_off = flags != 0;
}

extern "C" unsigned long long hpsm_plat_clock_ns(void)
{
	if (fake::g_clock_frozen.load(std::memory_order_relaxed))
		return fake::g_clock_ns.load(std::memory_order_relaxed);
	const auto now = std::chrono::steady_clock::now().time_since_epoch();
	return std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
}

// cpus_read_lock() + a mutex in the kernel: not recursive, and a deadlock
// inside a hotplug transition.  Report instead of hanging the test.
extern "C" void hpsm_plat_exclude_hotplug(void)
{
	EXPECT_FALSE(fake::t_irqs_off) << "hpsm_plat_exclude_hotplug() sleeps: not with interrupts off";
	if (g_state.in_transition) {
		ADD_FAILURE() << "hpsm_plat_exclude_hotplug() inside a hotplug transition";
		return;
	}
	if (fake::t_holds_lock) {
		ADD_FAILURE() << "hpsm_plat_exclude_hotplug() while already holding it";
		return;
	}
	fake::g_hotplug_lock.lock();
	fake::t_holds_lock = true;
	g_state.acquisitions++;
}

extern "C" void hpsm_plat_allow_hotplug(void)
{
	if (!fake::t_holds_lock) {
		ADD_FAILURE() << "hpsm_plat_allow_hotplug() without hpsm_plat_exclude_hotplug()";
		return;
	}
	fake::t_holds_lock = false;
	g_state.releases++;
	fake::g_hotplug_lock.unlock();
}

// work_on_cpu(): the caller must exclude hotplug and the CPU must be online,
// or the work would run on whichever CPU the workqueue falls back to.
extern "C" int hpsm_plat_run_on_cpu(unsigned int cpu, int (*fn)(void *arg), void *arg)
{
	EXPECT_TRUE(fake::t_holds_lock) << "run_on_cpu(" << cpu << ") without excluding hotplug";
	EXPECT_TRUE(fake::online(cpu)) << "run_on_cpu(" << cpu << ") on an offline CPU";
	EXPECT_FALSE(fake::t_irqs_off) << "run_on_cpu(" << cpu << ") sleeps: not with interrupts off";
	g_state.run_on_cpu.push_back({fake::t_this_cpu, cpu});
	fake::OnCpu on(cpu);
	return fn(arg);
}

extern "C" void hpsm_plat_log(int level, const char *fmt, ...)
{
	char buf[512];
	va_list args;

	va_start(args, fmt);
	std::vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	g_state.log.push_back({level, buf});
}

extern "C" void hpsm_plat_invariant_failed(const char *what, const char *file, int line)
{
	std::string where = std::string(what) + " at " + file + ":" + std::to_string(line);
	g_state.invariants.push_back(where);
	if (!g_state.expect_invariants)
		ADD_FAILURE() << "hpsm invariant broken: " << where;
}

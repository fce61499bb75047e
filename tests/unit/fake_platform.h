// SPDX-License-Identifier: GPL-2.0
//
// The userspace side of module/core/platform.h: a simulated machine the tests
// can set up and inspect.  One global instance, reset by every test.
//
//  - CPUs: a settable online mask and a "current CPU" per thread;
//    hpsm_plat_run_on_cpu() switches the current CPU while it calls fn.
//  - The hotplug exclusion lock is a real std::mutex; the fake also checks
//    that it is balanced, never nested and never taken inside a transition.
//  - Log lines and broken invariants are captured for the tests to assert.
#pragma once

#include "platform.h" // enum hpsm_plat_level

#include <cstdint>
#include <string>
#include <vector>

namespace fake {

struct LogLine {
	int level; // enum hpsm_plat_level
	std::string text;
};

// One hpsm_plat_run_on_cpu() call: from which CPU to which.
struct RunOnCpu {
	unsigned from;
	unsigned cpu;
};

// Forgets everything: @nr_cpus possible CPUs, all offline, current CPU 0.
void reset(unsigned nr_cpus);

unsigned nr_cpus();
void set_online(unsigned cpu, bool online);
bool online(unsigned cpu);
// cpu_active(): online and exposed to the scheduler (sched:active, the top
// state: set last on the way up, cleared first on the way down).
void set_active(unsigned cpu, bool active);
bool active(unsigned cpu);
// Local interrupts of the calling thread's CPU (hpsm_plat_irq_save()).
bool irqs_off();
void set_this_cpu(unsigned cpu);
unsigned this_cpu();

// Set while the fake kernel runs a transition (it holds the hotplug lock for
// write then): taking the exclusion lock there would deadlock a real kernel.
void set_in_transition(bool on);

// The exclusion lock as seen from the calling thread, and its history.
bool excluded();
unsigned lock_acquisitions();
unsigned lock_releases();

const std::vector<RunOnCpu> &run_on_cpu_calls();
void clear_run_on_cpu_calls();

const std::vector<LogLine> &log();
void clear_log();
unsigned log_count(int level);
std::string log_text(); // every captured line, for failure messages

// hpsm_plat_clock_ns(): the real monotonic clock (CLOCK_MONOTONIC) by
// default; a test that needs exact durations freezes it at a value and moves
// it by hand.  reset() returns to the real clock.
void freeze_clock(unsigned long long ns);
void advance_clock(unsigned long long ns); // frozen clock only
void real_clock();

// Outstanding hpsm_plat_zalloc() blocks.
long live_allocations();

// By default a broken invariant fails the running test.  A test that breaks
// one on purpose says so first and then inspects invariant_failures().
void expect_invariant_failures(bool expect);
const std::vector<std::string> &invariant_failures();

// A scope that runs on another CPU, restoring the previous one on exit.
class OnCpu {
      public:
	explicit OnCpu(unsigned cpu) : saved_(this_cpu()) { set_this_cpu(cpu); }
	~OnCpu() { set_this_cpu(saved_); }
	OnCpu(const OnCpu &) = delete;
	OnCpu &operator=(const OnCpu &) = delete;

      private:
	unsigned saved_;
};

} // namespace fake

// SPDX-License-Identifier: GPL-2.0
//
// Test support: a fake kernel that drives the core like the real cpuhp core
// drives hpsm's six states, probe callbacks that journal every call, and the
// fixture every core test starts from.
#pragma once

#include "fake_platform.h"

#include "core_api.h"
#include "machine.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

namespace hpsm {
extern Machine g_machine;   // core_api.cpp: the one the C API drives
extern Observer g_observer; // core_api.cpp: its recorder and statistics
} // namespace hpsm

namespace testing_hpsm {

using hpsm::u32;
using hpsm::u64;

// The six callback sections in layout order, written out independently of
// the core's table so that a change to the table shows up as a test failure.
inline constexpr u32 kCallbackSections[] = {
    HPSM_SEC_PREP_HW, HPSM_SEC_PREP_DATA,   HPSM_SEC_PREP_THREADS,
    HPSM_SEC_INIT_HW, HPSM_SEC_SCHED_LOCAL, HPSM_SEC_ENABLE,
};

constexpr bool is_ap(u32 s)
{
	return s >= HPSM_SEC_INIT_HW && s <= HPSM_SEC_ENABLE;
}

const char *section_name(u32 s); // "prep_hw" ... for test names and messages

// State numbers of a recent x86 kernel (they move between builds; the core
// only relies on their order) and the per-CPU ring size the tests load with.
extern const hpsm_core_layout kLayout;
inline constexpr unsigned kRingSlots = 256;

// The real cpuhp core for hpsm's states, one transition at a time.
class FakeKernel {
      public:
	// Module load: the core is initialised and the six states are registered
	// in layout order, each one started at once on every online CPU like
	// cpuhp_setup_state() does (PREP on behalf, from the control CPU).
	void load(unsigned nr_cpus, unsigned nr_online);

	// _cpu_up(): PREP sections on a control CPU while @cpu is offline, then
	// @cpu goes online and runs the AP sections itself, and becomes active
	// (sched:active) last.  A failing section rolls back the completed ones
	// in reverse and leaves @cpu offline.
	int cpu_up(unsigned cpu);
	// _cpu_down(): the exact reverse, starting with sched:active.
	void cpu_down(unsigned cpu);

	// Lowest online CPU other than @target: where BP work runs.
	unsigned control_cpu(unsigned target) const;

	// Called after every section step, for tests that watch the position.
	void (*after_step)(u32 section, bool up, unsigned cpu, void *arg) = nullptr;
	void *after_step_arg = nullptr;

	// Emit the kernel's cpuhp_enter/cpuhp_exit tracepoints around each of
	// hpsm's states (to hpsm_core_kernel_enter/exit, on the CPU running the
	// state), like the real kernel does for every state.  Off by default.
	bool trace = false;
	// The cpuhp state number carrying @section (kLayout's dynamic ranges).
	static int state_of(u32 section);

      private:
	void step_down(u32 section, unsigned cpu, unsigned control);
	void roll_back(const std::vector<u32> &done, unsigned cpu, unsigned control, int ret);
	void trace_point(unsigned on, unsigned cpu, bool enter, int a, int state, int ret);
};

// One call of a probe's startup or teardown.
struct Event {
	std::string name;
	bool up;
	unsigned cpu;            // the CPU the call was for
	unsigned ran_on;         // the current CPU during the call
	bool excluded;           // hpsm held the hotplug exclusion lock
	u64 up_mask;             // the core's up mask of @cpu during the call
	std::string str() const; // "+name@cpu" / "-name@cpu"
};

// The core's recorded events from @since (all CPUs when @cpu < 0), read the
// way the netlink dump reads them, through hpsm_core_events_read().
std::vector<hpsm_core_event> recorded_events(unsigned long long since = 0, int cpu = -1);
// Only those of one source kind (HPSM_SRC_*).
std::vector<hpsm_core_event> recorded_events_of(unsigned kind, unsigned long long since = 0);
// The statistics of (kind, source, dir), found by scanning every slot like
// the netlink dump does; false when there are none.
bool find_stats(unsigned kind, unsigned source, unsigned dir, hpsm_core_stats *out);

// The journal every probe writes to, cleared by each test.
std::vector<Event> &journal();
std::vector<std::string> journal_strs();

// A callback that journals its calls and fails on demand.
struct Probe {
	std::string name;
	u32 section = HPSM_SEC_PREP_HW;
	int order = 0;
	int id = -1;
	int fail_ret = 0;  // returned by the startup while non-zero
	int fail_cpu = -1; // only for this CPU; -1: every CPU
	bool has_startup = true;
	bool has_teardown = true;
	const char *reason = nullptr;

	hpsm_callback desc(); // the hpsm_callback describing this probe
};

// Every test starts with the fake platform reset, the core loaded on a
// machine of kCpus CPUs (the first kOnline online), an empty journal and an
// empty log; it ends checking that the lock is balanced and no invariant
// broke, then unloads the core.
class CoreTest : public ::testing::Test {
      protected:
	static constexpr unsigned kCpus = 4;
	static constexpr unsigned kOnline = 3;

	void SetUp() override;
	void TearDown() override;

	// Creates a probe (stable address); not installed yet.
	Probe &probe(const std::string &name, u32 section, int order = 0);
	// Creates and installs a probe with calls; fails the test on error.
	Probe &add(const std::string &name, u32 section, int order = 0);
	Probe &add_nocalls(const std::string &name, u32 section, int order = 0);
	int install(Probe &p, bool calls = true);

	void clear(); // journal, log and run_on_cpu record
	hpsm_core_cpu position(unsigned cpu);
	u64 bits(std::initializer_list<const Probe *> probes);
	std::vector<int> section_ids(u32 section); // run order of a section
	bool nothing_installed();

	FakeKernel kernel;
	hpsm::Machine &machine = hpsm::g_machine;

      private:
	std::deque<Probe> probes_;
};

} // namespace testing_hpsm

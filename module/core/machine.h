// SPDX-License-Identifier: GPL-2.0
//
// The callback array: every hpsm callback, per section in its run order, and
// per CPU exactly which callbacks have run their startup.
//
// Invariants (checked where they can break):
//  - list_[s] holds the ids of section s's callbacks sorted by (order, seq);
//    startups run in that order, teardowns in exact reverse.
//  - cpus_[c].up bit i is set iff callback i's startup has run on (or for) CPU
//    c and its teardown has not.  A callback without a startup counts as run.
//  - cpus_[c].sections bit s is set iff section s's startup completed on c and
//    its teardown has not started.
//  - Writers: the real cpuhp callbacks (the kernel holds the hotplug lock for
//    write) and install/remove (which hold it for read plus hpsm's mutex), so
//    no two writers ever run at once and no lock is needed here.
#pragma once

#include "types.h"
#include "sections.h"
#include "../../include/hpsm/hpsm.h"
#include "observer.h"

namespace hpsm {

struct Callback {
	char name[HPSM_NAME_MAX] = {};
	char reason[HPSM_REASON_MAX] = {};
	int (*startup)(unsigned int cpu, void *priv) = nullptr;
	void (*teardown)(unsigned int cpu, void *priv) = nullptr;
	void *priv = nullptr;
	u64 seq = 0; // installation sequence: ties on order keep install order
	s32 order = 0;
	u32 flags = 0;
	u32 section = 0;
	bool used = false;
};

// A failure armed by HPSM_CMD_INJECT: the next @count startups of callback
// @id (or of section @section, before any of its callbacks) on @cpu (-1: any)
// return -@error instead of running.
struct Fault {
	s32 id = -1;
	s32 section = -1;
	s32 cpu = -1;
	s32 error = 0;
	u32 count = 0; // 0: slot free
};
inline constexpr unsigned int kMaxFaults = 8;

struct CpuPosition {
	u64 up = 0;
	u32 sections = 0;
};

static_assert(HPSM_MAX_CALLBACKS <= 64, "CpuPosition::up is one bit per callback");

class Machine {
public:
	constexpr Machine() = default;

	// Allocates the per-CPU positions.  Must precede any other call.
	int init(unsigned int nr_cpus);
	void fini();
	// Where callback runs and SYNC checkpoints are recorded (optional).
	void set_observer(Observer *obs) { obs_ = obs; }

	// Entry points of the real cpuhp states carrying a section.
	int section_startup(u32 section, unsigned int cpu);
	void section_teardown(u32 section, unsigned int cpu);

	// Client API.  Return an id >= 0 / 0, or a negative errno.
	int install(const hpsm_callback *cb, bool calls);
	int remove(int id, bool calls);

	// Fault injection.  @name: a callback, or nullptr with @section.
	int inject(const char *name, int section, int cpu, int error, u32 count);
	void inject_clear();

	// Queries (callers exclude writers or accept a racy snapshot).
	unsigned int nr_cpus() const { return nr_cpus_; }
	u64 up_mask(unsigned int cpu) const { return cpu < nr_cpus_ ? cpus_[cpu].up : 0; }
	u32 sections_up(unsigned int cpu) const { return cpu < nr_cpus_ ? cpus_[cpu].sections : 0; }
	// The last section (in layout order) whose startup completed on @cpu.
	u32 reached(unsigned int cpu) const;
	const Callback *callback(int id) const;
	// Section @s's callbacks in run order: ids[0..count).
	unsigned int section_callbacks(u32 s, const u8 **ids) const;
	u64 placement_violations() const { return placement_violations_; }

	// One callback for one CPU, on the CPU that runs it (install/remove).
	int section_startup_one(int id, unsigned int cpu);
	void section_teardown_one(int id, unsigned int cpu);

private:
	int validate(const hpsm_callback *cb) const;
	int find_name(const char *name) const;
	int alloc_slot() const;
	void link(int id);
	void unlink(int id);
	int run_startup(int id, unsigned int cpu);
	int take_fault(int id, int section, unsigned int cpu);
	void run_teardown(int id, unsigned int cpu, bool section_rollback = false);
	bool in_transition(u32 section, unsigned int cpu) const;
	void sync_points_startup(u32 section, unsigned int cpu, bool done);
	void sync_points_teardown(u32 section, unsigned int cpu, bool done);
	void check_placement(u32 section, unsigned int cpu);
	void rollback_install(int id, unsigned int upto_cpu);
	int call_for_cpu(int id, unsigned int cpu, bool up);

	Callback slots_[HPSM_MAX_CALLBACKS] = {};
	u8 list_[HPSM_SEC_COUNT][HPSM_MAX_CALLBACKS] = {};
	u8 list_len_[HPSM_SEC_COUNT] = {};
	CpuPosition *cpus_ = nullptr;
	Observer *obs_ = nullptr;
	unsigned int nr_cpus_ = 0;
	u64 next_seq_ = 0;
	u64 placement_violations_ = 0;
	Fault faults_[kMaxFaults] = {};
};

} // namespace hpsm

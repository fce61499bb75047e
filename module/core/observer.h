// SPDX-License-Identifier: GPL-2.0
//
// The observer turns callback entries and exits -- the kernel's own cpuhp
// tracepoints and hpsm's callbacks -- into records and latency statistics.
//
// Pairing: per hotplugged CPU, a small stack of open entries.  The kernel
// nests: bringup_cpu / takedown_cpu / cpuhp_kick_ap_work run on the control
// CPU around the states the AP runs itself, so an exit closes the innermost
// open entry of the same state.  Tracepoints do not fire on a CPU that is not
// marked online, so STARTING/DYING states are never seen; hpsm's SYNC
// checkpoints measure across that gap (sync_*).
//
// Direction: an entry is "up" when its target is above the state.  The
// kernel rolls a failed transition back by resetting the target and running
// the other way, which shows as a reversal of direction; per hotplugged CPU
// the observer keeps which transition is open:
//
//   Idle --up entry--> Up --exit reaching the up target--> Idle
//   Up / RollbackDown --down entry--> RollbackDown   (undoing a failed bring-up)
//   Idle / Down --down entry--> Down
//   Down / RollbackUp --up entry above the bring-up state--> RollbackUp
//                                  (undoing a failed teardown; a new online
//                                   starts below the bring-up state)
//   RollbackDown --up entry below the bring-up state--> Up (a new transition)
//   RollbackUp --exit reaching the up target--> Idle
//
// Writers: one transition at a time (the kernel serialises hotplug), so each
// hotplugged CPU's track is written by one CPU at a time, handed over with
// the kernel's own completion barriers.
#pragma once

#include "types.h"
#include "record.h"
#include "recorder.h"
#include "histogram.h"
#include "../../include/hpsm/hpsm.h"

namespace hpsm {

// The kernel's state numbers that matter, from <linux/cpuhotplug.h> of the
// kernel the module is built for (they move between builds).
struct KernelLayout {
	s32 online;         // CPUHP_ONLINE
	s32 bringup;        // CPUHP_BRINGUP_CPU
	s32 teardown;       // CPUHP_TEARDOWN_CPU
	s32 ap_offline;     // CPUHP_AP_OFFLINE: first STARTING state
	s32 ap_online_idle; // CPUHP_AP_ONLINE_IDLE: first ONLINE (AP thread) state
	s32 bp_dyn;         // CPUHP_BP_PREPARE_DYN
	s32 bp_dyn_end;     // CPUHP_BP_PREPARE_DYN_END
	s32 ap_dyn;         // CPUHP_AP_ONLINE_DYN
	s32 ap_dyn_end;     // CPUHP_AP_ONLINE_DYN_END
	s32 ap_active;      // CPUHP_AP_ACTIVE (sched:active)
};

enum class TrackMode : u8 { Idle, Up, Down, RollbackDown, RollbackUp };

struct OpenEntry {
	u64 ts_ns;
	s16 state;
	u8 dir;
	u8 kind;
};

inline constexpr unsigned kMaxNesting = 8;

struct Track {
	OpenEntry open[kMaxNesting];
	u8 depth;
	TrackMode mode;
	s16 up_target;
	u64 unpaired;      // exits without an open entry, entries lost to overflow
	u64 sync_start[2]; // SYNC_UP / SYNC_DOWN start time, 0 = none pending
};

// Statistics source spaces, laid end to end in one table.
struct SourceRef {
	SourceKind kind;
	u32 index;
};

class Observer {
public:
	constexpr Observer() = default;

	int init(unsigned int nr_cpus, const KernelLayout &layout, unsigned int ring_slots);
	void fini();
	bool ready() const { return tracks_ != nullptr; }

	// Kernel tracepoints (cpuhp_enter / cpuhp_multi_enter / cpuhp_exit).
	void kernel_enter(unsigned int cpu, int target, int state, const void *fn, bool multi);
	void kernel_exit(unsigned int cpu, int state_after, int state, int ret);

	// hpsm's own callbacks, and the SYNC checkpoints.
	Dir callback_dir(unsigned int cpu, bool up, bool section_rollback) const;
	void callback_enter(unsigned int cpu, int id, Dir dir);
	void callback_exit(unsigned int cpu, int id, Dir dir, int ret, u64 enter_ts);
	void sync_begin(unsigned int cpu, u32 section);
	void sync_end(unsigned int cpu, u32 section);

	const Recorder &recorder() const { return recorder_; }
	Recorder &recorder() { return recorder_; }
	const KernelLayout &layout() const { return layout_; }

	// Statistics.  nr_sources() slots per direction.
	unsigned int nr_sources() const { return nr_sources_; }
	SourceRef source_ref(unsigned int slot) const;
	const LatencyStats *stats(unsigned int slot, Dir dir) const;
	// The callback symbol the kernel last ran for a state (0 startup, 1 teardown).
	const void *kernel_fn(int state, int teardown) const;
	u64 unpaired(unsigned int cpu) const { return cpu < nr_cpus_ ? tracks_[cpu].unpaired : 0; }
	void reset(); // caller excludes writers

	static u64 now();

private:
	unsigned int kernel_slot(int state) const { return static_cast<unsigned int>(state); }
	unsigned int callback_slot(int id) const { return nr_kernel_ + static_cast<unsigned int>(id); }
	unsigned int sync_slot(u32 section) const { return nr_kernel_ + HPSM_MAX_CALLBACKS + section; }
	LatencyStats *stats_mut(unsigned int slot, Dir dir);
	Dir classify_enter(Track &t, int target, int state);
	void classify_exit(Track &t, int state_after);

	Recorder recorder_;
	KernelLayout layout_ = {};
	Track *tracks_ = nullptr;
	LatencyStats *stats_ = nullptr; // [slot][dir]
	const void **fns_ = nullptr;    // [state][0 startup / 1 teardown]
	unsigned int nr_cpus_ = 0;
	unsigned int nr_kernel_ = 0;
	unsigned int nr_sources_ = 0;
};

} // namespace hpsm

// SPDX-License-Identifier: GPL-2.0
//
// One recorded event: 32 bytes, the unit of the per-CPU rings.
#pragma once

#include "types.h"

namespace hpsm {

// What produced an event.  Values are ABI (HPSM_SRC_* in include/uapi/hpsm.h).
enum class SourceKind : u8 {
	Kernel = 0,      // a kernel cpuhp state (cpuhp_enter / cpuhp_exit)
	KernelMulti = 1, // a kernel multi-instance state (cpuhp_multi_enter)
	Callback = 2,    // one of hpsm's own callbacks
	Sync = 3,        // an hpsm SYNC checkpoint (source = its section id)
};

enum class Phase : u8 { Enter = 0, Exit = 1 };

// Direction of the transition the event belongs to.  Values are ABI.
enum class Dir : u8 {
	Up = 0,           // bring-up
	Down = 1,         // teardown
	RollbackDown = 2, // teardown undoing a failed bring-up
	RollbackUp = 3,   // startup undoing a failed teardown (vetoed offline)
};
inline constexpr unsigned kDirs = 4;

struct Record {
	u64 seq;    // global, gap-free across CPUs while nothing is dropped
	u64 ts_ns;  // NMI-safe monotonic clock
	u16 cpu;    // the CPU being hotplugged
	u16 on_cpu; // the CPU that executed the callback
	u16 source; // kernel state index, hpsm callback id or section id
	u8 kind;    // SourceKind
	u8 flags;   // bit 0: Phase; bits 1-2: Dir
	s32 ret;    // exit: the callback's return value
	s16 target; // enter: the kernel's target state; -1 otherwise
	s16 state;  // exit: the kernel's state after the step; -1 otherwise
};
static_assert(sizeof(Record) == 32, "records are 32 bytes");

constexpr u8 record_flags(Phase p, Dir d)
{
	return static_cast<u8>(static_cast<u8>(p) | static_cast<u8>(d) << 1);
}
constexpr Phase record_phase(const Record &r)
{
	return static_cast<Phase>(r.flags & 1);
}
constexpr Dir record_dir(const Record &r)
{
	return static_cast<Dir>((r.flags >> 1) & 3);
}

} // namespace hpsm

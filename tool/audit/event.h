// The normalised event stream every audit input is turned into.
//
// Readers (ftrace text, hpsm's own trace and the netlink dump: ftrace_reader.h,
// hpsm_reader.h) produce a flat vector of these; the engine never sees the
// input format.
// The struct is plain data with no owning members so that millions of them
// sit in one allocation and the analysis runs without touching the heap.
#pragma once

#include <cstdint>

namespace hpsmctl::audit {

enum class Kind : uint8_t {
	KernelEnter,      // cpuhp_enter: a single callback starts
	KernelMultiEnter, // cpuhp_multi_enter: one instance of a multi-instance state starts
	KernelExit,       // cpuhp_exit: the callback (or the instance) returned
	HpsmEnter,        // a callback of hpsm's own array starts
	HpsmExit,         // it returned
	HpsmSync,         // hpsm's SYNC checkpoint between control CPU and hotplugged CPU
};

// hpsm's records use the fields of an Event this way:
//   HpsmEnter / HpsmExit: state = the callback id, target = its direction
//     (HpsmDir), ret = what the startup returned (exit), sym = the callback's
//     name ("sample:timer"), exit_state = -1;
//   HpsmSync: state = the checkpoint's section (HPSM_SEC_SYNC_UP or
//     HPSM_SEC_SYNC_DOWN), target = its direction, exit_state = 0 when the
//     checkpoint opens and 1 when it closes, sym = "sync_up" / "sync_down".
// The values of enum hpsm_dir (include/uapi/hpsm.h).
enum class HpsmDir : int32_t {
	up = 0,            // bring-up
	down = 1,          // teardown
	rollback_down = 2, // teardown undoing a failed bring-up
	rollback_up = 3,   // startup undoing a failed teardown
};

struct Event {
	uint64_t seq;       // position in the source's stream: a gap means lost records
	uint64_t ts_ns;     // timestamp of the record
	uint32_t cpu;       // the CPU being hotplugged (the tracepoints' "cpu:" field)
	uint32_t on_cpu;    // the CPU that emitted the record (ftrace's [CPU] column)
	int32_t state;      // the step: the state whose callback runs or ran ("step:")
	int32_t target;     // enter: the CPU's target state ("target:")
	int32_t exit_state; // exit: the CPU's state after the callback ("state:")
	int32_t ret;        // exit: what the callback returned ("ret:")
	uint32_t sym;       // enter: callback symbol, an id of the trace's SymbolTable; 0 = none
	uint32_t line;      // input line, for messages; 0 when the source has no lines
	Kind kind;
};

constexpr bool is_kernel(Kind k)
{
	return k == Kind::KernelEnter || k == Kind::KernelMultiEnter || k == Kind::KernelExit;
}

constexpr bool is_enter(Kind k)
{
	return k == Kind::KernelEnter || k == Kind::KernelMultiEnter || k == Kind::HpsmEnter;
}

constexpr bool is_exit(Kind k)
{
	return k == Kind::KernelExit || k == Kind::HpsmExit;
}

} // namespace hpsmctl::audit

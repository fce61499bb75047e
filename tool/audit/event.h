// The normalised event stream every audit input is turned into.
//
// Readers (ftrace text today, hpsm's own trace and the netlink dump later)
// produce a flat vector of these; the engine never sees the input format.
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

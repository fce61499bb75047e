// The engine's insides, shared by the walk (walk.cpp) and the checks
// (check_*.cpp).  Not part of the library's interface.
//
// The audit reads the trace three times, each a flat loop over the events:
//   1. anchors (anchors.cpp): which states are cpu:bringup, cpu:teardown, online;
//   2. learn (knowledge.cpp): pair enters with exits and record, per state and
//      direction, whether a callback ever ran and when: what the kernel's
//      state table holds, as far as this trace shows it;
//   3. walk (walk.cpp): replay each hotplugged CPU's state machine the way
//      kernel/cpu.c runs it, cut the records into transitions and phases, and
//      call the checks at each enter, exit, phase end and transition end.
// The kernel's own position (st->state) is followed from the exits' "state:"
// field, which is what makes rollbacks and the untraced STARTING/DYING
// states tractable.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/anchors.h"
#include "audit/findings.h"
#include "audit/options.h"
#include "audit/report.h"
#include "audit/trace.h"

namespace hpsmctl::audit::detail {

enum class Dir : uint8_t { up = 0, down = 1 };

constexpr Dir reverse(Dir d)
{
	return d == Dir::up ? Dir::down : Dir::up;
}
constexpr int idx(Dir d)
{
	return static_cast<int>(d);
}
constexpr std::string_view dir_word(Dir d)
{
	return d == Dir::up ? "startup" : "teardown";
}
constexpr std::string_view transition_word(Dir d)
{
	return d == Dir::up ? "up" : "down";
}

constexpr int32_t unknown_pos = std::numeric_limits<int32_t>::min();

// ---- pass 2: what the trace shows of the kernel's state table ----

struct DirObs {
	uint64_t count = 0;
	uint64_t first_seq = std::numeric_limits<uint64_t>::max();
	uint64_t last_seq = 0;
	uint32_t first_line = 0;
	uint32_t syms[4] = {};
	uint8_t nsyms = 0;
};

struct StateObs {
	DirObs dir[2];
	uint64_t calls = 0;
	std::vector<uint64_t> call_seqs; // install/remove invocations: the state may not exist around them
};

struct Knowledge {
	std::vector<StateObs> states;  // indexed by state number
	std::vector<int32_t> known[2]; // ascending: states whose callback ran in that direction
	std::vector<uint8_t> is_call;  // per event: 1 if that enter is an install/remove invocation
	std::vector<int32_t> late;     // ascending: states installed or removed in the trace

	// Did state s exist, with a callback for d, while [begin, end] ran?  True
	// when its callback ran before or after that window and no install or
	// remove of s happened in between.  (A state registered mid-trace with
	// cpuhp_setup_state_nocalls() is the case this cannot see.)
	bool expected(int32_t s, Dir d, uint64_t begin, uint64_t end) const;
	// The lowest / highest such state in (lo, hi], or -1.
	int32_t first_expected(Dir d, int32_t lo, int32_t hi, uint64_t begin, uint64_t end) const;
	int32_t last_expected(Dir d, int32_t lo, int32_t hi, uint64_t begin, uint64_t end) const;
	// Direction of an install/remove call, from the symbols seen in transitions.
	bool call_dir(int32_t s, uint32_t sym, Dir &d) const;
};

// ---- pass 3: the walk ----

struct Open {
	uint32_t ev;       // index of the enter
	uint32_t children; // records nested inside it
	Dir dir;
	bool wrapper; // may contain the AP's records: cpu:bringup, cpuhp_kick_ap_work
	bool kick;    // cpuhp_kick_ap_work (a pseudo-step, not a state's callback)
	bool call;    // an install/remove invocation, outside any transition
};

struct Phase {
	uint32_t uid = 0;
	Dir dir = Dir::up;
	bool reverse = false; // a rollback
	// The next step must be > bound (up) or < bound (down), like the
	// kernel's walk; initial_bound is where the phase's walk began.
	int32_t bound = 0;
	int32_t initial_bound = 0;
	int32_t last_state = -1;
	uint32_t last_line = 0;
	uint64_t last_seq = 0;
	bool last_multi = false;
};

struct Transition {
	uint32_t uid = 0;
	Dir dir = Dir::up;
	int32_t start = unknown_pos; // where the CPU was
	bool start_known = false;
	int32_t first_state = 0;
	int32_t goal = 0; // the latest target asked for
	int32_t first_target = 0;
	uint64_t first_seq = 0, last_seq = 0, first_ts = 0, last_ts = 0;
	uint32_t first_line = 0, last_line = 0;
	uint32_t records = 0;
	uint32_t phases = 1;
	// The first error a record carried.
	bool failed_traced = false;
	int32_t fail_ret = 0;
	uint32_t fail_line = 0;
	uint64_t fail_seq = 0;
	int32_t fail_step = -1; // step whose exit carried it (may be a wrapper)
	uint32_t fail_sym = 0;
	int32_t fail_state = -1; // a callback that failed with its own tracepoint
	int32_t fail_est = -1;   // the failing state, inferred at the reversal
	bool takedown_failed = false;
	bool reversal_reported = false;
	// The trace began inside this transition, after the control CPU had
	// entered cpu:bringup or cpuhp_kick_ap_work: the AP's records are
	// nested in a wrapper the trace does not show.
	bool implicit_wrapper = false;
};

struct CpuCtx {
	uint32_t cpu = 0;
	uint64_t records = 0;      // kernel records for this CPU so far
	uint64_t enters = 0;       // of which enters
	uint64_t transitions = 0;  // closed so far
	int32_t pos = unknown_pos; // the kernel's st->state, as the exits report it
	std::vector<Open> stack;
	bool open = false;
	Transition t;
	Phase ph;
	// Marks per state number, compared with uids so nothing is ever cleared.
	std::vector<uint32_t> ran;                // == ph.uid: ran in this phase
	std::vector<uint32_t> done_fwd, done_rev; // == t.uid: completed forward / in the rollback
	std::vector<int32_t> done_fwd_list, done_rev_list;
	std::vector<uint32_t> done_fwd_line, done_rev_line; // the enter that proves it
	std::vector<uint64_t> done_fwd_seq, done_rev_seq;
};

struct Over { // runs of one (state, direction) beyond its budget
	uint64_t budget = 0;
	uint64_t count = 0;
	uint64_t worst = 0;
	uint32_t worst_line = 0;
	uint64_t worst_seq = 0;
	std::vector<std::pair<uint32_t, uint64_t>> lines;
};

struct Walk {
	const Trace &trace;
	const AuditOptions &opts;
	const StateTable *states;
	Anchors anchors;
	Knowledge know;
	FindingSink sink;
	uint32_t kick_sym = 0;
	int32_t max_state = 0;
	std::vector<int32_t> dense; // cpu -> index into cpus, -1
	std::vector<CpuCtx> cpus;
	uint32_t next_uid = 1;
	uint64_t now = 0; // seq of the record being walked
	uint64_t kernel_records = 0;
	std::vector<uint32_t> seq_breaks; // indices i where seq[i] != seq[i - 1] + 1

	// Latency: every run's duration per state and direction.
	std::vector<std::vector<uint64_t>> lat[2];
	std::vector<uint64_t> kick_lat;
	std::vector<uint64_t> budget_state; // per state, 0 = none
	std::unordered_map<uint32_t, uint64_t> budget_sym;
	uint64_t budget_kick = 0;
	std::map<uint64_t, Over> over; // key: state * 2 + dir, kick = max (ordered: stable output)
	// Per state: how often a walk crossed it, per direction (difference array).
	std::vector<int64_t> cross[2];
	std::vector<uint64_t> calls; // per state
	std::vector<TransitionRow> rows;
	std::vector<uint64_t> up_durations, down_durations;
	uint64_t ncalls = 0;
	// hpsm's own callbacks: per symbol durations, per CPU open enters.
	std::unordered_map<uint32_t, std::vector<uint64_t>> hpsm_lat;
	std::vector<std::vector<uint32_t>> hpsm_stack;

	Walk(const Trace &t, const AuditOptions &o)
	    : trace(t), opts(o), states(o.states ? &*o.states : nullptr), sink(o.max_evidence)
	{
	}

	bool is_kick(const Event &e) const
	{
		return (kick_sym && e.sym == kick_sym) || (anchors.online >= 0 && e.state == anchors.online);
	}
	std::string label(int32_t s) const; // "197 workqueue:online" or "197 (workqueue_online_cpu)"
	std::string sym(uint32_t id) const { return std::string(trace.symbols.name(id)); }
};

// "cpu2 up", "cpu2 up rollback": where a finding happened.
std::string context_label(const CpuCtx &c);
// Where a record is: "line 12" in sources with lines, "seq 345" in those
// without (hpsm's JSON array, the netlink dump).
std::string where(uint32_t line, uint64_t seq);
inline std::string where(const Event &e)
{
	return where(e.line, e.seq);
}

// Pass 2.
Knowledge learn(const Trace &t, const Anchors &a, uint32_t kick_sym, const std::vector<int32_t> &dense,
                int32_t max_state);
// Pass 3: fills w.rows, w.lat, w.cross, findings.
void walk(Walk &w);

// ---- the checks, called by the walk ----

// ORDER
bool order_consistent(const CpuCtx &c, const Event &e);
void order_on_enter(Walk &w, CpuCtx &c, const Event &e);
void order_on_phase_end(Walk &w, CpuCtx &c, int32_t end_pos);
// ROLLBACK (and ORDER-ROLLBACK-EXTRA)
void rollback_step_failed(Walk &w, CpuCtx &c, const Event &enter, const Event &exit);
void rollback_reversed_again(Walk &w, CpuCtx &c, const Event &e);
// Returns the transition's result word.
std::string rollback_on_close(Walk &w, CpuCtx &c, bool reached, bool at_end);
void rollback_final_state(Walk &w);
// PLACEMENT
void placement_check(Walk &w, const Event &rec, int32_t state, bool kick, bool call);
// SYNC
void sync_on_enter(Walk &w, CpuCtx &c, const Event &e, bool kick, const Open *parent);
// COMPLETENESS
void completeness_no_exit(Walk &w, CpuCtx &c, const Event &enter, bool at_end);
void completeness_no_enter(Walk &w, CpuCtx &c, const Event &exit);
void completeness_untraced(Walk &w, CpuCtx &c, const Event &e);
void completeness_unfinished(Walk &w, CpuCtx &c, bool at_end);
void completeness_truncated(Walk &w, CpuCtx &c, const Event &e);
void completeness_stream(Walk &w); // losses, sequence gaps, emptiness, missing anchors
// hpsm's own callback records (pairing per hotplugged CPU).
void completeness_hpsm_no_exit(Walk &w, const Event &enter, bool at_end);
void completeness_hpsm_no_enter(Walk &w, const Event &exit);
// LATENCY
void latency_setup(Walk &w);
void latency_record(Walk &w, const Event &enter, const Event &exit, Dir d, bool kick, uint64_t dur);
LatencyStats latency_stats(std::vector<uint64_t> &v);
void latency_finish(Walk &w);
// SYMMETRY, and the layout table it feeds.
std::vector<LayoutRow> symmetry_and_layout(Walk &w);
// hpsm's own callbacks (check_callbacks.cpp): SYMMETRY, ORDER, ROLLBACK and
// PLACEMENT inside hpsm's sections.  Fills the details of rows (one per
// callback, by name; rows missing from it are added).
void hpsm_callback_checks(Walk &w, std::vector<CallbackRow> &rows);

} // namespace hpsmctl::audit::detail

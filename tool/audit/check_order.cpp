// ORDER: within a transition startups run in increasing state order and
// teardowns in decreasing order, and no state with a callback is walked over
// without running it.  (That a rollback undoes exactly what completed is in
// check_rollback.cpp, under ORDER-ROLLBACK-EXTRA and ROLLBACK-NOT-UNDONE.)
#include <algorithm>

#include "audit/analysis.h"

namespace hpsmctl::audit::detail {

void order_on_enter(Walk &w, CpuCtx &c, const Event &e)
{
	Phase &p = c.ph;
	if (!order_consistent(c, e)) {
		auto [f, fresh] =
		    w.sink.add(Check::order, "ORDER-SEQUENCE", Severity::error, c.cpu, e.state, dir_word(p.dir));
		if (fresh) {
			std::string after = p.last_state >= 0
			                        ? "after " + w.label(p.last_state)
			                        : "after the CPU had passed state " + std::to_string(p.bound);
			f->message = context_label(c) + ": " + std::string(dir_word(p.dir)) + " " + w.label(e.state) +
			             " (" + w.sym(e.sym) + ") ran " + after + "; " + std::string(dir_word(p.dir)) +
			             "s run in " + (p.dir == Dir::up ? "increasing" : "decreasing") + " state order";
		}
		if (p.last_line)
			w.sink.evidence_line(*f, p.last_line, p.last_seq);
		w.sink.evidence(*f, e);
		// The walk goes on from the furthest state seen, so one misplaced
		// record is one finding.
		return;
	}
	p.bound = e.state;
	p.last_state = e.state;
	p.last_line = e.line;
	p.last_seq = e.seq;
	p.last_multi = e.kind == Kind::KernelMultiEnter;
}

void order_on_phase_end(Walk &w, CpuCtx &c, int32_t end_pos)
{
	const Phase &p = c.ph;
	if (end_pos == unknown_pos || c.ran.empty())
		return;
	int32_t lo = p.dir == Dir::up ? p.initial_bound : end_pos;
	int32_t hi = p.dir == Dir::up ? end_pos : p.initial_bound - 1;
	const auto &known = w.know.known[idx(p.dir)];
	for (auto it = std::upper_bound(known.begin(), known.end(), lo); it != known.end() && *it <= hi; ++it) {
		const int32_t s = *it;
		const auto su = static_cast<size_t>(s);
		if (s == w.anchors.online || c.ran[su] == p.uid)
			continue;
		// A rollback that misses a completed state is ROLLBACK-NOT-UNDONE.
		if (p.reverse && c.done_fwd[su] == c.t.uid)
			continue;
		if (!w.know.expected(s, p.dir, c.t.first_seq, w.now))
			continue;
		auto [f, fresh] = w.sink.add(Check::order, "ORDER-SKIPPED", Severity::error, c.cpu, s, dir_word(p.dir));
		const DirObs &o = w.know.states[su].dir[idx(p.dir)];
		if (fresh)
			f->message = context_label(c) + ": the walk crossed " + w.label(s) + " without running its " +
			             std::string(dir_word(p.dir)) + " (" + w.sym(o.syms[0]) + ", which runs at " +
			             where(o.first_line, o.first_seq) + ")";
		w.sink.evidence_line(*f, c.t.first_line, c.t.first_seq);
		w.sink.evidence_line(*f, c.t.last_line, c.t.last_seq);
	}
}

} // namespace hpsmctl::audit::detail

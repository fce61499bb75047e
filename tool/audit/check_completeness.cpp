// COMPLETENESS: is the evidence whole?  Every enter has its exit and every
// exit its enter, every transition reached its target or rolled back, and
// records the source lost (ring-buffer overwrites, "[LOST N EVENTS]",
// sequence gaps) are reported: a verdict over a partial trace is never
// silently presented as a clean one.
#include <algorithm>
#include <set>

#include "audit/analysis.h"
#include "audit/states.h"

namespace hpsmctl::audit::detail {

void completeness_no_exit(Walk &w, CpuCtx &c, const Event &enter, bool at_end)
{
	auto [f, fresh] = w.sink.add(Check::completeness, at_end ? "COMPLETENESS-OPEN-AT-END" : "COMPLETENESS-NO-EXIT",
	                             at_end ? Severity::warning : Severity::error, c.cpu, enter.state);
	if (fresh)
		f->message = "cpu" + std::to_string(c.cpu) + ": " + w.label(enter.state) + " (" + w.sym(enter.sym) +
		             ") entered at " + where(enter) +
		             (at_end ? " was still running when the trace ended" : " never returned (no exit record)");
	w.sink.evidence(*f, enter);
}

void completeness_no_enter(Walk &w, CpuCtx &c, const Event &exit)
{
	// The first record of a CPU may belong to a transition the trace joined
	// late (tracing switched on, or the ring buffer overwrote its start).
	const bool first = c.enters == 0 && !c.open;
	auto [f, fresh] = w.sink.add(Check::completeness, first ? "COMPLETENESS-TRUNCATED" : "COMPLETENESS-NO-ENTER",
	                             first ? Severity::warning : Severity::error, c.cpu, exit.state);
	if (fresh)
		f->message = "cpu" + std::to_string(c.cpu) + ": exit of " + w.label(exit.state) + " at " + where(exit) +
		             (first ? " comes before any enter of this CPU: the trace starts inside a transition"
		                    : " has no enter record");
	w.sink.evidence(*f, exit);
}

void completeness_truncated(Walk &w, CpuCtx &c, const Event &e)
{
	auto [f, fresh] = w.sink.add(Check::completeness, "COMPLETENESS-TRUNCATED", Severity::warning, c.cpu, e.state);
	if (fresh)
		f->message = "cpu" + std::to_string(c.cpu) + ": the first record, " + w.label(e.state) + " at " +
		             where(e) + ", is the AP's: the trace starts inside a transition";
	w.sink.evidence(*f, e);
}

void completeness_untraced(Walk &w, CpuCtx &c, const Event &e)
{
	auto [f, fresh] = w.sink.add(Check::completeness, "COMPLETENESS-UNTRACED", Severity::error, c.cpu, e.state);
	if (fresh)
		f->message = "cpu" + std::to_string(c.cpu) + " was left at " + w.label(c.pos) +
		             " but its next transition starts at " + w.label(e.state) +
		             ": a transition in between is missing from the trace";
	w.sink.evidence(*f, e);
}

void completeness_unfinished(Walk &w, CpuCtx &c, bool at_end)
{
	const Transition &t = c.t;
	auto [f, fresh] =
	    w.sink.add(Check::completeness, "COMPLETENESS-UNFINISHED", at_end ? Severity::warning : Severity::error,
	               c.cpu, t.goal, transition_word(t.dir));
	if (fresh)
		f->message = "cpu" + std::to_string(c.cpu) + " " + std::string(transition_word(t.dir)) +
		             " did not reach " + w.label(t.goal) + ": it stopped at " +
		             (c.pos == unknown_pos ? std::string("?") : w.label(c.pos)) +
		             (at_end ? " when the trace ended" : " and the next transition began");
	w.sink.evidence_line(*f, t.first_line, t.first_seq);
	w.sink.evidence_line(*f, t.last_line, t.last_seq);
}

void completeness_hpsm_no_exit(Walk &w, const Event &enter, bool at_end)
{
	const std::string name = w.sym(enter.sym);
	auto [f, fresh] = w.sink.add(Check::completeness, at_end ? "COMPLETENESS-OPEN-AT-END" : "COMPLETENESS-NO-EXIT",
	                             at_end ? Severity::warning : Severity::error, enter.cpu, -1, {}, name);
	if (fresh)
		f->message = "cpu" + std::to_string(enter.cpu) + ": hpsm callback " + name + " entered at " +
		             where(enter) +
		             (at_end ? " was still running when the trace ended" : " never returned (no exit record)");
	w.sink.evidence(*f, enter);
}

void completeness_hpsm_no_enter(Walk &w, const Event &exit)
{
	const std::string name = w.sym(exit.sym);
	auto [f, fresh] =
	    w.sink.add(Check::completeness, "COMPLETENESS-NO-ENTER", Severity::error, exit.cpu, -1, {}, name);
	if (fresh)
		f->message = "cpu" + std::to_string(exit.cpu) + ": exit of hpsm callback " + name + " at " +
		             where(exit) + " has no enter record";
	w.sink.evidence(*f, exit);
}

void completeness_stream(Walk &w)
{
	const Trace &t = w.trace;
	if (t.has_entries_header && t.entries_in_buffer < t.entries_written) {
		auto [f, fresh] = w.sink.add(Check::completeness, "COMPLETENESS-LOST", Severity::warning);
		if (fresh)
			f->message = "the ring buffer overwrote " +
			             std::to_string(t.entries_written - t.entries_in_buffer) + " of " +
			             std::to_string(t.entries_written) +
			             " records before the trace was read (entries-in-buffer/entries-written " +
			             std::to_string(t.entries_in_buffer) + "/" + std::to_string(t.entries_written) +
			             "): the evidence is incomplete";
		w.sink.evidence_line(*f, t.entries_line, 0);
	}
	for (const auto &l : t.losses) {
		auto [f, fresh] = w.sink.add(Check::completeness, "COMPLETENESS-LOST", Severity::warning, l.cpu);
		if (fresh)
			f->message =
			    "the trace says " + std::to_string(l.count) + " records of cpu" + std::to_string(l.cpu) +
			    " were lost" + (l.line ? " at line " + std::to_string(l.line) : std::string()) +
			    (l.note.empty() ? std::string() : " (" + l.note + ")") + ": the evidence is incomplete";
		w.sink.evidence_line(*f, l.line, l.before_seq);
	}
	for (uint32_t i : w.seq_breaks) {
		const Event &a = t.events[i - 1], &b = t.events[i];
		const bool back = b.seq <= a.seq;
		auto [f, fresh] = w.sink.add(
		    Check::completeness, back ? "COMPLETENESS-SEQ-ORDER" : "COMPLETENESS-SEQ-GAP", Severity::warning);
		if (fresh)
			f->message = back ? "sequence numbers go backwards (" + std::to_string(a.seq) + " then " +
			                        std::to_string(b.seq) + ")"
			                  : std::to_string(b.seq - a.seq - 1) +
			                        " records are missing between sequence " + std::to_string(a.seq) +
			                        " and " + std::to_string(b.seq);
		w.sink.evidence(*f, b);
	}
	if (!w.kernel_records) {
		auto [f, fresh] = w.sink.add(Check::completeness, "COMPLETENESS-EMPTY", Severity::warning);
		if (fresh)
			f->message = "no cpuhp records in the input: were the cpuhp events enabled "
			             "(events/cpuhp/enable) while CPUs were hotplugged?";
	} else if (!w.anchors.can_place()) {
		auto [f, fresh] = w.sink.add(Check::completeness, "COMPLETENESS-NO-ANCHORS", Severity::warning);
		if (fresh)
			f->message =
			    "PLACEMENT and SYNC were not checked: cpu:bringup is unknown (no states file, and no "
			    "bringup record in the trace)";
	}
	if (w.states) {
		std::set<int32_t> missing;
		for (size_t s = 0; s < w.know.states.size(); ++s) {
			const auto &o = w.know.states[s];
			if ((o.dir[0].count || o.dir[1].count || o.calls) && !w.states->name(static_cast<int32_t>(s)) &&
			    static_cast<int32_t>(s) != w.anchors.online)
				missing.insert(static_cast<int32_t>(s));
		}
		if (!missing.empty()) {
			std::string list;
			for (auto s : missing)
				list += (list.empty() ? "" : ", ") + std::to_string(s);
			auto [f, fresh] =
			    w.sink.add(Check::completeness, "COMPLETENESS-STATES-MISMATCH", Severity::warning);
			if (fresh)
				f->message = "states " + list + " ran in the trace but are not in the states file " +
				             w.states->source + ": the two are not from the same boot";
		}
	}
}

} // namespace hpsmctl::audit::detail

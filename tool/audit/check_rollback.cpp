// ROLLBACK: after a failure every step that completed in the transition is
// undone, nothing else is, the rollback itself does not fail, and the CPU
// ends where it started (and where sysfs says it is).
//
// The kernel never undoes the failing step itself, and an injected failure
// (hotplug/fail) fails before its tracepoint: such a failure shows only as
// the reversal of direction, with a negative ret further out (bringup_cpu,
// cpuhp_kick_ap_work) or none at all (a PREP state).  A correct rollback is
// reported as information, not as a finding.
#include <algorithm>

#include "audit/analysis.h"

namespace hpsmctl::audit::detail {

namespace {

std::string failure_text(const Walk &w, const CpuCtx &c)
{
	const Transition &t = c.t;
	std::string s;
	if (t.fail_state >= 0) {
		s = "at " + w.label(t.fail_state);
	} else if (t.fail_est >= 0) {
		s = "at " + w.label(t.fail_est) + " (inferred: the next " + std::string(dir_word(t.dir)) +
		    " after the last one that ran; the failing state left no record)";
	} else {
		s = "(failing state unknown)";
	}
	if (t.failed_traced)
		s += ", ret " + std::to_string(t.fail_ret) + " from " + w.sym(t.fail_sym) + " at " +
		     where(t.fail_line, t.fail_seq);
	else
		s += ", no error traced";
	return s;
}

bool same_place(const Walk &w, const CpuCtx &c, int32_t a, int32_t b)
{
	if (a == b)
		return true;
	int32_t lo = std::min(a, b), hi = std::max(a, b);
	return w.know.first_expected(Dir::up, lo, hi, c.t.first_seq, w.now) < 0 &&
	       w.know.first_expected(Dir::down, lo, hi, c.t.first_seq, w.now) < 0;
}

} // namespace

void rollback_step_failed(Walk &w, CpuCtx &c, const Event &e, const Event &x)
{
	auto [f, fresh] =
	    w.sink.add(Check::rollback, "ROLLBACK-FAILED", Severity::error, c.cpu, e.state, dir_word(c.ph.dir));
	if (fresh)
		f->message = context_label(c) + ": " + std::string(dir_word(c.ph.dir)) + " " + w.label(e.state) + " (" +
		             w.sym(e.sym) + ") failed with ret " + std::to_string(x.ret) +
		             " during the rollback; a rollback step must not fail";
	w.sink.evidence(*f, e);
	w.sink.evidence(*f, x);
}

void rollback_reversed_again(Walk &w, CpuCtx &c, const Event &e)
{
	if (c.t.reversal_reported)
		return;
	c.t.reversal_reported = true;
	auto [f, fresh] = w.sink.add(Check::rollback, "ROLLBACK-REVERSED", Severity::error, c.cpu, e.state);
	if (fresh)
		f->message = "cpu" + std::to_string(c.cpu) + " " + std::string(transition_word(c.t.dir)) +
		             ": the rollback itself turned around at " + w.label(e.state) + " (a rollback that failed)";
	w.sink.evidence_line(*f, c.t.first_line, c.t.first_seq);
	w.sink.evidence(*f, e);
}

std::string rollback_on_close(Walk &w, CpuCtx &c, bool reached, bool at_end)
{
	const Transition &t = c.t;
	const std::string who = "cpu" + std::to_string(c.cpu) + " " + std::string(transition_word(t.dir));
	if (t.phases >= 2) {
		const Dir fwd = t.dir, rev = reverse(fwd);
		bool clean = true;
		for (int32_t s : c.done_fwd_list) {
			auto su = static_cast<size_t>(s);
			if (rev == Dir::down ? s <= t.goal : s > t.goal)
				continue;
			if (c.done_rev[su] == t.uid || !w.know.expected(s, rev, t.first_seq, w.now))
				continue;
			clean = false;
			auto [f, fresh] = w.sink.add(Check::rollback, "ROLLBACK-NOT-UNDONE", Severity::error, c.cpu, s,
			                             dir_word(fwd));
			if (fresh)
				f->message = who + " failed " + failure_text(w, c) + " but the rollback did not undo " +
				             std::string(dir_word(fwd)) + " " + w.label(s) + " (its " +
				             std::string(dir_word(rev)) + " exists and did not run)";
			w.sink.evidence_line(*f, c.done_fwd_line[su], c.done_fwd_seq[su]);
			if (t.failed_traced)
				w.sink.evidence_line(*f, t.fail_line, t.fail_seq);
		}
		for (int32_t s : c.done_rev_list) {
			auto su = static_cast<size_t>(s);
			if (c.done_fwd[su] == t.uid || !w.know.expected(s, fwd, t.first_seq, w.now))
				continue;
			clean = false;
			auto [f, fresh] =
			    w.sink.add(Check::order, "ORDER-ROLLBACK-EXTRA", Severity::error, c.cpu, s, dir_word(rev));
			if (fresh)
				f->message =
				    who + " rollback: " + std::string(dir_word(rev)) + " " + w.label(s) +
				    (s == t.fail_state ? " undid the failing state itself; the kernel never undoes "
				                         "the step that failed"
				                       : " ran although its " + std::string(dir_word(fwd)) +
				                             " did not complete in this transition");
			w.sink.evidence_line(*f, c.done_rev_line[su], c.done_rev_seq[su]);
		}
		const bool home = reached && (!t.start_known || same_place(w, c, t.goal, t.start));
		if (!home) {
			clean = false;
			auto [f, fresh] = w.sink.add(Check::rollback, "ROLLBACK-END",
			                             at_end ? Severity::warning : Severity::error, c.cpu, t.start);
			if (fresh)
				f->message = who + " failed " + failure_text(w, c) +
				             (reached ? " and was rolled back to " + w.label(t.goal) + ", not to " +
				                            w.label(t.start) + " where it started"
				                      : " and the rollback stopped at " +
				                            (c.pos == unknown_pos ? std::string("?") : w.label(c.pos)) +
				                            (at_end ? " when the trace ended" : ""));
			w.sink.evidence_line(*f, t.first_line, t.first_seq);
			w.sink.evidence_line(*f, t.last_line, t.last_seq);
		}
		if (clean) {
			auto [f, fresh] = w.sink.add(Check::rollback, "ROLLBACK-CLEAN", Severity::info, c.cpu,
			                             t.fail_state >= 0 ? t.fail_state : t.fail_est, dir_word(fwd));
			if (fresh)
				f->message = who + " failed " + failure_text(w, c) + "; rolled back cleanly to " +
				             w.label(t.goal);
			w.sink.evidence_line(*f, t.first_line, t.first_seq);
			if (t.failed_traced)
				w.sink.evidence_line(*f, t.fail_line, t.fail_seq);
			w.sink.evidence_line(*f, t.last_line, t.last_seq);
		}
		return home ? "rolled-back" : "failed";
	}
	if (t.failed_traced) {
		auto [f, fresh] = w.sink.add(Check::rollback, "ROLLBACK-MISSING", Severity::error, c.cpu, t.fail_step,
		                             dir_word(t.dir));
		if (fresh)
			f->message = reached ? who + ": " + w.label(t.fail_step) + " (" + w.sym(t.fail_sym) +
			                           ") failed with ret " + std::to_string(t.fail_ret) +
			                           " and the transition went on without a rollback (PREP/DEAD "
			                           "teardowns must not fail)"
			                     : who + ": " + w.label(t.fail_step) + " (" + w.sym(t.fail_sym) +
			                           ") failed with ret " + std::to_string(t.fail_ret) +
			                           " but nothing was rolled back; the CPU stopped at " +
			                           (c.pos == unknown_pos ? std::string("?") : w.label(c.pos));
		w.sink.evidence_line(*f, t.fail_line, t.fail_seq);
		w.sink.evidence_line(*f, t.last_line, t.last_seq);
		return "failed";
	}
	if (!reached) {
		completeness_unfinished(w, c, at_end);
		return "unfinished";
	}
	return "complete";
}

void rollback_final_state(Walk &w)
{
	if (w.opts.final_online.empty() || w.anchors.online < 0)
		return;
	for (const auto &c : w.cpus) {
		auto it = w.opts.final_online.find(c.cpu);
		if (it == w.opts.final_online.end() || c.pos == unknown_pos)
			continue;
		const bool online = c.pos >= w.anchors.online;
		if (online == it->second)
			continue;
		auto [f, fresh] = w.sink.add(Check::rollback, "ROLLBACK-SYSFS", Severity::error, c.cpu);
		if (fresh)
			f->message = "cpu" + std::to_string(c.cpu) + " ends " + (online ? "online" : "offline") +
			             " in the trace (state " + std::to_string(c.pos) + ") but sysfs reports it " +
			             (it->second ? "online" : "offline");
		if (!w.rows.empty())
			for (auto r = w.rows.rbegin(); r != w.rows.rend(); ++r)
				if (r->cpu == c.cpu) {
					w.sink.evidence_line(*f, r->last_line, r->last_seq);
					break;
				}
	}
}

} // namespace hpsmctl::audit::detail

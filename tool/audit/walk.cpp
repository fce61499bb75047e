// Pass 3: replay each hotplugged CPU's state machine as kernel/cpu.c runs it.
//
// A transition opens with the first record for a CPU at rest and lasts until
// the CPU is back at rest: the kick and the AP's own records nest inside the
// control CPU's cpuhp_kick_ap_work / cpu:bringup; the kernel's rollback is a
// reversal of direction inside the transition (a new phase), never a new
// transition.  Whether the CPU reached its target is decided from the
// position the exits report and from which states have callbacks at all:
// the walk from 1 to 0 at the end of an offline, for instance, calls nothing.
#include <algorithm>

#include "audit/analysis.h"

namespace hpsmctl::audit::detail {

namespace {

void ensure_marks(Walk &w, CpuCtx &c)
{
	if (!c.ran.empty())
		return;
	size_t n = static_cast<size_t>(w.max_state) + 2;
	c.ran.assign(n, 0);
	c.done_fwd.assign(n, 0);
	c.done_rev.assign(n, 0);
	c.done_fwd_line.assign(n, 0);
	c.done_rev_line.assign(n, 0);
	c.done_fwd_seq.assign(n, 0);
	c.done_rev_seq.assign(n, 0);
}

// Where the transition is going.  _cpu_down() first sends the AP to
// cpu:teardown (the kick's target) and only then asks for the real one.
int32_t goal(const Walk &w, const CpuCtx &c)
{
	if (c.t.dir == Dir::down && c.t.phases == 1 && c.t.goal == w.anchors.teardown)
		return 0;
	return c.t.goal;
}

// Is the CPU where the transition was going?  Only states with a callback
// in the walking direction can hold it back.
bool reached(const Walk &w, const CpuCtx &c)
{
	if (c.pos == unknown_pos)
		return false;
	const int32_t g = goal(w, c);
	if (c.pos == g)
		return true;
	if (c.pos > g)
		return w.know.first_expected(Dir::down, g, c.pos, c.t.first_seq, w.now) < 0;
	return w.know.first_expected(Dir::up, c.pos, g, c.t.first_seq, w.now) < 0;
}

// Where a failure turned the walk around.  A callback that failed with its
// own tracepoint is known; an injected failure (hotplug/fail) happens before
// the tracepoint, so it is the next state that has a callback in the
// forward direction: past the last startup that ran, or below the last
// teardown that ran.
int32_t failing_state(const Walk &w, const CpuCtx &c, Dir newdir)
{
	if (c.t.fail_state >= 0 && c.t.phases == 1)
		return c.t.fail_state;
	if (c.pos == unknown_pos)
		return -1;
	if (newdir == Dir::down)
		return w.know.first_expected(Dir::up, c.pos, w.max_state, c.t.first_seq, w.now);
	return w.know.last_expected(Dir::down, -1, c.pos, c.t.first_seq, w.now);
}

bool reversal_consistent(const Walk &w, const CpuCtx &c, int32_t s, Dir newdir)
{
	// A rollback that undoes the failing state itself is still a rollback
	// (a wrong one: ORDER-ROLLBACK-EXTRA).
	int32_t f = failing_state(w, c, newdir);
	if (newdir == Dir::down)
		return f >= 0 ? s <= f : s <= c.pos;
	return f >= 0 ? s >= f : s > c.pos;
}

void phase_crossings(Walk &w, const CpuCtx &c, int32_t end_pos)
{
	const Phase &p = c.ph;
	if (end_pos == unknown_pos)
		return;
	// States in (lo, hi] were walked over.
	int32_t lo = p.dir == Dir::up ? p.initial_bound : end_pos;
	int32_t hi = p.dir == Dir::up ? end_pos : p.initial_bound - 1;
	lo = std::max(lo, -1);
	hi = std::min(hi, w.max_state);
	if (hi <= lo)
		return;
	auto &d = w.cross[idx(p.dir)];
	d[static_cast<size_t>(lo + 1)] += 1;
	d[static_cast<size_t>(hi + 1)] -= 1;
	// A state installed (or removed) in the trace was not crossed while it
	// did not exist.
	for (auto it = std::upper_bound(w.know.late.begin(), w.know.late.end(), lo);
	     it != w.know.late.end() && *it <= hi; ++it) {
		const int32_t s = *it;
		if (c.ran[static_cast<size_t>(s)] == p.uid || w.know.expected(s, Dir::up, c.t.first_seq, w.now) ||
		    w.know.expected(s, Dir::down, c.t.first_seq, w.now))
			continue;
		d[static_cast<size_t>(s)] -= 1;
		d[static_cast<size_t>(s) + 1] += 1;
	}
}

void end_phase(Walk &w, CpuCtx &c, int32_t end_pos)
{
	order_on_phase_end(w, c, end_pos);
	phase_crossings(w, c, end_pos);
}

void begin_reverse(Walk &w, CpuCtx &c, const Event &e, Dir newdir)
{
	int32_t f = failing_state(w, c, newdir);
	end_phase(w, c, c.pos);
	++c.t.phases;
	if (c.t.phases > 2)
		rollback_reversed_again(w, c, e);
	if (c.t.fail_est < 0)
		c.t.fail_est = f;
	Phase p;
	p.uid = w.next_uid++;
	p.dir = newdir;
	p.reverse = true;
	if (newdir == Dir::down)
		p.bound = f >= 0 ? f : (c.pos == unknown_pos ? e.state + 1 : c.pos + 1);
	else
		p.bound = f >= 0 ? f : (c.pos == unknown_pos ? e.state - 1 : c.pos);
	p.initial_bound = p.bound;
	c.ph = p;
}

// Does the enter e (at depth 0, with a transition open) belong to it?
bool continues(Walk &w, CpuCtx &c, const Event &e, Dir dir, bool kick)
{
	if (kick)
		return false; // every offline opens with its own kick
	if (dir == c.ph.dir) {
		if (order_consistent(c, e))
			return true;
		if (reached(w, c))
			return false;
		if (dir == Dir::up && e.state <= c.t.first_state)
			return false; // an online starting over: the old one never finished
		return true;          // out of order inside it: ORDER says so
	}
	if (!reached(w, c) && reversal_consistent(w, c, e.state, dir)) {
		begin_reverse(w, c, e, dir);
		return true;
	}
	return false;
}

void close_transition(Walk &w, CpuCtx &c, bool at_end)
{
	const bool r = reached(w, c);
	c.t.goal = goal(w, c);
	const int32_t end = r ? c.t.goal : c.pos;
	end_phase(w, c, end);
	std::string result = rollback_on_close(w, c, r, at_end);

	TransitionRow row;
	row.cpu = c.cpu;
	row.direction = std::string(transition_word(c.t.dir));
	row.from = c.t.start_known ? c.t.start : -1;
	row.target = c.t.first_target;
	row.end = end == unknown_pos ? -1 : end;
	row.result = result;
	row.first_line = c.t.first_line;
	row.last_line = c.t.last_line;
	row.first_seq = c.t.first_seq;
	row.last_seq = c.t.last_seq;
	row.duration_ns = c.t.last_ts >= c.t.first_ts ? c.t.last_ts - c.t.first_ts : 0;
	row.records = c.t.records;
	if (c.t.fail_state >= 0) {
		row.failed_state = c.t.fail_state;
	} else if (c.t.fail_est >= 0) {
		row.failed_state = c.t.fail_est;
		row.failure_inferred = true;
	}
	row.ret = c.t.fail_ret;
	row.ret_line = c.t.fail_line;
	if (result == "complete")
		(c.t.dir == Dir::up ? w.up_durations : w.down_durations).push_back(row.duration_ns);
	w.rows.push_back(std::move(row));

	// The kernel also walked the states without callbacks: the CPU is at
	// its target, not at the last state that reported.
	if (r)
		c.pos = c.t.goal;
	c.open = false;
	++c.transitions;
}

void open_transition(Walk &w, CpuCtx &c, const Event &e, Dir dir, bool kick)
{
	ensure_marks(w, c);
	Transition t;
	t.uid = w.next_uid++;
	t.dir = dir;
	bool consistent = false;
	if (c.pos != unknown_pos) {
		consistent = kick ? e.state == c.pos : (dir == Dir::up ? e.state > c.pos : e.state <= c.pos);
		if (!consistent)
			completeness_untraced(w, c, e);
	}
	Phase p;
	p.uid = w.next_uid++;
	p.dir = dir;
	if (consistent) {
		t.start = c.pos;
		t.start_known = true;
		p.bound = dir == Dir::up ? c.pos : c.pos + 1;
	} else {
		// Nothing before this record is known: check from it on.
		t.start = kick ? e.state : (dir == Dir::up ? 0 : e.state);
		t.start_known = kick;
		p.bound = dir == Dir::up ? e.state - 1 : e.state + 1;
		c.pos = dir == Dir::up ? e.state - 1 : e.state;
	}
	p.initial_bound = p.bound;
	// The CPU's first enter is the AP's: the trace joined inside the
	// control CPU's cpu:bringup or cpuhp_kick_ap_work.
	t.implicit_wrapper = c.enters == 1 && !kick && w.anchors.is_ap(e.state);
	if (t.implicit_wrapper)
		completeness_truncated(w, c, e);
	t.first_state = e.state;
	t.goal = e.target;
	t.first_target = e.target;
	t.first_seq = e.seq;
	t.first_line = e.line;
	t.first_ts = e.ts_ns;
	c.t = t;
	c.ph = p;
	c.open = true;
	c.done_fwd_list.clear();
	c.done_rev_list.clear();
}

// A step counts for the direction it ran in, not for the phase its exit
// falls in: bringup_cpu returns after the AP's own rollback has begun.
void mark_done(CpuCtx &c, const Event &e, Dir d)
{
	const auto s = static_cast<size_t>(e.state);
	if (d == c.t.dir) {
		if (c.done_fwd[s] != c.t.uid) {
			c.done_fwd[s] = c.t.uid;
			c.done_fwd_line[s] = e.line;
			c.done_fwd_seq[s] = e.seq;
			c.done_fwd_list.push_back(e.state);
		}
	} else if (c.done_rev[s] != c.t.uid) {
		c.done_rev[s] = c.t.uid;
		c.done_rev_line[s] = e.line;
		c.done_rev_seq[s] = e.seq;
		c.done_rev_list.push_back(e.state);
	}
}

void touch(CpuCtx &c, const Event &e)
{
	++c.t.records;
	c.t.last_seq = e.seq;
	c.t.last_line = e.line;
	c.t.last_ts = e.ts_ns;
}

// The kernel's position after an exit.  A failure makes cpuhp_reset_state()
// step back over the failed state (it is never undone itself); the kick
// already did its own rollback and reports the final position.
void update_pos(CpuCtx &c, const Open &o, const Event &x)
{
	int32_t np = x.exit_state;
	if (x.ret != 0 && !o.kick)
		np = o.dir == Dir::up ? np - 1 : np + 1;
	if (c.pos == unknown_pos || (c.ph.dir == Dir::up ? np >= c.pos : np <= c.pos))
		c.pos = np;
	if (c.ph.dir == Dir::up)
		c.ph.bound = std::max(c.ph.bound, c.pos);
	else if (c.pos != unknown_pos)
		c.ph.bound = std::min(c.ph.bound, c.pos + 1);
}

void note_failure(Walk &w, CpuCtx &c, const Open &o, const Event &e, const Event &x)
{
	if (c.ph.reverse && !o.wrapper)
		rollback_step_failed(w, c, e, x);
	Transition &t = c.t;
	if (!t.failed_traced) {
		t.failed_traced = true;
		t.fail_ret = x.ret;
		t.fail_line = x.line;
		t.fail_seq = x.seq;
		t.fail_step = e.state;
		t.fail_sym = e.sym;
	}
	// A callback that failed by itself: any but a wrapper, or a wrapper
	// that failed before anything ran inside it (bringup_cpu for an AP that
	// never came up).
	if (!o.kick && !c.ph.reverse && t.fail_state < 0 && (!o.wrapper || o.children == 0))
		t.fail_state = e.state;
	if (w.anchors.teardown >= 0 && e.state == w.anchors.teardown)
		t.takedown_failed = true;
}

void on_call_exit(Walk &w, CpuCtx &c, const Event &e, const Event &x)
{
	++w.ncalls;
	if (static_cast<size_t>(e.state) < w.calls.size())
		++w.calls[static_cast<size_t>(e.state)];
	Dir d;
	if (w.know.call_dir(e.state, e.sym, d))
		latency_record(w, e, x, d, false, x.ts_ns >= e.ts_ns ? x.ts_ns - e.ts_ns : 0);
	if (c.pos == unknown_pos)
		c.pos = x.exit_state;
}

// Records that cannot contain other records lost their exit when another
// enter for the same CPU arrives.
void pop_leaves(Walk &w, CpuCtx &c)
{
	while (!c.stack.empty() && !c.stack.back().wrapper) {
		completeness_no_exit(w, c, w.trace.events[c.stack.back().ev], false);
		c.stack.pop_back();
	}
}

void on_enter(Walk &w, CpuCtx &c, uint32_t i)
{
	const Event &e = w.trace.events[i];
	const bool kick = w.is_kick(e);
	const Dir dir = kick ? Dir::down : (e.target >= e.state ? Dir::up : Dir::down);
	pop_leaves(w, c);
	// Nothing nests a kick: an open wrapper lost its exit.
	while (kick && !c.stack.empty()) {
		completeness_no_exit(w, c, w.trace.events[c.stack.back().ev], false);
		c.stack.pop_back();
	}
	if (c.stack.empty()) {
		if (c.open && !continues(w, c, e, dir, kick))
			close_transition(w, c, false);
		if (!c.open) {
			// Pass 2 knows from the exit whether this is an install/remove call.
			if (w.know.is_call[i]) {
				placement_check(w, e, e.state, false, true);
				c.stack.push_back(Open{i, 0, dir, false, false, true});
				return;
			}
			open_transition(w, c, e, dir, kick);
		}
	} else if (dir != c.ph.dir && !kick) {
		// Nested under cpu:bringup or the kick: the AP reversed (its rollback).
		begin_reverse(w, c, e, dir);
	}
	touch(c, e);
	c.t.goal = e.target;
	if (!kick) {
		order_on_enter(w, c, e);
		c.ran[static_cast<size_t>(e.state)] = c.ph.uid;
	}
	const Open *parent = c.stack.empty() ? nullptr : &c.stack.back();
	placement_check(w, e, e.state, kick, false);
	sync_on_enter(w, c, e, kick, parent);
	if (!c.stack.empty())
		++c.stack.back().children;
	bool wrapper = kick || (w.anchors.bringup >= 0 && e.state == w.anchors.bringup);
	c.stack.push_back(Open{i, 0, dir, wrapper, kick, false});
}

void on_exit(Walk &w, CpuCtx &c, uint32_t i)
{
	const Event &x = w.trace.events[i];
	size_t m = c.stack.size();
	while (m > 0 && w.trace.events[c.stack[m - 1].ev].state != x.state)
		--m;
	if (m == 0) {
		if (c.open && c.t.implicit_wrapper && c.stack.empty() &&
		    (x.state == w.anchors.online || x.state == w.anchors.bringup)) {
			// The exit of the wrapper the trace joined inside of.
			c.t.implicit_wrapper = false;
			touch(c, x);
			Open o{i,
			       0,
			       x.state == w.anchors.bringup ? Dir::up : Dir::down,
			       true,
			       x.state == w.anchors.online,
			       false};
			update_pos(c, o, x);
			return;
		}
		completeness_no_enter(w, c, x);
		if (c.open) {
			// The exit still says which way the CPU went and that the
			// callback ran.
			Open o{i, 0, x.exit_state == x.state ? Dir::up : Dir::down, false, false, false};
			if (o.dir != c.ph.dir)
				begin_reverse(w, c, x, o.dir);
			touch(c, x);
			c.ran[static_cast<size_t>(x.state)] = c.ph.uid;
			update_pos(c, o, x);
			if (x.ret == 0)
				mark_done(c, x, o.dir);
		} else {
			c.pos = x.exit_state; // the kernel's own word on where the CPU is
		}
		return;
	}
	while (c.stack.size() > m) {
		completeness_no_exit(w, c, w.trace.events[c.stack.back().ev], false);
		c.stack.pop_back();
	}
	Open o = c.stack.back();
	c.stack.pop_back();
	const Event &e = w.trace.events[o.ev];
	placement_check(w, x, x.state, o.kick, o.call);
	if (o.call) {
		on_call_exit(w, c, e, x);
		return;
	}
	touch(c, x);
	latency_record(w, e, x, o.dir, o.kick, x.ts_ns >= e.ts_ns ? x.ts_ns - e.ts_ns : 0);
	if (x.ret != 0)
		note_failure(w, c, o, e, x);
	update_pos(c, o, x);
	// A wrapper that failed may still have moved the CPU on (bringup_cpu
	// returns the AP's error after the AP got past it): its state is then
	// torn down by the rollback like any other.
	bool advanced =
	    o.wrapper && !o.kick && (o.dir == Dir::up ? x.exit_state > e.state : x.exit_state < e.state - 1);
	if (!o.kick && (x.ret == 0 || advanced))
		mark_done(c, e, o.dir);
}

// hpsm's own records: paired and timed per callback here; the checks of
// their order, symmetry and placement are in check_callbacks.cpp.
void on_hpsm(Walk &w, uint32_t i)
{
	const Event &e = w.trace.events[i];
	if (e.kind == Kind::HpsmSync)
		return;
	auto &st = w.hpsm_stack[static_cast<size_t>(w.dense[e.cpu])];
	if (e.kind == Kind::HpsmEnter) {
		st.push_back(i);
		return;
	}
	size_t m = st.size();
	while (m > 0 && w.trace.events[st[m - 1]].state != e.state)
		--m;
	if (m == 0) {
		completeness_hpsm_no_enter(w, e);
		return;
	}
	while (st.size() > m) {
		completeness_hpsm_no_exit(w, w.trace.events[st.back()], false);
		st.pop_back();
	}
	const Event &en = w.trace.events[st.back()];
	st.pop_back();
	w.hpsm_lat[en.sym].push_back(e.ts_ns >= en.ts_ns ? e.ts_ns - en.ts_ns : 0);
}

} // namespace

bool order_consistent(const CpuCtx &c, const Event &e)
{
	bool multi_repeat = e.kind == Kind::KernelMultiEnter && c.ph.last_multi && c.ph.last_state == e.state;
	// Undoing the failing state first is a rollback defect, not an order one.
	if (c.ph.reverse && c.ph.last_state < 0 && e.state == c.ph.initial_bound)
		return true;
	if (c.ph.dir == Dir::up)
		return e.state > c.ph.bound || multi_repeat;
	return e.state < c.ph.bound || multi_repeat;
}

void walk(Walk &w)
{
	const auto &ev = w.trace.events;
	for (uint32_t i = 0; i < ev.size(); ++i) {
		const Event &e = ev[i];
		w.now = e.seq;
		if (!is_kernel(e.kind)) {
			on_hpsm(w, i);
			continue;
		}
		CpuCtx &c = w.cpus[static_cast<size_t>(w.dense[e.cpu])];
		++c.records;
		if (is_enter(e.kind)) {
			++c.enters;
			on_enter(w, c, i);
		} else
			on_exit(w, c, i);
	}
	for (auto &c : w.cpus) {
		while (!c.stack.empty()) {
			completeness_no_exit(w, c, ev[c.stack.back().ev], true);
			c.stack.pop_back();
		}
		if (c.open)
			close_transition(w, c, true);
	}
	for (auto &st : w.hpsm_stack)
		for (auto i : st)
			completeness_hpsm_no_exit(w, ev[i], true);
}

std::string where(uint32_t line, uint64_t seq)
{
	return line ? "line " + std::to_string(line) : "seq " + std::to_string(seq);
}

std::string context_label(const CpuCtx &c)
{
	std::string l = "cpu" + std::to_string(c.cpu) + " " + std::string(transition_word(c.t.dir));
	if (c.ph.reverse)
		l += " rollback";
	return l;
}

std::string Walk::label(int32_t s) const
{
	std::string l = std::to_string(s);
	if (states)
		if (auto n = states->name(s)) {
			l += ' ';
			l += *n;
			return l;
		}
	if (s >= 0 && static_cast<size_t>(s) < know.states.size())
		for (const auto &d : know.states[static_cast<size_t>(s)].dir)
			if (d.nsyms) {
				l += " (" + sym(d.syms[0]) + ")";
				return l;
			}
	return l;
}

} // namespace hpsmctl::audit::detail

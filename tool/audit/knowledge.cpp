// Pass 2: what the trace shows of the kernel's state table.
//
// Which states have a startup, which a teardown, under which symbols, and
// when they ran.  The walk needs this to know what a transition should have
// run (a teardown skipped, a state not undone) and where a rollback began,
// since an injected failure leaves no record of the failing state itself.
#include <algorithm>

#include "audit/analysis.h"

namespace hpsmctl::audit::detail {

namespace {

struct P1Open {
	uint32_t ev;
	uint32_t children;
};

void observe(Knowledge &k, const Event &e, Dir d)
{
	if (e.state < 0 || static_cast<size_t>(e.state) >= k.states.size())
		return;
	DirObs &o = k.states[static_cast<size_t>(e.state)].dir[idx(d)];
	++o.count;
	if (e.seq < o.first_seq) {
		o.first_seq = e.seq;
		o.first_line = e.line;
	}
	o.last_seq = std::max(o.last_seq, e.seq);
	if (!e.sym)
		return;
	for (uint8_t i = 0; i < o.nsyms; ++i)
		if (o.syms[i] == e.sym)
			return;
	if (o.nsyms < 4)
		o.syms[o.nsyms++] = e.sym;
}

// The direction the kernel was walking when it emitted an enter: bringup is
// st->state < st->target, and st->state is the step itself on the way up.
Dir enter_dir(const Event &e)
{
	return e.target >= e.state ? Dir::up : Dir::down;
}

} // namespace

Knowledge learn(const Trace &t, const Anchors &a, uint32_t kick_sym, const std::vector<int32_t> &dense,
                int32_t max_state)
{
	Knowledge k;
	k.states.resize(static_cast<size_t>(max_state) + 1);
	k.is_call.assign(t.events.size(), 0);
	const auto &ev = t.events;
	auto is_kick = [&](const Event &e) {
		return (kick_sym && e.sym == kick_sym) || (a.online >= 0 && e.state == a.online);
	};
	// Only cpu:bringup and the kick contain other records; anything else
	// still open when a new enter arrives lost its exit.
	auto is_wrapper = [&](const Event &e) { return is_kick(e) || (a.bringup >= 0 && e.state == a.bringup); };
	auto unpaired = [&](const Event &e) {
		if (!is_kick(e))
			observe(k, e, enter_dir(e));
	};

	std::vector<std::vector<P1Open>> stacks(
	    dense.empty() ? 0 : static_cast<size_t>(*std::max_element(dense.begin(), dense.end()) + 1));
	for (uint32_t i = 0; i < ev.size(); ++i) {
		const Event &e = ev[i];
		if (!is_kernel(e.kind))
			continue;
		auto &st = stacks[static_cast<size_t>(dense[e.cpu])];
		if (is_enter(e.kind)) {
			while (!st.empty() && !is_wrapper(ev[st.back().ev])) {
				unpaired(ev[st.back().ev]);
				st.pop_back();
			}
			if (!st.empty())
				++st.back().children;
			st.push_back(P1Open{i, 0});
			continue;
		}
		size_t m = st.size();
		while (m > 0 && ev[st[m - 1].ev].state != e.state)
			--m;
		if (m == 0) {
			// An exit without its enter still proves the callback ran.
			if (e.exit_state == e.state)
				observe(k, e, Dir::up);
			else if (e.exit_state == e.state - 1)
				observe(k, e, Dir::down);
			continue;
		}
		while (st.size() > m) {
			unpaired(ev[st.back().ev]);
			st.pop_back();
		}
		P1Open o = st.back();
		st.pop_back();
		const Event &p = ev[o.ev];
		if (is_kick(p))
			continue;
		// cpuhp_setup_state() / cpuhp_remove_state() run a callback on a CPU at
		// rest: nothing around it, st->target == st->state, which the exit
		// reports unchanged (a transition's step reports the step itself, or
		// the step below on the way down).  On 6.1 the boot CPU's st->target
		// was never set (boot_cpu_hotplug_init() writes only st->state), so
		// its calls say "target: 0": a "teardown" whose exit leaves the CPU
		// above the step, which no teardown walk does.
		bool call = st.empty() && o.children == 0 && e.exit_state != p.state && e.exit_state != p.state - 1 &&
		            (p.target >= p.state ? e.exit_state == p.target : e.exit_state > p.state);
		if (call) {
			k.is_call[o.ev] = 1;
			auto &so = k.states[static_cast<size_t>(p.state)];
			++so.calls;
			so.call_seqs.push_back(p.seq);
			continue;
		}
		observe(k, p, enter_dir(p));
	}
	for (auto &st : stacks)
		for (auto &o : st)
			unpaired(ev[o.ev]);
	for (int d = 0; d < 2; ++d)
		for (size_t s = 0; s < k.states.size(); ++s)
			if (k.states[s].dir[d].count)
				k.known[d].push_back(static_cast<int32_t>(s));
	for (size_t s = 0; s < k.states.size(); ++s)
		if (!k.states[s].call_seqs.empty())
			k.late.push_back(static_cast<int32_t>(s));
	return k;
}

bool Knowledge::expected(int32_t s, Dir d, uint64_t begin, uint64_t end) const
{
	if (s < 0 || static_cast<size_t>(s) >= states.size())
		return false;
	const StateObs &o = states[static_cast<size_t>(s)];
	const DirObs &x = o.dir[idx(d)];
	if (!x.count || !(x.first_seq < begin || x.last_seq > end))
		return false;
	if (o.call_seqs.empty())
		return true;
	uint64_t lo = std::min(x.first_seq, begin), hi = std::max(x.last_seq, end);
	for (auto cs : o.call_seqs)
		if (cs >= lo && cs <= hi)
			return false;
	return true;
}

int32_t Knowledge::first_expected(Dir d, int32_t lo, int32_t hi, uint64_t begin, uint64_t end) const
{
	const auto &v = known[idx(d)];
	for (auto it = std::upper_bound(v.begin(), v.end(), lo); it != v.end() && *it <= hi; ++it)
		if (expected(*it, d, begin, end))
			return *it;
	return -1;
}

int32_t Knowledge::last_expected(Dir d, int32_t lo, int32_t hi, uint64_t begin, uint64_t end) const
{
	const auto &v = known[idx(d)];
	auto it = std::upper_bound(v.begin(), v.end(), hi);
	while (it != v.begin()) {
		--it;
		if (*it <= lo)
			break;
		if (expected(*it, d, begin, end))
			return *it;
	}
	return -1;
}

bool Knowledge::call_dir(int32_t s, uint32_t sym, Dir &d) const
{
	if (s < 0 || static_cast<size_t>(s) >= states.size() || !sym)
		return false;
	for (int k = 0; k < 2; ++k) {
		const DirObs &o = states[static_cast<size_t>(s)].dir[k];
		for (uint8_t i = 0; i < o.nsyms; ++i)
			if (o.syms[i] == sym) {
				d = static_cast<Dir>(k);
				return true;
			}
	}
	return false;
}

} // namespace hpsmctl::audit::detail

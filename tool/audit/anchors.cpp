#include "audit/anchors.h"

#include <algorithm>
#include <map>

#include "audit/states.h"
#include "audit/trace.h"

namespace hpsmctl::audit {

Anchors anchors_from_states(const StateTable &states)
{
	Anchors a;
	auto get = [&](std::string_view n) {
		auto v = states.find(n);
		return v ? *v : -1;
	};
	a.kick_ap = get("cpu:kick_ap");
	a.bringup = get("cpu:bringup");
	a.ap_offline = get("ap:offline");
	a.ap_online = get("ap:online");
	a.teardown = get("cpu:teardown");
	a.sched_active = get("sched:active");
	a.online = get("online");
	a.source = "states file";
	return a;
}

namespace {

int32_t most_voted(const std::map<int32_t, uint32_t> &votes)
{
	int32_t best = -1;
	uint32_t n = 0;
	for (auto [s, v] : votes)
		if (v > n) {
			best = s;
			n = v;
		}
	return best;
}

} // namespace

Anchors anchors_from_trace(const Trace &t)
{
	Anchors a;
	auto sym = [&](std::string_view n) -> int64_t {
		auto id = t.symbols.find(n);
		return id ? static_cast<int64_t>(*id) : -1;
	};
	const int64_t bringup_syms[] = {sym("bringup_cpu"), sym("cpuhp_bringup_ap")};
	const int64_t takedown = sym("takedown_cpu"), kick_alive = sym("cpuhp_kick_ap_alive"),
	              kick_work = sym("cpuhp_kick_ap_work"), activate = sym("sched_cpu_activate"),
	              deactivate = sym("sched_cpu_deactivate");
	const bool by_symbol = (bringup_syms[0] >= 0 || bringup_syms[1] >= 0) && takedown >= 0 && kick_work >= 0;

	// The kernel's symbols name the anchors: one offline and one online in
	// and they are all known, so the scan stops there.
	if (by_symbol) {
		const bool want_kick_ap = kick_alive >= 0, want_sched = activate >= 0 || deactivate >= 0;
		for (const Event &e : t.events) {
			if (!is_kernel(e.kind) || !is_enter(e.kind))
				continue;
			const int64_t s = e.sym;
			if (s == bringup_syms[0] || s == bringup_syms[1])
				a.bringup = e.state;
			else if (s == takedown)
				a.teardown = e.state;
			else if (s == kick_alive)
				a.kick_ap = e.state;
			else if (s == kick_work)
				a.online = e.state;
			else if (s == activate || s == deactivate)
				a.sched_active = e.state;
			if (a.bringup >= 0 && a.teardown >= 0 && a.online >= 0 && (!want_kick_ap || a.kick_ap >= 0) &&
			    (!want_sched || a.sched_active >= 0))
				break;
		}
		a.source = "trace symbols";
		return a;
	}

	// Without them (an unsymbolised %ps prints addresses) the structure
	// shows them: a control-CPU "up" record directly followed by a record on
	// the hotplugged CPU is the bringup step that wraps the AP's work; a
	// control-CPU "down" step whose exit jumps over many states is the
	// takedown (the DYING states in between are never traced).
	std::map<int32_t, uint32_t> bringup_votes, teardown_votes;
	int32_t max_target = -1;
	for (const Event &e : t.events)
		if (is_kernel(e.kind) && is_enter(e.kind))
			max_target = std::max(max_target, e.target);
	// Per hotplugged CPU, the index of its previous kernel record + 1.
	std::vector<size_t> prev;
	for (size_t i = 0; i < t.events.size(); ++i) {
		const Event &e = t.events[i];
		if (!is_kernel(e.kind))
			continue;
		if (e.cpu >= prev.size())
			prev.resize(e.cpu + 1, 0);
		if (prev[e.cpu]) {
			const Event &p = t.events[prev[e.cpu] - 1];
			if (is_enter(p.kind) && p.on_cpu != p.cpu && e.on_cpu == e.cpu && p.target >= p.state &&
			    e.kind != Kind::KernelExit)
				++bringup_votes[p.state];
			if (is_enter(p.kind) && e.kind == Kind::KernelExit && e.state == p.state &&
			    p.target < p.state && p.on_cpu != p.cpu && e.exit_state < p.state - 1 &&
			    p.state < max_target)
				++teardown_votes[p.state];
		}
		prev[e.cpu] = i + 1;
	}
	a.online = max_target;
	a.bringup = most_voted(bringup_votes);
	a.teardown = most_voted(teardown_votes);
	a.source = "trace structure";
	return a;
}

Anchors merge_anchors(const Anchors &s, const Anchors &t, std::vector<std::string> &dis, std::string_view base_name,
                      std::string_view other_name)
{
	Anchors m = s;
	auto pick = [&](int32_t &field, int32_t from_trace, const char *name) {
		if (field < 0) {
			field = from_trace;
		} else if (from_trace >= 0 && from_trace != field) {
			dis.push_back(std::string(name) + " is " + std::to_string(field) + " in " +
			              std::string(base_name) + " but " + std::to_string(from_trace) + " in " +
			              std::string(other_name));
		}
	};
	pick(m.kick_ap, t.kick_ap, "cpu:kick_ap");
	pick(m.bringup, t.bringup, "cpu:bringup");
	pick(m.teardown, t.teardown, "cpu:teardown");
	pick(m.sched_active, t.sched_active, "sched:active");
	pick(m.online, t.online, "online");
	if (s.bringup < 0)
		m.source = t.source;
	return m;
}

} // namespace hpsmctl::audit

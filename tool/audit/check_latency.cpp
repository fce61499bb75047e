// LATENCY: p50/p99/max of every state per direction, and --budget NAME=DURATION
// turning the runs of a state (or callback) beyond its budget into findings.
#include <algorithm>
#include <cmath>

#include "audit/analysis.h"
#include "audit/states.h"

namespace hpsmctl::audit::detail {

namespace {

constexpr uint64_t kick_key = ~0ull;

uint64_t over_key(int32_t s, Dir d)
{
	return static_cast<uint64_t>(s) * 2 + static_cast<uint64_t>(idx(d));
}

} // namespace

void latency_setup(Walk &w)
{
	w.budget_state.assign(static_cast<size_t>(w.max_state) + 1, 0);
	for (const auto &b : w.opts.budgets) {
		bool matched = false;
		if (w.states)
			if (auto s = w.states->find(b.name); s && *s <= w.max_state) {
				w.budget_state[static_cast<size_t>(*s)] = b.ns;
				matched = true;
			}
		if (auto id = w.trace.symbols.find(b.name)) {
			w.budget_sym[*id] = b.ns;
			matched = true;
		}
		if (b.name == "cpuhp_kick_ap_work") {
			w.budget_kick = b.ns;
			matched = true;
		}
		if (!matched) {
			auto [f, fresh] =
			    w.sink.add(Check::latency, "LATENCY-BUDGET-UNMATCHED", Severity::info, -1, -1, b.name);
			if (fresh)
				f->message = "budget " + b.name + "=" + format_duration(b.ns) +
				             " matches no state name and no callback in this trace";
		}
	}
}

void latency_record(Walk &w, const Event &e, const Event &x, Dir d, bool kick, uint64_t dur)
{
	uint64_t budget = 0;
	uint64_t key = kick_key;
	if (kick) {
		w.kick_lat.push_back(dur);
		budget = w.budget_kick;
	} else {
		if (e.state < 0 || e.state > w.max_state)
			return;
		w.lat[idx(d)][static_cast<size_t>(e.state)].push_back(dur);
		budget = w.budget_state[static_cast<size_t>(e.state)];
		key = over_key(e.state, d);
	}
	if (!budget && !w.budget_sym.empty())
		if (auto it = w.budget_sym.find(e.sym); it != w.budget_sym.end())
			budget = it->second;
	if (!budget || dur <= budget)
		return;
	Over &o = w.over[key];
	o.budget = budget;
	++o.count;
	if (dur > o.worst) {
		o.worst = dur;
		o.worst_line = x.line;
		o.worst_seq = x.seq;
	}
	if (o.lines.size() < 4)
		o.lines.emplace_back(e.line, e.seq);
}

LatencyStats latency_stats(std::vector<uint64_t> &v)
{
	LatencyStats s;
	s.count = v.size();
	if (v.empty())
		return s;
	// Nearest rank: the smallest value with at least q of the runs at or below it.
	auto rank = [&](double q) {
		auto r = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
		return std::clamp<size_t>(r, 1, v.size()) - 1;
	};
	auto r50 = rank(0.50), r99 = rank(0.99);
	std::nth_element(v.begin(), v.begin() + static_cast<long>(r99), v.end());
	s.p99 = v[r99];
	s.max = *std::max_element(v.begin() + static_cast<long>(r99), v.end());
	std::nth_element(v.begin(), v.begin() + static_cast<long>(r50), v.begin() + static_cast<long>(r99) + 1);
	s.p50 = v[r50];
	return s;
}

void latency_finish(Walk &w)
{
	for (auto &[key, o] : w.over) {
		const bool kick = key == kick_key;
		const int32_t s = kick ? -1 : static_cast<int32_t>(key / 2);
		const Dir d = kick ? Dir::down : static_cast<Dir>(key % 2);
		const uint64_t runs = kick ? w.kick_lat.size() : w.lat[idx(d)][static_cast<size_t>(s)].size();
		auto [f, fresh] = w.sink.add(Check::latency, "LATENCY-BUDGET", Severity::warning, -1, s,
		                             kick ? "cpuhp_kick_ap_work" : dir_word(d));
		if (fresh)
			f->message = (kick ? std::string("cpuhp_kick_ap_work")
			                   : std::string(dir_word(d)) + " of " + w.label(s)) +
			             " exceeded its " + format_duration(o.budget) + " budget in " +
			             std::to_string(o.count) + " of " + std::to_string(runs) + " runs (worst " +
			             format_duration(o.worst) + ", " + where(o.worst_line, o.worst_seq) + ")";
		f->occurrences = o.count;
		w.sink.evidence_line(*f, o.worst_line, o.worst_seq);
		for (auto [line, seq] : o.lines)
			w.sink.evidence_line(*f, line, seq);
	}
}

} // namespace hpsmctl::audit::detail

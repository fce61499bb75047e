// SYMMETRY, and the layout table it feeds.
//
// Per state: did both its startup and its teardown run?  A state that only
// ever ran one way is one-sided by design when the walk crossed it the other
// way and no callback ran (the kernel registered only one); an hpsm state
// must say so (a declared reason) or it is a finding; a state that ran once
// and was never crossed back is "seen once, never undone", a finding, since
// nothing shows it was ever meant to stay.
#include <algorithm>
#include <set>

#include "audit/analysis.h"
#include "audit/states.h"

namespace hpsmctl::audit::detail {

namespace {

std::vector<std::string> symbols_of(const Walk &w, const DirObs &o)
{
	std::vector<std::string> v;
	for (uint8_t i = 0; i < o.nsyms; ++i)
		v.push_back(w.sym(o.syms[i]));
	return v;
}

// Is the state held to hpsm's rule (one-sided only with a declared
// reason)?  Returns why, or empty: hpsm's own states, and what
// --require-declared names (a state name prefix, or "[module]" for the
// module its callback symbols come from).
std::string held_to_hpsm_rule(const Walk &w, std::string_view name, const std::vector<std::string> &a,
                              const std::vector<std::string> &b)
{
	if (name.starts_with("hpsm:"))
		return "an hpsm state without a declared reason";
	for (const auto *v : {&a, &b})
		for (const auto &s : *v)
			if (s.ends_with("[hpsm]"))
				return "an hpsm state without a declared reason";
	for (const auto &p : w.opts.require_declared) {
		if (p.empty())
			continue;
		bool held = !name.empty() && name.starts_with(p);
		for (const auto *v : {&a, &b})
			for (const auto &s : *v)
				held = held || (p.front() == '[' && s.ends_with(p));
		if (held)
			return "held to the hpsm rule by --require-declared " + p + ", and no declared reason";
	}
	return {};
}

const std::string *declared_reason(const Walk &w, std::string_view name, const LayoutRow &r)
{
	auto find = [&](std::string_view k) -> const std::string * {
		auto it = w.opts.declared_asymmetric.find(std::string(k));
		return it == w.opts.declared_asymmetric.end() ? nullptr : &it->second;
	};
	if (!name.empty())
		if (auto p = find(name))
			return p;
	for (const auto *v : {&r.startup_symbols, &r.teardown_symbols})
		for (const auto &s : *v)
			if (auto p = find(s))
				return p;
	return nullptr;
}

} // namespace

std::vector<LayoutRow> symmetry_and_layout(Walk &w)
{
	// Crossing counts per state from the difference arrays.
	std::vector<int64_t> crossed[2];
	for (int d = 0; d < 2; ++d) {
		crossed[d].assign(w.cross[d].size(), 0);
		int64_t run = 0;
		for (size_t s = 0; s < w.cross[d].size(); ++s)
			crossed[d][s] = run += w.cross[d][s];
	}

	std::set<int32_t> numbers;
	if (w.states)
		for (const auto &r : w.states->rows)
			numbers.insert(r.number);
	for (size_t s = 0; s < w.know.states.size(); ++s) {
		const auto &o = w.know.states[s];
		if (o.dir[0].count || o.dir[1].count || o.calls)
			numbers.insert(static_cast<int32_t>(s));
	}

	std::vector<LayoutRow> rows;
	for (int32_t s : numbers) {
		const auto su = static_cast<size_t>(s);
		LayoutRow r;
		r.state = s;
		if (w.states)
			if (auto n = w.states->name(s))
				r.name = *n;
		auto placement = classify_state(s, r.name, w.anchors);
		r.section = placement.section;
		r.note = placement.note;
		const bool in_range = s <= w.max_state;
		if (in_range) {
			const auto &o = w.know.states[su];
			r.startup_symbols = symbols_of(w, o.dir[0]);
			r.teardown_symbols = symbols_of(w, o.dir[1]);
			r.startups = o.dir[0].count;
			r.teardowns = o.dir[1].count;
			r.calls = w.calls[su];
			r.startup_latency = latency_stats(w.lat[0][su]);
			r.teardown_latency = latency_stats(w.lat[1][su]);
		}
		if (s == 0 || s == w.anchors.online) {
			r.verdict = Verdict::anchor;
		} else if (r.startups && r.teardowns) {
			r.verdict = Verdict::symmetric;
		} else if (!r.startups && !r.teardowns) {
			r.verdict = w.anchors.is_untraced(s) ? Verdict::untraced : Verdict::not_observed;
			if (r.verdict == Verdict::untraced)
				r.reason = "runs on the hotplugged CPU while it is not marked online: never traced";
		} else {
			const Dir ran = r.startups ? Dir::up : Dir::down;
			const Dir other = reverse(ran);
			const uint64_t runs = ran == Dir::up ? r.startups : r.teardowns;
			const int64_t back = in_range && su < crossed[idx(other)].size() ? crossed[idx(other)][su] : 0;
			const auto &syms = ran == Dir::up ? r.startup_symbols : r.teardown_symbols;
			const std::string what = std::string(dir_word(ran)) + " only (" +
			                         (syms.empty() ? std::string("?") : syms.front()) + ")";
			const DirObs &o = w.know.states[su].dir[idx(ran)];
			Check c = Check::symmetry;
			if (auto reason = declared_reason(w, r.name, r)) {
				r.verdict = Verdict::declared;
				r.reason = *reason;
				auto [f, fresh] = w.sink.add(c, "SYMMETRY-DECLARED", Severity::info, -1, s);
				if (fresh)
					f->message = w.label(s) + ": " + what + ", declared asymmetric: " + *reason;
				w.sink.evidence_line(*f, o.first_line, o.first_seq);
			} else if (std::string why =
			               back > 0 ? held_to_hpsm_rule(w, r.name, r.startup_symbols, r.teardown_symbols)
			                        : std::string();
			           !why.empty()) {
				r.verdict = Verdict::undeclared;
				r.reason = why;
				auto [f, fresh] = w.sink.add(c, "SYMMETRY-UNDECLARED", Severity::warning, -1, s);
				if (fresh)
					f->message = w.label(s) + ": " + what + " in " + std::to_string(runs) +
					             " runs, crossed " + std::to_string(back) +
					             " times the other way without a " + std::string(dir_word(other)) +
					             ", and not declared asymmetric";
				w.sink.evidence_line(*f, o.first_line, o.first_seq);
			} else if (back > 0) {
				r.verdict = Verdict::one_sided;
				r.reason = "crossed " + std::to_string(back) + " times the other way, no " +
				           std::string(dir_word(other)) + " ran";
				auto [f, fresh] = w.sink.add(c, "SYMMETRY-ONE-SIDED", Severity::info, -1, s);
				if (fresh)
					f->message = w.label(s) + ": " + what + ", ran " + std::to_string(runs) +
					             " times; crossed " + std::to_string(back) +
					             " times the other way without a " + std::string(dir_word(other)) +
					             ": one-sided by design";
				w.sink.evidence_line(*f, o.first_line, o.first_seq);
			} else if (runs == 1) {
				r.verdict = Verdict::seen_once;
				r.reason = "ran once; no later transition crossed it back";
				auto [f, fresh] = w.sink.add(c, "SYMMETRY-ONCE", Severity::warning, -1, s);
				if (fresh)
					f->message = w.label(s) + ": " + what +
					             " seen once and never undone: no transition " +
					             "crossed it back, so nothing shows whether its " +
					             std::string(dir_word(other)) + " exists";
				w.sink.evidence_line(*f, o.first_line, o.first_seq);
			} else {
				r.verdict = Verdict::unverified;
				r.reason = "ran " + std::to_string(runs) + " times, never crossed back";
				auto [f, fresh] = w.sink.add(c, "SYMMETRY-UNVERIFIED", Severity::info, -1, s);
				if (fresh)
					f->message =
					    w.label(s) + ": " + what + ", ran " + std::to_string(runs) +
					    " times but no transition crossed it back: no full cycle to judge it by";
				w.sink.evidence_line(*f, o.first_line, o.first_seq);
			}
		}
		rows.push_back(std::move(r));
	}
	return rows;
}

} // namespace hpsmctl::audit::detail

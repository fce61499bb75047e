// hpsm's own callbacks, inside hpsm's sections (issue 6: the RFC's "analyze
// the asymmetric callbacks ... or at least document why they need to be
// asymmetric", done for the callbacks hpsm runs):
//
//   ORDER      inside each run of a section (the kernel's enter and exit of
//              its carrier state, hpsm:prep_hw ... hpsm:enable): startups in
//              array order, teardowns in the reverse; a failed startup's
//              rollback tears down exactly the startups that completed before
//              it, in reverse (ORDER-CALLBACK-SEQUENCE,
//              ORDER-CALLBACK-ROLLBACK-EXTRA); a teardown run leaves no
//              callback that was up on that CPU and has a teardown
//              (ORDER-CALLBACK-SKIPPED).
//   ROLLBACK   a startup that completed before the failing one and was not
//              torn down again (ROLLBACK-CALLBACK-NOT-UNDONE).
//   PLACEMENT  AP sections' callbacks on the hotplugged CPU, always;
//              PREP sections' off it during transitions (installing a
//              callback runs PREP startups on behalf of every CPU from the
//              installing one, which may be the target).
//   SYMMETRY   per callback: declared one-sided with its reason (info,
//              SYMMETRY-DECLARED); one-sided without a declaration
//              (SYMMETRY-UNDECLARED, a warning): registered so (hpsm's own
//              description says a half is missing), or seen so (its section
//              was torn down on a CPU where it was up and it ran no teardown)
//              when nothing says what it registered.
//
// "Array order" is what hpsm says (each callback's section and order key,
// from GET_STATES or `hpsmctl states --json`); ties in the key, and traces
// without that description, take it from the runs themselves: every pair of
// callbacks that ran in one run votes for an order (teardown runs for the
// reverse), the majority wins and a tie goes to the order seen first, so the
// run that departs from the others is the one reported.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <uapi/hpsm.h>

#include "audit/analysis.h"
#include "audit/hpsm_reader.h"

namespace hpsmctl::audit::detail {

namespace {

struct Rec {
	uint32_t ev = 0;           // the enter
	uint32_t xev = UINT32_MAX; // the exit
	uint32_t sym = 0;          // the callback
	bool startup = false;
	bool exited = false;
	bool ok = false; // exited with 0
};

struct Run {
	uint32_t cpu = 0;
	int32_t section = -1;
	int32_t state = -1; // the carrier kernel state
	bool up = false;    // the kernel ran the section's startup
	bool call = false;  // an install/remove invocation of the kernel state, not a transition
	uint32_t enter_ev = 0;
	uint64_t end_seq = 0;
	std::vector<Rec> recs;
};

struct Vote {
	uint32_t ab = 0, ba = 0; // a before b, b before a (a < b as ids)
	bool first_ab = true;
	bool seen = false;
};

struct Cb { // what the trace shows of one callback
	uint64_t startups = 0, teardowns = 0;
	int32_t section = -1; // learned from the runs it ran in
	uint64_t last_seq = 0;
	uint32_t first_ev = UINT32_MAX;
	uint64_t crossed_down = 0; // section torn down where it was up, without its teardown
	uint32_t crossed_ev = UINT32_MAX;
};

class Checker {
public:
	Checker(Walk &w) : w_(w), ev_(w.trace.events)
	{
		for (const auto &c : w.opts.hpsm_callbacks)
			info_[c.name] = &c;
	}

	void run(std::vector<CallbackRow> &rows)
	{
		carriers();
		collect();
		learn();
		replay();
		symmetry(rows);
	}

private:
	Walk &w_;
	const std::vector<Event> &ev_;
	std::unordered_map<std::string, const HpsmCallbackInfo *> info_;
	std::vector<int32_t> section_of_state_;
	std::vector<Run> runs_;
	// Callback records outside any run (install/remove of a callback): the
	// enter's index, in trace order, with whether its startup completed.
	std::vector<Rec> outside_;
	std::unordered_map<uint32_t, Cb> cbs_;
	std::map<std::pair<uint32_t, uint32_t>, Vote> votes_;
	std::vector<uint64_t> up_runs_; // per section: runs that started it up

	std::string name(uint32_t sym) const { return w_.sym(sym); }
	const HpsmCallbackInfo *info(uint32_t sym) const
	{
		auto it = info_.find(name(sym));
		return it == info_.end() ? nullptr : it->second;
	}
	int32_t section_of(uint32_t sym) const
	{
		if (const auto *i = info(sym); i && i->section >= 0)
			return i->section;
		auto it = cbs_.find(sym);
		return it == cbs_.end() ? -1 : it->second.section;
	}
	bool has_teardown(uint32_t sym) const
	{
		if (const auto *i = info(sym))
			return i->teardown;
		auto it = cbs_.find(sym);
		return it != cbs_.end() && it->second.teardowns > 0;
	}
	std::string section_text(int32_t s) const
	{
		auto k = hpsm_section_key(s);
		return k.empty() ? std::string("section unknown") : std::string(k);
	}
	std::string run_label(const Run &r) const
	{
		return "cpu" + std::to_string(r.cpu) + " " + (r.up ? "up" : "down") + ", " + w_.label(r.state);
	}

	// Which kernel states carry an hpsm section: by the states file's names
	// and by the symbols their callbacks ran under.
	void carriers()
	{
		section_of_state_.assign(static_cast<size_t>(w_.max_state) + 1, -1);
		for (size_t s = 0; s < section_of_state_.size(); ++s) {
			int32_t sec = -1;
			if (w_.states)
				if (const std::string *n = w_.states->name(static_cast<int32_t>(s)))
					sec = hpsm_section_of_state(*n, {});
			if (s < w_.know.states.size())
				for (const auto &d : w_.know.states[s].dir)
					for (uint8_t k = 0; sec < 0 && k < d.nsyms; ++k)
						sec = hpsm_section_of_state({}, w_.trace.symbols.name(d.syms[k]));
			section_of_state_[s] = sec;
		}
		up_runs_.assign(HPSM_SEC_COUNT, 0);
	}

	int32_t carrier(int32_t state) const
	{
		return state >= 0 && static_cast<size_t>(state) < section_of_state_.size()
		           ? section_of_state_[static_cast<size_t>(state)]
		           : -1;
	}

	// Pass 1: cut the callback records into runs of their sections.
	void collect()
	{
		struct Open {
			int32_t state;
			int32_t run; // index into runs_, or -1
		};
		struct OpenCb {
			int32_t id;
			int32_t run;  // -1: outside
			uint32_t rec; // index into the run's recs or into outside_
		};
		// Per hotplugged CPU (the walk's dense index): one lookup per record.
		std::vector<std::vector<Open>> kstack(w_.cpus.size());
		std::vector<std::vector<OpenCb>> cstack(w_.cpus.size());
		for (uint32_t i = 0; i < ev_.size(); ++i) {
			const Event &e = ev_[i];
			if (is_kernel(e.kind)) {
				auto &st = kstack[static_cast<size_t>(w_.dense[e.cpu])];
				if (is_enter(e.kind)) {
					int32_t run = -1;
					if (int32_t sec = carrier(e.state); sec >= 0) {
						Run r;
						r.cpu = e.cpu;
						r.section = sec;
						r.state = e.state;
						r.up = e.target >= e.state;
						r.call = i < w_.know.is_call.size() && w_.know.is_call[i];
						r.enter_ev = i;
						r.end_seq = e.seq;
						run = static_cast<int32_t>(runs_.size());
						runs_.push_back(std::move(r));
					}
					st.push_back(Open{e.state, run});
				} else {
					size_t m = st.size();
					while (m > 0 && st[m - 1].state != e.state)
						--m;
					if (m == 0)
						continue;
					while (st.size() >= m) {
						if (st.back().run >= 0)
							runs_[static_cast<size_t>(st.back().run)].end_seq = e.seq;
						st.pop_back();
					}
				}
				continue;
			}
			if (e.kind == Kind::HpsmSync)
				continue;
			Cb &cb = cbs_[e.sym];
			cb.last_seq = std::max(cb.last_seq, e.seq);
			cb.first_ev = std::min(cb.first_ev, i);
			auto &cs = cstack[static_cast<size_t>(w_.dense[e.cpu])];
			if (e.kind == Kind::HpsmEnter) {
				const bool startup = e.target == static_cast<int32_t>(HpsmDir::up) ||
				                     e.target == static_cast<int32_t>(HpsmDir::rollback_up);
				(startup ? cb.startups : cb.teardowns)++;
				Rec rec;
				rec.ev = i;
				rec.sym = e.sym;
				rec.startup = startup;
				auto &st = kstack[static_cast<size_t>(w_.dense[e.cpu])];
				const int32_t run = !st.empty() ? st.back().run : -1;
				if (run >= 0) {
					Run &r = runs_[static_cast<size_t>(run)];
					if (cb.section < 0)
						cb.section = r.section;
					r.recs.push_back(rec);
					cs.push_back(OpenCb{e.state, run, static_cast<uint32_t>(r.recs.size() - 1)});
				} else {
					outside_.push_back(rec);
					cs.push_back(OpenCb{e.state, -1, static_cast<uint32_t>(outside_.size() - 1)});
				}
				continue;
			}
			size_t m = cs.size();
			while (m > 0 && cs[m - 1].id != e.state)
				--m;
			if (m == 0)
				continue; // COMPLETENESS-NO-ENTER (walk.cpp)
			OpenCb o = cs[m - 1];
			cs.resize(m - 1);
			Rec &rec = o.run >= 0 ? runs_[static_cast<size_t>(o.run)].recs[o.rec] : outside_[o.rec];
			rec.exited = true;
			rec.ok = e.ret == 0;
			rec.xev = i;
		}
	}

	// ---- the reference order ----

	void vote(uint32_t a, uint32_t b)
	{
		if (a == b)
			return;
		const bool ab = a < b;
		Vote &v = votes_[{std::min(a, b), std::max(a, b)}];
		(ab ? v.ab : v.ba)++;
		if (!v.seen) {
			v.seen = true;
			v.first_ab = ab;
		}
	}

	// The startups, the teardowns of a teardown run, and a rollback's
	// teardowns, in the order they ran.
	struct Split {
		std::vector<const Rec *> startups;
		std::vector<const Rec *> teardowns; // of a down run, or a rollback after a failed startup
		const Rec *failed = nullptr;        // the first startup that failed
		std::vector<const Rec *> stray;     // teardowns in an up run before any failure
		std::vector<const Rec *> late;      // startups after the failure
	};

	static Split split(const Run &r)
	{
		Split s;
		for (const Rec &x : r.recs) {
			if (x.startup) {
				if (!r.up || s.failed)
					s.late.push_back(&x);
				else
					s.startups.push_back(&x);
				if (r.up && !s.failed && x.exited && !x.ok)
					s.failed = &x;
			} else if (r.up && !s.failed) {
				s.stray.push_back(&x);
			} else {
				s.teardowns.push_back(&x);
			}
		}
		return s;
	}

	void learn()
	{
		// An install/remove call runs one way; the enter's target does not
		// always say which (6.1's boot CPU reports target 0): its records do.
		for (Run &r : runs_)
			if (r.call && !r.recs.empty())
				r.up = r.recs.front().startup;
		for (const Run &r : runs_) {
			Split s = split(r);
			for (size_t i = 0; i < s.startups.size(); ++i)
				for (size_t j = i + 1; j < s.startups.size(); ++j)
					vote(s.startups[i]->sym, s.startups[j]->sym);
			for (size_t i = 0; i < s.teardowns.size(); ++i)
				for (size_t j = i + 1; j < s.teardowns.size(); ++j)
					vote(s.teardowns[j]->sym, s.teardowns[i]->sym);
		}
	}

	// Does a come before b in the section's array?
	bool before(uint32_t a, uint32_t b) const
	{
		const auto *ia = info(a), *ib = info(b);
		if (ia && ib && ia->section == ib->section && ia->order != ib->order)
			return ia->order < ib->order;
		auto it = votes_.find({std::min(a, b), std::max(a, b)});
		if (it == votes_.end())
			return true;
		const Vote &v = it->second;
		bool ab = v.ab != v.ba ? v.ab > v.ba : v.first_ab;
		return a < b ? ab : !ab;
	}

	// Why first comes before second in the array.
	std::string array_reason(uint32_t first, uint32_t second) const
	{
		const auto *i1 = info(first), *i2 = info(second);
		if (i1 && i2 && i1->order != i2->order)
			return "order key " + std::to_string(i1->order) + " < " + std::to_string(i2->order);
		return "as the section's other runs show";
	}

	// ---- checks ----

	void placement(const Rec &rec, const Run *run, const Event &x)
	{
		const int32_t sec = run ? run->section : section_of(rec.sym);
		if (sec < 0)
			return;
		const bool ap = hpsm_section_is_ap(sec);
		if (ap ? x.on_cpu == x.cpu : (!run || run->call || x.on_cpu != x.cpu))
			return;
		const std::string n = name(rec.sym);
		auto [f, fresh] = w_.sink.add(
		    Check::placement, ap ? "PLACEMENT-CALLBACK-AP-OFF-TARGET" : "PLACEMENT-CALLBACK-PREP-ON-TARGET",
		    Severity::error, x.cpu, run ? run->state : -1, {}, n);
		if (fresh)
			f->message =
			    "cpu" + std::to_string(x.cpu) + ": hpsm callback " + n + " (" + section_text(sec) + ", " +
			    (ap ? "an AP section" : "a PREP section") + ") ran on cpu" + std::to_string(x.on_cpu) +
			    (ap ? ", not on the hotplugged CPU" : ", the hotplugged CPU itself, during its transition");
		w_.sink.evidence(*f, x);
	}

	void sequence(const Run &r, const std::vector<const Rec *> &seq, bool startups, const char *what)
	{
		for (size_t j = 1; j < seq.size(); ++j)
			for (size_t i = 0; i < j; ++i) {
				const uint32_t a = seq[i]->sym, b = seq[j]->sym;
				if (a == b)
					continue;
				// startups: a before b in the array; teardowns: b before a.
				if (startups ? before(a, b) : before(b, a))
					continue;
				const std::string na = name(a), nb = name(b);
				auto [f, fresh] = w_.sink.add(Check::order, "ORDER-CALLBACK-SEQUENCE", Severity::error,
				                              r.cpu, r.state, startups ? "startup" : "teardown", nb);
				if (fresh)
					f->message =
					    run_label(r) + ": " + what + " of " + nb + " ran after " + na + "'s, but " +
					    nb + " comes " + (startups ? "before" : "after") + " " + na +
					    " in the section's array (" +
					    array_reason(startups ? b : a, startups ? a : b) + "); " +
					    (startups ? "startups run in array order" : "teardowns run in reverse");
				w_.sink.evidence(*f, ev_[seq[i]->ev]);
				w_.sink.evidence(*f, ev_[seq[j]->ev]);
				return; // one finding per run: the rest follows from it
			}
	}

	void check_up_run(const Run &r, const Split &s, std::unordered_map<uint32_t, int32_t> &up)
	{
		sequence(r, s.startups, true, "startup");
		for (const Rec *x : s.stray) {
			const std::string n = name(x->sym);
			auto [f, fresh] = w_.sink.add(Check::order, "ORDER-CALLBACK-ROLLBACK-EXTRA", Severity::error,
			                              r.cpu, r.state, "teardown", n);
			if (fresh)
				f->message = run_label(r) + ": teardown of " + n +
				             " ran while the section was starting up and no startup had failed";
			w_.sink.evidence(*f, ev_[x->ev]);
		}
		for (const Rec *x : s.late) {
			const std::string n = name(x->sym);
			auto [f, fresh] = w_.sink.add(Check::order, "ORDER-CALLBACK-SEQUENCE", Severity::error, r.cpu,
			                              r.state, "startup", n);
			if (fresh)
				f->message = run_label(r) + ": startup of " + n + " ran after " +
				             (s.failed ? name(s.failed->sym) + "'s startup had failed"
				                       : "the section's teardown") +
				             "; nothing starts after a failure in its section";
			if (s.failed)
				w_.sink.evidence(*f, ev_[s.failed->ev]);
			w_.sink.evidence(*f, ev_[x->ev]);
		}
		if (!s.failed)
			return;
		// The rollback inside the section: exactly the startups that
		// completed before the failing one, in reverse.
		std::vector<const Rec *> completed;
		for (const Rec *x : s.startups)
			if (x != s.failed && x->ok && x->ev < s.failed->ev)
				completed.push_back(x);
		std::vector<const Rec *> legit;
		for (const Rec *t : s.teardowns) {
			bool ran = std::any_of(completed.begin(), completed.end(),
			                       [&](const Rec *c) { return c->sym == t->sym; });
			if (ran) {
				legit.push_back(t);
				continue;
			}
			const std::string n = name(t->sym);
			auto [f, fresh] = w_.sink.add(Check::order, "ORDER-CALLBACK-ROLLBACK-EXTRA", Severity::error,
			                              r.cpu, r.state, "teardown", n);
			if (fresh)
				f->message =
				    run_label(r) + ": after " + name(s.failed->sym) + "'s startup failed (ret " +
				    std::to_string(ev_[s.failed->ev].ret) + "), the rollback tore down " + n +
				    (t->sym == s.failed->sym
				         ? ", the failing callback itself; a failing startup cleans up after itself"
				         : ", whose startup did not complete in this run");
			w_.sink.evidence(*f, ev_[s.failed->ev]);
			w_.sink.evidence(*f, ev_[t->ev]);
		}
		sequence(r, legit, false, "rollback teardown");
		for (const Rec *c : completed) {
			if (!has_teardown(c->sym))
				continue;
			bool undone =
			    std::any_of(legit.begin(), legit.end(), [&](const Rec *t) { return t->sym == c->sym; });
			if (undone)
				continue;
			const std::string n = name(c->sym);
			auto [f, fresh] = w_.sink.add(Check::rollback, "ROLLBACK-CALLBACK-NOT-UNDONE", Severity::error,
			                              r.cpu, r.state, "startup", n);
			if (fresh)
				f->message = run_label(r) + ": " + name(s.failed->sym) +
				             "'s startup failed but the rollback " + "did not tear down " + n +
				             ", whose startup completed before it (its teardown " +
				             "exists and did not run)";
			w_.sink.evidence(*f, ev_[c->ev]);
			w_.sink.evidence(*f, ev_[s.failed->ev]);
			up.erase(c->sym); // hpsm forgot it either way: one finding, not one per later run
		}
	}

	void check_down_run(const Run &r, const Split &s, std::unordered_map<uint32_t, int32_t> &up)
	{
		sequence(r, s.teardowns, false, "teardown");
		for (const Rec *x : s.late) {
			const std::string n = name(x->sym);
			auto [f, fresh] = w_.sink.add(Check::order, "ORDER-CALLBACK-SEQUENCE", Severity::error, r.cpu,
			                              r.state, "startup", n);
			if (fresh)
				f->message = run_label(r) + ": startup of " + n + " ran inside the section's teardown";
			w_.sink.evidence(*f, ev_[x->ev]);
		}
		// Every callback up on this CPU in this section is torn down: hpsm
		// forgets it either way.  One with a teardown that did not run is
		// skipped; one without is one-sided (SYMMETRY below).
		std::vector<uint32_t> gone;
		for (const auto &[sym, sec] : up)
			if (sec == r.section)
				gone.push_back(sym);
		std::sort(gone.begin(), gone.end());
		for (uint32_t sym : gone) {
			bool ran = std::any_of(s.teardowns.begin(), s.teardowns.end(),
			                       [&](const Rec *t) { return t->sym == sym; });
			up.erase(sym);
			if (ran)
				continue;
			Cb &cb = cbs_[sym];
			// Still installed afterwards: hpsm describes it now, or it runs again later.
			const bool alive = info(sym) || cb.last_seq > r.end_seq;
			if (!has_teardown(sym) || !alive) {
				if (!cb.teardowns) {
					++cb.crossed_down;
					cb.crossed_ev = std::min(cb.crossed_ev, r.enter_ev);
				}
				continue;
			}
			const std::string n = name(sym);
			auto [f, fresh] = w_.sink.add(Check::order, "ORDER-CALLBACK-SKIPPED", Severity::error, r.cpu,
			                              r.state, "teardown", n);
			if (fresh)
				f->message = run_label(r) + ": the section was torn down without " + n +
				             "'s teardown, although it was up on cpu" + std::to_string(r.cpu) +
				             " and has a teardown";
			w_.sink.evidence(*f, ev_[r.enter_ev]);
		}
	}

	// Pass 2: in trace order, with which callbacks are up on which CPU.
	void replay()
	{
		std::unordered_map<uint32_t, std::unordered_map<uint32_t, int32_t>> up; // cpu -> callback -> section
		size_t o = 0;
		auto apply = [&](uint32_t cpu, const Rec &x, int32_t sec) {
			if (x.startup && x.ok)
				up[cpu][x.sym] = sec;
			else if (!x.startup)
				up[cpu].erase(x.sym);
		};
		auto outside_until = [&](uint32_t ev) {
			for (; o < outside_.size() && outside_[o].ev < ev; ++o) {
				const Rec &x = outside_[o];
				apply(ev_[x.ev].cpu, x, section_of(x.sym));
				// Installing or removing a callback: AP sections run it on
				// the CPU, PREP ones on its behalf from the caller.
				placement(x, nullptr, ev_[x.ev]);
				if (x.exited)
					placement(x, nullptr, ev_[x.xev]);
			}
		};
		for (const Run &r : runs_) {
			outside_until(r.enter_ev);
			auto &cpu_up = up[r.cpu];
			Split s = split(r);
			if (r.up) {
				++up_runs_[static_cast<size_t>(r.section)];
				check_up_run(r, s, cpu_up);
			} else {
				check_down_run(r, s, cpu_up);
			}
			for (const Rec &x : r.recs) {
				apply(r.cpu, x, r.section);
				placement(x, &r, ev_[x.ev]);
				if (x.exited)
					placement(x, &r, ev_[x.xev]);
			}
			// A failed section start forgets what it started, teardown or not.
			if (s.failed)
				for (const Rec *x : s.startups)
					if (x->ev < s.failed->ev)
						cpu_up.erase(x->sym);
		}
		outside_until(static_cast<uint32_t>(ev_.size()));
	}

	// ---- SYMMETRY per callback ----

	void symmetry(std::vector<CallbackRow> &rows)
	{
		// Every callback the records or hpsm's description know, by name.
		std::map<std::string, uint32_t> all;
		for (const auto &[sym, cb] : cbs_)
			all.emplace(name(sym), sym);
		for (const auto &c : w_.opts.hpsm_callbacks)
			all.emplace(c.name, w_.trace.symbols.find(c.name).value_or(UINT32_MAX));
		for (const auto &[n, sym] : all) {
			static const Cb none;
			auto it = sym == UINT32_MAX ? cbs_.end() : cbs_.find(sym);
			const Cb &cb = it == cbs_.end() ? none : it->second;
			const HpsmCallbackInfo *i = info_.count(n) ? info_.at(n) : nullptr;
			const int32_t sec = i && i->section >= 0 ? i->section : cb.section;
			CallbackRow *row = nullptr;
			for (auto &r : rows)
				if (r.symbol == n)
					row = &r;
			if (!row) {
				rows.push_back(CallbackRow{});
				row = &rows.back();
				row->symbol = n;
			}
			row->section = std::string(hpsm_section_key(sec));
			row->startups = cb.startups;
			row->teardowns = cb.teardowns;

			std::string reason;
			if (i && i->asymmetric && !i->reason.empty())
				reason = i->reason;
			else if (auto d = w_.opts.declared_asymmetric.find(n); d != w_.opts.declared_asymmetric.end())
				reason = d->second;
			const bool registered_one_sided = i && i->startup != i->teardown;
			const bool seen_one_way = (cb.startups > 0) != (cb.teardowns > 0);
			// Seen one way only, and its section crossed back without the other.
			const bool crossed =
			    (cb.startups && !cb.teardowns && cb.crossed_down) ||
			    (cb.teardowns && !cb.startups && sec >= 0 && up_runs_[static_cast<size_t>(sec)]);
			std::string halves = registered_one_sided ? (i->startup ? "startup only" : "teardown only")
			                     : cb.startups && !cb.teardowns ? "startup only"
			                     : cb.teardowns && !cb.startups ? "teardown only"
			                                                    : "";
			const std::string who = "hpsm callback " + n + " (" + section_text(sec) + ")";
			const Event *first = cb.first_ev != UINT32_MAX ? &ev_[cb.first_ev] : nullptr;
			if (!reason.empty() && (registered_one_sided || seen_one_way)) {
				row->verdict = std::string(verdict_name(Verdict::declared));
				row->reason = reason;
				auto [f, fresh] =
				    w_.sink.add(Check::symmetry, "SYMMETRY-DECLARED", Severity::info, -1, -1, {}, n);
				if (fresh)
					f->message = who + ": " + halves + ", declared asymmetric: " + reason;
				if (first)
					w_.sink.evidence(*f, *first);
			} else if (registered_one_sided) {
				row->verdict = std::string(verdict_name(Verdict::undeclared));
				row->reason = "registered with " + halves + " and no declared reason";
				auto [f, fresh] = w_.sink.add(Check::symmetry, "SYMMETRY-UNDECLARED", Severity::warning,
				                              -1, -1, {}, n);
				if (fresh)
					f->message = who + ": registered with " + halves +
					             " and not declared asymmetric (HPSM_CB_ASYMMETRIC with a reason)";
				if (first)
					w_.sink.evidence(*f, *first);
			} else if (seen_one_way && crossed && !i) {
				row->verdict = std::string(verdict_name(Verdict::undeclared));
				row->reason = "seen one-sided, no declaration known";
				auto [f, fresh] = w_.sink.add(Check::symmetry, "SYMMETRY-UNDECLARED", Severity::warning,
				                              -1, -1, {}, n);
				if (fresh) {
					const uint64_t runs = cb.startups ? cb.startups : cb.teardowns;
					const uint64_t back =
					    cb.startups ? cb.crossed_down : up_runs_[static_cast<size_t>(sec)];
					f->message = who + ": " + halves + " in " + std::to_string(runs) +
					             " runs; its section ran " + std::to_string(back) +
					             " times the other way without its " +
					             (cb.startups ? "teardown" : "startup") +
					             ", and nothing declares it asymmetric (a saved trace carries no "
					             "declarations: pass --callbacks with `hpsmctl states --json`, or "
					             "--declare " +
					             n + "=REASON)";
				}
				if (first)
					w_.sink.evidence(*f, *first);
				if (cb.crossed_ev != UINT32_MAX)
					w_.sink.evidence(*f, ev_[cb.crossed_ev]);
			} else if (seen_one_way && !i) {
				row->verdict = std::string(verdict_name(Verdict::unverified));
				row->reason = "its section never ran the other way where it was up";
				auto [f, fresh] =
				    w_.sink.add(Check::symmetry, "SYMMETRY-UNVERIFIED", Severity::info, -1, -1, {}, n);
				if (fresh)
					f->message =
					    who + ": " + halves +
					    ", but its section never ran the other way where it had run: no full cycle "
					    "to judge it by";
				if (first)
					w_.sink.evidence(*f, *first);
			} else if (cb.startups && cb.teardowns) {
				row->verdict = std::string(verdict_name(Verdict::symmetric));
			} else if (cb.startups || cb.teardowns) {
				row->verdict = "symmetric, one direction seen";
				row->reason = "hpsm describes a startup and a teardown";
			} else {
				row->verdict = std::string(verdict_name(Verdict::not_observed));
			}
		}
		std::sort(rows.begin(), rows.end(), [](const CallbackRow &a, const CallbackRow &b) {
			int sa = hpsm_section_of_key(a.section), sb = hpsm_section_of_key(b.section);
			return sa != sb ? sa < sb : a.symbol < b.symbol;
		});
	}
};

} // namespace

void hpsm_callback_checks(Walk &w, std::vector<CallbackRow> &rows)
{
	Checker(w).run(rows);
}

} // namespace hpsmctl::audit::detail

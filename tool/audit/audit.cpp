#include "audit/audit.h"

#include <algorithm>

#include "audit/analysis.h"

namespace hpsmctl::audit {

using namespace detail;

namespace {

// One pass for everything that is a plain property of the records: the
// walk's array sizes, the CPUs, and the sequence breaks COMPLETENESS reports.
// (The audit is bound by memory bandwidth: every pass over the records
// costs as much as the analysis itself.)
void prescan(Walk &w)
{
	uint32_t max_cpu = 0;
	int32_t max_state = std::max(w.anchors.online, 0);
	const auto &ev = w.trace.events;
	for (size_t i = 0; i < ev.size(); ++i) {
		const Event &e = ev[i];
		max_cpu = std::max(max_cpu, e.cpu);
		max_state = std::max({max_state, e.state, e.target, e.exit_state});
		w.kernel_records += is_kernel(e.kind);
		if (i && e.seq != ev[i - 1].seq + 1)
			w.seq_breaks.push_back(static_cast<uint32_t>(i));
	}
	if (w.states && !w.states->rows.empty())
		max_state = std::max(max_state, w.states->rows.back().number);
	w.max_state = max_state;
	w.dense.assign(w.trace.events.empty() ? 0 : max_cpu + 1, -1);
	for (const auto &e : w.trace.events)
		if (w.dense[e.cpu] < 0) {
			w.dense[e.cpu] = static_cast<int32_t>(w.cpus.size());
			CpuCtx c;
			c.cpu = e.cpu;
			w.cpus.push_back(std::move(c));
		}
	w.hpsm_stack.resize(w.cpus.size());
}

void summarise(Walk &w, Report &r, const std::vector<std::string> &disagreements)
{
	Summary &s = r.summary;
	const Trace &t = w.trace;
	s.source = t.source;
	s.format = t.format;
	s.states_source = w.states ? w.states->source : "";
	s.lines = t.lines;
	s.records = t.events.size();
	s.kernel_records = w.kernel_records;
	s.hpsm_records = t.events.size() - w.kernel_records;
	for (const auto &c : w.cpus)
		if (c.records)
			s.cpus.push_back(c.cpu);
	std::sort(s.cpus.begin(), s.cpus.end());
	for (const auto &row : w.rows) {
		++s.transitions;
		(row.direction == "up" ? s.up : s.down)++;
		s.rolled_back += row.result == "rolled-back";
		s.failed += row.result == "failed";
		s.unfinished += row.result == "unfinished";
	}
	s.calls = w.ncalls;
	if (t.has_entries_header && t.entries_in_buffer < t.entries_written)
		s.lost_records += t.entries_written - t.entries_in_buffer;
	for (const auto &l : t.losses)
		s.lost_records += l.count;
	auto anchor = [&](const char *name, int32_t v) {
		if (v >= 0)
			s.anchors.emplace_back(name, v);
	};
	anchor("cpu:kick_ap", w.anchors.kick_ap);
	anchor("cpu:bringup", w.anchors.bringup);
	anchor("cpu:teardown", w.anchors.teardown);
	anchor("sched:active", w.anchors.sched_active);
	anchor("online", w.anchors.online);
	s.anchors_source = w.anchors.source;
	s.up_latency = latency_stats(w.up_durations);
	s.down_latency = latency_stats(w.down_durations);
	s.kick_latency = latency_stats(w.kick_lat);
	for (const auto &[k, v] : w.opts.declared_asymmetric)
		s.declared_asymmetric.emplace_back(k, v);
	for (auto &[sym, v] : w.hpsm_lat) {
		CallbackRow row;
		row.symbol = w.sym(sym);
		row.latency = latency_stats(v);
		s.hpsm_callbacks.push_back(std::move(row));
	}
	std::sort(s.hpsm_callbacks.begin(), s.hpsm_callbacks.end(),
	          [](const CallbackRow &a, const CallbackRow &b) { return a.symbol < b.symbol; });
	for (const auto &d : disagreements) {
		auto [f, fresh] =
		    w.sink.add(Check::completeness, "COMPLETENESS-STATES-MISMATCH", Severity::warning, -1, -1, d);
		if (fresh)
			f->message = d;
	}
}

} // namespace

Report run_audit(const Trace &trace, const AuditOptions &opts)
{
	Walk w(trace, opts);
	std::vector<std::string> disagreements;
	auto merge = [&](const Anchors &base, const Anchors &other, std::string_view base_name,
	                 std::string_view other_name, std::string_view consequence) {
		std::vector<std::string> d;
		Anchors m = merge_anchors(base, other, d, base_name, other_name);
		for (auto &x : d)
			disagreements.push_back(x + ": " + std::string(consequence));
		return m;
	};
	Anchors from_trace = anchors_from_trace(trace);
	if (w.states) {
		Anchors s = anchors_from_states(*w.states);
		if (opts.kernel_anchors)
			merge(s, *opts.kernel_anchors, "the states file", "the running kernel's layout",
			      "the states file is not from this kernel");
		w.anchors =
		    merge(s, from_trace, "the states file", "the trace", "the states file is not from the traced boot");
	} else if (opts.kernel_anchors) {
		w.anchors = merge(*opts.kernel_anchors, from_trace, "the running kernel's layout", "the trace",
		                  "the trace is not from the running kernel");
		if (opts.kernel_anchors->bringup >= 0)
			w.anchors.source = opts.kernel_anchors->source;
	} else {
		w.anchors = from_trace;
	}
	if (auto id = trace.symbols.find("cpuhp_kick_ap_work"))
		w.kick_sym = *id;
	prescan(w);
	w.know = learn(trace, w.anchors, w.kick_sym, w.dense, w.max_state);
	const size_t n = static_cast<size_t>(w.max_state) + 2;
	for (int d = 0; d < 2; ++d) {
		w.lat[d].resize(n);
		w.cross[d].assign(n + 1, 0);
		// Pass 2 counted the runs: no reallocation while walking.
		for (size_t s = 0; s < w.know.states.size(); ++s)
			w.lat[d][s].reserve(w.know.states[s].dir[d].count + w.know.states[s].calls);
	}
	w.calls.assign(n, 0);
	latency_setup(w);
	walk(w);
	completeness_stream(w);
	rollback_final_state(w);
	latency_finish(w);

	Report r;
	r.layout = symmetry_and_layout(w);
	summarise(w, r, disagreements);
	if (r.summary.hpsm_records || !opts.hpsm_callbacks.empty())
		hpsm_callback_checks(w, r.summary.hpsm_callbacks);
	// Closed per CPU as each ended; read in trace order.
	std::stable_sort(w.rows.begin(), w.rows.end(),
	                 [](const TransitionRow &a, const TransitionRow &b) { return a.first_seq < b.first_seq; });
	r.transitions = std::move(w.rows);
	r.findings = w.sink.take();
	for (const auto &f : r.findings)
		(f.severity == Severity::error     ? r.summary.errors
		 : f.severity == Severity::warning ? r.summary.warnings
		                                   : r.summary.infos)++;
	return r;
}

AuditRun audit_ftrace_file(const std::string &trace_path, const std::string &states_path, AuditOptions opts)
{
	AuditRun run;
	Trace trace;
	if (auto err = read_ftrace_file(trace_path, trace)) {
		run.error = std::move(err);
		run.exit_code = exit_input_error;
		return run;
	}
	if (!states_path.empty()) {
		StateTable st;
		if (auto err = read_states_file(states_path, st)) {
			run.error = std::move(err);
			run.exit_code = exit_input_error;
			return run;
		}
		opts.states = std::move(st);
	}
	run.report = run_audit(trace, opts);
	run.exit_code = exit_code(run.report);
	return run;
}

} // namespace hpsmctl::audit

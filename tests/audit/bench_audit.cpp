// How fast the audit engine is (issue 6: at least 10 million records per
// second on one core).  The trace is generated from the real per-cycle
// pattern of the 6.12 capture: cpu1's offline and online (150 cpuhp records:
// the kick, the AP's nested teardowns, takedown, the DEAD teardowns, the
// PREP startups, the bringup with the AP's nested startups), replayed for
// 10 000 cycles of 4 CPUs with the control CPU rotating.
//
//   hpsm_audit_bench                       # items_per_second = records/s
//   (BM_AuditHpsmTrace: hpsm's own trace, callback checks included)
//   hpsm_audit_bench --benchmark_filter=Audit
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "audit/audit.h"
#include "audit/hpsm_reader.h"

using namespace hpsmctl::audit;

namespace {

constexpr unsigned cpus = 4;

std::string fixture(const char *rel)
{
	return std::string(HPSM_FIXTURES) + "/" + rel;
}

// The generated trace, built once.
struct Generated {
	Trace trace;
	StateTable states;
};

Generated generate(unsigned cycles)
{
	Generated g;
	if (auto err = read_ftrace_file(fixture("6.12/ftrace-cycles-fail.txt"), g.trace)) {
		std::fprintf(stderr, "%s\n", err->to_string().c_str());
		std::exit(2);
	}
	if (auto err = read_states_file(fixture("6.12/hotplug-states.txt"), g.states)) {
		std::fprintf(stderr, "%s\n", err->to_string().c_str());
		std::exit(2);
	}
	// One cycle: the first CPU's records up to the first record of another.
	std::vector<Event> cycle;
	const uint32_t first = g.trace.events.front().cpu;
	for (const auto &e : g.trace.events) {
		if (e.cpu != first)
			break;
		cycle.push_back(e);
	}
	const uint64_t t0 = cycle.front().ts_ns, span = cycle.back().ts_ns - t0 + 1000;
	std::vector<Event> out;
	out.reserve(static_cast<size_t>(cycles) * cpus * cycle.size());
	uint64_t base = 0;
	for (unsigned k = 0; k < cycles; ++k)
		for (unsigned c = 0; c < cpus; ++c) {
			const unsigned control = (c + 1) % cpus;
			for (Event e : cycle) {
				e.on_cpu = e.on_cpu == e.cpu ? c : control;
				e.cpu = c;
				e.ts_ns = base + (e.ts_ns - t0);
				e.seq = out.size();
				e.line = 0;
				out.push_back(e);
			}
			base += span;
		}
	g.trace.events = std::move(out);
	g.trace.has_entries_header = false;
	g.trace.source = "generated: 10 000 cycles x 4 CPUs of the 6.12 capture's cycle";
	return g;
}

Generated &trace_10k()
{
	static Generated g = generate(10000);
	return g;
}

void audit(benchmark::State &state, bool with_states)
{
	Generated &g = trace_10k();
	AuditOptions opts;
	if (with_states)
		opts.states = g.states;
	int exit = 0;
	for (auto _ : state) {
		Report r = run_audit(g.trace, opts);
		exit = exit_code(r);
		benchmark::DoNotOptimize(r);
	}
	state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(g.trace.events.size()));
	state.counters["records"] = static_cast<double>(g.trace.events.size());
	state.counters["exit_code"] = exit; // 0: the generated trace audits clean
}

void BM_Audit(benchmark::State &state)
{
	audit(state, false);
}

void BM_AuditWithStates(benchmark::State &state)
{
	audit(state, true);
}

// hpsm's own trace: the test box's capture (tests/fixtures/6.12/audit-*: 4
// cycles and 2 rollbacks of cpu1/cpu2 with hpsm_sample, 12% of the records
// hpsm's callbacks) replayed 2 000 times, with the callbacks' description, so
// the callback checks run too.
void BM_AuditHpsmTrace(benchmark::State &state)
{
	static Generated g = [] {
		Generated out;
		Trace one;
		if (auto err = read_hpsm_json_file(fixture("6.12/audit-hpsm-trace.json"), one)) {
			std::fprintf(stderr, "%s\n", err->to_string().c_str());
			std::exit(2);
		}
		if (auto err = read_states_file(fixture("6.12/audit-hotplug-states.txt"), out.states)) {
			std::fprintf(stderr, "%s\n", err->to_string().c_str());
			std::exit(2);
		}
		const uint64_t span = one.events.back().ts_ns - one.events.front().ts_ns + 1000;
		out.trace.symbols = std::move(one.symbols);
		out.trace.events.reserve(one.events.size() * 2000);
		for (uint64_t k = 0; k < 2000; ++k)
			for (Event e : one.events) {
				e.seq = out.trace.events.size();
				e.ts_ns += k * span;
				out.trace.events.push_back(e);
			}
		out.trace.source = "generated: the 6.12 hpsm capture x 2 000";
		return out;
	}();
	static std::vector<HpsmCallbackInfo> cbs = [] {
		std::vector<HpsmCallbackInfo> v;
		(void)read_hpsm_callbacks_file(fixture("6.12/audit-hpsm-states.json"), v);
		return v;
	}();
	AuditOptions opts;
	opts.states = g.states;
	opts.hpsm_callbacks = cbs;
	int exit = 0;
	for (auto _ : state) {
		Report r = run_audit(g.trace, opts);
		exit = exit_code(r);
		benchmark::DoNotOptimize(r);
	}
	state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(g.trace.events.size()));
	state.counters["records"] = static_cast<double>(g.trace.events.size());
	state.counters["exit_code"] = exit;
}

// Reading ftrace text, for comparison (1 000 cycles: 600 000 lines).
void BM_ReadFtraceText(benchmark::State &state)
{
	static std::string text = [] {
		Generated g = generate(1000);
		std::ostringstream o;
		char b[200];
		for (const auto &e : g.trace.events) {
			const unsigned long long us = e.ts_ns / 1000;
			if (e.kind == Kind::KernelExit)
				std::snprintf(b, sizeof b,
				              "%16s-%-7d [%03u] ..... %5llu.%06llu: cpuhp_exit:  cpu: %04u  state: %3d "
				              "step: %3d ret: %d\n",
				              "cpuhp/1", 24, e.on_cpu, us / 1000000, us % 1000000, e.cpu, e.exit_state,
				              e.state, e.ret);
			else
				std::snprintf(
				    b, sizeof b,
				    "%16s-%-7d [%03u] ..... %5llu.%06llu: %s: cpu: %04u target: %3d step: %3d (%s)\n",
				    "kworker/0:2", 64, e.on_cpu, us / 1000000, us % 1000000,
				    e.kind == Kind::KernelMultiEnter ? "cpuhp_multi_enter" : "cpuhp_enter", e.cpu,
				    e.target, e.state, std::string(g.trace.symbols.name(e.sym)).c_str());
			o << b;
		}
		return o.str();
	}();
	size_t n = 0;
	for (auto _ : state) {
		Trace t;
		if (auto err = read_ftrace_text(text, "bench", t))
			state.SkipWithError(err->to_string().c_str());
		n = t.events.size();
		benchmark::DoNotOptimize(t);
	}
	state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
	state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

} // namespace

BENCHMARK(BM_Audit)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AuditWithStates)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AuditHpsmTrace)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadFtraceText)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

// SPDX-License-Identifier: GPL-2.0
//
// What one recorded event costs on the hot path (the cpuhp tracepoint probes
// and hpsm's own callbacks), against the least any recorder must do: read
// the clock and store 32 bytes.
//
//   BM_BareClockStore        clock_gettime(CLOCK_MONOTONIC) + a 32-byte store
//                            into a ring array: the baseline
//   BM_RecorderWrite         Recorder::write() of one prepared record
//                            (interrupts "off", seq, slot publish, drop count)
//   BM_RecorderWriteClock    the same with the timestamp read first: one
//                            event as the observer records it, minus pairing
//   BM_ObserverEnterExit     a cpuhp_enter + cpuhp_exit pair through the
//                            observer: two records, direction, pairing and
//                            the latency statistics -- the probe path
//
// Per event, compare BM_RecorderWriteClock and half of BM_ObserverEnterExit
// with BM_BareClockStore; the counters "ns_per_event" and "x_bare" (printed
// by BM_ObserverEnterExit and BM_RecorderWriteClock) do that division.
#include "observer.h"
#include "platform.h"
#include "recorder.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

constexpr unsigned kCpus = 4;
constexpr unsigned kSlots = 4096; // the module's default ring size order

// A 6.1 x86 layout (tests/fixtures/6.1/hotplug-states.txt).
constexpr hpsm::KernelLayout kLayout = {
    .online = 236,
    .bringup = 91,
    .teardown = 153,
    .ap_offline = 93,
    .ap_online_idle = 152,
    .bp_dyn = 71,
    .bp_dyn_end = 90,
    .ap_dyn = 210,
    .ap_dyn_end = 234,
    .ap_active = 235,
};

void report_per_event(benchmark::State &state, unsigned events_per_iteration)
{
	state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * events_per_iteration);
}

void BM_BareClockStore(benchmark::State &state)
{
	static hpsm::Record ring[kSlots];
	unsigned long long i = 0;
	for (auto _ : state) {
		timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		hpsm::Record &slot = ring[i & (kSlots - 1)];
		slot.seq = i;
		slot.ts_ns = static_cast<unsigned long long>(ts.tv_sec) * 1000000000ull +
			     static_cast<unsigned long long>(ts.tv_nsec);
		slot.cpu = 1;
		slot.on_cpu = 0;
		slot.source = 100;
		slot.kind = 0;
		slot.flags = 0;
		slot.ret = 0;
		slot.target = 236;
		slot.state = -1;
		benchmark::ClobberMemory();
		i++;
	}
	report_per_event(state, 1);
}
BENCHMARK(BM_BareClockStore);

void BM_RecorderWrite(benchmark::State &state)
{
	hpsm::Recorder rec;
	if (rec.init(kCpus, kSlots) != 0) {
		state.SkipWithError("Recorder::init failed");
		return;
	}
	hpsm::Record r{};
	r.cpu = 1;
	r.source = 100;
	r.flags = hpsm::record_flags(hpsm::Phase::Enter, hpsm::Dir::Up);
	r.target = 236;
	r.state = -1;
	r.ts_ns = 12345;
	for (auto _ : state) {
		rec.write(r);
		benchmark::ClobberMemory();
	}
	report_per_event(state, 1);
	rec.fini();
}
BENCHMARK(BM_RecorderWrite);

void BM_RecorderWriteClock(benchmark::State &state)
{
	hpsm::Recorder rec;
	if (rec.init(kCpus, kSlots) != 0) {
		state.SkipWithError("Recorder::init failed");
		return;
	}
	hpsm::Record r{};
	r.cpu = 1;
	r.source = 100;
	r.flags = hpsm::record_flags(hpsm::Phase::Enter, hpsm::Dir::Up);
	r.target = 236;
	r.state = -1;
	for (auto _ : state) {
		r.ts_ns = hpsm_plat_clock_ns();
		rec.write(r);
		benchmark::ClobberMemory();
	}
	report_per_event(state, 1);
	rec.fini();
}
BENCHMARK(BM_RecorderWriteClock);

void BM_ObserverEnterExit(benchmark::State &state)
{
	// Static: an Observer is small, but keep it off the benchmark's stack
	// like the module's global one.
	static hpsm::Observer obs;
	if (obs.init(kCpus, kLayout, kSlots) != 0) {
		state.SkipWithError("Observer::init failed");
		return;
	}
	const void *fn = reinterpret_cast<const void *>(&BM_ObserverEnterExit);
	for (auto _ : state) {
		// One startup of state 100 for CPU 1 (an AP state of a bring-up).
		obs.kernel_enter(1, kLayout.online, 100, fn, false);
		obs.kernel_exit(1, 100, 100, 0);
		benchmark::ClobberMemory();
	}
	report_per_event(state, 2);
	const hpsm::LatencyStats *s = obs.stats(100, hpsm::Dir::Up);
	if (s == nullptr || s->count != static_cast<hpsm::u64>(state.iterations()))
		state.SkipWithError("the pairs did not reach the statistics");
	if (obs.unpaired(1) != 0)
		state.SkipWithError("unpaired events");
	obs.fini();
}
BENCHMARK(BM_ObserverEnterExit);

} // namespace

// BENCHMARK_MAIN plus a summary: CPU ns per event and the ratio to the bare
// cost, from the median when --benchmark_repetitions is given.
int main(int argc, char **argv)
{
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 1;

	class Summary : public benchmark::ConsoleReporter {
	      public:
		explicit Summary(OutputOptions opts) : ConsoleReporter(opts) {}
		void ReportRuns(const std::vector<Run> &runs) override
		{
			ConsoleReporter::ReportRuns(runs);
			for (const Run &run : runs) {
				const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
				if (!(run.run_type == Run::RT_Iteration || median) || run.error_occurred)
					continue;
				const std::string name = run.run_name.function_name;
				const unsigned events = name == "BM_ObserverEnterExit" ? 2 : 1;
				Result *r = find(name);
				if (r == nullptr) {
					results.push_back({name, 0, 0, false});
					r = &results.back();
				}
				if (r->from_median && !median)
					continue;
				// CPU time per iteration, in ns: on a shared machine the
				// wall time also counts the time the thread was not running.
				r->per_op = run.GetAdjustedCPUTime();
				r->per_event = r->per_op / events;
				r->from_median = median;
			}
		}
		struct Result {
			std::string name;
			double per_op, per_event;
			bool from_median;
		};
		Result *find(const std::string &name)
		{
			for (Result &r : results)
				if (r.name == name)
					return &r;
			return nullptr;
		}
		std::vector<Result> results;
	} reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
					 : benchmark::ConsoleReporter::OO_Tabular);
	benchmark::RunSpecifiedBenchmarks(&reporter);

	const Summary::Result *bare = reporter.find("BM_BareClockStore");
	std::printf("\n%-24s %10s %10s %8s   (CPU time)\n", "per event", "ns/op", "ns/event", "x bare");
	for (const auto &r : reporter.results)
		std::printf("%-24s %10.1f %10.1f %8.2f\n", r.name.c_str(), r.per_op, r.per_event,
			    bare != nullptr && bare->per_event > 0 ? r.per_event / bare->per_event : 0.0);
	benchmark::Shutdown();
	return 0;
}

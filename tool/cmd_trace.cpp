// hpsmctl trace: HPSM_CMD_GET_EVENTS, the recorded events from --since on
// (optionally of one hotplugged CPU), in the format of events.h.  With
// --follow it goes on reading from HPSM_A_EV_NEXT every --interval ms until
// SIGINT or SIGTERM, so every event is printed exactly once.
#include <memory>
#include <optional>

#include <uapi/hpsm.h>

#include "checks.h"
#include "command.h"
#include "events.h"
#include "nl/client.h"
#include "signals.h"

namespace hpsmctl {

namespace {

struct Args {
	bool follow = false;
	uint32_t cpu = 0;
	CLI::Option *cpu_given = nullptr;
	uint64_t since = 0;
	unsigned interval_ms = 200;
};

Exit run(Context &ctx, const Args &a)
{
	nl::Client client(ctx.debug());
	Names names([&] { return load_names(client); });
	std::optional<uint32_t> cpu;
	if (*a.cpu_given)
		cpu = a.cpu;
	std::optional<StopSignals> stop;
	if (a.follow)
		stop.emplace();

	// Made once the first dump arrived: a failing first read prints nothing.
	Layout layout = a.follow ? Layout::stream : Layout::table;
	std::optional<EventPrinter> out;
	Sink sink = [&](std::span<const nl::EventRecord> events) {
		const NameTables &tables = names.for_batch(events);
		if (!out)
			out.emplace(ctx, layout);
		for (const nl::EventRecord &e : events)
			out->print(e, tables);
		out->flush();
	};
	Fetch fetch = [&](uint64_t since) { return read_events(client, since, cpu); };
	Pause pause = [&] { return stop->wait(-1, static_cast<int>(a.interval_ms)) != StopSignals::Wake::stop; };

	TraceTotals totals = run_trace(a.since, a.follow, fetch, pause, sink);
	out->summary(totals.next, totals.events, totals.rings);
	out->finish();
	if (!ctx.options.format.json)
		ctx.io.err << trace_summary_line(totals.next, totals.events, totals.rings) << '\n';
	return Exit::ok;
}

} // namespace

Command add_trace(CLI::App &app)
{
	auto a = std::make_shared<Args>();
	CLI::App *sub = app.add_subcommand("trace", "Recorded events, from a sequence number on (--follow: as they come)");
	sub->add_flag("-f,--follow", a->follow, "Keep reading new events until SIGINT or SIGTERM");
	a->cpu_given = sub->add_option("--cpu", a->cpu, "Only the events of this hotplugged CPU")
	                   ->check(whole_number(0, 65535));
	sub->add_option("--since", a->since, "Start at this sequence number (a previous run's next=)")
	    ->check(whole_number(0, UINT64_MAX))
	    ->capture_default_str();
	sub->add_option("--interval", a->interval_ms, "With --follow: milliseconds between reads")
	    ->check(whole_number(1, 3600000))
	    ->capture_default_str();
	return {sub, [a](Context &ctx) { return run(ctx, *a); }};
}

} // namespace hpsmctl

// hpsmctl watch: the live events of the multicast group "events"
// (HPSM_CMD_EVENTS batches), printed as `hpsmctl trace --follow` prints them,
// until --count events were printed, --timeout seconds passed, or SIGINT or
// SIGTERM.  Each batch is flushed at once (the test box reads a pipe).  The
// last line on stderr says how it ended:
//   hpsmctl: watch: events=M missed=K end=count|timeout|signal
// where missed counts the sequence numbers skipped between batches (the
// kernel's ring or our socket overflowed).
#include <chrono>
#include <cmath>
#include <memory>

#include <uapi/hpsm.h>

#include "checks.h"
#include "command.h"
#include "events.h"
#include "nl/client.h"
#include "signals.h"

namespace hpsmctl {

namespace {

struct Args {
	uint64_t count = 0;
	CLI::Option *count_given = nullptr;
	double timeout_s = 0;
	CLI::Option *timeout_given = nullptr;
};

Exit run(Context &ctx, const Args &a)
{
	using Clock = std::chrono::steady_clock;
	nl::Client requests(ctx.debug()); // GET_STATES for the names
	requests.hpsm_family();
	nl::Client listener(ctx.debug());
	listener.join(HPSM_MCGRP_EVENTS);
	Names names([&] { return load_names(requests); });
	StopSignals stop;
	std::optional<Clock::time_point> deadline;
	if (*a.timeout_given)
		deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
		                              std::chrono::duration<double>(a.timeout_s));

	EventPrinter out(ctx, Layout::stream);
	out.flush();
	uint64_t printed = 0, missed = 0;
	unsigned overruns = 0;
	std::optional<uint64_t> expect;
	auto on_batch = [&](nlmsghdr *nlh) {
		nl::EventBatch b = nl::parse_event_batch(nlh);
		if (!b.events.empty() && expect && b.events.front().seq > *expect)
			missed += b.events.front().seq - *expect;
		if (b.next)
			expect = b.next;
		else if (!b.events.empty())
			expect = b.events.back().seq + 1;
		if (*a.count_given && b.events.size() > a.count - printed)
			b.events.resize(a.count - printed);
		const NameTables &tables = names.for_batch(b.events);
		for (const nl::EventRecord &e : b.events)
			out.print(e, tables);
		printed += b.events.size();
	};

	const char *end = "signal";
	for (;;) {
		if (*a.count_given && printed >= a.count) {
			end = "count";
			break;
		}
		int wait_ms = -1;
		if (deadline) {
			auto left = std::chrono::duration<double, std::milli>(*deadline - Clock::now()).count();
			wait_ms = left > 0 ? static_cast<int>(std::ceil(left)) : 0;
		}
		StopSignals::Wake w = stop.wait(listener.fd(), wait_ms);
		if (w == StopSignals::Wake::stop)
			break;
		if (w == StopSignals::Wake::timeout) {
			end = "timeout";
			break;
		}
		overruns += listener.receive(on_batch);
		out.flush();
	}
	out.finish();
	ctx.io.err << "hpsmctl: watch: events=" << printed << " missed=" << missed;
	if (overruns)
		ctx.io.err << " overruns=" << overruns;
	ctx.io.err << " end=" << end << '\n';
	return Exit::ok;
}

} // namespace

Command add_watch(CLI::App &app)
{
	auto a = std::make_shared<Args>();
	CLI::App *sub = app.add_subcommand("watch", "Live events from the multicast group, as they are recorded");
	a->count_given = sub->add_option("-c,--count", a->count, "Stop after this many events")
	                     ->check(whole_number(1, UINT64_MAX));
	a->timeout_given = sub->add_option("-t,--timeout", a->timeout_s, "Stop after this many seconds (exit 0)")
	                       ->check(positive_seconds());
	return {sub, [a](Context &ctx) { return run(ctx, *a); }};
}

} // namespace hpsmctl

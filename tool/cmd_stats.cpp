// hpsmctl stats: HPSM_CMD_GET_STATS, the latency of every (source,
// direction) with samples: count and min/p50/p90/p99/max as human durations
// in text, raw ns (and the non-empty histogram buckets) in JSON.
#include <vector>

#include <uapi/hpsm.h>

#include "command.h"
#include "events.h"
#include "names.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field fields[] = {
    {"kind", "KIND", 8},
    {"source", "SOURCE", 6},
    {"name", "NAME", 28, false, true},
    {"symbol", "SYMBOL", 0, true},
    {"dir", "DIR", 13},
    {"count", "COUNT", 7},
    {"sum_ns", "SUM", 0, true},
    {"min_ns", "MIN", 7},
    {"p50_ns", "P50", 7},
    {"p90_ns", "P90", 7},
    {"p99_ns", "P99", 7},
    {"max_ns", "MAX"},
    {"buckets", "BUCKETS", 0, true},
};

void print_stat(Printer &p, const nl::StatRecord &s, const NameTables &names)
{
	Json buckets = Json::array();
	for (const nl::BucketRecord &b : s.buckets)
		buckets.push_back(Json{{"low", b.low}, {"high", b.high}, {"count", b.count}});
	p.begin_record();
	p.print("kind", source_kind_name(s.kind));
	p.print("source", uint64_t{s.source});
	p.print("name", names.name(s.kind, s.source));
	p.print("symbol", names.symbol(s.kind, s.source, s.dir));
	p.print("dir", dir_name(s.dir));
	p.print("count", s.count);
	p.print("sum_ns", Duration{s.sum_ns});
	p.print("min_ns", Duration{s.min_ns});
	p.print("p50_ns", Duration{s.p50_ns});
	p.print("p90_ns", Duration{s.p90_ns});
	p.print("p99_ns", Duration{s.p99_ns});
	p.print("max_ns", Duration{s.max_ns});
	p.print("buckets", JsonValue{std::move(buckets)});
	p.end_record();
}

Exit run(Context &ctx)
{
	nl::Client client(ctx.debug());
	std::vector<nl::StatRecord> stats;
	client.dump(HPSM_CMD_GET_STATS, [&](nlmsghdr *nlh) { stats.push_back(nl::parse_stat(nlh)); });
	NameTables names;
	if (!stats.empty())
		names = load_names(client);

	print_stats(ctx, stats, names);
	return Exit::ok;
}

} // namespace

void print_stats(const Context &ctx, std::span<const nl::StatRecord> stats, const NameTables &names)
{
	Printer p = ctx.printer(Layout::table, fields);
	for (const nl::StatRecord &s : stats)
		print_stat(p, s, names);
	p.finish();
}

Command add_stats(CLI::App &app)
{
	return {app.add_subcommand("stats", "Latency per state or callback and direction: count, percentiles"), run};
}

} // namespace hpsmctl

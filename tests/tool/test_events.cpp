// What trace and watch print, and how trace reads incrementally: the fixed
// text columns the test box parses with awk, the JSON records, the summary,
// and the cursor that resumes from HPSM_A_EV_NEXT without duplicates or gaps.
#include <sstream>

#include <gtest/gtest.h>
#include <uapi/hpsm.h>

#include "errors.h"
#include "events.h"
#include "messages.h"

namespace hpsmctl {
namespace {

using nl::EventRecord;
using std::nullopt;

NameTables tables()
{
	NameTables t;
	t.state_names = StateNames{{0, "offline"}, {1, "threads:prepare"}, {150, "x86/cpu online"}};
	t.add(nl::KernelStateRecord{1, "smpboot_create_threads", "smpboot_park_threads"});
	t.add(nl::KernelStateRecord{150, "cpu_online_fn", nullopt});
	t.add(nl::CallbackRecord{5, "sample:enable", HPSM_SEC_ENABLE, 0, 0, nullopt, true, true});
	return t;
}

// One of each kind, phase and direction.
const EventRecord events[] = {
    {100, 5000000001, 2, 0, HPSM_SRC_KERNEL, 1, HPSM_PHASE_ENTER, HPSM_DIR_UP, nullopt, 233, nullopt},
    {101, 5000098001, 2, 0, HPSM_SRC_KERNEL, 1, HPSM_PHASE_EXIT, HPSM_DIR_UP, 0, nullopt, 1},
    {102, 6000000000, 3, 3, HPSM_SRC_KERNEL_MULTI, 150, HPSM_PHASE_EXIT, HPSM_DIR_DOWN, -16, nullopt, 149},
    {103, 6000000100, 3, 1, HPSM_SRC_CALLBACK, 5, HPSM_PHASE_ENTER, HPSM_DIR_ROLLBACK_DOWN, nullopt, nullopt,
     nullopt},
    {104, 6000000200, 3, 1, HPSM_SRC_CALLBACK, 5, HPSM_PHASE_EXIT, HPSM_DIR_ROLLBACK_DOWN, -5, nullopt, nullopt},
    {105, 6000000300, 3, 1, HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_PHASE_ENTER, HPSM_DIR_ROLLBACK_UP, nullopt,
     nullopt, nullopt},
    {106, 6000000400, 1, 1, HPSM_SRC_KERNEL, 1, HPSM_PHASE_ENTER, HPSM_DIR_ROLLBACK_UP, nullopt, 233, nullopt},
    {107, 6000000500, 1, 1, HPSM_SRC_KERNEL, 77, HPSM_PHASE_ENTER, HPSM_DIR_DOWN, nullopt, 0, nullopt},
    {108, 6000000600, 1, 1, HPSM_SRC_CALLBACK, 9, HPSM_PHASE_EXIT, HPSM_DIR_UP, 0, nullopt, nullopt},
    {109, 6000000700, 1, 1, 7, 1, 2, 9, nullopt, nullopt, nullopt}, // values of a newer module
};

std::string print_all(OutputFormat format, Layout layout, bool with_summary = false)
{
	std::ostringstream out, err;
	Options opt{format, false};
	Context ctx{opt, {out, err}};
	NameTables t = tables();
	EventPrinter p(ctx, layout);
	for (const EventRecord &e : events)
		p.print(e, t);
	if (with_summary) {
		const nl::RingRecord rings[] = {{0, 40, 0}, {1, 4200, 104}};
		p.summary(110, std::size(events), rings);
	}
	p.finish();
	EXPECT_EQ(err.str(), "");
	return out.str();
}

std::vector<std::vector<std::string>> split(const std::string &text)
{
	std::vector<std::vector<std::string>> lines;
	std::istringstream in(text);
	for (std::string line; std::getline(in, line);) {
		std::istringstream words(line);
		lines.emplace_back();
		for (std::string w; words >> w;)
			lines.back().push_back(w);
	}
	return lines;
}

using Cols = std::vector<std::string>;

// The contract with the test box's awk scripts: $1..$13 of every line.
TEST(TraceText, ColumnsOfEveryKindPhaseAndDirection)
{
	auto lines = split(print_all({}, Layout::table));
	ASSERT_EQ(lines.size(), std::size(events) + 1);
	EXPECT_EQ(lines[0], (Cols{"SEQ", "TS_NS", "CPU", "ON_CPU", "KIND", "SOURCE", "PHASE", "DIR", "TARGET", "STATE",
	                          "RET", "NAME", "SYMBOL"}));
	const Cols expected[] = {
	    {"100", "5000000001", "2", "0", "kernel", "1", "enter", "up", "233", "-", "-", "threads:prepare",
	     "smpboot_create_threads"},
	    {"101", "5000098001", "2", "0", "kernel", "1", "exit", "up", "-", "1", "0", "threads:prepare",
	     "smpboot_create_threads"},
	    {"102", "6000000000", "3", "3", "multi", "150", "exit", "down", "-", "149", "-16", "x86/cpu_online", "-"},
	    {"103", "6000000100", "3", "1", "callback", "5", "enter", "rollback-down", "-", "-", "-", "sample:enable",
	     "-"},
	    {"104", "6000000200", "3", "1", "callback", "5", "exit", "rollback-down", "-", "-", "-5", "sample:enable",
	     "-"},
	    {"105", "6000000300", "3", "1", "sync", "4", "enter", "rollback-up", "-", "-", "-", "sync_up", "-"},
	    {"106", "6000000400", "1", "1", "kernel", "1", "enter", "rollback-up", "233", "-", "-", "threads:prepare",
	     "smpboot_create_threads"},
	    {"107", "6000000500", "1", "1", "kernel", "77", "enter", "down", "0", "-", "-", "-", "-"},
	    {"108", "6000000600", "1", "1", "callback", "9", "exit", "up", "-", "-", "0", "-", "-"},
	    {"109", "6000000700", "1", "1", "7", "1", "2", "9", "-", "-", "-", "-", "-"},
	};
	for (size_t i = 0; i < std::size(expected); i++)
		EXPECT_EQ(lines[i + 1], expected[i]) << "event " << events[i].seq;
}

TEST(TraceText, ExactLayout)
{
	std::string text = print_all({}, Layout::table);
	std::string head = text.substr(0, text.find('\n', text.find('\n') + 1) + 1);
	EXPECT_EQ(head, "SEQ      TS_NS           CPU ON_CPU KIND     SOURCE PHASE DIR           TARGET STATE RET  "
	                "NAME                         SYMBOL\n"
	                "100      5000000001      2   0      kernel   1      enter up            233    -     -    "
	                "threads:prepare              smpboot_create_threads\n");
}

TEST(TraceText, TeardownSymbolForDownAndRollbackDown)
{
	NameTables t = tables();
	EXPECT_EQ(t.symbol(HPSM_SRC_KERNEL, 1, HPSM_DIR_UP), "smpboot_create_threads");
	EXPECT_EQ(t.symbol(HPSM_SRC_KERNEL, 1, HPSM_DIR_ROLLBACK_UP), "smpboot_create_threads");
	EXPECT_EQ(t.symbol(HPSM_SRC_KERNEL, 1, HPSM_DIR_DOWN), "smpboot_park_threads");
	EXPECT_EQ(t.symbol(HPSM_SRC_KERNEL, 1, HPSM_DIR_ROLLBACK_DOWN), "smpboot_park_threads");
	EXPECT_EQ(t.symbol(HPSM_SRC_KERNEL_MULTI, 150, HPSM_DIR_UP), "cpu_online_fn");
	EXPECT_EQ(t.symbol(HPSM_SRC_CALLBACK, 5, HPSM_DIR_UP), nullopt);
	EXPECT_EQ(t.name(HPSM_SRC_SYNC, HPSM_SEC_SYNC_DOWN), "sync_down");

	NameTables no_sysfs = tables();
	no_sysfs.state_names.reset();
	EXPECT_EQ(no_sysfs.name(HPSM_SRC_KERNEL, 1), nullopt);
	EXPECT_TRUE(no_sysfs.names(events[0])); // nothing more to learn from a reload
}

TEST(TraceText, FollowStreamsTheSameLines)
{
	EXPECT_EQ(print_all({}, Layout::stream), print_all({}, Layout::table));
}

TEST(TraceText, SummaryLineSumsDropped)
{
	const nl::RingRecord rings[] = {{0, 40, 3}, {1, 4200, 104}, {2, 0, 0}};
	EXPECT_EQ(trace_summary_line(110, 7, rings), "hpsmctl: trace: next=110 events=7 dropped=107");
	EXPECT_EQ(trace_summary_line(0, 0, {}), "hpsmctl: trace: next=0 events=0 dropped=0");
	// Text never prints the summary record on stdout.
	EXPECT_EQ(print_all({}, Layout::table, true), print_all({}, Layout::table));
}

TEST(TraceJson, OneArrayOfEventsThenTheSummary)
{
	auto json = nlohmann::json::parse(print_all({.json = true}, Layout::table, true));
	ASSERT_TRUE(json.is_array());
	ASSERT_EQ(json.size(), std::size(events) + 1);
	EXPECT_EQ(json[0], nlohmann::json::parse(R"({"type":"event","seq":100,"ts_ns":5000000001,"cpu":2,"on_cpu":0,
	          "kind":"kernel","source":1,"phase":"enter","dir":"up","target":233,
	          "name":"threads:prepare","symbol":"smpboot_create_threads"})"));
	EXPECT_EQ(json[2], nlohmann::json::parse(R"({"type":"event","seq":102,"ts_ns":6000000000,"cpu":3,"on_cpu":3,
	          "kind":"multi","source":150,"phase":"exit","dir":"down","state":149,"ret":-16,
	          "name":"x86/cpu online"})"));
	EXPECT_EQ(json[4], nlohmann::json::parse(R"({"type":"event","seq":104,"ts_ns":6000000200,"cpu":3,"on_cpu":1,
	          "kind":"callback","source":5,"phase":"exit","dir":"rollback-down","ret":-5,"name":"sample:enable"})"));
	EXPECT_EQ(json[5]["name"], "sync_up");
	EXPECT_FALSE(json[7].contains("name"));
	EXPECT_FALSE(json[7].contains("symbol"));
	EXPECT_EQ(json[9]["kind"], "7");
	EXPECT_EQ(json.back(), nlohmann::json::parse(R"({"type":"summary","next":110,"events":10,
	          "rings":[{"cpu":0,"written":40,"dropped":0},{"cpu":1,"written":4200,"dropped":104}]})"));
	// The member order is the documented one.
	EXPECT_EQ(print_all({.json = true}, Layout::table).substr(0, 51),
	          R"([{"type":"event","seq":100,"ts_ns":5000000001,"cpu")");
}

TEST(TraceJson, EmptyTraceIsTheSummaryAlone)
{
	std::ostringstream out, err;
	Options opt{{.json = true}, false};
	Context ctx{opt, {out, err}};
	EventPrinter p(ctx, Layout::table);
	p.summary(0, 0, {});
	p.finish();
	EXPECT_EQ(out.str(), R"([{"type":"summary","next":0,"events":0,"rings":[]}])"
	                     "\n");
}

TEST(TraceJson, FollowIsOneObjectPerLine)
{
	std::string text = print_all({.json = true, .pretty = true}, Layout::stream, true);
	std::istringstream in(text);
	std::vector<nlohmann::json> objects;
	for (std::string line; std::getline(in, line);)
		objects.push_back(nlohmann::json::parse(line));
	ASSERT_EQ(objects.size(), std::size(events) + 1);
	auto array = nlohmann::json::parse(print_all({.json = true}, Layout::table, true));
	for (size_t i = 0; i < objects.size(); i++)
		EXPECT_EQ(objects[i], array[i]);
}

// ---- reading -------------------------------------------------------------------

TEST(EventDump, TailComesLastAndOnce)
{
	EventDumpBuilder b;
	b.add({{events[0], events[1]}, nullopt, {}});
	b.add({{events[2]}, nullopt, {}});
	b.add({{}, 103, {{0, 3, 0}}});
	EventDump d = b.finish();
	EXPECT_EQ(d.events.size(), 3u);
	EXPECT_EQ(d.next, 103u);
	EXPECT_EQ(d.rings, (std::vector<nl::RingRecord>{{0, 3, 0}}));

	EventDumpBuilder no_tail;
	no_tail.add({{events[0]}, nullopt, {}});
	EXPECT_THROW(no_tail.finish(), Error);

	EventDumpBuilder after_tail;
	after_tail.add({{}, 100, {}});
	EXPECT_THROW(after_tail.add({{events[0]}, nullopt, {}}), Error);

	EventDumpBuilder rings_alone;
	EXPECT_THROW(rings_alone.add({{}, nullopt, {{0, 1, 1}}}), Error);
}

EventDump dump_of(std::vector<EventRecord> ev, uint64_t next)
{
	return {std::move(ev), next, {}};
}

EventRecord at(uint64_t seq)
{
	EventRecord e = events[0];
	e.seq = seq;
	return e;
}

TEST(EventCursor, AdvancesToNext)
{
	EventCursor c(10);
	c.take(dump_of({at(10), at(11), at(15)}, 20)); // 12..14 filtered or dropped
	EXPECT_EQ(c.next(), 20u);
	c.take(dump_of({}, 20));
	EXPECT_EQ(c.next(), 20u);
}

TEST(EventCursor, DuplicatesAndDisorderAreProtocolErrors)
{
	auto rejects = [](uint64_t since, std::vector<EventRecord> ev, uint64_t next, const std::string &what) {
		EventCursor c(since);
		try {
			c.take(dump_of(std::move(ev), next));
			ADD_FAILURE() << "accepted: " << what;
		} catch (const Error &e) {
			EXPECT_EQ(e.code(), Exit::netlink);
			EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
		}
	};
	rejects(10, {at(9)}, 11, "event 9 precedes the read's start 10");
	rejects(10, {at(11), at(11)}, 12, "event 11 is out of order");
	rejects(10, {at(12), at(11)}, 13, "event 11 is out of order");
	rejects(10, {at(11)}, 11, "ev_next 11 is before 12");
	rejects(10, {}, 9, "ev_next 9 is before 10");
}

// A kernel whose ring keeps filling while the tool follows it: every read
// returns at most `batch` events from since, through real GET_EVENTS
// messages of 32 events, as netlink.c sends them.
class FakeKernel {
      public:
	explicit FakeKernel(std::optional<uint32_t> cpu = nullopt) : cpu_(cpu) {}

	void record(unsigned n)
	{
		for (unsigned i = 0; i < n; i++) {
			EventRecord e = events[0];
			e.seq = horizon_++;
			e.cpu = static_cast<uint32_t>(e.seq % 4);
			ring_.push_back(e);
		}
	}

	EventDump read(uint64_t since, size_t batch)
	{
		reads_.push_back(since);
		std::vector<EventRecord> out;
		uint64_t next = since;
		for (const EventRecord &e : ring_) {
			if (e.seq < since)
				continue;
			if (out.size() == batch)
				break;
			next = e.seq + 1;
			if (!cpu_ || e.cpu == *cpu_)
				out.push_back(e);
		}
		if (out.size() < batch)
			next = std::max(next, horizon_);
		EventDumpBuilder b;
		for (size_t i = 0; i < out.size(); i += 32) {
			nl::EventBatch part{{out.begin() + i, out.begin() + std::min(out.size(), i + 32)}, nullopt, {}};
			nl::MsgPtr m = test::events_reply(part, true);
			b.add(nl::parse_events(test::hdr(m)));
		}
		nl::MsgPtr tail = test::events_reply({{}, next, {{0, horizon_, 0}}});
		b.add(nl::parse_events(test::hdr(tail)));
		return b.finish();
	}

	uint64_t horizon() const { return horizon_; }
	const std::vector<uint64_t> &reads() const { return reads_; }

      private:
	std::optional<uint32_t> cpu_;
	std::vector<EventRecord> ring_;
	uint64_t horizon_ = 0;
	std::vector<uint64_t> reads_;
};

TEST(RunTrace, OneReadWithoutFollow)
{
	FakeKernel k;
	k.record(70);
	std::vector<uint64_t> seen;
	TraceTotals t = run_trace(
	    0, false, [&](uint64_t since) { return k.read(since, 1000); },
	    [] {
		    ADD_FAILURE() << "paused without --follow";
		    return false;
	    },
	    [&](std::span<const EventRecord> ev) {
		    for (const EventRecord &e : ev)
			    seen.push_back(e.seq);
	    });
	EXPECT_EQ(seen.size(), 70u);
	EXPECT_EQ(t.next, 70u);
	EXPECT_EQ(t.events, 70u);
	EXPECT_EQ(t.rings, (std::vector<nl::RingRecord>{{0, 70, 0}}));
}

TEST(RunTrace, FollowSeesEveryEventExactlyOnce)
{
	FakeKernel k;
	k.record(5);
	std::vector<uint64_t> seen;
	int rounds = 0;
	TraceTotals t = run_trace(
	    0, true, [&](uint64_t since) { return k.read(since, 40); },
	    [&] {
		    k.record(rounds % 3 == 0 ? 0 : 23 + rounds); // bursts larger than one read
		    return ++rounds < 30;
	    },
	    [&](std::span<const EventRecord> ev) {
		    for (const EventRecord &e : ev)
			    seen.push_back(e.seq);
	    });
	ASSERT_EQ(seen.size(), t.events);
	for (size_t i = 0; i < seen.size(); i++)
		ASSERT_EQ(seen[i], i) << "duplicate or gap";
	EXPECT_EQ(rounds, 30);
	EXPECT_GE(t.next, seen.back() + 1);
	EXPECT_LE(t.next, k.horizon());
	// Every read started where the previous one said to.
	for (size_t i = 1; i < k.reads().size(); i++)
		EXPECT_GE(k.reads()[i], k.reads()[i - 1]);
	EXPECT_LE(seen.size(), k.horizon());
}

TEST(RunTrace, CpuFilterSkipsOthersWithoutDuplicates)
{
	FakeKernel k(2);
	k.record(100);
	std::vector<uint64_t> seen;
	int rounds = 0;
	run_trace(
	    7, true, [&](uint64_t since) { return k.read(since, 10); },
	    [&] {
		    k.record(13);
		    return ++rounds < 10;
	    },
	    [&](std::span<const EventRecord> ev) {
		    for (const EventRecord &e : ev) {
			    EXPECT_EQ(e.cpu, 2u);
			    EXPECT_TRUE(seen.empty() || e.seq > seen.back());
			    seen.push_back(e.seq);
		    }
	    });
	EXPECT_EQ(seen.front(), 10u); // the first of CPU 2 from 7 on
}

TEST(RunTrace, ABrokenResumeStopsTheTrace)
{
	int reads = 0;
	EXPECT_THROW(run_trace(
	                 0, true,
	                 [&](uint64_t) {
		                 // The second read repeats the first one's last event.
		                 return reads++ == 0 ? dump_of({at(0), at(1)}, 2) : dump_of({at(1), at(2)}, 3);
	                 },
	                 [] { return true; }, [](std::span<const EventRecord>) {}),
	             Error);
}

// ---- names ---------------------------------------------------------------------

TEST(Names, LoadsOnlyWhenABatchNeedsIt)
{
	int loads = 0;
	NameTables next = tables();
	Names names([&] {
		loads++;
		return next;
	});
	EXPECT_TRUE(names.for_batch({}).callbacks.empty()); // nothing to name: no GET_STATES
	EXPECT_EQ(loads, 0);

	const EventRecord known[] = {events[0], events[3]};
	EXPECT_EQ(names.for_batch(known).callbacks.at(5), "sample:enable");
	EXPECT_EQ(loads, 1);
	names.for_batch(known);
	EXPECT_EQ(loads, 1);

	// Callback 9 is new: one reload; it stays unknown, so no second one.
	const EventRecord unknown[] = {events[8]};
	names.for_batch(unknown);
	EXPECT_EQ(loads, 2);
	names.for_batch(unknown);
	EXPECT_EQ(loads, 2);

	// A later reload that learns it.
	next.add(nl::CallbackRecord{12, "late:one", HPSM_SEC_PREP_HW, 0, 0, nullopt, true, true});
	EventRecord late = events[8];
	late.source = 12;
	const EventRecord batch[] = {late};
	EXPECT_EQ(names.for_batch(batch).name(HPSM_SRC_CALLBACK, 12), "late:one");
	EXPECT_EQ(loads, 3);
}

TEST(Names, MissingTeardownSymbolIsWorthAReload)
{
	NameTables t = tables();
	EventRecord down = events[2]; // state 150, no teardown symbol seen yet
	EXPECT_FALSE(t.names(down));
	EventRecord up = down;
	up.dir = HPSM_DIR_UP;
	EXPECT_TRUE(t.names(up));
}

} // namespace
} // namespace hpsmctl

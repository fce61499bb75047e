// hpsm's own trace as the audit reads it (hpsm_reader.h): the JSON of
// `hpsmctl trace --json` (array and NDJSON) mapped onto the engine's events,
// every malformed input an error naming its record or line, the callbacks'
// description from `hpsmctl states --json`, and the real captures from the
// test box (tests/fixtures/<ver>/audit-*): clean, in agreement with ftrace's
// text of the same window, and with planted defects found.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "audit/hpsm_reader.h"
#include "testlib.h"

using namespace audit_test;
using nlohmann::json;

namespace {

const char *small_trace = R"([
{"type":"event","seq":10,"ts_ns":1000,"cpu":1,"on_cpu":0,"kind":"kernel","source":66,"phase":"enter","dir":"up","target":236,"name":"hpsm:prep_hw","symbol":"hpsm_up_PREP_HW [hpsm]"},
{"type":"event","seq":11,"ts_ns":1100,"cpu":1,"on_cpu":0,"kind":"callback","source":0,"phase":"enter","dir":"up","name":"sample:calib"},
{"type":"event","seq":12,"ts_ns":1400,"cpu":1,"on_cpu":0,"kind":"callback","source":0,"phase":"exit","dir":"up","ret":0,"name":"sample:calib"},
{"type":"event","seq":13,"ts_ns":1500,"cpu":1,"on_cpu":0,"kind":"kernel","source":66,"phase":"exit","dir":"up","state":66,"ret":0,"name":"hpsm:prep_hw","symbol":"hpsm_up_PREP_HW [hpsm]"},
{"type":"event","seq":14,"ts_ns":1600,"cpu":1,"on_cpu":0,"kind":"sync","source":4,"phase":"enter","dir":"up","name":"sync_up"},
{"type":"event","seq":15,"ts_ns":1700,"cpu":1,"on_cpu":1,"kind":"multi","source":150,"phase":"enter","dir":"rollback-down","target":0},
{"type":"event","seq":16,"ts_ns":1800,"cpu":1,"on_cpu":1,"kind":"multi","source":150,"phase":"exit","dir":"rollback-down","state":149,"ret":-16},
{"type":"event","seq":17,"ts_ns":1900,"cpu":1,"on_cpu":1,"kind":"callback","source":5,"phase":"exit","dir":"rollback-up","ret":-5},
{"type":"summary","next":18,"events":8,"rings":[{"cpu":0,"written":5,"dropped":0},{"cpu":1,"written":3,"dropped":2}]}
])";

std::optional<InputError> read(std::string_view text, Trace &t)
{
	return read_hpsm_json_text(text, "t.json", t);
}

// The error of reading text, "" when it reads.
std::string error_of(std::string_view text)
{
	Trace t;
	auto e = read(text, t);
	return e ? e->to_string() : "";
}

std::string event(std::string_view extra = {}, std::string_view kind = "callback", std::string_view phase = "enter")
{
	return R"({"type":"event","seq":1,"ts_ns":5,"cpu":1,"on_cpu":1,"kind":")" + std::string(kind) +
	       R"(","source":3,"phase":")" + std::string(phase) + R"(","dir":"up")" + std::string(extra) + "}";
}

} // namespace

// ---- the mapping ----

TEST(HpsmJson, EveryKindMapsOntoTheEngineEvents)
{
	Trace t;
	ASSERT_FALSE(read(small_trace, t));
	EXPECT_EQ(t.format, "hpsm-json");
	EXPECT_EQ(t.source, "t.json");
	ASSERT_EQ(t.events.size(), 8u);
	const Event &k = t.events[0];
	EXPECT_EQ(k.kind, Kind::KernelEnter);
	EXPECT_EQ(k.seq, 10u);
	EXPECT_EQ(k.ts_ns, 1000u);
	EXPECT_EQ(k.cpu, 1u);
	EXPECT_EQ(k.on_cpu, 0u);
	EXPECT_EQ(k.state, 66);
	EXPECT_EQ(k.target, 236);
	EXPECT_EQ(t.symbols.name(k.sym), "hpsm_up_PREP_HW [hpsm]");
	EXPECT_EQ(k.line, 0u) << "an array has no line per record: evidence is by sequence number";
	const Event &ce = t.events[1], &cx = t.events[2];
	EXPECT_EQ(ce.kind, Kind::HpsmEnter);
	EXPECT_EQ(ce.state, 0);
	EXPECT_EQ(ce.target, static_cast<int32_t>(HpsmDir::up));
	EXPECT_EQ(t.symbols.name(ce.sym), "sample:calib");
	EXPECT_EQ(cx.kind, Kind::HpsmExit);
	EXPECT_EQ(cx.ret, 0);
	const Event &kx = t.events[3];
	EXPECT_EQ(kx.kind, Kind::KernelExit);
	EXPECT_EQ(kx.exit_state, 66);
	EXPECT_EQ(kx.sym, 0u);
	const Event &s = t.events[4];
	EXPECT_EQ(s.kind, Kind::HpsmSync);
	EXPECT_EQ(s.state, 4);
	EXPECT_EQ(s.exit_state, 0);
	EXPECT_EQ(t.symbols.name(s.sym), "sync_up");
	EXPECT_EQ(t.events[5].kind, Kind::KernelMultiEnter);
	EXPECT_EQ(t.events[5].target, 0);
	EXPECT_EQ(t.events[5].sym, 0u) << "no symbol in the record: none";
	EXPECT_EQ(t.events[6].kind, Kind::KernelExit);
	EXPECT_EQ(t.events[6].ret, -16);
	EXPECT_EQ(t.events[7].target, static_cast<int32_t>(HpsmDir::rollback_up));
	EXPECT_EQ(t.symbols.name(t.events[7].sym), "callback#5") << "unnamed callbacks keep their id";
	// The ring that dropped records is a loss; the names the records carry
	// are kept.
	ASSERT_EQ(t.losses.size(), 1u);
	EXPECT_EQ(t.losses[0].cpu, 1);
	EXPECT_EQ(t.losses[0].count, 2u);
	EXPECT_EQ(t.state_names.at(66), "hpsm:prep_hw");
	EXPECT_FALSE(t.state_names.contains(150));
}

TEST(HpsmJson, NdjsonRecordsCarryTheirLines)
{
	std::string nd = event() + "\n\n" + event(R"(,"ret":0)", "callback", "exit") + "\n" +
	                 R"({"type":"summary","next":2,"events":2,"rings":[]})" + "\n";
	Trace t;
	ASSERT_FALSE(read(nd, t));
	ASSERT_EQ(t.events.size(), 2u);
	EXPECT_EQ(t.events[0].line, 1u);
	EXPECT_EQ(t.events[1].line, 3u);
	EXPECT_EQ(t.lines, 4u);
	// Pretty-printed arrays read like compact ones.
	Trace p;
	ASSERT_FALSE(read(json::parse(small_trace).dump(4), p));
	EXPECT_EQ(p.events.size(), 8u);
}

TEST(HpsmJson, LossesAndGapsAreCompletenessFindings)
{
	Trace t;
	ASSERT_FALSE(read(small_trace, t));
	Report r = run_audit(t, {});
	const Finding *lost = find(r, "COMPLETENESS-LOST");
	ASSERT_TRUE(lost) << problems(r);
	EXPECT_EQ(lost->severity, Severity::warning);
	EXPECT_NE(lost->message.find("2 records of cpu1 were lost"), std::string::npos) << lost->message;
	EXPECT_NE(lost->message.find("ring of cpu1 overwrote them"), std::string::npos) << lost->message;
	EXPECT_EQ(r.summary.lost_records, 2u);
	// A record missing in the middle.
	json j = json::parse(small_trace);
	j.erase(j.begin() + 2);
	j.back()["events"] = 7;
	j.back()["rings"][1]["dropped"] = 0;
	Trace g;
	ASSERT_FALSE(read(j.dump(), g));
	Report rg = run_audit(g, {});
	const Finding *gap = find(rg, "COMPLETENESS-SEQ-GAP");
	ASSERT_TRUE(gap) << problems(rg);
	EXPECT_NE(gap->message.find("1 records are missing between sequence 11 and 13"), std::string::npos)
	    << gap->message;
	EXPECT_EQ(gap->seqs, std::vector<uint64_t>{13});
	EXPECT_EQ(exit_code(rg), 1);
}

// ---- malformed input: an error naming the record (array) or line (NDJSON) ----

TEST(HpsmJson, MalformedInputNamesTheRecordOrLine)
{
	struct Case {
		std::string text;
		std::string error;
	};
	const std::string ok = event();
	const Case cases[] = {
	    {"", "t.json: empty input"},
	    {"  \n", "t.json: empty input"},
	    {"SEQ TS_NS CPU\n", "t.json:1: expected a JSON array or one JSON object per line"},
	    {"[" + ok + ",\n" + ok + ",\n{\"type\":", "t.json:3: not valid JSON"},
	    {"[" + ok + "," + ok + "]x", "t.json:1: not valid JSON"},
	    {ok + "\n" + ok + "\n{\"type\":\"event\",\n", "t.json:3: not valid JSON"},
	    {"[" + ok + ",3]", "t.json: record 2: not a JSON object"},
	    {"[{\"seq\":1}]", "t.json: record 1: missing \"type\""},
	    {"[{\"type\":\"hello\"}]", "t.json: record 1: unknown record type \"hello\""},
	    {"[{\"type\":\"event\",\"seq\":1}]", "t.json: record 1: missing \"ts_ns\""},
	    {"[" + ok + "," +
	         R"({"type":"event","seq":-2,"ts_ns":5,"cpu":1,"on_cpu":1,"kind":"callback","source":3,"phase":"enter","dir":"up"})" +
	         "]",
	     "t.json: record 2: \"seq\" is not a whole number >= 0"},
	    {std::string("[") +
	         R"({"type":"event","seq":1,"ts_ns":5,"cpu":"1","on_cpu":1,"kind":"callback","source":3,"phase":"enter","dir":"up"})" +
	         "]",
	     "record 1: \"cpu\" is not a whole number >= 0"},
	    {"[" + event("", "7") + "]", "record 1: unknown \"kind\" value \"7\""},
	    {"[" + event("", "callback", "middle") + "]", "record 1: unknown \"phase\" value \"middle\""},
	    {"[" + event(R"(,"ret":"0")", "callback", "exit") + "]", "record 1: \"ret\" is not an integer"},
	    {"[" + event(R"(,"ret":4294967296)", "callback", "exit") + "]",
	     "record 1: \"ret\" 4294967296 is out of range"},
	    {"[" + event(R"(,"name":7)") + "]", "record 1: \"name\" is not a string"},
	    {"[" + event("", "callback", "exit") + "]", "record 1: a callback exit without \"ret\" (seq 1)"},
	    {"[" + event("", "kernel", "enter") + "]", "record 1: a kernel enter without \"target\" (seq 1)"},
	    {"[" + event(R"(,"ret":0)", "kernel", "exit") + "]", "record 1: a kernel exit without \"state\" (seq 1)"},
	    {"[" + event(R"(,"target":70000)", "kernel", "enter") + "]", "record 1: \"target\" 70000 out of range"},
	    {ok + "\n" + event(R"(,"target":1)", "sync") + "\n",
	     "t.json:2: SYNC record of section 3, not a checkpoint (seq 1)"},
	    {std::string("[") + R"({"type":"summary","next":0,"events":0,"rings":[]},)" + ok + "]",
	     "record 2: an event after the summary record"},
	    {std::string("[") +
	         R"({"type":"summary","next":0,"events":0,"rings":[]},{"type":"summary","next":0,"events":0,"rings":[]})" +
	         "]",
	     "record 2: a second summary record"},
	    {"[" + ok + "," + R"({"type":"summary","next":2,"events":3,"rings":[]})" + "]",
	     "record 2: the summary counts 3 events but the input holds 1"},
	    {std::string("[") + R"({"type":"summary","next":2,"events":0,"rings":{}})" + "]",
	     "record 1: \"rings\" is not an array"},
	    {std::string("[") + R"({"type":"summary","next":2,"events":0,"rings":[{"cpu":0,"written":1}]})" + "]",
	     "record 1: \"rings\": missing \"dropped\""},
	};
	for (const auto &c : cases) {
		std::string e = error_of(c.text);
		EXPECT_NE(e.find(c.error), std::string::npos) << "input: " << c.text << "\nerror: " << e;
	}
	// Nothing malformed is ever skipped: the same inputs, well-formed, read.
	EXPECT_EQ(error_of("[" + ok + "," + ok + "]"), "");
	EXPECT_EQ(error_of(ok + "\n" + ok + "\n"), "");
}

TEST(HpsmJson, FileErrors)
{
	Trace t;
	auto e = read_hpsm_json_file("/nonexistent/trace.json", t);
	ASSERT_TRUE(e);
	EXPECT_EQ(e->to_string(), "/nonexistent/trace.json: cannot open the file");
	std::vector<HpsmCallbackInfo> cbs;
	EXPECT_TRUE(read_hpsm_callbacks_file("/nonexistent/states.json", cbs));
}

// ---- names and the callbacks' description ----

TEST(HpsmJson, StateNamesTheRecordsCarryMakeAStatesTable)
{
	Trace t;
	ASSERT_FALSE(read(small_trace, t));
	EXPECT_FALSE(states_from_trace_names(t)) << "state 150 has no name: no partial table";
	json j = json::parse(small_trace);
	j[5]["name"] = "x86/cpu:online";
	Trace n;
	ASSERT_FALSE(read(j.dump(), n));
	auto st = states_from_trace_names(n);
	ASSERT_TRUE(st);
	EXPECT_EQ(st->rows.size(), 2u);
	EXPECT_EQ(*st->name(150), "x86/cpu:online");
	EXPECT_NE(st->source.find("the state names its records carry"), std::string::npos);
}

TEST(HpsmCallbacksJson, ReadsWhatStatesJsonPrints)
{
	const char *text =
	    R"([{"type":"callback","id":0,"name":"sample:calib","section":"prep_hw","order":0,"flags":"0x1","startup":true,"teardown":false,"reason":"kept"},)"
	    R"({"type":"callback","id":5,"name":"sample:enable","section":"enable","order":-3,"flags":"0x0","startup":true,"teardown":true},)"
	    R"({"type":"kernel_state","state":1,"name":"threads:prepare","startup_sym":"smpboot_create_threads"}])";
	std::vector<HpsmCallbackInfo> v;
	ASSERT_FALSE(read_hpsm_callbacks_text(text, "s.json", v));
	ASSERT_EQ(v.size(), 2u);
	EXPECT_EQ(v[0].name, "sample:calib");
	EXPECT_EQ(v[0].section, 1);
	EXPECT_TRUE(v[0].asymmetric);
	EXPECT_FALSE(v[0].teardown);
	EXPECT_EQ(v[0].reason, "kept");
	EXPECT_EQ(v[1].id, 5u);
	EXPECT_EQ(v[1].section, 7);
	EXPECT_EQ(v[1].order, -3);
	EXPECT_FALSE(v[1].asymmetric);
	const std::pair<const char *, const char *> bad[] = {
	    {R"([{"type":"callback","id":0}])", "s.json: record 1: missing \"name\""},
	    {R"([{"type":"callback","id":0,"name":"a","section":"sync_up","order":0,"flags":"0x0","startup":true,"teardown":true}])",
	     "record 1: \"section\" \"sync_up\" holds no callbacks"},
	    {R"([{"type":"callback","id":0,"name":"a","section":"enable","order":0,"flags":"1x","startup":true,"teardown":true}])",
	     "record 1: \"flags\" is not a hex number"},
	    {R"([{"type":"callback","id":0,"name":"a","section":"enable","order":0,"flags":"0x0","startup":1,"teardown":true}])",
	     "record 1: \"startup\" is not true or false"},
	    {R"([{"type":"callback","id":64,"name":"a"}])", "record 1: \"id\" 64 is out of range"},
	    {R"([{"type":"cpu"}])", "record 1: unknown record type \"cpu\""},
	};
	for (auto [t, e] : bad) {
		std::vector<HpsmCallbackInfo> w;
		auto err = read_hpsm_callbacks_text(t, "s.json", w);
		ASSERT_TRUE(err) << t;
		EXPECT_NE(err->to_string().find(e), std::string::npos) << err->to_string();
	}
}

TEST(HpsmSections, KeysNamesAndSymbols)
{
	EXPECT_EQ(hpsm_section_key(1), "prep_hw");
	EXPECT_EQ(hpsm_section_key(4), "") << "SYNC_UP holds no callbacks";
	EXPECT_EQ(hpsm_section_of_key("sched_local"), 6);
	EXPECT_EQ(hpsm_section_of_key("sync"), -1);
	EXPECT_TRUE(hpsm_section_is_ap(5));
	EXPECT_FALSE(hpsm_section_is_ap(3));
	EXPECT_EQ(hpsm_section_of_state("hpsm:prep_threads", ""), 3);
	EXPECT_EQ(hpsm_section_of_state("", "hpsm_up_INIT_HW [hpsm]"), 5);
	EXPECT_EQ(hpsm_section_of_state("", "hpsm_down_ENABLE [hpsm]"), 7);
	EXPECT_EQ(hpsm_section_of_state("", "hpsm_up_INIT_HW"), -1) << "not hpsm's module";
	EXPECT_EQ(hpsm_section_of_state("hpsm_sample:rogue", "sample_rogue_startup [hpsm_sample]"), -1);
}

// ---- the real captures: tests/fixtures/<ver>/audit-* ----

namespace {

struct Capture {
	std::string k;
	std::string trace() const { return read_file(fixture_path(k + "/audit-hpsm-trace.json")); }
	std::string states() const { return read_file(fixture_path(k + "/audit-hotplug-states.txt")); }
	std::vector<HpsmCallbackInfo> callbacks() const
	{
		std::vector<HpsmCallbackInfo> v;
		EXPECT_FALSE(read_hpsm_callbacks_file(fixture_path(k + "/audit-hpsm-states.json"), v));
		return v;
	}
	Report audit(const std::string &trace_text, bool with_callbacks = true) const
	{
		Trace t;
		auto e = read_hpsm_json_text(trace_text, k + "/audit-hpsm-trace.json", t);
		EXPECT_FALSE(e) << (e ? e->to_string() : "");
		AuditOptions o;
		StateTable st;
		EXPECT_FALSE(read_states_text(states(), "states", st));
		o.states = st;
		if (with_callbacks)
			o.hpsm_callbacks = callbacks();
		return run_audit(t, o);
	}
	// The capture as JSON, to plant defects in; seqs renumbered after.
	json records() const { return json::parse(trace()); }
	static std::string text(json j)
	{
		uint64_t seq = j[0]["seq"].get<uint64_t>();
		size_t n = 0;
		for (auto &r : j)
			if (r["type"] == "event") {
				r["seq"] = seq++;
				++n;
			}
		j.back()["events"] = n;
		j.back()["next"] = seq;
		return j.dump();
	}
	static size_t index(const json &j, std::string_view name, std::string_view phase, std::string_view dir,
	                    int n = 0)
	{
		for (size_t i = 0; i < j.size(); ++i)
			if (j[i].value("name", "") == name && j[i].value("phase", "") == phase &&
			    j[i].value("dir", "") == dir && n-- == 0)
				return i;
		ADD_FAILURE() << "no record " << name << " " << phase << " " << dir;
		return 0;
	}
};

#define CAPTURE_TEST(name)                                                                                             \
	static void name##_on(const Capture &c);                                                                       \
	TEST(HpsmCapture_6_1, name)                                                                                    \
	{                                                                                                              \
		name##_on(Capture{"6.1"});                                                                             \
	}                                                                                                              \
	TEST(HpsmCapture_6_12, name)                                                                                   \
	{                                                                                                              \
		name##_on(Capture{"6.12"});                                                                            \
	}                                                                                                              \
	static void name##_on(const Capture &c)

} // namespace

CAPTURE_TEST(IsCleanWithBothRollbacks)
{
	Report r = c.audit(c.trace());
	EXPECT_EQ(exit_code(r), 0) << problems(r);
	EXPECT_EQ(r.summary.rolled_back, 2u);
	EXPECT_EQ(count(r, "ROLLBACK-CLEAN"), 2u);
	EXPECT_EQ(r.summary.lost_records, 0u);
	ASSERT_EQ(r.summary.hpsm_callbacks.size(), 6u);
	EXPECT_EQ(r.summary.hpsm_callbacks[0].symbol, "sample:calib");
	EXPECT_EQ(r.summary.hpsm_callbacks[0].verdict, "declared one-sided");
	for (size_t i = 1; i < 6; ++i)
		EXPECT_EQ(r.summary.hpsm_callbacks[i].verdict, "symmetric") << r.summary.hpsm_callbacks[i].symbol;
	EXPECT_TRUE(find(r, "SYMMETRY-DECLARED"));
}

CAPTURE_TEST(AgreesWithFtraceOfTheSameWindow)
{
	Report hp = c.audit(c.trace());
	auto ft = audit_text(read_file(fixture_path(c.k + "/audit-ftrace.txt")), c.states());
	ASSERT_FALSE(ft.error);
	EXPECT_EQ(ft.exit, 0) << problems(ft.report);
	EXPECT_EQ(hp.summary.kernel_records, ft.report.summary.kernel_records);
	EXPECT_EQ(hp.summary.transitions, ft.report.summary.transitions);
	EXPECT_EQ(hp.summary.rolled_back, ft.report.summary.rolled_back);
	ASSERT_EQ(hp.layout.size(), ft.report.layout.size());
	for (size_t i = 0; i < hp.layout.size(); ++i) {
		const auto &a = hp.layout[i], &b = ft.report.layout[i];
		EXPECT_EQ(a.state, b.state);
		EXPECT_EQ(a.startups, b.startups) << a.name;
		EXPECT_EQ(a.teardowns, b.teardowns) << a.name;
		EXPECT_EQ(a.calls, b.calls) << a.name;
		EXPECT_EQ(a.verdict, b.verdict) << a.name;
		EXPECT_EQ(a.startup_symbols, b.startup_symbols) << a.name;
	}
	for (size_t i = 0; i < hp.transitions.size() && i < ft.report.transitions.size(); ++i) {
		EXPECT_EQ(hp.transitions[i].result, ft.report.transitions[i].result);
		EXPECT_EQ(hp.transitions[i].failed_state, ft.report.transitions[i].failed_state);
	}
}

CAPTURE_TEST(WithoutTheDescriptionTheDeclarationIsUnknown)
{
	Report r = c.audit(c.trace(), false);
	EXPECT_EQ(exit_code(r), 1);
	const Finding *f = find(r, "SYMMETRY-UNDECLARED");
	ASSERT_TRUE(f) << problems(r);
	EXPECT_EQ(f->callback, "sample:calib");
	EXPECT_EQ(r.summary.warnings, 1u) << problems(r);
	EXPECT_EQ(r.summary.errors, 0u) << problems(r);
}

CAPTURE_TEST(ApCallbackOnTheWrongCpuIsFound)
{
	json j = c.records();
	size_t i = Capture::index(j, "sample:enable", "enter", "up");
	j[i]["on_cpu"] = j[i]["cpu"].get<uint32_t>() == 0 ? 1 : 0;
	Report r = c.audit(Capture::text(j));
	EXPECT_TRUE(find(r, "PLACEMENT-CALLBACK-AP-OFF-TARGET")) << problems(r);
	EXPECT_EQ(exit_code(r), 1);
}

CAPTURE_TEST(TeardownMissingFromTheKernelsRollbackIsFound)
{
	// After a failed online (cpu2's hotplug/fail, then cpu1's sample:timer)
	// the kernel tore hpsm:prep_data down: drop sample:buffers' teardown
	// from the first of those rollbacks.
	json j = c.records();
	size_t i = Capture::index(j, "sample:buffers", "enter", "rollback-down");
	ASSERT_EQ(j[i + 1]["phase"], "exit");
	const auto cpu = j[i]["cpu"].get<int64_t>();
	j.erase(j.begin() + static_cast<long>(i), j.begin() + static_cast<long>(i) + 2);
	Report r = c.audit(Capture::text(j));
	const Finding *f = find(r, "ORDER-CALLBACK-SKIPPED");
	ASSERT_TRUE(f) << problems(r);
	EXPECT_EQ(f->callback, "sample:buffers");
	EXPECT_EQ(f->cpu, cpu);
	EXPECT_EQ(exit_code(r), 1);
}

CAPTURE_TEST(KernelTeardownsSwappedAreFound)
{
	json j = c.records();
	// cpu1's first offline: two consecutive AP teardowns (enter, exit, enter, exit).
	size_t i = 0;
	for (; i + 3 < j.size(); ++i)
		if (j[i]["kind"] == "kernel" && j[i]["phase"] == "enter" && j[i]["dir"] == "down" &&
		    j[i]["on_cpu"] == j[i]["cpu"] && j[i + 1]["phase"] == "exit" && j[i + 2]["kind"] == "kernel" &&
		    j[i + 2]["phase"] == "enter" && j[i + 3]["phase"] == "exit" && j[i]["source"] != 236)
			break;
	ASSERT_LT(i + 3, j.size());
	std::swap(j[i], j[i + 2]);
	std::swap(j[i + 1], j[i + 3]);
	Report r = c.audit(Capture::text(j));
	EXPECT_TRUE(find(r, "ORDER-SEQUENCE")) << problems(r);
	EXPECT_EQ(exit_code(r), 1);
}

CAPTURE_TEST(DroppedRecordsAreIncompleteEvidence)
{
	json j = json::parse(c.trace());
	// A record lost in the middle (not renumbered) and a ring that says so.
	j.erase(j.begin() + 40);
	j.back()["events"] = j.back()["events"].get<uint64_t>() - 1;
	j.back()["rings"][0]["dropped"] = 1;
	Report r = c.audit(j.dump());
	EXPECT_TRUE(find(r, "COMPLETENESS-SEQ-GAP")) << problems(r);
	EXPECT_TRUE(find(r, "COMPLETENESS-LOST")) << problems(r);
	EXPECT_EQ(exit_code(r), 1);
}

CAPTURE_TEST(CorruptedRecordIsAnInputErrorNamingIt)
{
	json j = json::parse(c.trace());
	j[123].erase("ts_ns");
	Trace t;
	auto e = read_hpsm_json_text(j.dump(), "x.json", t);
	ASSERT_TRUE(e);
	EXPECT_EQ(e->to_string(), "x.json: record 124: missing \"ts_ns\"");
	// The same as NDJSON names the line.
	std::string nd;
	for (const auto &r : j)
		nd += r.dump() + "\n";
	Trace n;
	auto en = read_hpsm_json_text(nd, "x.ndjson", n);
	ASSERT_TRUE(en);
	EXPECT_EQ(en->line, 124u);
	EXPECT_EQ(en->to_string(), "x.ndjson:124: missing \"ts_ns\"");
}

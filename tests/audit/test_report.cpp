// The report as people and scripts see it: text with the summary first and
// findings grouped by check, JSON with the same content, and the exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model.h"
#include "testlib.h"

using namespace audit_test;

namespace {

Audited defective()
{
	Model m;
	m.down(1);
	m.up(1);
	m.down(1);
	Lines l = Lines::of(m.text());
	long i = l.find({"cpu: 0001", "(random_online_cpu)"});
	l.replace(static_cast<size_t>(i), "[001]", "[002]");
	return audit_text(l.text(), m.states_text());
}

} // namespace

TEST(Report, TextSummaryFirstThenFindingsThenLayout)
{
	auto a = defective();
	std::string t = render_text(a.report);
	auto summary = t.find("result:");
	auto findings = t.find("Findings by check");
	auto layout = t.find("Layout:");
	ASSERT_NE(summary, std::string::npos) << t;
	ASSERT_NE(findings, std::string::npos) << t;
	ASSERT_NE(layout, std::string::npos) << t;
	EXPECT_LT(summary, findings);
	EXPECT_LT(findings, layout);
	EXPECT_EQ(t.rfind("hpsm audit of", 0), 0u);
	EXPECT_NE(t.find("FINDINGS: 1 errors"), std::string::npos) << t;
	// Every check has its heading, in the fixed order.
	size_t at = findings;
	for (Check c : all_checks) {
		auto p = t.find(std::string("\n") + std::string(check_name(c)) + ":", at);
		ASSERT_NE(p, std::string::npos) << check_name(c);
		at = p;
	}
	EXPECT_NE(t.find("PLACEMENT: 1 error\n  error   PLACEMENT-AP-OFF-TARGET"), std::string::npos) << t;
	EXPECT_NE(t.find("ORDER: ok"), std::string::npos);
	EXPECT_NE(t.find("sched:waitempty"), std::string::npos);
}

TEST(Report, JsonHasTheSameContent)
{
	auto a = defective();
	auto j = nlohmann::json::parse(render_json(a.report));
	EXPECT_EQ(j["summary"]["errors"], a.report.summary.errors);
	EXPECT_EQ(j["summary"]["exit_code"], 1);
	EXPECT_EQ(j["summary"]["result"], "findings");
	EXPECT_EQ(j["summary"]["transitions"]["total"], 3);
	size_t n = 0;
	for (Check c : all_checks) {
		ASSERT_TRUE(j["findings"].contains(std::string(check_name(c))));
		n += j["findings"][std::string(check_name(c))].size();
	}
	EXPECT_EQ(n, a.report.findings.size());
	const auto &p = j["findings"]["PLACEMENT"][0];
	EXPECT_EQ(p["id"], "PLACEMENT-AP-OFF-TARGET");
	EXPECT_EQ(p["severity"], "error");
	EXPECT_EQ(p["cpu"], 1);
	EXPECT_EQ(p["state"], 25);
	EXPECT_EQ(p["lines"].size(), 1u);
	EXPECT_EQ(j["layout"].size(), a.report.layout.size());
	EXPECT_EQ(j["transitions"].size(), a.report.transitions.size());
	EXPECT_EQ(j["layout"][0]["section"], "OFFLINE");
}

TEST(Report, JsonOfAFixtureCarriesRollbacks)
{
	auto a = audit_fixture("6.1/ftrace-cycles-fail.txt", "6.1/hotplug-states.txt");
	auto j = report_json(a.report);
	EXPECT_EQ(j["summary"]["result"], "clean");
	EXPECT_EQ(j["summary"]["anchors"]["cpu:bringup"], 91);
	int rolled = 0;
	for (const auto &t : j["transitions"])
		if (t["result"] == "rolled-back") {
			++rolled;
			EXPECT_TRUE(t.contains("failure"));
		}
	EXPECT_EQ(rolled, 3);
	EXPECT_EQ(j["findings"]["ROLLBACK"].size(), 3u);
}

TEST(Report, JsonSurvivesBytesThatAreNotUtf8)
{
	std::string text = "sh-110 [000] ..... 4.1: cpuhp_enter: cpu: 0001 target: 236 step:   1 (bad\xff\xfesym)\n"
	                   "sh-110 [000] ..... 4.2: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0\n";
	auto a = audit_text(text);
	ASSERT_FALSE(a.error);
	std::string j;
	EXPECT_NO_THROW(j = render_json(a.report));
	EXPECT_TRUE(nlohmann::json::accept(j));
	EXPECT_NO_THROW((void)render_text(a.report));
}

TEST(Report, ExitCodes)
{
	auto clean = audit_fixture("6.12/ftrace-cycles-fail.txt", "6.12/hotplug-states.txt");
	EXPECT_EQ(exit_code(clean.report), 0);
	EXPECT_GT(clean.report.summary.infos, 0u); // one-sided by design does not count
	EXPECT_EQ(exit_code(defective().report), 1);
	auto run =
	    audit_ftrace_file(fixture_path("6.1/ftrace-cycles-fail.txt"), fixture_path("6.1/hotplug-states.txt"), {});
	EXPECT_FALSE(run.error);
	EXPECT_EQ(run.exit_code, 0);
	auto bad = audit_ftrace_file(fixture_path("6.1/hotplug-states.txt"), "", {});
	EXPECT_EQ(bad.exit_code, 0 + 1) << "a states file read as a trace has no cpuhp records";
	auto missing = audit_ftrace_file("/nonexistent", "", {});
	ASSERT_TRUE(missing.error);
	EXPECT_EQ(missing.exit_code, exit_input_error);
	auto bad_states = audit_ftrace_file(fixture_path("6.1/ftrace-cycles-fail.txt"),
	                                    fixture_path("6.1/ftrace-cycles-fail.txt"), {});
	ASSERT_TRUE(bad_states.error);
	EXPECT_EQ(bad_states.exit_code, exit_input_error);
	EXPECT_EQ(bad_states.error->line, 1u);
}

TEST(Report, RepeatsFoldIntoOneFindingWithACount)
{
	Model m;
	for (int k = 0; k < 5; ++k) {
		m.down(1);
		m.up(1);
	}
	Lines l = Lines::of(m.text());
	for (int k = 0; k < 5; ++k) {
		long i = l.find({"cpu: 0001", "(random_online_cpu)"}, k);
		l.replace(static_cast<size_t>(i), "[001]", "[003]");
	}
	auto a = audit_text(l.text(), m.states_text());
	EXPECT_EQ(count(a.report, "PLACEMENT-AP-OFF-TARGET"), 1u);
	EXPECT_EQ(find(a.report, "PLACEMENT-AP-OFF-TARGET")->occurrences, 5u);
	EXPECT_NE(render_text(a.report).find("(5 times)"), std::string::npos);
}

TEST(Report, DurationsReadWell)
{
	EXPECT_EQ(format_duration(850), "850ns");
	EXPECT_EQ(format_duration(12300), "12.3us");
	EXPECT_EQ(format_duration(4050000), "4.05ms");
	EXPECT_EQ(format_duration(1200000000), "1.20s");
}

TEST(Options, Budgets)
{
	Budget b;
	EXPECT_FALSE(parse_budget("sched:active=50us", b));
	EXPECT_EQ(b.name, "sched:active");
	EXPECT_EQ(b.ns, 50000u);
	EXPECT_FALSE(parse_budget("cpu:bringup=5ms", b));
	EXPECT_EQ(b.ns, 5000000u);
	EXPECT_FALSE(parse_budget("x=1.5s", b));
	EXPECT_EQ(b.ns, 1500000000u);
	EXPECT_FALSE(parse_budget("x=800ns", b));
	EXPECT_EQ(b.ns, 800u);
	EXPECT_FALSE(parse_budget("x=2000", b));
	EXPECT_EQ(b.ns, 2000u);
	EXPECT_TRUE(parse_budget("sched:active", b));
	EXPECT_TRUE(parse_budget("=5ms", b));
	EXPECT_TRUE(parse_budget("x=5 ms", b));
	EXPECT_TRUE(parse_budget("x=fast", b));
	EXPECT_TRUE(parse_budget("x=0us", b));
	EXPECT_TRUE(parse_duration_ns("5h") == std::nullopt);
}

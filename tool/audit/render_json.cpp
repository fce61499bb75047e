// The report for scripts and the test box: the same content as the text,
// every finding with its check, ID, severity and evidence, every layout row
// and every transition.
#include <nlohmann/json.hpp>

#include "audit/render.h"

namespace hpsmctl::audit {

namespace {

using nlohmann::json;

json stats(const LatencyStats &s)
{
	return json{{"count", s.count}, {"p50_ns", s.p50}, {"p99_ns", s.p99}, {"max_ns", s.max}};
}

json finding(const Finding &f)
{
	json j{{"id", f.id},           {"check", check_name(f.check)}, {"severity", severity_name(f.severity)},
	       {"message", f.message}, {"occurrences", f.occurrences}, {"lines", f.lines},
	       {"seqs", f.seqs}};
	j["cpu"] = f.cpu >= 0 ? json(f.cpu) : json(nullptr);
	j["state"] = f.state >= 0 ? json(f.state) : json(nullptr);
	j["direction"] = f.direction.empty() ? json(nullptr) : json(f.direction);
	j["callback"] = f.callback.empty() ? json(nullptr) : json(f.callback);
	return j;
}

json summary(const Report &r)
{
	const Summary &s = r.summary;
	json anchors = json::object();
	for (const auto &[n, v] : s.anchors)
		anchors[n] = v;
	json declared = json::object();
	for (const auto &[k, v] : s.declared_asymmetric)
		declared[k] = v;
	json hpsm = json::array();
	for (const auto &c : s.hpsm_callbacks)
		hpsm.push_back(json{{"symbol", c.symbol},
		                    {"section", c.section.empty() ? json(nullptr) : json(c.section)},
		                    {"startups", c.startups},
		                    {"teardowns", c.teardowns},
		                    {"verdict", c.verdict.empty() ? json(nullptr) : json(c.verdict)},
		                    {"reason", c.reason.empty() ? json(nullptr) : json(c.reason)},
		                    {"latency", stats(c.latency)}});
	return json{
	    {"source", s.source},
	    {"format", s.format},
	    {"states_source", s.states_source.empty() ? json(nullptr) : json(s.states_source)},
	    {"lines", s.lines},
	    {"records", s.records},
	    {"kernel_records", s.kernel_records},
	    {"hpsm_records", s.hpsm_records},
	    {"cpus", s.cpus},
	    {"transitions",
	     {{"total", s.transitions},
	      {"up", s.up},
	      {"down", s.down},
	      {"complete", s.transitions - s.rolled_back - s.failed - s.unfinished},
	      {"rolled_back", s.rolled_back},
	      {"failed", s.failed},
	      {"unfinished", s.unfinished}}},
	    {"calls", s.calls},
	    {"lost_records", s.lost_records},
	    {"errors", s.errors},
	    {"warnings", s.warnings},
	    {"infos", s.infos},
	    {"result", exit_code(r) ? "findings" : "clean"},
	    {"exit_code", exit_code(r)},
	    {"anchors", anchors},
	    {"anchors_source", s.anchors_source},
	    {"latency",
	     {{"up", stats(s.up_latency)}, {"down", stats(s.down_latency)}, {"kick_ap_work", stats(s.kick_latency)}}},
	    {"declared_asymmetric", declared},
	    {"hpsm_callbacks", hpsm}};
}

} // namespace

json report_json(const Report &r)
{
	json findings = json::object();
	for (Check c : all_checks)
		findings[std::string(check_name(c))] = json::array();
	for (const auto &f : r.findings)
		findings[std::string(check_name(f.check))].push_back(finding(f));
	json layout = json::array();
	for (const auto &row : r.layout)
		layout.push_back(json{{"state", row.state},
		                      {"name", row.name.empty() ? json(nullptr) : json(row.name)},
		                      {"section", section_name(row.section)},
		                      {"note", row.note.empty() ? json(nullptr) : json(row.note)},
		                      {"startup_symbols", row.startup_symbols},
		                      {"teardown_symbols", row.teardown_symbols},
		                      {"startups", row.startups},
		                      {"teardowns", row.teardowns},
		                      {"calls", row.calls},
		                      {"verdict", verdict_name(row.verdict)},
		                      {"reason", row.reason.empty() ? json(nullptr) : json(row.reason)},
		                      {"startup_latency", stats(row.startup_latency)},
		                      {"teardown_latency", stats(row.teardown_latency)}});
	json transitions = json::array();
	for (const auto &t : r.transitions) {
		json j{{"cpu", t.cpu},
		       {"direction", t.direction},
		       {"from", t.from >= 0 ? json(t.from) : json(nullptr)},
		       {"target", t.target},
		       {"end", t.end >= 0 ? json(t.end) : json(nullptr)},
		       {"result", t.result},
		       {"first_line", t.first_line},
		       {"last_line", t.last_line},
		       {"first_seq", t.first_seq},
		       {"last_seq", t.last_seq},
		       {"duration_ns", t.duration_ns},
		       {"records", t.records}};
		if (t.failed_state >= 0 || t.ret) {
			j["failure"] = json{{"state", t.failed_state >= 0 ? json(t.failed_state) : json(nullptr)},
			                    {"inferred", t.failure_inferred},
			                    {"ret", t.ret},
			                    {"ret_line", t.ret_line ? json(t.ret_line) : json(nullptr)}};
		}
		transitions.push_back(std::move(j));
	}
	return json{{"summary", summary(r)}, {"findings", findings}, {"layout", layout}, {"transitions", transitions}};
}

std::string render_json(const Report &r, int indent)
{
	// Symbols and paths come from the input: bytes that are not UTF-8 are
	// replaced, never a reason to throw.
	return report_json(r).dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace hpsmctl::audit

// The report for people: what a test engineer reads first is whether the
// run was clean, then what is wrong and where (check ID, message, input
// lines), then the layout table.
#include <algorithm>
#include <sstream>

#include "audit/render.h"

namespace hpsmctl::audit {

namespace {

std::string join(const std::vector<std::string> &v, std::string_view sep)
{
	std::string s;
	for (const auto &x : v)
		s += (s.empty() ? "" : std::string(sep)) + x;
	return s;
}

std::string stats(const LatencyStats &s)
{
	if (!s.count)
		return "-";
	return format_duration(s.p50) + "/" + format_duration(s.p99) + "/" + format_duration(s.max);
}

// Input lines, or sequence numbers for sources without lines.
std::string lines_text(const Finding &f)
{
	std::vector<std::string> items;
	bool all_lines = true;
	for (size_t i = 0; i < f.lines.size(); ++i) {
		all_lines = all_lines && f.lines[i];
		items.push_back(f.lines[i] ? std::to_string(f.lines[i]) : "seq " + std::to_string(f.seqs[i]));
	}
	if (items.empty())
		return {};
	return std::string(all_lines ? (items.size() == 1 ? " [line " : " [lines ") : " [") + join(items, ", ") + "]";
}

void summary(std::ostringstream &o, const Report &r)
{
	const Summary &s = r.summary;
	o << "hpsm audit of " << s.source << " (" << s.format << ", ";
	if (s.lines)
		o << s.lines << " lines, ";
	o << s.kernel_records << " cpuhp records";
	if (s.hpsm_records)
		o << ", " << s.hpsm_records << " hpsm records";
	o << ")\n";
	o << "result:      " << (exit_code(r) ? "FINDINGS" : "clean") << ": " << s.errors << " errors, " << s.warnings
	  << " warnings, " << s.infos << " info\n";
	o << "states:      " << (s.states_source.empty() ? "(no states file: names unknown)" : s.states_source);
	if (!s.anchors.empty()) {
		o << "; anchors";
		for (const auto &[n, v] : s.anchors)
			o << ' ' << n << '=' << v;
		o << " (" << s.anchors_source << ")";
	}
	o << "\ncpus:        ";
	for (size_t i = 0; i < s.cpus.size(); ++i)
		o << (i ? " " : "") << s.cpus[i];
	if (s.cpus.empty())
		o << "none";
	o << "\ntransitions: " << s.transitions << " (" << s.up << " up, " << s.down
	  << " down): " << s.transitions - s.rolled_back - s.failed - s.unfinished << " complete, " << s.rolled_back
	  << " rolled back, " << s.failed << " failed, " << s.unfinished << " unfinished; " << s.calls
	  << " install/remove calls; " << s.lost_records << " records lost\n";
	o << "cost:        up " << stats(s.up_latency) << ", down " << stats(s.down_latency) << ", cpuhp_kick_ap_work "
	  << stats(s.kick_latency) << " (p50/p99/max)\n";
	for (const auto &[k, v] : s.declared_asymmetric)
		o << "declared:    " << k << " is asymmetric: " << v << "\n";
	for (const auto &c : s.hpsm_callbacks) {
		o << "hpsm:        " << c.symbol;
		if (!c.section.empty())
			o << " [" << c.section << "]";
		if (!c.verdict.empty())
			o << " " << c.startups << " up, " << c.teardowns << " down, " << c.verdict
			  << (c.reason.empty() ? "" : ": " + c.reason) << ";";
		o << " " << stats(c.latency) << " over " << c.latency.count << " runs\n";
	}
}

void findings(std::ostringstream &o, const Report &r)
{
	o << "\nFindings by check\n";
	size_t id_w = 0;
	for (const auto &f : r.findings)
		id_w = std::max(id_w, f.id.size());
	for (Check c : all_checks) {
		uint64_t n[3] = {};
		for (const auto &f : r.findings)
			if (f.check == c)
				++n[static_cast<int>(f.severity)];
		o << check_name(c) << ": ";
		if (!n[0] && !n[1] && !n[2]) {
			o << "ok\n";
			continue;
		}
		std::vector<std::string> parts;
		if (n[2])
			parts.push_back(std::to_string(n[2]) + " error" + (n[2] > 1 ? "s" : ""));
		if (n[1])
			parts.push_back(std::to_string(n[1]) + " warning" + (n[1] > 1 ? "s" : ""));
		if (n[0])
			parts.push_back(std::to_string(n[0]) + " info");
		o << join(parts, ", ") << "\n";
		// Many info findings of one ID (the kernel's one-sided states) are
		// the layout table again: one line naming the states is enough.
		std::vector<std::string> folded;
		for (const auto &f : r.findings) {
			if (f.check != c || f.severity != Severity::info || !f.callback.empty())
				continue;
			if (std::find(folded.begin(), folded.end(), f.id) != folded.end())
				continue;
			std::vector<std::string> states;
			for (const auto &g : r.findings)
				if (g.id == f.id && g.severity == Severity::info && g.callback.empty())
					states.push_back(g.state >= 0 ? std::to_string(g.state) : "?");
			if (states.size() <= 3)
				continue;
			folded.push_back(f.id);
		}
		for (const auto &f : r.findings) {
			if (f.check != c)
				continue;
			std::string sev(severity_name(f.severity));
			if (f.severity == Severity::info && f.callback.empty() &&
			    std::find(folded.begin(), folded.end(), f.id) != folded.end()) {
				if (&f != &*std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding &g) {
					    return g.id == f.id && g.callback.empty();
				    }))
					continue;
				std::vector<std::string> states;
				for (const auto &g : r.findings)
					if (g.id == f.id && g.callback.empty())
						states.push_back(std::to_string(g.state));
				o << "  " << sev << std::string(8 - sev.size(), ' ') << f.id
				  << std::string(id_w + 2 - f.id.size(), ' ') << states.size()
				  << " states (see the layout table): " << join(states, " ") << "\n";
				continue;
			}
			o << "  " << sev << std::string(8 - sev.size(), ' ') << f.id
			  << std::string(id_w + 2 - f.id.size(), ' ') << f.message;
			if (f.occurrences > 1)
				o << " (" << f.occurrences << " times)";
			o << lines_text(f) << "\n";
		}
	}
}

void layout(std::ostringstream &o, const Report &r)
{
	o << "\nLayout: every state on the RFC's sections (latency p50/p99/max)\n";
	std::vector<std::vector<std::string>> t;
	t.push_back({"state", "name", "section", "startup", "teardown", "up", "down", "calls", "verdict",
	             "startup latency", "teardown latency", "note"});
	for (const auto &row : r.layout) {
		std::string note = row.note;
		if (!row.reason.empty() && row.verdict != Verdict::symmetric)
			note = row.reason + (note.empty() ? "" : "; " + note);
		t.push_back({std::to_string(row.state), row.name.empty() ? "-" : row.name,
		             std::string(section_name(row.section)),
		             row.startup_symbols.empty() ? "-" : join(row.startup_symbols, ","),
		             row.teardown_symbols.empty() ? "-" : join(row.teardown_symbols, ","),
		             std::to_string(row.startups), std::to_string(row.teardowns), std::to_string(row.calls),
		             std::string(verdict_name(row.verdict)), stats(row.startup_latency),
		             stats(row.teardown_latency), note});
	}
	std::vector<size_t> w(t[0].size(), 0);
	for (const auto &row : t)
		for (size_t i = 0; i < row.size(); ++i)
			w[i] = std::max(w[i], row[i].size());
	for (const auto &row : t) {
		std::string line;
		for (size_t i = 0; i < row.size(); ++i) {
			const bool num = i == 0 || (i >= 5 && i <= 7);
			std::string cell = row[i];
			if (i + 1 == row.size()) {
				line += cell;
				break;
			}
			std::string pad(w[i] - cell.size(), ' ');
			line += num ? pad + cell : cell + pad;
			line += "  ";
		}
		while (!line.empty() && line.back() == ' ')
			line.pop_back();
		o << line << "\n";
	}
}

} // namespace

std::string render_text(const Report &r)
{
	std::ostringstream o;
	summary(o, r);
	findings(o, r);
	layout(o, r);
	return o.str();
}

} // namespace hpsmctl::audit

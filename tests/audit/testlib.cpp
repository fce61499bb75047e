#include "testlib.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace audit_test {

std::string fixture_path(const std::string &rel)
{
	return std::string(HPSM_FIXTURES) + "/" + rel;
}

std::string read_file(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		throw std::runtime_error("cannot read " + path);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

Lines Lines::of(std::string_view text)
{
	Lines l;
	size_t p = 0;
	while (p < text.size()) {
		auto nl = text.find('\n', p);
		if (nl == std::string_view::npos)
			nl = text.size();
		l.v.emplace_back(text.substr(p, nl - p));
		p = nl + 1;
	}
	return l;
}

std::string Lines::text() const
{
	std::string s;
	for (const auto &l : v)
		s += l + "\n";
	return s;
}

long Lines::find(std::initializer_list<std::string_view> needles, int n, size_t from) const
{
	for (size_t i = from; i < v.size(); ++i) {
		bool all = true;
		for (auto nd : needles)
			all = all && v[i].find(nd) != std::string::npos;
		if (all && n-- == 0)
			return static_cast<long>(i);
	}
	return -1;
}

long Lines::exit_of(size_t i) const
{
	auto e = parse_ftrace_line(v[i]).event;
	for (size_t k = i + 1; k < v.size(); ++k) {
		auto l = parse_ftrace_line(v[k]);
		if (l.kind == LineKind::event && l.event.kind == Kind::KernelExit && l.event.cpu == e.cpu &&
		    l.event.state == e.state)
			return static_cast<long>(k);
	}
	return -1;
}

void Lines::remove_range(size_t from, size_t to)
{
	v.erase(v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to));
}

void Lines::replace(size_t i, std::string_view from, std::string_view to)
{
	auto p = v[i].find(from);
	if (p == std::string::npos)
		throw std::runtime_error("line " + std::to_string(i + 1) + " has no \"" + std::string(from) + "\"");
	v[i].replace(p, from.size(), to);
}

Audited audit_text(std::string_view trace, std::string_view states, AuditOptions opts)
{
	Audited a;
	Trace t;
	if (auto err = read_ftrace_text(trace, "trace", t)) {
		a.error = err;
		a.exit = exit_input_error;
		return a;
	}
	if (!states.empty()) {
		StateTable st;
		if (auto err = read_states_text(states, "states", st)) {
			a.error = err;
			a.exit = exit_input_error;
			return a;
		}
		opts.states = std::move(st);
	}
	a.report = run_audit(t, opts);
	a.exit = exit_code(a.report);
	return a;
}

Audited audit_fixture(const std::string &trace_rel, const std::string &states_rel, AuditOptions opts)
{
	return audit_text(read_file(fixture_path(trace_rel)),
	                  states_rel.empty() ? std::string() : read_file(fixture_path(states_rel)), std::move(opts));
}

const Finding *find(const Report &r, std::string_view id)
{
	for (const auto &f : r.findings)
		if (f.id == id)
			return &f;
	return nullptr;
}

size_t count(const Report &r, std::string_view id)
{
	size_t n = 0;
	for (const auto &f : r.findings)
		n += f.id == id;
	return n;
}

std::string problems(const Report &r)
{
	std::string s;
	for (const auto &f : r.findings)
		if (f.severity != Severity::info)
			s += std::string(severity_name(f.severity)) + " " + f.id + ": " + f.message + "\n";
	return s;
}

} // namespace audit_test

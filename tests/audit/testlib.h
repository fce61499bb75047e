// Shared by the audit tests: the real captures, line-level mutations of
// them, and running the audit on text.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"

namespace audit_test {

using namespace hpsmctl::audit;

// tests/fixtures/<rel>
std::string fixture_path(const std::string &rel);
std::string read_file(const std::string &path);

// A trace as lines (without newlines), for mutations made in the test.
struct Lines {
	std::vector<std::string> v;

	static Lines of(std::string_view text);
	static Lines fixture(const std::string &rel) { return of(read_file(fixture_path(rel))); }
	std::string text() const;

	// Index of the n-th line (0-based n) containing every needle; -1 if none.
	long find(std::initializer_list<std::string_view> needles, int n = 0, size_t from = 0) const;
	// Index of the cpuhp_exit that closes the enter at index i.
	long exit_of(size_t i) const;
	void remove(size_t i) { v.erase(v.begin() + static_cast<long>(i)); }
	void remove_range(size_t from, size_t to); // [from, to)
	void replace(size_t i, std::string_view from, std::string_view to);
};

struct Audited {
	std::optional<InputError> error;
	Report report;
	int exit = 0;
};

Audited audit_text(std::string_view trace, std::string_view states = {}, AuditOptions opts = {});
Audited audit_fixture(const std::string &trace_rel, const std::string &states_rel = {}, AuditOptions opts = {});

const Finding *find(const Report &r, std::string_view id);
size_t count(const Report &r, std::string_view id);
// Every error and warning, one per line, for failure messages.
std::string problems(const Report &r);

} // namespace audit_test

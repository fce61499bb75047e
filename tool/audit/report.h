// The audit's result as data: a summary, findings grouped by check, the
// layout table and the transitions.  The text and JSON renderers both print
// exactly this, so the two outputs cannot drift.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/layout.h"

namespace hpsmctl::audit {

enum class Severity : uint8_t { info, warning, error };
enum class Check : uint8_t { order, symmetry, rollback, placement, sync, completeness, latency };
inline constexpr Check all_checks[] = {Check::order, Check::symmetry,     Check::rollback, Check::placement,
                                       Check::sync,  Check::completeness, Check::latency};

std::string_view severity_name(Severity s);
std::string_view check_name(Check c);

struct Finding {
	Check check = Check::order;
	std::string id; // stable: "ORDER-SKIPPED", "PLACEMENT-AP-OFF-TARGET", ...
	Severity severity = Severity::error;
	std::string message;         // one line, about the first occurrence
	int64_t cpu = -1;            // the hotplugged CPU, or -1
	int32_t state = -1;          // the state, or -1
	std::string direction;       // "startup", "teardown" or empty
	std::string callback;        // the hpsm callback it is about ("sample:timer"), or empty
	uint64_t occurrences = 1;    // the same defect seen this many times
	std::vector<uint32_t> lines; // input lines that prove it (first few)
	std::vector<uint64_t> seqs;  // the same records as sequence numbers
};

// Durations in ns.
struct LatencyStats {
	uint64_t count = 0;
	uint64_t p50 = 0;
	uint64_t p99 = 0;
	uint64_t max = 0;
};

enum class Verdict : uint8_t {
	symmetric,    // startup and teardown both ran
	one_sided,    // one direction only, the other crossed without a callback: by design
	declared,     // one-sided and declared so, with a reason
	undeclared,   // an hpsm state that is one-sided without a declaration
	seen_once,    // ran once, never undone and never crossed back: a finding
	unverified,   // one direction only, never crossed back: no full cycle to judge
	untraced,     // STARTING/DYING: its tracepoints cannot fire
	not_observed, // no callback of it ran in this trace
	anchor,       // offline / online
};

std::string_view verdict_name(Verdict v);

struct LayoutRow {
	int32_t state = 0;
	std::string name; // from the states file, empty without one
	Section section = Section::unknown;
	std::string note; // name suffix vs. range, or empty
	std::vector<std::string> startup_symbols;
	std::vector<std::string> teardown_symbols;
	uint64_t startups = 0; // runs inside transitions
	uint64_t teardowns = 0;
	uint64_t calls = 0; // runs on install/remove of the state (cpuhp_setup_state & co.)
	Verdict verdict = Verdict::not_observed;
	std::string reason; // the declared reason, or why the verdict
	LatencyStats startup_latency;
	LatencyStats teardown_latency;
};

struct TransitionRow {
	uint32_t cpu = 0;
	std::string direction; // "up" or "down"
	int32_t from = -1;     // the CPU's state when it started (-1: unknown)
	int32_t target = -1;   // where it was going first
	int32_t end = -1;      // where it ended
	std::string result;    // "complete", "rolled-back", "failed", "unfinished"
	uint32_t first_line = 0, last_line = 0;
	uint64_t first_seq = 0, last_seq = 0;
	uint64_t duration_ns = 0;
	uint32_t records = 0;
	int32_t failed_state = -1;     // the state that failed (traced or inferred), or -1
	bool failure_inferred = false; // the failing state was not traced: inferred from the reversal
	int32_t ret = 0;               // the first error traced in it, or 0
	uint32_t ret_line = 0;
};

// One callback of hpsm's own array (hpsm traces only).
struct CallbackRow {
	std::string symbol;                   // its name, "sample:timer"
	std::string section;                  // "prep_hw" ... "enable", or empty when unknown
	uint64_t startups = 0, teardowns = 0; // runs seen, transitions and install/remove alike
	std::string verdict;                  // "symmetric", "declared one-sided", "undeclared one-sided", ...
	std::string reason;                   // the declared reason, or why the verdict
	LatencyStats latency;                 // of every run, both directions
};

struct Summary {
	std::string source;
	std::string format;
	std::string states_source; // empty: no states file
	uint32_t lines = 0;
	uint64_t records = 0;        // every record read
	uint64_t kernel_records = 0; // cpuhp_* records
	uint64_t hpsm_records = 0;
	std::vector<uint32_t> cpus; // hotplugged CPUs seen
	uint64_t transitions = 0, up = 0, down = 0, rolled_back = 0, failed = 0, unfinished = 0;
	uint64_t calls = 0; // install/remove invocations
	uint64_t lost_records = 0;
	uint64_t errors = 0, warnings = 0, infos = 0;
	// Anchor name -> state number, and where they came from.
	std::vector<std::pair<std::string, int32_t>> anchors;
	std::string anchors_source;
	LatencyStats up_latency;   // whole complete "up" transitions
	LatencyStats down_latency; // whole complete "down" transitions
	LatencyStats kick_latency; // cpuhp_kick_ap_work: the AP's whole teardown seen from the control CPU
	std::vector<std::pair<std::string, std::string>> declared_asymmetric;
	std::vector<CallbackRow> hpsm_callbacks;
};

struct Report {
	Summary summary;
	std::vector<Finding> findings; // errors first, then warnings, then info; stable within
	std::vector<LayoutRow> layout;
	std::vector<TransitionRow> transitions;
};

// 0: clean, 1: an error or a warning (info never counts).  Input errors (2)
// are decided before there is a report.
int exit_code(const Report &r);

// "850ns", "12.3us", "4.05ms", "1.20s".
std::string format_duration(uint64_t ns);
inline constexpr int exit_input_error = 2;

} // namespace hpsmctl::audit

// The reader for what the kernel's ftrace writes to /sys/kernel/tracing/trace
// with the cpuhp events on:
//
//   kworker/0:2-63 [000] ..... 3.978583: cpuhp_enter: cpu: 0001 target: 153 step: 236 (cpuhp_kick_ap_work)
//   cpuhp/1-19     [001] ..... 3.994404: cpuhp_exit:  cpu: 0001  state: 234 step: 235 ret: 0
//   sh-110         [000] ..... 4.134276: cpuhp_multi_enter: cpu: 0001 target: 236 step:  62 (trace_rb_cpu_prepare)
//
// TASK may hold spaces and dashes (TASK-PID splits at the dash before the
// PID), the "(TGID)" and irq-flags columns are optional, '#' lines are the
// header, lines of other events are skipped, "CPU:N [LOST M EVENTS]" records
// a loss, and a cpuhp_* line that does not parse is an input error naming its
// line: a skipped cpuhp record would silently change the verdict.
#pragma once

#include <string>
#include <string_view>

#include "audit/trace.h"

namespace hpsmctl::audit {

enum class LineKind : uint8_t { blank, comment, other, lost, event, error };

// One line, classified.  Exposed so the tests can pin the grammar down.
struct FtraceLine {
	LineKind kind = LineKind::other;
	Event event{};           // kind == event: all but seq, line and sym
	std::string_view symbol; // kind == event, enters: the callback (views the line)
	std::string_view task;   // kind == event: TASK of TASK-PID
	uint32_t pid = 0;
	bool has_entries = false; // kind == comment: the entries-in-buffer/entries-written header
	uint64_t entries_in_buffer = 0;
	uint64_t entries_written = 0;
	int32_t lost_cpu = -1; // kind == lost
	uint64_t lost_count = 0;
	std::string error; // kind == error
};

FtraceLine parse_ftrace_line(std::string_view line);

class FtraceTextReader final : public TraceReader {
public:
	std::string_view format() const override { return "ftrace"; }
	std::optional<InputError> read(std::istream &in, std::string_view source, Trace &out) const override;
};

// Conveniences over FtraceTextReader.
std::optional<InputError> read_ftrace_file(const std::string &path, Trace &out);
std::optional<InputError> read_ftrace_text(std::string_view text, std::string_view source, Trace &out);

} // namespace hpsmctl::audit

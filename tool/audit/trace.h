// A trace as the engine reads it, whatever it came from, and the seam for
// readers: ftrace text today, hpsm's JSON trace (`hpsmctl trace --json`) and
// the netlink dump later.  A reader fills a Trace or says which line of its
// input is bad; it never throws for bad input.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/event.h"
#include "audit/symbols.h"

namespace hpsmctl::audit {

// Bad input: exit code 2, and the user is told where.
struct InputError {
	std::string source;
	uint32_t line = 0; // 1-based; 0 when the error is not about one line
	std::string message;

	std::string to_string() const;
};

// Records the source itself says it lost (ftrace's "CPU:N [LOST M EVENTS]").
struct Loss {
	uint32_t line = 0;
	int32_t cpu = -1;
	uint64_t count = 0;
	uint64_t before_seq = 0; // seq of the first event after the loss
	std::string note;        // what the source said, e.g. "ring overwritten before it was read"
};

struct Trace {
	std::string source; // path or "<stdin>"
	std::string format; // "ftrace", "hpsm-json", "netlink"
	std::vector<Event> events;
	SymbolTable symbols;
	uint32_t lines = 0;

	// ftrace's "# entries-in-buffer/entries-written: A/B": A < B means the
	// ring buffer overwrote B - A records before the trace was read.
	bool has_entries_header = false;
	uint64_t entries_in_buffer = 0;
	uint64_t entries_written = 0;
	uint32_t entries_line = 0;

	std::vector<Loss> losses;

	// Kernel state names the records themselves carry (hpsm's records are
	// named from sysfs when they are printed); empty for ftrace text.
	std::map<int32_t, std::string> state_names;
};

class TraceReader {
public:
	virtual ~TraceReader() = default;
	virtual std::string_view format() const = 0;
	// Appends to out (which starts empty); source names the input in messages.
	virtual std::optional<InputError> read(std::istream &in, std::string_view source, Trace &out) const = 0;
};

// Opens path ("-" is stdin) and runs reader over it.
std::optional<InputError> read_trace_file(const TraceReader &reader, const std::string &path, Trace &out);

} // namespace hpsmctl::audit

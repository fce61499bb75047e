// One print call per field emits either a text cell or a JSON member, so the
// two outputs cannot drift (iproute2's print_*(PRINT_ANY, key, fmt, val)).
//
// A command declares its fields once, {JSON key, text label, column width},
// then prints each record field by field.  The layouts:
//
//   table         text: a table (header line, one line per record).
//                 JSON: one top-level array of records (iproute2 -j).
//   lines         text: "label value" lines.  JSON: one object.
//   line_records  text: "label value" lines, a blank line between records.
//                 JSON: one top-level array of records.
//   stream        text: a table whose header is written at once and whose
//                 rows are written as they come.  JSON: one object per line
//                 (NDJSON, never pretty-printed), for output that never ends.
//
// JSON documents (table, lines, line_records) are written by finish() only,
// so a failing command never leaves half a JSON document behind.  A listing
// may hold records of several kinds: next_table() switches to another field
// list; text starts a new table after a blank line, JSON goes on in the same
// array (each kind of record then says what it is in a json_only "type").
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace hpsmctl {

struct OutputFormat {
	bool json = false;
	bool pretty = false;
};

enum class Layout { table, lines, line_records, stream };

struct Field {
	std::string_view key;   // JSON member name
	std::string_view label; // table header or line label
	int width = 0;          // minimum text column width
	bool json_only = false; // no text column (e.g. the "type" of a record)
	bool word = false;      // text: one word for awk (blanks become '_', empty is "-")
};

// Members keep the declared field order, as iproute2's JSON does.
using Json = nlohmann::ordered_json;

struct Hex { // a mask: "0x…" in both outputs, as iproute2's print_0xhex
	uint64_t value;
};
struct Duration { // text: 950ns, 12.3us, 4.56ms; JSON: the integer ns
	uint64_t ns;
};
struct OnOff { // text: on/off; JSON: true/false
	bool on;
};
struct JsonValue { // JSON: the value as is; text: its compact JSON
	Json value;
};
struct Absent { // text "-", and no JSON member
};
using Value = std::variant<Absent, uint64_t, int64_t, bool, std::string, Hex, Duration, OnOff, JsonValue>;

std::string to_text(const Value &v);
Json to_json(const Value &v); // null for Absent

// Nanoseconds with three significant digits and a unit: 950ns, 1.00us,
// 12.3us, 123us, 4.56ms, 1.50s; whole seconds from 1000s on.
std::string human_ns(uint64_t ns);

// Any integer as the Value alternative of its signedness.
template <typename T> Value integer(T v)
{
	static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
	if constexpr (std::is_signed_v<T>)
		return static_cast<int64_t>(v);
	else
		return static_cast<uint64_t>(v);
}

class Printer {
      public:
	Printer(std::ostream &out, OutputFormat format, Layout layout, std::span<const Field> fields);

	void begin_record();
	void print(std::string_view key, const Value &v);
	template <typename T> void print(std::string_view key, const std::optional<T> &v)
	{
		if (!v)
			print(key, Value(Absent{}));
		else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
			print(key, integer(*v));
		else
			print(key, Value(*v));
	}
	void end_record();
	// The following records have these fields (see the top of this file).
	void next_table(std::span<const Field> fields);
	// Text and NDJSON: push out what was printed (a pipe reader waits for it).
	void flush();
	void finish();
	bool json() const { return format_.json; }

      private:
	size_t index(std::string_view key) const;
	std::string cell_text(size_t i) const;
	void write_header();
	void write_row();
	void write_lines();

	std::ostream &out_;
	OutputFormat format_;
	Layout layout_;
	std::span<const Field> fields_;
	std::vector<std::optional<Value>> cells_;
	bool header_done_ = false;
	size_t records_ = 0;
	// The JSON document so far: records already serialised (far smaller than
	// a tree of them for a dump of 100 000 events), or the object of `lines`.
	std::string body_;
	Json object_;
};

} // namespace hpsmctl

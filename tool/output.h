// One print call per field emits either a text cell or a JSON member, so the
// two outputs cannot drift (iproute2's print_*(PRINT_ANY, key, fmt, val)).
//
// A command declares its fields once, {JSON key, text label, column width},
// then prints each record field by field.  Text output is a table (header
// line, one line per record) or, for single-record commands, "label value"
// lines.  JSON output is one top-level array of records (iproute2 -j) or one
// object, written by finish() only, so a failing command never leaves half
// a JSON document behind.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace hpsmctl {

struct OutputFormat {
	bool json = false;
	bool pretty = false;
};

enum class Layout { table, lines };

struct Field {
	std::string_view key;   // JSON member name
	std::string_view label; // table header or line label
	int width = 0;          // minimum text column width
};

struct Hex { // a mask: "0x…" in both outputs, as iproute2's print_0xhex
	uint64_t value;
};
struct Absent { // text "-", and no JSON member
};
using Value = std::variant<Absent, uint64_t, bool, std::string, Hex>;

// Members keep the declared field order, as iproute2's JSON does.
using Json = nlohmann::ordered_json;

std::string to_text(const Value &v);
Json to_json(const Value &v); // null for Absent

class Printer {
      public:
	Printer(std::ostream &out, OutputFormat format, Layout layout, std::span<const Field> fields);

	void begin_record();
	void print(std::string_view key, const Value &v);
	template <typename T> void print(std::string_view key, const std::optional<T> &v)
	{
		print(key, v ? Value(*v) : Value(Absent{}));
	}
	void end_record();
	void finish();

      private:
	size_t index(std::string_view key) const;
	void write_header();
	void write_row();

	std::ostream &out_;
	OutputFormat format_;
	Layout layout_;
	std::span<const Field> fields_;
	std::vector<std::optional<Value>> cells_;
	bool header_done_ = false;
	Json doc_;
};

} // namespace hpsmctl

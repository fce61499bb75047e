#include "output.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace hpsmctl {

namespace {

constexpr int json_indent = 4; // iproute2's -p

template <class... F> struct Overload : F... {
	using F::operator()...;
};

std::string hex(uint64_t v)
{
	char buf[2 + 16 + 1];
	std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));
	return buf;
}

std::string pad(std::string s, int width)
{
	if (static_cast<int>(s.size()) < width)
		s.resize(width, ' ');
	return s;
}

// One whitespace-free word, so that awk's fields stay the table's columns.
std::string as_word(std::string s)
{
	for (char &c : s)
		if (std::isspace(static_cast<unsigned char>(c)))
			c = '_';
	return s.empty() ? "-" : s;
}

// Every line of a pretty-printed record one level deeper, as nlohmann's own
// dump() indents the members of an array.
std::string indented(const std::string &text)
{
	std::string out(json_indent, ' ');
	for (char c : text) {
		out += c;
		if (c == '\n')
			out.append(json_indent, ' ');
	}
	return out;
}

// nlohmann's dump() throws on a string that is not UTF-8; a name from the
// kernel must never make the output fail, so such bytes become U+FFFD.
std::string dump(const Json &j, int indent = -1)
{
	return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// A string as a JSON string, as dump() writes it: plain ASCII is copied, the
// rest (escapes, control characters, UTF-8) goes through nlohmann.
void append_json_string(std::string &out, std::string_view s)
{
	for (char c : s)
		if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
			out += dump(Json(std::string(s)));
			return;
		}
	out += '"';
	out += s;
	out += '"';
}

// One value in compact JSON, the same text dump() makes of to_json(v).
void append_json(std::string &out, const Value &v)
{
	std::visit(Overload{
	               [&](Absent) { out += "null"; },
	               [&](uint64_t n) { out += std::to_string(n); },
	               [&](int64_t n) { out += std::to_string(n); },
	               [&](bool b) { out += b ? "true" : "false"; },
	               [&](const std::string &str) { append_json_string(out, str); },
	               [&](Hex h) { append_json_string(out, hex(h.value)); },
	               [&](Duration d) { out += std::to_string(d.ns); },
	               [&](OnOff o) { out += o.on ? "true" : "false"; },
	               [&](const JsonValue &j) { out += dump(j.value); },
	           },
	           v);
}

} // namespace

std::string to_text(const Value &v)
{
	return std::visit(Overload{
	                      [](Absent) { return std::string("-"); },
	                      [](uint64_t n) { return std::to_string(n); },
	                      [](int64_t n) { return std::to_string(n); },
	                      [](bool b) { return std::string(b ? "yes" : "no"); },
	                      [](const std::string &s) { return s; },
	                      [](Hex h) { return hex(h.value); },
	                      [](Duration d) { return human_ns(d.ns); },
	                      [](OnOff o) { return std::string(o.on ? "on" : "off"); },
	                      [](const JsonValue &j) { return dump(j.value); },
	                  },
	                  v);
}

Json to_json(const Value &v)
{
	return std::visit(Overload{
	                      [](Absent) { return Json(); },
	                      [](uint64_t n) { return Json(n); },
	                      [](int64_t n) { return Json(n); },
	                      [](bool b) { return Json(b); },
	                      [](const std::string &s) { return Json(s); },
	                      [](Hex h) { return Json(hex(h.value)); },
	                      [](Duration d) { return Json(d.ns); },
	                      [](OnOff o) { return Json(o.on); },
	                      [](const JsonValue &j) { return j.value; },
	                  },
	                  v);
}

std::string human_ns(uint64_t ns)
{
	if (ns < 1000)
		return std::to_string(ns) + "ns";
	struct Unit {
		uint64_t scale;
		const char *name;
	};
	constexpr std::array<Unit, 3> units{{{1000, "us"}, {1000000, "ms"}, {1000000000, "s"}}};
	constexpr uint64_t pow10[] = {1, 10, 100};

	for (size_t u = 0; u < units.size(); u++) {
		bool last = u + 1 == units.size();
		if (!last && ns >= units[u + 1].scale)
			continue;
		uint64_t whole = ns / units[u].scale;
		int decimals = whole < 10 ? 2 : whole < 100 ? 1 : 0;
		for (;;) {
			uint64_t div = units[u].scale / pow10[decimals];
			uint64_t q = ns / div + (ns % div * 2 >= div ? 1 : 0); // half up
			if (q >= 1000 && !(last && decimals == 0)) {
				if (decimals == 0)
					break; // 999.7us is 1.00ms
				decimals--;
				continue;
			}
			std::string text = std::to_string(q / pow10[decimals]);
			if (decimals) {
				std::string frac = std::to_string(q % pow10[decimals]);
				text += '.' + std::string(decimals - frac.size(), '0') + frac;
			}
			return text + units[u].name;
		}
	}
	return std::to_string(ns) + "ns"; // not reached
}

Printer::Printer(std::ostream &out, OutputFormat format, Layout layout, std::span<const Field> fields)
    : out_(out), format_(format), layout_(layout), fields_(fields), cells_(fields.size()), object_(Json::object())
{
	if (layout_ == Layout::stream && !format_.json)
		write_header(); // a reader of a pipe learns the columns at once
}

size_t Printer::index(std::string_view key) const
{
	for (size_t i = 0; i < fields_.size(); i++)
		if (fields_[i].key == key)
			return i;
	throw std::logic_error("output field not declared: " + std::string(key));
}

void Printer::begin_record()
{
	cells_.assign(fields_.size(), std::nullopt);
}

void Printer::print(std::string_view key, const Value &v)
{
	cells_[index(key)] = v;
}

void Printer::end_record()
{
	records_++;
	if (!format_.json) {
		if (layout_ == Layout::lines || layout_ == Layout::line_records)
			write_lines();
		else
			write_row();
		return;
	}
	if (layout_ == Layout::lines || (format_.pretty && layout_ != Layout::stream)) {
		Json record = Json::object();
		for (size_t i = 0; i < fields_.size(); i++)
			if (cells_[i] && !std::holds_alternative<Absent>(*cells_[i]))
				record[std::string(fields_[i].key)] = to_json(*cells_[i]);
		if (layout_ == Layout::lines) {
			object_ = std::move(record);
			return;
		}
		if (!body_.empty())
			body_ += ",\n";
		body_ += indented(dump(record, json_indent));
		return;
	}
	// Compact records are written straight to text, without a tree: the
	// cost of `trace --json` on a dump of 100 000 events is mostly here.
	std::string record = "{";
	for (size_t i = 0; i < fields_.size(); i++) {
		if (!cells_[i] || std::holds_alternative<Absent>(*cells_[i]))
			continue;
		if (record.size() > 1)
			record += ',';
		append_json_string(record, fields_[i].key);
		record += ':';
		append_json(record, *cells_[i]);
	}
	record += '}';
	if (layout_ == Layout::stream) {
		out_ << record << '\n';
		return;
	}
	if (!body_.empty())
		body_ += ',';
	body_ += record;
}

void Printer::next_table(std::span<const Field> fields)
{
	if (layout_ == Layout::lines)
		throw std::logic_error("a lines layout holds one record");
	bool text_table = !format_.json && (layout_ == Layout::table || layout_ == Layout::stream);
	if (text_table) {
		write_header(); // an empty table still says what it would hold
		out_ << '\n';
	}
	fields_ = fields;
	cells_.assign(fields_.size(), std::nullopt);
	header_done_ = false;
	if (text_table && layout_ == Layout::stream)
		write_header();
}

void Printer::flush()
{
	out_.flush();
}

void Printer::finish()
{
	if (format_.json) {
		switch (layout_) {
		case Layout::lines:
			out_ << dump(object_, format_.pretty ? json_indent : -1) << '\n';
			break;
		case Layout::table:
		case Layout::line_records:
			if (body_.empty())
				out_ << "[]\n";
			else if (format_.pretty)
				out_ << "[\n" << body_ << "\n]\n";
			else
				out_ << '[' << body_ << "]\n";
			break;
		case Layout::stream:
			break;
		}
	} else if (layout_ == Layout::table) {
		write_header(); // an empty table still says what it would hold
	}
	out_.flush();
}

std::string Printer::cell_text(size_t i) const
{
	std::string text = to_text(cells_[i].value_or(Absent{}));
	return fields_[i].word ? as_word(std::move(text)) : text;
}

void Printer::write_header()
{
	if (header_done_)
		return;
	header_done_ = true;
	std::string line;
	for (size_t i = 0; i < fields_.size(); i++) {
		if (fields_[i].json_only)
			continue;
		if (!line.empty())
			line += ' ';
		line += pad(std::string(fields_[i].label), fields_[i].width);
	}
	while (!line.empty() && line.back() == ' ')
		line.pop_back();
	out_ << line << '\n';
}

// Fields never printed show as "-", like absent ones.
void Printer::write_row()
{
	write_header();
	std::string line;
	bool first = true;
	for (size_t i = 0; i < fields_.size(); i++) {
		if (fields_[i].json_only)
			continue;
		if (!first)
			line += ' ';
		first = false;
		line += pad(cell_text(i), fields_[i].width);
	}
	while (!line.empty() && line.back() == ' ')
		line.pop_back();
	out_ << line << '\n';
}

void Printer::write_lines()
{
	if (layout_ == Layout::line_records && records_ > 1)
		out_ << '\n';
	for (size_t i = 0; i < fields_.size(); i++)
		if (!fields_[i].json_only && cells_[i] && !std::holds_alternative<Absent>(*cells_[i]))
			out_ << fields_[i].label << ' ' << cell_text(i) << '\n';
}

} // namespace hpsmctl

#include "output.h"

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

} // namespace

std::string to_text(const Value &v)
{
	return std::visit(Overload{
	                      [](Absent) { return std::string("-"); },
	                      [](uint64_t n) { return std::to_string(n); },
	                      [](bool b) { return std::string(b ? "yes" : "no"); },
	                      [](const std::string &s) { return s; },
	                      [](Hex h) { return hex(h.value); },
	                  },
	                  v);
}

Json to_json(const Value &v)
{
	return std::visit(Overload{
	                      [](Absent) { return Json(); },
	                      [](uint64_t n) { return Json(n); },
	                      [](bool b) { return Json(b); },
	                      [](const std::string &s) { return Json(s); },
	                      [](Hex h) { return Json(hex(h.value)); },
	                  },
	                  v);
}

Printer::Printer(std::ostream &out, OutputFormat format, Layout layout, std::span<const Field> fields)
    : out_(out), format_(format), layout_(layout), fields_(fields), cells_(fields.size()),
      doc_(layout == Layout::table ? Json::array() : Json::object())
{
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
	if (!format_.json) {
		write_row();
		return;
	}
	Json record = Json::object();
	for (size_t i = 0; i < fields_.size(); i++)
		if (cells_[i] && !std::holds_alternative<Absent>(*cells_[i]))
			record[std::string(fields_[i].key)] = to_json(*cells_[i]);
	if (layout_ == Layout::table)
		doc_.push_back(std::move(record));
	else
		doc_ = std::move(record);
}

void Printer::finish()
{
	if (format_.json) {
		out_ << doc_.dump(format_.pretty ? json_indent : -1) << '\n';
		return;
	}
	if (layout_ == Layout::table)
		write_header(); // an empty table still says what it would hold
	out_.flush();
}

void Printer::write_header()
{
	if (header_done_)
		return;
	header_done_ = true;
	std::string line;
	for (size_t i = 0; i < fields_.size(); i++)
		line += i + 1 < fields_.size() ? pad(std::string(fields_[i].label), fields_[i].width) + ' '
		                               : std::string(fields_[i].label);
	out_ << line << '\n';
}

// Fields never printed show as "-", like absent ones.
void Printer::write_row()
{
	if (layout_ == Layout::lines) {
		for (size_t i = 0; i < fields_.size(); i++)
			if (cells_[i] && !std::holds_alternative<Absent>(*cells_[i]))
				out_ << fields_[i].label << ' ' << to_text(*cells_[i]) << '\n';
		return;
	}
	write_header();
	std::string line;
	for (size_t i = 0; i < fields_.size(); i++) {
		std::string cell = to_text(cells_[i].value_or(Absent{}));
		line += i + 1 < fields_.size() ? pad(cell, fields_[i].width) + ' ' : cell;
	}
	out_ << line << '\n';
}

} // namespace hpsmctl

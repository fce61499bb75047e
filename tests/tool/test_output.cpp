// One print call, two outputs: the text table and the JSON array must carry
// the same content, record by record and field by field.
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "output.h"

namespace hpsmctl {
namespace {

constexpr Field fields[] = {
    {"cpu", "CPU", 4},          {"online", "ONLINE", 6}, {"reached", "REACHED", 9},
    {"up_mask", "UP-MASK", 18}, {"state", "STATE"},
};

struct Row {
	Value cpu, online, reached, up_mask, state;
};

const std::vector<Row> rows = {
    {uint64_t{0}, true, std::string("online"), Hex{0x7}, uint64_t{45}},
    {uint64_t{1}, false, std::string("offline"), Hex{0}, Absent{}},
    {uint64_t{4095}, true, std::string("sync_down"), Hex{~uint64_t{0}}, uint64_t{0}},
};

// Prints the rows with the fields in a different order than declared, as a
// command is free to.
std::string render(OutputFormat format)
{
	std::ostringstream out;
	Printer p(out, format, Layout::table, fields);
	for (const Row &r : rows) {
		p.begin_record();
		p.print("state", r.state);
		p.print("cpu", r.cpu);
		p.print("online", r.online);
		p.print("reached", r.reached);
		p.print("up_mask", r.up_mask);
		p.end_record();
	}
	p.finish();
	return out.str();
}

std::vector<std::vector<std::string>> split_table(const std::string &text)
{
	std::vector<std::vector<std::string>> table;
	std::istringstream lines(text);
	for (std::string line; std::getline(lines, line);) {
		std::istringstream words(line);
		table.emplace_back();
		for (std::string w; words >> w;)
			table.back().push_back(w);
	}
	return table;
}

// Written independently of to_text() so the test does not check it against itself.
std::string json_as_text(const nlohmann::json &j)
{
	if (j.is_boolean())
		return j.get<bool>() ? "yes" : "no";
	if (j.is_number_unsigned())
		return std::to_string(j.get<uint64_t>());
	return j.get<std::string>();
}

TEST(Output, TextAndJsonCarryTheSameContent)
{
	auto text = split_table(render({}));
	auto json = nlohmann::json::parse(render({.json = true}));

	ASSERT_TRUE(json.is_array());
	ASSERT_EQ(json.size(), rows.size());
	ASSERT_EQ(text.size(), rows.size() + 1);
	EXPECT_EQ(text[0], (std::vector<std::string>{"CPU", "ONLINE", "REACHED", "UP-MASK", "STATE"}));
	for (size_t r = 0; r < rows.size(); r++) {
		ASSERT_EQ(text[r + 1].size(), std::size(fields));
		for (size_t f = 0; f < std::size(fields); f++) {
			std::string key(fields[f].key);
			std::string cell = text[r + 1][f];
			if (json[r].contains(key))
				EXPECT_EQ(json_as_text(json[r][key]), cell) << key;
			else
				EXPECT_EQ(cell, "-") << key;
		}
	}
}

TEST(Output, TextTableLayout)
{
	EXPECT_EQ(render({}), "CPU  ONLINE REACHED   UP-MASK            STATE\n"
	                      "0    yes    online    0x7                45\n"
	                      "1    no     offline   0x0                -\n"
	                      "4095 yes    sync_down 0xffffffffffffffff 0\n");
}

TEST(Output, JsonIsOneArrayOfRecords)
{
	EXPECT_EQ(render({.json = true}),
	          R"([{"cpu":0,"online":true,"reached":"online","up_mask":"0x7","state":45},)"
	          R"({"cpu":1,"online":false,"reached":"offline","up_mask":"0x0"},)"
	          R"({"cpu":4095,"online":true,"reached":"sync_down","up_mask":"0xffffffffffffffff","state":0}])"
	          "\n");
}

TEST(Output, PrettyJsonIsTheSameDocument)
{
	std::string pretty = render({.json = true, .pretty = true});
	EXPECT_NE(pretty.find("\n    {"), std::string::npos) << pretty;
	EXPECT_EQ(nlohmann::json::parse(pretty), nlohmann::json::parse(render({.json = true})));
}

TEST(Output, EmptyListing)
{
	std::ostringstream text, json;
	Printer(text, {}, Layout::table, fields).finish();
	Printer(json, {.json = true}, Layout::table, fields).finish();
	EXPECT_EQ(text.str(), "CPU  ONLINE REACHED   UP-MASK            STATE\n");
	EXPECT_EQ(json.str(), "[]\n");
}

TEST(Output, LinesLayoutForOneRecord)
{
	constexpr Field version_fields[] = {{"hpsmctl", "hpsmctl"}, {"family_version", "hpsm family version"}};
	for (bool loaded : {true, false}) {
		std::ostringstream text, json;
		for (auto [out, format] :
		     {std::pair<std::ostream *, OutputFormat>{&text, {}}, {&json, {.json = true}}}) {
			Printer p(*out, format, Layout::lines, version_fields);
			p.begin_record();
			p.print("hpsmctl", std::string("0.1.0"));
			p.print("family_version", loaded ? Value(uint64_t{1}) : Value(Absent{}));
			p.end_record();
			p.finish();
		}
		EXPECT_EQ(text.str(), loaded ? "hpsmctl 0.1.0\nhpsm family version 1\n" : "hpsmctl 0.1.0\n");
		EXPECT_EQ(json.str(),
		          loaded ? "{\"hpsmctl\":\"0.1.0\",\"family_version\":1}\n" : "{\"hpsmctl\":\"0.1.0\"}\n");
	}
}

TEST(Output, OptionalPrintsAbsentAsDash)
{
	std::ostringstream out;
	constexpr Field f[] = {{"a", "A", 2}, {"b", "B"}};
	Printer p(out, {}, Layout::table, f);
	p.begin_record();
	p.print("a", std::optional<uint32_t>{});
	p.print("b", std::optional<std::string>{"x"});
	p.end_record();
	p.finish();
	EXPECT_EQ(out.str(), "A  B\n-  x\n");
}

TEST(Output, UndeclaredFieldIsAProgrammingError)
{
	std::ostringstream out;
	Printer p(out, {}, Layout::table, fields);
	p.begin_record();
	EXPECT_THROW(p.print("nope", uint64_t{1}), std::logic_error);
}

// Pretty JSON built record by record is byte for byte nlohmann's own.
TEST(Output, PrettyJsonIsNlohmannsFormat)
{
	std::string pretty = render({.json = true, .pretty = true});
	EXPECT_EQ(pretty, nlohmann::ordered_json::parse(render({.json = true})).dump(4) + "\n");
}

// Compact records are written without nlohmann: the text must be the same
// as its dump() of the same record, escapes and all.
TEST(Output, CompactJsonIsNlohmannsDump)
{
	constexpr Field f[] = {{"s", "S"}, {"n", "N"}, {"i", "I"}, {"h", "H"}, {"d", "D"}, {"o", "O"}, {"j", "J"}};
	const std::string strings[] = {"plain", "quote \" and \\ backslash", "tab\tnew\nline\x01\x1f\x7f",
	                               "utf-8: \xc3\xa9\xe2\x82\xac", ""};
	for (const std::string &str : strings) {
		std::ostringstream out;
		Printer p(out, {.json = true}, Layout::table, f);
		p.begin_record();
		p.print("s", str);
		p.print("n", ~uint64_t{0});
		p.print("i", int64_t{-9223372036854775807 - 1});
		p.print("h", Hex{0xabc});
		p.print("d", Duration{12345});
		p.print("o", OnOff{true});
		p.print("j", JsonValue{Json{{"x", Json::array({1, "y"})}}});
		p.end_record();
		p.finish();
		Json expected = Json::array({Json{{"s", str},
		                                  {"n", ~uint64_t{0}},
		                                  {"i", int64_t{-9223372036854775807 - 1}},
		                                  {"h", "0xabc"},
		                                  {"d", 12345},
		                                  {"o", true},
		                                  {"j", Json{{"x", Json::array({1, "y"})}}}}});
		EXPECT_EQ(out.str(), expected.dump() + "\n") << str;
	}
}

// A name that is not UTF-8 must not make the output fail.
TEST(Output, InvalidUtf8IsReplacedNotFatal)
{
	constexpr Field f[] = {{"s", "S"}};
	for (bool pretty : {false, true}) {
		std::ostringstream out;
		Printer p(out, {.json = true, .pretty = pretty}, Layout::table, f);
		p.begin_record();
		p.print("s", std::string("bad \xff byte"));
		p.end_record();
		p.finish();
		auto json = nlohmann::json::parse(out.str());
		EXPECT_EQ(json[0]["s"], "bad \xef\xbf\xbd byte");
	}
}

TEST(Output, HumanDurations)
{
	struct Case {
		uint64_t ns;
		const char *text;
	};
	const Case cases[] = {
	    {0, "0ns"},           {1, "1ns"},           {950, "950ns"},        {999, "999ns"},
	    {1000, "1.00us"},     {1004, "1.00us"},     {1005, "1.01us"},      {9994, "9.99us"},
	    {9995, "10.0us"},     {12345, "12.3us"},    {12350, "12.4us"},     {99949, "99.9us"},
	    {99950, "100us"},     {123456, "123us"},    {999499, "999us"},     {999500, "1.00ms"},
	    {4560000, "4.56ms"},  {98304, "98.3us"},    {1099999, "1.10ms"},   {999500000, "1.00s"},
	    {1500000000, "1.50s"}, {59999999999, "60.0s"}, {999400000000, "999s"}, {999500000000, "1000s"},
	    {123456000000000, "123456s"}, {~uint64_t{0}, "18446744074s"},
	};
	for (const Case &c : cases)
		EXPECT_EQ(human_ns(c.ns), c.text) << c.ns;
}

TEST(Output, ValuesOfEveryKind)
{
	EXPECT_EQ(to_text(int64_t{-22}), "-22");
	EXPECT_EQ(to_json(int64_t{-22}), Json(-22));
	EXPECT_EQ(to_text(Duration{12345}), "12.3us");
	EXPECT_EQ(to_json(Duration{12345}), Json(12345));
	EXPECT_EQ(to_text(OnOff{true}), "on");
	EXPECT_EQ(to_text(OnOff{false}), "off");
	EXPECT_EQ(to_json(OnOff{false}), Json(false));
	Json list = Json::array({1, 2});
	EXPECT_EQ(to_text(JsonValue{list}), "[1,2]");
	EXPECT_EQ(to_json(JsonValue{list}), list);
	EXPECT_EQ(to_json(integer(uint32_t{7})), Json(7u));
	EXPECT_EQ(to_json(integer(int32_t{-7})), Json(-7));
}

constexpr Field typed_fields[] = {
    {"type", "TYPE", 0, true},
    {"seq", "SEQ", 4},
    {"name", "NAME", 6, false, true},
    {"ret", "RET"},
};

std::string render_typed(OutputFormat format, Layout layout)
{
	std::ostringstream out;
	Printer p(out, format, layout, typed_fields);
	p.begin_record();
	p.print("type", std::string("event"));
	p.print("seq", uint64_t{1});
	p.print("name", std::string("a b\tc"));
	p.print("ret", std::optional<int32_t>{-5});
	p.end_record();
	p.begin_record();
	p.print("type", std::string("event"));
	p.print("seq", uint64_t{2});
	p.print("name", std::string(""));
	p.end_record();
	p.finish();
	return out.str();
}

TEST(Output, JsonOnlyAndWordFields)
{
	EXPECT_EQ(render_typed({}, Layout::table), "SEQ  NAME   RET\n"
	                                           "1    a_b_c  -5\n"
	                                           "2    -      -\n");
	EXPECT_EQ(render_typed({.json = true}, Layout::table),
	          R"([{"type":"event","seq":1,"name":"a b\tc","ret":-5},{"type":"event","seq":2,"name":""}])"
	          "\n");
}

TEST(Output, StreamWritesAsItGoes)
{
	std::ostringstream out;
	Printer p(out, {}, Layout::stream, typed_fields);
	EXPECT_EQ(out.str(), "SEQ  NAME   RET\n"); // at once, before any record
	p.begin_record();
	p.print("seq", uint64_t{1});
	p.end_record();
	EXPECT_EQ(out.str(), "SEQ  NAME   RET\n1    -      -\n");

	std::ostringstream json;
	Printer j(json, {.json = true, .pretty = true}, Layout::stream, typed_fields);
	EXPECT_EQ(json.str(), "");
	j.begin_record();
	j.print("seq", uint64_t{1});
	j.end_record();
	EXPECT_EQ(json.str(), "{\"seq\":1}\n"); // NDJSON: one line, never pretty
	j.finish();
	EXPECT_EQ(json.str(), "{\"seq\":1}\n");
}

TEST(Output, NextTableStartsANewTextTableAndContinuesTheJsonArray)
{
	constexpr Field second[] = {{"type", "", 0, true}, {"state", "STATE", 6}, {"sym", "SYM"}};
	for (bool json : {false, true}) {
		std::ostringstream out;
		Printer p(out, {.json = json}, Layout::table, typed_fields);
		p.next_table(second); // the first table stays empty: its header still shows
		p.begin_record();
		p.print("type", std::string("kernel_state"));
		p.print("state", uint64_t{4});
		p.print("sym", std::string("f"));
		p.end_record();
		p.finish();
		EXPECT_EQ(out.str(), json ? "[{\"type\":\"kernel_state\",\"state\":4,\"sym\":\"f\"}]\n"
		                          : "SEQ  NAME   RET\n\nSTATE  SYM\n4      f\n");
	}
}

TEST(Output, LineRecordsAreBlankLineSeparatedAndAJsonArray)
{
	constexpr Field f[] = {{"a", "alpha"}, {"b", "beta"}};
	for (bool json : {false, true}) {
		std::ostringstream out;
		Printer p(out, {.json = json}, Layout::line_records, f);
		for (uint64_t i : {1, 2}) {
			p.begin_record();
			p.print("a", i);
			p.print("b", i == 1 ? Value(OnOff{true}) : Value(Absent{}));
			p.end_record();
		}
		p.finish();
		EXPECT_EQ(out.str(), json ? "[{\"a\":1,\"b\":true},{\"a\":2}]\n" : "alpha 1\nbeta on\n\nalpha 2\n");
	}
}

} // namespace
} // namespace hpsmctl

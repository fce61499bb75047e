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

} // namespace
} // namespace hpsmctl

// What `hpsmctl cpus` and `hpsmctl sections` print for given records: the
// table for people and the JSON the test box and scripts parse.
#include <sstream>

#include <gtest/gtest.h>
#include <uapi/hpsm.h>

#include "command.h"

namespace hpsmctl {
namespace {

const nl::CpuRecord cpus[] = {
    {0, true, HPSM_SEC_ONLINE, 0x7},
    {1, false, HPSM_SEC_OFFLINE, 0},
    {2, true, HPSM_SEC_SYNC_UP, 0x3},
};

const nl::SectionRecord sections[] = {
    {HPSM_SEC_OFFLINE, "offline", HPSM_SECKIND_START, {}, {}},
    {HPSM_SEC_PREP_HW, "prep_hw", HPSM_SECKIND_PREP, 45, "hpsm:prep_hw"},
    {HPSM_SEC_SYNC_UP, "sync", HPSM_SECKIND_SYNC, {}, {}},
    {HPSM_SEC_INIT_HW, "init_hw", HPSM_SECKIND_AP, 187, "hpsm:init_hw"},
    {HPSM_SEC_SYNC_DOWN, "sync", HPSM_SECKIND_SYNC, {}, {}},
    {HPSM_SEC_SCHED, "sched", HPSM_SECKIND_KERNEL, {}, {}},
};

template <typename F> std::string capture(OutputFormat format, F &&print)
{
	std::ostringstream out, err;
	Options opt{format, false};
	Context ctx{opt, {out, err}};
	print(ctx);
	EXPECT_EQ(err.str(), "");
	return out.str();
}

TEST(Commands, CpusTable)
{
	EXPECT_EQ(capture({}, [](Context &c) { print_cpus(c, cpus); }), "CPU  ONLINE REACHED      UP-MASK\n"
	                                                                "0    yes    online       0x7\n"
	                                                                "1    no     offline      0x0\n"
	                                                                "2    yes    sync_up      0x3\n");
}

TEST(Commands, CpusJson)
{
	EXPECT_EQ(capture({.json = true}, [](Context &c) { print_cpus(c, cpus); }),
	          R"([{"cpu":0,"online":true,"reached":"online","up_mask":"0x7"},)"
	          R"({"cpu":1,"online":false,"reached":"offline","up_mask":"0x0"},)"
	          R"({"cpu":2,"online":true,"reached":"sync_up","up_mask":"0x3"}])"
	          "\n");
}

TEST(Commands, SectionsTable)
{
	EXPECT_EQ(capture({}, [](Context &c) { print_sections(c, sections); }),
	          "ID           SECTION      KIND   STATE NAME\n"
	          "offline      offline      start  -     -\n"
	          "prep_hw      prep_hw      prep   45    hpsm:prep_hw\n"
	          "sync_up      sync         sync   -     -\n"
	          "init_hw      init_hw      ap     187   hpsm:init_hw\n"
	          "sync_down    sync         sync   -     -\n"
	          "sched        sched        kernel -     -\n");
}

TEST(Commands, SectionsJsonOmitsAbsentState)
{
	auto json = nlohmann::json::parse(capture({.json = true}, [](Context &c) { print_sections(c, sections); }));
	ASSERT_EQ(json.size(), std::size(sections));
	EXPECT_EQ(json[1], nlohmann::json::parse(R"({"id":"prep_hw","section":"prep_hw","kind":"prep","state":45,)"
	                                         R"("state_name":"hpsm:prep_hw"})"));
	EXPECT_EQ(json[2], nlohmann::json::parse(R"({"id":"sync_up","section":"sync","kind":"sync"})"));
	EXPECT_EQ(json[4]["id"], "sync_down");
}

TEST(Commands, EmptyDumps)
{
	EXPECT_EQ(capture({.json = true}, [](Context &c) { print_cpus(c, {}); }), "[]\n");
	EXPECT_EQ(capture({}, [](Context &c) { print_sections(c, {}); }),
	          "ID           SECTION      KIND   STATE NAME\n");
}

} // namespace
} // namespace hpsmctl

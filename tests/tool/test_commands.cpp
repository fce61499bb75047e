// What `hpsmctl cpus` and `hpsmctl sections` print for given records: the
// table for people and the JSON the test box and scripts parse.
#include <sstream>

#include <gtest/gtest.h>
#include <uapi/hpsm.h>

#include "command.h"
#include "events.h"

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

// ---- states, stats, config, inject ------------------------------------------------

namespace hpsmctl {
namespace {

const nl::StateRecord states[] = {
    nl::CallbackRecord{0, "sample:buffers", HPSM_SEC_PREP_DATA, -10, 0, std::nullopt, true, true},
    nl::KernelStateRecord{1, "smpboot_create_threads", "smpboot_park_threads"},
    nl::CallbackRecord{5, "sample:enable", HPSM_SEC_ENABLE, 100, 0x1, "cleared lazily by the next user", true,
                       false},
    nl::KernelStateRecord{150, "cpu_online_fn", std::nullopt},
    nl::KernelStateRecord{151, std::nullopt, "takedown_cpu"},
};

const StateNames sysfs_names{{1, "threads:prepare"}, {150, "x86/cpu:online"}};

const nl::StatRecord stats[] = {
    {HPSM_SRC_KERNEL, 1, HPSM_DIR_UP, 12, 1200000, 95000, 4560000, 98304, 106496, 1099999, {{65536, 98304, 5}}},
    {HPSM_SRC_CALLBACK, 5, HPSM_DIR_ROLLBACK_DOWN, 1, 950, 950, 950, 950, 950, 950, {}},
    {HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_DIR_DOWN, 3, 36900, 12300, 12345, 12300, 12300, 12345, {}},
};

TEST(Commands, StatesTwoTables)
{
	EXPECT_EQ(capture({}, [](Context &c) { print_states(c, states, sysfs_names); }),
	          "ID  NAME                     SECTION      ORDER STARTUP TEARDOWN REASON\n"
	          "0   sample:buffers           prep_data    -10   yes     yes      -\n"
	          "5   sample:enable            enable       100   yes     no       cleared lazily by the next user\n"
	          "\n"
	          "STATE NAME                             STARTUP                          TEARDOWN\n"
	          "1     threads:prepare                  smpboot_create_threads           smpboot_park_threads\n"
	          "150   x86/cpu:online                   cpu_online_fn                    -\n"
	          "151   -                                -                                takedown_cpu\n");
}

TEST(Commands, StatesWithoutSysfsNamesAndEmpty)
{
	std::string text = capture({}, [](Context &c) { print_states(c, states, std::nullopt); });
	EXPECT_NE(text.find("\n1     -                                smpboot_create_threads"), std::string::npos) << text;
	EXPECT_EQ(capture({}, [](Context &c) { print_states(c, {}, sysfs_names); }),
	          "ID  NAME                     SECTION      ORDER STARTUP TEARDOWN REASON\n"
	          "\n"
	          "STATE NAME                             STARTUP                          TEARDOWN\n");
	EXPECT_EQ(capture({.json = true}, [](Context &c) { print_states(c, {}, std::nullopt); }), "[]\n");
}

TEST(Commands, StatesJsonIsOneArrayOfTypedRecords)
{
	auto json = nlohmann::json::parse(capture({.json = true}, [](Context &c) { print_states(c, states, sysfs_names); }));
	ASSERT_EQ(json.size(), std::size(states));
	EXPECT_EQ(json[0], nlohmann::json::parse(R"({"type":"callback","id":0,"name":"sample:buffers","section":"prep_data",
	          "order":-10,"flags":"0x0","startup":true,"teardown":true})"));
	EXPECT_EQ(json[1], nlohmann::json::parse(R"({"type":"callback","id":5,"name":"sample:enable","section":"enable",
	          "order":100,"flags":"0x1","startup":true,"teardown":false,"reason":"cleared lazily by the next user"})"));
	EXPECT_EQ(json[2], nlohmann::json::parse(R"({"type":"kernel_state","state":1,"name":"threads:prepare",
	          "startup_sym":"smpboot_create_threads","teardown_sym":"smpboot_park_threads"})"));
	EXPECT_EQ(json[4], nlohmann::json::parse(R"({"type":"kernel_state","state":151,"teardown_sym":"takedown_cpu"})"));
}

NameTables stat_names()
{
	NameTables names;
	names.state_names = sysfs_names;
	for (const nl::StateRecord &s : states)
		names.add(s);
	return names;
}

TEST(Commands, StatsTableWithHumanDurations)
{
	EXPECT_EQ(capture({}, [](Context &c) { print_stats(c, stats, stat_names()); }),
	          "KIND     SOURCE NAME                         DIR           COUNT   MIN     P50     P90     P99     MAX\n"
	          "kernel   1      threads:prepare              up            12      95.0us  98.3us  106us   1.10ms  4.56ms\n"
	          "callback 5      sample:enable                rollback-down 1       950ns   950ns   950ns   950ns   950ns\n"
	          "sync     4      sync_up                      down          3       12.3us  12.3us  12.3us  12.3us  12.3us\n");
}

TEST(Commands, StatsJsonHasRawNanosecondsAndBuckets)
{
	auto json = nlohmann::json::parse(capture({.json = true}, [](Context &c) { print_stats(c, stats, stat_names()); }));
	ASSERT_EQ(json.size(), std::size(stats));
	EXPECT_EQ(json[0], nlohmann::json::parse(R"({"kind":"kernel","source":1,"name":"threads:prepare",
	          "symbol":"smpboot_create_threads","dir":"up","count":12,"sum_ns":1200000,"min_ns":95000,
	          "p50_ns":98304,"p90_ns":106496,"p99_ns":1099999,"max_ns":4560000,
	          "buckets":[{"low":65536,"high":98304,"count":5}]})"));
	EXPECT_EQ(json[1]["buckets"], nlohmann::json::array());
	EXPECT_FALSE(json[1].contains("symbol"));
	EXPECT_EQ(capture({}, [](Context &c) { print_stats(c, {}, NameTables{}); }),
	          "KIND     SOURCE NAME                         DIR           COUNT   MIN     P50     P90     P99     MAX\n");
}

const nl::ConfigRecord config{true, 4096, 4, {233, 229, 229, 226, 219, 89, 109, 182, 222, 223}};

TEST(Commands, ConfigLines)
{
	EXPECT_EQ(capture({}, [](Context &c) { print_config(c, config); }), "observe on\n"
	                                                                    "ring_slots 4096\n"
	                                                                    "nr_cpus 4\n"
	                                                                    "cpuhp_online 233\n"
	                                                                    "cpuhp_bringup_cpu 229\n"
	                                                                    "cpuhp_teardown_cpu 229\n"
	                                                                    "cpuhp_ap_offline 226\n"
	                                                                    "cpuhp_ap_online_idle 219\n"
	                                                                    "cpuhp_bp_prepare_dyn 89\n"
	                                                                    "cpuhp_bp_prepare_dyn_end 109\n"
	                                                                    "cpuhp_ap_online_dyn 182\n"
	                                                                    "cpuhp_ap_online_dyn_end 222\n"
	                                                                    "cpuhp_ap_active 223\n");
	nl::ConfigRecord off = config;
	off.observe = false;
	EXPECT_EQ(capture({}, [&](Context &c) { print_config(c, off); }).substr(0, 12), "observe off\n");
}

TEST(Commands, ConfigJsonIsOneObjectInAnArray)
{
	EXPECT_EQ(capture({.json = true}, [](Context &c) { print_config(c, config); }),
	          R"([{"observe":true,"ring_slots":4096,"nr_cpus":4,"cpuhp_online":233,"cpuhp_bringup_cpu":229,)"
	          R"("cpuhp_teardown_cpu":229,"cpuhp_ap_offline":226,"cpuhp_ap_online_idle":219,)"
	          R"("cpuhp_bp_prepare_dyn":89,"cpuhp_bp_prepare_dyn_end":109,"cpuhp_ap_online_dyn":182,)"
	          R"("cpuhp_ap_online_dyn_end":222,"cpuhp_ap_active":223}])"
	          "\n");
}

TEST(Commands, InjectSaysWhatWasArmed)
{
	nl::InjectRequest cb{"sample:buffers", std::nullopt, std::nullopt, 5, std::nullopt, false};
	EXPECT_EQ(capture({}, [&](Context &c) { print_inject(c, cb); }),
	          "inject armed\ncallback sample:buffers\nerrno 5\nerrno_name EIO\ncount 1\n");
	EXPECT_EQ(capture({.json = true}, [&](Context &c) { print_inject(c, cb); }),
	          R"([{"inject":"armed","callback":"sample:buffers","errno":5,"errno_name":"EIO","count":1}])"
	          "\n");
	nl::InjectRequest sec{std::nullopt, HPSM_SEC_INIT_HW, 3, 12, 7, false};
	EXPECT_EQ(capture({}, [&](Context &c) { print_inject(c, sec); }),
	          "inject armed\nsection init_hw\ncpu 3\nerrno 12\nerrno_name ENOMEM\ncount 7\n");
	nl::InjectRequest clear{std::nullopt, std::nullopt, std::nullopt, 0, std::nullopt, true};
	EXPECT_EQ(capture({}, [&](Context &c) { print_inject(c, clear); }), "inject cleared\n");
	EXPECT_EQ(capture({.json = true}, [&](Context &c) { print_inject(c, clear); }), "[{\"inject\":\"cleared\"}]\n");
}

} // namespace
} // namespace hpsmctl

// The command line as a table of {expected exit code, arguments}, in the style
// of ethtool's test-cmdline.c.  Parsing never contacts the kernel: the rows
// marked "kernel" are the only ones that reach nlctrl, and they expect hpsm to
// be absent, as on a development machine (skipped where it is loaded).
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app.h"

namespace hpsmctl {
namespace {

struct Result {
	int code;
	std::string out, err;
};

Result run_cli(std::vector<const char *> args)
{
	args.insert(args.begin(), "hpsmctl");
	std::ostringstream out, err;
	int code = run(static_cast<int>(args.size()), args.data(), {out, err});
	return {code, out.str(), err.str()};
}

struct Row {
	int code;
	std::vector<const char *> args;
	const char *out = ""; // a substring of stdout ("" matches anything)
	const char *err = ""; // a substring of stderr
	bool kernel = false;  // needs hpsm to be absent
};

const char not_loaded[] = "hpsmctl: hpsm is not loaded: run insmod hpsm.ko\n";

const Row rows[] = {
    // help and version: exit 0, text on stdout
    {0, {"--help"}, "Exit codes:\n  0  ok\n"},
    {0, {"-h"}, "Subcommands:"},
    {0, {"--version"}, "hpsmctl " HPSM_VERSION_EXPECTED "\n"},
    {0, {"cpus", "--help"}, "Usage: hpsmctl cpus"},
    {0, {"sections", "-h"}, "Usage: hpsmctl sections"},
    {0, {"--json", "cpus", "--help"}, "Usage: hpsmctl cpus"},
    // usage errors: exit 2, nothing on stdout
    {2, {}, "", "hpsmctl: a subcommand is required"},
    {2, {"bogus"}, "", "bogus"},
    {2, {"--bogus", "cpus"}, "", "--bogus"},
    {2, {"cpus", "--bogus"}, "", "--bogus"},
    {2, {"cpus", "extra"}, "", "extra"},
    {2, {"cpus", "sections"}, "", "sections"},
    {2, {"-x"}, "", "-x"},
    {2, {"--json=maybe", "cpus"}, "", "maybe"},
    {2, {"--debug", "cpus", "--bogus"}, "", "--bogus"},
    // with hpsm absent
    {3, {"cpus"}, "", not_loaded, true},
    {3, {"sections"}, "", not_loaded, true},
    {3, {"--json", "cpus"}, "", not_loaded, true},
    {3, {"cpus", "--json"}, "", not_loaded, true},
    {3, {"cpus", "-p"}, "", not_loaded, true},
    {3, {"-j", "sections"}, "", not_loaded, true},
    {3, {"--debug", "cpus"}, "", "hpsmctl: > nlctrl GETFAMILY", true},
    {0, {"version"}, "hpsmctl " HPSM_VERSION_EXPECTED "\n", "", true},
    {0, {"--json", "version"}, "{\"hpsmctl\":\"" HPSM_VERSION_EXPECTED "\"}\n", "", true},
};

std::string describe(const Row &row)
{
	std::string s = "hpsmctl";
	for (const char *a : row.args)
		s += std::string(" ") + a;
	return s;
}

// Readable ctest names and failure messages instead of the row's bytes.
void PrintTo(const Row &row, std::ostream *os)
{
	*os << describe(row);
}

std::string test_name(const testing::TestParamInfo<Row> &info)
{
	std::string name = "row" + std::to_string(info.index);
	for (const char *a : info.param.args) {
		name += '_';
		for (const char *c = a; *c; c++)
			name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
	}
	return name;
}

class Cmdline : public testing::TestWithParam<Row> {};

TEST_P(Cmdline, ExitCodeAndOutput)
{
	const Row &row = GetParam();
	if (row.kernel && std::filesystem::exists("/sys/module/hpsm"))
		GTEST_SKIP() << "hpsm is loaded on this machine";
	Result r = run_cli(row.args);
	EXPECT_EQ(r.code, row.code) << describe(row) << "\nstdout: " << r.out << "\nstderr: " << r.err;
	EXPECT_NE(r.out.find(row.out), std::string::npos) << describe(row) << "\nstdout: " << r.out;
	EXPECT_NE(r.err.find(row.err), std::string::npos) << describe(row) << "\nstderr: " << r.err;
	// Failures leave stdout empty, so no half table or half JSON is ever parsed.
	if (row.code != 0) {
		EXPECT_EQ(r.out, "") << describe(row);
	}
}

INSTANTIATE_TEST_SUITE_P(Table, Cmdline, testing::ValuesIn(rows), test_name);

// Parsing must fail before anything is sent: with --debug, every message
// sent would show on stderr.
TEST(CmdlineKernel, UsageErrorsSendNothing)
{
	Result r = run_cli({"--debug", "sections", "--nope"});
	EXPECT_EQ(r.code, 2);
	EXPECT_EQ(r.err.find("hpsmctl: >"), std::string::npos) << r.err;
}

TEST(CmdlineKernel, HelpFooterListsEveryExitCode)
{
	Result r = run_cli({"--help"});
	for (const char *line : {"0  ok", "1  findings", "2  usage or input error", "3  hpsm is not loaded",
	                         "4  permission denied", "5  other netlink or kernel error"})
		EXPECT_NE(r.out.find(line), std::string::npos) << line;
}

} // namespace
} // namespace hpsmctl

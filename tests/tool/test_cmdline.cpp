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
    // states, trace, stats, watch, inject, reset, config: help
    {0, {"states", "-h"}, "Usage: hpsmctl states"},
    {0, {"trace", "--help"}, "--follow"},
    {0, {"stats", "-h"}, "Usage: hpsmctl stats"},
    {0, {"watch", "-h"}, "--timeout"},
    {0, {"inject", "-h"}, "prep_hw, prep_data, prep_threads, init_hw, sched_local, enable"},
    {0, {"reset", "-h"}, "Usage: hpsmctl reset"},
    {0, {"config", "-h"}, "--observe"},
    // ... and their usage errors, found before the kernel is asked
    {2, {"states", "extra"}, "", "extra"},
    {2, {"trace", "--cpu", "-1"}, "", "--cpu: '-1' is not a whole number in 0..65535"},
    {2, {"trace", "--cpu", "two"}, "", "--cpu: 'two' is not a whole number"},
    {2, {"trace", "--cpu", "65536"}, "", "--cpu"},
    {2, {"trace", "--cpu"}, "", "--cpu"},
    {2, {"trace", "--since", "-5"}, "", "--since: '-5' is not a whole number"},
    {2, {"trace", "--since", "18446744073709551616"}, "", "--since"},
    {2, {"trace", "--interval", "0"}, "", "--interval: '0' is not a whole number in 1..3600000"},
    {2, {"trace", "--follow", "--interval", "1.5"}, "", "--interval"},
    {2, {"stats", "--bogus"}, "", "--bogus"},
    {2, {"watch", "--count", "0"}, "", "--count: '0' is not a whole number >= 1"},
    {2, {"watch", "--timeout", "-1"}, "", "--timeout: '-1' is not a number of seconds > 0"},
    {2, {"watch", "--timeout", "soon"}, "", "--timeout"},
    {2, {"inject"}, "", "hpsmctl: inject: give the failure's place: --callback NAME or --section SECTION"},
    {2, {"inject", "--callback", "sample:buffers"}, "", "hpsmctl: inject: give the errno to fail with: --errno E"},
    {2, {"inject", "--errno", "EIO"}, "", "hpsmctl: inject: give the failure's place"},
    {2, {"inject", "--cpu", "1", "--count", "2"}, "", "hpsmctl: inject: give the failure's place"},
    {2, {"inject", "--callback", "x", "--section", "prep_hw", "--errno", "EIO"}, "", "--callback excludes --section"},
    {2, {"inject", "--section", "bogus", "--errno", "EIO"}, "", "--section: not a section with callbacks: 'bogus'"},
    {2, {"inject", "--section", "sync_up", "--errno", "EIO"}, "", "not a section with callbacks: 'sync_up'"},
    {2, {"inject", "--section", "online", "--errno", "EIO"}, "", "not a section with callbacks"},
    {2, {"inject", "--section", "99", "--errno", "EIO"}, "", "not a section with callbacks: '99'"},
    {2, {"inject", "--section", "prep_hw", "--errno", "EFOO"}, "", "--errno: not an errno: 'EFOO'"},
    {2, {"inject", "--section", "prep_hw", "--errno", "0"}, "", "--errno: not an errno: '0'"},
    {2, {"inject", "--section", "prep_hw", "--errno", "4096"}, "", "--errno"},
    {2, {"inject", "--section", "prep_hw", "--errno"}, "", "--errno"},
    {2, {"inject", "--section", "prep_hw", "--errno", "EIO", "--cpu", "-1"}, "", "--cpu: '-1' is not a whole number"},
    {2, {"inject", "--section", "prep_hw", "--errno", "EIO", "--cpu", "65536"}, "", "--cpu"},
    {2, {"inject", "--section", "prep_hw", "--errno", "EIO", "--cpu", "one"}, "", "--cpu"},
    {2, {"inject", "--section", "prep_hw", "--errno", "EIO", "--count", "0"}, "", "--count: '0' is not a whole"},
    {2, {"inject", "--section", "prep_hw", "--errno", "EIO", "--count", "30001"}, "", "--count"},
    {2, {"inject", "--callback", "", "--errno", "EIO"}, "", "--callback: a callback name has 1 to 31 characters"},
    {2, {"inject", "--callback", "0123456789abcdef0123456789abcdef", "--errno", "EIO"}, "", "--callback"},
    {2, {"inject", "--clear", "--errno", "EIO"}, "", "excludes"},
    {2, {"inject", "--clear", "--cpu", "1"}, "", "excludes"},
    {2, {"inject", "--clear", "--section", "prep_hw"}, "", "excludes"},
    {2, {"reset", "now"}, "", "now"},
    {2, {"config", "--observe", "maybe"}, "", "--observe: maybe not in {on,off}"},
    {2, {"config", "--observe"}, "", "--observe"},
    // audit: help, and usage or input errors found before the kernel is asked
    {0, {"audit", "-h"}, "--from-trace FILE"},
    {0, {"audit", "--help"}, "--require-declared PREFIX"},
    {2, {"audit", "--from-trace", "t.json", "--from-ftrace", "trace"}, "", "--from-trace excludes --from-ftrace"},
    {2, {"audit", "--from-ftrace", "trace", "--from-trace", "t.json"}, "", "excludes"},
    {2, {"audit", "--from-ftrace", "/nonexistent/trace"}, "", "hpsmctl: audit: /nonexistent/trace: cannot open the file"},
    {2, {"audit", "--from-trace", "/nonexistent/t.json"}, "", "hpsmctl: audit: /nonexistent/t.json: cannot open"},
    {2, {"audit", "--from-trace", "/"}, "", "hpsmctl: audit: /: read error"},
    {2, {"audit", "--from-ftrace", "/"}, "", "hpsmctl: audit: /: read error"},
    {2, {"audit", "--states", "/nonexistent/states"}, "", "hpsmctl: audit: /nonexistent/states: cannot open the file"},
    {2, {"audit", "--from-ftrace", HPSM_FIXTURES "/6.1/audit-ftrace.txt", "--states", HPSM_FIXTURES "/6.1/audit-ftrace.txt"},
     "", "audit-ftrace.txt:1: expected \"NUMBER: NAME\""},
    {2, {"audit", "--from-trace", HPSM_FIXTURES "/6.1/audit-ftrace.txt"}, "", "audit-ftrace.txt:1: expected a JSON array"},
    {2, {"audit", "--budget", "sched:active"}, "", "--budget: budget \"sched:active\" is not NAME=DURATION"},
    {2, {"audit", "--budget", "sched:active=fast"}, "", "\"fast\" is not a duration"},
    {2, {"audit", "--budget", "sched:active=0us"}, "", "--budget"},
    {2, {"audit", "--budget"}, "", "--budget"},
    {2, {"audit", "--declare", "hpsm_sample:rogue"}, "", "--declare: declaration \"hpsm_sample:rogue\" is not NAME=REASON"},
    {2, {"audit", "--declare", "=test"}, "", "--declare"},
    {2, {"audit", "--require-declared", ""}, "", "--require-declared: an empty prefix"},
    {2, {"audit", "--callbacks", "states.json"}, "", "--callbacks requires --from-trace"},
    {2, {"audit", "extra"}, "", "extra"},
    {0, {"audit", "--from-ftrace", HPSM_FIXTURES "/6.1/ftrace-cycles-fail.txt", "--states", HPSM_FIXTURES "/6.1/hotplug-states.txt"},
     "result:      clean: 0 errors, 0 warnings"},
    {1, {"audit", "--from-ftrace", HPSM_FIXTURES "/6.1/ftrace-cycles-fail.txt", "--states", HPSM_FIXTURES "/6.12/hotplug-states.txt"},
     "COMPLETENESS-STATES-MISMATCH"},
    // with hpsm absent
    {3, {"states"}, "", not_loaded, true},
    {3, {"-j", "states"}, "", not_loaded, true},
    {3, {"trace"}, "", not_loaded, true},
    {3, {"trace", "--json"}, "", not_loaded, true},
    {3, {"trace", "--follow", "--cpu", "1", "--since", "5", "--interval", "50"}, "", not_loaded, true},
    {3, {"stats"}, "", not_loaded, true},
    {3, {"watch", "--count", "1", "--timeout", "0.2"}, "", not_loaded, true},
    {3, {"inject", "--section", "prep_hw", "--errno", "-EIO"}, "", not_loaded, true},
    {3, {"inject", "--section", "7", "--errno", "12", "--cpu", "0", "--count", "30000"}, "", not_loaded, true},
    {3, {"inject", "--callback", "sample:buffers", "-e", "enomem"}, "", not_loaded, true},
    {3, {"inject", "--clear"}, "", not_loaded, true},
    {3, {"reset"}, "", not_loaded, true},
    {3, {"config"}, "", not_loaded, true},
    {3, {"config", "--observe", "off"}, "", not_loaded, true},
    {3, {"audit"}, "", not_loaded, true},
    {3, {"--json", "audit", "--budget", "sched:active=5ms", "--require-declared", "hpsm_sample:"}, "", not_loaded, true},
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
	// Failures leave stdout empty, so no half table or half JSON is ever parsed
	// (audit's findings, exit 1, are a report: the command worked).
	if (row.code >= 2) {
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

TEST(CmdlineKernel, InjectUsageErrorsSendNothing)
{
	for (std::vector<const char *> args : {std::vector<const char *>{"--debug", "inject"},
	                                       {"--debug", "inject", "--callback", "x"},
	                                       {"--debug", "inject", "--section", "sync_up", "--errno", "EIO"}}) {
		Result r = run_cli(args);
		EXPECT_EQ(r.code, 2);
		EXPECT_EQ(r.err.find("hpsmctl: >"), std::string::npos) << r.err;
	}
}

TEST(CmdlineKernel, EverySubcommandIsListed)
{
	Result r = run_cli({"--help"});
	for (const char *cmd : {"version", "cpus", "sections", "states", "trace", "stats", "watch", "inject", "reset",
	                        "config", "audit"})
		EXPECT_NE(r.out.find(std::string("\n  ") + cmd + " "), std::string::npos) << cmd << "\n" << r.out;
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

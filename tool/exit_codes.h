// hpsmctl exit codes: the contract with scripts and with the test box.
//
//   0  ok
//   1  findings: the command worked and found problems (reserved for `audit`)
//   2  usage or input error (bad option, unknown subcommand, bad value)
//   3  hpsm is not loaded (the "hpsm" generic netlink family does not exist)
//   4  permission denied (EPERM/EACCES from the kernel)
//   5  any other netlink or kernel error, including a malformed reply
//
// The same list is printed in the `hpsmctl --help` footer from exit_codes_help,
// so the two cannot drift.
#pragma once

#include <string_view>

namespace hpsmctl {

enum class Exit : int {
	ok = 0,
	findings = 1,
	usage = 2,
	not_loaded = 3,
	permission = 4,
	netlink = 5,
};

inline constexpr std::string_view exit_codes_help = "Exit codes:\n"
                                                    "  0  ok\n"
                                                    "  1  findings (audit found problems)\n"
                                                    "  2  usage or input error\n"
                                                    "  3  hpsm is not loaded\n"
                                                    "  4  permission denied\n"
                                                    "  5  other netlink or kernel error\n";

constexpr int to_int(Exit e)
{
	return static_cast<int>(e);
}

} // namespace hpsmctl

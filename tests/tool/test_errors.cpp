// errno / libnl code → exit code and message.
#include <cerrno>

#include <gtest/gtest.h>
#include <netlink/errno.h>

#include "errors.h"

namespace hpsmctl {
namespace {

bool contains(const std::string &text, const std::string &part)
{
	return text.find(part) != std::string::npos;
}

TEST(Errors, NotLoaded)
{
	Error e = not_loaded_error();
	EXPECT_EQ(e.code(), Exit::not_loaded);
	EXPECT_STREQ(e.what(), "hpsm is not loaded: run insmod hpsm.ko");
}

TEST(Errors, KernelErrnoToExitCode)
{
	struct Case {
		int err;
		Exit code;
	};
	const Case cases[] = {
	    {EPERM, Exit::permission},   {EACCES, Exit::permission}, {EINVAL, Exit::netlink}, {ENOENT, Exit::netlink},
	    {EOPNOTSUPP, Exit::netlink}, {EMSGSIZE, Exit::netlink},  {EBUSY, Exit::netlink},
	};
	for (Case c : cases) {
		KernelError e = kernel_error(c.err);
		EXPECT_EQ(e.code(), c.code) << c.err;
		EXPECT_EQ(e.err(), c.err);
	}
}

// GENL_ADMIN_PERM refuses with a bare EPERM; the command name comes first
// ("hpsmctl: inject: permission denied: ...", app.cpp).
TEST(Errors, PermissionMessageSaysWhatToDo)
{
	KernelError e = kernel_error(EPERM, "");
	EXPECT_STREQ(e.what(), "permission denied: needs CAP_NET_ADMIN (run as root)");
	EXPECT_STREQ(kernel_error(EACCES, "").what(), "permission denied: needs CAP_NET_ADMIN (run as root)");
	EXPECT_STREQ(kernel_error(EACCES, "denied by policy").what(),
	             "permission denied (denied by policy): needs CAP_NET_ADMIN (run as root)");
	EXPECT_STREQ(libnl_error(NLE_PERM, "cannot send to the kernel").what(),
	             "cannot send to the kernel: permission denied: needs CAP_NET_ADMIN (run as root)");
}

TEST(Errors, KernelMessageCarriesExtack)
{
	KernelError e = kernel_error(EINVAL, "Unknown attribute type");
	EXPECT_STREQ(e.what(), "kernel error: Invalid argument: Unknown attribute type");
	EXPECT_STREQ(kernel_error(EINVAL).what(), "kernel error: Invalid argument");
	EXPECT_TRUE(contains(kernel_error(EACCES, "denied by policy").what(), "denied by policy"));
}

TEST(Errors, LibnlCodes)
{
	EXPECT_EQ(libnl_error(NLE_PERM, "send").code(), Exit::permission);
	EXPECT_EQ(libnl_error(NLE_NOACCESS, "send").code(), Exit::permission);
	Error e = libnl_error(NLE_NOMEM, "cannot send to the kernel");
	EXPECT_EQ(e.code(), Exit::netlink);
	EXPECT_TRUE(contains(e.what(), "cannot send to the kernel: ")) << e.what();
}

TEST(Errors, ProtocolErrorIsExitFive)
{
	Error e = protocol_error("GET_CPUS reply: missing attribute cpu_id");
	EXPECT_EQ(e.code(), Exit::netlink);
	EXPECT_STREQ(e.what(), "malformed reply from hpsm: GET_CPUS reply: missing attribute cpu_id");
}

TEST(Errors, ExitCodeValuesAreTheDocumentedOnes)
{
	EXPECT_EQ(to_int(Exit::ok), 0);
	EXPECT_EQ(to_int(Exit::findings), 1);
	EXPECT_EQ(to_int(Exit::usage), 2);
	EXPECT_EQ(to_int(Exit::not_loaded), 3);
	EXPECT_EQ(to_int(Exit::permission), 4);
	EXPECT_EQ(to_int(Exit::netlink), 5);
	for (const char *line : {"0  ok", "1  findings", "2  usage", "3  hpsm is not loaded", "4  permission denied",
	                         "5  other netlink or kernel error"})
		EXPECT_TRUE(contains(std::string(exit_codes_help), line)) << line;
}

} // namespace
} // namespace hpsmctl

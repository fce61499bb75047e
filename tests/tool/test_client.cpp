// The client against the running kernel, through nlctrl only: every kernel has
// it, so these need no module.  They prove the exchange loop (request + reply +
// ack, dump + DONE), error mapping and extended-ack reading end to end.
#include <cerrno>
#include <filesystem>

#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <netlink/genl/genl.h>
#include <uapi/hpsm.h>

#include "errors.h"
#include "nl/client.h"

namespace hpsmctl {
namespace {

bool hpsm_loaded()
{
	return std::filesystem::exists("/sys/module/hpsm");
}

TEST(Client, FamilyLookupOfNlctrl)
{
	nl::Client client;
	std::optional<nl::FamilyRecord> f = client.family("nlctrl");
	ASSERT_TRUE(f);
	EXPECT_EQ(f->id, GENL_ID_CTRL);
	EXPECT_EQ(f->name, "nlctrl");
	EXPECT_GE(f->version, 1u);
}

TEST(Client, AbsentFamilyIsNullopt)
{
	nl::Client client;
	EXPECT_FALSE(client.family("hpsm-no-such"));
	// The socket stays usable after the kernel's ENOENT.
	EXPECT_TRUE(client.family("nlctrl"));
}

TEST(Client, ResolvingAbsentHpsmSaysNotLoaded)
{
	if (hpsm_loaded())
		GTEST_SKIP() << "hpsm is loaded on this machine";
	nl::Client client;
	try {
		client.hpsm_family();
		FAIL() << "resolved a family that is not registered";
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), Exit::not_loaded);
		EXPECT_STREQ(e.what(), "hpsm is not loaded: run insmod hpsm.ko");
	}
}

TEST(Client, DumpEndsAtDone)
{
	nl::Client client;
	nl::MsgPtr req(nlmsg_alloc());
	ASSERT_TRUE(
	    genlmsg_put(req.get(), NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, NLM_F_DUMP, CTRL_CMD_GETFAMILY, 1));
	int families = 0;
	bool saw_nlctrl = false;
	client.exchange(std::move(req), GENL_ID_CTRL, [&](nlmsghdr *nlh) {
		families++;
		saw_nlctrl = saw_nlctrl || nl::parse_family(nlh).name == "nlctrl";
	});
	EXPECT_GT(families, 0);
	EXPECT_TRUE(saw_nlctrl);
	// Nothing of the dump is left unread: the next request works.
	EXPECT_TRUE(client.family("nlctrl"));
}

// nlctrl validates GETPOLICY dumps strictly: an unknown attribute gets EINVAL
// with an extended ack message, which must reach the error text.
TEST(Client, KernelErrorCarriesExtack)
{
	nl::Client client;
	nl::MsgPtr req(nlmsg_alloc());
	ASSERT_TRUE(
	    genlmsg_put(req.get(), NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, NLM_F_DUMP, CTRL_CMD_GETPOLICY, 1));
	ASSERT_EQ(nla_put_u32(req.get(), CTRL_ATTR_OP + 20, 1), 0);
	try {
		client.exchange(std::move(req), GENL_ID_CTRL, [](nlmsghdr *) {});
		FAIL() << "the kernel accepted an unknown attribute";
	} catch (const KernelError &e) {
		EXPECT_EQ(e.err(), EINVAL);
		EXPECT_EQ(e.code(), Exit::netlink);
		std::string text = e.what();
		EXPECT_EQ(text.rfind("kernel error: Invalid argument: ", 0), 0u) << text;
		EXPECT_GT(text.size(), std::string("kernel error: Invalid argument: ").size()) << text;
	}
}

TEST(Client, ProtocolErrorInACallbackIsRethrown)
{
	nl::Client client;
	try {
		client.exchange(nl::family_request("nlctrl"), GENL_ID_CTRL,
		                [](nlmsghdr *) { throw protocol_error("test"); });
		FAIL() << "the callback's exception was lost";
	} catch (const Error &e) {
		EXPECT_STREQ(e.what(), "malformed reply from hpsm: test");
	}
	// The rest of the exchange was drained: the next request works.
	EXPECT_TRUE(client.family("nlctrl"));
}

TEST(Client, ReplyOfTheWrongTypeIsRejected)
{
	nl::Client client;
	EXPECT_THROW(client.exchange(nl::family_request("nlctrl"), GENL_ID_CTRL + 1, [](nlmsghdr *) {}), Error);
}

} // namespace
} // namespace hpsmctl

// The two pieces of hpsmctl that touch the system outside netlink: the sysfs
// states file and the stop signals of trace --follow and watch.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "kstates.h"
#include "signals.h"

namespace hpsmctl {
namespace {

TEST(StateNames, ParsesTheSysfsFormat)
{
	StateNames names = parse_state_names("  0: offline\n"
	                                     "  1: threads:prepare\n"
	                                     " 44: perf/x86:starting\n"
	                                     "233: online\n");
	EXPECT_EQ(names, (StateNames{{0, "offline"}, {1, "threads:prepare"}, {44, "perf/x86:starting"}, {233, "online"}}));
}

TEST(StateNames, SkipsWhatItCannotRead)
{
	StateNames names = parse_state_names("garbage\n"
	                                     " 12:\n"
	                                     "-3: negative\n"
	                                     "x1: word\n"
	                                     " 7: has a blank\r\n"
	                                     "\n"
	                                     "  8: last without newline");
	EXPECT_EQ(names, (StateNames{{7, "has a blank"}, {8, "last without newline"}}));
	EXPECT_TRUE(parse_state_names("").empty());
}

TEST(StateNames, FileOrNothing)
{
	EXPECT_EQ(read_state_names("/nonexistent/hpsm/states"), std::nullopt);
	std::filesystem::path path = std::filesystem::temp_directory_path() / ("hpsmctl-states-" + std::to_string(getpid()));
	std::ofstream(path) << "  0: offline\n 99: x:y\n";
	EXPECT_EQ(read_state_names(path.c_str()), (StateNames{{0, "offline"}, {99, "x:y"}}));
	std::filesystem::remove(path);
	// This machine's own file, where there is one.
	if (std::filesystem::exists(kernel_states_path)) {
		std::optional<StateNames> real = read_state_names();
		ASSERT_TRUE(real);
		EXPECT_EQ(real->at(0), "offline");
	}
}

TEST(StopSignals, PendingSignalEndsTheWaitAtOnce)
{
	StopSignals stop;
	EXPECT_FALSE(stop.stopped());
	raise(SIGTERM); // blocked: pending, not fatal
	EXPECT_EQ(stop.wait(-1, 10000), StopSignals::Wake::stop);
	EXPECT_TRUE(stop.stopped());
	EXPECT_EQ(stop.signal(), SIGTERM);
	EXPECT_EQ(stop.wait(-1, 10000), StopSignals::Wake::stop); // and stays so
}

TEST(StopSignals, SigintToo)
{
	StopSignals stop;
	raise(SIGINT);
	EXPECT_EQ(stop.wait(-1, -1), StopSignals::Wake::stop);
	EXPECT_EQ(stop.signal(), SIGINT);
}

TEST(StopSignals, TimeoutAndReadyFd)
{
	StopSignals stop;
	EXPECT_EQ(stop.wait(-1, 20), StopSignals::Wake::timeout);
	int fds[2];
	ASSERT_EQ(pipe(fds), 0);
	EXPECT_EQ(stop.wait(fds[0], 20), StopSignals::Wake::timeout);
	ASSERT_EQ(write(fds[1], "x", 1), 1);
	EXPECT_EQ(stop.wait(fds[0], 10000), StopSignals::Wake::ready);
	close(fds[0]);
	close(fds[1]);
	EXPECT_FALSE(stop.stopped());
}

TEST(StopSignals, RestoresHandlersAndMask)
{
	struct sigaction before = {};
	sigaction(SIGTERM, nullptr, &before);
	{
		StopSignals stop;
		raise(SIGTERM); // left pending on purpose: must land in our handler
	}
	struct sigaction after = {};
	sigaction(SIGTERM, nullptr, &after);
	EXPECT_EQ(after.sa_handler, before.sa_handler);
	sigset_t mask;
	sigprocmask(SIG_BLOCK, nullptr, &mask);
	EXPECT_FALSE(sigismember(&mask, SIGTERM));
	EXPECT_FALSE(sigismember(&mask, SIGINT));
	// A fresh one starts unstopped.
	StopSignals again;
	EXPECT_FALSE(again.stopped());
}

} // namespace
} // namespace hpsmctl

#include "signals.h"

#include <cerrno>
#include <chrono>
#include <system_error>

#include <poll.h>

namespace hpsmctl {

namespace {

volatile sig_atomic_t stop_signal = 0;

void on_stop(int sig)
{
	stop_signal = sig;
}

} // namespace

StopSignals::StopSignals()
{
	stop_signal = 0;
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, &old_mask_) < 0)
		throw std::system_error(errno, std::generic_category(), "sigprocmask");
	struct sigaction sa = {};
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int_);
	sigaction(SIGTERM, &sa, &old_term_);
}

// The mask goes back first, with our handler still in place: a signal that
// is pending then lands in on_stop() rather than killing the process.
StopSignals::~StopSignals()
{
	sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
	sigaction(SIGINT, &old_int_, nullptr);
	sigaction(SIGTERM, &old_term_, nullptr);
}

StopSignals::Wake StopSignals::wait(int fd, int timeout_ms)
{
	using Clock = std::chrono::steady_clock;
	auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
	sigset_t during = old_mask_;
	sigdelset(&during, SIGINT);
	sigdelset(&during, SIGTERM);

	for (;;) {
		if (stop_signal)
			return Wake::stop;
		struct pollfd pfd = {fd, POLLIN, 0};
		struct timespec ts {};
		struct timespec *timeout = nullptr;
		if (timeout_ms >= 0) {
			auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - Clock::now());
			if (left.count() < 0)
				left = {};
			ts.tv_sec = left.count() / 1000000000;
			ts.tv_nsec = left.count() % 1000000000;
			timeout = &ts;
		}
		int rc = ppoll(&pfd, fd >= 0 ? 1 : 0, timeout, &during);
		if (rc > 0)
			return Wake::ready;
		if (rc == 0)
			return stop_signal ? Wake::stop : Wake::timeout;
		if (errno != EINTR)
			throw std::system_error(errno, std::generic_category(), "ppoll");
	}
}

bool StopSignals::stopped() const
{
	return stop_signal != 0;
}

int StopSignals::signal() const
{
	return stop_signal;
}

} // namespace hpsmctl

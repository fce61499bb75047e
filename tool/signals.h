// SIGINT and SIGTERM end the commands that run until stopped (trace
// --follow, watch) cleanly: exit 0 after a final summary, never a half
// printed line.  While a StopSignals lives both are blocked and only
// delivered inside wait(), so a dump in progress is never cut in half and
// there is no window in which a signal is missed between checking and
// sleeping (ppoll(2) unblocks them atomically).
#pragma once

#include <csignal>

namespace hpsmctl {

class StopSignals {
      public:
	StopSignals();
	~StopSignals();
	StopSignals(const StopSignals &) = delete;
	StopSignals &operator=(const StopSignals &) = delete;

	enum class Wake { ready, timeout, stop };

	// Waits until fd is readable (fd < 0: no fd), timeout_ms passes (< 0:
	// no timeout) or SIGINT/SIGTERM arrives; a signal that arrived earlier
	// ends the wait at once.
	Wake wait(int fd, int timeout_ms);
	bool stopped() const;
	int signal() const; // the signal that stopped us, 0 if none

      private:
	sigset_t old_mask_;
	struct sigaction old_int_;
	struct sigaction old_term_;
};

} // namespace hpsmctl

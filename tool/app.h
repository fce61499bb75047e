// The hpsmctl command line as a function: parse argv, run the chosen
// subcommand, return the exit code (exit_codes.h).  main() only forwards to
// it, and the tests call it with their own argv and streams.
#pragma once

#include "command.h"

namespace hpsmctl {

int run(int argc, const char *const *argv, Io io);

} // namespace hpsmctl

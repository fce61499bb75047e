// CLI11 checks for hpsmctl's numeric options, with messages a user can act
// on ("--cpu: '-1' is not a whole number in 0..65535").  CLI11 itself would
// read "-5" into an unsigned option as a huge number.
#pragma once

#include <cstdint>

#include <CLI/CLI.hpp>

namespace hpsmctl {

// Decimal digits only, lo <= value <= hi.
CLI::Validator whole_number(uint64_t lo, uint64_t hi);
// A number of seconds > 0, fractions allowed ("0.5").
CLI::Validator positive_seconds();

} // namespace hpsmctl

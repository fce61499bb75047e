#!/usr/bin/env bash
# Every test: set up, build, run the unit tests and the QEMU test box on every
# installed Debian kernel of the 6.1 and 6.12 series, and the dkms build.
# Ends with CTest's summary.  Usage: scripts/test.sh [--no-setup] [ctest args]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${1:-}" = --no-setup ]; then
	shift
else
	"$top/scripts/setup.sh"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
cmake --build build --target module
ctest --test-dir build --output-on-failure --no-label-summary -j"$(nproc)" "$@"

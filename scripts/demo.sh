#!/usr/bin/env bash
# The main job: set up, build, boot the QEMU test box on every installed Debian
# kernel of the 6.1 and 6.12 series, load hpsm, hotplug CPUs and print what
# hpsm saw.  Usage: scripts/demo.sh [--no-setup]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ "${1:-}" = --no-setup ] || "$top/scripts/setup.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target hpsmctl hpsmctl-static
for ver in $(scripts/kernels.sh); do
	echo "=== hpsm test box: Linux $ver, 4 CPUs, TCG"
	tests/vm/box.sh --mode demo --hpsmctl build/tool/hpsmctl-static "$ver" | sed -n 's/^# //p'
done

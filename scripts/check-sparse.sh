#!/usr/bin/env bash
# check-sparse.sh WORKDIR VERSION...
# Runs sparse over the C glue (C=2: every C file) for each kernel; fails on
# any sparse warning.  The C++ core is not C and is not checked by sparse.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$1
shift
command -v sparse >/dev/null || { echo "check-sparse: sparse is not installed (run scripts/setup.sh)" >&2; exit 1; }
for ver in "$@"; do
	src=$work/$ver
	rm -rf "$src"
	mkdir -p "$src"
	cp -a "$top/Kbuild" "$top/VERSION" "$top/include" "$top/module" "$src/"
	log=$src/sparse.log
	make -C "/lib/modules/$ver/build" M="$src" C=2 CHECK=sparse modules >"$log" 2>&1 ||
		{ cat "$log" >&2; exit 1; }
	checked=$(grep -c '^  CHECK ' "$log" || true)
	if grep -E 'warning:|error:' "$log" | grep -v 'Skipping BTF' >&2; then
		echo "check-sparse: $ver: sparse warnings" >&2
		exit 1
	fi
	echo "check-sparse: $ver: $checked C files clean"
done

#!/usr/bin/env bash
# build-module.sh OUTDIR VERSION...
# Builds hpsm.ko (and the sample) for each kernel VERSION with the standard
# out-of-tree invocation, in a private copy of the sources per kernel so that
# the objects of two kernels never mix, then copies the .ko files to
# OUTDIR/VERSION/.  Fails on any compiler or modpost warning.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
shift
[ $# -gt 0 ] || { echo "build-module.sh: no kernel to build for (run scripts/setup.sh)" >&2; exit 2; }

for ver in "$@"; do
	kdir=/lib/modules/$ver/build
	src=$out/$ver/src
	# Sources only (Kbuild, VERSION, include/, module/), fresh every time.
	rm -rf "$src"
	mkdir -p "$src"
	cp -a "$top/Kbuild" "$top/VERSION" "$top/include" "$top/module" "$src/"
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
	log=$out/$ver/build.log
	if ! make -C "$kdir" M="$src" modules >"$log" 2>&1; then
		cat "$log" >&2
		echo "build-module.sh: Kbuild failed for $ver" >&2
		exit 1
	fi
	if grep -E 'warning:|WARNING:|error:' "$log" | grep -v 'Skipping BTF generation' >&2; then
		echo "build-module.sh: warnings building for $ver (see $log)" >&2
		exit 1
	fi
	"$top/scripts/check-objects.sh" "$src"
	cp "$src"/*.ko "$out/$ver/"
	echo "built $(cd "$out/$ver" && ls ./*.ko | xargs -n1 basename | tr '\n' ' ')for $ver"
done

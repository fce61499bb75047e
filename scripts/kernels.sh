#!/usr/bin/env bash
# Prints, one per line, the installed Debian cloud kernels of the 6.1 and 6.12
# series that have both an image in /boot and a Kbuild tree: the kernels the
# module is built for and the test box boots.  Versions drift with Debian's
# updates, so they are always read from what is installed.
set -euo pipefail
for build in /lib/modules/*/build; do
	[ -e "$build/Makefile" ] || continue
	ver=$(basename "$(dirname "$build")")
	case "$ver" in
	6.1.*-cloud-amd64 | 6.12.*-cloud-amd64) ;;
	*) continue ;;
	esac
	[ -r "/boot/vmlinuz-$ver" ] || continue
	echo "$ver"
done | sort -V

#!/usr/bin/env bash
# box.sh [--mode test|demo|capture] [--hpsmctl PATH] [--out DIR] [--timeout S] VERSION
#
# The hpsm QEMU test box: builds hpsm.ko for Debian kernel VERSION, packs a
# busybox-static initramfs with the modules, a static hpsmctl and the scenario
# scripts, boots /boot/vmlinuz-VERSION with -smp 4 under TCG, and judges the
# run.  It passes only when all of these hold:
#   - the boot ends within the time limit,
#   - the verdict port (second serial line, written once by PID 1) says PASS,
#   - the console carries the TAP end marker, a plan, and no "not ok",
#   - the console shows no WARNING/BUG/Oops/lockup/Call Trace.
# Console and verdict are kept in OUT/VERSION/ for reading after a failure.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
mode=test
hpsmctl=""
out=$top/build/vm
limit=${HPSM_VM_TIMEOUT:-600}
while [ $# -gt 1 ]; do
	case $1 in
	--mode) mode=$2; shift 2 ;;
	--hpsmctl) hpsmctl=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) limit=$2; shift 2 ;;
	*) echo "box.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -eq 1 ] || { echo "usage: box.sh [--mode test|demo|capture] [--hpsmctl PATH] [--out DIR] [--timeout S] VERSION" >&2; exit 2; }
ver=$1
kernel=/boot/vmlinuz-$ver
[ -r "$kernel" ] || { echo "box.sh: no $kernel (run scripts/setup.sh)" >&2; exit 2; }

work=$out/$ver
mkdir -p "$work"
rm -f "$work/console.log" "$work/verdict.log"

# 1. The modules, with the standard out-of-tree invocation.
"$top/scripts/build-module.sh" "$work/module" "$ver" >/dev/null

# 2. The initramfs.
root=$work/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,lib/hpsm,tests,proc,sys,tmp,run,root}
cp /bin/busybox "$root/bin/busybox"
gcc -static -O2 -Wall -Werror -o "$root/bin/boxhelper" "$top/tests/vm/helpers/boxhelper.c"
gcc -static -O2 -Wall -Werror -o "$root/bin/nlprobe" "$top/tests/vm/helpers/nlprobe.c"
cp "$top/tests/vm/init" "$root/init"
cp "$top/tests/vm/run.sh" "$top/tests/vm/lib.sh" "$top/tests/vm/demo.sh" "$top/tests/vm/capture.sh" "$root/tests/"
cp -r "$top/tests/vm/scenarios" "$root/tests/"
cp "$work/module/$ver"/*.ko "$root/lib/hpsm/"
# Real peers: Debian's dynamically linked tools, with the libraries ldd lists.
carry() {
	local bin=$1 lib
	[ -x "$bin" ] || return 0
	mkdir -p "$root/usr/bin"
	cp "$bin" "$root/usr/bin/"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
carry /usr/bin/stress-ng
if [ -n "$hpsmctl" ]; then
	cp "$hpsmctl" "$root/bin/hpsmctl"
fi
chmod +x "$root/init"
[ -e "$root/dev/console" ] || mknod "$root/dev/console" c 5 1
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$work/initramfs.cpio.gz"

# 3. Boot.  TCG only (nested KVM hangs on our machines), single-threaded: with
# multi-threaded TCG an x86 guest occasionally takes a stray int3 while the
# kernel patches its own text at boot ("Oops: int3" in a static-key site, seen
# on 6.12), which would fail runs for reasons that are not ours.
append="console=ttyS0,115200 panic=-1 panic_on_warn=1 oops=panic softlockup_panic=1"
append="$append loglevel=5 printk.devkmsg=on hpsm_box_mode=$mode"
status=0
timeout --foreground -k 10 "$limit" qemu-system-x86_64 \
	-machine q35 -accel tcg,thread=single -cpu max -smp 4 -m 1024 \
	-kernel "$kernel" -initrd "$work/initramfs.cpio.gz" -append "$append" \
	-display none -monitor none -no-reboot \
	-serial "file:$work/console.log" -serial "file:$work/verdict.log" \
	|| status=$?

# 4. Judge.
console=$work/console.log
# Files a scenario emitted (capture mode, or evidence of a failure).
if grep -aq '^HPSM-CAPTURE-BEGIN ' "$console"; then
	mkdir -p "$work/captures"
	tr -d '\r' < "$console" | awk -v dir="$work/captures" '
		/^HPSM-CAPTURE-BEGIN / { file = dir "/" $2; printf "" > file; next }
		/^HPSM-CAPTURE-END / { close(file); file = ""; next }
		file != "" { print >> file }'
	echo "box.sh: captures in $work/captures: $(ls "$work/captures" | tr '\n' ' ')"
fi
sed -n '/^ok \|^not ok \|^1\.\.\|^#/p' "$console" | tr -d '\r' || true
fail() {
	echo "box.sh: $ver: FAIL: $*" >&2
	echo "box.sh: console log: $console" >&2
	exit 1
}
[ $status -ne 124 ] && [ $status -ne 137 ] || fail "timed out after ${limit}s"
# Kept in step with KERNEL_BAD in lib.sh, which scans dmesg from inside.
KERNEL_BAD='WARNING:|BUG:|Oops|soft lockup|hard LOCKUP|Call Trace|rcu.*stall|blocked for more than|general protection|UBSAN|KASAN|kmemleak|refcount_t:|Kernel panic'
# TAP lines are the scenarios' words, not the kernel's: not scanned.
if grep -av '^\(ok \|not ok \|# \)' "$console" | grep -aE "$KERNEL_BAD" >&2; then
	fail "kernel splat in the console log"
fi
grep -aq '^HPSM-TAP-END ' "$console" || fail "no TAP end marker (the box died or hung)"
grep -aq '^1\.\.[0-9]' "$console" || fail "no TAP plan"
if grep -a '^not ok ' "$console" >&2; then fail "failed TAP lines"; fi
grep -aq '^HPSM-VERDICT PASS' "$work/verdict.log" 2>/dev/null || fail "verdict port does not say PASS"
echo "box.sh: $ver: PASS ($(tr -d '\r' < "$work/verdict.log"))"

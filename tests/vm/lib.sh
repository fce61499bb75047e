# Shared helpers for the test box scenarios (busybox sh).  TAP on stdout.
HPSM_KO_DIR=/lib/hpsm
CPU_SYS=/sys/devices/system/cpu

tap_begin() {
	TAP_N=0
	TAP_FAIL=0
}

ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $*"
}

not_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_FAIL=$((TAP_FAIL + 1))
	echo "not ok $TAP_N - $*"
}

# check DESCRIPTION COMMAND...: one TAP line from a command's exit status.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

tap_end() {
	echo "1..$TAP_N"
	echo "$TAP_N $TAP_FAIL" > /tmp/tap.counts
	echo "HPSM-TAP-END tests=$TAP_N failed=$TAP_FAIL"
	[ "$TAP_FAIL" -eq 0 ]
}

# hpsm's state lines from /sys/devices/system/cpu/hotplug/states, "NUM NAME".
hpsm_states() {
	sed -n 's/^ *\([0-9]*\): \(hpsm:.*\)$/\1 \2/p' $CPU_SYS/hotplug/states
}

# The number of the named kernel state, or nothing.
state_num() {
	awk -v name="$1" '{ n = $1; sub(/:$/, "", n); $1 = ""; sub(/^ /, ""); if ($0 == name) { print n; exit } }' \
		$CPU_SYS/hotplug/states
}

cpu_online() { cat $CPU_SYS/cpu$1/online; }

# set_online CPU 0|1: writes sysfs, fails if the write or the result is wrong.
set_online() {
	echo "$2" > $CPU_SYS/cpu$1/online || return 1
	[ "$(cpu_online "$1")" = "$2" ]
}

load_hpsm() { insmod $HPSM_KO_DIR/hpsm.ko "$@"; }
unload_hpsm() { rmmod hpsm; }

# Every CPU's injected failure must be disarmed before hpsm unloads: a fail
# armed on an hpsm state at removal reaches a BUG_ON in the kernel.
clear_hotplug_fail() {
	for f in $CPU_SYS/cpu*/hotplug/fail; do
		[ -w "$f" ] && echo -1 > "$f"
	done
	return 0
}

# Fails (and prints the lines) when the kernel log shows a splat.
# Kept in step with KERNEL_BAD in box.sh, which scans the console from outside.
KERNEL_BAD='WARNING:|BUG:|Oops|soft lockup|hard LOCKUP|Call Trace|rcu.*stall|blocked for more than|general protection|UBSAN|KASAN|kmemleak|refcount_t:|Kernel panic'
kernel_log_clean() {
	if dmesg | grep -E "$KERNEL_BAD" > /tmp/bad.log; then
		sed 's/^/# kernel: /' /tmp/bad.log
		not_ok "no kernel splat in dmesg"
	else
		ok "no kernel splat in dmesg"
	fi
}

# try_online CPU 0|1: prints "0" on success or the errno of the failed write.
try_online() {
	r=$(boxhelper write $CPU_SYS/cpu$1/online "$2") && echo 0 || echo "${r#errno }"
}

SAMPLE_DIR=/sys/kernel/debug/hpsm_sample
load_sample() { insmod $HPSM_KO_DIR/hpsm_sample.ko "$@"; }
unload_sample() { rmmod hpsm_sample; }
sample_param() { echo "$2" > /sys/module/hpsm_sample/parameters/$1; }
# The sample's events as "callback dir cpu on_cpu ret", oldest first.
sample_events() { awk '!/^#/ { print $4, $5, $2, $3, $6 }' $SAMPLE_DIR/events; }
sample_events_clear() { echo 1 > $SAMPLE_DIR/events; }

# hpsmctl trace's next sequence number (from its stderr summary line).
trace_next() { hpsmctl trace "$@" 2>&1 >/dev/null | sed -n 's/.*next=\([0-9]*\).*/\1/p'; }

# Normalised kernel invocations, one per line: "CPU E STEP TARGET" for an
# entry, "CPU X STEP RET" for an exit.  From hpsmctl trace text on stdin ...
hpsm_kernel_events() {
	awk '$1 ~ /^[0-9]+$/ && ($5 == "kernel" || $5 == "multi") {
		if ($7 == "enter") print $3, "E", $6, $9; else print $3, "X", $6, $11 }'
}
# ... and from ftrace's text for the cpuhp events on stdin.
ftrace_kernel_events() {
	awk '/cpuhp_(multi_)?enter:/ { for (i = 1; i <= NF; i++) { if ($i == "cpu:") c = $(i + 1) + 0;
			if ($i == "target:") t = $(i + 1); if ($i == "step:") s = $(i + 1) }
			print c, "E", s, t }
	     /cpuhp_exit:/ { for (i = 1; i <= NF; i++) { if ($i == "cpu:") c = $(i + 1) + 0;
			if ($i == "step:") s = $(i + 1); if ($i == "ret:") r = $(i + 1) }
			print c, "X", s, r }'
}

# A duration as printed by hpsmctl stats (950ns, 12.3us, 4.56ms, 1.2s) in ns.
to_ns() {
	echo "$1" | awk '{ v = $1 + 0; if ($1 ~ /ns$/) m = 1; else if ($1 ~ /us$/) m = 1000;
		else if ($1 ~ /ms$/) m = 1000000; else if ($1 ~ /s$/) m = 1000000000; else m = 1; printf "%d\n", v * m }'
}

# emit NAME FILE: hand a file to the host (box.sh writes it to OUT/VERSION/captures/).
emit() {
	echo "HPSM-CAPTURE-BEGIN $1"
	cat "$2"
	echo "HPSM-CAPTURE-END $1"
}

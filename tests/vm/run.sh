#!/bin/busybox sh
# Runs every scenario in /tests/scenarios in name order as TAP, or, in "demo"
# mode, only the demo.  Scenarios share one TAP stream through lib.sh.
mode=$1
. /tests/lib.sh
tap_begin
case "$mode" in
demo)
	scenarios=/tests/demo.sh ;;
capture)
	scenarios=/tests/capture.sh ;;
selftest-fail)
	# Harness self-test: one failing check must fail the boot.
	check "harness self-test: this check fails on purpose" false
	scenarios= ;;
selftest-crash)
	# Harness self-test: a kernel crash must fail the boot even though
	# every check so far passed (no verdict reaches the verdict port).
	check "harness self-test: a passing check before the crash" true
	echo c > /proc/sysrq-trigger
	scenarios= ;;
*)
	scenarios=$(ls /tests/scenarios/*.sh | sort) ;;
esac
for s in $scenarios; do
	echo "# --- scenario $(basename "$s" .sh)"
	. "$s"
done
kernel_log_clean
tap_end

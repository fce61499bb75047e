# Scenario (issue 4): the kernel invocations hpsm records are exactly those
# the kernel's own cpuhp tracepoints emit to ftrace in the same boot: same
# events, same order per hotplugged CPU, same return values; the sample's
# recorded durations are plausible; ring overflow is an exact drop count.
T=/sys/kernel/tracing
check "insmod hpsm.ko" load_hpsm
check "insmod hpsm_sample.ko" load_sample
echo 16384 > $T/buffer_size_kb
echo mono > $T/trace_clock	# one clock for all CPUs: ordering across them holds
echo > $T/trace
echo 1 > $T/events/cpuhp/enable
since=$(trace_next)

for cpu in 1 2 3; do set_online $cpu 0; set_online $cpu 1; set_online $cpu 0; set_online $cpu 1; done
# A failure inside hpsm's array (the sample's INIT_HW callback) ...
set_online 2 0
sample_param fail_cpu 2; sample_param fail_errno 5; sample_param fail_times 1; sample_param fail_callback sample:timer
check "observer run: sample:timer failure returns EIO" [ "$(try_online 2 1)" = 5 ]
sample_param fail_callback ""
set_online 2 1
# ... and the kernel's own fail injection, up and down.
wq=$(state_num 'workqueue:online')
set_online 3 0
echo "$wq" > $CPU_SYS/cpu3/hotplug/fail
check "observer run: hotplug/fail up at workqueue:online returns EAGAIN" [ "$(try_online 3 1)" = 11 ]
echo -1 > $CPU_SYS/cpu3/hotplug/fail
set_online 3 1
echo "$wq" > $CPU_SYS/cpu3/hotplug/fail
check "observer run: hotplug/fail down at workqueue:online returns EAGAIN" [ "$(try_online 3 0)" = 11 ]
echo -1 > $CPU_SYS/cpu3/hotplug/fail
echo 0 > $T/events/cpuhp/enable

hpsmctl trace --since "$since" > /tmp/hpsm.trace 2> /tmp/hpsm.err
hpsm_kernel_events < /tmp/hpsm.trace > /tmp/hpsm.k
ftrace_kernel_events < $T/trace > /tmp/ftrace.k
n=$(wc -l < /tmp/ftrace.k)
echo "# $n kernel invocations in ftrace, $(wc -l < /tmp/hpsm.k) recorded by hpsm; $(cat /tmp/hpsm.err)"
check "ftrace lost nothing" sh -c "head -5 $T/trace | grep -q 'entries-in-buffer/entries-written: \([0-9]*\)/\1 '"
check "hpsm dropped nothing" grep -q 'dropped=0' /tmp/hpsm.err
check "a real workload was compared (more than 500 kernel invocations)" [ "$n" -gt 500 ]
same=1
for cpu in 0 1 2 3; do
	grep "^$cpu " /tmp/ftrace.k > /tmp/f.$cpu
	grep "^$cpu " /tmp/hpsm.k > /tmp/h.$cpu
	if ! cmp -s /tmp/f.$cpu /tmp/h.$cpu; then
		same=0
		echo "# cpu$cpu differs:"
		diff /tmp/f.$cpu /tmp/h.$cpu | head -10 | sed 's/^/#   /'
	fi
done
check "hpsm's kernel events equal ftrace's, event for event, per hotplugged CPU" [ "$same" = 1 ]
if [ "$same" != 1 ]; then
	emit observer-hpsm.trace /tmp/hpsm.trace
	emit observer-ftrace.txt $T/trace
fi
check "the failed kernel step shows a rollback-down in hpsm's trace" grep -q ' rollback-down ' /tmp/hpsm.trace
check "the vetoed offline shows a rollback-up in hpsm's trace" grep -q ' rollback-up ' /tmp/hpsm.trace
check "sample:timer's failed startup is recorded with ret -5" \
	sh -c "awk '\$5 == \"callback\" && \$7 == \"exit\" && \$12 == \"sample:timer\" && \$11 == -5' /tmp/hpsm.trace | grep -q ."

# Latency: every sample callback's startup has a duration, non-zero and
# below the time of a whole cycle (1 s is far above ~100 ms under TCG).
hpsmctl stats > /tmp/stats.txt
sed 's/^/# /' /tmp/stats.txt | grep -E 'sample:|sync|KIND' | head -20
plausible=1
for cb in calib buffers thread timer unpark enable; do
	line=$(awk -v n="sample:$cb" '$1 == "callback" && $3 == n && $4 == "up"' /tmp/stats.txt | head -1)
	set -- $line
	[ -n "$line" ] && [ "$5" -gt 0 ] || { plausible=0; echo "# no stats for sample:$cb"; continue; }
	min=$(to_ns "$6"); max=$(to_ns "${10}")
	[ "$min" -gt 0 ] && [ "$max" -lt 1000000000 ] || { plausible=0; echo "# sample:$cb min=$6 max=${10}"; }
done
check "sample callback durations are non-zero and below a cycle" [ "$plausible" = 1 ]
check "SYNC checkpoints measured up and down" \
	sh -c "awk '\$1 == \"sync\" && \$5 > 0' /tmp/stats.txt | grep -q up && awk '\$1 == \"sync\" && \$5 > 0' /tmp/stats.txt | grep -q down"

check "rmmod hpsm_sample" unload_sample
clear_hotplug_fail
check "rmmod hpsm" unload_hpsm

# Overflow: tiny rings, one cycle; every sequence number below next is either
# returned or counted as dropped, exactly.
check "insmod hpsm.ko ring_slots=16" load_hpsm ring_slots=16
set_online 1 0; set_online 1 1
hpsmctl trace > /tmp/small.trace 2> /tmp/small.err
got=$(awk '$1 ~ /^[0-9]+$/' /tmp/small.trace | wc -l)
next=$(sed -n 's/.*next=\([0-9]*\).*/\1/p' /tmp/small.err)
dropped=$(sed -n 's/.*dropped=\([0-9]*\).*/\1/p' /tmp/small.err)
echo "# small rings: next=$next returned=$got dropped=$dropped"
check "overflow: returned + dropped == written, exactly" [ $((got + dropped)) -eq "$next" ]
check "overflow: something was dropped" [ "$dropped" -gt 0 ]
check "rmmod hpsm" unload_hpsm

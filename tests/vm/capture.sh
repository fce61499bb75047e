# Capture mode: records real traces for the unit-test fixtures.  Each file is
# printed between HPSM-CAPTURE-BEGIN/END markers; box.sh --mode capture writes
# them to OUT/VERSION/captures/.
T=/sys/kernel/tracing
echo 8192 > $T/buffer_size_kb
echo 1 > $T/events/cpuhp/enable
echo > $T/trace

# Plain cycles.
for cpu in 1 2 3; do set_online $cpu 0; set_online $cpu 1; done
# Kernel fail injection (hotplug/fail fails a state before its tracepoint):
# on the way up at workqueue:online, on the way down at the same state.
wq=$(state_num 'workqueue:online')
set_online 2 0
echo "$wq" > $CPU_SYS/cpu2/hotplug/fail
echo "# fail up at $wq: errno $(try_online 2 1)"
echo -1 > $CPU_SYS/cpu2/hotplug/fail
set_online 2 1
echo "$wq" > $CPU_SYS/cpu2/hotplug/fail
echo "# fail down at $wq: errno $(try_online 2 0)"
echo -1 > $CPU_SYS/cpu2/hotplug/fail
# A PREPARE-stage failure on the way up.
rb=$(state_num 'RCU/tree:prepare')
set_online 3 0
echo "$rb" > $CPU_SYS/cpu3/hotplug/fail
echo "# fail up at $rb: errno $(try_online 3 1)"
echo -1 > $CPU_SYS/cpu3/hotplug/fail
set_online 3 1
echo 0 > $T/events/cpuhp/enable
emit ftrace-cycles-fail.txt $T/trace
emit hotplug-states.txt $CPU_SYS/hotplug/states
echo > $T/trace

# With hpsm and the sample loaded: the sample's callbacks on the real states,
# and a failure injected in the sample.
load_hpsm
load_sample
echo 1 > $T/events/cpuhp/enable
set_online 1 0; set_online 1 1
sample_param fail_cpu 1
sample_param fail_errno 5
sample_param fail_times 1
sample_param fail_callback sample:timer
set_online 1 0
echo "# sample:timer fails: errno $(try_online 1 1)"
set_online 1 1
echo 0 > $T/events/cpuhp/enable
emit ftrace-hpsm-sample.txt $T/trace
emit hotplug-states-hpsm.txt $CPU_SYS/hotplug/states
unload_sample
clear_hotplug_fail
unload_hpsm
ok "capture done"

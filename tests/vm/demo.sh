# The main job: load hpsm, hotplug CPUs, show what hpsm saw.  Every line for
# the reader starts with "# " (box.sh prints those), checks are TAP lines.
say() { sed 's/^/# /'; }
check "insmod hpsm.ko" load_hpsm
echo "hpsm's states among the kernel's (/sys/devices/system/cpu/hotplug/states):" | say
grep -E 'hpsm:|threads:prepare|cpu:bringup|smpboot/threads:online|sched:active' $CPU_SYS/hotplug/states | say
for cpu in 1 2 3; do
	check "cpu$cpu offline/online" sh -c ". /tests/lib.sh; set_online $cpu 0 && set_online $cpu 1"
done
set_online 3 0
echo "cpu3 is now offline.  hpsmctl sections:" | say
hpsmctl sections 2>&1 | say
echo "hpsmctl cpus:" | say
hpsmctl cpus 2>&1 | say
set_online 3 1
echo "latency of the first kernel states (hpsmctl stats):" | say
hpsmctl stats 2>&1 | awk 'NR == 1 || $1 == "kernel"' | head -8 | say
echo "hpsmctl audit (summary):" | say
hpsmctl audit 2>&1 | head -6 | say
clear_hotplug_fail
check "rmmod hpsm" unload_hpsm

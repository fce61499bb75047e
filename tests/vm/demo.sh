# The main job: load hpsm, hotplug CPUs, show what hpsm saw.
load_hpsm && ok "insmod hpsm.ko" || not_ok "insmod hpsm.ko"
echo "== /sys/devices/system/cpu/hotplug/states (hpsm's lines)"
grep -E 'hpsm:|threads:prepare|cpu:bringup|sched:active' $CPU_SYS/hotplug/states
for cpu in 1 2 3; do
	set_online $cpu 0 && set_online $cpu 1 && ok "cpu$cpu offline/online" || not_ok "cpu$cpu offline/online"
done
set_online 3 0
echo "== cpu3 left offline; what hpsm saw:"
if [ -x /bin/hpsmctl ]; then
	hpsmctl sections
	hpsmctl cpus
fi
set_online 3 1
clear_hotplug_fail
unload_hpsm && ok "rmmod hpsm" || not_ok "rmmod hpsm"

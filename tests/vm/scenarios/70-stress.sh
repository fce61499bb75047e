# Scenario: a real peer.  Debian's stress-ng hotplugs CPUs at random from
# two workers (--cpu-online; it wants --pathological) while hpsm and the
# sample are loaded.  Afterwards hpsm's view, the sample's resources and
# sysfs must agree, nothing may be lost, and the kernel log must be clean.
check "insmod hpsm.ko ring_slots=65536" load_hpsm ring_slots=65536
check "insmod hpsm_sample.ko" load_sample
since=$(trace_next)
if command -v stress-ng > /dev/null; then
	stress-ng --pathological --cpu-online 2 --timeout 12s --metrics-brief > /tmp/stress.log 2>&1
	status=$?
	sed 's/^/# stress-ng: /' /tmp/stress.log | tail -6
	check "stress-ng --pathological --cpu-online 2 ran to completion" [ $status = 0 ]
else
	not_ok "stress-ng is in the box"
fi
for cpu in 1 2 3; do set_online $cpu 1 2>/dev/null; done
hpsmctl trace --since "$since" > /tmp/stress.trace 2> /tmp/stress.err
echo "# $(cat /tmp/stress.err)"
transitions=$(awk '$5 == "kernel" && $7 == "enter" && $12 == "hpsm:prep_hw"' /tmp/stress.trace | wc -l)
echo "# stress-ng drove $transitions transitions through hpsm:prep_hw"
check "stress-ng really hotplugged CPUs (more than 10 transitions)" [ "$transitions" -gt 10 ]
check "hpsm dropped nothing under stress" grep -q 'dropped=0' /tmp/stress.err
# Every CPU: hpsm's position, the sample's live resources and sysfs agree.
agree=1
hpsmctl cpus > /tmp/cpus.txt
for cpu in 0 1 2 3; do
	on=1
	[ -e $CPU_SYS/cpu$cpu/online ] && on=$(cpu_online $cpu)
	reached=$(awk -v c=$cpu '$1 == c { print $3 }' /tmp/cpus.txt)
	live=$(awk -v c=$cpu '$1 == "live" && $2 == c { print $3 + $4 + $5 + $6 + $7 }' $SAMPLE_DIR/counts)
	if [ "$on" = 1 ]; then want_r=enable; want_l=5; else want_r=offline; want_l=0; fi
	if [ "$reached" != "$want_r" ] || [ "$live" != "$want_l" ]; then
		agree=0
		echo "# cpu$cpu: online=$on hpsm reached=$reached sample live=$live"
	fi
done
check "after stress-ng: hpsm's view, the sample's resources and sysfs agree on every CPU" [ "$agree" = 1 ]
check "after stress-ng: every sample startup has its teardown or its CPU is up" \
	sh -c "awk '!/^#/ && \$1 != \"live\" && \$2 != \"sample:calib\" { d = \$3 - \$4; if (d != 0 && d != 1) bad = 1 } END { exit bad }' $SAMPLE_DIR/counts"
check "rmmod hpsm_sample" unload_sample
clear_hotplug_fail
check "rmmod hpsm" unload_hpsm

# Scenario (issue 5): how fast `hpsmctl trace --json` drains a full ring, and
# that a dump of 100 000 events does not stall hotplug.  Rings of 65536
# records per CPU (the control CPU records about half of all events) are filled by real offline/online cycles (about 150 events
# each), then one dump reads everything while cpu1 keeps cycling.
check "insmod hpsm.ko ring_slots=65536" load_hpsm ring_slots=65536
t0=$(boxhelper now)
cycles=0
while [ "$(trace_next)" -lt 100000 ] && [ $cycles -lt 1200 ]; do
	boxhelper cycle 30 1 2 3 > /dev/null || break
	cycles=$((cycles + 90))
done
t1=$(boxhelper now)
events=$(trace_next)
per_cycle=$(( (t1 - t0) / cycles ))
echo "# throughput: $cycles cycles recorded $events events, $((per_cycle / 1000)) us per cycle"
check "more than 100000 events recorded" [ "$events" -ge 100000 ]

# Hotplug while the dump runs: cpu1 cycles in the background.
(boxhelper cycle 5 1 > /tmp/during.ns) &
cpid=$!
d0=$(boxhelper now)
hpsmctl trace --json > /tmp/big.json 2> /tmp/big.err
d1=$(boxhelper now)
wait $cpid
got=$(grep -o '"type": *"event"' /tmp/big.json | wc -l)
dropped=$(grep -o '"dropped": *[0-9]*' /tmp/big.json | awk -F: '{ s += $2 } END { print s + 0 }')
dump_ms=$(( (d1 - d0) / 1000000 ))
during=$(cat /tmp/during.ns)
echo "# throughput: trace --json drained $got events in $dump_ms ms: $(( got * 1000 / (dump_ms + 1) )) events/s; dropped $dropped"
echo "# throughput: 5 cycles of cpu1 during the dump took $((during / 5000)) us per cycle (baseline $((per_cycle / 1000)) us)"
check "the dump returned every recorded event (none dropped, >= 100000)" sh -c "[ $got -ge 100000 ] && [ $dropped = 0 ]"
check "hotplug kept going during the dump (< 4x the baseline cycle time)" [ $((during / 5)) -lt $((per_cycle * 4)) ]
check "rmmod hpsm" unload_hpsm

# Scenario (issue 4): what observing costs.  50 offline+online cycles of cpu2
# in each of three modes, in one boot, interleaved in 5 rounds of 10 (A/B/C
# A/B/C ...) so that drift under TCG hits all modes alike:
#   off     hpsm loaded, its kernel observer detached, ftrace's cpuhp events off
#   ftrace  ftrace's cpuhp events on (the yardstick), hpsm's observer off
#   hpsm    hpsm's observer on, ftrace off
# Prints the median round per mode and the ratios; the numbers go to README.
# TCG noise is several percent, so this is a measurement, not a gate.
T=/sys/kernel/tracing
OBS=/sys/module/hpsm/parameters/observe
check "insmod hpsm.ko" load_hpsm
echo local > $T/trace_clock
echo 0 > $T/events/cpuhp/enable
mode_set() {
	case $1 in
	off) echo 0 > $OBS; echo 0 > $T/events/cpuhp/enable ;;
	ftrace) echo 0 > $OBS; echo 1 > $T/events/cpuhp/enable ;;
	hpsm) echo 1 > $OBS; echo 0 > $T/events/cpuhp/enable ;;
	esac
}
: > /tmp/overhead
good=1
for round in 1 2 3 4 5; do
	for mode in off ftrace hpsm; do
		mode_set $mode
		ns=$(boxhelper cycle 10 2) || good=0
		echo "$mode $ns" >> /tmp/overhead
	done
done
mode_set hpsm
echo > $T/trace
check "150 timed cycles ran" [ "$good" = 1 ]
median() { awk -v m="$1" '$1 == m { print $2 }' /tmp/overhead | sort -n | sed -n 3p; }
off=$(median off); ft=$(median ftrace); hp=$(median hpsm)
awk -v off="$off" -v ft="$ft" -v hp="$hp" 'BEGIN {
	printf "# overhead: median of 5 rounds of 10 cycles: off %.2f ms/cycle, ftrace %.2f, hpsm %.2f\n",
		off / 1e7, ft / 1e7, hp / 1e7
	printf "# overhead: ftrace/off %.4f  hpsm/off %.4f  hpsm/ftrace %.4f\n", ft / off, hp / off, hp / ft }'
sed 's/^/# overhead: round /' /tmp/overhead
check "rmmod hpsm" unload_hpsm

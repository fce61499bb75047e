# Scenario (issue 5): every hpsmctl subcommand against the real module;
# incremental trace reads while CPUs keep cycling lose and duplicate nothing;
# watch receives a cycle's events live; inject makes an online fail with the
# injected errno and the trace shows the rollback; an unprivileged user can
# read but not inject or reset; malformed requests get extack errors.
check "insmod hpsm.ko" load_hpsm
check "insmod hpsm_sample.ko" load_sample

check "hpsmctl version" sh -c 'hpsmctl version | grep -q "^hpsmctl "'
check "hpsmctl sections lists the six hpsm states" sh -c '[ "$(hpsmctl sections | grep -c hpsm:)" = 6 ]'
check "hpsmctl cpus: four CPUs, all at enable" sh -c '[ "$(hpsmctl cpus | awk "\$3 == \"enable\"" | wc -l)" = 4 ]'
check "hpsmctl states lists the sample's callbacks with the declared reason" \
	sh -c 'hpsmctl states | grep sample:calib | grep -q "kept across offline"'
set_online 1 0; set_online 1 1	# the observer learns symbols from what runs
check "hpsmctl states names kernel states and their symbols" \
	sh -c 'hpsmctl states | grep -q "sched:active.*sched_cpu_activate"'
check "hpsmctl config reports the observer on" sh -c 'hpsmctl config | grep -q "observe.*on"'
check "hpsmctl --json states is one JSON array" sh -c 'hpsmctl --json states | head -c 1 | grep -q "\["'

# Incremental reads while another process cycles CPUs.
check "hpsmctl reset" hpsmctl reset
first=$(trace_next)	# reset forgets events but numbering goes on
(for i in 1 2 3 4 5 6; do for cpu in 1 2 3; do set_online $cpu 0; set_online $cpu 1; done; done; touch /tmp/cycler.done) &
since=$first
: > /tmp/inc.trace
reads=0
while :; do
	done_before=0
	[ -e /tmp/cycler.done ] && done_before=1
	hpsmctl trace --since $since >> /tmp/inc.trace 2> /tmp/inc.err
	since=$(sed -n 's/.*next=\([0-9]*\).*/\1/p' /tmp/inc.err)
	reads=$((reads + 1))
	[ $done_before = 1 ] && break
	sleep 0.2
done
wait
# One last read after the cycler finished and the reader caught up.
hpsmctl trace --since $since >> /tmp/inc.trace 2> /tmp/inc.err
final=$(sed -n 's/.*next=\([0-9]*\).*/\1/p' /tmp/inc.err)
awk '$1 ~ /^[0-9]+$/ { print $1 }' /tmp/inc.trace > /tmp/inc.seqs
n=$(wc -l < /tmp/inc.seqs)
uniq_n=$(sort -n -u /tmp/inc.seqs | wc -l)
echo "# $reads incremental reads, $n events, from $first to next=$final"
check "incremental reads: several reads during the cycling" [ "$reads" -ge 3 ]
check "incremental reads: no event twice" [ "$n" = "$uniq_n" ]
check "incremental reads: no event lost (every seq from $first to next-1 seen)" \
	sh -c "[ $n -eq $((final - first)) ] && [ $(sort -n /tmp/inc.seqs | head -1) -eq $first ] && [ $(sort -n /tmp/inc.seqs | tail -1) -eq $((final - 1)) ]"
check "incremental reads: in sequence order" sh -c 'sort -n -c /tmp/inc.seqs'

# watch: the events of a cycle run while it listens.
hpsmctl watch --timeout 6 > /tmp/watch.txt 2> /tmp/watch.err &
wpid=$!
sleep 1
set_online 1 0; set_online 1 1
wait $wpid
echo "# watch: $(awk '$1 ~ /^[0-9]+$/' /tmp/watch.txt | wc -l) events; $(cat /tmp/watch.err)"
check "watch received cpu1's sample:enable teardown" \
	sh -c "awk '\$3 == 1 && \$12 == \"sample:enable\" && \$8 == \"down\"' /tmp/watch.txt | grep -q ."
check "watch received cpu1's sched:active startup" \
	sh -c "awk '\$3 == 1 && \$12 == \"sched:active\" && \$8 == \"up\"' /tmp/watch.txt | grep -q ."

# inject: a callback of the sample, then a whole section.
set_online 2 0
since=$(trace_next)
check "hpsmctl inject --callback sample:buffers --cpu 2 --errno ENOMEM" \
	hpsmctl inject --callback sample:buffers --cpu 2 --errno ENOMEM
check "injected: echo 1 > cpu2/online fails with ENOMEM" [ "$(try_online 2 1)" = 12 ]
check "injected: cpu2 stays offline" [ "$(cpu_online 2)" = 0 ]
hpsmctl trace --cpu 2 --since "$since" > /tmp/inj.trace 2>/dev/null
check "trace: sample:buffers exit with -12" \
	sh -c "awk '\$12 == \"sample:buffers\" && \$7 == \"exit\" && \$11 == -12' /tmp/inj.trace | grep -q ."
check "trace: sample:calib's PREP_HW state rolled back (rollback-down of hpsm:prep_hw)" \
	sh -c "awk '\$12 == \"hpsm:prep_hw\" && \$8 == \"rollback-down\"' /tmp/inj.trace | grep -q ."
check "injected failure was one-shot: a later online succeeds" [ "$(try_online 2 1)" = 0 ]
set_online 3 0
check "hpsmctl inject --section init_hw --cpu 3 --errno 5" hpsmctl inject --section init_hw --cpu 3 --errno 5
check "section injected: echo 1 > cpu3/online fails with EIO" [ "$(try_online 3 1)" = 5 ]
check "section injected: a later online succeeds" [ "$(try_online 3 1)" = 0 ]
check "hpsmctl inject --clear" hpsmctl inject --clear
check "trace --cpu of a CPU that does not exist: the kernel's message, exit 5" \
	sh -c 'hpsmctl trace --cpu 3000 > /dev/null 2>/tmp/e; s=$?; cat /tmp/e | sed "s/^/# /"; [ $s = 5 ] && grep -q "no such CPU" /tmp/e'
check "inject of an unknown callback is refused by the kernel (exit 5)" \
	sh -c 'hpsmctl inject --callback no:such --errno 5 2>/tmp/e; [ $? = 5 ] && grep -q "no hpsm callback" /tmp/e'

# Unprivileged user: reads work, admin commands are refused clearly.
check "nobody can read: hpsmctl states" boxhelper runas 65534 hpsmctl states
check "nobody can read: hpsmctl trace" sh -c 'boxhelper runas 65534 hpsmctl trace > /dev/null 2>&1'
check "nobody cannot inject (exit 4, permission message)" \
	sh -c 'boxhelper runas 65534 hpsmctl inject --section prep_hw --errno 5 2>/tmp/e; [ $? = 4 ] && grep -qi "permission denied" /tmp/e'
check "nobody cannot reset (exit 4)" sh -c 'boxhelper runas 65534 hpsmctl reset 2>/dev/null; [ $? = 4 ]'
check "nobody cannot switch the observer (exit 4)" sh -c 'boxhelper runas 65534 hpsmctl config --observe off 2>/dev/null; [ $? = 4 ]'

# Malformed requests over a raw socket.
nlprobe > /tmp/nlprobe.txt
status=$?
sed 's/^/# /' /tmp/nlprobe.txt
check "every malformed request was rejected with an extack message" [ $status = 0 ]
check "the module still works after the malformed requests" sh -c 'hpsmctl cpus > /dev/null && hpsmctl trace > /dev/null 2>&1'

check "rmmod hpsm_sample" unload_sample
clear_hotplug_fail
check "rmmod hpsm" unload_hpsm

# Scenario (issue 6): hpsmctl audit on the real machine.  (a) ordinary cycles
# audit clean, live and from ftrace's text; (b) real rollbacks (the kernel's
# hotplug/fail and a failure injected in hpsm_sample) audit clean and are
# reported as clean rollbacks; (c) the live audit and the ftrace-text audit of
# the same window agree on every kernel state; (e) the audit of the saved
# `hpsmctl trace --json` agrees with the live one; (d) an undeclared one-sided
# state (hpsm_sample's rogue_state) is found with --require-declared and
# cleared by --declare.
T=/sys/kernel/tracing
STATES=$CPU_SYS/hotplug/states

# audit_run OUT ARGS...: runs hpsmctl audit ARGS > OUT, prints what it found
# (summary and every error or warning) as TAP comments, and leaves the exit
# code in $rc.
audit_run() {
	out=$1
	shift
	hpsmctl "$@" > "$out" 2> /tmp/audit.err
	rc=$?
	echo "# hpsmctl $*: exit $rc"
	sed 's/^/#   /' /tmp/audit.err
	grep -E '^(result|transitions):' "$out" | sed 's/^/#   /'
	grep -E '^  (error|warning) ' "$out" | head -10 | sed 's/^/#   /'
	return 0
}

check "audit: insmod hpsm.ko ring_slots=65536" load_hpsm ring_slots=65536
check "audit: insmod hpsm_sample.ko" load_sample
echo 0 > $T/events/cpuhp/enable
echo 16384 > $T/buffer_size_kb
echo mono > $T/trace_clock	# hpsm's clock: one time base for both sources
echo > $T/trace
echo 1 > $T/events/cpuhp/enable
# Both windows start here: ftrace's buffer was just emptied, hpsm forgets
# what it recorded while the modules loaded.  No CPU moves in between.
check "audit: hpsmctl reset" hpsmctl reset

# (a) Ordinary cycles.
for round in 1 2; do
	for cpu in 1 2 3; do set_online $cpu 0; set_online $cpu 1; done
done
audit_run /tmp/audit-a.txt audit
check "audit (a): the live audit of 12 ordinary transitions is clean (exit 0)" \
	sh -c "[ $rc = 0 ] && grep -q '^transitions: 12 (6 up, 6 down): 12 complete' /tmp/audit-a.txt"
check "audit (a): it names hpsm's own callbacks with their section (sample:timer in init_hw)" \
	grep -q '^hpsm: *sample:timer \[init_hw\]' /tmp/audit-a.txt
audit_run /tmp/audit-af.txt audit --from-ftrace $T/trace --states $STATES
check "audit (a): the ftrace-text audit of the same cycles is clean (exit 0)" \
	sh -c "[ $rc = 0 ] && grep -q '^transitions: 12 (6 up, 6 down): 12 complete' /tmp/audit-af.txt"

# (b) Real rollbacks: the kernel's own fail injection, then a failure inside
# hpsm's array (sample:timer, INIT_HW).
wq=$(state_num 'workqueue:online')
set_online 2 0
echo "$wq" > $CPU_SYS/cpu2/hotplug/fail
check "audit (b): hotplug/fail at workqueue:online fails cpu2's online with EAGAIN" [ "$(try_online 2 1)" = 11 ]
echo -1 > $CPU_SYS/cpu2/hotplug/fail
set_online 2 1
set_online 1 0
sample_param fail_cpu 1; sample_param fail_errno 5; sample_param fail_times 1; sample_param fail_callback sample:timer
check "audit (b): an injected sample:timer failure fails cpu1's online with EIO" [ "$(try_online 1 1)" = 5 ]
sample_param fail_callback ""
set_online 1 1
audit_run /tmp/audit-b.json --json audit
check "audit (b): the live audit after two real rollbacks is clean (exit 0)" [ $rc = 0 ]
check "audit (b): two transitions rolled back, both reported as clean rollbacks" \
	sh -c "grep -q '\"rolled_back\":2' /tmp/audit-b.json && [ \$(grep -o '\"id\":\"ROLLBACK-CLEAN\"' /tmp/audit-b.json | wc -l) = 2 ]"
check "audit (b): no finding (no error, no warning)" \
	sh -c "grep -q '\"errors\":0' /tmp/audit-b.json && grep -q '\"warnings\":0' /tmp/audit-b.json"
audit_run /tmp/audit-bf.json --json audit --from-ftrace $T/trace --states $STATES
check "audit (b): the ftrace-text audit agrees: clean, two clean rollbacks" \
	sh -c "[ $rc = 0 ] && grep -q '\"rolled_back\":2' /tmp/audit-bf.json && [ \$(grep -o '\"id\":\"ROLLBACK-CLEAN\"' /tmp/audit-bf.json | wc -l) = 2 ]"

# (c) The same window from both sources: the same kernel states, counts and verdicts.
hpsmctl audit --layout-only > /tmp/layout.live
hpsmctl audit --from-ftrace $T/trace --states $STATES --layout-only > /tmp/layout.ftrace
rows=$(awk 'NR > 1 && ($4 + $5) > 0' /tmp/layout.live | wc -l)
echo "# layout: $(($(wc -l < /tmp/layout.live) - 1)) states, $rows with callbacks run"
check "audit (c): the layout table covers the states file and many states ran" \
	sh -c "[ $(($(wc -l < /tmp/layout.live) - 1)) -ge $(wc -l < $STATES) ] && [ $rows -ge 40 ]"
check "audit (c): live and ftrace-text audits agree on every kernel state (startups, teardowns, calls, verdict)" \
	cmp -s /tmp/layout.live /tmp/layout.ftrace
if ! cmp -s /tmp/layout.live /tmp/layout.ftrace; then
	diff /tmp/layout.live /tmp/layout.ftrace | head -20 | sed 's/^/#   /'
fi

# (e) The saved trace of the same boot, with the callbacks' description.
echo 0 > $T/events/cpuhp/enable
hpsmctl --json trace > /tmp/trace.json 2> /dev/null
hpsmctl --json states > /tmp/states.json
audit_run /tmp/audit-live.txt audit
live=$rc
audit_run /tmp/audit-e.txt audit --from-trace /tmp/trace.json --callbacks /tmp/states.json --states $STATES
check "audit (e): the saved trace audits with the live audit's exit code ($live)" [ "$rc" = "$live" ]
hpsmctl audit --from-trace /tmp/trace.json --callbacks /tmp/states.json --states $STATES --layout-only > /tmp/layout.saved
check "audit (e): ... and the same layout table" cmp -s /tmp/layout.live /tmp/layout.saved
audit_run /tmp/audit-e2.txt audit --from-trace /tmp/trace.json --callbacks /tmp/states.json
check "audit (e): without --states (the names the trace carries) the exit code is the same" [ "$rc" = "$live" ]
# One object per line, as trace --follow --json writes it.
hpsmctl --json trace --follow --interval 50 > /tmp/trace.ndjson 2> /dev/null &
fpid=$!
sleep 1
kill -INT $fpid
wait $fpid
audit_run /tmp/audit-e3.txt audit --from-trace /tmp/trace.ndjson --callbacks /tmp/states.json --states $STATES
check "audit (e): the NDJSON of trace --follow --json audits the same ($live)" [ "$rc" = "$live" ]
printf '[{"type":"event","seq":1}]\n' > /tmp/bad.json
audit_run /tmp/audit-bad.txt audit --from-trace /tmp/bad.json
check "audit (e): a malformed record is an input error naming it (exit 2)" \
	sh -c "[ $rc = 2 ] && grep -q 'record 1: missing \"ts_ns\"' /tmp/audit.err"

# (d) An undeclared one-sided state: hpsm_sample:rogue has a startup only.
check "audit (d): rmmod hpsm_sample" unload_sample
check "audit (d): insmod hpsm_sample.ko rogue_state=1" load_sample rogue_state=1
check "audit (d): hpsm_sample:rogue is a real cpuhp state" grep -q 'hpsm_sample:rogue$' $STATES
set_online 1 0; set_online 1 1; set_online 1 0; set_online 1 1
audit_run /tmp/audit-d0.txt audit
check "audit (d): without --require-declared it is one-sided by design, information (exit 0)" \
	sh -c "[ $rc = 0 ] && grep -q 'hpsm_sample:rogue .*one-sided by design' /tmp/audit-d0.txt"
audit_run /tmp/audit-d1.txt audit --require-declared hpsm_sample:
check "audit (d): --require-declared hpsm_sample: exits 1 with SYMMETRY-UNDECLARED naming hpsm_sample:rogue" \
	sh -c "[ $rc = 1 ] && grep -q '^  warning SYMMETRY-UNDECLARED .*hpsm_sample:rogue' /tmp/audit-d1.txt"
check "audit (d): ... and that is the only finding" grep -q '^result: *FINDINGS: 0 errors, 1 warnings' /tmp/audit-d1.txt
audit_run /tmp/audit-d2.txt audit --require-declared '[hpsm_sample]'
check "audit (d): --require-declared [hpsm_sample] (by module) finds it too (exit 1)" \
	sh -c "[ $rc = 1 ] && grep -q 'SYMMETRY-UNDECLARED .*hpsm_sample:rogue' /tmp/audit-d2.txt"
audit_run /tmp/audit-d3.txt audit --require-declared hpsm_sample: --declare hpsm_sample:rogue=test
check "audit (d): --declare hpsm_sample:rogue=test makes it clean (exit 0) and lists the reason" \
	sh -c "[ $rc = 0 ] && grep -q 'SYMMETRY-DECLARED .*hpsm_sample:rogue.*declared asymmetric: test' /tmp/audit-d3.txt"

check "audit: rmmod hpsm_sample" unload_sample
clear_hotplug_fail
check "audit: rmmod hpsm" unload_hpsm

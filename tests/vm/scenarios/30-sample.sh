# Scenario: hpsm_sample, the worked example client.  Its callbacks run in
# array order on the way up and in exact reverse on the way down, each on the
# CPU its section names; an injected failure at each callback returns its
# errno to the write to .../online, rolls back exactly what ran, and a later
# online succeeds; an undeclared one-sided callback is refused.

check "insmod hpsm_sample.ko" load_sample
check "hpsm refused the undeclared one-sided callback with a clear message" \
	sh -c 'dmesg | grep -q "install sample:undeclared: only a startup or only a teardown: declare HPSM_CB_ASYMMETRIC"'

# Installed with calls: every startup ran once on every online CPU.
check "install with calls ran every sample startup once on each online CPU" \
	sh -c "awk '!/^#/ && \$1 != \"live\" && (\$3 != 1 || \$4 != 0) { bad = 1 } END { exit bad }' $SAMPLE_DIR/counts"

# "callback dir place ret", where place is "ap" when the callback ran on the
# hotplugged CPU and "ctl" when on another one.
placed_events() { sample_events | awk '{ print $1, $2, ($3 == $4 ? "ap" : "ctl"), $5 }'; }

expected_cycle="sample:enable down ap 0
sample:unpark down ap 0
sample:timer down ap 0
sample:thread down ctl 0
sample:buffers down ctl 0
sample:calib up ctl 0
sample:buffers up ctl 0
sample:thread up ctl 0
sample:timer up ap 0
sample:unpark up ap 0
sample:enable up ap 0"

for cpu in 1 2 3; do
	sample_events_clear
	set_online $cpu 0 && set_online $cpu 1
	got=$(placed_events)
	if [ "$got" = "$expected_cycle" ]; then
		ok "cpu$cpu cycle: sample callbacks in array order up, reverse down, on the right CPU"
	else
		not_ok "cpu$cpu cycle: sample callbacks in array order up, reverse down, on the right CPU"
		echo "$got" | sed 's/^/#   got: /'
	fi
done

# Rollback: the teardowns that ran are exactly the successful startups with a
# teardown, in reverse.  sample:calib is declared asymmetric (no teardown).
rollback_exact() {
	sample_events | awk -v cb="$1" -v err="-$2" '
		$2 == "up" && $5 == 0 && $1 != "sample:calib" { ups[nu++] = $1 }
		$2 == "up" && $5 != 0 { failed = failed $1 " " $5 " " }
		$2 == "down" { downs[nd++] = $1 }
		END {
			if (failed != cb " " err " ") { print "# failed startups: " failed; exit 1 }
			if (nu != nd) { print "# " nu " startups but " nd " teardowns"; exit 1 }
			for (i = 0; i < nu; i++)
				if (downs[i] != ups[nu - 1 - i]) { print "# teardown " i " is " downs[i]; exit 1 }
		}'
}

# Nothing of the sample stays alive on an offline CPU.
nothing_live() {
	awk -v cpu="$1" '$1 == "live" && $2 == cpu { exit ($3 + $4 + $5 + $6 + $7 != 0) }' $SAMPLE_DIR/counts
}

# Not -EBUSY: on 6.12 drivers/base/cpu.c retries an online that failed with
# -EBUSY, so a one-shot fault would be hidden by the retry.
for spec in calib:5 buffers:12 thread:11 timer:19 unpark:6 enable:28; do
	cb=sample:${spec%%:*}
	err=${spec##*:}
	set_online 2 0
	sample_events_clear
	sample_param fail_cpu 2
	sample_param fail_errno "$err"
	sample_param fail_times 1
	sample_param fail_callback "$cb"
	got=$(try_online 2 1)
	check "$cb fails on cpu2: echo 1 > online returns errno $err (got $got)" [ "$got" = "$err" ]
	check "$cb fails on cpu2: cpu2 stays offline" [ "$(cpu_online 2)" = 0 ]
	check "$cb fails on cpu2: exactly the startups that ran are torn down, in reverse" rollback_exact "$cb" "$err"
	check "$cb fails on cpu2: no sample resource left on cpu2" nothing_live 2
	check "$cb fails on cpu2: a later online succeeds" [ "$(try_online 2 1)" = 0 ]
done
sample_param fail_callback ""

check "rmmod hpsm_sample" unload_sample

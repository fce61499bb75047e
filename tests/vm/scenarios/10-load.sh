# Scenario: load hpsm; its six states are listed in the RFC's order, the PREP
# sections inside CPUHP_BP_PREPARE_DYN and the AP sections inside
# CPUHP_AP_ONLINE_DYN.  Numbers are read, never assumed: they move between
# kernel builds.

check "insmod hpsm.ko" load_hpsm

expected="hpsm:prep_hw hpsm:prep_data hpsm:prep_threads hpsm:init_hw hpsm:sched_local hpsm:enable"
got=$(hpsm_states | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')
if [ "$got" = "$expected" ]; then
	ok "the six hpsm states are listed in the RFC's order"
else
	not_ok "the six hpsm states are listed in the RFC's order (got: $got)"
fi

# Ascending numbers in listing order (the file is sorted by number, so this
# also proves registration order = layout order).
nums=$(hpsm_states | awk '{print $1}' | tr '\n' ' ')
check "hpsm state numbers ascend in layout order" \
	sh -c "echo '$nums' | tr ' ' '\n' | grep . | sort -n -c"

# BP prepare dynamic range: after threads:prepare, before the state that
# follows CPUHP_BP_PREPARE_DYN_END (cpu:kick_ap on 6.12, cpu:bringup on 6.1).
threads=$(state_num 'threads:prepare')
bp_end=$(state_num 'cpu:kick_ap')
[ -n "$bp_end" ] || bp_end=$(state_num 'cpu:bringup')
# AP online dynamic range: after smpboot/threads:online, before sched:active.
ap_lo=$(state_num 'smpboot/threads:online')
ap_hi=$(state_num 'sched:active')
echo "# threads:prepare=$threads bp_end=$bp_end smpboot=$ap_lo sched:active=$ap_hi"
echo "# hpsm states: $nums"

in_range() { [ -n "$2" ] && [ -n "$3" ] && [ "$1" -gt "$2" ] && [ "$1" -lt "$3" ]; }
set -- $nums
prep_ok=1
for n in $1 $2 $3; do in_range "$n" "$threads" "$bp_end" || prep_ok=0; done
check "prep_hw, prep_data, prep_threads are in the BP prepare dynamic range" [ "$prep_ok" = 1 ]
ap_ok=1
for n in $4 $5 $6; do in_range "$n" "$ap_lo" "$ap_hi" || ap_ok=0; done
check "init_hw, sched_local, enable are in the AP online dynamic range" [ "$ap_ok" = 1 ]

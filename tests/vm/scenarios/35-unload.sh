# Scenario: unload, reload, unload; nothing of hpsm is left behind.  Ends the
# part of the run that shares one loaded hpsm (10..35); later scenarios load
# their own.
clear_hotplug_fail
check "rmmod hpsm" unload_hpsm
check "no hpsm state left after unload" sh -c '! grep -q hpsm: /sys/devices/system/cpu/hotplug/states'
check "insmod hpsm.ko again" load_hpsm
check "six hpsm states after reload" [ "$(hpsm_states | wc -l)" = 6 ]
check "cpu3 offline/online with the reloaded module" sh -c '. /tests/lib.sh; set_online 3 0 && set_online 3 1'
check "rmmod hpsm again" unload_hpsm
check "no hpsm state left after the second unload" sh -c '! grep -q hpsm: /sys/devices/system/cpu/hotplug/states'
check "no hpsm module left" sh -c '! grep -q "^hpsm " /proc/modules'

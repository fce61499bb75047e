# Scenario: every one of cpu1..3 goes offline and online five times with
# hpsm loaded, and hpsm's per-CPU position follows sysfs.

for cpu in 1 2 3; do
	good=0
	for i in 1 2 3 4 5; do
		set_online $cpu 0 && set_online $cpu 1 && good=$((good + 1))
	done
	check "cpu$cpu offline/online 5 times" [ "$good" = 5 ]
done

if [ -x /bin/hpsmctl ]; then
	set_online 2 0
	out=$(hpsmctl cpus)
	echo "$out" | sed 's/^/# /'
	check "hpsmctl cpus: cpu2 offline has reached nothing" \
		sh -c "echo '$out' | awk '\$1 == 2 && \$3 == \"offline\"' | grep -q ."
	check "hpsmctl cpus: cpu1 online has reached enable" \
		sh -c "echo '$out' | awk '\$1 == 1 && \$3 == \"enable\"' | grep -q ."
	set_online 2 1
	out=$(hpsmctl cpus)
	check "hpsmctl cpus: cpu2 back online has reached enable" \
		sh -c "echo '$out' | awk '\$1 == 2 && \$3 == \"enable\"' | grep -q ."
fi

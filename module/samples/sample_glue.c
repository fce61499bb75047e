// SPDX-License-Identifier: GPL-2.0
/*
 * hpsm_sample.ko: the kernel side of the worked example (see sample_core.h).
 * Each sample_res_* function is the per-CPU resource of a typical driver; the
 * decisions (table, order, injected faults, counters) live in sample.cpp.
 *
 * Fault injection (module parameters, writable at run time):
 *   fail_callback=sample:timer fail_cpu=2 fail_errno=5 fail_times=1
 * makes the next startup of sample:timer on cpu2 return -EIO.
 *
 * debugfs (hpsm_sample/): "events" lists every callback run (write to clear),
 * "counts" the per-CPU startup/teardown/failure counts and live resources.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/cpumask.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "sample_core.h"

static char fail_callback[32];
module_param_string(fail_callback, fail_callback, sizeof(fail_callback), 0644);
MODULE_PARM_DESC(fail_callback, "callback whose startup fails (e.g. sample:timer or timer)");
static int fail_cpu = -1;
module_param(fail_cpu, int, 0644);
MODULE_PARM_DESC(fail_cpu, "CPU the failure applies to (-1: any)");
static int fail_errno = EIO;
module_param(fail_errno, int, 0644);
MODULE_PARM_DESC(fail_errno, "positive errno the failing startup returns");
static int fail_times = 1;
module_param(fail_times, int, 0644);
MODULE_PARM_DESC(fail_times, "how many startups fail before the fault disarms");

/*
 * For the audit's tests only: a plain cpuhp state with a startup and no
 * teardown, registered straight on the kernel (hpsm would refuse it without a
 * declared reason), so that `hpsmctl audit --require-declared` has an
 * undeclared one-sided state to find.
 */
static bool rogue_state;
module_param(rogue_state, bool, 0444);
MODULE_PARM_DESC(rogue_state, "also register the undeclared one-sided state hpsm_sample:rogue (audit tests)");
static int sample_rogue_dyn;

static int sample_rogue_startup(unsigned int cpu)
{
	return 0;
}

#define SAMPLE_BUF_SIZE 4096
#define SAMPLE_TICK_NS (10 * NSEC_PER_MSEC)

struct sample_cpu {
	void *buffer;			/* PREP_DATA */
	struct task_struct *thread;	/* PREP_THREADS, unparked in SCHED_LOCAL */
	struct hrtimer timer;		/* INIT_HW, pinned to the CPU */
	bool timer_armed;
	bool unparked;
	bool enabled;			/* ENABLE */
	bool calibrated;		/* PREP_HW, kept across offline */
	unsigned long ticks;		/* timer expiries while enabled */
	unsigned long misplaced;	/* timer expiries on another CPU */
};

static DEFINE_PER_CPU(struct sample_cpu, sample_cpus);
static void *sample_counts_mem;
static struct dentry *sample_dir;

/* ---- the resources --------------------------------------------------------- */

int sample_res_calibrate(unsigned int cpu)
{
	per_cpu(sample_cpus, cpu).calibrated = true;
	return 0;
}

int sample_res_alloc_buffer(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	sc->buffer = kzalloc_node(SAMPLE_BUF_SIZE, GFP_KERNEL, cpu_to_node(cpu));
	return sc->buffer ? 0 : -ENOMEM;
}

void sample_res_free_buffer(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	kfree(sc->buffer);
	sc->buffer = NULL;
}

static int sample_thread_fn(void *data)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

int sample_res_create_thread(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);
	struct task_struct *t;

	/* Like smpboot: created bound to the CPU and parked until SCHED_LOCAL. */
	t = kthread_create_on_cpu(sample_thread_fn, NULL, cpu, "hpsm_sample/%u");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_park(t);
	sc->thread = t;
	return 0;
}

void sample_res_stop_thread(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	kthread_stop(sc->thread);
	sc->thread = NULL;
}

static enum hrtimer_restart sample_tick(struct hrtimer *timer)
{
	struct sample_cpu *sc = container_of(timer, struct sample_cpu, timer);

	if (sc != this_cpu_ptr(&sample_cpus))
		sc->misplaced++;
	else if (READ_ONCE(sc->enabled))
		sc->ticks++;
	hrtimer_forward_now(timer, ns_to_ktime(SAMPLE_TICK_NS));
	return HRTIMER_RESTART;
}

/* Runs on @cpu (INIT_HW is an AP section): the pinned timer stays there. */
int sample_res_start_timer(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	hrtimer_init(&sc->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	sc->timer.function = sample_tick;
	hrtimer_start(&sc->timer, ns_to_ktime(SAMPLE_TICK_NS), HRTIMER_MODE_REL_PINNED);
	sc->timer_armed = true;
	return 0;
}

void sample_res_cancel_timer(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	hrtimer_cancel(&sc->timer);
	sc->timer_armed = false;
}

int sample_res_unpark_thread(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	kthread_unpark(sc->thread);
	sc->unparked = true;
	return 0;
}

void sample_res_park_thread(unsigned int cpu)
{
	struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

	kthread_park(sc->thread);
	sc->unparked = false;
}

int sample_res_enable(unsigned int cpu)
{
	WRITE_ONCE(per_cpu(sample_cpus, cpu).enabled, true);
	return 0;
}

void sample_res_disable(unsigned int cpu)
{
	WRITE_ONCE(per_cpu(sample_cpus, cpu).enabled, false);
}

unsigned int sample_this_cpu(void)
{
	return raw_smp_processor_id();
}

unsigned long long sample_clock_ns(void)
{
	return ktime_get_mono_fast_ns();
}

void sample_fault_get(struct sample_fault *f)
{
	strreplace(fail_callback, '\n', '\0');	/* "echo" adds one */
	f->callback = fail_callback;
	f->cpu = READ_ONCE(fail_cpu);
	f->error = READ_ONCE(fail_errno);
	f->times = READ_ONCE(fail_times);
}

void sample_fault_consume(void)
{
	WRITE_ONCE(fail_times, fail_times - 1);
}

/* ---- debugfs ------------------------------------------------------------------ */

static int sample_events_show(struct seq_file *m, void *v)
{
	struct sample_event e;
	unsigned int i;

	seq_puts(m, "# seq cpu on_cpu callback dir ret\n");
	for (i = 0; sample_event_get(i, &e) == 0; i++)
		seq_printf(m, "%llu %u %u %s %s %d\n", e.seq, e.cpu, e.on_cpu,
			   sample_cb_name(e.cb), e.up ? "up" : "down", e.ret);
	return 0;
}

static int sample_events_open(struct inode *inode, struct file *file)
{
	return single_open(file, sample_events_show, NULL);
}

static ssize_t sample_events_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	cpus_read_lock();	/* the log's writers run under the hotplug lock */
	sample_events_clear();
	cpus_read_unlock();
	return len;
}

static const struct file_operations sample_events_fops = {
	.owner = THIS_MODULE,
	.open = sample_events_open,
	.read = seq_read,
	.write = sample_events_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int sample_counts_show(struct seq_file *m, void *v)
{
	struct sample_counts c;
	unsigned int cpu, cb;

	seq_puts(m, "# cpu callback up down failed\n");
	for_each_possible_cpu(cpu)
		for (cb = 0; cb < SAMPLE_NR_CB; cb++)
			if (sample_counts_get(cpu, cb, &c) == 0)
				seq_printf(m, "%u %s %llu %llu %llu\n", cpu, sample_cb_name(cb),
					   c.up, c.down, c.failed);
	seq_puts(m, "# cpu live: buffer thread timer unparked enabled calibrated misplaced_ticks\n");
	for_each_possible_cpu(cpu) {
		struct sample_cpu *sc = &per_cpu(sample_cpus, cpu);

		seq_printf(m, "live %u %d %d %d %d %d %d %lu\n", cpu, !!sc->buffer, !!sc->thread,
			   sc->timer_armed, sc->unparked, sc->enabled, sc->calibrated, sc->misplaced);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sample_counts);

/* ---- init / exit ----------------------------------------------------------------- */

static int __init sample_init(void)
{
	int ret;

	sample_counts_mem = kvzalloc(sample_counts_bytes(nr_cpu_ids), GFP_KERNEL);
	if (!sample_counts_mem)
		return -ENOMEM;
	ret = sample_try_undeclared();
	if (ret != -EINVAL) {
		pr_err("hpsm accepted or mis-refused an undeclared one-sided callback: %d\n", ret);
		ret = ret < 0 ? ret : -EINVAL;
		goto err_free;
	}
	pr_info("undeclared one-sided callback refused by hpsm: %d (as it must be)\n", ret);
	ret = sample_core_init(sample_counts_mem, nr_cpu_ids);
	if (ret)
		goto err_free;
	if (rogue_state) {
		ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hpsm_sample:rogue", sample_rogue_startup, NULL);
		if (ret < 0) {
			sample_core_exit();
			goto err_free;
		}
		sample_rogue_dyn = ret;
	}
	sample_dir = debugfs_create_dir("hpsm_sample", NULL);
	debugfs_create_file("events", 0600, sample_dir, NULL, &sample_events_fops);
	debugfs_create_file("counts", 0400, sample_dir, NULL, &sample_counts_fops);
	return 0;

err_free:
	kvfree(sample_counts_mem);
	return ret;
}

static void __exit sample_exit(void)
{
	debugfs_remove_recursive(sample_dir);
	if (sample_rogue_dyn > 0)
		cpuhp_remove_state(sample_rogue_dyn);
	sample_core_exit();
	kvfree(sample_counts_mem);
}

module_init(sample_init);
module_exit(sample_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hpsm worked example: a per-CPU driver converted to the mirrored hotplug layout");

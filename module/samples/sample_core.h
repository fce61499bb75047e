/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hpsm_sample: the interface between the sample's C++ logic (sample.cpp) and
 * its C glue (sample_glue.c).  Plain C.
 *
 * The sample converts a typical per-CPU driver to hpsm's layout:
 *
 *   section        callback          startup                teardown
 *   PREP_HW        sample:calib      calibrate (kept)       — (declared asymmetric)
 *   PREP_DATA      sample:buffers    allocate buffer        free buffer
 *   PREP_THREADS   sample:thread     create parked kthread  stop kthread
 *   INIT_HW        sample:timer      start pinned hrtimer   cancel hrtimer
 *   SCHED_LOCAL    sample:unpark     unpark kthread         park kthread
 *   ENABLE         sample:enable     set enable bit         clear enable bit
 */
#ifndef HPSM_SAMPLE_CORE_H
#define HPSM_SAMPLE_CORE_H

#ifdef __cplusplus
extern "C" {
#endif

enum sample_cb {
	SAMPLE_CALIB,
	SAMPLE_BUFFERS,
	SAMPLE_THREAD,
	SAMPLE_TIMER,
	SAMPLE_UNPARK,
	SAMPLE_ENABLE,
	SAMPLE_NR_CB
};

/* ---- implemented by the glue (kernel resources) ---- */
int sample_res_calibrate(unsigned int cpu);
int sample_res_alloc_buffer(unsigned int cpu);
void sample_res_free_buffer(unsigned int cpu);
int sample_res_create_thread(unsigned int cpu);
void sample_res_stop_thread(unsigned int cpu);
int sample_res_start_timer(unsigned int cpu);
void sample_res_cancel_timer(unsigned int cpu);
int sample_res_unpark_thread(unsigned int cpu);
void sample_res_park_thread(unsigned int cpu);
int sample_res_enable(unsigned int cpu);
void sample_res_disable(unsigned int cpu);

unsigned int sample_this_cpu(void);
unsigned long long sample_clock_ns(void);

/* The fault armed through module parameters (read at each startup). */
struct sample_fault {
	const char *callback;	/* "sample:timer" or "timer"; "" = none */
	int cpu;		/* -1: any CPU */
	int error;		/* positive errno to return, negated */
	int times;		/* how many more failures; <= 0: none */
};
void sample_fault_get(struct sample_fault *f);
void sample_fault_consume(void);

/* ---- implemented by the C++ logic ---- */
struct sample_counts {
	unsigned long long up;		/* successful startups */
	unsigned long long down;	/* teardowns */
	unsigned long long failed;	/* injected startup failures */
};

struct sample_event {
	unsigned long long seq;
	unsigned int cpu;	/* the CPU being hotplugged */
	unsigned int on_cpu;	/* the CPU that ran the callback */
	unsigned int cb;	/* enum sample_cb */
	int up;			/* 1 startup, 0 teardown */
	int ret;
};

/* @counts: zeroed memory for sample_counts_bytes(nr_cpus). */
unsigned long sample_counts_bytes(unsigned int nr_cpus);
int sample_core_init(void *counts, unsigned int nr_cpus);
void sample_core_exit(void);
const char *sample_cb_name(unsigned int cb);
int sample_counts_get(unsigned int cpu, unsigned int cb, struct sample_counts *out);
/* Events oldest first: index 0.. ; returns -1 past the end. */
int sample_event_get(unsigned int index, struct sample_event *out);
void sample_events_clear(void);
/* Tries to install an undeclared one-sided callback; returns hpsm's answer. */
int sample_try_undeclared(void);

#ifdef __cplusplus
}
#endif

#endif /* HPSM_SAMPLE_CORE_H */

// SPDX-License-Identifier: GPL-2.0
//
// hpsm_sample's logic: the callback table of a typical per-CPU driver
// converted to hpsm's layout (see sample_core.h), the injected failures, and
// the counters and event log the test box reads to prove order and rollback.
// Kernel resources are the glue's; this file decides.
#include "../core/types.h"
#include "../../include/hpsm/hpsm.h"
#include "sample_core.h"

namespace sample {
namespace {

using hpsm::u64;

struct Entry {
	const char *name;
	hpsm_section section;
	int (*up)(unsigned int cpu);
	void (*down)(unsigned int cpu); // nullptr: declared asymmetric
	const char *reason;
};

// The table is the documentation: array order = run order on the way up.
constexpr Entry kTable[SAMPLE_NR_CB] = {
    [SAMPLE_CALIB] = {"sample:calib", HPSM_SEC_PREP_HW, sample_res_calibrate, nullptr,
                      "calibration data is kept across offline and reused on the next online"},
    [SAMPLE_BUFFERS] = {"sample:buffers", HPSM_SEC_PREP_DATA, sample_res_alloc_buffer, sample_res_free_buffer, nullptr},
    [SAMPLE_THREAD] = {"sample:thread", HPSM_SEC_PREP_THREADS, sample_res_create_thread, sample_res_stop_thread,
                       nullptr},
    [SAMPLE_TIMER] = {"sample:timer", HPSM_SEC_INIT_HW, sample_res_start_timer, sample_res_cancel_timer, nullptr},
    [SAMPLE_UNPARK] = {"sample:unpark", HPSM_SEC_SCHED_LOCAL, sample_res_unpark_thread, sample_res_park_thread,
                       nullptr},
    [SAMPLE_ENABLE] = {"sample:enable", HPSM_SEC_ENABLE, sample_res_enable, sample_res_disable, nullptr},
};

constexpr unsigned int kLogSize = 512; // events kept, oldest overwritten

struct State {
	int ids[SAMPLE_NR_CB] = {-1, -1, -1, -1, -1, -1};
	sample_counts *counts = nullptr; // [cpu][cb]
	unsigned int nr_cpus = 0;
	sample_event log[kLogSize] = {};
	u64 next_seq = 0;    // callbacks are serialised by hotplug: no atomics needed
	u64 first_valid = 0; // events before this were cleared
};

constinit State g;

void record(unsigned int cb, unsigned int cpu, bool up, int ret)
{
	sample_event &e = g.log[g.next_seq % kLogSize];
	e.seq = g.next_seq++;
	e.cpu = cpu;
	e.on_cpu = sample_this_cpu();
	e.cb = cb;
	e.up = up;
	e.ret = ret;
}

sample_counts *counts(unsigned int cpu, unsigned int cb)
{
	return cpu < g.nr_cpus ? &g.counts[cpu * SAMPLE_NR_CB + cb] : nullptr;
}

bool names_match(const char *want, const char *name)
{
	// "sample:timer" and "timer" both name sample:timer.
	if (hpsm::str_equal(want, name))
		return true;
	return hpsm::str_equal(want, name + sizeof("sample:") - 1);
}

// An injected failure behaves like a real one: the callback did nothing.
int injected_error(unsigned int cb, unsigned int cpu)
{
	sample_fault f;
	sample_fault_get(&f);
	if (f.times <= 0 || f.callback == nullptr || !names_match(f.callback, kTable[cb].name))
		return 0;
	if (f.cpu >= 0 && static_cast<unsigned int>(f.cpu) != cpu)
		return 0;
	sample_fault_consume();
	return -(f.error > 0 ? f.error : hpsm::kEINVAL);
}

int startup(unsigned int cpu, void *priv)
{
	const auto cb = static_cast<unsigned int>(reinterpret_cast<__UINTPTR_TYPE__>(priv));
	int ret = injected_error(cb, cpu);

	if (ret == 0)
		ret = kTable[cb].up(cpu);
	record(cb, cpu, true, ret);
	if (sample_counts *c = counts(cpu, cb))
		(ret == 0 ? c->up : c->failed)++;
	return ret;
}

void teardown(unsigned int cpu, void *priv)
{
	const auto cb = static_cast<unsigned int>(reinterpret_cast<__UINTPTR_TYPE__>(priv));

	kTable[cb].down(cpu);
	record(cb, cpu, false, 0);
	if (sample_counts *c = counts(cpu, cb))
		c->down++;
}

void remove_all()
{
	for (int cb = SAMPLE_NR_CB - 1; cb >= 0; cb--) {
		if (g.ids[cb] >= 0)
			hpsm_remove(g.ids[cb]);
		g.ids[cb] = -1;
	}
}

} // namespace
} // namespace sample

using namespace sample;

extern "C" unsigned long sample_counts_bytes(unsigned int nr_cpus)
{
	return static_cast<unsigned long>(nr_cpus) * SAMPLE_NR_CB * sizeof(sample_counts);
}

// Installs the table in order, with calls: every online CPU gets each
// startup at once.  On a failure the callbacks already installed are removed
// again (with their teardowns), so nothing stays half-installed.
extern "C" int sample_core_init(void *counts_mem, unsigned int nr_cpus)
{
	g.counts = static_cast<sample_counts *>(counts_mem);
	g.nr_cpus = nr_cpus;
	for (unsigned int cb = 0; cb < SAMPLE_NR_CB; cb++) {
		const Entry &e = kTable[cb];
		hpsm_callback desc = {};
		desc.name = e.name;
		desc.section = e.section;
		desc.order = 0;
		desc.startup = startup;
		desc.teardown = e.down != nullptr ? teardown : nullptr;
		desc.flags = e.down != nullptr ? 0 : HPSM_CB_ASYMMETRIC;
		desc.reason = e.reason;
		desc.priv = reinterpret_cast<void *>(static_cast<__UINTPTR_TYPE__>(cb));
		const int id = hpsm_install(&desc);
		if (id < 0) {
			remove_all();
			return id;
		}
		g.ids[cb] = id;
	}
	return 0;
}

extern "C" void sample_core_exit(void)
{
	remove_all();
	g.counts = nullptr;
	g.nr_cpus = 0;
}

extern "C" const char *sample_cb_name(unsigned int cb)
{
	return cb < SAMPLE_NR_CB ? kTable[cb].name : "?";
}

extern "C" int sample_counts_get(unsigned int cpu, unsigned int cb, struct sample_counts *out)
{
	const sample_counts *c = cb < SAMPLE_NR_CB ? counts(cpu, cb) : nullptr;
	if (c == nullptr)
		return -1;
	*out = *c;
	return 0;
}

extern "C" int sample_event_get(unsigned int index, struct sample_event *out)
{
	u64 first = g.next_seq > kLogSize ? g.next_seq - kLogSize : 0;
	if (first < g.first_valid)
		first = g.first_valid;
	if (first + index >= g.next_seq)
		return -1;
	*out = g.log[(first + index) % kLogSize];
	return 0;
}

extern "C" void sample_events_clear(void)
{
	// Keep the sequence: numbers are never reused.
	g.first_valid = g.next_seq;
}

extern "C" int sample_try_undeclared(void)
{
	hpsm_callback desc = {};
	desc.name = "sample:undeclared";
	desc.section = HPSM_SEC_ENABLE;
	desc.startup = startup; // no teardown and no HPSM_CB_ASYMMETRIC: must be refused
	desc.priv = reinterpret_cast<void *>(static_cast<__UINTPTR_TYPE__>(SAMPLE_ENABLE));
	const int id = hpsm_install(&desc);
	if (id >= 0)
		hpsm_remove(id); // should never happen; the test box reports it
	return id;
}

// SPDX-License-Identifier: GPL-2.0
//
// The C entry points of the core.  One global Machine, constant-initialised
// (the kernel never runs global constructors).
#include "core_api.h"
#include "machine.h"

#include "platform.h"

namespace hpsm {
constinit Machine g_machine;
constinit Observer g_observer;
} // namespace hpsm

using hpsm::g_machine;
using hpsm::g_observer;

extern "C" int hpsm_core_init(unsigned int nr_cpu_ids, const struct hpsm_core_layout *l, unsigned int ring_slots)
{
	const hpsm::KernelLayout layout = {l->online, l->bringup,    l->teardown, l->ap_offline, l->ap_online_idle,
	                                   l->bp_dyn, l->bp_dyn_end, l->ap_dyn,   l->ap_dyn_end, l->ap_active};
	int ret = g_observer.init(nr_cpu_ids, layout, ring_slots);
	if (ret != 0)
		return ret;
	ret = g_machine.init(nr_cpu_ids);
	if (ret != 0) {
		g_observer.fini();
		return ret;
	}
	g_machine.set_observer(&g_observer);
	return 0;
}

extern "C" void hpsm_core_exit(void)
{
	g_machine.fini();
	g_observer.fini();
}

extern "C" void hpsm_core_kernel_enter(unsigned int cpu, int target, int state, const void *fn, int multi)
{
	g_observer.kernel_enter(cpu, target, state, fn, multi != 0);
}

extern "C" void hpsm_core_kernel_exit(unsigned int cpu, int state_after, int state, int ret)
{
	g_observer.kernel_exit(cpu, state_after, state, ret);
}

extern "C" unsigned int hpsm_core_events_read(unsigned long long since, int cpu, struct hpsm_core_event *out,
                                              unsigned int max, unsigned long long *next)
{
	// Records are copied in small chunks so that the stack stays bounded.
	constexpr unsigned int kChunk = 16;
	hpsm::Record recs[kChunk];
	unsigned int n = 0;
	hpsm::u64 at = since;

	while (n < max) {
		const unsigned int want = max - n < kChunk ? max - n : kChunk;
		const unsigned int got = g_observer.recorder().read(at, cpu, recs, want, &at);
		for (unsigned int i = 0; i < got; i++) {
			const hpsm::Record &r = recs[i];
			hpsm_core_event &e = out[n++];
			e.seq = r.seq;
			e.ts_ns = r.ts_ns;
			e.cpu = r.cpu;
			e.on_cpu = r.on_cpu;
			e.source = r.source;
			e.kind = r.kind;
			e.phase = static_cast<unsigned int>(hpsm::record_phase(r));
			e.dir = static_cast<unsigned int>(hpsm::record_dir(r));
			e.ret = r.ret;
			e.target = r.target;
			e.state = r.state;
		}
		if (got < want)
			break;
	}
	*next = at;
	return n;
}

extern "C" void hpsm_core_ring_stats(unsigned int cpu, unsigned long long *written, unsigned long long *dropped)
{
	const hpsm::RingStats rs = g_observer.recorder().ring_stats(cpu);
	*written = rs.written;
	*dropped = rs.dropped;
}

extern "C" unsigned int hpsm_core_ring_capacity(void)
{
	return g_observer.recorder().capacity();
}

extern "C" unsigned long long hpsm_core_next_seq(void)
{
	return g_observer.recorder().next_seq();
}

extern "C" unsigned int hpsm_core_stats_slots(void)
{
	return g_observer.nr_sources();
}

extern "C" int hpsm_core_stats_get(unsigned int slot, unsigned int dir, struct hpsm_core_stats *out)
{
	if (dir >= hpsm::kDirs)
		return -hpsm::kENOENT;
	const hpsm::LatencyStats *s = g_observer.stats(slot, static_cast<hpsm::Dir>(dir));
	if (s == nullptr || __atomic_load_n(&s->count, __ATOMIC_RELAXED) == 0)
		return -hpsm::kENOENT;
	const hpsm::SourceRef ref = g_observer.source_ref(slot);
	out->kind = static_cast<unsigned int>(ref.kind);
	out->source = ref.index;
	out->count = __atomic_load_n(&s->count, __ATOMIC_RELAXED);
	out->sum_ns = __atomic_load_n(&s->sum_ns, __ATOMIC_RELAXED);
	out->min_ns = __atomic_load_n(&s->min_ns, __ATOMIC_RELAXED);
	out->max_ns = __atomic_load_n(&s->max_ns, __ATOMIC_RELAXED);
	out->p50_ns = s->quantile(500);
	out->p90_ns = s->quantile(900);
	out->p99_ns = s->quantile(990);
	return 0;
}

extern "C" int hpsm_core_stats_bucket(unsigned int slot, unsigned int dir, unsigned int index, unsigned long long *low,
                                      unsigned long long *high, unsigned int *count)
{
	if (dir >= hpsm::kDirs)
		return -hpsm::kENOENT;
	const hpsm::LatencyStats *s = g_observer.stats(slot, static_cast<hpsm::Dir>(dir));
	if (s == nullptr)
		return -hpsm::kENOENT;
	for (unsigned int b = 0; b < hpsm::kBuckets; b++) {
		const hpsm::u32 c = __atomic_load_n(&s->buckets[b], __ATOMIC_RELAXED);
		if (c == 0 || index-- > 0)
			continue;
		*low = hpsm::bucket_low(b);
		*high = hpsm::bucket_high(b);
		*count = c;
		return 0;
	}
	return -hpsm::kENOENT;
}

extern "C" const void *hpsm_core_kernel_fn(int state, int teardown)
{
	return g_observer.kernel_fn(state, teardown);
}

extern "C" int hpsm_core_callback_get(int id, struct hpsm_core_callback *out)
{
	hpsm_plat_exclude_hotplug();
	const hpsm::Callback *cb = g_machine.callback(id);
	if (cb != nullptr) {
		hpsm::str_copy(out->name, cb->name, sizeof(out->name));
		hpsm::str_copy(out->reason, cb->reason, sizeof(out->reason));
		out->section = cb->section;
		out->order = cb->order;
		out->flags = cb->flags;
		out->has_startup = cb->startup != nullptr;
		out->has_teardown = cb->teardown != nullptr;
	}
	hpsm_plat_allow_hotplug();
	return cb != nullptr ? 0 : -hpsm::kENOENT;
}

extern "C" void hpsm_core_reset(void)
{
	hpsm_plat_exclude_hotplug();
	g_observer.reset();
	hpsm_plat_allow_hotplug();
}

extern "C" int hpsm_core_section_startup(unsigned int section, unsigned int cpu)
{
	return g_machine.section_startup(section, cpu);
}

extern "C" void hpsm_core_section_teardown(unsigned int section, unsigned int cpu)
{
	g_machine.section_teardown(section, cpu);
}

extern "C" int hpsm_core_install(const struct hpsm_callback *cb, int calls)
{
	return g_machine.install(cb, calls != 0);
}

extern "C" int hpsm_core_remove(int id, int calls)
{
	return g_machine.remove(id, calls != 0);
}

extern "C" int hpsm_core_cpu_get(unsigned int cpu, struct hpsm_core_cpu *out)
{
	if (cpu >= g_machine.nr_cpus())
		return -hpsm::kENOENT;
	out->reached = g_machine.reached(cpu);
	out->up_mask = g_machine.up_mask(cpu);
	return 0;
}

extern "C" int hpsm_core_section_get(unsigned int index, struct hpsm_core_section *out)
{
	const hpsm::SectionInfo *s = hpsm::section_info(index);
	if (s == nullptr)
		return -hpsm::kENOENT;
	out->id = s->id;
	out->kind = s->kind;
	out->name = s->name;
	out->state_name = s->state_name;
	out->carrier = static_cast<int>(s->carrier);
	return 0;
}

extern "C" int hpsm_core_inject(const char *callback, int section, int cpu, int error, unsigned int count)
{
	return g_machine.inject(callback, section, cpu, error, count);
}

extern "C" void hpsm_core_inject_clear(void)
{
	g_machine.inject_clear();
}

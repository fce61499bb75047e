// SPDX-License-Identifier: GPL-2.0
//
// The mirrored layout: one row per section of the RFC's target state machine.
//
//   startup (cpu_up)                                    teardown (cpu_down)
//     |  OFFLINE        start state                            ^
//     |  PREP_HW        control CPU, before the AP is kicked   |
//     |  PREP_DATA      control CPU                            |
//     |  PREP_THREADS   control CPU                            |
//     |  SYNC           control CPU hands over to the AP       |
//     |  INIT_HW        on the hotplugged CPU                  |
//     |  SCHED_LOCAL    on the hotplugged CPU                  |
//     |  ENABLE         on the hotplugged CPU                  |
//     |  SYNC           AP done                                |
//     |  SCHED          kernel: CPU exposed to the scheduler   |
//     v  ONLINE         final state                            |
//
// PREP sections run on the control CPU and may fail: the kernel then tears
// down the sections before them exactly as on offlining.  The AP sections run
// on the hotplugged CPU.  The kernel has no dynamic state range in its
// STARTING/DYING section (interrupts off on the AP), so INIT_HW, SCHED_LOCAL
// and ENABLE are carried by CPUHP_AP_ONLINE_DYN states, which run in the AP's
// cpuhp/N thread, preemptible.  The order of this table is the documentation:
// the kernel glue registers the carriers in this order, and dynamic slots are
// taken first-free, so /sys/devices/system/cpu/hotplug/states lists them in it.
#pragma once

#include "types.h"
#include "../../include/uapi/hpsm.h"

namespace hpsm {

// Which dynamic range of the real kernel state machine carries a section.
enum class Carrier : u8 {
	None,         // checkpoint or kernel-owned: no hpsm state
	BpPrepareDyn, // CPUHP_BP_PREPARE_DYN: control CPU, before the AP runs
	ApOnlineDyn,  // CPUHP_AP_ONLINE_DYN: the AP's cpuhp/N thread
};

struct SectionInfo {
	hpsm_section id;
	const char *name;       // "prep_hw"; the real state is "hpsm:" + name
	const char *state_name; // the cpuhp state name, or nullptr
	hpsm_section_kind kind;
	Carrier carrier;
	bool may_fail; // may a startup in this section fail?
};

inline constexpr SectionInfo kSections[] = {
    {HPSM_SEC_OFFLINE, "offline", nullptr, HPSM_SECKIND_START, Carrier::None, false},
    {HPSM_SEC_PREP_HW, "prep_hw", "hpsm:prep_hw", HPSM_SECKIND_PREP, Carrier::BpPrepareDyn, true},
    {HPSM_SEC_PREP_DATA, "prep_data", "hpsm:prep_data", HPSM_SECKIND_PREP, Carrier::BpPrepareDyn, true},
    {HPSM_SEC_PREP_THREADS, "prep_threads", "hpsm:prep_threads", HPSM_SECKIND_PREP, Carrier::BpPrepareDyn, true},
    // Checkpoint: recorded by hpsm between the last PREP and first AP callback.
    {HPSM_SEC_SYNC_UP, "sync", nullptr, HPSM_SECKIND_SYNC, Carrier::None, false},
    {HPSM_SEC_INIT_HW, "init_hw", "hpsm:init_hw", HPSM_SECKIND_AP, Carrier::ApOnlineDyn, true},
    {HPSM_SEC_SCHED_LOCAL, "sched_local", "hpsm:sched_local", HPSM_SECKIND_AP, Carrier::ApOnlineDyn, true},
    {HPSM_SEC_ENABLE, "enable", "hpsm:enable", HPSM_SECKIND_AP, Carrier::ApOnlineDyn, true},
    // Checkpoint: the AP's callbacks are done (mirror of SYNC_UP on the way down).
    {HPSM_SEC_SYNC_DOWN, "sync", nullptr, HPSM_SECKIND_SYNC, Carrier::None, false},
    // Kernel-owned: sched:active exposes the CPU; observed, never driven.
    {HPSM_SEC_SCHED, "sched", nullptr, HPSM_SECKIND_KERNEL, Carrier::None, false},
    {HPSM_SEC_ONLINE, "online", nullptr, HPSM_SECKIND_KERNEL, Carrier::None, false},
};

static_assert(array_size(kSections) == HPSM_SEC_COUNT, "one row per enum hpsm_section");

constexpr bool sections_in_enum_order()
{
	for (usize i = 0; i < array_size(kSections); i++)
		if (kSections[i].id != static_cast<hpsm_section>(i))
			return false;
	return true;
}
static_assert(sections_in_enum_order(), "kSections is indexed by enum hpsm_section");

constexpr const SectionInfo *section_info(u32 id)
{
	return id < HPSM_SEC_COUNT ? &kSections[id] : nullptr;
}

// Sections that hold hpsm callbacks (carried by a real cpuhp state).
constexpr bool section_has_callbacks(u32 id)
{
	return id < HPSM_SEC_COUNT && kSections[id].carrier != Carrier::None;
}

constexpr unsigned count_callback_sections()
{
	unsigned n = 0;
	for (const auto &s : kSections)
		n += s.carrier != Carrier::None;
	return n;
}
inline constexpr unsigned kCallbackSections = count_callback_sections();
static_assert(kCallbackSections == 6, "three PREP and three AP sections");

} // namespace hpsm

// Where a real kernel state sits in the RFC's layout
// (OFFLINE / PREP / SYNC / INIT / SCHED / ENABLE / ONLINE):
//
//   PREP    below cpu:kick_ap / cpu:bringup: control CPU, before the CPU is kicked
//   SYNC    cpu:kick_ap, cpu:bringup, cpu:teardown: where control CPU and AP hand over
//   INIT    between cpu:bringup and cpu:teardown: STARTING/DYING on the AP, interrupts off
//           (and hpsm's INIT_HW, which has to live in the ONLINE range)
//   SCHED   smpboot threads, sched:waitempty, sched:active (and hpsm's SCHED_LOCAL)
//   ENABLE  every other AP online state
//   ONLINE  the final state
//
// The number range decides; the name's suffix (:prepare, :dead, :starting,
// :dying, :online) is compared with it and a mismatch becomes a note, since
// the suffix is what readers of the states file go by.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/anchors.h"

namespace hpsmctl::audit {

enum class Section : uint8_t { offline, prep, sync, init, sched, enable, online, unknown };

std::string_view section_name(Section s);

struct Placement {
	Section section = Section::unknown;
	std::string note; // empty, or why the name and the range disagree
};

Placement classify_state(int32_t state, std::string_view name, const Anchors &a);

} // namespace hpsmctl::audit

// The kernel's own names of its cpuhp states, from
// /sys/devices/system/cpu/hotplug/states ("%3d: %s" per line).  State numbers
// move even inside one stable kernel series, so this file is the only place
// they get their names; nothing in hpsmctl hard-codes one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hpsmctl {

inline constexpr const char *kernel_states_path = "/sys/devices/system/cpu/hotplug/states";

using StateNames = std::map<int32_t, std::string>; // state number → name

// Lines that are not "NUMBER: NAME" are skipped: a name is decoration, and
// a surprise in the file must not stop a trace.
StateNames parse_state_names(std::string_view text);
// nullopt when the file cannot be read (no sysfs, no hotplug support).
std::optional<StateNames> read_state_names(const char *path = kernel_states_path);

} // namespace hpsmctl

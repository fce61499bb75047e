// Names for the enums of include/uapi/hpsm.h, in one place.
//
// A section has a key, unique per row and used as the JSON value and the ID
// column ("sync_up", "sync_down"), and a name as the RFC's layout spells it,
// where both checkpoints are "sync".  A value this tool does not know (a newer
// module) is printed as its number, never hidden.
#pragma once

#include <cstdint>
#include <string>

namespace hpsmctl {

std::string section_key(uint32_t id);
std::string section_name(uint32_t id);
std::string kind_name(uint32_t kind);

} // namespace hpsmctl

// Names for the enums of include/uapi/hpsm.h, in one place, and the few
// names hpsmctl accepts on its command line (sections, errno values).
//
// A section has a key, unique per row and used as the JSON value and the ID
// column ("sync_up", "sync_down"), and a name as the RFC's layout spells it,
// where both checkpoints are "sync".  A value this tool does not know (a newer
// module) is printed as its number, never hidden.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hpsmctl {

std::string section_key(uint32_t id);
std::string section_name(uint32_t id);
std::string kind_name(uint32_t kind); // enum hpsm_section_kind

// enum hpsm_source_kind: kernel, multi, callback, sync.
std::string source_kind_name(uint32_t kind);
// enum hpsm_phase: enter, exit.
std::string phase_name(uint32_t phase);
// enum hpsm_dir: up, down, rollback-down, rollback-up.
std::string dir_name(uint32_t dir);
// A bring-up direction (up, rollback-up): the kernel ran the startup.
bool dir_runs_startup(uint32_t dir);

// A section that holds callbacks (PREP or AP), by key ("prep_hw") or by
// number; nullopt for anything else.
std::optional<uint32_t> parse_callback_section(std::string_view text);
// The keys parse_callback_section() accepts, for messages: "prep_hw, ...".
std::string callback_section_keys();

// An errno as a number ("5") or a name ("EIO", "eio"), either with a leading
// '-'; nullopt unless it is a known name or a number in 1..4095.
std::optional<uint32_t> parse_errno(std::string_view text);
// "EIO" for 5; the number for one without a name here.
std::string errno_name(uint32_t err);

} // namespace hpsmctl

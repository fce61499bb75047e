#include "names.h"

#include <array>
#include <string_view>

#include <uapi/hpsm.h>

namespace hpsmctl {

namespace {

struct SectionNames {
	hpsm_section id;
	std::string_view key;
	std::string_view name;
};

// In enum order: the lookup below indexes by value and the checks keep it so.
constexpr std::array<SectionNames, HPSM_SEC_COUNT> sections{{
    {HPSM_SEC_OFFLINE, "offline", "offline"},
    {HPSM_SEC_PREP_HW, "prep_hw", "prep_hw"},
    {HPSM_SEC_PREP_DATA, "prep_data", "prep_data"},
    {HPSM_SEC_PREP_THREADS, "prep_threads", "prep_threads"},
    {HPSM_SEC_SYNC_UP, "sync_up", "sync"},
    {HPSM_SEC_INIT_HW, "init_hw", "init_hw"},
    {HPSM_SEC_SCHED_LOCAL, "sched_local", "sched_local"},
    {HPSM_SEC_ENABLE, "enable", "enable"},
    {HPSM_SEC_SYNC_DOWN, "sync_down", "sync"},
    {HPSM_SEC_SCHED, "sched", "sched"},
    {HPSM_SEC_ONLINE, "online", "online"},
}};

constexpr std::array<std::string_view, HPSM_SECKIND_KERNEL + 1> kinds{
    "start", "prep", "sync", "ap", "kernel",
};
constexpr bool in_enum_order()
{
	for (size_t i = 0; i < sections.size(); i++)
		if (sections[i].id != static_cast<hpsm_section>(i))
			return false;
	return true;
}
static_assert(in_enum_order(), "sections[] must follow enum hpsm_section");

} // namespace

std::string section_key(uint32_t id)
{
	return id < sections.size() ? std::string(sections[id].key) : std::to_string(id);
}

std::string section_name(uint32_t id)
{
	return id < sections.size() ? std::string(sections[id].name) : std::to_string(id);
}

std::string kind_name(uint32_t kind)
{
	return kind < kinds.size() ? std::string(kinds[kind]) : std::to_string(kind);
}

} // namespace hpsmctl

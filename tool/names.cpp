#include "names.h"

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>

#include <uapi/hpsm.h>

namespace hpsmctl {

namespace {

struct SectionNames {
	hpsm_section id;
	std::string_view key;
	std::string_view name;
	bool callbacks; // a PREP or AP section: may hold callbacks, may fail
};

// In enum order: the lookup below indexes by value and the checks keep it so.
constexpr std::array<SectionNames, HPSM_SEC_COUNT> sections{{
    {HPSM_SEC_OFFLINE, "offline", "offline", false},
    {HPSM_SEC_PREP_HW, "prep_hw", "prep_hw", true},
    {HPSM_SEC_PREP_DATA, "prep_data", "prep_data", true},
    {HPSM_SEC_PREP_THREADS, "prep_threads", "prep_threads", true},
    {HPSM_SEC_SYNC_UP, "sync_up", "sync", false},
    {HPSM_SEC_INIT_HW, "init_hw", "init_hw", true},
    {HPSM_SEC_SCHED_LOCAL, "sched_local", "sched_local", true},
    {HPSM_SEC_ENABLE, "enable", "enable", true},
    {HPSM_SEC_SYNC_DOWN, "sync_down", "sync", false},
    {HPSM_SEC_SCHED, "sched", "sched", false},
    {HPSM_SEC_ONLINE, "online", "online", false},
}};

constexpr std::array<std::string_view, HPSM_SECKIND_KERNEL + 1> kinds{
    "start", "prep", "sync", "ap", "kernel",
};
constexpr std::array<std::string_view, HPSM_SRC_SYNC + 1> source_kinds{"kernel", "multi", "callback", "sync"};
constexpr std::array<std::string_view, HPSM_PHASE_EXIT + 1> phases{"enter", "exit"};
constexpr std::array<std::string_view, HPSM_DIR_COUNT> dirs{"up", "down", "rollback-down", "rollback-up"};
static_assert(HPSM_DIR_UP == 0 && HPSM_DIR_DOWN == 1 && HPSM_DIR_ROLLBACK_DOWN == 2 && HPSM_DIR_ROLLBACK_UP == 3);
static_assert(HPSM_SRC_KERNEL == 0 && HPSM_SRC_KERNEL_MULTI == 1 && HPSM_SRC_CALLBACK == 2 && HPSM_SRC_SYNC == 3);

constexpr bool in_enum_order()
{
	for (size_t i = 0; i < sections.size(); i++)
		if (sections[i].id != static_cast<hpsm_section>(i))
			return false;
	return true;
}
static_assert(in_enum_order(), "sections[] must follow enum hpsm_section");

// The errno values a callback plausibly fails with; Linux numbers them the
// same in the kernel and in userspace.
struct ErrnoName {
	int value;
	std::string_view name;
};
constexpr ErrnoName errnos[] = {
    {EPERM, "EPERM"},         {ENOENT, "ENOENT"},       {ESRCH, "ESRCH"},         {EINTR, "EINTR"},
    {EIO, "EIO"},             {ENXIO, "ENXIO"},         {E2BIG, "E2BIG"},         {EBADF, "EBADF"},
    {EAGAIN, "EAGAIN"},       {ENOMEM, "ENOMEM"},       {EACCES, "EACCES"},       {EFAULT, "EFAULT"},
    {EBUSY, "EBUSY"},         {EEXIST, "EEXIST"},       {ENODEV, "ENODEV"},       {EINVAL, "EINVAL"},
    {ENOSPC, "ENOSPC"},       {ERANGE, "ERANGE"},       {EDEADLK, "EDEADLK"},     {ENOSYS, "ENOSYS"},
    {EOPNOTSUPP, "EOPNOTSUPP"}, {EADDRINUSE, "EADDRINUSE"}, {ETIMEDOUT, "ETIMEDOUT"}, {EALREADY, "EALREADY"},
    {ECANCELED, "ECANCELED"},
};

template <size_t N> std::string from(const std::array<std::string_view, N> &names, uint32_t v)
{
	return v < names.size() ? std::string(names[v]) : std::to_string(v);
}

std::optional<uint32_t> parse_number(std::string_view text)
{
	uint32_t v = 0;
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
	if (ec != std::errc() || end != text.data() + text.size() || text.empty())
		return std::nullopt;
	return v;
}

bool same_upper(std::string_view a, std::string_view upper)
{
	if (a.size() != upper.size())
		return false;
	for (size_t i = 0; i < a.size(); i++)
		if (std::toupper(static_cast<unsigned char>(a[i])) != upper[i])
			return false;
	return true;
}

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
	return from(kinds, kind);
}

std::string source_kind_name(uint32_t kind)
{
	return from(source_kinds, kind);
}

std::string phase_name(uint32_t phase)
{
	return from(phases, phase);
}

std::string dir_name(uint32_t dir)
{
	return from(dirs, dir);
}

bool dir_runs_startup(uint32_t dir)
{
	return dir == HPSM_DIR_UP || dir == HPSM_DIR_ROLLBACK_UP;
}

std::optional<uint32_t> parse_callback_section(std::string_view text)
{
	std::optional<uint32_t> id = parse_number(text);
	if (!id)
		for (const SectionNames &s : sections)
			if (s.key == text)
				id = s.id;
	if (!id || *id >= sections.size() || !sections[*id].callbacks)
		return std::nullopt;
	return id;
}

std::string callback_section_keys()
{
	std::string keys;
	for (const SectionNames &s : sections)
		if (s.callbacks)
			keys += (keys.empty() ? "" : ", ") + std::string(s.key);
	return keys;
}

std::optional<uint32_t> parse_errno(std::string_view text)
{
	if (text.starts_with('-'))
		text.remove_prefix(1);
	if (std::optional<uint32_t> n = parse_number(text))
		return *n >= 1 && *n <= 4095 ? n : std::nullopt;
	if (same_upper(text, "EWOULDBLOCK")) // the same value as EAGAIN on Linux
		return EAGAIN;
	for (const ErrnoName &e : errnos)
		if (same_upper(text, e.name))
			return static_cast<uint32_t>(e.value);
	return std::nullopt;
}

std::string errno_name(uint32_t err)
{
	for (const ErrnoName &e : errnos)
		if (static_cast<uint32_t>(e.value) == err)
			return std::string(e.name);
	return std::to_string(err);
}

} // namespace hpsmctl

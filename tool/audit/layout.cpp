#include "audit/layout.h"

namespace hpsmctl::audit {

std::string_view section_name(Section s)
{
	switch (s) {
	case Section::offline:
		return "OFFLINE";
	case Section::prep:
		return "PREP";
	case Section::sync:
		return "SYNC";
	case Section::init:
		return "INIT";
	case Section::sched:
		return "SCHED";
	case Section::enable:
		return "ENABLE";
	case Section::online:
		return "ONLINE";
	case Section::unknown:
		break;
	}
	return "?";
}

namespace {

Section by_range(int32_t s, std::string_view name, const Anchors &a)
{
	if (s == 0)
		return Section::offline;
	if (a.online >= 0 && s == a.online)
		return Section::online;
	if (s == a.kick_ap || s == a.bringup || s == a.teardown)
		return Section::sync;
	int32_t first_sync = a.kick_ap >= 0 ? a.kick_ap : a.bringup;
	if (first_sync < 0)
		return Section::unknown;
	if (s < first_sync)
		return Section::prep;
	if (a.teardown >= 0 && s < a.teardown)
		return Section::init;
	if (a.online >= 0 && s > a.online)
		return Section::unknown;
	// The AP online range holds the RFC's INIT_HW / SCHED_LOCAL / ENABLE /
	// SCHED blocks side by side; the names say which is which.
	if (s == a.sched_active || name.starts_with("sched:") || name.starts_with("smpboot/") ||
	    name.ends_with(":sched_local"))
		return Section::sched;
	if (name.ends_with(":init_hw"))
		return Section::init;
	return Section::enable;
}

} // namespace

Placement classify_state(int32_t s, std::string_view name, const Anchors &a)
{
	Placement p;
	p.section = by_range(s, name, a);
	auto colon = name.rfind(':');
	auto suffix = colon == std::string_view::npos ? std::string_view() : name.substr(colon + 1);
	bool in_prep = p.section == Section::prep;
	bool in_init = p.section == Section::init && a.is_untraced(s);
	bool in_ap_online = a.teardown >= 0 && s > a.teardown && (a.online < 0 || s < a.online);
	std::string where = std::string(section_name(p.section));
	// The kernel's own anchors ("ap:online", "cpu:teardown", "idle:dead")
	// name a position, not a phase.
	if (name.starts_with("ap:") || name.starts_with("cpu:") || name.starts_with("idle:"))
		return p;
	if ((suffix == "prepare" || suffix == "dead") && !in_prep && p.section != Section::unknown)
		p.note = "named :" + std::string(suffix) + " but numbered in " + where + ", not PREP";
	else if ((suffix == "starting" || suffix == "dying") && !in_init && p.section != Section::unknown)
		p.note = "named :" + std::string(suffix) + " but numbered in " + where +
		         (in_ap_online ? " (runs preemptible in cpuhp/N, not with interrupts off)" : "");
	else if (suffix == "online" && !in_ap_online && p.section != Section::unknown)
		p.note = "named :online but numbered in " + where;
	return p;
}

} // namespace hpsmctl::audit

#include "nl/schema.h"

#include <array>

#include <linux/genetlink.h>
#include <uapi/hpsm.h>

namespace hpsmctl::nl {

namespace {

using enum AttrType;

struct Entry {
	int type;
	AttrDesc desc;
};

// Turns a list of {number, description} into an array indexed by number and
// refuses (at compile time) a number out of range or described twice.
template <size_t N, size_t M> constexpr std::array<AttrDesc, N> indexed(const Entry (&entries)[M])
{
	std::array<AttrDesc, N> out{};
	for (const Entry &e : entries) {
		if (e.type <= 0 || static_cast<size_t>(e.type) >= N || !out[e.type].name.empty())
			throw "attribute table out of step with its enum";
		out[e.type] = e.desc;
	}
	return out;
}

// ---- nests, innermost first ----------------------------------------------

constexpr Entry cb_entries[] = {
    {HPSM_CB_A_ID, {"id", u32}},
    {HPSM_CB_A_NAME, {"name", string}},
    {HPSM_CB_A_SECTION, {"section", u32}},
    {HPSM_CB_A_ORDER, {"order", s32}},
    {HPSM_CB_A_FLAGS, {"flags", u32}},
    {HPSM_CB_A_REASON, {"reason", string}},
    {HPSM_CB_A_STARTUP, {"startup", flag}},
    {HPSM_CB_A_TEARDOWN, {"teardown", flag}},
};
constexpr auto cb_attrs = indexed<HPSM_CB_A_MAX + 1>(cb_entries);

constexpr Entry kstate_entries[] = {
    {HPSM_KS_A_STATE, {"state", u32}},
    {HPSM_KS_A_STARTUP_SYM, {"startup_sym", string}},
    {HPSM_KS_A_TEARDOWN_SYM, {"teardown_sym", string}},
};
constexpr auto kstate_attrs = indexed<HPSM_KS_A_MAX + 1>(kstate_entries);

constexpr Entry event_entries[] = {
    {HPSM_EV_A_PAD, {"pad", pad}},       {HPSM_EV_A_SEQ, {"seq", u64}},       {HPSM_EV_A_TS, {"ts", u64}},
    {HPSM_EV_A_CPU, {"cpu", u32}},       {HPSM_EV_A_ON_CPU, {"on_cpu", u32}}, {HPSM_EV_A_KIND, {"kind", u32}},
    {HPSM_EV_A_SOURCE, {"source", u32}}, {HPSM_EV_A_PHASE, {"phase", u32}},   {HPSM_EV_A_DIR, {"dir", u32}},
    {HPSM_EV_A_RET, {"ret", s32}},       {HPSM_EV_A_TARGET, {"target", s32}}, {HPSM_EV_A_STATE, {"state", s32}},
};
constexpr auto event_attrs = indexed<HPSM_EV_A_MAX + 1>(event_entries);

constexpr Entry ring_entries[] = {
    {HPSM_RING_A_PAD, {"pad", pad}},
    {HPSM_RING_A_CPU, {"cpu", u32}},
    {HPSM_RING_A_WRITTEN, {"written", u64}},
    {HPSM_RING_A_DROPPED, {"dropped", u64}},
};
constexpr auto ring_attrs = indexed<HPSM_RING_A_MAX + 1>(ring_entries);

constexpr Entry bucket_entries[] = {
    {HPSM_BK_A_PAD, {"pad", pad}},
    {HPSM_BK_A_LOW, {"low", u64}},
    {HPSM_BK_A_HIGH, {"high", u64}},
    {HPSM_BK_A_COUNT, {"count", u32}},
};
constexpr auto bucket_attrs = indexed<HPSM_BK_A_MAX + 1>(bucket_entries);

constexpr Entry stat_entries[] = {
    {HPSM_ST_A_PAD, {"pad", pad}},       {HPSM_ST_A_KIND, {"kind", u32}},
    {HPSM_ST_A_SOURCE, {"source", u32}}, {HPSM_ST_A_DIR, {"dir", u32}},
    {HPSM_ST_A_COUNT, {"count", u64}},   {HPSM_ST_A_SUM_NS, {"sum", u64}},
    {HPSM_ST_A_MIN_NS, {"min", u64}},    {HPSM_ST_A_MAX_NS, {"max", u64}},
    {HPSM_ST_A_P50_NS, {"p50", u64}},    {HPSM_ST_A_P90_NS, {"p90", u64}},
    {HPSM_ST_A_P99_NS, {"p99", u64}},       {HPSM_ST_A_BUCKET, {"bucket", nested, bucket_attrs}},
};
constexpr auto stat_attrs = indexed<HPSM_ST_A_MAX + 1>(stat_entries);

constexpr Entry klayout_entries[] = {
    {HPSM_KL_A_ONLINE, {"online", u32}},
    {HPSM_KL_A_BRINGUP, {"bringup", u32}},
    {HPSM_KL_A_TEARDOWN, {"teardown", u32}},
    {HPSM_KL_A_AP_OFFLINE, {"ap_offline", u32}},
    {HPSM_KL_A_AP_ONLINE_IDLE, {"ap_online_idle", u32}},
    {HPSM_KL_A_BP_DYN, {"bp_dyn", u32}},
    {HPSM_KL_A_BP_DYN_END, {"bp_dyn_end", u32}},
    {HPSM_KL_A_AP_DYN, {"ap_dyn", u32}},
    {HPSM_KL_A_AP_DYN_END, {"ap_dyn_end", u32}},
    {HPSM_KL_A_AP_ACTIVE, {"ap_active", u32}},
};
constexpr auto klayout_attrs = indexed<HPSM_KL_A_MAX + 1>(klayout_entries);

// ---- the hpsm family -------------------------------------------------------

constexpr Entry hpsm_entries[] = {
    {HPSM_A_PAD, {"pad", pad}},
    {HPSM_A_CPU_ID, {"cpu_id", u32}},
    {HPSM_A_CPU_ONLINE, {"cpu_online", u8}},
    {HPSM_A_CPU_REACHED, {"cpu_reached", u32}},
    {HPSM_A_CPU_UP_MASK, {"cpu_up_mask", u64}},
    {HPSM_A_SEC_ID, {"sec_id", u32}},
    {HPSM_A_SEC_NAME, {"sec_name", string}},
    {HPSM_A_SEC_KIND, {"sec_kind", u32}},
    {HPSM_A_SEC_STATE, {"sec_state", u32}},
    {HPSM_A_SEC_STATE_NAME, {"sec_state_name", string}},
    {HPSM_A_CB, {"cb", nested, cb_attrs}},
    {HPSM_A_KSTATE, {"kstate", nested, kstate_attrs}},
    {HPSM_A_EV_SINCE, {"ev_since", u64}},
    {HPSM_A_EV_CPU, {"ev_cpu", u32}},
    {HPSM_A_EV_NEXT, {"ev_next", u64}},
    {HPSM_A_EVENT, {"event", nested, event_attrs}},
    {HPSM_A_RING, {"ring", nested, ring_attrs}},
    {HPSM_A_STAT, {"stat", nested, stat_attrs}},
    {HPSM_A_CFG_OBSERVE, {"cfg_observe", u8}},
    {HPSM_A_CFG_RING_SLOTS, {"cfg_ring_slots", u32}},
    {HPSM_A_CFG_NR_CPUS, {"cfg_nr_cpus", u32}},
    {HPSM_A_CFG_KLAYOUT, {"cfg_klayout", nested, klayout_attrs}},
    {HPSM_A_INJ_CALLBACK, {"inj_callback", string}},
    {HPSM_A_INJ_SECTION, {"inj_section", u32}},
    {HPSM_A_INJ_CPU, {"inj_cpu", u32}},
    {HPSM_A_INJ_ERRNO, {"inj_errno", u32}},
    {HPSM_A_INJ_COUNT, {"inj_count", u32}},
    {HPSM_A_INJ_CLEAR, {"inj_clear", flag}},
};
constexpr auto hpsm_attrs = indexed<HPSM_A_MAX + 1>(hpsm_entries);

constexpr std::array<std::string_view, HPSM_CMD_MAX + 1> hpsm_commands{
    "UNSPEC",     "GET_CPUS",   "GET_SECTIONS", "GET_STATES", "GET_EVENTS", "GET_STATS",
    "GET_CONFIG", "SET_CONFIG", "RESET",        "INJECT",     "EVENTS",
};

// ---- nlctrl ------------------------------------------------------------------

constexpr Entry ctrl_entries[] = {
    {CTRL_ATTR_FAMILY_ID, {"family_id", u16}},
    {CTRL_ATTR_FAMILY_NAME, {"family_name", string}},
    {CTRL_ATTR_VERSION, {"version", u32}},
    {CTRL_ATTR_HDRSIZE, {"hdrsize", u32}},
    {CTRL_ATTR_MAXATTR, {"maxattr", u32}},
    {CTRL_ATTR_OPS, {"ops", nested}},
    {CTRL_ATTR_MCAST_GROUPS, {"mcast_groups", nested}},
    {CTRL_ATTR_POLICY, {"policy", nested}},
    {CTRL_ATTR_OP_POLICY, {"op_policy", nested}},
    {CTRL_ATTR_OP, {"op", u32}},
};
constexpr auto ctrl_attrs = indexed<CTRL_ATTR_OP + 1>(ctrl_entries);

constexpr std::array<std::string_view, CTRL_CMD_GETPOLICY + 1> ctrl_commands{
    "UNSPEC", "NEWFAMILY",    "DELFAMILY",    "GETFAMILY",    "NEWOPS",    "DELOPS",
    "GETOPS", "NEWMCAST_GRP", "DELMCAST_GRP", "GETMCAST_GRP", "GETPOLICY",
};

const FamilySchema hpsm{HPSM_GENL_NAME, hpsm_commands, hpsm_attrs};
const FamilySchema ctrl{"nlctrl", ctrl_commands, ctrl_attrs};

nla_policy policy_for(AttrType type)
{
	switch (type) {
	case u8:
		return {NLA_U8, sizeof(uint8_t), sizeof(uint8_t)};
	case u16:
		return {NLA_U16, sizeof(uint16_t), sizeof(uint16_t)};
	case u32:
		return {NLA_U32, sizeof(uint32_t), sizeof(uint32_t)};
	case u64:
		return {NLA_U64, sizeof(uint64_t), sizeof(uint64_t)};
	case s32:
		return {NLA_S32, sizeof(int32_t), sizeof(int32_t)};
	case string:
		return {NLA_STRING, 0, 0};
	case flag:
		return {NLA_FLAG, 0, 0};
	case nested:
		return {NLA_NESTED, 0, 0};
	case unspec:
	case pad:
		break;
	}
	return {NLA_UNSPEC, 0, 0};
}

} // namespace

const FamilySchema &hpsm_schema()
{
	return hpsm;
}

const FamilySchema &ctrl_schema()
{
	return ctrl;
}

std::string_view type_name(AttrType type)
{
	switch (type) {
	case u8:
		return "u8";
	case u16:
		return "u16";
	case u32:
		return "u32";
	case u64:
		return "u64";
	case s32:
		return "s32";
	case string:
		return "string";
	case flag:
		return "flag";
	case nested:
		return "nested";
	case pad:
		return "pad";
	case unspec:
		break;
	}
	return "binary";
}

std::string_view command_name(const FamilySchema &schema, uint8_t cmd)
{
	return cmd < schema.commands.size() ? schema.commands[cmd] : std::string_view{};
}

const AttrDesc *attr_desc(AttrSet attrs, int type)
{
	if (type < 0 || static_cast<size_t>(type) >= attrs.size() || attrs[type].name.empty())
		return nullptr;
	return &attrs[type];
}

std::vector<nla_policy> make_policy(AttrSet attrs)
{
	std::vector<nla_policy> policy;
	for (const AttrDesc &a : attrs)
		policy.push_back(policy_for(a.type));
	return policy;
}

} // namespace hpsmctl::nl

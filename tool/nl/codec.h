// The hpsm wire format, with no socket in it: build request messages, and
// turn reply messages into plain structs.  Every reply is validated against
// the nla_policy derived from nl/schema.cpp, and mandatory attributes are
// checked, so a malformed reply is a protocol_error (exit 5), never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <linux/netlink.h>
#include <netlink/msg.h>

namespace hpsmctl::nl {

struct MsgFree {
	void operator()(nl_msg *msg) const { nlmsg_free(msg); }
};
using MsgPtr = std::unique_ptr<nl_msg, MsgFree>;

// HPSM_CMD_GET_CPUS, one per possible CPU.
struct CpuRecord {
	uint32_t cpu = 0;
	bool online = false;
	uint32_t reached = 0; // enum hpsm_section
	uint64_t up_mask = 0;
	bool operator==(const CpuRecord &) const = default;
};

// HPSM_CMD_GET_SECTIONS, one per row of the mirrored layout.
struct SectionRecord {
	uint32_t id = 0; // enum hpsm_section
	std::string name;
	uint32_t kind = 0;                     // enum hpsm_section_kind
	std::optional<uint32_t> state;         // callback sections only
	std::optional<std::string> state_name; // callback sections only
	bool operator==(const SectionRecord &) const = default;
};

// HPSM_CMD_GET_STATES, HPSM_A_CB: an installed hpsm callback.
struct CallbackRecord {
	uint32_t id = 0;
	std::string name;
	uint32_t section = 0; // enum hpsm_section
	int32_t order = 0;
	uint32_t flags = 0;                // HPSM_CB_* of include/hpsm/hpsm.h
	std::optional<std::string> reason; // only when declared asymmetric
	bool startup = false;              // has a startup
	bool teardown = false;             // has a teardown
	bool operator==(const CallbackRecord &) const = default;
};

// HPSM_CMD_GET_STATES, HPSM_A_KSTATE: a kernel state the observer has seen.
struct KernelStateRecord {
	uint32_t state = 0;
	std::optional<std::string> startup_sym;  // "%ps" of the startup last seen
	std::optional<std::string> teardown_sym; // "%ps" of the teardown last seen
	bool operator==(const KernelStateRecord &) const = default;
};

// One message of a GET_STATES dump carries exactly one of the two.
using StateRecord = std::variant<CallbackRecord, KernelStateRecord>;

// HPSM_A_EVENT: one recorded callback entry or exit.
struct EventRecord {
	uint64_t seq = 0;
	uint64_t ts_ns = 0;
	uint32_t cpu = 0;    // the hotplugged CPU
	uint32_t on_cpu = 0; // the CPU that ran the callback
	uint32_t kind = 0;   // enum hpsm_source_kind
	uint32_t source = 0; // state number, callback id or section, by kind
	uint32_t phase = 0;  // enum hpsm_phase
	uint32_t dir = 0;    // enum hpsm_dir
	std::optional<int32_t> ret;    // exit only
	std::optional<int32_t> target; // kernel enter only
	std::optional<int32_t> state;  // kernel exit only
	bool operator==(const EventRecord &) const = default;
};

// HPSM_A_RING: one CPU's ring counters.
struct RingRecord {
	uint32_t cpu = 0;
	uint64_t written = 0;
	uint64_t dropped = 0;
	bool operator==(const RingRecord &) const = default;
};

// One message of a GET_EVENTS dump, or one HPSM_CMD_EVENTS multicast batch:
// events in sequence order; the last message of a dump (and every batch)
// also carries next, where the following read resumes; rings come with the
// dump's next only.
struct EventBatch {
	std::vector<EventRecord> events;
	std::optional<uint64_t> next;
	std::vector<RingRecord> rings;
	bool operator==(const EventBatch &) const = default;
};

// HPSM_ST_A_BUCKET: one non-empty histogram bucket, [low, high) ns.
struct BucketRecord {
	uint64_t low = 0;
	uint64_t high = 0;
	uint32_t count = 0;
	bool operator==(const BucketRecord &) const = default;
};

// HPSM_CMD_GET_STATS, HPSM_A_STAT: latency of one (source, direction).
struct StatRecord {
	uint32_t kind = 0; // enum hpsm_source_kind
	uint32_t source = 0;
	uint32_t dir = 0; // enum hpsm_dir
	uint64_t count = 0;
	uint64_t sum_ns = 0;
	uint64_t min_ns = 0;
	uint64_t max_ns = 0;
	uint64_t p50_ns = 0;
	uint64_t p90_ns = 0;
	uint64_t p99_ns = 0;
	std::vector<BucketRecord> buckets;
	bool operator==(const StatRecord &) const = default;
};

// HPSM_A_CFG_KLAYOUT: the kernel's state numbers hpsm was built against.
struct KernelLayout {
	uint32_t online = 0;
	uint32_t bringup = 0;
	uint32_t teardown = 0;
	uint32_t ap_offline = 0;
	uint32_t ap_online_idle = 0;
	uint32_t bp_dyn = 0;
	uint32_t bp_dyn_end = 0;
	uint32_t ap_dyn = 0;
	uint32_t ap_dyn_end = 0;
	uint32_t ap_active = 0;
	bool operator==(const KernelLayout &) const = default;
};

// HPSM_CMD_GET_CONFIG.
struct ConfigRecord {
	bool observe = false;
	uint32_t ring_slots = 0;
	uint32_t nr_cpus = 0;
	KernelLayout klayout;
	bool operator==(const ConfigRecord &) const = default;
};

// HPSM_CMD_INJECT: arm a failure (callback or section, errno, ...) or clear.
struct InjectRequest {
	std::optional<std::string> callback;
	std::optional<uint32_t> section; // enum hpsm_section
	std::optional<uint32_t> cpu;     // absent: any CPU
	uint32_t err = 0;                // positive errno
	std::optional<uint32_t> count;   // absent: the kernel's default, 1
	bool clear = false;              // alone: disarm everything
	bool operator==(const InjectRequest &) const = default;
};

// nlctrl CTRL_CMD_GETFAMILY, for `hpsmctl version`.
struct FamilyRecord {
	uint16_t id = 0;
	std::string name;
	uint32_t version = 0;
	bool operator==(const FamilyRecord &) const = default;
};

// The outcome carried by NLMSG_ERROR (an ack or an error) or NLMSG_DONE.
struct Status {
	int error = 0;       // a positive errno, 0 for success
	std::string message; // the extended ack's NLMSGERR_ATTR_MSG, if any
	bool operator==(const Status &) const = default;
};

// A dump request for an hpsm command (HPSM_CMD_GET_*) to the resolved family.
MsgPtr dump_request(int family, uint8_t cmd);
// HPSM_CMD_GET_EVENTS from since, optionally of one hotplugged CPU.
MsgPtr events_request(int family, uint64_t since, std::optional<uint32_t> cpu);
// A do request without attributes (HPSM_CMD_GET_CONFIG, HPSM_CMD_RESET).
MsgPtr do_request(int family, uint8_t cmd);
// HPSM_CMD_SET_CONFIG with HPSM_A_CFG_OBSERVE.
MsgPtr set_config_request(int family, bool observe);
// HPSM_CMD_INJECT: only the attributes req holds (clear: the flag alone).
MsgPtr inject_request(int family, const InjectRequest &req);
// An nlctrl request for one family's description.
MsgPtr family_request(std::string_view name);

CpuRecord parse_cpu(nlmsghdr *nlh);
SectionRecord parse_section(nlmsghdr *nlh);
StateRecord parse_state(nlmsghdr *nlh);
EventBatch parse_events(nlmsghdr *nlh);      // one message of a GET_EVENTS dump
EventBatch parse_event_batch(nlmsghdr *nlh); // HPSM_CMD_EVENTS, multicast
StatRecord parse_stat(nlmsghdr *nlh);
ConfigRecord parse_config(nlmsghdr *nlh);
FamilyRecord parse_family(nlmsghdr *nlh);

// nlh is NLMSG_ERROR or NLMSG_DONE.  The extended ack is optional decoration:
// a malformed one is ignored rather than hiding the error it decorates.
Status parse_status(const nlmsghdr *nlh);

} // namespace hpsmctl::nl

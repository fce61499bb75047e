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
// An nlctrl request for one family's description.
MsgPtr family_request(std::string_view name);

CpuRecord parse_cpu(nlmsghdr *nlh);
SectionRecord parse_section(nlmsghdr *nlh);
FamilyRecord parse_family(nlmsghdr *nlh);

// nlh is NLMSG_ERROR or NLMSG_DONE.  The extended ack is optional decoration:
// a malformed one is ignored rather than hiding the error it decorates.
Status parse_status(const nlmsghdr *nlh);

} // namespace hpsmctl::nl

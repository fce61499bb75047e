// What the tool knows about the families it talks to: command names and, per
// attribute, a name and a wire type (and the attribute set inside a nest).
// The codec derives its nla_policy from these tables and --debug prints raw
// messages with them, so validation and debugging read the same description
// of include/uapi/hpsm.h.  A unit test checks that every attribute and command
// of the header is described here.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <netlink/attr.h>

namespace hpsmctl::nl {

enum class AttrType { unspec, u8, u16, u32, u64, s32, string, flag, nested, pad };

struct AttrDesc;
using AttrSet = std::span<const AttrDesc>; // indexed by attribute type

struct AttrDesc {
	std::string_view name; // empty: no attribute with this number
	AttrType type = AttrType::unspec;
	AttrSet nested = {}; // the attributes inside, for AttrType::nested
};

struct FamilySchema {
	std::string_view name;
	std::span<const std::string_view> commands; // indexed by command number
	AttrSet attrs;
};

const FamilySchema &hpsm_schema();
const FamilySchema &ctrl_schema(); // "nlctrl", used to resolve families

std::string_view type_name(AttrType type);
std::string_view command_name(const FamilySchema &schema, uint8_t cmd);
const AttrDesc *attr_desc(AttrSet attrs, int type);

// An nla_policy with exact lengths for fixed-size types and NUL-termination for
// strings, indexed by attribute type (attrs.size() entries).
std::vector<nla_policy> make_policy(AttrSet attrs);

} // namespace hpsmctl::nl

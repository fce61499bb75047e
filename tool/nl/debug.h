// --debug: raw netlink messages pretty-printed from the attribute description
// tables of nl/schema.h, so a disagreement between kernel and tool shows up
// as the exact attribute, type and bytes on the wire.  No socket in here.
#pragma once

#include <ostream>

#include <linux/netlink.h>

#include "nl/schema.h"

namespace hpsmctl::nl {

enum class Direction { sent, received };

// schema names the generic netlink payload; nullptr prints it by number.
void print_message(std::ostream &os, Direction dir, const nlmsghdr *nlh, const FamilySchema *schema);

} // namespace hpsmctl::nl

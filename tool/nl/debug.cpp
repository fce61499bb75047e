#include "nl/debug.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include <linux/genetlink.h>
#include <netlink/attr.h>

#include "nl/codec.h"

namespace hpsmctl::nl {

namespace {

constexpr size_t max_dump_bytes = 32;

std::string hex_bytes(const unsigned char *p, size_t len)
{
	std::string out;
	char buf[4];
	for (size_t i = 0; i < len && i < max_dump_bytes; i++) {
		std::snprintf(buf, sizeof(buf), "%02x", p[i]);
		out += buf;
	}
	if (len > max_dump_bytes)
		out += "...";
	return out;
}

template <typename T> bool read_exact(const nlattr *a, T *out)
{
	if (nla_len(a) != sizeof(T))
		return false;
	std::memcpy(out, nla_data(a), sizeof(T));
	return true;
}

std::string number(uint64_t v, bool with_hex)
{
	std::string s = std::to_string(v);
	if (with_hex) {
		char buf[24];
		std::snprintf(buf, sizeof(buf), " (0x%llx)", static_cast<unsigned long long>(v));
		s += buf;
	}
	return s;
}

// The value as its declared type, or as bytes when the length says otherwise.
std::string attr_value(const nlattr *a, AttrType type)
{
	const auto *p = static_cast<const unsigned char *>(nla_data(a));
	size_t len = nla_len(a);
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (type) {
	case AttrType::u8:
		if (read_exact(a, &u8))
			return number(u8, false);
		break;
	case AttrType::u16:
		if (read_exact(a, &u16))
			return number(u16, false);
		break;
	case AttrType::u32:
		if (read_exact(a, &u32))
			return number(u32, false);
		break;
	case AttrType::u64:
		if (read_exact(a, &u64))
			return number(u64, true);
		break;
	case AttrType::string:
		if (len > 0 && p[len - 1] == '\0')
			return '"' + std::string(reinterpret_cast<const char *>(p), len - 1) + '"';
		break;
	case AttrType::s32:
		if (read_exact(a, &u32))
			return std::to_string(static_cast<int32_t>(u32));
		break;
	case AttrType::flag:
		if (len == 0)
			return "set";
		break;
	case AttrType::nested:
		return std::to_string(len) + " bytes";
	case AttrType::unspec:
	case AttrType::pad:
		break;
	}
	return std::to_string(len) + " bytes " + hex_bytes(p, len) + (type == AttrType::unspec ? "" : " (bad length)");
}

void print_attrs(std::ostream &os, nlattr *head, int len, AttrSet attrs, int depth)
{
	nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem)
	{
		const AttrDesc *desc = attr_desc(attrs, nla_type(a));
		std::string name = desc ? std::string(desc->name) : "attr " + std::to_string(nla_type(a));
		AttrType type = desc ? desc->type : AttrType::unspec;
		name.resize(std::max<size_t>(name.size(), 16), ' ');
		std::string tname(type_name(type));
		tname.resize(std::max<size_t>(tname.size(), 7), ' ');
		os << std::string(4 * depth, ' ') << name << ' ' << tname << attr_value(a, type) << '\n';
		if (type == AttrType::nested && !desc->nested.empty())
			print_attrs(os, static_cast<nlattr *>(nla_data(a)), nla_len(a), desc->nested, depth + 1);
	}
	if (rem > 0)
		os << std::string(4 * depth, ' ') << rem << " trailing bytes\n";
}

void print_status(std::ostream &os, const nlmsghdr *nlh)
{
	os << (nlh->nlmsg_type == NLMSG_DONE ? "DONE" : "ERROR");
	try {
		Status s = parse_status(nlh);
		os << ' ' << -s.error;
		if (s.error)
			os << " (" << std::strerror(s.error) << ')';
		if (!s.message.empty())
			os << " extack \"" << s.message << '"';
	} catch (const std::exception &e) {
		os << " unreadable: " << e.what();
	}
}

} // namespace

void print_message(std::ostream &os, Direction dir, const nlmsghdr *nlh, const FamilySchema *schema)
{
	bool is_status = nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE;
	bool is_genl = !is_status && nlh->nlmsg_type >= NLMSG_MIN_TYPE && nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN;

	os << "hpsmctl: " << (dir == Direction::sent ? "> " : "< ");
	if (is_status) {
		print_status(os, nlh);
	} else if (is_genl) {
		auto *gnlh = static_cast<const genlmsghdr *>(NLMSG_DATA(nlh));
		std::string_view cmd = schema ? command_name(*schema, gnlh->cmd) : std::string_view{};
		os << (schema ? std::string(schema->name) : "family " + std::to_string(nlh->nlmsg_type)) << ' '
		   << (cmd.empty() ? "cmd " + std::to_string(gnlh->cmd) : std::string(cmd)) << " v"
		   << unsigned(gnlh->version);
	} else {
		os << "type " << nlh->nlmsg_type;
	}
	char flags[8];
	std::snprintf(flags, sizeof(flags), "0x%x", nlh->nlmsg_flags);
	os << " len " << nlh->nlmsg_len << " flags " << flags << " seq " << nlh->nlmsg_seq << " port " << nlh->nlmsg_pid
	   << '\n';
	if (is_genl) {
		auto *head = reinterpret_cast<nlattr *>(static_cast<char *>(NLMSG_DATA(nlh)) + GENL_HDRLEN);
		int len = static_cast<int>(nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
		print_attrs(os, head, len, schema ? schema->attrs : AttrSet{}, 1);
	}
}

} // namespace hpsmctl::nl

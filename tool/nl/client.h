// The one place hpsmctl talks to the kernel: a libnl-genl-3 socket that
// resolves the "hpsm" family, sends a request and feeds every reply message
// to a callback until the kernel says the exchange is over.
//
// Failures are thrown as hpsmctl::Error with the exit code already chosen
// (errors.h): family missing → not loaded (3), EPERM/EACCES → permission (4),
// anything else → 5 with the kernel's extended ack message when it sent one.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string_view>

#include <netlink/netlink.h>

#include "nl/codec.h"
#include "nl/schema.h"

namespace hpsmctl::nl {

class Client {
      public:
	using OnReply = std::function<void(nlmsghdr *)>;

	// debug: where --debug prints every message sent and received, or nullptr.
	explicit Client(std::ostream *debug = nullptr);
	~Client();
	Client(const Client &) = delete;
	Client &operator=(const Client &) = delete;

	// The hpsm family id, resolved on first use; throws not_loaded_error().
	int hpsm_family();

	// Dumps an hpsm command (HPSM_CMD_GET_*), one callback per record.
	void dump(uint8_t cmd, const OnReply &on_reply);

	// Sends a request built for the hpsm family (a dump with attributes or a
	// do request) and passes every reply to on_reply; none is expected when
	// on_reply is empty.  Returns once the kernel acked or ended the dump.
	void request(MsgPtr request, const OnReply &on_reply = nullptr);

	// Joins one of the hpsm multicast groups (HPSM_MCGRP_*).  From then on
	// the socket is only read with receive(): keep requests on another Client.
	void join(const char *group);
	// The socket, to poll for readability after join().
	int fd() const;
	// Passes every multicast message waiting on the socket to on_message,
	// without blocking.  Returns how often the kernel found the socket's
	// buffer full and dropped messages meanwhile (ENOBUFS).
	unsigned receive(const OnReply &on_message);

	// A family's description from nlctrl, or nullopt when it is not registered.
	std::optional<FamilyRecord> family(std::string_view name);

	// Sends request and passes every reply of nlmsg_type reply_type to on_reply
	// until NLMSG_DONE, an ack or an error ends the exchange.
	void exchange(MsgPtr request, int reply_type, const OnReply &on_reply);

	// For the --debug printer: the schema that describes messages of this type.
	const FamilySchema *schema_for(int nlmsg_type) const;
	std::ostream *debug() const { return debug_; }

      private:
	nl_sock *sock_;
	std::ostream *debug_;
	int hpsm_family_ = -1;
};

} // namespace hpsmctl::nl

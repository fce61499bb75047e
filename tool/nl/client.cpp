#include "nl/client.h"

#include <exception>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include <uapi/hpsm.h>

#include "errors.h"
#include "nl/debug.h"
#include "nl/schema.h"

namespace hpsmctl::nl {

namespace {

// What the libnl callbacks of one exchange report back.  Exceptions must not
// unwind through libnl's C frames: they are parked here and rethrown after.
struct Exchange {
	Exchange(int type, const Client::OnReply &fn) : reply_type(type), on_reply(fn) {}

	int reply_type;
	const Client::OnReply &on_reply;
	bool done = false;
	std::optional<Status> status;
	std::exception_ptr failure;
};

// A failing callback does not stop the exchange: the rest of the replies are
// read and dropped, so the socket is still in step for the next request.
int on_valid(nl_msg *msg, void *arg)
{
	auto *x = static_cast<Exchange *>(arg);
	if (x->failure)
		return NL_SKIP;
	try {
		nlmsghdr *nlh = nlmsg_hdr(msg);
		if (nlh->nlmsg_type != x->reply_type)
			throw protocol_error("reply of unexpected type " + std::to_string(nlh->nlmsg_type));
		x->on_reply(nlh);
	} catch (...) {
		x->failure = std::current_exception();
	}
	return NL_OK;
}

// NLMSG_DONE ends a dump; since Linux 4.x it may carry the dump's error.
int on_finish(nl_msg *msg, void *arg)
{
	auto *x = static_cast<Exchange *>(arg);
	try {
		x->status = parse_status(nlmsg_hdr(msg));
	} catch (...) {
		x->failure = std::current_exception();
	}
	x->done = true;
	return NL_STOP;
}

int on_ack(nl_msg *, void *arg)
{
	static_cast<Exchange *>(arg)->done = true;
	return NL_STOP;
}

// libnl hands over the nlmsgerr only; the header sits right before it in the
// receive buffer, and the extended ack needs the header's flags and length.
int on_error(sockaddr_nl *, nlmsgerr *err, void *arg)
{
	auto *x = static_cast<Exchange *>(arg);
	auto *nlh = reinterpret_cast<const nlmsghdr *>(reinterpret_cast<const char *>(err) - NLMSG_HDRLEN);
	try {
		x->status = parse_status(nlh);
	} catch (...) {
		x->failure = std::current_exception();
	}
	x->done = true;
	return NL_STOP;
}

int on_debug(nl_msg *msg, Direction dir, void *arg)
{
	auto *client = static_cast<Client *>(arg);
	nlmsghdr *nlh = nlmsg_hdr(msg);
	try {
		print_message(*client->debug(), dir, nlh, client->schema_for(nlh->nlmsg_type));
	} catch (...) {
		// Debug output is best effort and must not unwind through libnl.
	}
	return NL_OK;
}

int on_debug_in(nl_msg *msg, void *arg)
{
	return on_debug(msg, Direction::received, arg);
}

int on_debug_out(nl_msg *msg, void *arg)
{
	return on_debug(msg, Direction::sent, arg);
}

void enable_option(nl_sock *sock, int option)
{
	int one = 1;
	// Best effort: an old kernel without the option still works, only with
	// less detail in its error replies.
	(void)setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, option, &one, sizeof(one));
}

struct CbFree {
	void operator()(nl_cb *cb) const { nl_cb_put(cb); }
};

// A private copy of the socket's callbacks (keeping the --debug hooks).
std::unique_ptr<nl_cb, CbFree> exchange_callbacks(nl_sock *sock, Exchange &x)
{
	nl_cb *orig = nl_socket_get_cb(sock);
	std::unique_ptr<nl_cb, CbFree> cb(nl_cb_clone(orig));
	nl_cb_put(orig);
	if (!cb)
		throw std::bad_alloc();
	nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, &x);
	nl_cb_set(cb.get(), NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &x);
	nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, on_ack, &x);
	nl_cb_err(cb.get(), NL_CB_CUSTOM, on_error, &x);
	return cb;
}

} // namespace

Client::Client(std::ostream *debug) : sock_(nl_socket_alloc()), debug_(debug)
{
	if (!sock_)
		throw std::bad_alloc();
	if (int rc = genl_connect(sock_); rc < 0) {
		nl_socket_free(sock_);
		throw libnl_error(rc, "cannot open a generic netlink socket");
	}
	enable_option(sock_, NETLINK_EXT_ACK);
	enable_option(sock_, NETLINK_CAP_ACK);
	if (debug_) {
		nl_socket_modify_cb(sock_, NL_CB_MSG_IN, NL_CB_CUSTOM, on_debug_in, this);
		nl_socket_modify_cb(sock_, NL_CB_MSG_OUT, NL_CB_CUSTOM, on_debug_out, this);
	}
}

Client::~Client()
{
	nl_socket_free(sock_);
}

int Client::hpsm_family()
{
	if (hpsm_family_ >= 0)
		return hpsm_family_;
	int rc = genl_ctrl_resolve(sock_, HPSM_GENL_NAME);
	// libnl reports every way the lookup can fail as "object not found";
	// on a socket that is already connected that means the family is absent.
	if (rc == -NLE_OBJ_NOTFOUND)
		throw not_loaded_error();
	if (rc < 0)
		throw libnl_error(rc, "cannot resolve the hpsm family");
	hpsm_family_ = rc;
	return hpsm_family_;
}

void Client::dump(uint8_t cmd, const OnReply &on_reply)
{
	int family = hpsm_family();
	exchange(dump_request(family, cmd), family, on_reply);
}

void Client::request(MsgPtr request, const OnReply &on_reply)
{
	static const OnReply unexpected = [](nlmsghdr *nlh) {
		throw protocol_error("unexpected reply to a request that has none (command " +
		                     std::to_string(genlmsg_hdr(nlh)->cmd) + ")");
	};
	exchange(std::move(request), hpsm_family(), on_reply ? on_reply : unexpected);
}

void Client::join(const char *group)
{
	hpsm_family(); // "not loaded" first, with its own exit code
	int grp = genl_ctrl_resolve_grp(sock_, HPSM_GENL_NAME, group);
	if (grp == -NLE_OBJ_NOTFOUND)
		throw protocol_error(std::string("the hpsm family has no multicast group \"") + group + '"');
	if (grp < 0)
		throw libnl_error(grp, "cannot resolve the hpsm multicast group");
	if (int rc = nl_socket_add_membership(sock_, grp); rc < 0)
		throw libnl_error(rc, "cannot join the hpsm multicast group");
	// Notifications carry sequence number 0, and bursts of them may arrive:
	// a larger buffer (capped by net.core.rmem_max) makes overruns rarer.
	nl_socket_disable_seq_check(sock_);
	(void)nl_socket_set_buffer_size(sock_, 1 << 20, 0);
	if (int rc = nl_socket_set_nonblocking(sock_); rc < 0)
		throw libnl_error(rc, "cannot make the netlink socket non-blocking");
}

int Client::fd() const
{
	return nl_socket_get_fd(sock_);
}

unsigned Client::receive(const OnReply &on_message)
{
	Exchange x(hpsm_family(), on_message);
	auto cb = exchange_callbacks(sock_, x);
	unsigned overruns = 0;

	for (;;) {
		int rc = nl_recvmsgs(sock_, cb.get());
		if (x.failure)
			std::rethrow_exception(x.failure);
		if (rc == -NLE_AGAIN)
			return overruns;
		if (rc == -NLE_NOMEM) { // ENOBUFS: the kernel dropped messages for us
			overruns++;
			continue;
		}
		if (rc < 0)
			throw libnl_error(rc, "cannot receive from the kernel");
	}
}

std::optional<FamilyRecord> Client::family(std::string_view name)
{
	std::optional<FamilyRecord> found;
	try {
		exchange(family_request(name), GENL_ID_CTRL, [&](nlmsghdr *nlh) { found = parse_family(nlh); });
	} catch (const KernelError &e) {
		if (e.err() != ENOENT)
			throw;
	}
	return found;
}

void Client::exchange(MsgPtr request, int reply_type, const OnReply &on_reply)
{
	Exchange x(reply_type, on_reply);
	auto cb = exchange_callbacks(sock_, x);

	if (int rc = nl_send_auto(sock_, request.get()); rc < 0)
		throw libnl_error(rc, "cannot send to the kernel");
	while (!x.done) {
		int rc = nl_recvmsgs(sock_, cb.get());
		// An error reply also makes libnl return its own code for it: the
		// kernel's errno and message, in x.status, say more.
		if (rc < 0 && !x.done) {
			if (x.failure)
				std::rethrow_exception(x.failure);
			throw libnl_error(rc, "cannot receive from the kernel");
		}
	}
	if (x.failure)
		std::rethrow_exception(x.failure);
	if (x.status && x.status->error)
		throw kernel_error(x.status->error, x.status->message);
}

const FamilySchema *Client::schema_for(int nlmsg_type) const
{
	if (nlmsg_type == GENL_ID_CTRL)
		return &ctrl_schema();
	if (hpsm_family_ >= 0 && nlmsg_type == hpsm_family_)
		return &hpsm_schema();
	return nullptr;
}

} // namespace hpsmctl::nl

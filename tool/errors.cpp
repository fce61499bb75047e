#include "errors.h"

#include <cerrno>
#include <cstring>

#include <netlink/errno.h>

namespace hpsmctl {

namespace {

constexpr std::string_view permission_hint = "needs CAP_NET_ADMIN (run as root)";

std::string with_detail(std::string text, std::string_view detail)
{
	if (!detail.empty()) {
		text += ": ";
		text += detail;
	}
	return text;
}

} // namespace

Error not_loaded_error()
{
	return Error(Exit::not_loaded, "hpsm is not loaded: run insmod hpsm.ko");
}

KernelError kernel_error(int err, std::string_view extack)
{
	std::string reason = std::strerror(err);
	// GENL_ADMIN_PERM refuses with a bare EPERM; an LSM may say more.
	if (err == EPERM || err == EACCES)
		return KernelError(Exit::permission,
		                   "permission denied" + (extack.empty() ? "" : " (" + std::string(extack) + ")") +
		                       ": " + std::string(permission_hint),
		                   err);
	return KernelError(Exit::netlink, with_detail("kernel error: " + reason, extack), err);
}

Error libnl_error(int nlerr, std::string_view what)
{
	// libnl folds errno into its own codes; these two are the permission ones.
	if (nlerr == NLE_PERM || nlerr == NLE_NOACCESS)
		return Error(Exit::permission,
		             std::string(what) + ": permission denied: " + std::string(permission_hint));
	return Error(Exit::netlink, std::string(what) + ": " + nl_geterror(nlerr));
}

Error protocol_error(std::string_view what)
{
	return Error(Exit::netlink, "malformed reply from hpsm: " + std::string(what));
}

} // namespace hpsmctl

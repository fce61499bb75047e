// The one error type hpsmctl throws, and the mapping from what went wrong
// (an errno from the kernel, a libnl error code) to an exit code and a
// message a user can act on.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "exit_codes.h"

namespace hpsmctl {

class Error : public std::runtime_error {
      public:
	Error(Exit code, const std::string &message) : std::runtime_error(message), code_(code) {}
	Exit code() const { return code_; }

      private:
	Exit code_;
};

// The kernel refused a request; err is the positive errno it sent.
class KernelError : public Error {
      public:
	KernelError(Exit code, const std::string &message, int err) : Error(code, message), err_(err) {}
	int err() const { return err_; }

      private:
	int err_;
};

// The "hpsm" family does not exist: the module is not loaded.
Error not_loaded_error();

// The kernel answered a request with -err.  extack is the NLMSGERR_ATTR_MSG
// text the kernel attached, or empty.
KernelError kernel_error(int err, std::string_view extack = {});

// A libnl call failed with -nlerr (an NLE_* code); what names the call.
Error libnl_error(int nlerr, std::string_view what);

// A reply that does not match include/uapi/hpsm.h.
Error protocol_error(std::string_view what);

} // namespace hpsmctl

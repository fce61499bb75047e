// hpsmctl version: the tool's version and, when hpsm is loaded, the version of
// the generic netlink family it serves (HPSM_GENL_VERSION on its side).
#include <uapi/hpsm.h>

#include "command.h"
#include "errors.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field fields[] = {
    {"hpsmctl", "hpsmctl"},
    {"family_version", "hpsm family version"},
};

// The tool's own version is printed even when the kernel cannot be asked;
// the error still decides the exit code.
Exit run(Context &ctx)
{
	std::optional<nl::FamilyRecord> family;
	std::optional<Error> failure;
	try {
		nl::Client client(ctx.debug());
		family = client.family(HPSM_GENL_NAME);
	} catch (const Error &e) {
		failure = e;
	}

	Printer p = ctx.printer(Layout::lines, fields);
	p.begin_record();
	p.print("hpsmctl", std::string(HPSMCTL_VERSION));
	if (family)
		p.print("family_version", uint64_t{family->version});
	p.end_record();
	p.finish();
	if (failure)
		throw *failure;
	return Exit::ok;
}

} // namespace

Command add_version(CLI::App &app)
{
	return {app.add_subcommand("version", "Print the hpsmctl version and the loaded hpsm family version"), run};
}

} // namespace hpsmctl

// hpsmctl reset: HPSM_CMD_RESET, forget every recorded event and statistic
// (ring counters start again at 0).  Needs CAP_NET_ADMIN.
#include <uapi/hpsm.h>

#include "command.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field fields[] = {{"reset", "reset"}};

Exit run(Context &ctx)
{
	nl::Client client(ctx.debug());
	client.request(nl::do_request(client.hpsm_family(), HPSM_CMD_RESET));

	Printer p = ctx.printer(Layout::line_records, fields);
	p.begin_record();
	p.print("reset", std::string("done"));
	p.end_record();
	p.finish();
	return Exit::ok;
}

} // namespace

Command add_reset(CLI::App &app)
{
	return {app.add_subcommand("reset", "Forget all recorded events and statistics"), run};
}

} // namespace hpsmctl

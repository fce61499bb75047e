// hpsmctl config: HPSM_CMD_GET_CONFIG, the observer switch, ring size, CPU
// count and the kernel's state numbers hpsm was built against.  --observe
// on|off first sends HPSM_CMD_SET_CONFIG (needs CAP_NET_ADMIN).
#include <memory>

#include <uapi/hpsm.h>

#include "command.h"
#include "errors.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field fields[] = {
    {"observe", "observe"},
    {"ring_slots", "ring_slots"},
    {"nr_cpus", "nr_cpus"},
    {"cpuhp_online", "cpuhp_online"},
    {"cpuhp_bringup_cpu", "cpuhp_bringup_cpu"},
    {"cpuhp_teardown_cpu", "cpuhp_teardown_cpu"},
    {"cpuhp_ap_offline", "cpuhp_ap_offline"},
    {"cpuhp_ap_online_idle", "cpuhp_ap_online_idle"},
    {"cpuhp_bp_prepare_dyn", "cpuhp_bp_prepare_dyn"},
    {"cpuhp_bp_prepare_dyn_end", "cpuhp_bp_prepare_dyn_end"},
    {"cpuhp_ap_online_dyn", "cpuhp_ap_online_dyn"},
    {"cpuhp_ap_online_dyn_end", "cpuhp_ap_online_dyn_end"},
    {"cpuhp_ap_active", "cpuhp_ap_active"},
};

struct Args {
	std::string observe;
	CLI::Option *observe_given = nullptr;
};

Exit run(Context &ctx, const Args &a)
{
	nl::Client client(ctx.debug());
	int family = client.hpsm_family();
	if (*a.observe_given)
		client.request(nl::set_config_request(family, a.observe == "on"));
	std::optional<nl::ConfigRecord> config;
	client.request(nl::do_request(family, HPSM_CMD_GET_CONFIG),
	               [&](nlmsghdr *nlh) { config = nl::parse_config(nlh); });
	if (!config)
		throw protocol_error("GET_CONFIG: no reply");

	print_config(ctx, *config);
	return Exit::ok;
}

} // namespace

void print_config(const Context &ctx, const nl::ConfigRecord &c)
{
	const nl::KernelLayout &k = c.klayout;
	Printer p = ctx.printer(Layout::line_records, fields);
	p.begin_record();
	p.print("observe", OnOff{c.observe});
	p.print("ring_slots", uint64_t{c.ring_slots});
	p.print("nr_cpus", uint64_t{c.nr_cpus});
	p.print("cpuhp_online", uint64_t{k.online});
	p.print("cpuhp_bringup_cpu", uint64_t{k.bringup});
	p.print("cpuhp_teardown_cpu", uint64_t{k.teardown});
	p.print("cpuhp_ap_offline", uint64_t{k.ap_offline});
	p.print("cpuhp_ap_online_idle", uint64_t{k.ap_online_idle});
	p.print("cpuhp_bp_prepare_dyn", uint64_t{k.bp_dyn});
	p.print("cpuhp_bp_prepare_dyn_end", uint64_t{k.bp_dyn_end});
	p.print("cpuhp_ap_online_dyn", uint64_t{k.ap_dyn});
	p.print("cpuhp_ap_online_dyn_end", uint64_t{k.ap_dyn_end});
	p.print("cpuhp_ap_active", uint64_t{k.ap_active});
	p.end_record();
	p.finish();
}

Command add_config(CLI::App &app)
{
	auto a = std::make_shared<Args>();
	CLI::App *sub = app.add_subcommand("config", "Observer switch, ring size and the kernel layout numbers");
	a->observe_given = sub->add_option("--observe", a->observe, "Turn the kernel observer on or off first")
	                       ->check(CLI::IsMember({"on", "off"}));
	return {sub, [a](Context &ctx) { return run(ctx, *a); }};
}

} // namespace hpsmctl

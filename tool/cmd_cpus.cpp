// hpsmctl cpus: HPSM_CMD_GET_CPUS, one row per possible CPU.
#include <vector>

#include <uapi/hpsm.h>

#include "command.h"
#include "names.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field fields[] = {
    {"cpu", "CPU", 4},
    {"online", "ONLINE", 6},
    {"reached", "REACHED", 12},
    {"up_mask", "UP-MASK"},
};

void print_cpu(Printer &p, const nl::CpuRecord &c)
{
	p.begin_record();
	p.print("cpu", uint64_t{c.cpu});
	p.print("online", c.online);
	p.print("reached", section_key(c.reached));
	p.print("up_mask", Hex{c.up_mask});
	p.end_record();
}

Exit run(Context &ctx)
{
	nl::Client client(ctx.debug());
	std::vector<nl::CpuRecord> cpus;
	client.dump(HPSM_CMD_GET_CPUS, [&](nlmsghdr *nlh) { cpus.push_back(nl::parse_cpu(nlh)); });

	print_cpus(ctx, cpus);
	return Exit::ok;
}

} // namespace

void print_cpus(const Context &ctx, std::span<const nl::CpuRecord> cpus)
{
	Printer p = ctx.printer(Layout::table, fields);
	for (const nl::CpuRecord &c : cpus)
		print_cpu(p, c);
	p.finish();
}

Command add_cpus(CLI::App &app)
{
	return {app.add_subcommand("cpus", "Per CPU: online, last section reached, hpsm callbacks up"), run};
}

} // namespace hpsmctl

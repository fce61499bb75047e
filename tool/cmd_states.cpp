// hpsmctl states: HPSM_CMD_GET_STATES.  Two tables: hpsm's own callbacks
// (section, order, which halves exist, the reason of a declared asymmetry),
// then every kernel state the observer has seen, named from sysfs, with the
// callback symbols it saw.  JSON: one array; "type" tells the records apart.
#include <vector>

#include <uapi/hpsm.h>

#include "command.h"
#include "names.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field callback_fields[] = {
    {"type", "", 0, true},
    {"id", "ID", 3},
    {"name", "NAME", 24},
    {"section", "SECTION", 12},
    {"order", "ORDER", 5},
    {"flags", "FLAGS", 0, true},
    {"startup", "STARTUP", 7},
    {"teardown", "TEARDOWN", 8},
    {"reason", "REASON"},
};

constexpr Field kernel_fields[] = {
    {"type", "", 0, true},
    {"state", "STATE", 5},
    {"name", "NAME", 32},
    {"startup_sym", "STARTUP", 32},
    {"teardown_sym", "TEARDOWN"},
};

void print_callback(Printer &p, const nl::CallbackRecord &c)
{
	p.begin_record();
	p.print("type", std::string("callback"));
	p.print("id", uint64_t{c.id});
	p.print("name", c.name);
	p.print("section", section_key(c.section));
	p.print("order", int64_t{c.order});
	p.print("flags", Hex{c.flags});
	p.print("startup", c.startup);
	p.print("teardown", c.teardown);
	p.print("reason", c.reason);
	p.end_record();
}

void print_kernel_state(Printer &p, const nl::KernelStateRecord &k, const std::optional<StateNames> &names)
{
	std::optional<std::string> name;
	if (names)
		if (auto it = names->find(static_cast<int32_t>(k.state)); it != names->end())
			name = it->second;
	p.begin_record();
	p.print("type", std::string("kernel_state"));
	p.print("state", uint64_t{k.state});
	p.print("name", name);
	p.print("startup_sym", k.startup_sym);
	p.print("teardown_sym", k.teardown_sym);
	p.end_record();
}

Exit run(Context &ctx)
{
	nl::Client client(ctx.debug());
	std::vector<nl::StateRecord> states;
	client.dump(HPSM_CMD_GET_STATES, [&](nlmsghdr *nlh) { states.push_back(nl::parse_state(nlh)); });

	print_states(ctx, states, read_state_names());
	return Exit::ok;
}

} // namespace

void print_states(const Context &ctx, std::span<const nl::StateRecord> states,
                  const std::optional<StateNames> &state_names)
{
	Printer p = ctx.printer(Layout::table, callback_fields);
	for (const nl::StateRecord &s : states)
		if (const auto *c = std::get_if<nl::CallbackRecord>(&s))
			print_callback(p, *c);
	p.next_table(kernel_fields);
	for (const nl::StateRecord &s : states)
		if (const auto *k = std::get_if<nl::KernelStateRecord>(&s))
			print_kernel_state(p, *k, state_names);
	p.finish();
}

Command add_states(CLI::App &app)
{
	return {app.add_subcommand("states", "hpsm's callbacks, and the kernel states seen with their callbacks"),
	        run};
}

} // namespace hpsmctl

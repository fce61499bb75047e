#include "app.h"

#include <exception>
#include <vector>

#include "errors.h"

namespace hpsmctl {

namespace {

using Adder = Command (*)(CLI::App &);

// Each subcommand lives in its own cmd_<name>.cpp; list it here once.
constexpr Adder commands[] = {
    add_version, add_cpus,  add_sections, add_states, add_trace,
    add_stats,   add_watch, add_inject,   add_reset,  add_config, add_audit,
};

void add_global_options(CLI::App &app, Options &opt)
{
	app.set_version_flag("--version", "hpsmctl " HPSMCTL_VERSION);
	app.add_flag("-j,--json", opt.format.json, "JSON output; a listing is one top-level array of records");
	app.add_flag("-p,--pretty", opt.format.pretty, "Pretty-printed JSON (implies --json)");
	app.add_flag("--debug", opt.debug, "Print every netlink message sent and received on stderr");
	app.footer(std::string(exit_codes_help));
	// At most one; "none" is reported by run() so that an unknown word is
	// reported as unexpected rather than as a missing subcommand.
	app.require_subcommand(0, 1);
	// Global options may also follow the subcommand (`hpsmctl cpus --json`);
	// set before the subcommands are added, which inherit it.
	app.fallthrough();
}

int parse_failure(const CLI::App &app, const CLI::ParseError &e, Io io)
{
	int rc = app.exit(e, io.out, io.err);
	return rc == 0 ? to_int(Exit::ok) : to_int(Exit::usage);
}

// Errors name the subcommand ("hpsmctl: inject: permission denied: ..."),
// except "hpsm is not loaded", which is the same whatever was asked.
int run_command(const Command &cmd, const Options &opt, Io io)
{
	Context ctx{opt, io};
	std::string prefix = "hpsmctl: " + cmd.app->get_name() + ": ";
	try {
		return to_int(cmd.run(ctx));
	} catch (const Error &e) {
		io.out.flush(); // what was printed before the failure comes first
		io.err << (e.code() == Exit::not_loaded ? "hpsmctl: " : prefix) << e.what() << '\n';
		return to_int(e.code());
	} catch (const std::exception &e) {
		io.out.flush();
		io.err << prefix << e.what() << '\n';
		return to_int(Exit::netlink);
	}
}

} // namespace

int run(int argc, const char *const *argv, Io io)
{
	Options opt;
	CLI::App app{"hpsmctl: read the hpsm CPU-hotplug state machine mirror over generic netlink", "hpsmctl"};
	add_global_options(app, opt);
	std::vector<Command> cmds;
	for (Adder add : commands)
		cmds.push_back(add(app));

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		return parse_failure(app, e, io);
	}
	opt.format.json = opt.format.json || opt.format.pretty;
	for (const Command &cmd : cmds)
		if (cmd.app->parsed())
			return run_command(cmd, opt, io);
	io.err << "hpsmctl: a subcommand is required\n" << app.help();
	return to_int(Exit::usage);
}

} // namespace hpsmctl

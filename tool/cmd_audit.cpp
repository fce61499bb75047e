// hpsmctl audit: the audit engine (tool/audit) over one input, its report on
// stdout, its verdict as the exit code (0 clean, 1 findings, 2 usage or
// input error; 3/4/5 netlink errors of the live input, as everywhere).
//
// Inputs:
//   (default)            the live module: GET_CONFIG (the kernel's layout
//                        numbers), GET_EVENTS from 0 (every record still in the
//                        rings, with their drop counters), GET_STATES (hpsm's
//                        callbacks with sections, orders and declarations; the
//                        kernel states' callback symbols), the sysfs states
//                        file for names and cpuN/online for where each CPU
//                        ended;
//   --from-trace FILE    `hpsmctl trace --json` saved earlier (array or NDJSON),
//                        with --callbacks FILE (`hpsmctl states --json`) for
//                        what it does not carry: the callbacks' declarations;
//   --from-ftrace FILE   /sys/kernel/tracing/trace with the cpuhp events on.
// --states FILE replaces the sysfs states file everywhere.
#include <filesystem>
#include <fstream>
#include <memory>

#include <uapi/hpsm.h>

#include "audit/audit.h"
#include "audit/hpsm_reader.h"
#include "command.h"
#include "errors.h"
#include "events.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

struct Args {
	std::string from_trace, from_ftrace, states, callbacks;
	std::vector<std::string> budgets, declares, require;
	bool layout_only = false;
};

Error input_error(const audit::InputError &e)
{
	return Error(Exit::usage, e.to_string());
}

audit::AuditOptions options_of(const Args &a)
{
	audit::AuditOptions o;
	for (const auto &b : a.budgets) {
		audit::Budget budget;
		if (auto err = audit::parse_budget(b, budget))
			throw Error(Exit::usage, *err);
		o.budgets.push_back(budget);
	}
	for (const auto &d : a.declares) {
		std::string name, reason;
		if (auto err = audit::parse_declaration(d, name, reason))
			throw Error(Exit::usage, *err);
		o.declared_asymmetric[name] = reason;
	}
	o.require_declared = a.require;
	return o;
}

nl::ConfigRecord read_config(nl::Client &client)
{
	std::optional<nl::ConfigRecord> config;
	client.request(nl::do_request(client.hpsm_family(), HPSM_CMD_GET_CONFIG),
	               [&](nlmsghdr *nlh) { config = nl::parse_config(nlh); });
	if (!config)
		throw protocol_error("GET_CONFIG: no reply");
	return *config;
}

// One word per cell for awk: blanks become '_', empty is "-".
std::string word(std::string s)
{
	for (char &c : s)
		if (c == ' ' || c == '\t')
			c = '_';
	return s.empty() ? "-" : s;
}

void print_report(const Context &ctx, const audit::Report &r, bool layout_only)
{
	std::ostream &out = ctx.io.out;
	const int indent = ctx.options.format.pretty ? 2 : -1;
	if (ctx.options.format.json) {
		if (layout_only)
			out << audit::report_json(r)["layout"].dump(indent, ' ', false,
			                                            nlohmann::json::error_handler_t::replace)
			    << '\n';
		else
			out << audit::render_json(r, indent);
		return;
	}
	if (!layout_only) {
		out << audit::render_text(r);
		return;
	}
	out << "STATE NAME SECTION UP DOWN CALLS VERDICT\n";
	for (const auto &row : r.layout)
		out << row.state << ' ' << word(row.name) << ' ' << audit::section_name(row.section) << ' '
		    << row.startups << ' ' << row.teardowns << ' ' << row.calls << ' '
		    << word(std::string(audit::verdict_name(row.verdict))) << '\n';
}

Exit run(Context &ctx, const Args &a)
{
	// Everything that can be wrong with the command line or the files is
	// found before the kernel is asked anything.
	audit::AuditOptions opts = options_of(a);
	if (!a.states.empty()) {
		audit::StateTable st;
		if (auto err = audit::read_states_file(a.states, st))
			throw input_error(*err);
		opts.states = std::move(st);
	}
	if (!a.callbacks.empty())
		if (auto err = audit::read_hpsm_callbacks_file(a.callbacks, opts.hpsm_callbacks))
			throw input_error(*err);

	audit::Trace trace;
	if (!a.from_ftrace.empty()) {
		if (auto err = audit::read_ftrace_file(a.from_ftrace, trace))
			throw input_error(*err);
	} else if (!a.from_trace.empty()) {
		if (auto err = audit::read_hpsm_json_file(a.from_trace, trace))
			throw input_error(*err);
		if (!opts.states)
			opts.states = audit::states_from_trace_names(trace);
	} else {
		nl::Client client(ctx.debug());
		LiveInput in;
		in.config = read_config(client);
		if (!in.config.observe)
			ctx.io.err << "hpsmctl: audit: hpsm's kernel observer is off (hpsmctl config --observe on): "
			              "only hpsm's own callbacks were recorded\n";
		EventDump dump = read_events(client, 0, std::nullopt);
		in.dump.events = std::move(dump.events);
		in.dump.next = dump.next;
		in.dump.rings = std::move(dump.rings);
		// After the events: the observer has seen every state they name.
		client.dump(HPSM_CMD_GET_STATES, [&](nlmsghdr *nlh) { in.states.push_back(nl::parse_state(nlh)); });
		in.state_names = read_state_names();
		in.final_online = read_final_online();
		audit_live_input(in, trace, opts);
		if (!opts.states) {
			audit::StateTable st;
			if (!audit::read_states_file(kernel_states_path, st))
				opts.states = std::move(st);
		}
	}

	audit::Report r = audit::run_audit(trace, opts);
	print_report(ctx, r, a.layout_only);
	return audit::exit_code(r) ? Exit::findings : Exit::ok;
}

CLI::Validator checked(std::optional<std::string> (*check)(const std::string &), const char *what)
{
	return CLI::Validator(
	    [check](const std::string &s) {
		    auto err = check(s);
		    return err ? *err : std::string();
	    },
	    what);
}

std::optional<std::string> check_budget(const std::string &s)
{
	audit::Budget b;
	return audit::parse_budget(s, b);
}

std::optional<std::string> check_declare(const std::string &s)
{
	std::string n, r;
	return audit::parse_declaration(s, n, r);
}

std::optional<std::string> check_prefix(const std::string &s)
{
	if (s.empty())
		return std::string("an empty prefix would hold every state to the hpsm rule");
	return std::nullopt;
}

} // namespace

// ---- the live input, apart from the kernel for the tests ----

std::map<uint32_t, bool> read_final_online(const std::string &cpu_dir)
{
	std::map<uint32_t, bool> online;
	std::error_code ec;
	for (const auto &ent : std::filesystem::directory_iterator(cpu_dir, ec)) {
		const std::string n = ent.path().filename().string();
		if (n.size() < 4 || !n.starts_with("cpu") || n.find_first_not_of("0123456789", 3) != std::string::npos)
			continue;
		if (n.size() > 9)
			continue;
		const auto cpu = static_cast<uint32_t>(std::stoul(n.substr(3)));
		std::ifstream f(ent.path() / "online");
		std::string v;
		// No online file (cpu0 on x86): the CPU cannot go offline, it is online.
		if (!f || !std::getline(f, v)) {
			online[cpu] = true;
			continue;
		}
		online[cpu] = v != "0";
	}
	return online;
}

void audit_live_input(const LiveInput &in, audit::Trace &trace, audit::AuditOptions &opts)
{
	std::map<uint32_t, std::string> callback_names;
	std::map<uint32_t, const nl::KernelStateRecord *> kernel;
	for (const nl::StateRecord &s : in.states) {
		if (const auto *c = std::get_if<nl::CallbackRecord>(&s)) {
			callback_names[c->id] = c->name;
			audit::HpsmCallbackInfo i;
			i.id = c->id;
			i.name = c->name;
			i.section = audit::hpsm_section_key(static_cast<int32_t>(c->section)).empty()
			                ? -1
			                : static_cast<int32_t>(c->section);
			i.order = c->order;
			i.startup = c->startup;
			i.teardown = c->teardown;
			i.asymmetric = (c->flags & 1u) != 0; // HPSM_CB_ASYMMETRIC
			i.reason = c->reason.value_or("");
			opts.hpsm_callbacks.push_back(std::move(i));
		} else {
			const auto &k = std::get<nl::KernelStateRecord>(s);
			kernel[k.state] = &k;
		}
	}

	audit::HpsmTraceBuilder b(trace, "the hpsm module (netlink)", "netlink");
	for (const nl::EventRecord &e : in.dump.events) {
		if (e.kind > HPSM_SRC_SYNC || e.phase > HPSM_PHASE_EXIT || e.dir >= HPSM_DIR_COUNT)
			throw protocol_error("GET_EVENTS: event " + std::to_string(e.seq) +
			                     " has a kind, phase or direction this hpsmctl does not know");
		audit::HpsmRecord r;
		r.seq = e.seq;
		r.ts_ns = e.ts_ns;
		r.cpu = e.cpu;
		r.on_cpu = e.on_cpu;
		r.kind = static_cast<audit::HpsmKind>(e.kind);
		r.source = e.source;
		r.phase = static_cast<audit::HpsmPhase>(e.phase);
		r.dir = static_cast<audit::HpsmDir>(e.dir);
		r.target = e.target;
		r.state = e.state;
		r.ret = e.ret;
		if (e.kind == HPSM_SRC_KERNEL || e.kind == HPSM_SRC_KERNEL_MULTI) {
			if (in.state_names)
				if (auto it = in.state_names->find(static_cast<int32_t>(e.source));
				    it != in.state_names->end())
					r.name = it->second;
			if (auto it = kernel.find(e.source); it != kernel.end()) {
				const bool startup = e.dir == HPSM_DIR_UP || e.dir == HPSM_DIR_ROLLBACK_UP;
				r.symbol = (startup ? it->second->startup_sym : it->second->teardown_sym).value_or("");
			}
		} else if (e.kind == HPSM_SRC_CALLBACK) {
			if (auto it = callback_names.find(e.source); it != callback_names.end())
				r.name = it->second;
		}
		if (auto err = b.add(r))
			throw protocol_error("GET_EVENTS: event " + std::to_string(e.seq) + ": " + *err);
	}
	std::vector<audit::HpsmRing> rings;
	for (const nl::RingRecord &r : in.dump.rings)
		rings.push_back(audit::HpsmRing{r.cpu, r.written, r.dropped});
	b.rings(rings, in.dump.next);

	const nl::KernelLayout &k = in.config.klayout;
	audit::Anchors a;
	a.bringup = static_cast<int32_t>(k.bringup);
	a.ap_offline = static_cast<int32_t>(k.ap_offline);
	a.teardown = static_cast<int32_t>(k.teardown);
	a.sched_active = static_cast<int32_t>(k.ap_active);
	a.online = static_cast<int32_t>(k.online);
	a.source = "the running kernel's layout";
	if (k.online > 0)
		opts.kernel_anchors = a;
	opts.final_online = in.final_online;
}

Command add_audit(CLI::App &app)
{
	auto a = std::make_shared<Args>();
	CLI::App *sub = app.add_subcommand(
	    "audit",
	    "Audit every hotplug transition: order, symmetry, rollback, placement, SYNC, completeness, latency");
	auto *trace = sub->add_option("--from-trace", a->from_trace,
	                              "A saved `hpsmctl trace --json` (array or one object per line; - is stdin) "
	                              "instead of the live module")
	                  ->type_name("FILE");
	auto *ftrace = sub->add_option("--from-ftrace", a->from_ftrace,
	                               "ftrace's text with the cpuhp events on (/sys/kernel/tracing/trace)")
	                   ->type_name("FILE");
	trace->excludes(ftrace);
	ftrace->excludes(trace);
	sub->add_option("--states", a->states,
	                "A copy of /sys/devices/system/cpu/hotplug/states of the traced boot (default: sysfs "
	                "for the live module, the names a saved trace carries)")
	    ->type_name("FILE");
	sub->add_option("--callbacks", a->callbacks,
	                "`hpsmctl states --json` of the traced boot: the callbacks' sections, orders and "
	                "declared reasons, which a saved trace does not carry")
	    ->type_name("FILE")
	    ->needs(trace);
	sub->add_option("--budget", a->budgets,
	                "Runs of state or callback NAME longer than DURATION (50us, 5ms, 1s) are findings")
	    ->check(checked(check_budget, ""))
	    ->type_name("NAME=DURATION");
	sub->add_option("--declare", a->declares,
	                "State NAME (or a callback symbol, or an hpsm callback) is one-sided by design, because REASON")
	    ->check(checked(check_declare, ""))
	    ->type_name("NAME=REASON");
	sub->add_option("--require-declared", a->require,
	                "Kernel states named PREFIX... (\"hpsm_sample:\") or with symbols from module PREFIX "
	                "(\"[hpsm_sample]\") must declare their asymmetry, like hpsm's callbacks")
	    ->check(checked(check_prefix, ""))
	    ->type_name("PREFIX");
	sub->add_flag("--layout-only", a->layout_only,
	              "Print only the layout table, one state per line: STATE NAME SECTION UP DOWN CALLS VERDICT");
	return {sub, [a](Context &ctx) { return run(ctx, *a); }};
}

} // namespace hpsmctl

// How a subcommand plugs into hpsmctl: one file per subcommand (cmd_<name>.cpp)
// defines add_<name>(), which declares the subcommand and its options on the
// CLI11 app and returns the action to run once parsing has succeeded.  The
// kernel is contacted only from actions, never while parsing.
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <span>
#include <vector>

#include <CLI/CLI.hpp>

#include "exit_codes.h"
#include "kstates.h"
#include "nl/codec.h"
#include "output.h"

namespace hpsmctl {

struct Options { // the global options
	OutputFormat format;
	bool debug = false;
};

struct Io {
	std::ostream &out;
	std::ostream &err;
};

struct Context {
	const Options &options;
	Io io;

	Printer printer(Layout layout, std::span<const Field> fields) const
	{
		return Printer(io.out, options.format, layout, fields);
	}
	std::ostream *debug() const { return options.debug ? &io.err : nullptr; }
};

using Action = std::function<Exit(Context &)>;

struct Command {
	CLI::App *app;
	Action run;
};

// In the order `hpsmctl --help` lists them.
Command add_version(CLI::App &app);
Command add_cpus(CLI::App &app);
Command add_sections(CLI::App &app);
Command add_states(CLI::App &app);
Command add_trace(CLI::App &app);
Command add_stats(CLI::App &app);
Command add_watch(CLI::App &app);
Command add_inject(CLI::App &app);
Command add_reset(CLI::App &app);
Command add_config(CLI::App &app);
Command add_audit(CLI::App &app);

struct NameTables; // events.h

// The output half of a listing command, apart from the kernel half so the
// tests can check the exact table and JSON of records they made up.
void print_cpus(const Context &ctx, std::span<const nl::CpuRecord> cpus);
void print_sections(const Context &ctx, std::span<const nl::SectionRecord> sections);
// state_names: sysfs's names of the kernel states, nullopt when unreadable.
void print_states(const Context &ctx, std::span<const nl::StateRecord> states,
                  const std::optional<StateNames> &state_names);
void print_stats(const Context &ctx, std::span<const nl::StatRecord> stats, const NameTables &names);
void print_config(const Context &ctx, const nl::ConfigRecord &config);
void print_inject(const Context &ctx, const nl::InjectRequest &req);

// audit's live input (cmd_audit.cpp), read from the kernel and sysfs, and
// turned into the engine's trace and options apart from them for the tests.
namespace audit {
struct Trace;
struct AuditOptions;
} // namespace audit
struct LiveInput {
	nl::ConfigRecord config; // GET_CONFIG: the kernel's layout numbers
	struct {
		std::vector<nl::EventRecord> events; // GET_EVENTS from 0
		uint64_t next = 0;
		std::vector<nl::RingRecord> rings;
	} dump;
	std::vector<nl::StateRecord> states;   // GET_STATES
	std::optional<StateNames> state_names; // sysfs hotplug/states
	std::map<uint32_t, bool> final_online; // sysfs cpuN/online
};
void audit_live_input(const LiveInput &in, audit::Trace &trace, audit::AuditOptions &opts);
// Every cpuN under cpu_dir and whether it is online; no online file (cpu0 on
// x86) means online.
std::map<uint32_t, bool> read_final_online(const std::string &cpu_dir = "/sys/devices/system/cpu");

} // namespace hpsmctl

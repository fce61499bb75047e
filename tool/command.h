// How a subcommand plugs into hpsmctl: one file per subcommand (cmd_<name>.cpp)
// defines add_<name>(), which declares the subcommand and its options on the
// CLI11 app and returns the action to run once parsing has succeeded.  The
// kernel is contacted only from actions, never while parsing.
#pragma once

#include <functional>
#include <ostream>
#include <span>

#include <CLI/CLI.hpp>

#include "exit_codes.h"
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

// The output half of a listing command, apart from the kernel half so the
// tests can check the exact table and JSON of records they made up.
void print_cpus(const Context &ctx, std::span<const nl::CpuRecord> cpus);
void print_sections(const Context &ctx, std::span<const nl::SectionRecord> sections);

} // namespace hpsmctl

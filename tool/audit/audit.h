// The audit engine's front door.  No netlink, no command line: hpsmctl's
// `audit` subcommand reads its inputs with the readers, calls run_audit and
// prints the report with a renderer.
//
//   Trace trace;
//   if (auto err = read_ftrace_file(path, trace))          // --from-ftrace FILE
//           return print(err->to_string()), exit_input_error;
//   AuditOptions opts;                                      // --states FILE, --budget ...
//   Report r = run_audit(trace, opts);
//   std::cout << (json ? render_json(r) : render_text(r));
//   return exit_code(r);
//
// audit_ftrace_file() does all of that but the printing.  hpsm's own records
// (`hpsmctl trace --json`, the live module's dump) are read with
// hpsm_reader.h; run_audit() then also checks hpsm's callbacks inside their
// sections (check_callbacks.cpp).
#pragma once

#include <optional>
#include <string>

#include "audit/ftrace_reader.h"
#include "audit/options.h"
#include "audit/render.h"
#include "audit/report.h"
#include "audit/states.h"
#include "audit/trace.h"

namespace hpsmctl::audit {

// Never throws for bad input; the trace's own defects become findings.
Report run_audit(const Trace &trace, const AuditOptions &opts);

struct AuditRun {
	std::optional<InputError> error; // set: no report, exit code 2
	Report report;
	int exit_code = 0;
};

// `hpsmctl audit --from-ftrace TRACE [--states STATES]`.  states_path empty:
// none; if given it replaces opts.states.
AuditRun audit_ftrace_file(const std::string &trace_path, const std::string &states_path, AuditOptions opts);

} // namespace hpsmctl::audit

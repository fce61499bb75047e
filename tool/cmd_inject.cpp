// hpsmctl inject: HPSM_CMD_INJECT, arm a startup failure of one hpsm
// callback (--callback) or of a whole section before its callbacks
// (--section), on one CPU or any, --count times; or --clear everything.
// Every argument is checked here, so a bad one is exit 2 and never reaches
// the kernel.  Needs CAP_NET_ADMIN.  Prints what was armed.
#include <memory>

#include <hpsm/hpsm.h> // HPSM_NAME_MAX: the kernel's policy limit on names
#include <uapi/hpsm.h>

#include "checks.h"
#include "command.h"
#include "errors.h"
#include "names.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field fields[] = {
    {"inject", "inject"}, {"callback", "callback"}, {"section", "section"},       {"cpu", "cpu"},
    {"errno", "errno"},   {"errno_name", "errno_name"}, {"count", "count"},
};

struct Args {
	std::string callback, section, err;
	uint32_t cpu = 0, count = 1;
	bool clear = false;
	CLI::Option *callback_given = nullptr, *section_given = nullptr, *cpu_given = nullptr,
	            *errno_given = nullptr, *count_given = nullptr;
};

[[noreturn]] void usage(const std::string &what)
{
	throw Error(Exit::usage, what + " (see hpsmctl inject --help)");
}

// The request the arguments ask for; CLI11 has checked each value already.
nl::InjectRequest request_of(const Args &a)
{
	nl::InjectRequest req;
	if (a.clear) {
		req.clear = true;
		return req;
	}
	if (!*a.callback_given && !*a.section_given)
		usage("give the failure's place: --callback NAME or --section SECTION");
	if (!*a.errno_given)
		usage("give the errno to fail with: --errno E (a number or a name such as EIO)");
	if (*a.callback_given)
		req.callback = a.callback;
	if (*a.section_given)
		req.section = parse_callback_section(a.section);
	if (*a.cpu_given)
		req.cpu = a.cpu;
	req.err = *parse_errno(a.err);
	if (*a.count_given)
		req.count = a.count;
	return req;
}

Exit run(Context &ctx, const Args &a)
{
	nl::InjectRequest req = request_of(a);
	nl::Client client(ctx.debug());
	client.request(nl::inject_request(client.hpsm_family(), req));

	print_inject(ctx, req);
	return Exit::ok;
}

std::string check_callback(const std::string &name)
{
	if (name.empty() || name.size() >= HPSM_NAME_MAX)
		return "a callback name has 1 to " + std::to_string(HPSM_NAME_MAX - 1) + " characters";
	return {};
}

} // namespace

void print_inject(const Context &ctx, const nl::InjectRequest &req)
{
	Printer p = ctx.printer(Layout::line_records, fields);
	p.begin_record();
	p.print("inject", std::string(req.clear ? "cleared" : "armed"));
	if (!req.clear) {
		p.print("callback", req.callback);
		p.print("section", req.section ? std::optional(section_key(*req.section)) : std::nullopt);
		p.print("cpu", req.cpu); // absent: any CPU
		p.print("errno", uint64_t{req.err});
		p.print("errno_name", errno_name(req.err));
		p.print("count", uint64_t{req.count.value_or(1)});
	}
	p.end_record();
	p.finish();
}

Command add_inject(CLI::App &app)
{
	auto a = std::make_shared<Args>();
	CLI::App *sub = app.add_subcommand("inject", "Arm a failure of a callback or section (--clear: disarm all)");
	a->callback_given =
	    sub->add_option("--callback", a->callback, "NAME of the hpsm callback whose startup fails")
	        ->check(CLI::Validator(check_callback, "NAME"));
	a->section_given =
	    sub->add_option("--section", a->section,
	                    "SECTION that fails before its callbacks: " + callback_section_keys() + ", or its number")
	        ->check(CLI::Validator(
	            [](const std::string &s) {
		            return parse_callback_section(s) ? std::string()
		                                             : "not a section with callbacks: '" + s +
		                                                   "'; give one of " + callback_section_keys();
	            },
	            "SECTION"))
	        ->excludes(a->callback_given);
	a->cpu_given = sub->add_option("--cpu", a->cpu, "Only on this CPU (default: any)")->check(whole_number(0, 65535));
	a->errno_given = sub->add_option("-e,--errno", a->err, "E to fail with: 1..4095 or a name (EIO, ENOMEM, ...)")
	                     ->check(CLI::Validator(
	                         [](const std::string &s) {
		                         return parse_errno(s) ? std::string()
		                                               : "not an errno: '" + s +
		                                                     "'; give 1..4095 or a name such as EIO";
	                         },
	                         "E"));
	a->count_given =
	    sub->add_option("--count", a->count, "How many times it fails (default 1)")->check(whole_number(1, 30000));
	sub->add_flag("--clear", a->clear, "Disarm every armed failure")
	    ->excludes(a->callback_given)
	    ->excludes(a->section_given)
	    ->excludes(a->cpu_given)
	    ->excludes(a->errno_given)
	    ->excludes(a->count_given);
	return {sub, [a](Context &ctx) { return run(ctx, *a); }};
}

} // namespace hpsmctl

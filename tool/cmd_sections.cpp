// hpsmctl sections: HPSM_CMD_GET_SECTIONS, the mirrored layout in order, with
// the real cpuhp state that carries each callback section.
#include <vector>

#include <uapi/hpsm.h>

#include "command.h"
#include "names.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

// ID is the tool's unique key for the row ("sync_up"); SECTION is the name the
// module reports ("sync").
constexpr Field fields[] = {
    {"id", "ID", 12}, {"section", "SECTION", 12}, {"kind", "KIND", 6}, {"state", "STATE", 5}, {"state_name", "NAME"},
};

void print_section(Printer &p, const nl::SectionRecord &s)
{
	p.begin_record();
	p.print("id", section_key(s.id));
	p.print("section", s.name);
	p.print("kind", kind_name(s.kind));
	p.print("state", s.state);
	p.print("state_name", s.state_name);
	p.end_record();
}

Exit run(Context &ctx)
{
	nl::Client client(ctx.debug());
	std::vector<nl::SectionRecord> sections;
	client.dump(HPSM_CMD_GET_SECTIONS, [&](nlmsghdr *nlh) { sections.push_back(nl::parse_section(nlh)); });

	print_sections(ctx, sections);
	return Exit::ok;
}

} // namespace

void print_sections(const Context &ctx, std::span<const nl::SectionRecord> sections)
{
	Printer p = ctx.printer(Layout::table, fields);
	for (const nl::SectionRecord &s : sections)
		print_section(p, s);
	p.finish();
}

Command add_sections(CLI::App &app)
{
	return {app.add_subcommand("sections", "The mirrored layout: sections, kinds, cpuhp states"), run};
}

} // namespace hpsmctl

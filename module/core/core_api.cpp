// SPDX-License-Identifier: GPL-2.0
//
// The C entry points of the core.  One global Machine, constant-initialised
// (the kernel never runs global constructors).
#include "core_api.h"
#include "machine.h"

namespace hpsm {
constinit Machine g_machine;
} // namespace hpsm

using hpsm::g_machine;

extern "C" int hpsm_core_init(unsigned int nr_cpu_ids)
{
	return g_machine.init(nr_cpu_ids);
}

extern "C" void hpsm_core_exit(void)
{
	g_machine.fini();
}

extern "C" int hpsm_core_section_startup(unsigned int section, unsigned int cpu)
{
	return g_machine.section_startup(section, cpu);
}

extern "C" void hpsm_core_section_teardown(unsigned int section, unsigned int cpu)
{
	g_machine.section_teardown(section, cpu);
}

extern "C" int hpsm_core_install(const struct hpsm_callback *cb, int calls)
{
	return g_machine.install(cb, calls != 0);
}

extern "C" int hpsm_core_remove(int id, int calls)
{
	return g_machine.remove(id, calls != 0);
}

extern "C" int hpsm_core_cpu_get(unsigned int cpu, struct hpsm_core_cpu *out)
{
	if (cpu >= g_machine.nr_cpus())
		return -hpsm::kENOENT;
	out->reached = g_machine.reached(cpu);
	out->up_mask = g_machine.up_mask(cpu);
	return 0;
}

extern "C" int hpsm_core_section_get(unsigned int index, struct hpsm_core_section *out)
{
	const hpsm::SectionInfo *s = hpsm::section_info(index);
	if (s == nullptr)
		return -hpsm::kENOENT;
	out->id = s->id;
	out->kind = s->kind;
	out->name = s->name;
	out->state_name = s->state_name;
	out->carrier = static_cast<int>(s->carrier);
	return 0;
}

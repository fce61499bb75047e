// SPDX-License-Identifier: GPL-2.0
#include "fake_kernel.h"

#include <cstdio>
#include <iterator>

namespace testing_hpsm {

const char *section_name(u32 s)
{
	const hpsm::SectionInfo *info = hpsm::section_info(s);
	return info != nullptr ? info->name : "?";
}

// ---- the fake kernel --------------------------------------------------------

const hpsm_core_layout kLayout = {
    .online = 236,
    .bringup = 83,
    .teardown = 144,
    .ap_offline = 85,
    .ap_online_idle = 143,
    .bp_dyn = 61,
    .bp_dyn_end = 81,
    .ap_dyn = 194,
    .ap_dyn_end = 234,
    .ap_active = 235,
};

namespace {

// The kernel holds the hotplug lock for write during a transition; the fake
// platform reports any attempt to exclude hotplug from inside one.
class Transition {
      public:
	Transition() { fake::set_in_transition(true); }
	~Transition() { fake::set_in_transition(false); }
	Transition(const Transition &) = delete;
	Transition &operator=(const Transition &) = delete;
};

} // namespace

void FakeKernel::load(unsigned nr_cpus, unsigned nr_online)
{
	fake::reset(nr_cpus);
	for (unsigned cpu = 0; cpu < nr_online; cpu++) {
		fake::set_online(cpu, true);
		fake::set_active(cpu, true);
	}
	ASSERT_EQ(hpsm_core_init(nr_cpus, &kLayout, kRingSlots), 0);

	// cpuhp_setup_state(): one state at a time, every online CPU ascending.
	Transition t;
	const unsigned control = fake::this_cpu();
	for (u32 s : kCallbackSections) {
		for (unsigned cpu = 0; cpu < nr_online; cpu++) {
			fake::OnCpu on(is_ap(s) ? cpu : control);
			EXPECT_EQ(hpsm_core_section_startup(s, cpu), 0) << section_name(s) << " cpu" << cpu;
		}
	}
}

int FakeKernel::state_of(u32 section)
{
	int prep = 0, ap = 0;
	for (u32 s : kCallbackSections) {
		if (s == section)
			return is_ap(s) ? kLayout.ap_dyn + ap : kLayout.bp_dyn + prep;
		++(is_ap(s) ? ap : prep);
	}
	ADD_FAILURE() << "section " << section << " has no state";
	return 0;
}

unsigned FakeKernel::control_cpu(unsigned target) const
{
	for (unsigned cpu = 0; cpu < fake::nr_cpus(); cpu++)
		if (cpu != target && fake::online(cpu))
			return cpu;
	ADD_FAILURE() << "no control CPU for cpu" << target;
	return 0;
}

int FakeKernel::cpu_up(unsigned cpu)
{
	EXPECT_FALSE(fake::online(cpu)) << "cpu_up(" << cpu << ") of an online CPU";
	const unsigned control = control_cpu(cpu);
	const fake::OnCpu home(control);
	const Transition t;
	std::vector<u32> done;

	for (u32 s : kCallbackSections) {
		// The AP is kicked between the last PREP and the first AP section;
		// the traced bringup_cpu runs on the control CPU around its states.
		if (is_ap(s) && !fake::online(cpu)) {
			fake::set_online(cpu, true);
			trace_point(control, cpu, true, kLayout.online, kLayout.bringup, 0);
		}
		fake::set_this_cpu(is_ap(s) ? cpu : control);
		trace_point(fake::this_cpu(), cpu, true, kLayout.online, state_of(s), 0);
		const int ret = hpsm_core_section_startup(s, cpu);
		trace_point(fake::this_cpu(), cpu, false, state_of(s), state_of(s), ret);
		if (ret != 0) {
			roll_back(done, cpu, control, ret);
			return ret;
		}
		done.push_back(s);
		if (after_step != nullptr)
			after_step(s, true, cpu, after_step_arg);
	}
	fake::set_active(cpu, true);
	trace_point(control, cpu, false, kLayout.online, kLayout.bringup, 0);
	return 0;
}

void FakeKernel::cpu_down(unsigned cpu)
{
	EXPECT_TRUE(fake::online(cpu)) << "cpu_down(" << cpu << ") of an offline CPU";
	const unsigned control = control_cpu(cpu);
	const fake::OnCpu home(control);
	const Transition t;

	fake::set_active(cpu, false);
	// cpuhp_kick_ap_work: the control CPU waits around the AP's teardowns.
	trace_point(control, cpu, true, kLayout.teardown, kLayout.online, 0);
	bool kick_open = true;
	for (auto s = std::rbegin(kCallbackSections); s != std::rend(kCallbackSections); ++s) {
		if (kick_open && !is_ap(*s)) {
			trace_point(control, cpu, false, kLayout.teardown, kLayout.online, 0);
			kick_open = false;
		}
		step_down(*s, cpu, control);
	}
}

// AP teardowns on the dying CPU while it is still online; once the AP part is
// done the CPU goes offline and the control CPU runs the PREP teardowns.
void FakeKernel::step_down(u32 section, unsigned cpu, unsigned control)
{
	if (!is_ap(section))
		fake::set_online(cpu, false);
	fake::set_this_cpu(is_ap(section) ? cpu : control);
	trace_point(fake::this_cpu(), cpu, true, 0, state_of(section), 0);
	hpsm_core_section_teardown(section, cpu);
	trace_point(fake::this_cpu(), cpu, false, state_of(section) - 1, state_of(section), 0);
	if (after_step != nullptr)
		after_step(section, false, cpu, after_step_arg);
}

// undo_cpu_up(): the kernel never tears down the failing state itself, only
// the ones that completed, in reverse.  A failure on the AP ends the traced
// bringup_cpu once the AP has undone its own states.
void FakeKernel::roll_back(const std::vector<u32> &done, unsigned cpu, unsigned control, int ret)
{
	bool bringup_open = fake::online(cpu);
	for (auto s = done.rbegin(); s != done.rend(); ++s) {
		if (bringup_open && !is_ap(*s)) {
			trace_point(control, cpu, false, kLayout.bringup, kLayout.bringup, ret);
			bringup_open = false;
		}
		step_down(*s, cpu, control);
	}
	if (bringup_open)
		trace_point(control, cpu, false, kLayout.bringup, kLayout.bringup, ret);
	fake::set_online(cpu, false);
}

// cpuhp_enter (@enter: @a is the target) or cpuhp_exit (@a is the state
// after the step), emitted on CPU @on when tracing.
void FakeKernel::trace_point(unsigned on, unsigned cpu, bool enter, int a, int state, int ret)
{
	if (!trace)
		return;
	const unsigned saved = fake::this_cpu();
	fake::set_this_cpu(on);
	if (enter)
		hpsm_core_kernel_enter(cpu, a, state, nullptr, 0);
	else
		hpsm_core_kernel_exit(cpu, a, state, ret);
	fake::set_this_cpu(saved);
}

// ---- recorded events and statistics -------------------------------------------

std::vector<hpsm_core_event> recorded_events(unsigned long long since, int cpu)
{
	std::vector<hpsm_core_event> out;
	hpsm_core_event buf[16];
	for (;;) {
		unsigned long long next = 0;
		const unsigned n = hpsm_core_events_read(since, cpu, buf, 16, &next);
		out.insert(out.end(), buf, buf + n);
		EXPECT_GE(next, since);
		since = next;
		if (n < 16)
			return out;
	}
}

std::vector<hpsm_core_event> recorded_events_of(unsigned kind, unsigned long long since)
{
	std::vector<hpsm_core_event> out;
	for (const hpsm_core_event &e : recorded_events(since))
		if (e.kind == kind)
			out.push_back(e);
	return out;
}

bool find_stats(unsigned kind, unsigned source, unsigned dir, hpsm_core_stats *out)
{
	for (unsigned slot = 0; slot < hpsm_core_stats_slots(); slot++) {
		hpsm_core_stats st{};
		if (hpsm_core_stats_get(slot, dir, &st) != 0 || st.kind != kind || st.source != source)
			continue;
		*out = st;
		return true;
	}
	return false;
}

// ---- probes -------------------------------------------------------------------

std::vector<Event> &journal()
{
	static std::vector<Event> events;
	return events;
}

std::vector<std::string> journal_strs()
{
	std::vector<std::string> out;
	for (const Event &e : journal())
		out.push_back(e.str());
	return out;
}

std::string Event::str() const
{
	return (up ? "+" : "-") + name + "@" + std::to_string(cpu);
}

namespace {

Event record(const Probe &p, bool up, unsigned cpu)
{
	hpsm_core_cpu pos{};
	EXPECT_EQ(hpsm_core_cpu_get(cpu, &pos), 0);
	return Event{p.name, up, cpu, fake::this_cpu(), fake::excluded(), pos.up_mask};
}

int probe_startup(unsigned cpu, void *priv)
{
	const Probe &p = *static_cast<const Probe *>(priv);
	journal().push_back(record(p, true, cpu));
	if (p.fail_cpu < 0 || static_cast<unsigned>(p.fail_cpu) == cpu)
		return p.fail_ret;
	return 0;
}

void probe_teardown(unsigned cpu, void *priv)
{
	const Probe &p = *static_cast<const Probe *>(priv);
	journal().push_back(record(p, false, cpu));
}

} // namespace

hpsm_callback Probe::desc()
{
	hpsm_callback cb{};
	cb.name = name.c_str();
	cb.section = static_cast<hpsm_section>(section);
	cb.order = order;
	cb.startup = has_startup ? probe_startup : nullptr;
	cb.teardown = has_teardown ? probe_teardown : nullptr;
	cb.flags = reason != nullptr ? HPSM_CB_ASYMMETRIC : 0;
	cb.reason = reason;
	cb.priv = this;
	return cb;
}

// ---- the fixture --------------------------------------------------------------

void CoreTest::SetUp()
{
	journal().clear();
	kernel.load(kCpus, kOnline);
	clear();
}

void CoreTest::TearDown()
{
	EXPECT_FALSE(fake::excluded()) << "the hotplug exclusion lock leaked";
	EXPECT_EQ(fake::lock_acquisitions(), fake::lock_releases());
	EXPECT_FALSE(fake::irqs_off()) << "interrupts left off";
	if (HasFailure())
		std::fprintf(stderr, "hpsm log:\n%s", fake::log_text().c_str());
	hpsm_core_exit();
	EXPECT_EQ(fake::live_allocations(), 0);
	fake::reset(0);
}

Probe &CoreTest::probe(const std::string &name, u32 section, int order)
{
	Probe &p = probes_.emplace_back();
	p.name = name;
	p.section = section;
	p.order = order;
	return p;
}

int CoreTest::install(Probe &p, bool calls)
{
	const hpsm_callback cb = p.desc();
	const int ret = hpsm_core_install(&cb, calls);
	if (ret >= 0)
		p.id = ret;
	return ret;
}

Probe &CoreTest::add(const std::string &name, u32 section, int order)
{
	Probe &p = probe(name, section, order);
	EXPECT_GE(install(p, true), 0) << name << "\n" << fake::log_text();
	return p;
}

Probe &CoreTest::add_nocalls(const std::string &name, u32 section, int order)
{
	Probe &p = probe(name, section, order);
	EXPECT_GE(install(p, false), 0) << name << "\n" << fake::log_text();
	return p;
}

void CoreTest::clear()
{
	journal().clear();
	fake::clear_log();
	fake::clear_run_on_cpu_calls();
}

hpsm_core_cpu CoreTest::position(unsigned cpu)
{
	hpsm_core_cpu pos{};
	EXPECT_EQ(hpsm_core_cpu_get(cpu, &pos), 0);
	return pos;
}

u64 CoreTest::bits(std::initializer_list<const Probe *> probes)
{
	u64 mask = 0;
	for (const Probe *p : probes) {
		EXPECT_GE(p->id, 0) << p->name << " is not installed";
		mask |= u64{1} << p->id;
	}
	return mask;
}

std::vector<int> CoreTest::section_ids(u32 section)
{
	const hpsm::u8 *ids = nullptr;
	const unsigned n = machine.section_callbacks(section, &ids);
	return std::vector<int>(ids, ids + n);
}

bool CoreTest::nothing_installed()
{
	for (u32 s = 0; s < HPSM_SEC_COUNT; s++)
		if (!section_ids(s).empty())
			return false;
	for (int id = 0; id < HPSM_MAX_CALLBACKS; id++)
		if (machine.callback(id) != nullptr)
			return false;
	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		if (machine.up_mask(cpu) != 0)
			return false;
	return true;
}

} // namespace testing_hpsm

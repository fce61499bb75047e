// SPDX-License-Identifier: GPL-2.0
//
// Dispatch: a CPU coming up runs every callback in array order (sections in
// layout order, each section sorted by order key, ties in install order); a
// CPU going down runs the teardowns in exact reverse.  The per-CPU position
// (up mask, reached section) is exact after every step.
#include "fake_kernel.h"

#include <algorithm>
#include <cerrno>
#include <map>

namespace testing_hpsm {
namespace {

// Two probes per section, installed in an order that is neither the layout
// order nor its reverse, so that only the core's sorting can explain the
// order of the calls.
class Dispatch : public CoreTest {
      protected:
	std::vector<Probe *> add_two_per_section()
	{
		static const u32 kInstallOrder[] = {HPSM_SEC_SCHED_LOCAL, HPSM_SEC_PREP_DATA, HPSM_SEC_ENABLE,
		                                    HPSM_SEC_PREP_HW,     HPSM_SEC_INIT_HW,   HPSM_SEC_PREP_THREADS};
		std::vector<Probe *> all;
		for (u32 s : kInstallOrder)
			for (const char *k : {"a", "b"})
				all.push_back(&add(std::string(section_name(s)) + "." + k, s));
		return all;
	}
};

std::vector<std::string> expected_up(unsigned cpu)
{
	std::vector<std::string> want;
	for (u32 s : kCallbackSections)
		for (const char *k : {"a", "b"})
			want.push_back("+" + std::string(section_name(s)) + "." + k + "@" + std::to_string(cpu));
	return want;
}

std::vector<std::string> reversed_down(std::vector<std::string> up)
{
	std::reverse(up.begin(), up.end());
	for (std::string &s : up)
		s[0] = '-';
	return up;
}

TEST_F(Dispatch, UpRunsLayoutOrderAndDownRunsExactReverse)
{
	add_two_per_section();
	clear();

	ASSERT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal_strs(), expected_up(3));

	clear();
	kernel.cpu_down(3);
	EXPECT_EQ(journal_strs(), reversed_down(expected_up(3)));
}

// PREP callbacks run on the control CPU while the target is offline, AP
// callbacks on the target itself, in both directions.
TEST_F(Dispatch, EachCallbackRunsWhereItsSectionSays)
{
	const std::vector<Probe *> all = add_two_per_section();
	clear();

	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(3);
	ASSERT_EQ(journal().size(), 2 * all.size());
	std::map<std::string, u32> section_of;
	for (const Probe *p : all)
		section_of[p->name] = p->section;
	for (const Event &e : journal()) {
		EXPECT_EQ(e.ran_on, is_ap(section_of.at(e.name)) ? 3u : kernel.control_cpu(3)) << e.str();
		EXPECT_FALSE(e.excluded) << e.str() << ": a transition never takes hpsm's exclusion lock";
	}
	EXPECT_EQ(machine.placement_violations(), 0u);
}

TEST_F(Dispatch, OrderKeySortsAndTiesKeepInstallOrder)
{
	Probe &c = add("c", HPSM_SEC_INIT_HW, 5);
	Probe &a = add("a", HPSM_SEC_INIT_HW, -3);
	Probe &b = add("b", HPSM_SEC_INIT_HW, 5);
	Probe &d = add("d", HPSM_SEC_INIT_HW, 0);
	Probe &e = add("e", HPSM_SEC_INIT_HW, -3);
	Probe &other = add("other", HPSM_SEC_SCHED_LOCAL, -100);
	EXPECT_EQ(section_ids(HPSM_SEC_INIT_HW), (std::vector<int>{a.id, e.id, d.id, c.id, b.id}));
	EXPECT_EQ(section_ids(HPSM_SEC_SCHED_LOCAL), std::vector<int>{other.id});
	clear();

	ASSERT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+a@3", "+e@3", "+d@3", "+c@3", "+b@3", "+other@3"}));
	clear();
	kernel.cpu_down(3);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"-other@3", "-b@3", "-c@3", "-d@3", "-e@3", "-a@3"}));
}

// Install order, not id order, breaks ties: a reinstalled callback reuses a
// low slot but goes behind the callbacks that were installed before it.
TEST_F(Dispatch, ReinstalledCallbackGoesBehindItsEquals)
{
	Probe &a = add("a", HPSM_SEC_PREP_DATA, 1);
	Probe &b = add("b", HPSM_SEC_PREP_DATA, 1);
	ASSERT_EQ(hpsm_core_remove(a.id, 1), 0);
	Probe &again = add("a2", HPSM_SEC_PREP_DATA, 1);
	EXPECT_EQ(again.id, a.id) << "the freed slot is reused";
	EXPECT_EQ(section_ids(HPSM_SEC_PREP_DATA), (std::vector<int>{b.id, again.id}));
}

// hpsm_core_cpu_get(): reached is the last section (layout order) that
// completed on the CPU, up_mask exactly the callbacks whose startup ran and
// whose teardown has not.
struct Watch {
	std::vector<std::pair<u32, hpsm_core_cpu>> seen; // (section, position after it)
};

void watch_step(u32 section, bool, unsigned cpu, void *arg)
{
	Watch &w = *static_cast<Watch *>(arg);
	hpsm_core_cpu pos{};
	EXPECT_EQ(hpsm_core_cpu_get(cpu, &pos), 0);
	w.seen.push_back({section, pos});
}

TEST_F(Dispatch, PositionIsExactAfterEveryStep)
{
	std::vector<u64> section_bits(HPSM_SEC_COUNT, 0);
	for (u32 s : kCallbackSections)
		for (const char *k : {"x", "y"}) {
			const Probe &p = add(std::string(section_name(s)) + k, s);
			section_bits[s] |= u64{1} << p.id;
		}
	Watch w;
	kernel.after_step = watch_step;
	kernel.after_step_arg = &w;

	EXPECT_EQ(position(3).reached, static_cast<unsigned>(HPSM_SEC_OFFLINE));
	EXPECT_EQ(position(3).up_mask, 0u);
	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(3);

	// Up: after each section, everything up to and including it.
	ASSERT_EQ(w.seen.size(), 12u);
	u64 want = 0;
	for (unsigned i = 0; i < 6; i++) {
		const u32 s = kCallbackSections[i];
		want |= section_bits[s];
		EXPECT_EQ(w.seen[i].first, s);
		EXPECT_EQ(w.seen[i].second.reached, s) << "after up " << section_name(s);
		EXPECT_EQ(w.seen[i].second.up_mask, want) << "after up " << section_name(s);
	}
	// Down: after each section's teardown, only the sections before it.
	for (unsigned i = 0; i < 6; i++) {
		const u32 s = kCallbackSections[5 - i];
		want &= ~section_bits[s];
		const u32 below = i == 5 ? static_cast<u32>(HPSM_SEC_OFFLINE) : kCallbackSections[4 - i];
		EXPECT_EQ(w.seen[6 + i].first, s);
		EXPECT_EQ(w.seen[6 + i].second.reached, below) << "after down " << section_name(s);
		EXPECT_EQ(w.seen[6 + i].second.up_mask, want) << "after down " << section_name(s);
	}
	// The other CPUs did not move: every callback section is up on them.
	u32 six = 0;
	for (u32 s : kCallbackSections)
		six |= 1u << s;
	for (unsigned cpu = 0; cpu < kOnline; cpu++) {
		EXPECT_EQ(position(cpu).reached, static_cast<unsigned>(HPSM_SEC_ENABLE));
		EXPECT_EQ(machine.sections_up(cpu), six);
	}
}

// Inside a section: a startup sees its predecessors up and itself not yet; a
// teardown still counts itself up and its successors already down.
TEST_F(Dispatch, PositionIsExactInsideASection)
{
	Probe &p1 = add("p1", HPSM_SEC_ENABLE, 1);
	Probe &p2 = add("p2", HPSM_SEC_ENABLE, 2);
	Probe &p3 = add("p3", HPSM_SEC_ENABLE, 3);
	clear();

	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(3);
	ASSERT_EQ(journal_strs(), (std::vector<std::string>{"+p1@3", "+p2@3", "+p3@3", "-p3@3", "-p2@3", "-p1@3"}));
	const std::vector<u64> want = {
	    0, bits({&p1}), bits({&p1, &p2}), bits({&p1, &p2, &p3}), bits({&p1, &p2}), bits({&p1}),
	};
	for (size_t i = 0; i < want.size(); i++)
		EXPECT_EQ(journal()[i].up_mask, want[i]) << journal()[i].str();
}

TEST_F(Dispatch, PositionOfAnImpossibleCpuIsENOENT)
{
	hpsm_core_cpu pos{};
	EXPECT_EQ(hpsm_core_cpu_get(kCpus, &pos), -ENOENT);
	EXPECT_EQ(machine.up_mask(kCpus), 0u);
	EXPECT_EQ(machine.reached(kCpus), static_cast<u32>(HPSM_SEC_OFFLINE));
}

// Module load started the six sections on the CPUs online at that time; the
// others start at OFFLINE.
TEST_F(Dispatch, LoadStartsTheSectionsOnOnlineCpusOnly)
{
	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		EXPECT_EQ(position(cpu).reached, cpu < kOnline ? static_cast<unsigned>(HPSM_SEC_ENABLE)
		                                               : static_cast<unsigned>(HPSM_SEC_OFFLINE))
		    << "cpu" << cpu;
}

} // namespace
} // namespace testing_hpsm

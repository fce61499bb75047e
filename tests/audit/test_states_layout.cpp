// The states file, the anchors, and the mapping of every real state onto
// the RFC's sections.
#include <gtest/gtest.h>

#include "audit/layout.h"
#include "testlib.h"

using namespace audit_test;

namespace {

StateTable load(const std::string &rel)
{
	StateTable st;
	auto err = read_states_file(fixture_path(rel), st);
	EXPECT_FALSE(err) << err->to_string();
	return st;
}

Section section_of(const StateTable &st, const Anchors &a, std::string_view name)
{
	auto n = st.find(name);
	EXPECT_TRUE(n) << name;
	return classify_state(*n, name, a).section;
}

} // namespace

TEST(States, ReadsBothKernels)
{
	auto s61 = load("6.1/hotplug-states.txt");
	EXPECT_EQ(s61.rows.size(), 61u);
	EXPECT_EQ(*s61.name(91), "cpu:bringup");
	auto s612 = load("6.12/hotplug-states.txt");
	EXPECT_EQ(s612.rows.size(), 68u);
	EXPECT_EQ(s612.find("cpu:kick_ap"), 85);
	EXPECT_FALSE(s612.name(84));
}

TEST(States, BadLinesAreInputErrors)
{
	StateTable st;
	auto err = read_states_text("  0: offline\n  1 threads:prepare\n", "s", st);
	ASSERT_TRUE(err);
	EXPECT_EQ(err->line, 2u);
	StateTable st2;
	auto err2 = read_states_text("  5: a\n  3: b\n", "s", st2);
	ASSERT_TRUE(err2);
	EXPECT_EQ(err2->line, 2u);
	StateTable st3;
	EXPECT_TRUE(read_states_text("", "s", st3));
}

TEST(Anchors, FromStatesAndFromTraceAgree)
{
	for (std::string v : {"6.1", "6.12"}) {
		auto st = load(v + "/hotplug-states.txt");
		Anchors a = anchors_from_states(st);
		Trace t;
		ASSERT_FALSE(read_ftrace_file(fixture_path(v + "/ftrace-cycles-fail.txt"), t));
		Anchors b = anchors_from_trace(t);
		EXPECT_EQ(a.bringup, b.bringup) << v;
		EXPECT_EQ(a.teardown, b.teardown) << v;
		EXPECT_EQ(a.online, b.online) << v;
		EXPECT_EQ(a.sched_active, b.sched_active) << v;
		EXPECT_EQ(a.kick_ap, b.kick_ap) << v;
		std::vector<std::string> dis;
		merge_anchors(a, b, dis);
		EXPECT_TRUE(dis.empty()) << v;
	}
}

TEST(Anchors, StructureAloneFindsBringupAndTeardown)
{
	// Without the kernel's symbols (an unsymbolised %ps prints addresses)
	// the nesting of the records still shows the anchors.
	Trace t;
	ASSERT_FALSE(read_ftrace_file(fixture_path("6.1/ftrace-cycles-fail.txt"), t));
	Trace stripped;
	stripped.events = t.events;
	for (auto &e : stripped.events)
		if (e.sym)
			e.sym = stripped.symbols.intern("0xffffffff8" + std::to_string(e.state));
	Anchors a = anchors_from_trace(stripped);
	EXPECT_EQ(a.bringup, 91);
	EXPECT_EQ(a.teardown, 153);
	EXPECT_EQ(a.online, 236);
	EXPECT_EQ(a.source, "trace structure");
}

TEST(Layout, SectionsOf61)
{
	auto st = load("6.1/hotplug-states-hpsm.txt");
	Anchors a = anchors_from_states(st);
	EXPECT_EQ(section_of(st, a, "offline"), Section::offline);
	EXPECT_EQ(section_of(st, a, "threads:prepare"), Section::prep);
	EXPECT_EQ(section_of(st, a, "slub:dead"), Section::prep);
	EXPECT_EQ(section_of(st, a, "hpsm:prep_threads"), Section::prep);
	EXPECT_EQ(section_of(st, a, "cpu:bringup"), Section::sync);
	EXPECT_EQ(section_of(st, a, "sched:starting"), Section::init);
	EXPECT_EQ(section_of(st, a, "hrtimers:dying"), Section::init);
	EXPECT_EQ(section_of(st, a, "cpu:teardown"), Section::sync);
	EXPECT_EQ(section_of(st, a, "sched:waitempty"), Section::sched);
	EXPECT_EQ(section_of(st, a, "smpboot/threads:online"), Section::sched);
	EXPECT_EQ(section_of(st, a, "workqueue:online"), Section::enable);
	EXPECT_EQ(section_of(st, a, "hpsm:init_hw"), Section::init);
	EXPECT_EQ(section_of(st, a, "hpsm:sched_local"), Section::sched);
	EXPECT_EQ(section_of(st, a, "hpsm:enable"), Section::enable);
	EXPECT_EQ(section_of(st, a, "sched:active"), Section::sched);
	EXPECT_EQ(section_of(st, a, "online"), Section::online);
}

TEST(Layout, SectionsOf612AndNameNotes)
{
	auto st = load("6.12/hotplug-states.txt");
	Anchors a = anchors_from_states(st);
	EXPECT_EQ(section_of(st, a, "cpu:kick_ap"), Section::sync);
	EXPECT_EQ(section_of(st, a, "crash/cpuhp"), Section::prep);
	EXPECT_EQ(section_of(st, a, "tick:dying"), Section::init);
	EXPECT_EQ(section_of(st, a, "tmigr:online"), Section::enable);
	// The kernel numbers leds/trigger:starting among the ONLINE states: the
	// name says interrupts-off, the number says cpuhp/N.
	auto n = st.find("leds/trigger:starting");
	auto p = classify_state(*n, "leds/trigger:starting", a);
	EXPECT_EQ(p.section, Section::enable);
	EXPECT_NE(p.note.find("named :starting"), std::string::npos) << p.note;
	// Anchor names are positions, not phases: no note.
	EXPECT_TRUE(classify_state(*st.find("ap:online"), "ap:online", a).note.empty());
	EXPECT_TRUE(classify_state(*st.find("workqueue:online"), "workqueue:online", a).note.empty());
}

TEST(Layout, PlacementRuleIsTheKernels)
{
	auto st = load("6.1/hotplug-states.txt");
	Anchors a = anchors_from_states(st);
	EXPECT_FALSE(a.is_ap(1));
	EXPECT_FALSE(a.is_ap(91));  // cpu:bringup: control CPU
	EXPECT_TRUE(a.is_ap(94));   // STARTING: on the AP (never traced)
	EXPECT_FALSE(a.is_ap(153)); // cpu:teardown: control CPU
	EXPECT_TRUE(a.is_ap(155));
	EXPECT_TRUE(a.is_ap(235));
	EXPECT_FALSE(a.is_ap(236)); // the kick's pseudo-step
	EXPECT_TRUE(a.is_untraced(94));
	EXPECT_FALSE(a.is_untraced(155));
}

// The ftrace text grammar: exactly the lines the kernel writes for the cpuhp
// events, every column variant, and bad cpuhp lines as input errors with
// their line number.
#include <gtest/gtest.h>

#include "testlib.h"

using namespace audit_test;

TEST(FtraceLine, Enter)
{
	auto l =
	    parse_ftrace_line("     kworker/0:2-63      [000] .....     3.978583: cpuhp_enter: cpu: 0001 target: 153 "
	                      "step: 236 (cpuhp_kick_ap_work)");
	ASSERT_EQ(l.kind, LineKind::event) << l.error;
	EXPECT_EQ(l.event.kind, Kind::KernelEnter);
	EXPECT_EQ(l.task, "kworker/0:2");
	EXPECT_EQ(l.pid, 63u);
	EXPECT_EQ(l.event.on_cpu, 0u);
	EXPECT_EQ(l.event.cpu, 1u);
	EXPECT_EQ(l.event.target, 153);
	EXPECT_EQ(l.event.state, 236);
	EXPECT_EQ(l.event.ts_ns, 3978583000ull);
	EXPECT_EQ(l.symbol, "cpuhp_kick_ap_work");
}

TEST(FtraceLine, MultiEnterWithModuleSymbol)
{
	auto l = parse_ftrace_line("sh-110 [002] ..... 4.134276: cpuhp_multi_enter: cpu: 0001 target: 236 step:  62 "
	                           "(trace_rb_cpu_prepare)");
	ASSERT_EQ(l.kind, LineKind::event) << l.error;
	EXPECT_EQ(l.event.kind, Kind::KernelMultiEnter);
	EXPECT_EQ(l.event.state, 62);
	auto m = parse_ftrace_line("cpuhp/1-19 [001] ..... 6.414205: cpuhp_enter: cpu: 0001 target: 153 step: 212 "
	                           "(hpsm_down_ENABLE [hpsm])");
	ASSERT_EQ(m.kind, LineKind::event) << m.error;
	EXPECT_EQ(m.symbol, "hpsm_down_ENABLE [hpsm]");
}

TEST(FtraceLine, Exit)
{
	auto l =
	    parse_ftrace_line("         cpuhp/1-19      [001] .....     3.994404: cpuhp_exit:  cpu: 0001  state: 234 "
	                      "step: 235 ret: 0");
	ASSERT_EQ(l.kind, LineKind::event) << l.error;
	EXPECT_EQ(l.event.kind, Kind::KernelExit);
	EXPECT_EQ(l.event.exit_state, 234);
	EXPECT_EQ(l.event.state, 235);
	EXPECT_EQ(l.event.ret, 0);
	auto f = parse_ftrace_line("boxhelper-131 [001] ..... 5.097921: cpuhp_exit:  cpu: 0002  state: 154 step:  91 "
	                           "ret: -11");
	ASSERT_EQ(f.kind, LineKind::event) << f.error;
	EXPECT_EQ(f.event.ret, -11);
	EXPECT_EQ(f.event.exit_state, 154);
	EXPECT_EQ(f.event.state, 91);
}

TEST(FtraceLine, TaskWithSpacesAndDashes)
{
	auto l = parse_ftrace_line("  my-task name-x-4711  [003] d..2.   12.000001: cpuhp_exit:  cpu: 0002  state:  1 "
	                           "step:  2 ret: 0");
	ASSERT_EQ(l.kind, LineKind::event) << l.error;
	EXPECT_EQ(l.task, "my-task name-x");
	EXPECT_EQ(l.pid, 4711u);
	EXPECT_EQ(l.event.on_cpu, 3u);
	// A "[1]" inside the task name is not the CPU column.
	auto b = parse_ftrace_line("x [1] y-9 [002] ..... 1.5: cpuhp_exit: cpu: 0001 state: 2 step: 2 ret: 0");
	ASSERT_EQ(b.kind, LineKind::event) << b.error;
	EXPECT_EQ(b.task, "x [1] y");
	EXPECT_EQ(b.event.on_cpu, 2u);
	EXPECT_EQ(b.event.ts_ns, 1500000000ull);
}

TEST(FtraceLine, OptionalColumns)
{
	// No irq-flags column (options/irq-info off).
	auto a = parse_ftrace_line("sh-110 [000] 4.134069: cpuhp_enter: cpu: 0001 target: 236 step:   1 "
	                           "(smpboot_create_threads)");
	ASSERT_EQ(a.kind, LineKind::event) << a.error;
	EXPECT_EQ(a.event.ts_ns, 4134069000ull);
	// The TGID column (options/record-tgid).
	auto b =
	    parse_ftrace_line("sh-110 (    110) [000] ..... 4.134069: cpuhp_enter: cpu: 0001 target: 236 step:   1 "
	                      "(smpboot_create_threads)");
	ASSERT_EQ(b.kind, LineKind::event) << b.error;
	EXPECT_EQ(b.task, "sh");
	auto c = parse_ftrace_line("<idle>-0 (-------) [001] dNh1. 4.1: cpuhp_exit: cpu: 0001 state: 1 step: 1 ret: 0");
	ASSERT_EQ(c.kind, LineKind::event) << c.error;
	// Nanosecond and counter timestamps.
	auto d = parse_ftrace_line("sh-1 [000] ..... 4.123456789: cpuhp_exit: cpu: 0001 state: 1 step: 1 ret: 0");
	EXPECT_EQ(d.event.ts_ns, 4123456789ull);
	auto e = parse_ftrace_line("sh-1 [000] ..... 987654: cpuhp_exit: cpu: 0001 state: 1 step: 1 ret: 0");
	EXPECT_EQ(e.event.ts_ns, 987654ull);
}

TEST(FtraceLine, HeaderOtherEventsAndLosses)
{
	auto h = parse_ftrace_line("# entries-in-buffer/entries-written: 840/912   #P:4");
	ASSERT_EQ(h.kind, LineKind::comment);
	EXPECT_TRUE(h.has_entries);
	EXPECT_EQ(h.entries_in_buffer, 840u);
	EXPECT_EQ(h.entries_written, 912u);
	EXPECT_EQ(parse_ftrace_line("#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION").kind,
	          LineKind::comment);
	EXPECT_EQ(parse_ftrace_line("").kind, LineKind::blank);
	EXPECT_EQ(parse_ftrace_line("  bash-1 [000] ..... 1.0: sched_switch: prev_comm=cpuhp_x").kind, LineKind::other);
	EXPECT_EQ(parse_ftrace_line("##### CPU 2 buffer started ####").kind, LineKind::comment);
	auto lost = parse_ftrace_line("CPU:2 [LOST 123 EVENTS]");
	ASSERT_EQ(lost.kind, LineKind::lost);
	EXPECT_EQ(lost.lost_cpu, 2);
	EXPECT_EQ(lost.lost_count, 123u);
}

TEST(FtraceLine, CorruptedCpuhpLinesAreErrors)
{
	for (const char *bad : {
	         "sh-110 [000] ..... 4.134069: cpuhp_enter: cpu: 0001 target: 236 step:   1",
	         "sh-110 [000] ..... 4.134069: cpuhp_enter: cpu: 00x1 target: 236 step:   1 (a)",
	         "sh-110 [000] ..... 4.134069: cpuhp_enter: cpu: 0001 target: 236 step: ()",
	         "sh-110 [000] ..... 4.134069: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret:",
	         "sh-110 [000] ..... 4.134069: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0 junk",
	         "sh-110 [000] ..... 4.134069: cpuhp_exit:  cpu: 0001  state: 99999999 step: 1 ret: 0",
	         "sh-110 [000] ..... 4.134069: cpuhp_frobnicate: cpu: 0001",
	         "sh-110 [0x0] ..... 4.134069: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0",
	         "sh-110 [000] ..... 4.13x069: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0",
	         "sh-110 [000] ..... 4.1340",
	         "cpuhp/1-19 [001] ..... 4.211021: ",
	         "cpuhp/1-19 [001] .....",
	         "cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0",
	         "# entries-in-buffer/entries-written: 8x0/840   #P:4",
	         "CPU:2 [LOST many EVENTS]",
	     }) {
		auto l = parse_ftrace_line(bad);
		EXPECT_EQ(l.kind, LineKind::error) << bad;
		EXPECT_FALSE(l.error.empty()) << bad;
	}
}

TEST(FtraceReader, NamesTheLineOfAnInputError)
{
	std::string text =
	    "# tracer: nop\n"
	    "sh-110 [000] ..... 4.134069: cpuhp_enter: cpu: 0001 target: 236 step:   1 (smpboot_create_threads)\n"
	    "  bash-1 [000] ..... 4.2: sched_switch: whatever\n"
	    "sh-110 [000] ..... 4.134092: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: zero\n";
	Trace t;
	auto err = read_ftrace_text(text, "t.txt", t);
	ASSERT_TRUE(err);
	EXPECT_EQ(err->line, 4u);
	EXPECT_NE(err->to_string().find("t.txt:4: cpuhp_exit"), std::string::npos) << err->to_string();
}

TEST(FtraceReader, ReadsAFixture)
{
	Trace t;
	ASSERT_FALSE(read_ftrace_file(fixture_path("6.1/ftrace-cycles-fail.txt"), t));
	EXPECT_EQ(t.events.size(), 840u);
	EXPECT_TRUE(t.has_entries_header);
	EXPECT_EQ(t.entries_in_buffer, 840u);
	EXPECT_EQ(t.entries_written, 840u);
	EXPECT_EQ(t.lines, 852u);
	EXPECT_EQ(t.events.front().line, 13u);
	EXPECT_EQ(t.events.front().seq, 0u);
	EXPECT_EQ(t.events.back().seq, 839u);
	EXPECT_EQ(t.symbols.name(t.events.front().sym), "cpuhp_kick_ap_work");
	// Interned: one id per distinct callback.
	EXPECT_EQ(t.events[1].sym, t.symbols.intern("sched_cpu_deactivate"));
}

TEST(FtraceReader, MissingFileIsAnInputError)
{
	Trace t;
	auto err = read_ftrace_file("/nonexistent/trace", t);
	ASSERT_TRUE(err);
	EXPECT_EQ(err->line, 0u);
}

TEST(FtraceReader, LostLinesAreRecorded)
{
	std::string text = "sh-110 [000] ..... 4.1: cpuhp_enter: cpu: 0001 target: 236 step:   1 (a)\n"
	                   "CPU:0 [LOST 7 EVENTS]\n"
	                   "sh-110 [000] ..... 4.2: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0\n";
	Trace t;
	ASSERT_FALSE(read_ftrace_text(text, "t", t));
	ASSERT_EQ(t.losses.size(), 1u);
	EXPECT_EQ(t.losses[0].line, 2u);
	EXPECT_EQ(t.losses[0].count, 7u);
	EXPECT_EQ(t.losses[0].before_seq, 1u);
}

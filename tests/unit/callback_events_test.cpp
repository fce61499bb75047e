// SPDX-License-Identifier: GPL-2.0
//
// hpsm's own callbacks in the recorder: every run of a startup or teardown
// is an enter/exit pair with the CPU it was for, the CPU it ran on, the
// direction of the transition and the return value, and its duration goes to
// the statistics of (callback, direction).
#include "fake_kernel.h"

#include <cerrno>
#include <cstdint>

namespace testing_hpsm {
namespace {

class CallbackEvents : public CoreTest {
      protected:
	void SetUp() override
	{
		CoreTest::SetUp();
		fake::freeze_clock(5000000);
	}

	static std::vector<hpsm_core_event> callbacks(unsigned long long since = 0)
	{
		return recorded_events_of(HPSM_SRC_CALLBACK, since);
	}

	// "+name@cpu/on:dir" for enters, "-name@cpu/on:dir=ret" for exits.
	std::vector<std::string> describe(const std::vector<hpsm_core_event> &evs)
	{
		static const char *const kDir[] = {"up", "down", "rbdown", "rbup"};
		std::vector<std::string> out;
		for (const hpsm_core_event &e : evs) {
			const hpsm::Callback *cb = machine.callback(static_cast<int>(e.source));
			std::string s = e.phase == HPSM_PHASE_ENTER ? "+" : "-";
			s += cb != nullptr ? cb->name : "?";
			s += "@" + std::to_string(e.cpu) + "/" + std::to_string(e.on_cpu) + ":" +
			     (e.dir < 4 ? kDir[e.dir] : "?");
			if (e.phase == HPSM_PHASE_EXIT)
				s += "=" + std::to_string(e.ret);
			out.push_back(s);
		}
		return out;
	}

	static u64 stat_count(const Probe &p, unsigned dir)
	{
		hpsm_core_stats st{};
		return find_stats(HPSM_SRC_CALLBACK, static_cast<unsigned>(p.id), dir, &st) ? st.count : 0;
	}
};

TEST_F(CallbackEvents, UpAndDownRunsArePairsWithDirectionAndPlacement)
{
	Probe &prep = add("prep", HPSM_SEC_PREP_DATA);
	Probe &ap = add("ap", HPSM_SEC_ENABLE);
	const unsigned long long mark = hpsm_core_next_seq();

	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(3);
	EXPECT_EQ(describe(callbacks(mark)), (std::vector<std::string>{
	                                         "+prep@3/0:up", "-prep@3/0:up=0", // control CPU
	                                         "+ap@3/3:up", "-ap@3/3:up=0",     // the CPU itself
	                                         "+ap@3/3:down", "-ap@3/3:down=0",
	                                         "+prep@3/0:down", "-prep@3/0:down=0",
	                                     }));
	for (const Probe *p : {&prep, &ap}) {
		EXPECT_EQ(stat_count(*p, HPSM_DIR_UP), 4u) << p->name << ": install on CPUs 0-2 and cpu_up";
		EXPECT_EQ(stat_count(*p, HPSM_DIR_DOWN), 1u) << p->name;
		EXPECT_EQ(stat_count(*p, HPSM_DIR_ROLLBACK_DOWN), 0u) << p->name;
	}
}

// Installing with calls runs the startup for every CPU that passed the
// section (AP ones on that CPU); removing runs the teardowns.
TEST_F(CallbackEvents, InstallAndRemoveAreRecorded)
{
	const fake::OnCpu installer(1);
	Probe &ap = add("ap", HPSM_SEC_SCHED_LOCAL);
	Probe &prep = add("prep", HPSM_SEC_PREP_HW);
	EXPECT_EQ(describe(callbacks()), (std::vector<std::string>{
	                                     "+ap@0/0:up", "-ap@0/0:up=0",
	                                     "+ap@1/1:up", "-ap@1/1:up=0",
	                                     "+ap@2/2:up", "-ap@2/2:up=0",
	                                     "+prep@0/1:up", "-prep@0/1:up=0", // on behalf, from CPU 1
	                                     "+prep@1/1:up", "-prep@1/1:up=0",
	                                     "+prep@2/1:up", "-prep@2/1:up=0",
	                                 }));
	const unsigned long long mark = hpsm_core_next_seq();
	ASSERT_EQ(hpsm_core_remove(ap.id, 1), 0);
	EXPECT_EQ(describe(callbacks(mark)), (std::vector<std::string>{
	                                         "+?@0/0:down", "-?@0/0:down=0", // removed: the name is gone
	                                         "+?@1/1:down", "-?@1/1:down=0",
	                                         "+?@2/2:down", "-?@2/2:down=0",
	                                     }));
	EXPECT_EQ(stat_count(prep, HPSM_DIR_UP), 3u);

	// Without calls nothing runs and nothing is recorded.
	const unsigned long long mark2 = hpsm_core_next_seq();
	add_nocalls("quiet", HPSM_SEC_ENABLE);
	ASSERT_EQ(hpsm_core_remove(prep.id, 0), 0);
	EXPECT_TRUE(callbacks(mark2).empty());
}

// A startup failing in a section: the callbacks before it in the section are
// undone at once by hpsm, and those teardowns are RollbackDown.
TEST_F(CallbackEvents, InSectionRollbackIsRollbackDown)
{
	Probe &a = add("a", HPSM_SEC_SCHED_LOCAL, 0);
	Probe &b = add("b", HPSM_SEC_SCHED_LOCAL, 1);
	add("c", HPSM_SEC_SCHED_LOCAL, 2);
	b.fail_ret = -EBUSY;
	b.fail_cpu = 3;
	const unsigned long long mark = hpsm_core_next_seq();
	EXPECT_EQ(kernel.cpu_up(3), -EBUSY);
	EXPECT_EQ(describe(callbacks(mark)), (std::vector<std::string>{
	                                         "+a@3/3:up", "-a@3/3:up=0",
	                                         "+b@3/3:up", "-b@3/3:up=-16",
	                                         "+a@3/3:rbdown", "-a@3/3:rbdown=0",
	                                     }));
	hpsm_core_stats st{};
	ASSERT_TRUE(find_stats(HPSM_SRC_CALLBACK, static_cast<unsigned>(b.id), HPSM_DIR_UP, &st));
	EXPECT_EQ(st.count, 4u) << "three installs and the failed run";
	EXPECT_EQ(stat_count(a, HPSM_DIR_ROLLBACK_DOWN), 1u);
	EXPECT_EQ(stat_count(a, HPSM_DIR_DOWN), 0u);
}

// With the kernel's tracepoints seen too (as on a real kernel), the kernel's
// rollback of the sections that had completed is RollbackDown as well, and
// the next transitions are plain Up and Down again.
TEST_F(CallbackEvents, KernelRollbackOfEarlierSectionsIsRollbackDown)
{
	kernel.trace = true;
	add("hw", HPSM_SEC_PREP_HW);
	add("init", HPSM_SEC_INIT_HW);
	Probe &en = add("en", HPSM_SEC_ENABLE);
	en.fail_ret = -EIO;
	const unsigned long long mark = hpsm_core_next_seq();
	EXPECT_EQ(kernel.cpu_up(3), -EIO);
	EXPECT_EQ(describe(callbacks(mark)), (std::vector<std::string>{
	                                         "+hw@3/0:up", "-hw@3/0:up=0",
	                                         "+init@3/3:up", "-init@3/3:up=0",
	                                         "+en@3/3:up", "-en@3/3:up=-5",
	                                         "+init@3/3:rbdown", "-init@3/3:rbdown=0",
	                                         "+hw@3/0:rbdown", "-hw@3/0:rbdown=0",
	                                     }));
	// The kernel's own records of hpsm's states agree.
	std::vector<unsigned> kernel_dirs;
	for (const hpsm_core_event &e : recorded_events_of(HPSM_SRC_KERNEL, mark))
		if (e.phase == HPSM_PHASE_ENTER)
			kernel_dirs.push_back(e.dir);
	// PREP x3, bringup_cpu, INIT_HW, SCHED_LOCAL, ENABLE (fails); then
	// SCHED_LOCAL, INIT_HW on the AP and PREP x3 on the control CPU.
	std::vector<unsigned> want(7, HPSM_DIR_UP);
	want.resize(12, HPSM_DIR_ROLLBACK_DOWN);
	EXPECT_EQ(kernel_dirs, want);
	EXPECT_EQ(hpsm::g_observer.unpaired(3), 0u);

	en.fail_ret = 0;
	const unsigned long long mark2 = hpsm_core_next_seq();
	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(3);
	EXPECT_EQ(describe(callbacks(mark2)), (std::vector<std::string>{
	                                          "+hw@3/0:up", "-hw@3/0:up=0",
	                                          "+init@3/3:up", "-init@3/3:up=0",
	                                          "+en@3/3:up", "-en@3/3:up=0",
	                                          "+en@3/3:down", "-en@3/3:down=0",
	                                          "+init@3/3:down", "-init@3/3:down=0",
	                                          "+hw@3/0:down", "-hw@3/0:down=0",
	                                      }));
}

namespace {
// A startup/teardown that takes a known time: it moves the frozen clock.
int slow_startup(unsigned, void *priv)
{
	fake::advance_clock(reinterpret_cast<uintptr_t>(priv));
	return 0;
}
void slow_teardown(unsigned, void *priv)
{
	fake::advance_clock(reinterpret_cast<uintptr_t>(priv) * 2);
}
} // namespace

TEST_F(CallbackEvents, DurationsAreExact)
{
	hpsm_callback cb{};
	cb.name = "slow";
	cb.section = HPSM_SEC_INIT_HW;
	cb.startup = slow_startup;
	cb.teardown = slow_teardown;
	cb.priv = reinterpret_cast<void *>(uintptr_t{1500});
	const int id = hpsm_core_install(&cb, 1);
	ASSERT_GE(id, 0);
	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(2);

	hpsm_core_stats up{}, down{};
	ASSERT_TRUE(find_stats(HPSM_SRC_CALLBACK, static_cast<unsigned>(id), HPSM_DIR_UP, &up));
	ASSERT_TRUE(find_stats(HPSM_SRC_CALLBACK, static_cast<unsigned>(id), HPSM_DIR_DOWN, &down));
	EXPECT_EQ(up.count, 4u);
	EXPECT_EQ(up.sum_ns, 6000u);
	EXPECT_EQ(up.min_ns, 1500u);
	EXPECT_EQ(up.max_ns, 1500u);
	EXPECT_EQ(up.p50_ns, 1500u);
	EXPECT_EQ(up.p99_ns, 1500u);
	EXPECT_EQ(down.count, 1u);
	EXPECT_EQ(down.sum_ns, 3000u);

	// The recorded pair spans the same time.
	std::vector<hpsm_core_event> evs = recorded_events_of(HPSM_SRC_CALLBACK);
	ASSERT_EQ(evs.size(), 10u);
	EXPECT_EQ(evs[9].ts_ns - evs[8].ts_ns, 3000u);

	// The buckets dump shows the one bucket.
	unsigned long long low = 0, high = 0;
	unsigned count = 0;
	unsigned slot = 0;
	for (; slot < hpsm_core_stats_slots(); slot++) {
		hpsm_core_stats st{};
		if (hpsm_core_stats_get(slot, HPSM_DIR_UP, &st) == 0 && st.kind == HPSM_SRC_CALLBACK &&
		    st.source == static_cast<unsigned>(id))
			break;
	}
	ASSERT_EQ(hpsm_core_stats_bucket(slot, HPSM_DIR_UP, 0, &low, &high, &count), 0);
	EXPECT_LE(low, 1500u);
	EXPECT_GT(high, 1500u);
	EXPECT_EQ(count, 4u);
	EXPECT_EQ(hpsm_core_stats_bucket(slot, HPSM_DIR_UP, 1, &low, &high, &count), -ENOENT);

	// Reset forgets events and statistics; numbering goes on.
	const unsigned long long seq = hpsm_core_next_seq();
	hpsm_core_reset();
	EXPECT_TRUE(recorded_events().empty());
	EXPECT_FALSE(find_stats(HPSM_SRC_CALLBACK, static_cast<unsigned>(id), HPSM_DIR_UP, &up));
	EXPECT_EQ(hpsm_core_next_seq(), seq);
}

// A teardown-only callback records only its teardowns.
TEST_F(CallbackEvents, OneSidedCallbacksRecordOnlyWhatRuns)
{
	Probe &t = probe("only_down", HPSM_SEC_PREP_THREADS);
	t.has_startup = false;
	t.reason = "the threads exit on their own";
	ASSERT_GE(install(t), 0);
	const unsigned long long mark = hpsm_core_next_seq();
	ASSERT_EQ(kernel.cpu_up(3), 0);
	kernel.cpu_down(3);
	EXPECT_EQ(describe(callbacks(mark)), (std::vector<std::string>{"+only_down@3/0:down", "-only_down@3/0:down=0"}));
}

} // namespace
} // namespace testing_hpsm

// SPDX-License-Identifier: GPL-2.0
//
// The per-CPU event rings (module/core/recorder.*): wrap-around with exact
// per-CPU drop counts, resumable reads that neither repeat nor skip, the CPU
// filter, reset, the horizon, and several CPUs writing at once while a reader
// polls.  The fake platform's current CPU is per thread, so each writer
// thread is one CPU.
#include "fake_platform.h"
#include "recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <sys/time.h>

namespace {

using hpsm::Record;
using hpsm::Recorder;
using hpsm::u64;

constexpr unsigned kCpus = 4;

class RecorderTest : public ::testing::Test {
      protected:
	void SetUp() override { fake::reset(kCpus); }
	void TearDown() override
	{
		EXPECT_FALSE(fake::irqs_off()) << "interrupts left off";
		rec.fini();
		fake::reset(0);
	}

	// A record about hotplugged CPU @hot, tagged so a test can tell it apart,
	// written on the calling thread's current CPU.
	static Record make(unsigned hot, int tag)
	{
		Record r{};
		r.cpu = static_cast<hpsm::u16>(hot);
		r.ret = tag;
		r.target = -1;
		r.state = -1;
		return r;
	}

	void write_on(unsigned on_cpu, unsigned hot, int tag)
	{
		fake::set_this_cpu(on_cpu);
		rec.write(make(hot, tag));
	}

	// Reads everything from @since in chunks of @chunk, resuming from *next.
	std::vector<Record> read_all(u64 since, int filter = -1, unsigned chunk = 1000, u64 *next_out = nullptr)
	{
		std::vector<Record> all;
		std::vector<Record> buf(chunk);
		u64 at = since;
		for (;;) {
			u64 next = ~u64{0};
			const unsigned n = rec.read(at, filter, buf.data(), chunk, &next);
			EXPECT_LE(n, chunk);
			EXPECT_GE(next, at) << "a read never moves backwards";
			all.insert(all.end(), buf.begin(), buf.begin() + n);
			at = next;
			if (n < chunk)
				break;
		}
		if (next_out != nullptr)
			*next_out = at;
		return all;
	}

	static std::vector<u64> seqs(const std::vector<Record> &rs)
	{
		std::vector<u64> out;
		for (const Record &r : rs)
			out.push_back(r.seq);
		return out;
	}

	static std::vector<u64> range(u64 from, u64 to)
	{
		std::vector<u64> out;
		for (u64 s = from; s < to; s++)
			out.push_back(s);
		return out;
	}

	Recorder rec;
};

TEST_F(RecorderTest, CapacityIsRoundedUpToAPowerOfTwoOfAtLeast16)
{
	ASSERT_EQ(rec.init(kCpus, 100), 0);
	EXPECT_EQ(rec.capacity(), 128u);
	EXPECT_EQ(rec.nr_cpus(), kCpus);
	rec.fini();
	ASSERT_EQ(rec.init(kCpus, 1), 0);
	EXPECT_EQ(rec.capacity(), 16u);
	rec.fini();
	ASSERT_EQ(rec.init(kCpus, 64), 0);
	EXPECT_EQ(rec.capacity(), 64u);
	EXPECT_EQ(rec.next_seq(), 0u);
	EXPECT_EQ(rec.horizon(), 0u);
}

TEST_F(RecorderTest, WriteFillsSeqAndExecutingCpuAndKeepsTheRest)
{
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	Record r = make(3, -22);
	r.ts_ns = 12345;
	r.source = 77;
	r.kind = 2;
	r.flags = hpsm::record_flags(hpsm::Phase::Exit, hpsm::Dir::RollbackUp);
	r.target = 9;
	r.state = 8;
	r.seq = 999;   // ignored: the recorder numbers records
	r.on_cpu = 3;  // ignored: the executing CPU is the current one
	fake::set_this_cpu(2);
	rec.write(r);

	const std::vector<Record> got = read_all(0);
	ASSERT_EQ(got.size(), 1u);
	EXPECT_EQ(got[0].seq, 0u);
	EXPECT_EQ(got[0].on_cpu, 2u);
	EXPECT_EQ(got[0].cpu, 3u);
	EXPECT_EQ(got[0].ts_ns, 12345u);
	EXPECT_EQ(got[0].source, 77u);
	EXPECT_EQ(got[0].kind, 2u);
	EXPECT_EQ(hpsm::record_phase(got[0]), hpsm::Phase::Exit);
	EXPECT_EQ(hpsm::record_dir(got[0]), hpsm::Dir::RollbackUp);
	EXPECT_EQ(got[0].ret, -22);
	EXPECT_EQ(got[0].target, 9);
	EXPECT_EQ(got[0].state, 8);
	EXPECT_EQ(rec.ring_stats(2).written, 1u);
	EXPECT_EQ(rec.ring_stats(0).written, 0u);
}

// k full laps plus r records on one CPU: exactly written - capacity dropped,
// and the ring holds exactly the newest capacity records, in seq order.
class RecorderWrap : public RecorderTest, public ::testing::WithParamInterface<std::tuple<unsigned, unsigned>> {};

TEST_P(RecorderWrap, DropsExactlyTheOverwrittenAndKeepsTheNewest)
{
	const auto [laps, extra] = GetParam();
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	const unsigned cap = rec.capacity();
	const unsigned written = laps * cap + extra;

	for (unsigned i = 0; i < written; i++)
		write_on(1, 1, static_cast<int>(i));

	const hpsm::RingStats rs = rec.ring_stats(1);
	EXPECT_EQ(rs.written, written);
	EXPECT_EQ(rs.dropped, written > cap ? written - cap : 0u);
	for (unsigned c : {0u, 2u, 3u}) {
		EXPECT_EQ(rec.ring_stats(c).written, 0u);
		EXPECT_EQ(rec.ring_stats(c).dropped, 0u);
	}
	EXPECT_EQ(rec.next_seq(), written);
	EXPECT_EQ(rec.horizon(), written);

	u64 next = 0;
	const std::vector<Record> got = read_all(0, -1, 1000, &next);
	const unsigned kept = std::min(written, cap);
	EXPECT_EQ(seqs(got), range(written - kept, written));
	for (unsigned i = 0; i < got.size(); i++) {
		EXPECT_EQ(got[i].ret, static_cast<int>(written - kept + i)) << "the right payload in the right slot";
		EXPECT_EQ(got[i].on_cpu, 1u);
	}
	EXPECT_EQ(next, written);
	// The reader can tell: seqs it never saw + drop counts add up.
	EXPECT_EQ(written - got.size(), rs.dropped);
}

INSTANTIATE_TEST_SUITE_P(LapsAndRest, RecorderWrap,
                         ::testing::Values(std::make_tuple(0u, 5u), std::make_tuple(1u, 0u), std::make_tuple(1u, 1u),
                                           std::make_tuple(2u, 7u), std::make_tuple(3u, 0u), std::make_tuple(5u, 15u),
                                           std::make_tuple(64u, 3u)));

// Drops are per CPU: a busy CPU wrapping its ring does not cost a quiet one
// anything, and a read merges what is left in global seq order.
TEST_F(RecorderTest, DropsArePerCpuAndReadMergesInSeqOrder)
{
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	std::vector<std::pair<u64, unsigned>> order; // seq -> executing CPU
	u64 seq = 0;
	for (unsigned i = 0; i < 40; i++) {
		write_on(1, 1, static_cast<int>(i));
		order.push_back({seq++, 1});
		if (i % 8 == 0) {
			write_on(0, 2, 1000 + static_cast<int>(i));
			order.push_back({seq++, 0});
		}
	}
	EXPECT_EQ(rec.ring_stats(0).written, 5u);
	EXPECT_EQ(rec.ring_stats(0).dropped, 0u);
	EXPECT_EQ(rec.ring_stats(1).written, 40u);
	EXPECT_EQ(rec.ring_stats(1).dropped, 24u);

	// Expected: all of CPU 0's, CPU 1's newest 16.
	std::vector<u64> want;
	unsigned cpu1_seen = 0;
	for (auto [s, c] : order) {
		if (c == 1 && cpu1_seen++ < 24)
			continue;
		want.push_back(s);
	}
	const std::vector<Record> got = read_all(0);
	EXPECT_EQ(seqs(got), want);
	EXPECT_EQ(order.size() - got.size(), rec.ring_stats(0).dropped + rec.ring_stats(1).dropped);
}

// Resuming from *next with any chunk size yields every record exactly once.
TEST_F(RecorderTest, ReadsResumeFromNextWithoutDuplicatesOrGaps)
{
	ASSERT_EQ(rec.init(kCpus, 256), 0);
	for (unsigned i = 0; i < 150; i++)
		write_on(i * 7 % kCpus, i % 3, static_cast<int>(i));

	for (unsigned chunk : {1u, 2u, 7u, 16u, 149u, 150u, 151u, 1000u}) {
		u64 next = 0;
		const std::vector<Record> got = read_all(0, -1, chunk, &next);
		EXPECT_EQ(seqs(got), range(0, 150)) << "chunk " << chunk;
		EXPECT_EQ(next, 150u) << "chunk " << chunk;
		for (const Record &r : got)
			EXPECT_EQ(r.on_cpu, r.seq * 7 % kCpus) << "seq " << r.seq;
	}

	// A reader that resumes mid-way sees the rest, then nothing new.
	u64 next = 0;
	EXPECT_EQ(seqs(read_all(100, -1, 10, &next)), range(100, 150));
	EXPECT_EQ(next, 150u);
	Record buf[4];
	EXPECT_EQ(rec.read(150, -1, buf, 4, &next), 0u);
	EXPECT_EQ(next, 150u);
	EXPECT_EQ(rec.read(500, -1, buf, 4, &next), 0u);
	EXPECT_EQ(next, 500u) << "never hands back a number below since";

	// New records appear after the old *next.
	write_on(2, 0, 150);
	write_on(3, 0, 151);
	EXPECT_EQ(seqs(read_all(150)), range(150, 152));

	// max == 0 returns nothing and stays put.
	EXPECT_EQ(rec.read(10, -1, buf, 0, &next), 0u);
	EXPECT_EQ(next, 10u);
}

// The filter is on the hotplugged CPU (Record::cpu), not the executing one;
// *next still moves past the records it filtered out.
TEST_F(RecorderTest, CpuFilterSelectsTheHotpluggedCpu)
{
	ASSERT_EQ(rec.init(kCpus, 64), 0);
	std::vector<u64> want;
	for (unsigned i = 0; i < 60; i++) {
		const unsigned hot = i % 3 + 1;
		write_on(i % kCpus, hot, static_cast<int>(i));
		if (hot == 2)
			want.push_back(i);
	}
	write_on(0, 3, 60); // the last record is about another CPU

	for (unsigned chunk : {1u, 3u, 100u}) {
		u64 next = 0;
		const std::vector<Record> got = read_all(0, 2, chunk, &next);
		EXPECT_EQ(seqs(got), want) << "chunk " << chunk;
		for (const Record &r : got)
			EXPECT_EQ(r.cpu, 2u);
		EXPECT_EQ(next, 61u) << "chunk " << chunk;
	}
	u64 next = 0;
	EXPECT_TRUE(read_all(0, 0, 10, &next).empty()) << "no record is about CPU 0";
	EXPECT_EQ(next, 61u);
}

TEST_F(RecorderTest, ResetForgetsRecordsButKeepsNumbering)
{
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	for (unsigned i = 0; i < 40; i++)
		write_on(i % 2, 1, static_cast<int>(i));
	EXPECT_EQ(rec.ring_stats(0).dropped, 4u);

	rec.reset();
	for (unsigned c = 0; c < kCpus; c++) {
		EXPECT_EQ(rec.ring_stats(c).written, 0u);
		EXPECT_EQ(rec.ring_stats(c).dropped, 0u);
	}
	EXPECT_EQ(rec.next_seq(), 40u);
	u64 next = 0;
	EXPECT_TRUE(read_all(0, -1, 1000, &next).empty());
	EXPECT_EQ(next, 40u);

	write_on(1, 1, 40);
	write_on(0, 1, 41);
	const std::vector<Record> got = read_all(0);
	EXPECT_EQ(seqs(got), range(40, 42));
	EXPECT_EQ(rec.ring_stats(1).written, 1u);
	EXPECT_EQ(rec.ring_stats(0).written, 1u);

	// A partial lap after the reset: drop counting starts again from zero.
	for (unsigned i = 0; i < 20; i++)
		write_on(0, 1, 42 + static_cast<int>(i));
	EXPECT_EQ(rec.ring_stats(0).written, 21u);
	EXPECT_EQ(rec.ring_stats(0).dropped, 5u);
	EXPECT_EQ(read_all(0).size(), 17u) << "CPU 1's record and CPU 0's newest 16";
}

TEST_F(RecorderTest, WritesFromAnImpossibleCpuOrBeforeInitAreIgnored)
{
	fake::set_this_cpu(1);
	rec.write(make(1, 0)); // not initialised: nothing happens
	EXPECT_FALSE(rec.ready());
	ASSERT_EQ(rec.init(2, 16), 0); // only CPUs 0 and 1 have rings
	fake::set_this_cpu(3);
	rec.write(make(1, 0));
	EXPECT_EQ(rec.next_seq(), 0u);
	EXPECT_TRUE(read_all(0).empty());
	EXPECT_EQ(rec.ring_stats(3).written, 0u);
	EXPECT_FALSE(fake::irqs_off());
}

TEST_F(RecorderTest, WriteRunsWithInterruptsOffAndRestoresThem)
{
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	// Called from a probe that already has them off: they stay off.
	const unsigned long flags = hpsm_plat_irq_save();
	write_on(1, 1, 0);
	EXPECT_TRUE(fake::irqs_off());
	hpsm_plat_irq_restore(flags);
	write_on(1, 1, 1);
	EXPECT_FALSE(fake::irqs_off());
}

// ---- concurrency --------------------------------------------------------------

struct Seen {
	std::vector<Record> records;
	unsigned wrongly_skipped = 0;           // seqs a read jumped over that were still in a ring
	unsigned reads = 0;
	std::atomic<unsigned> overlapping{0};   // reads during which a write happened
};

// Whether seq @s is in a ring right now.
bool present(const Recorder &rec, u64 s)
{
	Record r;
	u64 next;
	return rec.read(s, -1, &r, 1, &next) == 1 && r.seq == s;
}

// Polls read() from its last *next until @stop, then reads once more.  With
// @check_skips, the newest two seqs of every run a read jumped over are
// looked up again at once: if one is still there, the read skipped a record
// it should have returned.  (Only the newest: they are the ones most likely
// to survive the writers, and checking every one would slow the reader down
// until it never overlaps a write.)
void poll(const Recorder &rec, const std::atomic<bool> &stop, Seen &seen, bool check_skips)
{
	std::vector<Record> buf(64);
	auto check = [&](u64 from, u64 to) {
		for (u64 s = to - from > 2 ? to - 2 : from; check_skips && s < to; s++)
			seen.wrongly_skipped += present(rec, s);
	};
	u64 at = 0;
	for (bool last = false;;) {
		if (stop.load())
			last = true;
		u64 next = 0;
		const u64 before = rec.next_seq();
		const unsigned n = rec.read(at, -1, buf.data(), static_cast<unsigned>(buf.size()), &next);
		seen.reads++;
		if (rec.next_seq() != before)
			seen.overlapping++;
		u64 expect = at;
		for (unsigned i = 0; i < n; i++) {
			check(expect, buf[i].seq);
			expect = buf[i].seq + 1;
			seen.records.push_back(buf[i]);
		}
		check(expect, next);
		at = next;
		if (last && n < buf.size())
			break;
	}
}

// Each writer thread is CPU c and writes @per_cpu records about hotplugged
// CPU c tagged 0, 1, 2, ...
void write_concurrently(Recorder &rec, unsigned per_cpu, const std::atomic<bool> &go)
{
	std::vector<std::thread> writers;
	for (unsigned c = 0; c < kCpus; c++) {
		writers.emplace_back([&rec, &go, c, per_cpu] {
			fake::set_this_cpu(c);
			while (!go.load())
				;
			for (unsigned i = 0; i < per_cpu; i++) {
				Record r{};
				r.cpu = static_cast<hpsm::u16>(c);
				r.ret = static_cast<int>(i);
				rec.write(r);
			}
		});
	}
	for (std::thread &t : writers)
		t.join();
}

// Per executing CPU: records in ascending seq order with their tags in
// write order (tags may start late when the oldest were dropped).
void expect_per_cpu_order(const std::vector<Record> &records)
{
	std::map<unsigned, std::pair<u64, int>> last; // cpu -> (seq, tag)
	for (const Record &r : records) {
		EXPECT_EQ(r.on_cpu, r.cpu) << "seq " << r.seq;
		auto it = last.find(r.on_cpu);
		if (it != last.end()) {
			EXPECT_GT(r.seq, it->second.first) << "cpu" << r.on_cpu;
			EXPECT_GT(r.ret, it->second.second) << "cpu" << r.on_cpu;
		}
		last[r.on_cpu] = {r.seq, r.ret};
	}
}

TEST_F(RecorderTest, ConcurrentWritersBigRingsReaderSeesEverySeqExactlyOnce)
{
	constexpr unsigned kPerCpu = 20000;
	ASSERT_EQ(rec.init(kCpus, kPerCpu), 0);
	ASSERT_GE(rec.capacity(), kPerCpu);

	std::atomic<bool> go{false}, stop{false};
	Seen seen;
	std::thread writer([&] { write_concurrently(rec, kPerCpu, go); });
	std::thread reader([&] {
		go = true;
		poll(rec, stop, seen, false);
	});
	writer.join();
	stop = true;
	reader.join();

	const u64 total = u64{kCpus} * kPerCpu;
	EXPECT_EQ(rec.next_seq(), total);
	ASSERT_EQ(seen.records.size(), total);
	for (u64 i = 0; i < total; i++)
		ASSERT_EQ(seen.records[i].seq, i) << "the reader saw every seq once, in order";
	expect_per_cpu_order(seen.records);
	std::vector<unsigned> per_cpu(kCpus);
	for (const Record &r : seen.records)
		per_cpu[r.on_cpu]++;
	for (unsigned c = 0; c < kCpus; c++) {
		EXPECT_EQ(per_cpu[c], kPerCpu) << "cpu" << c;
		EXPECT_EQ(rec.ring_stats(c).written, kPerCpu);
		EXPECT_EQ(rec.ring_stats(c).dropped, 0u);
	}
	EXPECT_GT(seen.reads, 1u);
}

// Small rings, all writers at once, one read at the end: exactly the newest
// capacity records of each CPU remain, and what is missing is exactly what
// the drop counters say.
TEST_F(RecorderTest, ConcurrentWritersSmallRingsMissingEqualsDropped)
{
	constexpr unsigned kPerCpu = 5000;
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	const unsigned cap = rec.capacity();

	std::atomic<bool> go{true};
	write_concurrently(rec, kPerCpu, go);

	const u64 total = u64{kCpus} * kPerCpu;
	const std::vector<Record> got = read_all(0);
	u64 dropped = 0;
	for (unsigned c = 0; c < kCpus; c++) {
		EXPECT_EQ(rec.ring_stats(c).written, kPerCpu);
		EXPECT_EQ(rec.ring_stats(c).dropped, kPerCpu - cap);
		dropped += rec.ring_stats(c).dropped;
	}
	EXPECT_EQ(total - got.size(), dropped);
	std::set<u64> unique;
	for (const Record &r : got)
		unique.insert(r.seq);
	EXPECT_EQ(unique.size(), got.size());
	EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), [](const Record &a, const Record &b) { return a.seq < b.seq; }));
	expect_per_cpu_order(got);
	std::vector<std::vector<int>> tags(kCpus);
	for (const Record &r : got)
		tags[r.on_cpu].push_back(r.ret);
	for (unsigned c = 0; c < kCpus; c++) {
		std::vector<int> want;
		for (unsigned i = kPerCpu - cap; i < kPerCpu; i++)
			want.push_back(static_cast<int>(i));
		EXPECT_EQ(tags[c], want) << "cpu" << c << " keeps its newest " << cap;
	}
}

// Small rings wrapping under a polling reader: the reader never sees a seq
// twice or out of order, never jumps over a record that is still in its
// ring, misses no more than was dropped, and after the writers stop has seen
// everything the rings still hold.  The writers go on until the reader has
// overlapped enough of their writes (or a time limit passes): on a loaded or
// single-CPU machine the threads mostly take turns.
TEST_F(RecorderTest, ConcurrentWritersSmallRingsPollingReaderSkipsOnlyDropped)
{
	constexpr unsigned kMinPerCpu = 20000;
	constexpr unsigned kWantOverlaps = 20000;
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	const unsigned cap = rec.capacity();

	std::atomic<bool> go{false}, enough{false}, stop{false};
	std::vector<unsigned> written(kCpus);
	std::vector<std::thread> writers;
	for (unsigned c = 0; c < kCpus; c++) {
		writers.emplace_back([&, c] {
			fake::set_this_cpu(c);
			while (!go.load())
				;
			unsigned i = 0;
			for (; i < kMinPerCpu || !enough.load(); i++) {
				Record r{};
				r.cpu = static_cast<hpsm::u16>(c);
				r.ret = static_cast<int>(i);
				rec.write(r);
			}
			written[c] = i;
		});
	}
	Seen seen;
	std::thread reader([&] {
		go = true;
		poll(rec, stop, seen, true);
	});
	const auto t0 = std::chrono::steady_clock::now();
	while (seen.overlapping.load() < kWantOverlaps && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3))
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	enough = true;
	for (std::thread &t : writers)
		t.join();
	stop = true;
	reader.join();

	EXPECT_EQ(seen.wrongly_skipped, 0u) << "a read jumped over records that were still in their ring ("
					    << seen.overlapping.load() << " of " << seen.reads << " reads overlapped writes)";
	for (size_t i = 1; i < seen.records.size(); i++)
		ASSERT_LT(seen.records[i - 1].seq, seen.records[i].seq) << "no duplicates, seq order";
	expect_per_cpu_order(seen.records);
	u64 dropped = 0, total = 0;
	for (unsigned c = 0; c < kCpus; c++) {
		EXPECT_EQ(rec.ring_stats(c).written, written[c]);
		dropped += rec.ring_stats(c).dropped;
		total += written[c];
	}
	EXPECT_EQ(rec.next_seq(), total);
	EXPECT_LE(total - seen.records.size(), dropped);
	// The last capacity records of every CPU survive: the reader has them.
	std::vector<unsigned> tail(kCpus);
	for (const Record &r : seen.records)
		tail[r.on_cpu] += static_cast<unsigned>(r.ret) >= written[r.on_cpu] - cap;
	for (unsigned c = 0; c < kCpus; c++)
		EXPECT_EQ(tail[c], cap) << "cpu" << c;
}

// horizon(): every seq below it is in its ring.  A checker hammers it while
// writers run; with rings that never wrap, the record just below the horizon
// must always be readable.  The writers wait for the checker now and then so
// that the two really overlap however the threads are scheduled.
TEST_F(RecorderTest, HorizonNeverPassesAnInflightWrite)
{
	constexpr unsigned kPerCpu = 1u << 14;
	constexpr unsigned kChunk = 256;
	ASSERT_EQ(rec.init(kCpus, kPerCpu), 0);

	std::atomic<bool> done{false};
	std::atomic<unsigned> checks{0};
	unsigned missing = 0;
	std::thread checker([&] {
		u64 last_h = 0;
		while (!done.load()) {
			const u64 h = rec.horizon();
			EXPECT_GE(h, last_h) << "the horizon never moves back";
			EXPECT_LE(h, rec.next_seq());
			last_h = h;
			if (h != 0 && !present(rec, h - 1))
				missing++;
			checks++;
		}
	});
	std::vector<std::thread> writers;
	for (unsigned c = 0; c < kCpus; c++) {
		writers.emplace_back([&, c] {
			fake::set_this_cpu(c);
			for (unsigned i = 0; i < kPerCpu; i++) {
				if (i % kChunk == 0) {
					const unsigned want = checks.load() + 1;
					while (checks.load() < want)
						std::this_thread::yield();
				}
				Record r{};
				r.cpu = static_cast<hpsm::u16>(c);
				rec.write(r);
			}
		});
	}
	for (std::thread &t : writers)
		t.join();
	done = true;
	checker.join();

	EXPECT_EQ(missing, 0u) << "of " << checks.load() << " checks";
	EXPECT_GE(checks.load(), kPerCpu / kChunk);
	EXPECT_EQ(rec.horizon(), u64{kCpus} * kPerCpu) << "nothing in flight once the writers are done";
	for (unsigned c = 0; c < kCpus; c++)
		EXPECT_EQ(rec.ring_stats(c).dropped, 0u);
}

// ---- interrupted in the middle ------------------------------------------------
//
// Threads on a loaded machine mostly take turns, so the races above are hit
// by chance.  These two make the other side run at arbitrary instructions of
// the one under test: a fast interval timer's signal handler, on the same
// thread, plays "another CPU" (the code in between uses no lock and no
// allocation, so it may run there).

namespace interrupted {

Recorder *g_rec = nullptr;
std::atomic<int> g_mode{0}; // 0 off, 1 check the horizon, 2 write a burst
std::atomic<unsigned> g_fired{0}, g_checks{0}, g_missing{0};
unsigned g_tags[kCpus];     // next tag per CPU, written by the handler only

void on_alarm(int)
{
	const int saved_errno = errno;
	g_fired++;
	if (g_mode.load() == 1) {
		// Another CPU looks at the horizon while this one is mid-write.
		const u64 h = g_rec->horizon();
		if (h > g_rec->next_seq())
			g_missing++;
		else if (h != 0 && !present(*g_rec, h - 1))
			g_missing++;
		g_checks++;
	} else if (g_mode.load() == 2) {
		// Other CPUs write while this one is mid-read: a burst of 1..40
		// records on one ring, often a whole lap of it.
		const unsigned fired = g_fired.load();
		const unsigned c = fired % kCpus;
		const unsigned saved = fake::this_cpu();
		fake::set_this_cpu(c);
		for (unsigned i = 0, n = 1 + fired * 7 % 40; i < n; i++) {
			Record r{};
			r.cpu = static_cast<hpsm::u16>(c);
			r.ret = static_cast<int>(g_tags[c]++);
			g_rec->write(r);
		}
		fake::set_this_cpu(saved);
	}
	errno = saved_errno;
}

class Alarm {
      public:
	explicit Alarm(int mode, long usec)
	{
		g_fired = 0;
		g_checks = 0;
		g_missing = 0;
		g_mode = mode;
		struct sigaction sa {};
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART;
		sigaction(SIGALRM, &sa, &old_);
		itimerval t{};
		t.it_interval.tv_usec = usec;
		t.it_value.tv_usec = usec;
		setitimer(ITIMER_REAL, &t, nullptr);
	}
	~Alarm()
	{
		itimerval t{};
		setitimer(ITIMER_REAL, &t, nullptr);
		g_mode = 0;
		sigaction(SIGALRM, &old_, nullptr);
	}
	Alarm(const Alarm &) = delete;
	Alarm &operator=(const Alarm &) = delete;

      private:
	struct sigaction old_ {};
};

} // namespace interrupted

TEST_F(RecorderTest, HorizonNeverPassesAWriteInterruptedMidway)
{
	constexpr unsigned kSlots = 1u << 18; // never wraps
	ASSERT_EQ(rec.init(kCpus, kSlots), 0);
	interrupted::g_rec = &rec;
	fake::set_this_cpu(1);
	unsigned written = 0;
	{
		interrupted::Alarm alarm(1, 20);
		for (; written < kSlots && interrupted::g_checks.load() < 2000; written++) {
			Record r{};
			r.cpu = 1;
			rec.write(r);
		}
	}
	EXPECT_EQ(interrupted::g_missing.load(), 0u)
	    << "the horizon passed a record not yet in its ring (" << interrupted::g_checks.load() << " checks)";
	EXPECT_GE(interrupted::g_checks.load(), 100u) << "the timer hardly fired";
	EXPECT_EQ(rec.horizon(), written);
	EXPECT_EQ(read_all(0).size(), written);
}

TEST_F(RecorderTest, ReadsInterruptedByWritesSkipOnlyOverwrittenRecords)
{
	ASSERT_EQ(rec.init(kCpus, 16), 0);
	const unsigned cap = rec.capacity();
	interrupted::g_rec = &rec;
	for (unsigned &t : interrupted::g_tags)
		t = 0;

	std::vector<Record> seen;
	unsigned wrongly_skipped = 0, interrupted_reads = 0;
	Record buf[64];
	u64 at = 0;
	// The newest two of each run a read jumped over are looked up again:
	// checking all of them would leave little time in read() itself.
	auto check = [&](u64 from, u64 to) {
		for (u64 s = to - from > 2 ? to - 2 : from; s < to; s++)
			wrongly_skipped += present(rec, s);
	};
	{
		interrupted::Alarm alarm(2, 20);
		const auto t0 = std::chrono::steady_clock::now();
		while (interrupted_reads < 500 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3)) {
			u64 next = 0;
			const u64 before = rec.next_seq();
			const unsigned n = rec.read(at, -1, buf, 64, &next);
			interrupted_reads += rec.next_seq() != before;
			u64 expect = at;
			for (unsigned i = 0; i < n; i++) {
				check(expect, buf[i].seq);
				expect = buf[i].seq + 1;
				seen.push_back(buf[i]);
			}
			check(expect, next);
			at = next;
		}
	}
	u64 next = 0;
	const std::vector<Record> rest = read_all(at, -1, 1000, &next);
	seen.insert(seen.end(), rest.begin(), rest.end());

	EXPECT_EQ(wrongly_skipped, 0u) << "a read jumped over records that were still in their ring ("
				       << interrupted_reads << " reads were interrupted by writes)";
	EXPECT_GE(interrupted_reads, 50u) << "the race was hardly exercised";
	for (size_t i = 1; i < seen.size(); i++)
		ASSERT_LT(seen[i - 1].seq, seen[i].seq) << "no duplicates, seq order";
	expect_per_cpu_order(seen);
	u64 total = 0, dropped = 0;
	for (unsigned c = 0; c < kCpus; c++) {
		EXPECT_EQ(rec.ring_stats(c).written, interrupted::g_tags[c]);
		total += interrupted::g_tags[c];
		dropped += rec.ring_stats(c).dropped;
	}
	EXPECT_EQ(next, total);
	EXPECT_LE(total - seen.size(), dropped);
	std::vector<unsigned> tail(kCpus);
	for (const Record &r : seen)
		tail[r.on_cpu] += static_cast<unsigned>(r.ret) + cap >= interrupted::g_tags[r.on_cpu];
	for (unsigned c = 0; c < kCpus; c++)
		EXPECT_EQ(tail[c], std::min(cap, interrupted::g_tags[c])) << "cpu" << c << " keeps its newest";
}

} // namespace

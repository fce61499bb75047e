// SPDX-License-Identifier: GPL-2.0
//
// The latency statistics (module/core/histogram.*): the log-linear buckets,
// percentiles against a reference computed here by sorting the samples, the
// exact count/sum/min/max, and concurrent updates.
#include "histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <thread>
#include <vector>

namespace {

using hpsm::bucket_high;
using hpsm::bucket_low;
using hpsm::bucket_of;
using hpsm::kBuckets;
using hpsm::LatencyStats;
using hpsm::u64;

// LatencyStats is a plain struct (the module allocates arrays of them): a
// test builds one and clears it like the observer does.
std::unique_ptr<LatencyStats> fresh()
{
	auto s = std::make_unique<LatencyStats>();
	s->clear();
	return s;
}

void check_bucket(u64 v)
{
	const unsigned b = bucket_of(v);
	ASSERT_LT(b, kBuckets) << v;
	ASSERT_LE(bucket_low(b), v) << "v " << v << " bucket " << b;
	if (b + 1 < kBuckets)
		ASSERT_LT(v, bucket_high(b)) << "v " << v << " bucket " << b;
	else
		ASSERT_LE(v, bucket_high(b)) << "the last bucket ends at the largest value";
}

TEST(HistogramBuckets, EveryValueLiesInItsBucket)
{
	for (u64 v = 0; v < 70000; v++)
		check_bucket(v);
	// Around every power of two up to 2^63 and a sweep in between.
	for (unsigned e = 4; e < 64; e++) {
		const u64 p = u64{1} << e;
		for (u64 d = 0; d < 40; d++) {
			check_bucket(p + d);
			check_bucket(p - 1 - d);
		}
		for (u64 k = 1; k < 64; k++)
			check_bucket(p + (p / 64) * k);
	}
	check_bucket(~u64{0});
	std::mt19937_64 rng(1);
	for (int i = 0; i < 200000; i++)
		check_bucket(rng() >> (rng() % 64));
}

TEST(HistogramBuckets, BucketsTileTheRangeInOrder)
{
	EXPECT_EQ(bucket_low(0), 0u);
	for (unsigned b = 0; b + 1 < kBuckets; b++) {
		ASSERT_LT(bucket_low(b), bucket_high(b)) << b;
		ASSERT_EQ(bucket_high(b), bucket_low(b + 1)) << b;
		ASSERT_EQ(bucket_of(bucket_low(b)), b) << b;
		ASSERT_EQ(bucket_of(bucket_high(b) - 1), b) << b;
	}
	EXPECT_EQ(bucket_high(kBuckets - 1), ~u64{0});
	EXPECT_EQ(bucket_of(u64{1} << 40), kBuckets - 1) << "2^40 ns and above share the last bucket";
	EXPECT_EQ(bucket_of(~u64{0}), kBuckets - 1);
	EXPECT_EQ(kBuckets, 592u);
}

TEST(HistogramBuckets, BelowSixteenExactAboveAtMostASixteenthWide)
{
	for (unsigned b = 0; b < 16; b++) {
		EXPECT_EQ(bucket_low(b), b);
		EXPECT_EQ(bucket_high(b), b + 1u);
	}
	// Every bucket that has an upper bound (all but the open-ended last).
	for (unsigned b = 16; b + 1 < kBuckets; b++) {
		const u64 lo = bucket_low(b);
		const u64 width = bucket_high(b) - lo;
		ASSERT_GE(lo, 16u);
		ASSERT_LE(width * 16, lo) << "bucket " << b << " [" << lo << ", " << bucket_high(b) << ")";
	}
}

// The reference: nearest rank (the smallest sample with at least q of all
// samples at or below it), from the sorted samples.
u64 reference(std::vector<u64> sorted, unsigned permille)
{
	std::sort(sorted.begin(), sorted.end());
	u64 rank = (sorted.size() * permille + 999) / 1000;
	if (rank == 0)
		rank = 1;
	return sorted[rank - 1];
}

void expect_close(u64 got, u64 want, const char *what)
{
	if (want < 16) {
		EXPECT_EQ(got, want) << what << ": values below 16 ns are exact";
		return;
	}
	const double err = std::fabs(static_cast<double>(got) - static_cast<double>(want)) / static_cast<double>(want);
	EXPECT_LE(err, 0.032) << what << ": got " << got << ", reference " << want;
}

void check_distribution(const std::vector<u64> &samples)
{
	auto s = fresh();
	for (u64 v : samples)
		s->add(v);
	ASSERT_EQ(s->count, samples.size());
	u64 sum = 0;
	for (u64 v : samples)
		sum += v;
	EXPECT_EQ(s->sum_ns, sum);
	EXPECT_EQ(s->min_ns, *std::min_element(samples.begin(), samples.end()));
	EXPECT_EQ(s->max_ns, *std::max_element(samples.begin(), samples.end()));
	u64 in_buckets = 0;
	for (unsigned b = 0; b < kBuckets; b++)
		in_buckets += s->buckets[b];
	EXPECT_EQ(in_buckets, samples.size());

	for (unsigned q : {0u, 10u, 250u, 500u, 750u, 900u, 950u, 990u, 999u, 1000u}) {
		const std::string what = "p" + std::to_string(q / 10.0);
		expect_close(s->quantile(q), reference(samples, q), what.c_str());
	}
}

TEST(HistogramQuantiles, UniformWithinThreePointTwoPercent)
{
	std::mt19937_64 rng(42);
	std::uniform_int_distribution<u64> d(1000, 2000000);
	std::vector<u64> samples(100000);
	for (u64 &v : samples)
		v = d(rng);
	check_distribution(samples);
}

TEST(HistogramQuantiles, LogNormalWithinThreePointTwoPercent)
{
	std::mt19937_64 rng(7);
	std::lognormal_distribution<double> d(std::log(50000.0), 1.2); // ~50 us median, long tail
	std::vector<u64> samples(100000);
	for (u64 &v : samples)
		v = static_cast<u64>(d(rng)) + 1;
	check_distribution(samples);
}

TEST(HistogramQuantiles, BimodalWithinThreePointTwoPercent)
{
	// Fast callbacks around 3 us, and 15% slow ones around 40 ms (a takedown
	// waiting for the stopper), like a real state table.
	std::mt19937_64 rng(3);
	std::normal_distribution<double> fast(3000, 400), slow(40e6, 5e6);
	std::bernoulli_distribution is_slow(0.15);
	std::vector<u64> samples(100000);
	for (u64 &v : samples)
		v = static_cast<u64>(std::max(20.0, is_slow(rng) ? slow(rng) : fast(rng)));
	check_distribution(samples);
}

TEST(HistogramQuantiles, SmallValuesAndFewSamplesAreExact)
{
	check_distribution({5});
	check_distribution({3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5});
	check_distribution({0, 0, 0, 15});
}

TEST(HistogramQuantiles, AnswersStayWithinTheObservedExtremes)
{
	// Every sample in one wide bucket: the midpoint would lie outside the
	// samples; the answer is clamped to the exact min/max.
	auto s = fresh();
	// 1000000 and 1001000 share the bucket [983040, 1015808), whose
	// midpoint 999424 is below both.
	ASSERT_EQ(bucket_of(1000000), bucket_of(1001000));
	s->add(1000000);
	s->add(1001000);
	EXPECT_EQ(s->quantile(500), 1000000u);
	EXPECT_EQ(s->quantile(990), 1000000u);
	auto low = fresh();
	low->add(983100); // the same bucket, midpoint above both
	low->add(985000);
	EXPECT_EQ(low->quantile(10), 985000u);
	auto one = fresh();
	one->add(1000000);
	EXPECT_EQ(one->quantile(500), 1000000u) << "a single sample is its own percentile";
	// The open-ended last bucket never answers with its huge midpoint.
	auto t = fresh();
	t->add(u64{1} << 50);
	EXPECT_EQ(t->quantile(500), u64{1} << 50);
}

TEST(HistogramStats, EmptyAndClear)
{
	auto s = fresh();
	EXPECT_EQ(s->count, 0u);
	EXPECT_EQ(s->sum_ns, 0u);
	EXPECT_EQ(s->min_ns, ~u64{0});
	EXPECT_EQ(s->max_ns, 0u);
	EXPECT_EQ(s->quantile(500), 0u) << "no samples, no percentile";

	s->add(100);
	s->add(7);
	s->add(3000);
	EXPECT_EQ(s->count, 3u);
	EXPECT_EQ(s->sum_ns, 3107u);
	EXPECT_EQ(s->min_ns, 7u);
	EXPECT_EQ(s->max_ns, 3000u);

	LatencyStats copy;
	s->snapshot(&copy);
	EXPECT_EQ(copy.count, 3u);
	EXPECT_EQ(copy.sum_ns, 3107u);
	EXPECT_EQ(copy.min_ns, 7u);
	EXPECT_EQ(copy.max_ns, 3000u);
	EXPECT_EQ(copy.buckets[bucket_of(100)], 1u);
	EXPECT_EQ(copy.quantile(500), s->quantile(500));

	s->clear();
	EXPECT_EQ(s->count, 0u);
	EXPECT_EQ(s->min_ns, ~u64{0});
	EXPECT_EQ(s->max_ns, 0u);
	for (unsigned b = 0; b < kBuckets; b++)
		ASSERT_EQ(s->buckets[b], 0u);
}

TEST(HistogramStats, ConcurrentAddsKeepEveryCountExact)
{
	constexpr unsigned kThreads = 4;
	constexpr unsigned kPer = 200000;
	auto s = fresh();
	std::vector<std::thread> threads;
	for (unsigned t = 0; t < kThreads; t++) {
		threads.emplace_back([&s, t] {
			// Thread t adds t*kPer+1 .. (t+1)*kPer, so min, max and sum are known.
			for (unsigned i = 1; i <= kPer; i++)
				s->add(u64{t} * kPer + i);
		});
	}
	for (std::thread &th : threads)
		th.join();

	const u64 n = u64{kThreads} * kPer;
	EXPECT_EQ(s->count, n);
	EXPECT_EQ(s->sum_ns, n * (n + 1) / 2);
	EXPECT_EQ(s->min_ns, 1u);
	EXPECT_EQ(s->max_ns, n);
	u64 in_buckets = 0;
	for (unsigned b = 0; b < kBuckets; b++)
		in_buckets += s->buckets[b];
	EXPECT_EQ(in_buckets, n);
	expect_close(s->quantile(500), n / 2, "p50");
	expect_close(s->quantile(990), n * 99 / 100, "p99");
}

} // namespace

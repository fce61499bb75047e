// SPDX-License-Identifier: GPL-2.0
//
// Latency statistics per (source, direction): count, sum, min, max and a
// log-linear histogram.
//
// Buckets: values below 16 ns get one bucket each; above, every power of
// two is split into 16 equal sub-buckets, so a bucket is at most 1/16 of its
// lower bound wide and the midpoint estimate of a percentile is within
// 3.2% of the true value.  Values of 2^40 ns (18 minutes) and more share the
// last bucket.  592 buckets of u32.
//
// Updates are lock-free atomics.  There is no cross-CPU contention in
// practice: the kernel runs cpuhp callbacks one at a time (cpu_hotplug_lock
// held for write during transitions, cpuhp_state_mutex during state
// installs), so two writers of one slot never run at once; the atomics keep
// a concurrent reader's view sane.
#pragma once

#include "types.h"

namespace hpsm {

inline constexpr unsigned kSubBits = 4;
inline constexpr unsigned kSub = 1u << kSubBits;                         // 16
inline constexpr unsigned kMaxExp = 40;                                  // 2^40 ns
inline constexpr unsigned kBuckets = kSub + (kMaxExp - kSubBits) * kSub; // 592

constexpr unsigned bucket_of(u64 v)
{
	if (v < kSub)
		return static_cast<unsigned>(v);
	const unsigned e = 63u - static_cast<unsigned>(__builtin_clzll(v));
	if (e >= kMaxExp)
		return kBuckets - 1;
	const unsigned sub = static_cast<unsigned>(v >> (e - kSubBits)) & (kSub - 1);
	return kSub + (e - kSubBits) * kSub + sub;
}

// Smallest value that falls in bucket @b.
constexpr u64 bucket_low(unsigned b)
{
	if (b < kSub)
		return b;
	const unsigned e = (b - kSub) / kSub + kSubBits;
	const unsigned sub = (b - kSub) % kSub;
	return (u64{kSub} + sub) << (e - kSubBits);
}

// One past the largest value in bucket @b.
constexpr u64 bucket_high(unsigned b)
{
	return b + 1 < kBuckets ? bucket_low(b + 1) : ~u64{0};
}

static_assert(bucket_of(15) == 15 && bucket_of(16) == 16 && bucket_of(17) == 17);
static_assert(bucket_of(32) == 32 && bucket_of(33) == 32 && bucket_of(34) == 33);
static_assert(bucket_low(bucket_of(1000000)) <= 1000000 && bucket_high(bucket_of(1000000)) > 1000000);

struct LatencyStats {
	u64 count;
	u64 sum_ns;
	u64 min_ns; // ~0 while count == 0
	u64 max_ns;
	u32 buckets[kBuckets];

	void add(u64 ns);
	void clear();
	// A racy-but-sane copy for readers.
	void snapshot(LatencyStats *out) const;
	// The value at quantile q/1000 (e.g. 500 = p50, 990 = p99), estimated
	// at the midpoint of its bucket; 0 when empty.
	u64 quantile(unsigned permille) const;
};

} // namespace hpsm

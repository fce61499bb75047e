// SPDX-License-Identifier: GPL-2.0
#include "histogram.h"

namespace hpsm {

void LatencyStats::add(u64 ns)
{
	__atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&sum_ns, ns, __ATOMIC_RELAXED);
	__atomic_fetch_add(&buckets[bucket_of(ns)], 1, __ATOMIC_RELAXED);
	u64 cur = __atomic_load_n(&min_ns, __ATOMIC_RELAXED);
	while (ns < cur && !__atomic_compare_exchange_n(&min_ns, &cur, ns, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	cur = __atomic_load_n(&max_ns, __ATOMIC_RELAXED);
	while (ns > cur && !__atomic_compare_exchange_n(&max_ns, &cur, ns, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

void LatencyStats::clear()
{
	__atomic_store_n(&count, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&sum_ns, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&min_ns, ~u64{0}, __ATOMIC_RELAXED);
	__atomic_store_n(&max_ns, 0, __ATOMIC_RELAXED);
	for (auto &b : buckets)
		__atomic_store_n(&b, 0, __ATOMIC_RELAXED);
}

void LatencyStats::snapshot(LatencyStats *out) const
{
	out->count = __atomic_load_n(&count, __ATOMIC_RELAXED);
	out->sum_ns = __atomic_load_n(&sum_ns, __ATOMIC_RELAXED);
	out->min_ns = __atomic_load_n(&min_ns, __ATOMIC_RELAXED);
	out->max_ns = __atomic_load_n(&max_ns, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < kBuckets; i++)
		out->buckets[i] = __atomic_load_n(&buckets[i], __ATOMIC_RELAXED);
}

u64 LatencyStats::quantile(unsigned permille) const
{
	u64 total = 0;
	for (unsigned i = 0; i < kBuckets; i++)
		total += buckets[i];
	if (total == 0)
		return 0;
	// Rank of the wanted value, 1-based, rounded up (nearest-rank method).
	u64 rank = (total * permille + 999) / 1000;
	if (rank == 0)
		rank = 1;
	u64 seen = 0;
	for (unsigned i = 0; i < kBuckets; i++) {
		seen += buckets[i];
		if (seen < rank)
			continue;
		if (i < kSub)
			return i;
		const u64 lo = bucket_low(i);
		const u64 hi = bucket_high(i);
		u64 mid = lo + (hi - lo) / 2;
		// The exact extremes are known: never answer outside them.
		if (mid > max_ns)
			mid = max_ns;
		if (mid < min_ns)
			mid = min_ns;
		return mid;
	}
	return max_ns;
}

} // namespace hpsm

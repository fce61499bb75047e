// SPDX-License-Identifier: GPL-2.0
//
// The per-CPU event rings.  See recorder.h for the protocol and why it needs
// no lock.
#include "recorder.h"
#include "platform.h"

namespace hpsm {

namespace {

constexpr u64 kNone = ~u64{0};

template <typename T> T load_acquire(const T &v)
{
	return __atomic_load_n(&v, __ATOMIC_ACQUIRE);
}
template <typename T> T load_relaxed(const T &v)
{
	return __atomic_load_n(&v, __ATOMIC_RELAXED);
}
template <typename T> void store_release(T &v, T x)
{
	__atomic_store_n(&v, x, __ATOMIC_RELEASE);
}
template <typename T> void store_relaxed(T &v, T x)
{
	__atomic_store_n(&v, x, __ATOMIC_RELAXED);
}

unsigned int round_up_pow2(unsigned int n)
{
	unsigned int p = 16;
	while (p < n && p < (1u << 24))
		p <<= 1;
	return p;
}

} // namespace

// One cache line per CPU's ring bookkeeping, written by its CPU only.  Padded
// rather than alignas(64): over-aligned new needs runtime pieces the kernel
// build does not have.
struct Recorder::Ring {
	u64 head = 0;         // records ever written (index of the next one)
	u64 tail = 0;         // first index not forgotten by reset()
	u64 dropped = 0;      // overwritten while still valid
	u64 inflight = kNone; // lower bound of the seq being written
	Record *slots = nullptr;
	u8 pad[24] = {};
};
static_assert(sizeof(Recorder::Ring) == 64, "one cache line per ring");

int Recorder::init(unsigned int nr_cpus, unsigned int slots_per_cpu)
{
	const unsigned int cap = round_up_pow2(slots_per_cpu);

	rings_ = new (std::nothrow) Ring[nr_cpus];
	slots_ = new (std::nothrow) Record[static_cast<usize>(nr_cpus) * cap];
	if (rings_ == nullptr || slots_ == nullptr) {
		fini();
		return -kENOMEM;
	}
	for (unsigned int c = 0; c < nr_cpus; c++)
		rings_[c].slots = slots_ + static_cast<usize>(c) * cap;
	nr_cpus_ = nr_cpus;
	mask_ = cap - 1;
	next_seq_ = 0;
	return 0;
}

void Recorder::fini()
{
	delete[] rings_;
	delete[] slots_;
	rings_ = nullptr;
	slots_ = nullptr;
	nr_cpus_ = 0;
	mask_ = 0;
}

void Recorder::write(Record r)
{
	const unsigned long flags = hpsm_plat_irq_save();
	const unsigned int cpu = hpsm_plat_this_cpu();

	if (rings_ == nullptr || cpu >= nr_cpus_) {
		hpsm_plat_irq_restore(flags);
		return;
	}
	Ring &ring = rings_[cpu];
	store_relaxed(ring.inflight, load_relaxed(next_seq_));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	r.seq = __atomic_fetch_add(&next_seq_, 1, __ATOMIC_SEQ_CST);
	r.on_cpu = static_cast<u16>(cpu);

	const u64 index = ring.head;
	Record &slot = ring.slots[index & mask_];
	if (index - ring.tail > mask_)
		ring.dropped++; // the slot still holds a record nobody read
	// Invalidate, fill, publish: a reader that copies the slot while it
	// changes sees two different seq values and discards its copy.
	store_relaxed(slot.seq, kNone);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	const u64 seq = r.seq;
	r.seq = kNone;
	slot = r;
	store_release(slot.seq, seq);
	store_release(ring.head, index + 1);
	store_release(ring.inflight, kNone);
	hpsm_plat_irq_restore(flags);
}

u64 Recorder::next_seq() const
{
	return load_acquire(next_seq_);
}

u64 Recorder::horizon() const
{
	u64 h = load_acquire(next_seq_);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned int c = 0; c < nr_cpus_; c++) {
		const u64 lb = load_acquire(rings_[c].inflight);
		if (lb < h)
			h = lb;
	}
	return h;
}

bool Recorder::read_slot(const Ring &ring, u64 index, Record *out) const
{
	const Record &slot = ring.slots[index & mask_];
	const u64 before = load_acquire(slot.seq);
	if (before == kNone)
		return false;
	Record copy;
	__builtin_memcpy(&copy, &slot, sizeof(copy));
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (load_relaxed(slot.seq) != before)
		return false; // overwritten while we copied
	copy.seq = before;
	*out = copy;
	return true;
}

// Whether the copy of slot @index (read after the reader loaded the ring's
// head) may hold a newer record that overwrote it: records written after the
// read started have seq >= limit, and a slot's new record is published only
// after head reached index + capacity.  A record that really is @index's with
// seq >= limit is never returned, and when head has moved that far every
// older slot is gone too, so treating the ambiguous case as overwritten never
// loses a record a reader could still get.
bool Recorder::overwritten(const Ring &ring, u64 index, u64 seq, u64 limit) const
{
	return seq >= limit && load_acquire(ring.head) - index > mask_;
}

RingStats Recorder::ring_stats(unsigned int cpu) const
{
	if (cpu >= nr_cpus_)
		return {};
	const Ring &ring = rings_[cpu];
	return {load_acquire(ring.head) - load_acquire(ring.tail), load_acquire(ring.dropped)};
}

void Recorder::reset()
{
	for (unsigned int c = 0; c < nr_cpus_; c++) {
		Ring &ring = rings_[c];
		store_release(ring.tail, load_acquire(ring.head));
		store_release(ring.dropped, u64{0});
	}
}

// A k-way merge of the rings, each already in seq order.  Bounded work: each
// call looks at each ring's window at most once per record returned.
unsigned int Recorder::read(u64 since, int cpu_filter, Record *out, unsigned int max, u64 *next) const
{
	// Where each ring's first record with seq >= want was found last round:
	// want only grows, so the next round continues from there instead of
	// searching the whole ring again (a full-ring dump is then linear).
	constexpr unsigned int kHints = 64;
	u64 hint[kHints];
	bool have_hint[kHints] = {};
	const u64 limit = horizon();
	unsigned int n = 0;
	u64 want = since;

	while (n < max) {
		bool found = false;
		Record best{};
		for (unsigned int c = 0; c < nr_cpus_; c++) {
			const Ring &ring = rings_[c];
			const u64 head = load_acquire(ring.head);
			u64 lo = load_acquire(ring.tail);
			if (head - lo > mask_ + 1)
				lo = head - (mask_ + 1);
			if (c < kHints && have_hint[c] && hint[c] >= lo) {
				lo = hint[c];
			} else {
				// Binary search for the first slot with seq >= want.
				// A writer may overwrite the oldest slots meanwhile:
				// those count as "before want" (they are gone), never
				// as a reason to stop (see overwritten()).
				u64 hi = head;
				while (lo < hi) {
					const u64 mid = lo + (hi - lo) / 2;
					Record r;
					if (!read_slot(ring, mid, &r) || r.seq < want ||
					    overwritten(ring, mid, r.seq, limit))
						lo = mid + 1;
					else
						hi = mid;
				}
			}
			bool hinted = false;
			for (; lo < head; lo++) {
				Record r;
				if (!read_slot(ring, lo, &r) || r.seq < want)
					continue;
				if (r.seq >= limit) {
					if (overwritten(ring, lo, r.seq, limit))
						continue;
					break;
				}
				if (c < kHints && !hinted) {
					hint[c] = lo;
					have_hint[c] = hinted = true;
				}
				if (cpu_filter >= 0 && r.cpu != cpu_filter)
					continue;
				if (!found || r.seq < best.seq) {
					best = r;
					found = true;
				}
				break;
			}
		}
		if (!found) {
			want = limit > want ? limit : want;
			break;
		}
		out[n++] = best;
		want = best.seq + 1;
	}
	*next = want;
	return n;
}

} // namespace hpsm

// SPDX-License-Identifier: GPL-2.0
//
// The recorder: one fixed-size ring of Records per CPU, written by that CPU
// only, read by anyone, never locked.
//
// Writing (Recorder::write) allocates nothing, sleeps never, takes no lock:
// it runs with local interrupts off (hpsm_plat_irq_save) so that the CPU it
// writes for cannot change under it and nothing on that CPU interleaves, and
// it is therefore safe in tracepoint probes and on a half-up CPU.  When a ring
// is full the oldest record is overwritten and that ring's drop counter says
// exactly how many were lost.
//
// Sequence numbers are global (one atomic counter), so a reader merges the
// rings into one gap-free stream.  A record whose number is taken but not
// yet published must not be skipped by a reader that resumes from a number:
// each writer first publishes a lower bound of the number it is about to
// take (inflight), and readers only return records below the "horizon", the
// smallest such bound (or the next number when no write is in flight).
//
//   writer (CPU c, irqs off)               reader (any CPU)
//   inflight[c] = next_seq      (1)        G = next_seq            (acquire)
//   full barrier                           B = min(G, inflight[*]) (after G)
//   seq = next_seq++            (2)        read rings: seq < B only
//   fill slot, slot.seq = seq   (release)
//   head[c]++                   (release)
//   inflight[c] = none          (release)
//
// If (2) happened before the reader's load of G, (1) is visible to it, so B
// never passes a record that is not yet in its ring.
#pragma once

#include "types.h"
#include "record.h"

namespace hpsm {

struct RingStats {
	u64 written; // records written on this CPU since the last reset
	u64 dropped; // of those, overwritten before anyone could read them
};

class Recorder {
public:
	constexpr Recorder() = default;

	// @slots_per_cpu is rounded up to a power of two (minimum 16).
	int init(unsigned int nr_cpus, unsigned int slots_per_cpu);
	void fini();
	bool ready() const { return rings_ != nullptr; }

	// Writes @r (seq and on_cpu are filled in).  Any context.
	void write(Record r);

	// The horizon: every record with seq < horizon() is in its ring (or was
	// dropped).  Any context.
	u64 horizon() const;

	// Copies up to @max records with since <= seq < horizon, in seq order,
	// from all CPUs (cpu_filter < 0) or only those about CPU @cpu_filter
	// (the hotplugged CPU).  Returns the count; *next is where to resume:
	// a reader that always resumes from *next sees every record exactly
	// once, and a number it never sees was dropped (see ring_stats) or
	// filtered out.  Any context; takes no lock.
	unsigned int read(u64 since, int cpu_filter, Record *out, unsigned int max, u64 *next) const;

	RingStats ring_stats(unsigned int cpu) const;
	unsigned int capacity() const { return mask_ + 1; }
	unsigned int nr_cpus() const { return nr_cpus_; }
	u64 next_seq() const;

	// Forget every record (sequence numbers keep counting).  Caller
	// excludes writers (hotplug excluded and observer quiesced).
	void reset();

	struct Ring;

private:
	bool read_slot(const Ring &ring, u64 index, Record *out) const;
	bool overwritten(const Ring &ring, u64 index, u64 seq, u64 limit) const;

	Ring *rings_ = nullptr;
	Record *slots_ = nullptr;
	unsigned int nr_cpus_ = 0;
	unsigned int mask_ = 0;
	u64 next_seq_ = 0;
};

} // namespace hpsm

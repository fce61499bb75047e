// SPDX-License-Identifier: GPL-2.0
//
// Records and latency statistics from callback entries and exits.  See
// observer.h for pairing and direction rules.
#include "observer.h"
#include "platform.h"

namespace hpsm {

namespace {

Record make_record(unsigned int cpu, SourceKind kind, u32 source, Phase phase, Dir dir)
{
	Record r{};
	r.ts_ns = hpsm_plat_clock_ns();
	r.cpu = static_cast<u16>(cpu);
	r.source = static_cast<u16>(source);
	r.kind = static_cast<u8>(kind);
	r.flags = record_flags(phase, dir);
	r.target = -1;
	r.state = -1;
	return r;
}

bool is_up(Dir d)
{
	return d == Dir::Up || d == Dir::RollbackUp;
}

} // namespace

u64 Observer::now()
{
	return hpsm_plat_clock_ns();
}

int Observer::init(unsigned int nr_cpus, const KernelLayout &layout, unsigned int ring_slots)
{
	if (layout.online <= 0 || layout.online > 4096)
		return -kEINVAL;
	layout_ = layout;
	nr_kernel_ = static_cast<unsigned int>(layout.online) + 1;
	nr_sources_ = nr_kernel_ + HPSM_MAX_CALLBACKS + HPSM_SEC_COUNT;
	tracks_ = new (std::nothrow) Track[nr_cpus];
	stats_ = new (std::nothrow) LatencyStats[static_cast<usize>(nr_sources_) * kDirs];
	fns_ = new (std::nothrow) const void *[static_cast<usize>(nr_kernel_) * 2];
	int ret = -kENOMEM;
	if (tracks_ != nullptr && stats_ != nullptr && fns_ != nullptr)
		ret = recorder_.init(nr_cpus, ring_slots);
	if (ret != 0) {
		fini();
		return ret;
	}
	nr_cpus_ = nr_cpus;
	for (unsigned int i = 0; i < nr_cpus; i++)
		tracks_[i] = Track{};
	for (unsigned int i = 0; i < nr_kernel_ * 2; i++)
		fns_[i] = nullptr;
	reset();
	return 0;
}

void Observer::fini()
{
	recorder_.fini();
	delete[] tracks_;
	delete[] stats_;
	delete[] fns_;
	tracks_ = nullptr;
	stats_ = nullptr;
	fns_ = nullptr;
	nr_cpus_ = nr_kernel_ = nr_sources_ = 0;
}

void Observer::reset()
{
	if (stats_ == nullptr)
		return;
	for (unsigned int i = 0; i < nr_sources_ * kDirs; i++)
		stats_[i].clear();
	for (unsigned int i = 0; i < nr_cpus_; i++)
		tracks_[i].unpaired = 0;
	recorder_.reset();
}

LatencyStats *Observer::stats_mut(unsigned int slot, Dir dir)
{
	if (slot >= nr_sources_)
		return nullptr;
	return &stats_[slot * kDirs + static_cast<unsigned int>(dir)];
}

const LatencyStats *Observer::stats(unsigned int slot, Dir dir) const
{
	if (stats_ == nullptr || slot >= nr_sources_ || static_cast<unsigned int>(dir) >= kDirs)
		return nullptr;
	return &stats_[slot * kDirs + static_cast<unsigned int>(dir)];
}

SourceRef Observer::source_ref(unsigned int slot) const
{
	if (slot < nr_kernel_)
		return {SourceKind::Kernel, slot};
	if (slot < nr_kernel_ + HPSM_MAX_CALLBACKS)
		return {SourceKind::Callback, slot - nr_kernel_};
	return {SourceKind::Sync, slot - nr_kernel_ - HPSM_MAX_CALLBACKS};
}

const void *Observer::kernel_fn(int state, int teardown) const
{
	if (fns_ == nullptr || state < 0 || static_cast<unsigned int>(state) >= nr_kernel_)
		return nullptr;
	return __atomic_load_n(&fns_[state * 2 + (teardown ? 1 : 0)], __ATOMIC_RELAXED);
}

Dir Observer::classify_enter(Track &t, int target, int state)
{
	const bool up = target > state;

	if (up) {
		const bool high = state > layout_.bringup;
		if ((t.mode == TrackMode::Down || t.mode == TrackMode::RollbackUp) && high) {
			// The rollback ends when it reaches its own target: the
			// CPU may never have been seen coming up (online before
			// the module was loaded), so no earlier target applies.
			if (t.mode == TrackMode::Down)
				t.up_target = static_cast<s16>(target);
			t.mode = TrackMode::RollbackUp;
			return Dir::RollbackUp;
		}
		if (t.mode != TrackMode::Up)
			t.up_target = static_cast<s16>(target);
		t.mode = TrackMode::Up;
		return Dir::Up;
	}
	if (t.mode == TrackMode::Up || t.mode == TrackMode::RollbackDown) {
		t.mode = TrackMode::RollbackDown;
		return Dir::RollbackDown;
	}
	t.mode = TrackMode::Down;
	return Dir::Down;
}

void Observer::classify_exit(Track &t, int state_after)
{
	if ((t.mode == TrackMode::Up || t.mode == TrackMode::RollbackUp) && state_after >= t.up_target)
		t.mode = TrackMode::Idle;
}

void Observer::kernel_enter(unsigned int cpu, int target, int state, const void *fn, bool multi)
{
	if (cpu >= nr_cpus_ || state < 0 || static_cast<unsigned int>(state) >= nr_kernel_)
		return;
	Track &t = tracks_[cpu];
	const Dir dir = classify_enter(t, target, state);
	Record r = make_record(cpu, multi ? SourceKind::KernelMulti : SourceKind::Kernel, static_cast<u32>(state),
	                       Phase::Enter, dir);
	r.target = static_cast<s16>(target);

	// Cache the symbol pointer; names are resolved later, outside probes.
	const void **slot = &fns_[state * 2 + (is_up(dir) ? 0 : 1)];
	if (__atomic_load_n(slot, __ATOMIC_RELAXED) != fn)
		__atomic_store_n(slot, fn, __ATOMIC_RELAXED);

	if (t.depth < kMaxNesting)
		t.open[t.depth++] = {r.ts_ns, static_cast<s16>(state), static_cast<u8>(dir), r.kind};
	else
		t.unpaired++;
	recorder_.write(r);
}

void Observer::kernel_exit(unsigned int cpu, int state_after, int state, int ret)
{
	if (cpu >= nr_cpus_ || state < 0 || static_cast<unsigned int>(state) >= nr_kernel_)
		return;
	Track &t = tracks_[cpu];
	// The one clock read of the exit: the record's time is the duration's end.
	Record r = make_record(cpu, SourceKind::Kernel, static_cast<u32>(state), Phase::Exit, Dir::Up);
	const u64 ts = r.ts_ns;

	// Close the innermost open entry of this state; anything above it was
	// never closed (lost exit) and is dropped from the stack.
	int i = t.depth - 1;
	while (i >= 0 && t.open[i].state != state)
		i--;
	Dir dir;
	if (i < 0) {
		t.unpaired++;
		dir = state_after < state ? Dir::Down : Dir::Up;
	} else {
		const OpenEntry &e = t.open[i];
		dir = static_cast<Dir>(e.dir);
		if (i != t.depth - 1)
			t.unpaired += static_cast<u64>(t.depth - 1 - i);
		t.depth = static_cast<u8>(i);
		if (LatencyStats *s = stats_mut(kernel_slot(state), dir))
			s->add(ts >= e.ts_ns ? ts - e.ts_ns : 0);
	}
	r.flags = record_flags(Phase::Exit, dir);
	r.ret = ret;
	r.state = static_cast<s16>(state_after);
	if (i >= 0)
		r.kind = t.open[i].kind;
	recorder_.write(r);
	classify_exit(t, state_after);
}

Dir Observer::callback_dir(unsigned int cpu, bool up, bool section_rollback) const
{
	if (section_rollback)
		return Dir::RollbackDown;
	if (cpu < nr_cpus_) {
		const TrackMode m = tracks_[cpu].mode;
		if (!up && m == TrackMode::RollbackDown)
			return Dir::RollbackDown;
		if (up && m == TrackMode::RollbackUp)
			return Dir::RollbackUp;
	}
	return up ? Dir::Up : Dir::Down;
}

void Observer::callback_enter(unsigned int cpu, int id, Dir dir)
{
	if (tracks_ == nullptr)
		return;
	recorder_.write(make_record(cpu, SourceKind::Callback, static_cast<u32>(id), Phase::Enter, dir));
}

void Observer::callback_exit(unsigned int cpu, int id, Dir dir, int ret, u64 enter_ts)
{
	if (tracks_ == nullptr)
		return;
	Record r = make_record(cpu, SourceKind::Callback, static_cast<u32>(id), Phase::Exit, dir);
	r.ret = ret;
	if (LatencyStats *s = stats_mut(callback_slot(id), dir))
		s->add(r.ts_ns >= enter_ts ? r.ts_ns - enter_ts : 0);
	recorder_.write(r);
}

// SYNC_UP spans the last PREP callback's end (control CPU) to the first AP
// callback's start (hotplugged CPU); SYNC_DOWN the mirror.  Only real
// transitions start one (the caller checks), and an end without a start
// (e.g. a state being installed on online CPUs) records nothing.
void Observer::sync_begin(unsigned int cpu, u32 section)
{
	if (cpu >= nr_cpus_)
		return;
	const unsigned int which = section == HPSM_SEC_SYNC_UP ? 0 : 1;
	const Dir dir = which == 0 ? Dir::Up : Dir::Down;
	Record r = make_record(cpu, SourceKind::Sync, section, Phase::Enter, dir);
	tracks_[cpu].sync_start[which] = r.ts_ns ? r.ts_ns : 1;
	recorder_.write(r);
}

void Observer::sync_end(unsigned int cpu, u32 section)
{
	if (cpu >= nr_cpus_)
		return;
	const unsigned int which = section == HPSM_SEC_SYNC_UP ? 0 : 1;
	u64 &start = tracks_[cpu].sync_start[which];
	if (start == 0)
		return;
	const Dir dir = which == 0 ? Dir::Up : Dir::Down;
	Record r = make_record(cpu, SourceKind::Sync, section, Phase::Exit, dir);
	if (LatencyStats *s = stats_mut(sync_slot(section), dir))
		s->add(r.ts_ns >= start ? r.ts_ns - start : 0);
	start = 0;
	recorder_.write(r);
}

} // namespace hpsm

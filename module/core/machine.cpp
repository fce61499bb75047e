// SPDX-License-Identifier: GPL-2.0
//
// The callback array and its execution rules.  See machine.h for the
// invariants and sections.h for the layout.
#include "machine.h"
#include "platform.h"

#define HPSM_INVARIANT(cond)                                                                                           \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			hpsm_plat_invariant_failed(#cond, __FILE__, __LINE__);                                         \
	} while (0)

namespace hpsm {

namespace {

constexpr u64 bit(int id)
{
	return u64{1} << id;
}

bool is_ap_section(u32 s)
{
	return section_has_callbacks(s) && kSections[s].carrier == Carrier::ApOnlineDyn;
}

// The kernel treats any non-zero return as failure but hands it back to the
// writer of .../online; a positive value would read as a byte count there.
int sanitize_error(const Callback &cb, unsigned int cpu, int ret)
{
	if (ret > 0) {
		hpsm_plat_log(HPSM_LOG_ERR, "%s: startup on cpu%u returned %d, not a negative errno; using -EINVAL\n",
		              cb.name, cpu, ret);
		return -kEINVAL;
	}
	return ret;
}

// struct hpsm_callback comes from C, where an enum field holds any int a
// client stores; in C++ loading a value outside the enumerators' range is
// undefined, so the field is read as the integer C stored before it is checked.
u32 raw_section(const hpsm_callback *cb)
{
	u32 raw;
	static_assert(sizeof(raw) == sizeof(cb->section), "enum hpsm_section is int-sized");
	__builtin_memcpy(&raw, &cb->section, sizeof(raw));
	return raw;
}

struct OnCpuCall {
	Machine *machine;
	int id;
	unsigned int cpu;
};

} // namespace

int Machine::init(unsigned int nr_cpus)
{
	HPSM_INVARIANT(cpus_ == nullptr);
	cpus_ = new (std::nothrow) CpuPosition[nr_cpus];
	if (cpus_ == nullptr)
		return -kENOMEM;
	nr_cpus_ = nr_cpus;
	return 0;
}

void Machine::fini()
{
	delete[] cpus_;
	cpus_ = nullptr;
	nr_cpus_ = 0;
	// Member by member: a whole Machine temporary would not fit a kernel stack.
	for (Callback &cb : slots_)
		cb = Callback();
	for (u8 &len : list_len_)
		len = 0;
	for (Fault &f : faults_)
		f = Fault{};
	next_seq_ = 0;
	placement_violations_ = 0;
}

u32 Machine::reached(unsigned int cpu) const
{
	const u32 mask = sections_up(cpu);
	return mask == 0 ? HPSM_SEC_OFFLINE : 31 - __builtin_clz(mask);
}

const Callback *Machine::callback(int id) const
{
	if (id < 0 || id >= HPSM_MAX_CALLBACKS || !slots_[id].used)
		return nullptr;
	return &slots_[id];
}

unsigned int Machine::section_callbacks(u32 s, const u8 **ids) const
{
	if (s >= HPSM_SEC_COUNT) {
		*ids = nullptr;
		return 0;
	}
	*ids = list_[s];
	return list_len_[s];
}

// PREP callbacks run on the control CPU during a transition (the target is not
// online then, so it cannot be running us); AP callbacks always run on the
// target.  While a state is installed on online CPUs the kernel runs PREP
// startups "on behalf of" each CPU from the installing CPU, which may be the
// target itself: that is not a transition and is not checked.
void Machine::check_placement(u32 section, unsigned int cpu)
{
	const unsigned int here = hpsm_plat_this_cpu();
	bool ok = true;

	if (is_ap_section(section))
		ok = here == cpu;
	else if (!hpsm_plat_cpu_online(cpu))
		ok = here != cpu;
	if (!ok) {
		placement_violations_++;
		hpsm_plat_log(HPSM_LOG_ERR, "%s for cpu%u ran on cpu%u\n", kSections[section].name, cpu, here);
	}
}

// Each callback run is recorded as an enter/exit pair with its duration.
int Machine::run_startup(int id, unsigned int cpu)
{
	Callback &cb = slots_[id];
	int ret = 0;

	const int injected = take_fault(id, -1, cpu);
	if (cb.startup != nullptr || injected != 0) {
		const bool rec = obs_ != nullptr && obs_->ready();
		const Dir dir = rec ? obs_->callback_dir(cpu, true, false) : Dir::Up;
		const u64 t0 = rec ? Observer::now() : 0;
		if (rec)
			obs_->callback_enter(cpu, id, dir);
		// An injected failure behaves like a real one that cleaned up
		// after itself: the callback does not run.
		ret = injected != 0 ? injected : sanitize_error(cb, cpu, cb.startup(cpu, cb.priv));
		if (rec)
			obs_->callback_exit(cpu, id, dir, ret, t0);
	}
	if (ret == 0)
		cpus_[cpu].up |= bit(id);
	return ret;
}

void Machine::run_teardown(int id, unsigned int cpu, bool section_rollback)
{
	Callback &cb = slots_[id];

	if ((cpus_[cpu].up & bit(id)) == 0)
		return;
	if (cb.teardown != nullptr) {
		const bool rec = obs_ != nullptr && obs_->ready();
		const Dir dir = rec ? obs_->callback_dir(cpu, false, section_rollback) : Dir::Down;
		const u64 t0 = rec ? Observer::now() : 0;
		if (rec)
			obs_->callback_enter(cpu, id, dir);
		cb.teardown(cpu, cb.priv);
		if (rec)
			obs_->callback_exit(cpu, id, dir, 0, t0);
	}
	cpus_[cpu].up &= ~bit(id);
}

// A section runs as part of a real transition of @cpu (rather than because
// a state is being installed or removed on CPUs at rest): PREP sections while
// the CPU is not online, AP sections while it is not active (sched:active is
// the top state, so it is torn down first and started last).
bool Machine::in_transition(u32 section, unsigned int cpu) const
{
	return is_ap_section(section) ? !hpsm_plat_cpu_active(cpu) : !hpsm_plat_cpu_online(cpu);
}

// SYNC_UP: from the end of the last PREP section (control CPU) to the start
// of the first AP section (hotplugged CPU).  SYNC_DOWN: the mirror.
void Machine::sync_points_startup(u32 section, unsigned int cpu, bool done)
{
	if (obs_ == nullptr || !obs_->ready() || !in_transition(section, cpu))
		return;
	if (done && section == HPSM_SEC_PREP_THREADS)
		obs_->sync_begin(cpu, HPSM_SEC_SYNC_UP);
	else if (!done && section == HPSM_SEC_INIT_HW)
		obs_->sync_end(cpu, HPSM_SEC_SYNC_UP);
}

void Machine::sync_points_teardown(u32 section, unsigned int cpu, bool done)
{
	if (obs_ == nullptr || !obs_->ready() || !in_transition(section, cpu))
		return;
	if (done && section == HPSM_SEC_INIT_HW)
		obs_->sync_begin(cpu, HPSM_SEC_SYNC_DOWN);
	else if (!done && section == HPSM_SEC_PREP_THREADS)
		obs_->sync_end(cpu, HPSM_SEC_SYNC_DOWN);
}

int Machine::section_startup(u32 section, unsigned int cpu)
{
	if (!section_has_callbacks(section) || cpu >= nr_cpus_) {
		HPSM_INVARIANT(section_has_callbacks(section) && cpu < nr_cpus_);
		return 0;
	}
	check_placement(section, cpu);
	sync_points_startup(section, cpu, false);
	if (const int injected = take_fault(-1, static_cast<int>(section), cpu)) {
		hpsm_plat_log(HPSM_LOG_INFO, "%s: injected failure on cpu%u: %d\n", kSections[section].name, cpu,
		              injected);
		return injected;
	}

	const unsigned int n = list_len_[section];
	for (unsigned int i = 0; i < n; i++) {
		const int ret = run_startup(list_[section][i], cpu);
		if (ret == 0)
			continue;
		hpsm_plat_log(HPSM_LOG_INFO, "%s failed on cpu%u: %d, rolling back %s\n",
		              slots_[list_[section][i]].name, cpu, ret, kSections[section].name);
		// The failing callback cleaned up after itself; undo the ones
		// before it in reverse.  The kernel then rolls back the earlier
		// sections through their teardowns.
		while (i-- > 0)
			run_teardown(list_[section][i], cpu, true);
		return ret;
	}
	cpus_[cpu].sections |= 1u << section;
	sync_points_startup(section, cpu, true);
	return 0;
}

void Machine::section_teardown(u32 section, unsigned int cpu)
{
	if (!section_has_callbacks(section) || cpu >= nr_cpus_) {
		HPSM_INVARIANT(section_has_callbacks(section) && cpu < nr_cpus_);
		return;
	}
	check_placement(section, cpu);
	sync_points_teardown(section, cpu, false);

	cpus_[cpu].sections &= ~(1u << section);
	for (unsigned int i = list_len_[section]; i-- > 0;)
		run_teardown(list_[section][i], cpu);
	sync_points_teardown(section, cpu, true);
}

// ---- fault injection --------------------------------------------------------

// Called from startup paths only (serialised by hotplug or by the installer).
int Machine::take_fault(int id, int section, unsigned int cpu)
{
	for (Fault &f : faults_) {
		if (f.count == 0 || f.id != id || f.section != section)
			continue;
		if (f.cpu >= 0 && static_cast<unsigned int>(f.cpu) != cpu)
			continue;
		f.count--;
		return -f.error;
	}
	return 0;
}

int Machine::inject(const char *name, int section, int cpu, int error, u32 count)
{
	int ret = 0;
	int id = -1;

	if (error <= 0 || error > 4095 || count == 0 || cpu < -1 ||
	    (cpu >= 0 && static_cast<unsigned int>(cpu) >= nr_cpus_))
		return -kEINVAL;
	if (name == nullptr && !section_has_callbacks(static_cast<u32>(section)))
		return -kEINVAL;
	hpsm_plat_exclude_hotplug();
	if (name != nullptr) {
		id = find_name(name);
		if (id < 0) {
			ret = -kENOENT;
			goto out;
		}
		section = -1;
	}
	ret = -kENOSPC;
	for (Fault &f : faults_) {
		if (f.count != 0)
			continue;
		f = Fault{id, section, cpu, error, count};
		ret = 0;
		break;
	}
out:
	hpsm_plat_allow_hotplug();
	return ret;
}

void Machine::inject_clear()
{
	hpsm_plat_exclude_hotplug();
	for (Fault &f : faults_)
		f = Fault{};
	hpsm_plat_allow_hotplug();
}

// ---- installation ---------------------------------------------------------

int Machine::validate(const hpsm_callback *cb) const
{
	if (cb == nullptr || cb->name == nullptr || cb->name[0] == '\0') {
		hpsm_plat_log(HPSM_LOG_ERR, "install: a callback needs a name\n");
		return -kEINVAL;
	}
	if (str_len_bounded(cb->name, HPSM_NAME_MAX) >= HPSM_NAME_MAX) {
		hpsm_plat_log(HPSM_LOG_ERR, "install: name '%.*s...' is longer than %d characters\n", HPSM_NAME_MAX - 1,
		              cb->name, HPSM_NAME_MAX - 1);
		return -kENAMETOOLONG;
	}
	if (!section_has_callbacks(raw_section(cb))) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: section %u holds no callbacks (use a PREP or AP section)\n",
		              cb->name, raw_section(cb));
		return -kEINVAL;
	}
	if ((cb->flags & ~HPSM_CB_ASYMMETRIC) != 0) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: unknown flags 0x%x\n", cb->name, cb->flags);
		return -kEINVAL;
	}
	if (cb->startup == nullptr && cb->teardown == nullptr) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: neither startup nor teardown\n", cb->name);
		return -kEINVAL;
	}
	const bool one_sided = cb->startup == nullptr || cb->teardown == nullptr;
	const bool declared = (cb->flags & HPSM_CB_ASYMMETRIC) != 0;
	if (one_sided != declared) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: %s\n", cb->name,
		              one_sided ? "only a startup or only a teardown: declare HPSM_CB_ASYMMETRIC with a reason"
		                        : "declared HPSM_CB_ASYMMETRIC but has both startup and teardown");
		return -kEINVAL;
	}
	if (declared && (cb->reason == nullptr || cb->reason[0] == '\0')) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: an asymmetric callback needs a reason\n", cb->name);
		return -kEINVAL;
	}
	if (declared && str_len_bounded(cb->reason, HPSM_REASON_MAX) >= HPSM_REASON_MAX) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: reason is longer than %d characters\n", cb->name,
		              HPSM_REASON_MAX - 1);
		return -kENAMETOOLONG;
	}
	return 0;
}

int Machine::find_name(const char *name) const
{
	for (int i = 0; i < HPSM_MAX_CALLBACKS; i++)
		if (slots_[i].used && str_equal(slots_[i].name, name))
			return i;
	return -1;
}

int Machine::alloc_slot() const
{
	for (int i = 0; i < HPSM_MAX_CALLBACKS; i++)
		if (!slots_[i].used)
			return i;
	return -1;
}

void Machine::link(int id)
{
	const Callback &cb = slots_[id];
	u8 *list = list_[cb.section];
	unsigned int pos = list_len_[cb.section];

	// Insertion sort on (order, seq): seq only grows, so ties keep install order.
	while (pos > 0 && slots_[list[pos - 1]].order > cb.order) {
		list[pos] = list[pos - 1];
		pos--;
	}
	list[pos] = static_cast<u8>(id);
	list_len_[cb.section]++;
}

void Machine::unlink(int id)
{
	const u32 s = slots_[id].section;
	unsigned int j = 0;

	for (unsigned int i = 0; i < list_len_[s]; i++)
		if (list_[s][i] != id)
			list_[s][j++] = list_[s][i];
	HPSM_INVARIANT(j + 1 == list_len_[s]);
	list_len_[s] = static_cast<u8>(j);
}

static int startup_on_cpu(void *arg)
{
	auto *call = static_cast<OnCpuCall *>(arg);
	return call->machine->section_startup_one(call->id, call->cpu);
}

static int teardown_on_cpu(void *arg)
{
	auto *call = static_cast<OnCpuCall *>(arg);
	call->machine->section_teardown_one(call->id, call->cpu);
	return 0;
}

int Machine::section_startup_one(int id, unsigned int cpu)
{
	HPSM_INVARIANT(!is_ap_section(slots_[id].section) || hpsm_plat_this_cpu() == cpu);
	return run_startup(id, cpu);
}

void Machine::section_teardown_one(int id, unsigned int cpu)
{
	HPSM_INVARIANT(!is_ap_section(slots_[id].section) || hpsm_plat_this_cpu() == cpu);
	run_teardown(id, cpu);
}

// Runs callback @id's startup (@up) or teardown for @cpu where its section
// says: on the CPU itself for AP sections, on behalf of it here for PREP.
int Machine::call_for_cpu(int id, unsigned int cpu, bool up)
{
	OnCpuCall call{this, id, cpu};

	if (is_ap_section(slots_[id].section))
		return hpsm_plat_run_on_cpu(cpu, up ? startup_on_cpu : teardown_on_cpu, &call);
	return up ? startup_on_cpu(&call) : teardown_on_cpu(&call);
}

int Machine::install(const hpsm_callback *cb, bool calls)
{
	int ret = validate(cb);
	if (ret != 0)
		return ret;

	hpsm_plat_exclude_hotplug();
	if (find_name(cb->name) >= 0) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: a callback of that name is already installed\n", cb->name);
		ret = -kEEXIST;
		goto out;
	}
	ret = alloc_slot();
	if (ret < 0) {
		hpsm_plat_log(HPSM_LOG_ERR, "install %s: all %d callback slots are in use\n", cb->name,
		              HPSM_MAX_CALLBACKS);
		ret = -kENOSPC;
		goto out;
	}
	{
		const int id = ret;
		Callback &slot = slots_[id];
		slot = Callback();
		str_copy(slot.name, cb->name, sizeof(slot.name));
		if (cb->flags & HPSM_CB_ASYMMETRIC)
			str_copy(slot.reason, cb->reason, sizeof(slot.reason));
		slot.startup = cb->startup;
		slot.teardown = cb->teardown;
		slot.priv = cb->priv;
		slot.order = cb->order;
		slot.flags = cb->flags;
		slot.section = raw_section(cb);
		slot.seq = next_seq_++;
		slot.used = true;

		// Every CPU that has passed the section gets the startup now, in
		// ascending CPU order like cpuhp_issue_call(); on a failure the
		// CPUs already done are torn down again.
		for (unsigned int cpu = 0; calls && cpu < nr_cpus_; cpu++) {
			if ((cpus_[cpu].sections & (1u << slot.section)) == 0)
				continue;
			ret = call_for_cpu(id, cpu, true);
			if (ret != 0) {
				hpsm_plat_log(HPSM_LOG_ERR, "install %s: startup failed on cpu%u: %d, undoing\n",
				              slot.name, cpu, ret);
				rollback_install(id, cpu);
				slot = Callback();
				goto out;
			}
		}
		if (!calls) {
			// Migration: the per-CPU state already exists on the
			// CPUs that passed the section, so count it as run.
			for (unsigned int cpu = 0; cpu < nr_cpus_; cpu++)
				if (cpus_[cpu].sections & (1u << slot.section))
					cpus_[cpu].up |= bit(id);
		}
		link(id);
		ret = id;
	}
out:
	hpsm_plat_allow_hotplug();
	return ret;
}

void Machine::rollback_install(int id, unsigned int upto_cpu)
{
	for (unsigned int cpu = 0; cpu < upto_cpu; cpu++)
		if (cpus_[cpu].up & bit(id))
			call_for_cpu(id, cpu, false);
}

int Machine::remove(int id, bool calls)
{
	int ret = 0;

	hpsm_plat_exclude_hotplug();
	if (callback(id) == nullptr) {
		hpsm_plat_log(HPSM_LOG_ERR, "remove: no callback with id %d\n", id);
		ret = -kENOENT;
		goto out;
	}
	for (unsigned int cpu = 0; cpu < nr_cpus_; cpu++) {
		if ((cpus_[cpu].up & bit(id)) == 0)
			continue;
		if (calls)
			call_for_cpu(id, cpu, false);
		cpus_[cpu].up &= ~bit(id);
	}
	unlink(id);
	slots_[id] = Callback();
	for (Fault &f : faults_)
		if (f.id == id)
			f = Fault{}; // the id may be reused by another callback
out:
	hpsm_plat_allow_hotplug();
	return ret;
}

} // namespace hpsm

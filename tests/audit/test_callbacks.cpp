// hpsm's own callbacks (check_callbacks.cpp) on traces made here: the kernel
// model (model.h) with two hpsm sections, hpsm:prep_data (PREP) holding
// drv:a, drv:b and hpsm:enable (AP) holding drv:x, drv:y, drv:z, and hpsm's
// callback records nested inside each run of their section, the way the
// module records them.  Traces that must pass, and one defect at a time.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "audit/hpsm_reader.h"
#include "model.h"
#include "testlib.h"

using namespace audit_test;

namespace {

constexpr int prep_state = 6, ap_state = 27;

struct Cb {
	const char *name;
	int32_t section;
	int32_t order;
};

const std::vector<Cb> prep_cbs = {{"drv:a", 2, 0}, {"drv:b", 2, 1}};
const std::vector<Cb> ap_cbs = {{"drv:x", 7, 0}, {"drv:y", 7, 1}, {"drv:z", 7, 2}};

struct HpsmModel {
	Model m;
	std::string fail_cb; // the callback whose startup fails when its section's startup fails

	HpsmModel()
	{
		auto at = [&](int before) {
			for (size_t i = 0; i < m.states.size(); ++i)
				if (m.states[i].num > before)
					return m.states.begin() + static_cast<long>(i);
			return m.states.end();
		};
		m.states.insert(at(prep_state), ModelState{prep_state, "hpsm:prep_data", "hpsm_up_PREP_DATA [hpsm]",
		                                           "hpsm_down_PREP_DATA [hpsm]"});
		m.states.insert(at(ap_state), ModelState{ap_state, "hpsm:enable", "hpsm_up_ENABLE [hpsm]",
		                                         "hpsm_down_ENABLE [hpsm]"});
	}

	static uint32_t id_of(const std::string &n)
	{
		uint32_t id = 0;
		for (const auto *v : {&prep_cbs, &ap_cbs})
			for (const auto &c : *v) {
				if (n == c.name)
					return id;
				++id;
			}
		return 63;
	}

	// The model's kernel records with hpsm's callback records inside each
	// run of an hpsm section; sequence numbers renumbered, no lines.
	Trace trace() const
	{
		Trace k;
		EXPECT_FALSE(read_ftrace_text(m.text(), "model", k));
		Trace t;
		t.source = "hpsm model";
		t.format = "hpsm-json";
		auto push = [&](Event e) {
			e.seq = t.events.size() + 1000;
			e.line = 0;
			t.events.push_back(e);
		};
		for (size_t i = 0; i < k.events.size(); ++i) {
			Event e = k.events[i];
			if (e.sym)
				e.sym = t.symbols.intern(k.symbols.name(e.sym));
			push(e);
			if (e.kind != Kind::KernelEnter || (e.state != prep_state && e.state != ap_state))
				continue;
			const Event &x = k.events[i + 1]; // the model's leaves: the exit follows
			const auto &cbs = e.state == prep_state ? prep_cbs : ap_cbs;
			const bool up = e.target >= e.state;
			uint64_t ts = e.ts_ns;
			auto rec = [&](const std::string &n, Kind kind, HpsmDir dir, int32_t ret) {
				Event c{};
				c.kind = kind;
				c.ts_ns = ++ts;
				c.cpu = e.cpu;
				c.on_cpu = e.on_cpu;
				c.state = static_cast<int32_t>(id_of(n));
				c.target = static_cast<int32_t>(dir);
				c.exit_state = -1;
				c.ret = ret;
				c.sym = t.symbols.intern(n);
				push(c);
			};
			if (!up) {
				for (auto it = cbs.rbegin(); it != cbs.rend(); ++it) {
					rec(it->name, Kind::HpsmEnter, HpsmDir::down, 0);
					rec(it->name, Kind::HpsmExit, HpsmDir::down, 0);
				}
				continue;
			}
			std::vector<std::string> done;
			for (const auto &c : cbs) {
				const bool fails = x.ret != 0 && c.name == fail_cb;
				rec(c.name, Kind::HpsmEnter, HpsmDir::up, 0);
				rec(c.name, Kind::HpsmExit, HpsmDir::up, fails ? x.ret : 0);
				if (fails) {
					for (auto it = done.rbegin(); it != done.rend(); ++it) {
						rec(*it, Kind::HpsmEnter, HpsmDir::rollback_down, 0);
						rec(*it, Kind::HpsmExit, HpsmDir::rollback_down, 0);
					}
					break;
				}
				done.push_back(c.name);
			}
		}
		return t;
	}
};

// The callbacks as hpsm describes them (GET_STATES).
std::vector<HpsmCallbackInfo> described()
{
	std::vector<HpsmCallbackInfo> v;
	for (const auto *cbs : {&prep_cbs, &ap_cbs})
		for (const auto &c : *cbs) {
			HpsmCallbackInfo i;
			i.id = HpsmModel::id_of(c.name);
			i.name = c.name;
			i.section = c.section;
			i.order = c.order;
			v.push_back(i);
		}
	return v;
}

Report audit(const HpsmModel &h, const Trace &t, AuditOptions o = {}, bool with_states = true)
{
	if (with_states) {
		StateTable st;
		EXPECT_FALSE(read_states_text(h.m.states_text(), "states", st));
		o.states = st;
	}
	return run_audit(t, o);
}

Report audit(const HpsmModel &h, AuditOptions o = {})
{
	return audit(h, h.trace(), std::move(o));
}

HpsmModel cycles()
{
	HpsmModel h;
	for (unsigned cpu : {1u, 2u}) {
		h.m.down(cpu);
		h.m.up(cpu);
		h.m.down(cpu);
		h.m.up(cpu);
	}
	return h;
}

// Index of the n-th (0-based) record of callback name of that kind and direction.
long nth(const Trace &t, const std::string &name, Kind kind, HpsmDir dir, int n = 0)
{
	auto sym = t.symbols.find(name);
	for (size_t i = 0; sym && i < t.events.size(); ++i) {
		const Event &e = t.events[i];
		if (e.kind == kind && e.sym == *sym && e.target == static_cast<int32_t>(dir) && n-- == 0)
			return static_cast<long>(i);
	}
	ADD_FAILURE() << "no record " << n << " of " << name;
	return -1;
}

// Removes events [i, i + n) and renumbers so no sequence gap is reported.
void erase(Trace &t, long i, long n = 2)
{
	t.events.erase(t.events.begin() + i, t.events.begin() + i + n);
	for (size_t k = 0; k < t.events.size(); ++k)
		t.events[k].seq = 1000 + k;
}

const CallbackRow *row(const Report &r, const std::string &name)
{
	for (const auto &c : r.summary.hpsm_callbacks)
		if (c.symbol == name)
			return &c;
	return nullptr;
}

bool has(const Report &r, std::string_view id, const std::string &callback, int64_t cpu = -2)
{
	for (const auto &f : r.findings)
		if (f.id == id && f.callback == callback && (cpu == -2 || f.cpu == cpu))
			return true;
	return false;
}

size_t callback_findings(const Report &r)
{
	size_t n = 0;
	for (const auto &f : r.findings)
		n += !f.callback.empty() && f.severity != Severity::info;
	return n;
}

} // namespace

// ---- clean traces ----

TEST(HpsmCallbacks, CleanCyclesPass)
{
	HpsmModel h = cycles();
	Report r = audit(h);
	EXPECT_EQ(exit_code(r), 0) << problems(r);
	EXPECT_EQ(r.summary.hpsm_records, 2u * 2 * 2 * 2 * 5);
	ASSERT_EQ(r.summary.hpsm_callbacks.size(), 5u);
	// In layout order: PREP_DATA's, then ENABLE's.
	EXPECT_EQ(r.summary.hpsm_callbacks[0].symbol, "drv:a");
	EXPECT_EQ(r.summary.hpsm_callbacks[0].section, "prep_data");
	EXPECT_EQ(r.summary.hpsm_callbacks[4].symbol, "drv:z");
	EXPECT_EQ(r.summary.hpsm_callbacks[4].section, "enable");
	for (const auto &c : r.summary.hpsm_callbacks) {
		EXPECT_EQ(c.verdict, "symmetric") << c.symbol;
		EXPECT_EQ(c.startups, 4u) << c.symbol;
		EXPECT_EQ(c.teardowns, 4u) << c.symbol;
		EXPECT_EQ(c.latency.count, 8u) << c.symbol;
	}
	// The same with hpsm's description, and without a states file (the
	// sections are then known from the carriers' symbols).
	AuditOptions o;
	o.hpsm_callbacks = described();
	EXPECT_EQ(exit_code(audit(h, o)), 0);
	Report bare = audit(h, h.trace(), {}, false);
	EXPECT_EQ(exit_code(bare), 0) << problems(bare);
	ASSERT_TRUE(row(bare, "drv:y"));
	EXPECT_EQ(row(bare, "drv:y")->section, "enable");
}

TEST(HpsmCallbacks, TextAndJsonNameTheCallbacks)
{
	Report r = audit(cycles());
	std::string text = render_text(r);
	EXPECT_NE(text.find("hpsm:        drv:y [enable] 4 up, 4 down, symmetric;"), std::string::npos) << text;
	auto j = report_json(r);
	EXPECT_EQ(j["summary"]["hpsm_callbacks"][2]["symbol"], "drv:x");
	EXPECT_EQ(j["summary"]["hpsm_callbacks"][2]["section"], "enable");
	EXPECT_EQ(j["summary"]["hpsm_callbacks"][2]["startups"], 4);
}

// ---- ORDER ----

TEST(HpsmCallbacks, TwoTeardownsSwappedFail)
{
	HpsmModel h = cycles();
	Trace t = h.trace();
	// cpu2's first teardown of hpsm:enable: z, y, x; make it y, z, x.
	long z = nth(t, "drv:z", Kind::HpsmEnter, HpsmDir::down, 2);
	long y = nth(t, "drv:y", Kind::HpsmEnter, HpsmDir::down, 2);
	ASSERT_EQ(y, z + 2);
	ASSERT_EQ(t.events[static_cast<size_t>(z)].cpu, 2u);
	std::swap(t.events[static_cast<size_t>(z)], t.events[static_cast<size_t>(y)]);
	std::swap(t.events[static_cast<size_t>(z) + 1], t.events[static_cast<size_t>(y) + 1]);
	for (size_t k = 0; k < t.events.size(); ++k)
		t.events[k].seq = 1000 + k;
	Report r = audit(h, t);
	EXPECT_EQ(exit_code(r), 1);
	ASSERT_EQ(count(r, "ORDER-CALLBACK-SEQUENCE"), 1u) << problems(r);
	const Finding *f = find(r, "ORDER-CALLBACK-SEQUENCE");
	EXPECT_EQ(f->check, Check::order);
	EXPECT_EQ(f->severity, Severity::error);
	EXPECT_EQ(f->cpu, 2);
	EXPECT_EQ(f->state, ap_state);
	EXPECT_EQ(f->direction, "teardown");
	EXPECT_EQ(f->callback, "drv:z");
	EXPECT_NE(f->message.find("teardowns run in reverse"), std::string::npos) << f->message;
	EXPECT_EQ(f->seqs.size(), 2u); // the two records that prove it
	EXPECT_EQ(callback_findings(r), 1u) << problems(r);
	// hpsm's order keys decide it the same way.
	AuditOptions o;
	o.hpsm_callbacks = described();
	Report d = audit(h, t, o);
	EXPECT_TRUE(has(d, "ORDER-CALLBACK-SEQUENCE", "drv:z", 2)) << problems(d);
	EXPECT_NE(find(d, "ORDER-CALLBACK-SEQUENCE")->message.find("order key 1 < 2"), std::string::npos);
}

TEST(HpsmCallbacks, StartupsOutOfArrayOrderFail)
{
	HpsmModel h = cycles();
	Trace t = h.trace();
	// cpu1's second startup of hpsm:prep_data runs b before a.
	long a = nth(t, "drv:a", Kind::HpsmEnter, HpsmDir::up, 1);
	std::swap(t.events[static_cast<size_t>(a)], t.events[static_cast<size_t>(a) + 2]);
	std::swap(t.events[static_cast<size_t>(a) + 1], t.events[static_cast<size_t>(a) + 3]);
	for (size_t k = 0; k < t.events.size(); ++k)
		t.events[k].seq = 1000 + k;
	Report r = audit(h, t);
	EXPECT_TRUE(has(r, "ORDER-CALLBACK-SEQUENCE", "drv:a", 1)) << problems(r);
	EXPECT_EQ(find(r, "ORDER-CALLBACK-SEQUENCE")->direction, "startup");
	EXPECT_EQ(exit_code(r), 1);
}

TEST(HpsmCallbacks, OrderKeysOverruleTheMajority)
{
	// Every run has y before x: consistent, but hpsm says x's key is lower.
	HpsmModel h = cycles();
	Trace t = h.trace();
	auto x = t.symbols.find("drv:x"), y = t.symbols.find("drv:y");
	for (auto &e : t.events)
		if (!is_kernel(e.kind) && e.kind != Kind::HpsmSync && (e.sym == *x || e.sym == *y)) {
			e.sym = e.sym == *x ? *y : *x;
			e.state = static_cast<int32_t>(HpsmModel::id_of(std::string(t.symbols.name(e.sym))));
		}
	EXPECT_EQ(exit_code(audit(h, t)), 0) << "without a description the runs agree with each other";
	AuditOptions o;
	o.hpsm_callbacks = described();
	Report r = audit(h, t, o);
	EXPECT_EQ(count(r, "ORDER-CALLBACK-SEQUENCE"), 4u) << problems(r); // up and down, cpu1 and cpu2
}

TEST(HpsmCallbacks, SkippedTeardownFails)
{
	HpsmModel h = cycles();
	Trace t = h.trace();
	erase(t, nth(t, "drv:a", Kind::HpsmEnter, HpsmDir::down, 1));
	Report r = audit(h, t);
	EXPECT_TRUE(has(r, "ORDER-CALLBACK-SKIPPED", "drv:a", 1)) << problems(r);
	EXPECT_EQ(exit_code(r), 1);
	EXPECT_EQ(callback_findings(r), 1u) << problems(r);
}

// ---- ROLLBACK inside a section ----

HpsmModel failing(const std::string &cb)
{
	HpsmModel h = cycles();
	h.fail_cb = cb;
	h.m.down(1);
	h.m.up_callback_fails(1, ap_state, -5);
	h.m.up(1);
	return h;
}

TEST(HpsmCallbacks, RollbackOfTheStartupsThatRanPasses)
{
	HpsmModel h = failing("drv:z");
	Trace t = h.trace();
	ASSERT_GE(nth(t, "drv:y", Kind::HpsmEnter, HpsmDir::rollback_down), 0);
	Report r = audit(h, t);
	EXPECT_EQ(exit_code(r), 0) << problems(r);
	EXPECT_TRUE(find(r, "ROLLBACK-CLEAN")) << problems(r);
	// The first callback failing has nothing to undo.
	EXPECT_EQ(exit_code(audit(failing("drv:x"))), 0);
}

TEST(HpsmCallbacks, MissingRollbackTeardownFails)
{
	HpsmModel h = failing("drv:z");
	Trace t = h.trace();
	erase(t, nth(t, "drv:x", Kind::HpsmEnter, HpsmDir::rollback_down));
	Report r = audit(h, t);
	ASSERT_TRUE(has(r, "ROLLBACK-CALLBACK-NOT-UNDONE", "drv:x", 1)) << problems(r);
	const Finding *f = find(r, "ROLLBACK-CALLBACK-NOT-UNDONE");
	EXPECT_EQ(f->check, Check::rollback);
	EXPECT_NE(f->message.find("drv:z's startup failed"), std::string::npos) << f->message;
	EXPECT_EQ(exit_code(r), 1);
	// Forgotten, not reported again at every later teardown.
	EXPECT_EQ(count(r, "ORDER-CALLBACK-SKIPPED"), 0u) << problems(r);
}

TEST(HpsmCallbacks, RollbackInTheWrongOrderFails)
{
	HpsmModel h = failing("drv:z");
	Trace t = h.trace();
	long y = nth(t, "drv:y", Kind::HpsmEnter, HpsmDir::rollback_down);
	std::swap(t.events[static_cast<size_t>(y)], t.events[static_cast<size_t>(y) + 2]);
	std::swap(t.events[static_cast<size_t>(y) + 1], t.events[static_cast<size_t>(y) + 3]);
	for (size_t k = 0; k < t.events.size(); ++k)
		t.events[k].seq = 1000 + k;
	Report r = audit(h, t);
	EXPECT_TRUE(has(r, "ORDER-CALLBACK-SEQUENCE", "drv:y", 1)) << problems(r);
}

TEST(HpsmCallbacks, RollbackOfTheFailingCallbackItselfFails)
{
	HpsmModel h = failing("drv:y");
	Trace t = h.trace();
	// After x's rollback teardown, a teardown of y, the one that failed.
	long x = nth(t, "drv:x", Kind::HpsmEnter, HpsmDir::rollback_down);
	Event en = t.events[static_cast<size_t>(x)], ex = t.events[static_cast<size_t>(x) + 1];
	en.sym = ex.sym = *t.symbols.find("drv:y");
	en.state = ex.state = static_cast<int32_t>(HpsmModel::id_of("drv:y"));
	t.events.insert(t.events.begin() + x + 2, {en, ex});
	for (size_t k = 0; k < t.events.size(); ++k)
		t.events[k].seq = 1000 + k;
	Report r = audit(h, t);
	ASSERT_TRUE(has(r, "ORDER-CALLBACK-ROLLBACK-EXTRA", "drv:y", 1)) << problems(r);
	EXPECT_NE(find(r, "ORDER-CALLBACK-ROLLBACK-EXTRA")->message.find("the failing callback itself"),
	          std::string::npos);
}

// ---- PLACEMENT ----

TEST(HpsmCallbacks, ApCallbackOnTheWrongCpuFails)
{
	HpsmModel h = cycles();
	Trace t = h.trace();
	long y = nth(t, "drv:y", Kind::HpsmEnter, HpsmDir::up, 1);
	t.events[static_cast<size_t>(y)].on_cpu = 3;
	Report r = audit(h, t);
	ASSERT_TRUE(has(r, "PLACEMENT-CALLBACK-AP-OFF-TARGET", "drv:y")) << problems(r);
	const Finding *f = find(r, "PLACEMENT-CALLBACK-AP-OFF-TARGET");
	EXPECT_EQ(f->check, Check::placement);
	EXPECT_EQ(f->state, ap_state);
	EXPECT_NE(f->message.find("ran on cpu3"), std::string::npos) << f->message;
	EXPECT_EQ(callback_findings(r), 1u) << problems(r);
	EXPECT_EQ(exit_code(r), 1);
}

TEST(HpsmCallbacks, PrepCallbackOnTheTargetFails)
{
	HpsmModel h = cycles();
	Trace t = h.trace();
	long b = nth(t, "drv:b", Kind::HpsmExit, HpsmDir::down);
	t.events[static_cast<size_t>(b)].on_cpu = t.events[static_cast<size_t>(b)].cpu;
	Report r = audit(h, t);
	EXPECT_TRUE(has(r, "PLACEMENT-CALLBACK-PREP-ON-TARGET", "drv:b")) << problems(r);
}

TEST(HpsmCallbacks, InstallingRunsPrepStartupsOnBehalfOfEveryCpu)
{
	// hpsm_install(): outside any transition, from the installing CPU (0),
	// for every CPU, itself included; the AP ones on each CPU.
	HpsmModel h = cycles();
	Trace t = h.trace();
	auto add = [&](const char *n, uint32_t cpu, uint32_t on) {
		for (Kind k : {Kind::HpsmEnter, Kind::HpsmExit}) {
			Event e{};
			e.kind = k;
			e.cpu = cpu;
			e.on_cpu = on;
			e.state = static_cast<int32_t>(HpsmModel::id_of(n));
			e.target = static_cast<int32_t>(HpsmDir::up);
			e.exit_state = -1;
			e.sym = t.symbols.intern(n);
			e.seq = 1000 + t.events.size();
			e.ts_ns = t.events.back().ts_ns + 10;
			t.events.push_back(e);
		}
	};
	for (uint32_t cpu = 0; cpu < 4; ++cpu)
		add("drv:a", cpu, 0);
	for (uint32_t cpu = 0; cpu < 4; ++cpu)
		add("drv:x", cpu, cpu);
	AuditOptions o;
	o.hpsm_callbacks = described();
	Report r = audit(h, t, o);
	EXPECT_EQ(exit_code(r), 0) << problems(r);
	// An AP one run from elsewhere is still wrong.
	t.events[t.events.size() - 2].on_cpu = 0;
	Report bad = audit(h, t, o);
	EXPECT_TRUE(has(bad, "PLACEMENT-CALLBACK-AP-OFF-TARGET", "drv:x", 3)) << problems(bad);
}

// ---- SYMMETRY ----

// drv:b without a teardown: every teardown record of it removed.
Trace without_b_teardowns(const HpsmModel &h)
{
	Trace t = h.trace();
	for (long i; (i = [&] {
		             auto b = t.symbols.find("drv:b");
		             for (size_t k = 0; k < t.events.size(); ++k)
			             if (t.events[k].sym == *b && t.events[k].kind == Kind::HpsmEnter &&
			                 t.events[k].target == static_cast<int32_t>(HpsmDir::down))
				             return static_cast<long>(k);
		             return -1L;
	             }()) >= 0;)
		erase(t, i);
	return t;
}

TEST(HpsmCallbacks, UndeclaredOneSidedCallbackFails)
{
	HpsmModel h = cycles();
	Trace t = without_b_teardowns(h);
	Report r = audit(h, t);
	ASSERT_TRUE(has(r, "SYMMETRY-UNDECLARED", "drv:b")) << problems(r);
	const Finding *f = find(r, "SYMMETRY-UNDECLARED");
	EXPECT_EQ(f->severity, Severity::warning);
	EXPECT_NE(f->message.find("startup only"), std::string::npos) << f->message;
	EXPECT_NE(f->message.find("--declare drv:b=REASON"), std::string::npos) << f->message;
	EXPECT_EQ(row(r, "drv:b")->verdict, "undeclared one-sided");
	EXPECT_EQ(exit_code(r), 1);
	EXPECT_EQ(callback_findings(r), 1u) << problems(r);
}

TEST(HpsmCallbacks, DeclaredOneSidedCallbackPassesWithItsReason)
{
	HpsmModel h = cycles();
	Trace t = without_b_teardowns(h);
	// By --declare ...
	AuditOptions o;
	o.declared_asymmetric["drv:b"] = "the buffer outlives the CPU";
	Report r = audit(h, t, o);
	EXPECT_EQ(exit_code(r), 0) << problems(r);
	ASSERT_TRUE(has(r, "SYMMETRY-DECLARED", "drv:b"));
	EXPECT_NE(find(r, "SYMMETRY-DECLARED")->message.find("declared asymmetric: the buffer outlives the CPU"),
	          std::string::npos);
	EXPECT_EQ(row(r, "drv:b")->reason, "the buffer outlives the CPU");
	// ... or by hpsm's own description (HPSM_CB_ASYMMETRIC with its reason).
	AuditOptions d;
	d.hpsm_callbacks = described();
	d.hpsm_callbacks[1].teardown = false;
	d.hpsm_callbacks[1].asymmetric = true;
	d.hpsm_callbacks[1].reason = "kept across offline";
	Report rd = audit(h, t, d);
	EXPECT_EQ(exit_code(rd), 0) << problems(rd);
	EXPECT_EQ(row(rd, "drv:b")->verdict, "declared one-sided");
	// Listed even with no record of it.
	Report none = audit(h, HpsmModel().trace(), d);
	EXPECT_TRUE(has(none, "SYMMETRY-DECLARED", "drv:b")) << problems(none);
}

TEST(HpsmCallbacks, DescriptionDecidesWhatAMissingTeardownIs)
{
	HpsmModel h = cycles();
	Trace t = without_b_teardowns(h);
	// hpsm says it has a teardown: the teardowns were skipped.
	AuditOptions o;
	o.hpsm_callbacks = described();
	Report r = audit(h, t, o);
	EXPECT_TRUE(has(r, "ORDER-CALLBACK-SKIPPED", "drv:b", 1)) << problems(r);
	EXPECT_FALSE(has(r, "SYMMETRY-UNDECLARED", "drv:b"));
	// hpsm says it has none and no declaration: registered one-sided.
	o.hpsm_callbacks[1].teardown = false;
	Report u = audit(h, t, o);
	EXPECT_TRUE(has(u, "SYMMETRY-UNDECLARED", "drv:b")) << problems(u);
	EXPECT_NE(find(u, "SYMMETRY-UNDECLARED")->message.find("registered with startup only"), std::string::npos);
	EXPECT_FALSE(has(u, "ORDER-CALLBACK-SKIPPED", "drv:b"));
}

TEST(HpsmCallbacks, OneSidedButNeverCrossedBackIsUnverified)
{
	HpsmModel h;
	h.m.up(1); // startups only, never torn down again
	Report r = audit(h);
	EXPECT_TRUE(has(r, "SYMMETRY-UNVERIFIED", "drv:a")) << problems(r);
	EXPECT_FALSE(find(r, "SYMMETRY-UNDECLARED"));
}

// ---- --require-declared / --declare on kernel states ----

namespace {

Model rogue()
{
	// A plain cpuhp state of some module with a startup only, as
	// hpsm_sample's rogue_state registers it.
	Model m;
	m.states.insert(m.states.end() - 2, ModelState{27, "mydrv:rogue", "mydrv_rogue_up [mydrv]", ""});
	m.down(1);
	m.up(1);
	m.down(1);
	m.up(1);
	return m;
}

} // namespace

TEST(RequireDeclared, OneSidedStateOfAModuleIsInformationByDefault)
{
	Model m = rogue();
	auto a = audit_text(m.text(), m.states_text());
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_FALSE(find(a.report, "SYMMETRY-UNDECLARED"));
}

TEST(RequireDeclared, ByNamePrefixOrModuleItIsAFinding)
{
	Model m = rogue();
	for (std::string prefix : {"mydrv:", "[mydrv]"}) {
		AuditOptions o;
		o.require_declared = {"other:", prefix};
		auto a = audit_text(m.text(), m.states_text(), o);
		EXPECT_EQ(a.exit, 1) << prefix;
		const Finding *f = find(a.report, "SYMMETRY-UNDECLARED");
		ASSERT_TRUE(f) << prefix << problems(a.report);
		EXPECT_EQ(f->state, 27);
		EXPECT_EQ(f->severity, Severity::warning);
		EXPECT_NE(f->message.find("mydrv:rogue"), std::string::npos) << f->message;
		EXPECT_EQ(a.report.summary.warnings, 1u) << problems(a.report);
		for (const auto &r : a.report.layout) {
			if (r.state == 27) {
				EXPECT_NE(r.reason.find("--require-declared " + prefix), std::string::npos) << r.reason;
			}
		}
	}
	// A prefix that matches nothing changes nothing.
	AuditOptions o;
	o.require_declared = {"hpsm_sample:", "[hpsm_sample]"};
	EXPECT_EQ(audit_text(m.text(), m.states_text(), o).exit, 0);
	// Without names, the module still says it.
	o.require_declared = {"[mydrv]"};
	EXPECT_EQ(audit_text(m.text(), {}, o).exit, 1);
}

TEST(RequireDeclared, DeclareByNameOrSymbolMakesItClean)
{
	Model m = rogue();
	for (std::string key : {"mydrv:rogue", "mydrv_rogue_up [mydrv]"}) {
		AuditOptions o;
		o.require_declared = {"mydrv:"};
		o.declared_asymmetric[key] = "test";
		auto a = audit_text(m.text(), m.states_text(), o);
		EXPECT_EQ(a.exit, 0) << key << problems(a.report);
		const Finding *f = find(a.report, "SYMMETRY-DECLARED");
		ASSERT_TRUE(f) << key;
		EXPECT_NE(f->message.find("declared asymmetric: test"), std::string::npos);
		EXPECT_NE(render_text(a.report).find("declared:    " + key + " is asymmetric: test"),
		          std::string::npos);
	}
}

TEST(RequireDeclared, OnlyCrossingsAfterTheInstallCount)
{
	// hpsm_sample:rogue is registered mid-trace: the offlines before it did
	// not cross it.
	Model m;
	m.states.insert(m.states.end() - 2, ModelState{27, "mydrv:rogue", "mydrv_rogue_up [mydrv]", ""});
	m.down(1);
	m.up(1);
	m.down(2);
	m.up(2);
	m.install_call(1, 27);
	m.install_call(2, 27);
	m.down(1);
	m.up(1);
	m.down(1);
	m.up(1);
	Lines l = Lines::of(m.text());
	for (int k = 0; k < 2; ++k) { // the runs before the install
		long i = l.find({"(mydrv_rogue_up [mydrv])"});
		l.remove(static_cast<size_t>(i) + 1);
		l.remove(static_cast<size_t>(i));
	}
	AuditOptions o;
	o.require_declared = {"mydrv:"};
	auto a = audit_text(l.text(), m.states_text(), o);
	const Finding *f = find(a.report, "SYMMETRY-UNDECLARED");
	ASSERT_TRUE(f) << problems(a.report);
	EXPECT_NE(f->message.find("in 2 runs, crossed 2 times the other way"), std::string::npos) << f->message;
	EXPECT_EQ(a.report.summary.calls, 2u);
	EXPECT_EQ(a.report.summary.errors, 0u) << problems(a.report);
}

TEST(Options, Declarations)
{
	std::string n, r;
	EXPECT_FALSE(parse_declaration("hpsm_sample:rogue=test", n, r));
	EXPECT_EQ(n, "hpsm_sample:rogue");
	EXPECT_EQ(r, "test");
	EXPECT_FALSE(parse_declaration("a=b=c", n, r));
	EXPECT_EQ(n, "a");
	EXPECT_EQ(r, "b=c");
	EXPECT_TRUE(parse_declaration("noreason", n, r));
	EXPECT_TRUE(parse_declaration("=reason", n, r));
	EXPECT_TRUE(parse_declaration("name=", n, r));
}

// ---- 6.1's boot CPU ----

TEST(Calls, BootCpuInstallCallWithTargetZeroIsACall)
{
	// On 6.1 the boot CPU's st->target is 0, so cpuhp_setup_state()'s call
	// on cpu0 reads "target: 0" although cpu0 stays online (seen in the test
	// box).  It is an install call, not a teardown nor a transition.
	Model m;
	m.states.insert(m.states.end() - 2, ModelState{27, "late:online", "late_on", ""});
	m.down(1);
	m.up(1);
	m.install_call(0, 27);
	m.install_call(1, 27);
	m.down(1);
	m.up(1);
	Lines all = Lines::of(m.text());
	// late:online was installed by the calls: its run in the first online goes.
	long first = all.find({"cpu: 0001", "(late_on)"});
	ASSERT_GE(first, 0);
	all.remove(static_cast<size_t>(first) + 1);
	all.remove(static_cast<size_t>(first));
	long boot = all.find({"cpu: 0000", "(late_on)"});
	ASSERT_GE(boot, 0);
	all.replace(static_cast<size_t>(boot), "target:  30", "target:   0");
	AuditOptions o;
	o.final_online = {{0, true}, {1, true}};
	auto a = audit_text(all.text(), m.states_text(), o);
	EXPECT_EQ(a.exit, 0) << problems(a.report);
	EXPECT_EQ(a.report.summary.calls, 2u);
	for (const auto &r : a.report.layout)
		if (r.state == 27) {
			EXPECT_EQ(r.teardowns, 0u);
			EXPECT_TRUE(r.teardown_symbols.empty());
		}
}

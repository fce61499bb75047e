// The codec on every message of states, trace, stats, watch, inject, reset
// and config: replies built as module/kernel/netlink.c builds them (nests,
// u64 with PAD) round-trip through the parsers, malformed ones are rejected,
// and requests carry exactly the attributes and types the kernel's policy
// accepts.
#include <cerrno>
#include <cstring>
#include <map>

#include <gtest/gtest.h>
#include <uapi/hpsm.h>

#include "errors.h"
#include "messages.h"

namespace hpsmctl {
namespace {

using namespace test;


// ---- replies ---------------------------------------------------------------

const nl::CallbackRecord callbacks[] = {
    {0, "sample:buffers", HPSM_SEC_PREP_DATA, -10, 0, std::nullopt, true, true},
    {5, "sample:enable", HPSM_SEC_ENABLE, 100, 0x1, "the bit is cleared lazily by the next user", true, false},
    {63, "x", HPSM_SEC_INIT_HW, 0, 0x1, "teardown only", false, true},
};

const nl::KernelStateRecord kernel_states[] = {
    {1, "smpboot_create_threads", std::nullopt},
    {44, "perf_event_init_cpu", "perf_event_exit_cpu"},
    {230, std::nullopt, "takedown_cpu"},
};

TEST(States, CallbackRoundTrip)
{
	for (const nl::CallbackRecord &c : callbacks) {
		nl::MsgPtr m = state_reply(c);
		EXPECT_EQ(nl::parse_state(hdr(m)), nl::StateRecord(c)) << c.name;
	}
}

TEST(States, KernelStateRoundTrip)
{
	for (const nl::KernelStateRecord &k : kernel_states) {
		nl::MsgPtr m = state_reply(k);
		EXPECT_EQ(nl::parse_state(hdr(m)), nl::StateRecord(k)) << k.state;
	}
}

TEST(States, NeedsExactlyOneNest)
{
	nl::MsgPtr none = reply(HPSM_CMD_GET_STATES);
	expect_rejected([&] { nl::parse_state(hdr(none)); }, "exactly one of the attributes cb and kstate");

	nl::MsgPtr both = state_reply(callbacks[0]);
	nlattr *n = nla_nest_start(both.get(), HPSM_A_KSTATE);
	nla_put_u32(both.get(), HPSM_KS_A_STATE, 3);
	nla_nest_end(both.get(), n);
	expect_rejected([&] { nl::parse_state(hdr(both)); }, "exactly one of the attributes cb and kstate");
}

TEST(States, MalformedNestsAreRejected)
{
	nl::MsgPtr no_name = reply(HPSM_CMD_GET_STATES);
	nlattr *n = nla_nest_start(no_name.get(), HPSM_A_CB);
	nla_put_u32(no_name.get(), HPSM_CB_A_ID, 1);
	nla_put_u32(no_name.get(), HPSM_CB_A_SECTION, HPSM_SEC_PREP_HW);
	nla_put_s32(no_name.get(), HPSM_CB_A_ORDER, 0);
	nla_put_u32(no_name.get(), HPSM_CB_A_FLAGS, 0);
	nla_nest_end(no_name.get(), n);
	expect_rejected([&] { nl::parse_state(hdr(no_name)); }, "GET_STATES reply: cb: missing attribute name");

	nl::MsgPtr order_u8 = reply(HPSM_CMD_GET_STATES);
	n = nla_nest_start(order_u8.get(), HPSM_A_CB);
	nla_put_u32(order_u8.get(), HPSM_CB_A_ID, 1);
	nla_put_string(order_u8.get(), HPSM_CB_A_NAME, "a");
	nla_put_u8(order_u8.get(), HPSM_CB_A_ORDER, 1);
	nla_nest_end(order_u8.get(), n);
	expect_rejected([&] { nl::parse_state(hdr(order_u8)); }, "cb: attribute order: length 1, expected s32");

	nl::MsgPtr sym_unterminated = reply(HPSM_CMD_GET_STATES);
	n = nla_nest_start(sym_unterminated.get(), HPSM_A_KSTATE);
	nla_put_u32(sym_unterminated.get(), HPSM_KS_A_STATE, 3);
	nla_put(sym_unterminated.get(), HPSM_KS_A_STARTUP_SYM, 3, "abc");
	nla_nest_end(sym_unterminated.get(), n);
	expect_rejected([&] { nl::parse_state(hdr(sym_unterminated)); },
	                "kstate: attribute startup_sym: length 3, expected a NUL-terminated string");

	// A u32 where the nest should be does not parse as attributes.
	nl::MsgPtr not_nested = reply(HPSM_CMD_GET_STATES);
	nla_put_u32(not_nested.get(), HPSM_A_KSTATE, 7);
	expect_rejected([&] { nl::parse_state(hdr(not_nested)); }, "GET_STATES reply: kstate");
}

const nl::EventRecord events[] = {
    // kernel enter (target) and exit (state, ret), bring-up
    {100, 5000000001, 2, 0, HPSM_SRC_KERNEL, 1, HPSM_PHASE_ENTER, HPSM_DIR_UP, std::nullopt, 233, std::nullopt},
    {101, 5000098001, 2, 0, HPSM_SRC_KERNEL, 1, HPSM_PHASE_EXIT, HPSM_DIR_UP, 0, std::nullopt, 1},
    // multi-instance teardown failing
    {102, 6000000000, 3, 3, HPSM_SRC_KERNEL_MULTI, 150, HPSM_PHASE_EXIT, HPSM_DIR_DOWN, -16, std::nullopt, 149},
    // an hpsm callback and a checkpoint
    {103, 6000000100, 3, 1, HPSM_SRC_CALLBACK, 5, HPSM_PHASE_ENTER, HPSM_DIR_ROLLBACK_DOWN, std::nullopt,
     std::nullopt, std::nullopt},
    {104, 6000000200, 3, 1, HPSM_SRC_CALLBACK, 5, HPSM_PHASE_EXIT, HPSM_DIR_ROLLBACK_DOWN, -5, std::nullopt,
     std::nullopt},
    {~uint64_t{0} - 1, ~uint64_t{0}, 4095, 4095, HPSM_SRC_SYNC, HPSM_SEC_SYNC_DOWN, HPSM_PHASE_ENTER,
     HPSM_DIR_ROLLBACK_UP, std::nullopt, std::nullopt, std::nullopt},
};

const nl::RingRecord rings[] = {{0, 4100, 4}, {1, 0, 0}, {3, ~uint64_t{0}, 1ull << 40}};

TEST(Events, RoundTripWithAndWithoutPad)
{
	for (bool align64 : {false, true}) {
		nl::EventBatch first{{std::begin(events), std::end(events)}, std::nullopt, {}};
		nl::MsgPtr m = events_reply(first, align64);
		EXPECT_EQ(nl::parse_events(hdr(m)), first) << "align64 " << align64;

		nl::EventBatch tail{{}, 105, {std::begin(rings), std::end(rings)}};
		nl::MsgPtr t = events_reply(tail, align64);
		EXPECT_EQ(nl::parse_events(hdr(t)), tail) << "align64 " << align64;

		// Events and the tail in one message, as a short dump sends them.
		nl::EventBatch all{{events[0], events[1]}, 102, {rings[0]}};
		nl::MsgPtr a = events_reply(all, align64);
		EXPECT_EQ(nl::parse_events(hdr(a)), all) << "align64 " << align64;
	}
}

// The helper does pad where the kernel would: prove the PAD path is taken.
TEST(Events, AlignedBuildReallyHasPads)
{
	nl::MsgPtr m = events_reply({{events[0]}, std::nullopt, {}}, true);
	nlattr *ev = nlmsg_find_attr(hdr(m), GENL_HDRLEN, HPSM_A_EVENT);
	ASSERT_NE(ev, nullptr);
	int pads = 0;
	nlattr *a;
	int rem;
	nla_for_each_nested(a, ev, rem)
	{
		if (nla_type(a) == HPSM_EV_A_PAD)
			pads++;
		if (nla_type(a) == HPSM_EV_A_SEQ || nla_type(a) == HPSM_EV_A_TS) {
			EXPECT_EQ(reinterpret_cast<uintptr_t>(nla_data(a)) % 8, 0u);
		}
	}
	EXPECT_GT(pads, 0);
}

TEST(Events, MulticastBatchIsTheEventsCommand)
{
	nl::EventBatch b{{events[2], events[3]}, 104, {}};
	nl::MsgPtr m = event_batch_msg(b, true);
	EXPECT_EQ(nl::parse_event_batch(hdr(m)), b);
	expect_rejected([&] { nl::parse_events(hdr(m)); }, "GET_EVENTS reply: carries command 10");
	nl::MsgPtr dump = events_reply(b);
	expect_rejected([&] { nl::parse_event_batch(hdr(dump)); }, "EVENTS reply: carries command 4");
}

TEST(Events, EmptyDumpIsJustTheTail)
{
	nl::EventBatch tail{{}, 0, {{0, 0, 0}}};
	nl::MsgPtr m = events_reply(tail);
	EXPECT_EQ(nl::parse_events(hdr(m)), tail);
}

TEST(Events, MissingMandatoryEventAttributeIsRejected)
{
	struct Case {
		int omit;
		const char *name;
	};
	for (Case c : {Case{HPSM_EV_A_SEQ, "seq"}, Case{HPSM_EV_A_TS, "ts"}, Case{HPSM_EV_A_CPU, "cpu"},
	               Case{HPSM_EV_A_ON_CPU, "on_cpu"}, Case{HPSM_EV_A_KIND, "kind"},
	               Case{HPSM_EV_A_SOURCE, "source"}, Case{HPSM_EV_A_PHASE, "phase"},
	               Case{HPSM_EV_A_DIR, "dir"}}) {
		nl::MsgPtr m = reply(HPSM_CMD_GET_EVENTS);
		nlattr *n = nla_nest_start(m.get(), HPSM_A_EVENT);
		for (int type : {HPSM_EV_A_SEQ, HPSM_EV_A_TS})
			if (type != c.omit)
				nla_put_u64(m.get(), type, 1);
		for (int type : {HPSM_EV_A_CPU, HPSM_EV_A_ON_CPU, HPSM_EV_A_KIND, HPSM_EV_A_SOURCE, HPSM_EV_A_PHASE,
		                 HPSM_EV_A_DIR})
			if (type != c.omit)
				nla_put_u32(m.get(), type, 0);
		nla_nest_end(m.get(), n);
		expect_rejected([&] { nl::parse_events(hdr(m)); },
		                std::string("GET_EVENTS reply: event: missing attribute ") + c.name);
	}
}

TEST(Events, WrongTypesInsideNestsAreRejected)
{
	nl::MsgPtr seq_u32 = reply(HPSM_CMD_GET_EVENTS);
	nlattr *n = nla_nest_start(seq_u32.get(), HPSM_A_EVENT);
	nla_put_u32(seq_u32.get(), HPSM_EV_A_SEQ, 1);
	nla_nest_end(seq_u32.get(), n);
	expect_rejected([&] { nl::parse_events(hdr(seq_u32)); }, "event: attribute seq: length 4, expected u64");

	nl::MsgPtr ret_u64 = events_reply({{events[1]}, std::nullopt, {}});
	n = nla_nest_start(ret_u64.get(), HPSM_A_EVENT);
	nla_put_u64(ret_u64.get(), HPSM_EV_A_RET, 1);
	nla_nest_end(ret_u64.get(), n);
	expect_rejected([&] { nl::parse_events(hdr(ret_u64)); }, "event: attribute ret: length 8, expected s32");

	nl::MsgPtr ring_no_dropped = events_reply({{}, 7, {}});
	n = nla_nest_start(ring_no_dropped.get(), HPSM_A_RING);
	nla_put_u32(ring_no_dropped.get(), HPSM_RING_A_CPU, 0);
	nla_put_u64(ring_no_dropped.get(), HPSM_RING_A_WRITTEN, 0);
	nla_nest_end(ring_no_dropped.get(), n);
	expect_rejected([&] { nl::parse_events(hdr(ring_no_dropped)); }, "ring: missing attribute dropped");

	nl::MsgPtr next_u32 = reply(HPSM_CMD_GET_EVENTS);
	nla_put_u32(next_u32.get(), HPSM_A_EV_NEXT, 7);
	expect_rejected([&] { nl::parse_events(hdr(next_u32)); }, "attribute ev_next: length 4, expected u64");
}

// A nest whose last attribute claims more bytes than the nest holds: libnl
// would stop there silently and hand back a partial record.
TEST(Events, TruncatedNestIsRejected)
{
	nl::MsgPtr m = events_reply({{events[0]}, std::nullopt, {}});
	nlattr *ev = nlmsg_find_attr(hdr(m), GENL_HDRLEN, HPSM_A_EVENT);
	ASSERT_NE(ev, nullptr);
	nlattr *last = nullptr, *a;
	int rem;
	nla_for_each_nested(a, ev, rem)
	{
		last = a;
	}
	ASSERT_NE(last, nullptr);
	last->nla_len += 8; // now runs past the end of the nest
	expect_rejected([&] { nl::parse_events(hdr(m)); }, "event: truncated attribute");

	nl::MsgPtr top = events_reply({{events[0]}, std::nullopt, {}});
	nlmsg_find_attr(hdr(top), GENL_HDRLEN, HPSM_A_EVENT)->nla_len += 64; // past the message
	expect_rejected([&] { nl::parse_events(hdr(top)); }, "GET_EVENTS reply: truncated attribute");
}

TEST(Events, NewerAttributesInsideNestsAreIgnored)
{
	nl::MsgPtr m = reply(HPSM_CMD_GET_EVENTS);
	put_event(m.get(), events[0], false);
	nlattr *ev = nla_nest_start(m.get(), HPSM_A_EVENT);
	nl::EventRecord e = events[1];
	nla_put_u64(m.get(), HPSM_EV_A_SEQ, e.seq);
	nla_put_u64(m.get(), HPSM_EV_A_TS, e.ts_ns);
	nla_put_u32(m.get(), HPSM_EV_A_CPU, e.cpu);
	nla_put_u32(m.get(), HPSM_EV_A_ON_CPU, e.on_cpu);
	nla_put_u32(m.get(), HPSM_EV_A_KIND, e.kind);
	nla_put_u32(m.get(), HPSM_EV_A_SOURCE, e.source);
	nla_put_u32(m.get(), HPSM_EV_A_PHASE, e.phase);
	nla_put_u32(m.get(), HPSM_EV_A_DIR, e.dir);
	nla_put_s32(m.get(), HPSM_EV_A_RET, *e.ret);
	nla_put_s32(m.get(), HPSM_EV_A_STATE, *e.state);
	nla_put_string(m.get(), HPSM_EV_A_MAX + 3, "from a newer module");
	nla_nest_end(m.get(), ev);
	EXPECT_EQ(nl::parse_events(hdr(m)).events, (std::vector<nl::EventRecord>{events[0], events[1]}));
}

const nl::StatRecord stats[] = {
    {HPSM_SRC_KERNEL, 1, HPSM_DIR_UP, 12, 1200000, 95000, 110000, 98304, 106496, 110000,
     {{65536, 98304, 5}, {98304, 131072, 7}}},
    {HPSM_SRC_CALLBACK, 5, HPSM_DIR_ROLLBACK_DOWN, 1, 950, 950, 950, 950, 950, 950, {{512, 1024, 1}}},
    {HPSM_SRC_SYNC, HPSM_SEC_SYNC_UP, HPSM_DIR_DOWN, 0, 0, 0, 0, 0, 0, 0, {}},
};

TEST(Stats, RoundTripWithAndWithoutPad)
{
	for (bool align64 : {false, true})
		for (const nl::StatRecord &s : stats) {
			nl::MsgPtr m = stat_reply(s, align64);
			EXPECT_EQ(nl::parse_stat(hdr(m)), s) << "align64 " << align64;
		}
}

TEST(Stats, MalformedIsRejected)
{
	nl::MsgPtr none = reply(HPSM_CMD_GET_STATS);
	expect_rejected([&] { nl::parse_stat(hdr(none)); }, "GET_STATS reply: missing attribute stat");

	nl::MsgPtr no_p99 = reply(HPSM_CMD_GET_STATS);
	nlattr *n = nla_nest_start(no_p99.get(), HPSM_A_STAT);
	for (int t : {HPSM_ST_A_KIND, HPSM_ST_A_SOURCE, HPSM_ST_A_DIR})
		nla_put_u32(no_p99.get(), t, 0);
	for (int t : {HPSM_ST_A_COUNT, HPSM_ST_A_SUM_NS, HPSM_ST_A_MIN_NS, HPSM_ST_A_MAX_NS, HPSM_ST_A_P50_NS,
	              HPSM_ST_A_P90_NS})
		nla_put_u64(no_p99.get(), t, 0);
	nla_nest_end(no_p99.get(), n);
	expect_rejected([&] { nl::parse_stat(hdr(no_p99)); }, "stat: missing attribute p99");

	nl::MsgPtr m = reply(HPSM_CMD_GET_STATS);
	n = nla_nest_start(m.get(), HPSM_A_STAT);
	for (int t : {HPSM_ST_A_KIND, HPSM_ST_A_SOURCE, HPSM_ST_A_DIR})
		nla_put_u32(m.get(), t, 0);
	for (int t : {HPSM_ST_A_COUNT, HPSM_ST_A_SUM_NS, HPSM_ST_A_MIN_NS, HPSM_ST_A_MAX_NS, HPSM_ST_A_P50_NS,
	              HPSM_ST_A_P90_NS, HPSM_ST_A_P99_NS})
		nla_put_u64(m.get(), t, 0);
	nlattr *b = nla_nest_start(m.get(), HPSM_ST_A_BUCKET);
	nla_put_u64(m.get(), HPSM_BK_A_LOW, 0);
	nla_put_u64(m.get(), HPSM_BK_A_HIGH, 1);
	nla_put_u64(m.get(), HPSM_BK_A_COUNT, 1);
	nla_nest_end(m.get(), b);
	nla_nest_end(m.get(), n);
	expect_rejected([&] { nl::parse_stat(hdr(m)); },
	                "GET_STATS reply: stat: bucket: attribute count: length 8, expected u32");
}

const nl::ConfigRecord config{true, 4096, 4, {233, 229, 229, 226, 219, 89, 109, 182, 222, 223}};

TEST(Config, RoundTrip)
{
	nl::MsgPtr m = config_reply(config);
	EXPECT_EQ(nl::parse_config(hdr(m)), config);
	nl::ConfigRecord off = config;
	off.observe = false;
	nl::MsgPtr o = config_reply(off);
	EXPECT_EQ(nl::parse_config(hdr(o)), off);
}

TEST(Config, MalformedIsRejected)
{
	nl::MsgPtr no_layout = reply(HPSM_CMD_GET_CONFIG);
	nla_put_u8(no_layout.get(), HPSM_A_CFG_OBSERVE, 1);
	nla_put_u32(no_layout.get(), HPSM_A_CFG_RING_SLOTS, 1);
	nla_put_u32(no_layout.get(), HPSM_A_CFG_NR_CPUS, 1);
	expect_rejected([&] { nl::parse_config(hdr(no_layout)); }, "missing attribute cfg_klayout");

	nl::MsgPtr partial = reply(HPSM_CMD_GET_CONFIG);
	nla_put_u8(partial.get(), HPSM_A_CFG_OBSERVE, 1);
	nla_put_u32(partial.get(), HPSM_A_CFG_RING_SLOTS, 1);
	nla_put_u32(partial.get(), HPSM_A_CFG_NR_CPUS, 1);
	nlattr *n = nla_nest_start(partial.get(), HPSM_A_CFG_KLAYOUT);
	nla_put_u32(partial.get(), HPSM_KL_A_ONLINE, 233);
	nla_nest_end(partial.get(), n);
	expect_rejected([&] { nl::parse_config(hdr(partial)); }, "cfg_klayout: missing attribute bringup");

	nl::MsgPtr observe_u32 = reply(HPSM_CMD_GET_CONFIG);
	nla_put_u32(observe_u32.get(), HPSM_A_CFG_OBSERVE, 1);
	expect_rejected([&] { nl::parse_config(hdr(observe_u32)); }, "attribute cfg_observe: length 4, expected u8");
}

// ---- requests --------------------------------------------------------------

struct Attr {
	int len;
	const void *data;
};

// Every top-level attribute of a request, by type; a type twice is a failure.
std::map<int, Attr> request_attrs(const nl::MsgPtr &m)
{
	std::map<int, Attr> out;
	nlattr *a;
	int rem;
	nla_for_each_attr(a, genlmsg_attrdata(genlmsg_hdr(hdr(m)), 0), genlmsg_attrlen(genlmsg_hdr(hdr(m)), 0), rem)
	{
		EXPECT_FALSE(out.contains(nla_type(a))) << "attribute " << nla_type(a) << " twice";
		out[nla_type(a)] = {nla_len(a), nla_data(a)};
	}
	EXPECT_EQ(rem, 0);
	return out;
}

template <typename T> T value(const Attr &a)
{
	EXPECT_EQ(a.len, static_cast<int>(sizeof(T)));
	T v{};
	std::memcpy(&v, a.data, sizeof(T));
	return v;
}

void expect_request(const nl::MsgPtr &m, uint8_t cmd, bool dump)
{
	EXPECT_EQ(hdr(m)->nlmsg_type, fake_family);
	EXPECT_EQ(genlmsg_hdr(hdr(m))->cmd, cmd);
	EXPECT_EQ(genlmsg_hdr(hdr(m))->version, HPSM_GENL_VERSION);
	EXPECT_EQ((hdr(m)->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP, dump);
}

TEST(Requests, EventsFromSinceForAllCpus)
{
	nl::MsgPtr m = nl::events_request(fake_family, 0x1122334455667788, std::nullopt);
	expect_request(m, HPSM_CMD_GET_EVENTS, true);
	auto attrs = request_attrs(m);
	ASSERT_EQ(attrs.size(), 1u); // no PAD: the kernel's policy rejects it
	EXPECT_EQ(value<uint64_t>(attrs.at(HPSM_A_EV_SINCE)), 0x1122334455667788u);
}

TEST(Requests, EventsOfOneCpu)
{
	nl::MsgPtr m = nl::events_request(fake_family, 0, 3);
	auto attrs = request_attrs(m);
	ASSERT_EQ(attrs.size(), 2u);
	EXPECT_EQ(value<uint64_t>(attrs.at(HPSM_A_EV_SINCE)), 0u);
	EXPECT_EQ(value<uint32_t>(attrs.at(HPSM_A_EV_CPU)), 3u);
}

TEST(Requests, ConfigResetAreBareDoRequests)
{
	for (uint8_t cmd : {uint8_t{HPSM_CMD_GET_CONFIG}, uint8_t{HPSM_CMD_RESET}}) {
		nl::MsgPtr m = nl::do_request(fake_family, cmd);
		expect_request(m, cmd, false);
		EXPECT_TRUE(request_attrs(m).empty());
	}
}

TEST(Requests, SetConfigObserve)
{
	for (bool on : {true, false}) {
		nl::MsgPtr m = nl::set_config_request(fake_family, on);
		expect_request(m, HPSM_CMD_SET_CONFIG, false);
		auto attrs = request_attrs(m);
		ASSERT_EQ(attrs.size(), 1u);
		EXPECT_EQ(value<uint8_t>(attrs.at(HPSM_A_CFG_OBSERVE)), on ? 1 : 0); // NLA_U8, max 1
	}
}

TEST(Requests, InjectCallbackEverything)
{
	nl::InjectRequest req{"sample:buffers", std::nullopt, 2, EIO, 3, false};
	nl::MsgPtr m = nl::inject_request(fake_family, req);
	expect_request(m, HPSM_CMD_INJECT, false);
	auto attrs = request_attrs(m);
	ASSERT_EQ(attrs.size(), 4u);
	const Attr &name = attrs.at(HPSM_A_INJ_CALLBACK); // NLA_NUL_STRING
	ASSERT_EQ(name.len, 15);
	EXPECT_EQ(static_cast<const char *>(name.data)[14], '\0');
	EXPECT_STREQ(static_cast<const char *>(name.data), "sample:buffers");
	EXPECT_EQ(value<uint32_t>(attrs.at(HPSM_A_INJ_CPU)), 2u);
	EXPECT_EQ(value<uint32_t>(attrs.at(HPSM_A_INJ_ERRNO)), uint32_t{EIO}); // positive
	EXPECT_EQ(value<uint32_t>(attrs.at(HPSM_A_INJ_COUNT)), 3u);
}

TEST(Requests, InjectSectionWithDefaults)
{
	nl::InjectRequest req{std::nullopt, HPSM_SEC_INIT_HW, std::nullopt, ENOMEM, std::nullopt, false};
	nl::MsgPtr m = nl::inject_request(fake_family, req);
	auto attrs = request_attrs(m);
	ASSERT_EQ(attrs.size(), 2u); // no CPU (any), no count (the kernel's default 1)
	EXPECT_EQ(value<uint32_t>(attrs.at(HPSM_A_INJ_SECTION)), uint32_t{HPSM_SEC_INIT_HW});
	EXPECT_EQ(value<uint32_t>(attrs.at(HPSM_A_INJ_ERRNO)), uint32_t{ENOMEM});
}

TEST(Requests, InjectClearIsTheFlagAlone)
{
	nl::InjectRequest req{"ignored", HPSM_SEC_PREP_HW, 1, EIO, 2, true};
	nl::MsgPtr m = nl::inject_request(fake_family, req);
	expect_request(m, HPSM_CMD_INJECT, false);
	auto attrs = request_attrs(m);
	ASSERT_EQ(attrs.size(), 1u); // the kernel refuses clear with anything else
	EXPECT_EQ(attrs.at(HPSM_A_INJ_CLEAR).len, 0);
}

} // namespace
} // namespace hpsmctl

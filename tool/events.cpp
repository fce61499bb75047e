#include "events.h"

#include <uapi/hpsm.h>

#include "errors.h"
#include "names.h"
#include "nl/client.h"

namespace hpsmctl {

namespace {

constexpr Field event_fields[] = {
    {"type", "", 0, true},
    {"seq", "SEQ", 8},
    {"ts_ns", "TS_NS", 15},
    {"cpu", "CPU", 3},
    {"on_cpu", "ON_CPU", 6},
    {"kind", "KIND", 8},
    {"source", "SOURCE", 6},
    {"phase", "PHASE", 5},
    {"dir", "DIR", 13},
    {"target", "TARGET", 6},
    {"state", "STATE", 5},
    {"ret", "RET", 4},
    {"name", "NAME", 28, false, true},
    {"symbol", "SYMBOL", 0, false, true},
};

constexpr Field summary_fields[] = {
    {"type", "", 0, true},
    {"next", "NEXT"},
    {"events", "EVENTS"},
    {"rings", "RINGS", 0, true},
};

bool is_kernel(uint32_t kind)
{
	return kind == HPSM_SRC_KERNEL || kind == HPSM_SRC_KERNEL_MULTI;
}

} // namespace

// ---- names -------------------------------------------------------------------

void NameTables::add(const nl::StateRecord &r)
{
	if (const auto *c = std::get_if<nl::CallbackRecord>(&r))
		callbacks[c->id] = c->name;
	else
		kernel[std::get<nl::KernelStateRecord>(r).state] = std::get<nl::KernelStateRecord>(r);
}

std::optional<std::string> NameTables::name(uint32_t kind, uint32_t source) const
{
	if (is_kernel(kind)) {
		if (!state_names)
			return std::nullopt;
		auto it = state_names->find(static_cast<int32_t>(source));
		return it != state_names->end() ? std::optional(it->second) : std::nullopt;
	}
	if (kind == HPSM_SRC_CALLBACK) {
		auto it = callbacks.find(source);
		return it != callbacks.end() ? std::optional(it->second) : std::nullopt;
	}
	if (kind == HPSM_SRC_SYNC)
		return section_key(source);
	return std::nullopt;
}

std::optional<std::string> NameTables::symbol(uint32_t kind, uint32_t source, uint32_t dir) const
{
	if (!is_kernel(kind))
		return std::nullopt;
	auto it = kernel.find(source);
	if (it == kernel.end())
		return std::nullopt;
	return dir_runs_startup(dir) ? it->second.startup_sym : it->second.teardown_sym;
}

bool NameTables::names(const nl::EventRecord &e) const
{
	if (is_kernel(e.kind))
		return (!state_names || name(e.kind, e.source)) && symbol(e.kind, e.source, e.dir);
	if (e.kind == HPSM_SRC_CALLBACK)
		return name(e.kind, e.source).has_value();
	return true;
}

NameTables load_names(nl::Client &client)
{
	NameTables t;
	client.dump(HPSM_CMD_GET_STATES, [&](nlmsghdr *nlh) { t.add(nl::parse_state(nlh)); });
	t.state_names = read_state_names();
	return t;
}

const NameTables &Names::for_batch(std::span<const nl::EventRecord> batch)
{
	static const NameTables none;
	auto key = [](const nl::EventRecord &e) { return Key{e.kind, e.source, e.dir}; };

	if (batch.empty())
		return tables_ ? *tables_ : none;
	bool load = !tables_;
	for (size_t i = 0; !load && i < batch.size(); i++)
		load = !tables_->names(batch[i]) && !unnamed_.contains(key(batch[i]));
	if (!load)
		return *tables_;
	tables_ = load_();
	loads_++;
	for (const nl::EventRecord &e : batch)
		if (!tables_->names(e))
			unnamed_.insert(key(e));
	return *tables_;
}

// ---- output ------------------------------------------------------------------

EventPrinter::EventPrinter(const Context &ctx, Layout layout) : p_(ctx.printer(layout, event_fields)) {}

void EventPrinter::print(const nl::EventRecord &e, const NameTables &names)
{
	p_.begin_record();
	p_.print("type", std::string("event"));
	p_.print("seq", e.seq);
	p_.print("ts_ns", e.ts_ns);
	p_.print("cpu", uint64_t{e.cpu});
	p_.print("on_cpu", uint64_t{e.on_cpu});
	p_.print("kind", source_kind_name(e.kind));
	p_.print("source", uint64_t{e.source});
	p_.print("phase", phase_name(e.phase));
	p_.print("dir", dir_name(e.dir));
	p_.print("target", e.target);
	p_.print("state", e.state);
	p_.print("ret", e.ret);
	p_.print("name", names.name(e.kind, e.source));
	p_.print("symbol", names.symbol(e.kind, e.source, e.dir));
	p_.end_record();
}

void EventPrinter::summary(uint64_t next, uint64_t events, std::span<const nl::RingRecord> rings)
{
	if (!p_.json())
		return;
	Json ring_list = Json::array();
	for (const nl::RingRecord &r : rings)
		ring_list.push_back(Json{{"cpu", r.cpu}, {"written", r.written}, {"dropped", r.dropped}});
	p_.next_table(summary_fields);
	p_.begin_record();
	p_.print("type", std::string("summary"));
	p_.print("next", next);
	p_.print("events", events);
	p_.print("rings", JsonValue{std::move(ring_list)});
	p_.end_record();
}

std::string trace_summary_line(uint64_t next, uint64_t events, std::span<const nl::RingRecord> rings)
{
	uint64_t dropped = 0;
	for (const nl::RingRecord &r : rings)
		dropped += r.dropped;
	return "hpsmctl: trace: next=" + std::to_string(next) + " events=" + std::to_string(events) +
	       " dropped=" + std::to_string(dropped);
}

// ---- reading -------------------------------------------------------------------

void EventDumpBuilder::add(nl::EventBatch batch)
{
	if (tail_ && (!batch.events.empty() || batch.next || !batch.rings.empty()))
		throw protocol_error("GET_EVENTS reply: records after the message with ev_next");
	if (!batch.next && !batch.rings.empty())
		throw protocol_error("GET_EVENTS reply: ring counters without ev_next");
	dump_.events.insert(dump_.events.end(), batch.events.begin(), batch.events.end());
	if (batch.next) {
		tail_ = true;
		dump_.next = *batch.next;
		dump_.rings = std::move(batch.rings);
	}
}

EventDump EventDumpBuilder::finish()
{
	if (!tail_)
		throw protocol_error("GET_EVENTS reply: the dump ended without ev_next");
	return std::move(dump_);
}

EventDump read_events(nl::Client &client, uint64_t since, std::optional<uint32_t> cpu)
{
	EventDumpBuilder b;
	client.request(nl::events_request(client.hpsm_family(), since, cpu),
	               [&](nlmsghdr *nlh) { b.add(nl::parse_events(nlh)); });
	return b.finish();
}

void EventCursor::take(const EventDump &dump)
{
	uint64_t expect = next_;
	for (const nl::EventRecord &e : dump.events) {
		if (e.seq < expect)
			throw protocol_error("GET_EVENTS reply: event " + std::to_string(e.seq) +
			                     (e.seq < next_ ? " precedes the read's start " + std::to_string(next_)
			                                    : " is out of order"));
		expect = e.seq + 1;
	}
	if (dump.next < expect)
		throw protocol_error("GET_EVENTS reply: ev_next " + std::to_string(dump.next) + " is before " +
		                     std::to_string(expect));
	next_ = dump.next;
}

TraceTotals run_trace(uint64_t since, bool follow, const Fetch &fetch, const Pause &pause, const Sink &sink)
{
	EventCursor cursor(since);
	TraceTotals totals;
	totals.next = since;
	for (;;) {
		EventDump dump = fetch(cursor.next());
		cursor.take(dump);
		sink(dump.events);
		totals.events += dump.events.size();
		totals.next = cursor.next();
		totals.rings = std::move(dump.rings);
		if (!follow || !pause())
			return totals;
	}
}

} // namespace hpsmctl

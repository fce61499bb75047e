// Recorded events, as `hpsmctl trace` and `hpsmctl watch` read and print
// them: the names an event is shown with, the one output format both
// commands share, and incremental reading from HPSM_A_EV_NEXT.
//
// Text (fixed: the test box parses it with awk): a header line starting with
// "SEQ", then one line per event of 13 whitespace-separated columns
//
//   SEQ TS_NS CPU ON_CPU KIND SOURCE PHASE DIR TARGET STATE RET NAME SYMBOL
//
// seq, ts_ns (integer ns), cpu (the hotplugged one), on_cpu (the one that
// ran the callback), kind (kernel|multi|callback|sync), source (a number:
// state, callback id or section), phase (enter|exit), dir (up|down|
// rollback-down|rollback-up), target, state, ret ("-" when absent: ret on
// enter, target except on kernel enter, state except on kernel exit), name
// (kernel: the state's name in sysfs; callback: its name; sync: sync_up or
// sync_down; "-" when unknown) and symbol (kernel: the startup for up and
// rollback-up, else the teardown, as the observer saw it; "-" otherwise).
// Names and symbols never hold blanks in text ('_' stands for one).
//
// JSON: records {"type":"event","seq":..,"ts_ns":..,"cpu":..,"on_cpu":..,
// "kind":"kernel","source":..,"phase":"enter","dir":"up","target":..,
// "state":..,"ret":..,"name":..,"symbol":..} without the absent members, and
// for a trace a last record {"type":"summary","next":N,"events":M,
// "rings":[{"cpu":0,"written":W,"dropped":D},...]}.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "command.h"
#include "kstates.h"
#include "nl/codec.h"

namespace hpsmctl {

namespace nl {
class Client;
}

// What turns a (kind, source) into names: the kernel's state names (sysfs),
// the callback symbols the observer saw and hpsm's callback names
// (GET_STATES).
struct NameTables {
	std::optional<StateNames> state_names; // nullopt: sysfs was not readable
	std::map<uint32_t, std::string> callbacks;
	std::map<uint32_t, nl::KernelStateRecord> kernel;

	void add(const nl::StateRecord &r);
	std::optional<std::string> name(uint32_t kind, uint32_t source) const;
	std::optional<std::string> symbol(uint32_t kind, uint32_t source, uint32_t dir) const;
	// Whether every name and symbol this event should have is known.
	bool names(const nl::EventRecord &e) const;
};

// GET_STATES and the sysfs states file.
NameTables load_names(nl::Client &client);

// The tables for each batch of events, reloaded when a batch holds an event
// they cannot name: a callback installed or a kernel state first seen since
// the last load.  An event a reload could not name does not cause another.
class Names {
      public:
	using Loader = std::function<NameTables()>;
	explicit Names(Loader load) : load_(std::move(load)) {}

	const NameTables &for_batch(std::span<const nl::EventRecord> batch);
	unsigned loads() const { return loads_; }

      private:
	using Key = std::tuple<uint32_t, uint32_t, uint32_t>; // kind, source, dir
	Loader load_;
	std::optional<NameTables> tables_;
	std::set<Key> unnamed_;
	unsigned loads_ = 0;
};

// The output of trace and watch (see the top of this file).  Layout::table
// for one trace (JSON: one array), Layout::stream for --follow and watch
// (text rows as they come, JSON one object per line).
class EventPrinter {
      public:
	EventPrinter(const Context &ctx, Layout layout);

	void print(const nl::EventRecord &e, const NameTables &names);
	// JSON only: the summary record.  Text says it on stderr instead
	// (trace_summary_line), so that stdout holds only the table.
	void summary(uint64_t next, uint64_t events, std::span<const nl::RingRecord> rings);
	void flush() { p_.flush(); }
	void finish() { p_.finish(); }

      private:
	Printer p_;
};

// "hpsmctl: trace: next=N events=M dropped=D", D summed over the rings.
std::string trace_summary_line(uint64_t next, uint64_t events, std::span<const nl::RingRecord> rings);

// One complete GET_EVENTS dump.
struct EventDump {
	std::vector<nl::EventRecord> events;
	uint64_t next = 0;
	std::vector<nl::RingRecord> rings;
};

// Collects the messages of one dump; the tail (next and rings) must come
// last and once.
class EventDumpBuilder {
      public:
	void add(nl::EventBatch batch);
	EventDump finish(); // throws protocol_error without a tail

      private:
	EventDump dump_;
	bool tail_ = false;
};

// GET_EVENTS from since (optionally one hotplugged CPU), all of it.
EventDump read_events(nl::Client &client, uint64_t since, std::optional<uint32_t> cpu);

// Where the next incremental read starts.  take() checks a dump read from
// next(): events ascending, none before next(), and a next that covers them;
// anything else would duplicate or skip events, and is a protocol_error.
class EventCursor {
      public:
	explicit EventCursor(uint64_t since) : next_(since) {}
	void take(const EventDump &dump);
	uint64_t next() const { return next_; }

      private:
	uint64_t next_;
};

// The trace loop, apart from the kernel for the tests: fetch a dump from the
// cursor, hand its events to sink, and with follow wait (pause() returns
// false to stop) and go on from NEXT.
struct TraceTotals {
	uint64_t next = 0;
	uint64_t events = 0;
	std::vector<nl::RingRecord> rings; // of the last dump
};
using Fetch = std::function<EventDump(uint64_t since)>;
using Pause = std::function<bool()>;
using Sink = std::function<void(std::span<const nl::EventRecord>)>;
TraceTotals run_trace(uint64_t since, bool follow, const Fetch &fetch, const Pause &pause, const Sink &sink);

} // namespace hpsmctl

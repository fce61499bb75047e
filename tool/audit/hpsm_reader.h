// hpsm's own records as the audit reads them: the netlink dump of the live
// module (hpsmctl's audit builds HpsmRecords from it) and the output of
// `hpsmctl trace --json` (HpsmJsonReader), both mapped onto the engine's
// Event by one builder, so the two inputs cannot drift.
//
// The JSON is what tool/events.cpp prints: one array of
//   {"type":"event","seq":..,"ts_ns":..,"cpu":..,"on_cpu":..,"kind":"kernel",
//    "source":..,"phase":"enter","dir":"up","target":..,"state":..,"ret":..,
//    "name":..,"symbol":..}                       (absent members omitted)
// then {"type":"summary","next":N,"events":M,"rings":[{"cpu":0,"written":W,
// "dropped":D},...]}; or the same records one object per line (NDJSON, as
// `trace --follow --json` writes them).  A record that does not have that
// shape is an input error naming its record number (array) or line (NDJSON):
// nothing is skipped.  Rings that dropped records become the trace's losses
// (COMPLETENESS-LOST); sequence gaps are found by the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/options.h"
#include "audit/states.h"
#include "audit/trace.h"

namespace hpsmctl::audit {

// ---- hpsm's layout (enum hpsm_section of include/uapi/hpsm.h) ----

// "prep_hw" ... "enable" for a section that holds callbacks, else empty.
std::string_view hpsm_section_key(int32_t section);
// The section of a key ("prep_hw"), -1 if it is not one with callbacks.
int32_t hpsm_section_of_key(std::string_view key);
// INIT_HW, SCHED_LOCAL, ENABLE: callbacks run on the hotplugged CPU.
bool hpsm_section_is_ap(int32_t section);
// The section a kernel state carries: by its name ("hpsm:init_hw") or its
// callback symbol ("hpsm_up_INIT_HW [hpsm]"); -1 if it carries none.
int32_t hpsm_section_of_state(std::string_view name, std::string_view symbol);

// ---- records ----

enum class HpsmKind : uint8_t { kernel, multi, callback, sync };
enum class HpsmPhase : uint8_t { enter, exit };

// One record as hpsm recorded it (nl::EventRecord with its names).
struct HpsmRecord {
	uint64_t seq = 0;
	uint64_t ts_ns = 0;
	uint32_t cpu = 0;    // the hotplugged CPU
	uint32_t on_cpu = 0; // the CPU that ran the callback
	HpsmKind kind = HpsmKind::kernel;
	uint32_t source = 0; // kernel state, callback id or section, by kind
	HpsmPhase phase = HpsmPhase::enter;
	HpsmDir dir = HpsmDir::up;
	std::optional<int32_t> target; // kernel enter
	std::optional<int32_t> state;  // kernel exit: the state after the step
	std::optional<int32_t> ret;    // exits
	std::string name;              // kernel: sysfs name; callback: its name; sync: sync_up/sync_down; "" unknown
	std::string symbol;            // kernel: the callback symbol; "" unknown
};

struct HpsmRing {
	uint32_t cpu = 0;
	uint64_t written = 0;
	uint64_t dropped = 0;
};

// Appends records to a Trace.
class HpsmTraceBuilder {
public:
	// format: "netlink" or "hpsm-json".
	HpsmTraceBuilder(Trace &out, std::string_view source, std::string_view format);

	// line: the record's input line (0: none).  Returns what is wrong with a
	// record that cannot be audited (a kernel enter without its target, ...).
	std::optional<std::string> add(const HpsmRecord &r, uint32_t line = 0);
	// The dump's ring counters: every ring that dropped records is a loss.
	// next: where the dump ended; line: the summary's line (0: none).
	void rings(std::span<const HpsmRing> rings, uint64_t next, uint32_t line = 0);

private:
	Trace &out_;
};

// The names the records carried (Trace::state_names) as a states table, for
// a trace audited without a states file; nullopt unless every kernel state
// in the trace has a name.
std::optional<StateTable> states_from_trace_names(const Trace &t);

// ---- `hpsmctl trace --json` ----

class HpsmJsonReader final : public TraceReader {
public:
	std::string_view format() const override { return "hpsm-json"; }
	std::optional<InputError> read(std::istream &in, std::string_view source, Trace &out) const override;
};

std::optional<InputError> read_hpsm_json_file(const std::string &path, Trace &out);
std::optional<InputError> read_hpsm_json_text(std::string_view text, std::string_view source, Trace &out);

// ---- `hpsmctl states --json`: the callbacks' sections, orders and declarations ----

// Reads the "callback" records (the "kernel_state" ones are skipped: the
// trace carries their symbols).  A callback record without its members is
// an input error naming its record number.
std::optional<InputError> read_hpsm_callbacks(std::istream &in, std::string_view source,
                                              std::vector<HpsmCallbackInfo> &out);
std::optional<InputError> read_hpsm_callbacks_file(const std::string &path, std::vector<HpsmCallbackInfo> &out);
std::optional<InputError> read_hpsm_callbacks_text(std::string_view text, std::string_view source,
                                                   std::vector<HpsmCallbackInfo> &out);

} // namespace hpsmctl::audit

#include "audit/hpsm_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <uapi/hpsm.h>

namespace hpsmctl::audit {

namespace {

using nlohmann::json;

// State and CPU numbers beyond these are not a kernel's (as in the ftrace reader).
constexpr int64_t max_state = 65535;
constexpr uint64_t max_cpu = 1u << 20;

struct SectionKey {
	int32_t section;
	std::string_view key;
};

constexpr std::array<SectionKey, 6> callback_sections = {{
    {HPSM_SEC_PREP_HW, "prep_hw"},
    {HPSM_SEC_PREP_DATA, "prep_data"},
    {HPSM_SEC_PREP_THREADS, "prep_threads"},
    {HPSM_SEC_INIT_HW, "init_hw"},
    {HPSM_SEC_SCHED_LOCAL, "sched_local"},
    {HPSM_SEC_ENABLE, "enable"},
}};

std::string lower(std::string_view s)
{
	std::string out(s);
	for (char &c : out)
		c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	return out;
}

} // namespace

std::string_view hpsm_section_key(int32_t section)
{
	for (const auto &s : callback_sections)
		if (s.section == section)
			return s.key;
	return {};
}

int32_t hpsm_section_of_key(std::string_view key)
{
	for (const auto &s : callback_sections)
		if (s.key == key)
			return s.section;
	return -1;
}

bool hpsm_section_is_ap(int32_t section)
{
	return section == HPSM_SEC_INIT_HW || section == HPSM_SEC_SCHED_LOCAL || section == HPSM_SEC_ENABLE;
}

int32_t hpsm_section_of_state(std::string_view name, std::string_view symbol)
{
	if (name.starts_with("hpsm:"))
		if (int32_t s = hpsm_section_of_key(name.substr(5)); s >= 0)
			return s;
	// module/kernel/cpuhp.c's trampolines: hpsm_up_INIT_HW, hpsm_down_INIT_HW.
	constexpr std::string_view tag = " [hpsm]";
	if (!symbol.ends_with(tag))
		return -1;
	symbol.remove_suffix(tag.size());
	for (std::string_view p : {std::string_view("hpsm_up_"), std::string_view("hpsm_down_")})
		if (symbol.starts_with(p))
			return hpsm_section_of_key(lower(symbol.substr(p.size())));
	return -1;
}

// ---- the builder ----

HpsmTraceBuilder::HpsmTraceBuilder(Trace &out, std::string_view source, std::string_view format) : out_(out)
{
	out_.source = std::string(source);
	out_.format = std::string(format);
}

std::optional<std::string> HpsmTraceBuilder::add(const HpsmRecord &r, uint32_t line)
{
	if (r.cpu >= max_cpu || r.on_cpu >= max_cpu)
		return "CPU number out of range";
	Event e{};
	e.seq = r.seq;
	e.ts_ns = r.ts_ns;
	e.cpu = r.cpu;
	e.on_cpu = r.on_cpu;
	e.line = line;
	e.exit_state = -1;
	e.target = -1;
	const bool enter = r.phase == HpsmPhase::enter;
	switch (r.kind) {
	case HpsmKind::kernel:
	case HpsmKind::multi:
		if (r.source > max_state)
			return "kernel state " + std::to_string(r.source) + " out of range";
		e.state = static_cast<int32_t>(r.source);
		if (!r.name.empty())
			out_.state_names.try_emplace(e.state, r.name);
		if (enter) {
			if (!r.target)
				return "a kernel enter without \"target\"";
			if (*r.target < 0 || *r.target > max_state)
				return "\"target\" " + std::to_string(*r.target) + " out of range";
			e.kind = r.kind == HpsmKind::multi ? Kind::KernelMultiEnter : Kind::KernelEnter;
			e.target = *r.target;
			e.sym = r.symbol.empty() ? 0 : out_.symbols.intern(r.symbol);
		} else {
			if (!r.state)
				return "a kernel exit without \"state\"";
			if (!r.ret)
				return "a kernel exit without \"ret\"";
			if (*r.state < 0 || *r.state > max_state)
				return "\"state\" " + std::to_string(*r.state) + " out of range";
			e.kind = Kind::KernelExit;
			e.exit_state = *r.state;
			e.ret = *r.ret;
		}
		break;
	case HpsmKind::callback:
		if (r.source >= HPSM_MAX_CALLBACKS)
			return "callback id " + std::to_string(r.source) + " out of range";
		if (!enter && !r.ret)
			return "a callback exit without \"ret\"";
		e.kind = enter ? Kind::HpsmEnter : Kind::HpsmExit;
		e.state = static_cast<int32_t>(r.source);
		e.target = static_cast<int32_t>(r.dir);
		e.ret = r.ret.value_or(0);
		e.sym = out_.symbols.intern(r.name.empty() ? "callback#" + std::to_string(r.source) : r.name);
		break;
	case HpsmKind::sync:
		if (r.source != HPSM_SEC_SYNC_UP && r.source != HPSM_SEC_SYNC_DOWN)
			return "SYNC record of section " + std::to_string(r.source) + ", not a checkpoint";
		e.kind = Kind::HpsmSync;
		e.state = static_cast<int32_t>(r.source);
		e.target = static_cast<int32_t>(r.dir);
		e.exit_state = enter ? 0 : 1;
		e.sym = out_.symbols.intern(r.source == HPSM_SEC_SYNC_UP ? "sync_up" : "sync_down");
		break;
	}
	out_.events.push_back(e);
	return std::nullopt;
}

void HpsmTraceBuilder::rings(std::span<const HpsmRing> rings, uint64_t next, uint32_t line)
{
	for (const auto &r : rings) {
		if (!r.dropped)
			continue;
		Loss l;
		l.line = line;
		l.cpu = static_cast<int32_t>(r.cpu);
		l.count = r.dropped;
		l.before_seq = next;
		l.note = "hpsm's ring of cpu" + std::to_string(r.cpu) + " overwrote them before they were read; " +
		         std::to_string(r.written) + " written";
		out_.losses.push_back(std::move(l));
	}
}

std::optional<StateTable> states_from_trace_names(const Trace &t)
{
	if (t.state_names.empty())
		return std::nullopt;
	for (const auto &e : t.events)
		if (is_kernel(e.kind) && !t.state_names.contains(e.state))
			return std::nullopt;
	StateTable st;
	st.source = t.source + " (the state names its records carry)";
	for (const auto &[n, name] : t.state_names)
		st.rows.push_back(StateRow{n, name});
	return st;
}

// ---- JSON documents: one array, or one object per line ----

namespace {

// Where a record is, for messages: "record 12" in an array, the line in NDJSON.
struct Place {
	size_t record = 0; // 1-based
	uint32_t line = 0; // NDJSON: 1-based; array: 0
};

using OnRecord = std::function<std::optional<std::string>(const json &, const Place &)>;

uint32_t line_of(std::string_view text, size_t byte)
{
	byte = std::min(byte, text.size());
	return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
}

std::string parse_message(const json::parse_error &e)
{
	std::string m = e.what();
	// "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
	if (auto p = m.find("] "); p != std::string::npos && m.starts_with("[json.exception"))
		m = m.substr(p + 2);
	return m;
}

std::optional<InputError> read_records(std::string_view text, std::string_view source, std::string_view what,
                                       const OnRecord &on_record)
{
	const std::string src(source);
	size_t first = text.find_first_not_of(" \t\r\n");
	if (first == std::string_view::npos)
		return InputError{src, 0, "empty input: expected the JSON of " + std::string(what)};
	if (text[first] == '[') {
		json doc;
		try {
			doc = json::parse(text);
		} catch (const json::parse_error &e) {
			return InputError{src, line_of(text, e.byte ? e.byte - 1 : 0),
			                  "not valid JSON: " + parse_message(e)};
		}
		size_t k = 0;
		for (const auto &rec : doc) {
			Place p{++k, 0};
			if (auto err = on_record(rec, p))
				return InputError{src, 0, "record " + std::to_string(k) + ": " + *err};
		}
		return std::nullopt;
	}
	if (text[first] != '{')
		return InputError{src, line_of(text, first),
		                  "expected a JSON array or one JSON object per line (the JSON of " +
		                      std::string(what) + ")"};
	// NDJSON: every non-blank line one object.
	uint32_t line = 0;
	size_t k = 0;
	for (size_t p = 0; p < text.size();) {
		size_t nl = text.find('\n', p);
		if (nl == std::string_view::npos)
			nl = text.size();
		std::string_view l = text.substr(p, nl - p);
		p = nl + 1;
		++line;
		if (l.find_first_not_of(" \t\r") == std::string_view::npos)
			continue;
		json rec;
		try {
			rec = json::parse(l);
		} catch (const json::parse_error &e) {
			return InputError{src, line, "not valid JSON: " + parse_message(e)};
		}
		if (auto err = on_record(rec, Place{++k, line}))
			return InputError{src, line, *err};
	}
	return std::nullopt;
}

// Typed members, each with a message naming the member when it is wrong.
struct Member {
	const json &obj;
	std::string &err;

	const json *get(const char *key, bool required)
	{
		auto it = obj.find(key);
		if (it == obj.end()) {
			if (required)
				err = "missing \"" + std::string(key) + "\"";
			return nullptr;
		}
		return &*it;
	}
	bool u64(const char *key, uint64_t &out, bool required = true)
	{
		const json *v = get(key, required);
		if (!v)
			return !required;
		if (!v->is_number_unsigned()) {
			err = "\"" + std::string(key) + "\" is not a whole number >= 0";
			return false;
		}
		out = v->get<uint64_t>();
		return true;
	}
	bool u32(const char *key, uint32_t &out, uint64_t max = std::numeric_limits<uint32_t>::max())
	{
		uint64_t v = 0;
		if (!u64(key, v))
			return false;
		if (v > max) {
			err = "\"" + std::string(key) + "\" " + std::to_string(v) + " is out of range";
			return false;
		}
		out = static_cast<uint32_t>(v);
		return true;
	}
	bool i32(const char *key, std::optional<int32_t> &out)
	{
		const json *v = get(key, false);
		if (!v)
			return true;
		if (!v->is_number_integer()) {
			err = "\"" + std::string(key) + "\" is not an integer";
			return false;
		}
		int64_t x = v->is_number_unsigned() ? static_cast<int64_t>(std::min<uint64_t>(
		                                          v->get<uint64_t>(), std::numeric_limits<int64_t>::max()))
		                                    : v->get<int64_t>();
		if (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
			err = "\"" + std::string(key) + "\" " + std::to_string(x) + " is out of range";
			return false;
		}
		out = static_cast<int32_t>(x);
		return true;
	}
	bool str(const char *key, std::string &out, bool required)
	{
		const json *v = get(key, required);
		if (!v)
			return !required;
		if (!v->is_string()) {
			err = "\"" + std::string(key) + "\" is not a string";
			return false;
		}
		out = v->get<std::string>();
		return true;
	}
	bool boolean(const char *key, bool &out)
	{
		const json *v = get(key, true);
		if (!v)
			return false;
		if (!v->is_boolean()) {
			err = "\"" + std::string(key) + "\" is not true or false";
			return false;
		}
		out = v->get<bool>();
		return true;
	}
};

template <size_t N> bool one_of(Member &m, const char *key, const std::array<std::string_view, N> &words, size_t &out)
{
	std::string w;
	if (!m.str(key, w, true))
		return false;
	for (size_t i = 0; i < N; ++i)
		if (words[i] == w) {
			out = i;
			return true;
		}
	m.err = "unknown \"" + std::string(key) + "\" value \"" + w + "\" (not written by this hpsmctl's hpsm)";
	return false;
}

constexpr std::array<std::string_view, 4> kind_words = {"kernel", "multi", "callback", "sync"};
constexpr std::array<std::string_view, 2> phase_words = {"enter", "exit"};
constexpr std::array<std::string_view, 4> dir_words = {"up", "down", "rollback-down", "rollback-up"};

std::optional<std::string> parse_event(const json &j, HpsmRecord &r)
{
	std::string err;
	Member m{j, err};
	size_t kind = 0, phase = 0, dir = 0;
	if (!m.u64("seq", r.seq) || !m.u64("ts_ns", r.ts_ns) || !m.u32("cpu", r.cpu) || !m.u32("on_cpu", r.on_cpu) ||
	    !one_of(m, "kind", kind_words, kind) || !m.u32("source", r.source) ||
	    !one_of(m, "phase", phase_words, phase) || !one_of(m, "dir", dir_words, dir) ||
	    !m.i32("target", r.target) || !m.i32("state", r.state) || !m.i32("ret", r.ret) ||
	    !m.str("name", r.name, false) || !m.str("symbol", r.symbol, false))
		return err;
	r.kind = static_cast<HpsmKind>(kind);
	r.phase = static_cast<HpsmPhase>(phase);
	r.dir = static_cast<HpsmDir>(dir);
	return std::nullopt;
}

std::optional<InputError> read_trace_json(std::string_view text, std::string_view source, Trace &out)
{
	HpsmTraceBuilder b(out, source, "hpsm-json");
	bool summary = false;
	uint64_t events = 0;
	bool ndjson = false;
	auto err = read_records(text, source, "hpsmctl trace --json", [&](const json &j, const Place &p) {
		ndjson = p.line != 0;
		if (!j.is_object())
			return std::optional<std::string>("not a JSON object");
		std::string type;
		std::string e;
		Member m{j, e};
		if (!m.str("type", type, true))
			return std::optional<std::string>(e);
		if (type == "event") {
			if (summary)
				return std::optional<std::string>("an event after the summary record");
			HpsmRecord r;
			if (auto bad = parse_event(j, r))
				return bad;
			++events;
			if (auto bad = b.add(r, p.line))
				return std::optional<std::string>(*bad + " (seq " + std::to_string(r.seq) + ")");
			return std::optional<std::string>();
		}
		if (type != "summary")
			return std::optional<std::string>("unknown record type \"" + type + "\"");
		if (summary)
			return std::optional<std::string>("a second summary record");
		summary = true;
		uint64_t next = 0, count = 0;
		if (!m.u64("next", next) || !m.u64("events", count))
			return std::optional<std::string>(e);
		const json *rings = m.get("rings", true);
		if (!rings)
			return std::optional<std::string>(e);
		if (!rings->is_array())
			return std::optional<std::string>("\"rings\" is not an array");
		std::vector<HpsmRing> rs;
		for (const auto &rj : *rings) {
			if (!rj.is_object())
				return std::optional<std::string>("\"rings\": an element is not an object");
			HpsmRing r;
			Member rm{rj, e};
			if (!rm.u32("cpu", r.cpu) || !rm.u64("written", r.written) || !rm.u64("dropped", r.dropped))
				return std::optional<std::string>("\"rings\": " + e);
			rs.push_back(r);
		}
		if (count != events)
			return std::optional<std::string>("the summary counts " + std::to_string(count) +
			                                  " events but the input holds " + std::to_string(events) +
			                                  " (a truncated or concatenated trace)");
		b.rings(rs, next, p.line);
		return std::optional<std::string>();
	});
	if (ndjson)
		out.lines = line_of(text, text.size() ? text.size() - 1 : 0);
	return err;
}

// The whole input, or an error message (a directory, an I/O error).
std::optional<std::string> slurp(std::istream &in, std::string &out)
{
	try {
		out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
	} catch (const std::exception &e) {
		std::string m = e.what();
		auto colon = m.rfind(": ");
		return "read error: " + (colon == std::string::npos ? m : m.substr(colon + 2));
	}
	if (in.bad())
		return std::string("read error");
	return std::nullopt;
}

} // namespace

std::optional<InputError> HpsmJsonReader::read(std::istream &in, std::string_view source, Trace &out) const
{
	std::string text;
	if (auto err = slurp(in, text))
		return InputError{std::string(source), 0, *err};
	return read_trace_json(text, source, out);
}

std::optional<InputError> read_hpsm_json_file(const std::string &path, Trace &out)
{
	return read_trace_file(HpsmJsonReader{}, path, out);
}

std::optional<InputError> read_hpsm_json_text(std::string_view text, std::string_view source, Trace &out)
{
	return read_trace_json(text, source, out);
}

// ---- callbacks ----

namespace {

std::optional<InputError> read_callbacks_text(std::string_view text, std::string_view source,
                                              std::vector<HpsmCallbackInfo> &out)
{
	return read_records(text, source, "hpsmctl states --json", [&](const json &j, const Place &) {
		if (!j.is_object())
			return std::optional<std::string>("not a JSON object");
		std::string e, type;
		Member m{j, e};
		if (!m.str("type", type, true))
			return std::optional<std::string>(e);
		if (type == "kernel_state")
			return std::optional<std::string>();
		if (type != "callback")
			return std::optional<std::string>("unknown record type \"" + type + "\"");
		HpsmCallbackInfo c;
		std::string section, flags;
		std::optional<int32_t> order;
		if (!m.u32("id", c.id, HPSM_MAX_CALLBACKS - 1) || !m.str("name", c.name, true) ||
		    !m.str("section", section, true) || !m.i32("order", order) || !m.boolean("startup", c.startup) ||
		    !m.boolean("teardown", c.teardown) || !m.str("reason", c.reason, false))
			return std::optional<std::string>(e);
		if (!order)
			return std::optional<std::string>("missing \"order\"");
		c.order = *order;
		c.section = hpsm_section_of_key(section);
		if (c.section < 0)
			return std::optional<std::string>("\"section\" \"" + section + "\" holds no callbacks");
		// "flags" is printed as a hex string ("0x1"); a number is fine too.
		const json *f = m.get("flags", true);
		if (!f)
			return std::optional<std::string>(e);
		uint64_t fv = 0;
		if (f->is_number_unsigned()) {
			fv = f->get<uint64_t>();
		} else if (f->is_string() && f->get<std::string>().starts_with("0x")) {
			try {
				size_t used = 0;
				fv = std::stoull(f->get<std::string>().substr(2), &used, 16);
				if (used + 2 != f->get<std::string>().size())
					throw std::invalid_argument("flags");
			} catch (const std::exception &) {
				return std::optional<std::string>("\"flags\" is not a hex number");
			}
		} else {
			return std::optional<std::string>("\"flags\" is not a hex number");
		}
		c.asymmetric = (fv & 1u) != 0; // HPSM_CB_ASYMMETRIC
		out.push_back(std::move(c));
		return std::optional<std::string>();
	});
}

} // namespace

std::optional<InputError> read_hpsm_callbacks(std::istream &in, std::string_view source,
                                              std::vector<HpsmCallbackInfo> &out)
{
	std::string text;
	if (auto err = slurp(in, text))
		return InputError{std::string(source), 0, *err};
	return read_callbacks_text(text, source, out);
}

std::optional<InputError> read_hpsm_callbacks_file(const std::string &path, std::vector<HpsmCallbackInfo> &out)
{
	if (path == "-")
		return read_hpsm_callbacks(std::cin, "<stdin>", out);
	std::ifstream in(path, std::ios::binary);
	if (!in)
		return InputError{path, 0, "cannot open the file"};
	return read_hpsm_callbacks(in, path, out);
}

std::optional<InputError> read_hpsm_callbacks_text(std::string_view text, std::string_view source,
                                                   std::vector<HpsmCallbackInfo> &out)
{
	return read_callbacks_text(text, source, out);
}

} // namespace hpsmctl::audit

#include "audit/ftrace_reader.h"

#include <istream>
#include <limits>
#include <sstream>

namespace hpsmctl::audit {

namespace {

// State and CPU numbers beyond these are not a kernel's: a corrupted digit.
constexpr int64_t max_state = 65535;
constexpr uint64_t max_cpu = 1u << 20;

bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

// A forward cursor over the fields of one event.
struct Cursor {
	std::string_view s;
	size_t i = 0;

	void skip_spaces()
	{
		while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
			++i;
	}
	bool literal(std::string_view lit)
	{
		skip_spaces();
		if (s.substr(i, lit.size()) != lit)
			return false;
		i += lit.size();
		return true;
	}
	bool integer(int64_t &v)
	{
		skip_spaces();
		bool neg = false;
		if (i < s.size() && s[i] == '-') {
			neg = true;
			++i;
		}
		size_t start = i;
		uint64_t n = 0;
		while (i < s.size() && is_digit(s[i])) {
			if (i - start >= 18)
				return false;
			n = n * 10 + static_cast<uint64_t>(s[i] - '0');
			++i;
		}
		if (i == start)
			return false;
		v = neg ? -static_cast<int64_t>(n) : static_cast<int64_t>(n);
		// A number runs to a space or the end of the field.
		return i == s.size() || s[i] == ' ' || s[i] == '\t';
	}
	bool at_end()
	{
		skip_spaces();
		return i == s.size();
	}
};

std::string_view trim(std::string_view s)
{
	while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
		s.remove_suffix(1);
	while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
		s.remove_prefix(1);
	return s;
}

bool parse_u64(std::string_view s, uint64_t &v)
{
	if (s.empty() || s.size() > 19)
		return false;
	v = 0;
	for (char c : s) {
		if (!is_digit(c))
			return false;
		v = v * 10 + static_cast<uint64_t>(c - '0');
	}
	return true;
}

// "SEC.FRAC:" (or a bare counter "N:" with the counter clocks) in ns.
bool parse_timestamp(std::string_view tok, uint64_t &ns)
{
	if (tok.size() < 2 || tok.back() != ':')
		return false;
	tok.remove_suffix(1);
	auto dot = tok.find('.');
	uint64_t sec = 0, frac = 0;
	if (dot == std::string_view::npos)
		return parse_u64(tok, ns);
	auto fs = tok.substr(dot + 1);
	if (!parse_u64(tok.substr(0, dot), sec) || fs.size() > 9 || !parse_u64(fs, frac))
		return false;
	for (size_t k = fs.size(); k < 9; ++k)
		frac *= 10;
	if (sec > std::numeric_limits<uint64_t>::max() / 1000000000ull - 1)
		return false;
	ns = sec * 1000000000ull + frac;
	return true;
}

// "# entries-in-buffer/entries-written: A/B   #P:4"
void parse_header(std::string_view line, FtraceLine &out)
{
	constexpr std::string_view key = "entries-in-buffer/entries-written:";
	auto k = line.find(key);
	if (k == std::string_view::npos)
		return;
	auto rest = trim(line.substr(k + key.size()));
	auto slash = rest.find('/');
	auto end = rest.find_first_of(" \t", slash == std::string_view::npos ? 0 : slash);
	uint64_t a = 0, b = 0;
	if (slash == std::string_view::npos || !parse_u64(rest.substr(0, slash), a) ||
	    !parse_u64(rest.substr(slash + 1, end == std::string_view::npos ? end : end - slash - 1), b)) {
		out.kind = LineKind::error;
		out.error = "malformed entries-in-buffer/entries-written header";
		return;
	}
	out.has_entries = true;
	out.entries_in_buffer = a;
	out.entries_written = b;
}

// "CPU:2 [LOST 123 EVENTS]"
bool parse_lost(std::string_view line, FtraceLine &out)
{
	Cursor c{line};
	int64_t cpu = 0, count = 0;
	if (!c.literal("CPU:"))
		return false;
	// "CPU:2" has no space before the '[', so read the digits by hand.
	size_t start = c.i;
	while (c.i < line.size() && is_digit(line[c.i]))
		++c.i;
	uint64_t ucpu = 0;
	if (!parse_u64(line.substr(start, c.i - start), ucpu))
		return false;
	cpu = static_cast<int64_t>(ucpu);
	if (!c.literal("[LOST") || !c.integer(count) || count < 0 || !c.literal("EVENTS]") || !c.at_end())
		return false;
	out.kind = LineKind::lost;
	out.lost_cpu = static_cast<int32_t>(cpu);
	out.lost_count = static_cast<uint64_t>(count);
	return true;
}

// Where "TASK-PID [CPU] " ends, or npos.  The first '[' that encloses only
// digits, stands between spaces and follows "-PID" (and an optional "(TGID)")
// is the CPU column; TASK is everything before that dash, dashes included.
size_t find_context(std::string_view line, FtraceLine &out)
{
	for (size_t i = line.find('['); i != std::string_view::npos; i = line.find('[', i + 1)) {
		size_t j = i + 1;
		while (j < line.size() && is_digit(line[j]))
			++j;
		if (j == i + 1 || j >= line.size() || line[j] != ']' || j + 1 >= line.size() || line[j + 1] != ' ')
			continue;
		if (i == 0 || line[i - 1] != ' ')
			continue;
		size_t k = i - 1;
		while (k > 0 && line[k] == ' ')
			--k;
		if (line[k] == ')') {
			auto open = line.rfind('(', k);
			if (open == std::string_view::npos || open == 0)
				continue;
			k = open - 1;
			while (k > 0 && line[k] == ' ')
				--k;
		}
		size_t pid_end = k + 1;
		while (k > 0 && is_digit(line[k]))
			--k;
		if (k + 1 == pid_end || line[k] != '-')
			continue;
		uint64_t pid = 0, cpu = 0;
		if (!parse_u64(line.substr(k + 1, pid_end - k - 1), pid) ||
		    !parse_u64(line.substr(i + 1, j - i - 1), cpu))
			continue;
		if (cpu >= max_cpu)
			continue;
		out.task = trim(line.substr(0, k));
		out.pid = static_cast<uint32_t>(pid);
		out.event.on_cpu = static_cast<uint32_t>(cpu);
		return j + 2;
	}
	return std::string_view::npos;
}

FtraceLine bad(std::string msg)
{
	FtraceLine l;
	l.kind = LineKind::error;
	l.error = std::move(msg);
	return l;
}

bool in_state_range(int64_t v)
{
	return v >= 0 && v <= max_state;
}

// The fields after "cpuhp_enter:" / "cpuhp_multi_enter:".
bool parse_enter_fields(std::string_view f, FtraceLine &out, std::string &err)
{
	Cursor c{f};
	int64_t cpu = 0, target = 0, step = 0;
	if (!c.literal("cpu:") || !c.integer(cpu) || cpu < 0 || static_cast<uint64_t>(cpu) >= max_cpu) {
		err = "expected \"cpu: N\"";
		return false;
	}
	if (!c.literal("target:") || !c.integer(target) || !in_state_range(target)) {
		err = "expected \"target: STATE\"";
		return false;
	}
	if (!c.literal("step:") || !c.integer(step) || !in_state_range(step)) {
		err = "expected \"step: STATE\"";
		return false;
	}
	// "(%ps)": a symbol may carry a module tag ("hpsm_up_ENABLE [hpsm]").
	c.skip_spaces();
	if (c.i >= f.size() || f[c.i] != '(' || f.back() != ')' || f.size() - c.i < 3) {
		err = "expected \"(callback)\" at the end";
		return false;
	}
	out.symbol = f.substr(c.i + 1, f.size() - c.i - 2);
	out.event.cpu = static_cast<uint32_t>(cpu);
	out.event.target = static_cast<int32_t>(target);
	out.event.state = static_cast<int32_t>(step);
	return true;
}

// The fields after "cpuhp_exit:".
bool parse_exit_fields(std::string_view f, FtraceLine &out, std::string &err)
{
	Cursor c{f};
	int64_t cpu = 0, state = 0, step = 0, ret = 0;
	if (!c.literal("cpu:") || !c.integer(cpu) || cpu < 0 || static_cast<uint64_t>(cpu) >= max_cpu) {
		err = "expected \"cpu: N\"";
		return false;
	}
	if (!c.literal("state:") || !c.integer(state) || !in_state_range(state)) {
		err = "expected \"state: STATE\"";
		return false;
	}
	if (!c.literal("step:") || !c.integer(step) || !in_state_range(step)) {
		err = "expected \"step: STATE\"";
		return false;
	}
	if (!c.literal("ret:") || !c.integer(ret) || ret < std::numeric_limits<int32_t>::min() ||
	    ret > std::numeric_limits<int32_t>::max()) {
		err = "expected \"ret: N\"";
		return false;
	}
	if (!c.at_end()) {
		err = "unexpected text after \"ret:\"";
		return false;
	}
	out.event.cpu = static_cast<uint32_t>(cpu);
	out.event.exit_state = static_cast<int32_t>(state);
	out.event.state = static_cast<int32_t>(step);
	out.event.ret = static_cast<int32_t>(ret);
	return true;
}

} // namespace

FtraceLine parse_ftrace_line(std::string_view raw)
{
	FtraceLine out;
	auto line = trim(raw);
	if (line.empty()) {
		out.kind = LineKind::blank;
		return out;
	}
	if (line.front() == '#') {
		out.kind = LineKind::comment;
		parse_header(line, out);
		return out;
	}
	if (line.starts_with("CPU:") && line.find("[LOST") != std::string_view::npos) {
		if (!parse_lost(line, out))
			return bad("malformed \"CPU:N [LOST M EVENTS]\" line");
		return out;
	}
	// A line without the "TASK-PID [CPU]" context is not a record (a stack
	// trace line, a tracer's banner) unless it names a cpuhp event.  A line
	// with it is a record and must be whole: a cut-off line may have lost
	// the very "cpuhp_" that would have made it matter.
	bool mentions_cpuhp = line.find("cpuhp_") != std::string_view::npos;
	size_t p = find_context(line, out);
	if (p == std::string_view::npos)
		return mentions_cpuhp ? bad("cpuhp record without a valid \"TASK-PID [CPU]\" prefix") : out;

	Cursor c{line, p};
	c.skip_spaces();
	auto token_end = [&](size_t from) {
		auto e = line.find_first_of(" \t", from);
		return e == std::string_view::npos ? line.size() : e;
	};
	size_t e1 = token_end(c.i);
	uint64_t ts = 0;
	if (!parse_timestamp(line.substr(c.i, e1 - c.i), ts)) {
		// The irq-flags column ("d..2.") comes first when it is on.
		c.i = e1;
		c.skip_spaces();
		size_t e2 = token_end(c.i);
		if (!parse_timestamp(line.substr(c.i, e2 - c.i), ts))
			return bad("record without a valid timestamp");
		e1 = e2;
	}
	c.i = e1;
	c.skip_spaces();
	auto rest = line.substr(c.i);
	auto colon = rest.find(':');
	if (colon == std::string_view::npos || colon == 0)
		return bad("record without an event name");
	auto name = rest.substr(0, colon);
	if (!name.starts_with("cpuhp_"))
		return out;
	auto fields = rest.substr(colon + 1);
	out.event.ts_ns = ts;
	std::string err;
	if (name == "cpuhp_enter" || name == "cpuhp_multi_enter") {
		out.event.kind = name == "cpuhp_enter" ? Kind::KernelEnter : Kind::KernelMultiEnter;
		if (!parse_enter_fields(fields, out, err))
			return bad(std::string(name) + ": " + err);
	} else if (name == "cpuhp_exit") {
		out.event.kind = Kind::KernelExit;
		if (!parse_exit_fields(fields, out, err))
			return bad(std::string(name) + ": " + err);
	} else {
		return bad("unknown cpuhp event \"" + std::string(name) + "\"");
	}
	out.kind = LineKind::event;
	return out;
}

std::optional<InputError> FtraceTextReader::read(std::istream &in, std::string_view source, Trace &out) const
{
	out.source = std::string(source);
	out.format = std::string(format());
	std::string buf;
	uint32_t line_no = 0;
	while (std::getline(in, buf)) {
		++line_no;
		auto l = parse_ftrace_line(buf);
		switch (l.kind) {
		case LineKind::blank:
		case LineKind::other:
			break;
		case LineKind::comment:
			if (l.has_entries && !out.has_entries_header) {
				out.has_entries_header = true;
				out.entries_in_buffer = l.entries_in_buffer;
				out.entries_written = l.entries_written;
				out.entries_line = line_no;
			}
			break;
		case LineKind::lost:
			out.losses.push_back(Loss{line_no, l.lost_cpu, l.lost_count, out.events.size(), {}});
			break;
		case LineKind::error:
			out.lines = line_no;
			return InputError{std::string(source), line_no, l.error};
		case LineKind::event: {
			Event ev = l.event;
			ev.seq = out.events.size();
			ev.line = line_no;
			ev.sym = is_enter(ev.kind) ? out.symbols.intern(l.symbol) : 0;
			out.events.push_back(ev);
			break;
		}
		}
	}
	out.lines = line_no;
	if (in.bad())
		return InputError{std::string(source), line_no, "read error"};
	return std::nullopt;
}

std::optional<InputError> read_ftrace_file(const std::string &path, Trace &out)
{
	return read_trace_file(FtraceTextReader{}, path, out);
}

std::optional<InputError> read_ftrace_text(std::string_view text, std::string_view source, Trace &out)
{
	std::istringstream in{std::string(text)};
	return FtraceTextReader{}.read(in, source, out);
}

} // namespace hpsmctl::audit

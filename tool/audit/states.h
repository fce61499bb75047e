// /sys/devices/system/cpu/hotplug/states: "%3d: %s" per line, the only place
// that names the kernel's state numbers (they move even inside one stable
// series, so nothing here hard-codes them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/trace.h"

namespace hpsmctl::audit {

struct StateRow {
	int32_t number;
	std::string name;
};

struct StateTable {
	std::string source;
	std::vector<StateRow> rows; // ascending by number

	const std::string *name(int32_t number) const;
	std::optional<int32_t> find(std::string_view name) const;
	bool empty() const { return rows.empty(); }
};

std::optional<InputError> read_states(std::istream &in, std::string_view source, StateTable &out);
std::optional<InputError> read_states_file(const std::string &path, StateTable &out);
std::optional<InputError> read_states_text(std::string_view text, std::string_view source, StateTable &out);

} // namespace hpsmctl::audit

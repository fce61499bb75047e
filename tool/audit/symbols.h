// Interned callback symbols: an event carries a 32-bit id instead of a string,
// so parsing a million "(smpboot_park_threads)" costs one hash lookup each and
// the engine compares symbols as integers.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hpsmctl::audit {

class SymbolTable {
public:
	SymbolTable();
	SymbolTable(const SymbolTable &) = delete;
	SymbolTable &operator=(const SymbolTable &) = delete;
	SymbolTable(SymbolTable &&) = default;
	SymbolTable &operator=(SymbolTable &&) = default;

	// The id of s, adding it on first sight.  Id 0 is the empty symbol.
	uint32_t intern(std::string_view s);
	std::optional<uint32_t> find(std::string_view s) const;
	std::string_view name(uint32_t id) const;
	uint32_t size() const { return static_cast<uint32_t>(names_.size()); }

private:
	// A deque never moves its elements, so the map's keys can view them.
	std::deque<std::string> names_;
	std::unordered_map<std::string_view, uint32_t> ids_;
};

} // namespace hpsmctl::audit

#include "audit/symbols.h"

namespace hpsmctl::audit {

SymbolTable::SymbolTable()
{
	names_.emplace_back();
	ids_.emplace(std::string_view(names_.back()), 0);
}

uint32_t SymbolTable::intern(std::string_view s)
{
	if (auto it = ids_.find(s); it != ids_.end())
		return it->second;
	auto id = static_cast<uint32_t>(names_.size());
	names_.emplace_back(s);
	ids_.emplace(std::string_view(names_.back()), id);
	return id;
}

std::optional<uint32_t> SymbolTable::find(std::string_view s) const
{
	if (auto it = ids_.find(s); it != ids_.end())
		return it->second;
	return std::nullopt;
}

std::string_view SymbolTable::name(uint32_t id) const
{
	return id < names_.size() ? std::string_view(names_[id]) : std::string_view();
}

} // namespace hpsmctl::audit

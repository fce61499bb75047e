// The two ways to print a Report, with the same content: text for people
// (summary first, then findings grouped by check with their IDs, then the
// layout table) and JSON for scripts and the test box.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "audit/report.h"

namespace hpsmctl::audit {

std::string render_text(const Report &r);
nlohmann::json report_json(const Report &r);
std::string render_json(const Report &r, int indent = 2);

} // namespace hpsmctl::audit

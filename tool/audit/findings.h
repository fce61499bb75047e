// Collects findings, folding repeats of one defect (same ID, CPU, state,
// direction and hpsm callback) into one finding with a count, so a systematic problem in
// 10 000 cycles reads as one line and not 10 000.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audit/event.h"
#include "audit/report.h"

namespace hpsmctl::audit {

class FindingSink {
public:
	explicit FindingSink(uint32_t max_evidence) : max_evidence_(max_evidence) {}

	// Returns the finding and whether it is new; a new one needs its message.
	std::pair<Finding *, bool> add(Check check, std::string_view id, Severity sev, int64_t cpu = -1,
	                               int32_t state = -1, std::string_view direction = {},
	                               std::string_view callback = {});
	// Adds a record as evidence, up to max_evidence per finding.
	void evidence(Finding &f, const Event &e);
	void evidence_line(Finding &f, uint32_t line, uint64_t seq);

	// Errors, then warnings, then info; first-seen order within each.
	std::vector<Finding> take();

private:
	uint32_t max_evidence_;
	std::vector<Finding> findings_;
	std::unordered_map<std::string, size_t> index_;
};

} // namespace hpsmctl::audit

#include "audit/findings.h"

#include <algorithm>

namespace hpsmctl::audit {

std::pair<Finding *, bool> FindingSink::add(Check check, std::string_view id, Severity sev, int64_t cpu, int32_t state,
                                            std::string_view direction, std::string_view callback)
{
	std::string key(id);
	key += '|';
	key += std::to_string(cpu);
	key += '|';
	key += std::to_string(state);
	key += '|';
	key += direction;
	key += '|';
	key += callback;
	if (auto it = index_.find(key); it != index_.end()) {
		Finding &f = findings_[it->second];
		++f.occurrences;
		return {&f, false};
	}
	index_.emplace(std::move(key), findings_.size());
	Finding f;
	f.check = check;
	f.id = std::string(id);
	f.severity = sev;
	f.cpu = cpu;
	f.state = state;
	f.direction = std::string(direction);
	f.callback = std::string(callback);
	findings_.push_back(std::move(f));
	return {&findings_.back(), true};
}

void FindingSink::evidence_line(Finding &f, uint32_t line, uint64_t seq)
{
	if (f.lines.size() >= max_evidence_)
		return;
	for (size_t k = 0; k < f.seqs.size(); ++k)
		if (f.seqs[k] == seq && f.lines[k] == line)
			return;
	f.lines.push_back(line);
	f.seqs.push_back(seq);
}

void FindingSink::evidence(Finding &f, const Event &e)
{
	evidence_line(f, e.line, e.seq);
}

std::vector<Finding> FindingSink::take()
{
	std::stable_sort(findings_.begin(), findings_.end(),
	                 [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
	index_.clear();
	return std::move(findings_);
}

} // namespace hpsmctl::audit

// SYNC: the control CPU and the hotplugged CPU hand over at cpu:bringup on
// the way up and at cpuhp_kick_ap_work on the way down, and wait for each
// other there.  So every AP record sits inside one of those two on the
// control CPU (the AP's work starts only after all PREP startups completed,
// and on the way down every AP teardown completes before the control CPU
// tears the CPU down and runs the DEAD teardowns), and no control-CPU
// callback runs while they are open.  The one exception is the kernel
// re-kicking the AP after a failed takedown, which has no wrapper.
#include "audit/analysis.h"

namespace hpsmctl::audit::detail {

void sync_on_enter(Walk &w, CpuCtx &c, const Event &e, bool kick, const Open *parent)
{
	if (!w.anchors.can_place())
		return;
	const bool ap = !kick && w.anchors.is_ap(e.state);
	if (ap && !parent && !c.t.takedown_failed && !c.t.implicit_wrapper) {
		auto [f, fresh] =
		    w.sink.add(Check::sync, "SYNC-AP-OUTSIDE", Severity::error, c.cpu, e.state, dir_word(c.ph.dir));
		if (fresh)
			f->message = context_label(c) + ": AP " + std::string(dir_word(c.ph.dir)) + " " +
			             w.label(e.state) + " (" + w.sym(e.sym) + ") ran " +
			             (c.ph.dir == Dir::up ? "before the control CPU entered cpu:bringup, i.e. before "
			                                    "all PREP startups had completed"
			                                  : "outside cpuhp_kick_ap_work, with the control CPU not "
			                                    "waiting for it");
		w.sink.evidence(*f, e);
	} else if (!ap && parent) {
		const Event &pe = w.trace.events[parent->ev];
		auto [f, fresh] =
		    w.sink.add(Check::sync, "SYNC-CONTROL-INSIDE", Severity::error, c.cpu, e.state, dir_word(c.ph.dir));
		if (fresh)
			f->message = context_label(c) + ": control-CPU " + std::string(dir_word(c.ph.dir)) + " " +
			             w.label(e.state) + " (" + w.sym(e.sym) + ") ran while " + w.sym(pe.sym) +
			             " was still waiting for the AP" +
			             (c.ph.dir == Dir::down ? ", before all AP teardowns had completed" : "");
		w.sink.evidence(*f, pe);
		w.sink.evidence(*f, e);
	}
}

} // namespace hpsmctl::audit::detail

// PLACEMENT: the kernel's cpuhp_is_ap_state() decides where a callback runs.
// AP states (above cpu:bringup, except cpu:teardown) run on the hotplugged
// CPU itself, in its cpuhp/N thread; everything else (the PREP states,
// cpu:bringup, cpu:teardown and the cpuhp_kick_ap_work that opens an
// offline) runs on a control CPU, never on the one being hotplugged.  The
// ftrace [CPU] column is where a record was emitted; "cpu:" is the target.
// Installing a PREP state runs its startup directly on the installing CPU,
// which may be the target: those calls are exempt.  And once the AP ran
// sched:active it is a CPU like any other: the control task waiting in
// cpu:bringup may be woken on it, so that wrapper's exit can come from the
// hotplugged CPU (seen on 6.12).  Enters are never exempt.
#include "audit/analysis.h"

namespace hpsmctl::audit::detail {

void placement_check(Walk &w, const Event &rec, int32_t state, bool kick, bool call)
{
	if (!w.anchors.can_place())
		return;
	const bool ap = !kick && w.anchors.is_ap(state);
	if (ap == (rec.on_cpu == rec.cpu) || (!ap && call))
		return;
	if (!ap && rec.kind == Kind::KernelExit && w.anchors.sched_active >= 0 &&
	    rec.exit_state >= w.anchors.sched_active)
		return;
	const char *id = ap ? "PLACEMENT-AP-OFF-TARGET" : "PLACEMENT-CONTROL-ON-TARGET";
	auto [f, fresh] = w.sink.add(Check::placement, id, Severity::error, rec.cpu, state);
	if (fresh) {
		std::string what = kick ? std::string("cpuhp_kick_ap_work")
		                        : w.label(state) + (rec.sym ? " (" + w.sym(rec.sym) + ")" : std::string());
		f->message = "cpu" + std::to_string(rec.cpu) + ": " + (ap ? "AP callback " : "control-CPU callback ") +
		             what + " ran on cpu" + std::to_string(rec.on_cpu) +
		             (ap ? ", not on the hotplugged CPU" : ", the hotplugged CPU itself");
	}
	w.sink.evidence(*f, rec);
}

} // namespace hpsmctl::audit::detail

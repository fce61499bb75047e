/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hpsm client API: install callbacks into hpsm's mirrored hotplug layout.
 *
 * A client module fills a struct hpsm_callback and calls hpsm_install().  The
 * startup runs at once on (AP sections) or on behalf of (PREP sections) every
 * CPU that has already passed the section; if it fails on one CPU the CPUs
 * already done are torn down again and the error is returned, nothing stays
 * installed.  hpsm_install_nocalls() only inserts the callback (for migrating
 * code whose per-CPU state already exists).
 *
 * Ordering: within a section, callbacks run in ascending @order on the way up
 * and in exact reverse on the way down; equal keys keep installation order.
 *
 * Startups may fail (return a negative errno) and must undo their own partial
 * work first.  Teardowns cannot fail.  A callback with only a startup or only a
 * teardown is asymmetric: it must say so with HPSM_CB_ASYMMETRIC and a reason,
 * which the audit prints.
 *
 * Context: process context, may sleep.  Serialised against CPU hotplug.
 *
 * Plain C with no kernel include so that C++ clients can use it.
 */
#ifndef _HPSM_HPSM_H
#define _HPSM_HPSM_H

#include "../uapi/hpsm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* HPSM_NAME_MAX, HPSM_REASON_MAX and HPSM_MAX_CALLBACKS come from the uapi header. */

/* struct hpsm_callback.flags */
#define HPSM_CB_ASYMMETRIC	0x1u	/* only a startup or only a teardown */

struct hpsm_callback {
	const char *name;		/* unique, "subsystem:what" */
	enum hpsm_section section;	/* a PREP or AP section */
	int order;			/* position inside the section */
	int (*startup)(unsigned int cpu, void *priv);
	void (*teardown)(unsigned int cpu, void *priv);
	unsigned int flags;		/* HPSM_CB_* */
	const char *reason;		/* why it is asymmetric */
	void *priv;
};

/* Returns the callback id (>= 0) or a negative errno. */
int hpsm_install(const struct hpsm_callback *cb);
int hpsm_install_nocalls(const struct hpsm_callback *cb);
/* Returns 0 or -ENOENT for an id that is not installed. */
int hpsm_remove(int id);
int hpsm_remove_nocalls(int id);

#ifdef __cplusplus
}
#endif

#endif /* _HPSM_HPSM_H */

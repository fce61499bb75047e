/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the C glue files of hpsm.ko (internal). */
#ifndef HPSM_GLUE_H
#define HPSM_GLUE_H

#include <linux/types.h>

int hpsm_cpuhp_register(void);
void hpsm_cpuhp_unregister(void);
/* The real cpuhp state number carrying @section, or -1. */
int hpsm_cpuhp_state_of(unsigned int section);

int hpsm_observer_init(bool on);
void hpsm_observer_exit(void);
int hpsm_observer_set(bool on);
bool hpsm_observer_on(void);

int hpsm_netlink_register(void);
void hpsm_netlink_unregister(void);
/* Something was recorded: wake the multicast sender (process context). */
void hpsm_netlink_kick(void);

#endif /* HPSM_GLUE_H */

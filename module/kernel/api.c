// SPDX-License-Identifier: GPL-2.0
/*
 * The exported client API (include/hpsm/hpsm.h).  Exports stay in C: Kbuild
 * only checksums C exports.
 */
#include <linux/export.h>

#include "../core/core_api.h"

int hpsm_install(const struct hpsm_callback *cb)
{
	return hpsm_core_install(cb, 1);
}
EXPORT_SYMBOL_GPL(hpsm_install);

int hpsm_install_nocalls(const struct hpsm_callback *cb)
{
	return hpsm_core_install(cb, 0);
}
EXPORT_SYMBOL_GPL(hpsm_install_nocalls);

int hpsm_remove(int id)
{
	return hpsm_core_remove(id, 1);
}
EXPORT_SYMBOL_GPL(hpsm_remove);

int hpsm_remove_nocalls(int id)
{
	return hpsm_core_remove(id, 0);
}
EXPORT_SYMBOL_GPL(hpsm_remove_nocalls);

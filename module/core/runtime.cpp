// SPDX-License-Identifier: GPL-2.0
//
// The C++ runtime the freestanding core needs in the kernel, and nothing more:
// nothrow allocation on the platform allocator (built with -fcheck-new, so
// g++ keeps the null checks after new), every operator delete form the
// compiler may call, and __cxa_pure_virtual.  Kernel build only: userspace
// builds use libstdc++'s.  modpost's "undefined!" is the alarm for any missing
// piece; tests/check-objects.sh fails the build on C++ runtime symbols.
#include "types.h"
#include "platform.h"

namespace std {
const nothrow_t nothrow{};
} // namespace std

void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
	return hpsm_plat_zalloc(size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
	return hpsm_plat_zalloc(size);
}
void operator delete(void *p) noexcept
{
	hpsm_plat_free(p);
}
void operator delete[](void *p) noexcept
{
	hpsm_plat_free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
	hpsm_plat_free(p);
}
void operator delete[](void *p, std::size_t) noexcept
{
	hpsm_plat_free(p);
}

// Declared before defined: objtool wants a prototype.  Not noreturn (a shim
// called from C++ must return to keep objtool's view of the stack simple).
extern "C" void __cxa_pure_virtual(void);
extern "C" void __cxa_pure_virtual(void)
{
	hpsm_plat_invariant_failed("pure virtual call", __FILE__, __LINE__);
}

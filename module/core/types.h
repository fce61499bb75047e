// SPDX-License-Identifier: GPL-2.0
//
// The few basic types and runtime declarations the freestanding core needs.
//
// The kernel build passes -nostdinc, and libstdc++'s own "freestanding"
// headers (<cstddef>, <new>, ...) still include glibc's <features.h>, so in the
// kernel the core includes no standard header at all: the types come from the
// compiler's predefined macros and placement new is declared here.  In
// userspace (unit tests, benchmarks) the real headers are used so that the
// declarations cannot clash with them.
#pragma once

#if __STDC_HOSTED__
#include <cstddef>
#include <cstdint>
#include <new>
#else
namespace std {
using size_t = __SIZE_TYPE__;
struct nothrow_t {
	explicit nothrow_t() = default;
};
extern const nothrow_t nothrow;
} // namespace std
inline void *operator new(std::size_t, void *where) noexcept
{
	return where;
}
inline void *operator new[](std::size_t, void *where) noexcept
{
	return where;
}
void *operator new(std::size_t, const std::nothrow_t &) noexcept;
void *operator new[](std::size_t, const std::nothrow_t &) noexcept;
void operator delete(void *) noexcept;
void operator delete[](void *) noexcept;
void operator delete(void *, std::size_t) noexcept;
void operator delete[](void *, std::size_t) noexcept;
#endif

namespace hpsm {

using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;
using usize = __SIZE_TYPE__;

// Linux errno values (identical in the kernel and in glibc on Linux).
inline constexpr int kENOENT = 2;
inline constexpr int kEAGAIN = 11;
inline constexpr int kENOMEM = 12;
inline constexpr int kEBUSY = 16;
inline constexpr int kEEXIST = 17;
inline constexpr int kEINVAL = 22;
inline constexpr int kENOSPC = 28;
inline constexpr int kENAMETOOLONG = 36;

template <typename T, usize N> constexpr usize array_size(const T (&)[N])
{
	return N;
}

// Bounded string helpers: the core cannot use <cstring>.
inline usize str_len_bounded(const char *s, usize max)
{
	usize n = 0;
	while (n < max && s[n] != '\0')
		n++;
	return n;
}

inline bool str_equal(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

// Copies at most cap-1 characters and always terminates.
inline void str_copy(char *dst, const char *src, usize cap)
{
	usize i = 0;
	for (; i + 1 < cap && src[i] != '\0'; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

} // namespace hpsm

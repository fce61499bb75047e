// SPDX-License-Identifier: GPL-2.0
//
// The unity translation unit of hpsm.ko's C++ core.  One C++ object per
// module: on 6.1 objtool runs per object, and two C++ objects emitting the same
// inline function would give one address two patch-site entries.  The unit
// tests compile the files below one by one.
#include "runtime.cpp"
#include "histogram.cpp"
#include "recorder.cpp"
#include "observer.cpp"
#include "machine.cpp"
#include "core_api.cpp"

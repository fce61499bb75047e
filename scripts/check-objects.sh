#!/usr/bin/env bash
# check-objects.sh DIR
# The C++ objects of a Kbuild tree must not need what the kernel does not
# provide: no global constructors (.init_array/.ctors never run: no
# CONFIG_CONSTRUCTORS in Debian's configs), no unwind tables, no C++ runtime
# or libstdc++ symbol.
set -euo pipefail
dir=$1
status=0
while IFS= read -r -d '' obj; do
	if objdump -h "$obj" | grep -Eq '\.(init_array|ctors|eh_frame|gcc_except_table)'; then
		echo "check-objects: $obj has a constructor or unwind section" >&2
		objdump -h "$obj" | grep -E '\.(init_array|ctors|eh_frame|gcc_except_table)' >&2
		status=1
	fi
	if nm -u "$obj" | grep -E ' (_Z|__cxa_|__gxx_|_Unwind_)' >&2; then
		echo "check-objects: $obj needs C++ runtime symbols the kernel does not have" >&2
		status=1
	fi
done < <(find "$dir/module" -name '*.o' ! -name '*.mod.o' -print0)
exit $status

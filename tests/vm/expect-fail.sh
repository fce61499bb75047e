#!/usr/bin/env bash
# expect-fail.sh COMMAND...: passes only when COMMAND fails with status 1 (a
# judged failure, not a usage error or a crash of the harness).
"$@" > /dev/null 2>&1
status=$?
if [ $status -eq 1 ]; then
	echo "expect-fail: judged FAIL as it must be"
	exit 0
fi
echo "expect-fail: expected a judged failure (1), got $status from: $*" >&2
exit 1

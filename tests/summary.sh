#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/summary.sh          print the grand total of the tally file written by
#                           tests/run-tests.sh as one line
#                           "N passed, N failed, N skipped"; exit 1 if any
#                           test failed or nothing was recorded
# tests/summary.sh --reset  empty the tally (make check does this first)
#
# The tally is LMB_TALLY, default build/test-tally.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TALLY=${LMB_TALLY:-$ROOT/build/test-tally}

case "${1:-}" in
--reset)
	mkdir -p "$(dirname "$TALLY")"
	: >"$TALLY"
	exit 0
	;;
"") ;;
*)
	sed -n '3,10p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac

if [ ! -s "$TALLY" ]; then
	echo "summary: error: no test results in $TALLY: run make check" >&2
	echo "0 passed, 0 failed, 0 skipped"
	exit 1
fi

# Lines are "NAME PASS FAIL SKIP"; NAME may contain spaces.
awk '
NF >= 4 { pass += $(NF - 2); fail += $(NF - 1); skip += $NF; next }
{ bad++ }
END {
	printf "%d passed, %d failed, %d skipped\n", pass, fail + bad, skip
	exit (fail + bad > 0 || pass == 0) ? 1 : 0
}
' "$TALLY"

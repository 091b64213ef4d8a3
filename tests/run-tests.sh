#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/run-tests.sh OBJDIR BINARY
#
# Runs every OBJDIR/tests/test_* binary (kselftest_harness TAP) and every
# tests/*.sh TAP script (given BINARY as $1 and as LMB_BIN), shows their
# output, counts the ok / not ok / skip results of each and appends them to
# the tally file (LMB_TALLY, default build/test-tally) that tests/summary.sh
# adds up.  A test program that crashes, exits abnormally, times out, or
# reports fewer results than its TAP plan counts as failed.
# Exit status: 0 when nothing failed, 1 otherwise, 2 for bad usage.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TALLY=${LMB_TALLY:-$ROOT/build/test-tally}
TIMEOUT=${LMB_TEST_TIMEOUT:-600}

usage()
{
	sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[ $# -eq 2 ] || usage
case "$1" in -h | --help) usage ;; esac
OBJDIR=$1
BIN=$2
[ -x "$BIN" ] || {
	echo "run-tests: error: binary '$BIN' does not exist or is not executable; build it with make first" >&2
	exit 2
}
[ -d "$OBJDIR" ] || {
	echo "run-tests: error: object directory '$OBJDIR' does not exist; build the tests with make tests first" >&2
	exit 2
}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
LOGDIR="$OBJDIR/test-logs"
mkdir -p "$LOGDIR" "$(dirname "$TALLY")"

# tap_counts LOG: "pass fail skip plan" of the top-level TAP lines in LOG.
tap_counts()
{
	awk '
	/^1\.\.[0-9]+/ { plan = substr($1, 4) + 0 }
	/^(not )?ok [0-9]+/ {
		line = tolower($0)
		if (line ~ /#[ \t]*(skip|todo)/)
			skip++
		else if ($1 == "not")
			fail++
		else
			pass++
	}
	END { printf "%d %d %d %d\n", pass, fail, skip, plan }
	' "$1"
}

FAILED=0
COUNT=0

# record NAME STATUS LOG: count the results of one test program.
record()
{
	local name=$1 status=$2 log=$3 pass fail skip plan seen why=""

	read -r pass fail skip plan < <(tap_counts "$log")
	seen=$((pass + fail + skip))
	if [ "$status" -eq 124 ]; then
		why="timed out after ${TIMEOUT}s"
	elif [ "$status" -gt 128 ]; then
		why="killed by signal $((status - 128))"
	elif [ "$status" -ne 0 ] && [ "$status" -ne 4 ] && [ "$fail" -eq 0 ]; then
		# 4 is KSFT_SKIP; other codes must come with a "not ok".
		why="exited with status $status but reported no failed test"
	elif [ "$seen" -eq 0 ]; then
		why="printed no TAP result lines"
	fi
	if [ "$plan" -gt "$seen" ]; then
		why="${why:+$why; }reported $seen of the $plan results its plan announced"
		fail=$((fail + plan - seen))
	elif [ -n "$why" ]; then
		fail=$((fail + 1))
	fi
	[ -n "$why" ] && echo "# FAILED: $name $why (log: $log)"
	echo "# $name: $pass passed, $fail failed, $skip skipped"
	echo "$name $pass $fail $skip" >>"$TALLY"
	[ "$fail" -eq 0 ] || FAILED=1
	COUNT=$((COUNT + 1))
}

# run_one NAME LOGNAME CMD...: run with output shown and kept in
# LOGDIR/LOGNAME.log, then record it.
run_one()
{
	local name=$1 log="$LOGDIR/$2.log" status
	shift 2
	echo "# === $name"
	timeout --kill-after=10 "$TIMEOUT" "$@" </dev/null 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	record "$name" "$status" "$log"
}

for t in "$OBJDIR"/tests/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	case "$t" in *.d | *.o) continue ;; esac
	run_one "$t" "$(basename "$t")" "$t"
done

export LMB_BIN="$BIN"
for s in "$ROOT"/tests/*.sh; do
	[ -f "$s" ] || continue
	case "$(basename "$s")" in run-tests.sh | summary.sh) continue ;; esac
	run_one "tests/$(basename "$s") ($BIN)" "$(basename "$s" .sh)" \
		bash "$s" "$BIN"
done

if [ "$COUNT" -eq 0 ]; then
	echo "# FAILED: no test programs in $OBJDIR/tests and no tests/*.sh: build them with make tests"
	echo "$OBJDIR/tests 0 1 0" >>"$TALLY"
	exit 1
fi
exit "$FAILED"

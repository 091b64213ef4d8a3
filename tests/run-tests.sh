#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/run-tests.sh OBJDIR BINARY
#
# Runs every OBJDIR/tests/test_* binary (kselftest_harness TAP) and every
# tests/*.sh TAP script (given BINARY as $1 and as LMB_BIN, and OBJDIR as
# LMB_OBJDIR, both absolute), shows their output, counts the ok / not ok /
# skip results of each and appends them to the tally file (LMB_TALLY, default
# build/test-tally) that tests/summary.sh adds up.  A test program that
# crashes, exits abnormally, times out (LMB_TEST_TIMEOUT, 600 s), leaves
# processes behind, or reports fewer results than its TAP plan has failed.
# Under CI=true or LMB_STRICT_DEPS=1 a test skipped for want of a command or
# package ("# SKIP missing-command: ..." or "missing-package: ...", see
# tests/tap.bash) counts as failed: a fresh machine gets them from
# scripts/deps.sh, so such a skip means a dependency list is incomplete.
# Exit status: 0 when nothing failed, 1 otherwise, 2 for bad usage.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TALLY=${LMB_TALLY:-$ROOT/build/test-tally}
TIMEOUT=${LMB_TEST_TIMEOUT:-600}

usage()
{
	sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//' >&2
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

STRICT_DEPS=0
if [ "${CI:-}" = true ] || [ "${LMB_STRICT_DEPS:-0}" = 1 ]; then
	STRICT_DEPS=1
fi

# tap_counts LOG: "pass fail skip plan depskip" of the top-level TAP lines in
# LOG; depskip counts the skips for a missing command or package, which are
# failures (not skips) under STRICT_DEPS.
tap_counts()
{
	awk -v strict="$STRICT_DEPS" '
	/^1\.\.[0-9]+/ { plan = substr($1, 4) + 0 }
	/^(not )?ok [0-9]+/ {
		line = tolower($0)
		if (line ~ /#[ \t]*skip[ \t]+missing-(command|package):/) {
			depskip++
			if (strict)
				fail++
			else
				skip++
		} else if (line ~ /#[ \t]*(skip|todo)/)
			skip++
		else if ($1 == "not")
			fail++
		else
			pass++
	}
	END { printf "%d %d %d %d %d\n", pass, fail, skip, plan, depskip }
	' "$1"
}

FAILED=0
COUNT=0
RUN_ID="$$.$(date +%s%N)"

# record NAME STATUS LOG [WHY]: count the results of one test program.
record()
{
	local name=$1 status=$2 log=$3 why=${4:-} pass fail skip plan seen
	local depskip

	read -r pass fail skip plan depskip < <(tap_counts "$log")
	seen=$((pass + fail + skip))
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		why="${why:+$why; }timed out after ${TIMEOUT}s"
	elif [ "$status" -gt 128 ]; then
		why="${why:+$why; }killed by signal $((status - 128))"
	elif [ "$status" -ne 0 ] && [ "$status" -ne 4 ] && [ "$fail" -eq 0 ]; then
		# 4 is KSFT_SKIP; other codes must come with a "not ok".
		why="${why:+$why; }exited with status $status but reported no failed test"
	elif [ "$seen" -eq 0 ]; then
		why="${why:+$why; }printed no TAP result lines"
	fi
	if [ "$plan" -gt "$seen" ]; then
		why="${why:+$why; }reported $seen of the $plan results its plan announced"
		fail=$((fail + plan - seen))
	elif [ -n "$why" ]; then
		fail=$((fail + 1))
	fi
	[ -n "$why" ] && echo "# FAILED: $name $why (log: $log)"
	if [ "$depskip" -gt 0 ] && [ "$STRICT_DEPS" = 1 ]; then
		echo "# FAILED: $name skipped $depskip test(s) for want of a command or package, counted as failed under CI=true / LMB_STRICT_DEPS=1: add the package to scripts/deps/tools.list (log: $log)"
	fi
	echo "# $name: $pass passed, $fail failed, $skip skipped"
	echo "$name $pass $fail $skip" >>"$TALLY"
	[ "$fail" -eq 0 ] || FAILED=1
	COUNT=$((COUNT + 1))
}

# leftovers ID: pids of processes still running from the test tagged ID.
leftovers()
{
	grep -lsxzF "LMB_TEST_RUN_ID=$1" /proc/[0-9]*/environ 2>/dev/null |
		sed -e 's|^/proc/||' -e 's|/environ$||' | tr '\n' ' '
}

# run_one NAME LOGNAME CMD...: run CMD with its output shown as it comes
# and kept in LOGDIR/LOGNAME.log, then record it.  The output goes to a file,
# not a pipe, so a stray child holding it open cannot hang the run; such
# children are found by a tag in their environment, killed, and reported.
run_one()
{
	local name=$1 log="$LOGDIR/$2.log" id="$RUN_ID.$COUNT" pid status
	local left why=""
	shift 2
	echo "# === $name"
	: >"$log"
	LMB_TEST_RUN_ID=$id timeout --kill-after=10 "$TIMEOUT" "$@" \
		</dev/null >"$log" 2>&1 &
	pid=$!
	tail -s 0.2 -n +1 -f --pid="$pid" "$log"
	wait "$pid"
	status=$?
	left=$(leftovers "$id")
	if [ -n "$left" ]; then
		# shellcheck disable=SC2086  # one pid per word
		kill -KILL $left 2>/dev/null
		why="left processes running (pids ${left% }, now killed)"
	fi
	record "$name" "$status" "$log" "$why"
}

for t in "$OBJDIR"/tests/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	case "$t" in *.d | *.o) continue ;; esac
	run_one "$t" "$(basename "$t")" "$t"
done

export LMB_BIN="$BIN"
LMB_OBJDIR=$(cd "$OBJDIR" && pwd)
export LMB_OBJDIR
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

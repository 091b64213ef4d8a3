#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP: the libFuzzer targets of fuzz/ (fuzz/README.md).  Each target first
# runs every input of fuzz/regressions/<target>/ (inputs that once crashed
# or hung it: each must pass now), then fuzzes from its seed corpus
# fuzz/corpus/<target>/ for LMB_FUZZ_SECONDS (default 3) seconds; any crash,
# leak, sanitizer report or timeout fails it, and the input is kept under
# LMB_FUZZ_ARTIFACTS (default build/fuzz/artifacts) with the command to
# replay it.  The targets are built by `make fuzz` (make check builds them
# when clang is installed; without clang each target is skipped, naming the
# Debian package).  Prints executions and coverage (libFuzzer's cov/ft) of
# each run as TAP comments.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ=${LMB_FUZZ_DIR:-$ROOT/build/fuzz}
SECS=${LMB_FUZZ_SECONDS:-3}
ARTIFACTS=${LMB_FUZZ_ARTIFACTS:-$FUZZ/artifacts}
TARGETS="fuzz_csv_read fuzz_events fuzz_units fuzz_midr fuzz_plugin_file"

# ASan's leak check runs at exit; libFuzzer's own -detect_leaks does the same.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

for t in $TARGETS; do
	bin=$FUZZ/$t
	if [ ! -x "$bin" ]; then
		if ! have clang; then
			skip_missing "$t: fuzz target" clang "clang, libclang-rt-14-dev"
		else
			not_ok "$t: $bin is missing; build it with make fuzz"
		fi
		continue
	fi
	regs=("$ROOT"/fuzz/regressions/"$t"/*)
	if [ -e "${regs[0]}" ]; then
		"$bin" -timeout=10 "${regs[@]}" >"$TMP/$t.reg" 2>&1
		rc=$?
		check "$t: ${#regs[@]} regression input(s) of fuzz/regressions/$t pass" [ "$rc" -eq 0 ]
		[ "$rc" -eq 0 ] || tail -20 "$TMP/$t.reg" | sed 's/^/# /'
	fi
	mkdir -p "$TMP/corpus-$t" "$ARTIFACTS"
	nice -n 5 "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -close_fd_mask=2 \
		-artifact_prefix="$ARTIFACTS/$t-" "$TMP/corpus-$t" \
		"$ROOT/fuzz/corpus/$t" >"$TMP/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/$t.log")
	last=$(grep -E '^#[0-9]+' "$TMP/$t.log" | tail -1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	echo "# $t: ${SECS}s, ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}"
	check "$t: ${SECS}s of fuzzing, no crash, leak, sanitizer report or timeout" [ "$rc" -eq 0 ]
	if [ "$rc" -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$TMP/$t.log" | head -10 | sed 's/^/# /'
		echo "# replay: $bin $ARTIFACTS/$t-<crash file>"
	fi
done
finish

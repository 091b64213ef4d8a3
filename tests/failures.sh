#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests: a failure stops only what failed.  A failed verify, a failed
# prepare (ENOMEM) or setup end their group; the run goes on with every
# other group, writes one "# failed:" line per failed group, summarises
# them at the end and exits 1 (LMB_EXIT_FAIL, kselftest's KSFT_FAIL).
# compare shows such a group as FAILED, never as missing or as a number.
# Failures come from the test hook LMB_FAIL_INJECT (benchmarks/fault_inject.h)
# and from a real ENOMEM under an address-space limit (ulimit -v).
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

RUN=(run -s 4M -r 2 --warmup 1 -e none)
storms=$("$BIN" list --names storm)
nr_storms=$(tr , '\n' <<<"$storms" | wc -l)

# rows WORKLOAD MODE FILE: sample rows of that group.
rows() {
	awk -F, -v w="$1" -v m="$2" '!/^#/ && $10 == w && $11 == m && $18 == "sample"' \
		"$3" | wc -l
}

LMB_FAIL_INJECT=verify:fork,prepare:madvise:thp "$BIN" "${RUN[@]}" -w storms \
	-p 4k,thp -o "$TMP/inj.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "injected failures: the run goes on to the end and exits 1 (exit $rc)" \
	test "$rc" -eq 1
check "the file ends 'complete with failures', 3 of $((2 * nr_storms)) groups" \
	grep -q "^# end: complete with failures, .*, 3 of $((2 * nr_storms)) groups failed" "$TMP/inj.csv"
check "one '# failed:' line per failed group, with stage and reason" bash -c '
	grep -c "^# failed: " "$1" | grep -qx 3 &&
	grep -q "^# failed: workload=fork page_mode=4k size_bytes=4194304 threads=1 stage=verify sample=warmup:0 window=0 reason=.*LMB_FAIL_INJECT" "$1" &&
	grep -q "^# failed: workload=fork page_mode=thp .* stage=verify " "$1" &&
	grep -q "^# failed: workload=madvise page_mode=thp .* stage=prepare .*Cannot allocate memory" "$1"' \
	_ "$TMP/inj.csv"
bad=""
for w in $(tr , ' ' <<<"$storms"); do
	for m in 4k thp; do
		case "$w/$m" in fork/* | madvise/thp) continue ;; esac
		[ "$(rows "$w" "$m" "$TMP/inj.csv")" -eq 2 ] || bad="$bad $w/$m"
	done
done
check "every other group has all its samples${bad:+ (not:$bad)}" test -z "$bad"
check "madvise 4k ran although madvise thp failed" \
	test "$(rows madvise 4k "$TMP/inj.csv")" -eq 2
check "stderr sums up the failed groups at the end" bash -c '
	grep -q "3 of [0-9]* groups failed, the others ran:" "$1" &&
	grep -q "^  fork 4k 4M x1: verify (warmup 0): " "$1" &&
	grep -q "^  madvise thp 4M x1: prepare (warmup 0): " "$1"' _ "$TMP/err"
check "the run summary shows them as FAILED" \
	test "$(grep -c ' FAILED at ' "$TMP/out")" -eq 3

# compare: FAILED, never a number or missing.
LMB_FAIL_INJECT="" "$BIN" "${RUN[@]}" -w storms -p 4k,thp -o "$TMP/ok.csv" \
	>/dev/null 2>&1
"$BIN" compare "$TMP/ok.csv" "$TMP/inj.csv" >"$TMP/cmp" 2>"$TMP/cmperr"
rc=$?
check "compare reads a file with failures (exit $rc)" test "$rc" -eq 0
check "compare shows the failed groups as FAILED in the ns_per_page table" bash -c '
	awk "/^ns_per_page/,/^geomean/" "$1" >"$1.t"
	grep -Eq "^fork +4k .* FAILED .*failed in B" "$1.t" &&
	grep -Eq "^fork +thp .* FAILED" "$1.t" &&
	grep -Eq "^madvise +thp .* FAILED" "$1.t" &&
	! grep -Eq "^madvise +4k .* FAILED" "$1.t"' _ "$TMP/cmp"
check "compare warns with each failure's stage and reason" \
	grep -q "B (.*inj.csv): fork 4k 4194304 bytes x1 failed at verify, shown as FAILED: " "$TMP/cmperr"
"$BIN" compare --format csv "$TMP/ok.csv" "$TMP/inj.csv" >"$TMP/cmp.csv" 2>/dev/null
check "compare --format csv: state 'failed' and no number for them" python3 - "$TMP/cmp.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith('#')))
failed = [r for r in rows if r['state'] == 'failed']
assert failed, 'no failed state'
for r in failed:
    assert r['file'] == 'B', r
    assert r['workload'] in ('fork', 'madvise'), r
    assert r['median'] == '' and r['n'] == '', r
assert not any(r['state'] == 'absent' for r in rows), 'a failed group shown as absent'
PY
# A group that failed before writing any row (B side only) is still FAILED.
"$BIN" compare "$TMP/inj.csv" "$TMP/ok.csv" >"$TMP/cmp2" 2>/dev/null
check "a group failed in the base (A) shows FAILED there, not missing" \
	grep -Eq "^madvise +thp .*FAILED" "$TMP/cmp2"

# A real ENOMEM: under an address-space limit the 512 MiB groups cannot be
# mapped (munmap maps in prepare, fork in setup); the 2 MiB ones run.  A
# sanitizer build reserves terabytes of shadow: it cannot start that way.
if ! (ulimit -v 300000 && exec "$BIN" list >/dev/null 2>&1); then
	skip "ENOMEM at 512M: exit 1, the 2M groups measured" \
		"state: this binary does not start under ulimit -v 300000 (a sanitizer build)"
	skip "ENOMEM: munmap failed at prepare, fork at setup" \
		"state: this binary does not start under ulimit -v 300000 (a sanitizer build)"
else
	(
		ulimit -v 300000
		exec "$BIN" run -w munmap,fork --sweep-size 2M,512M -r 2 --warmup 1 \
			-e none -o "$TMP/as.csv"
	) >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "ENOMEM at 512M: exit 1, the 2M groups measured (exit $rc)" bash -c '
		[ "$2" -eq 1 ] &&
		[ "$(grep -c "^# failed: workload=[a-z]* page_mode=4k size_bytes=536870912 .*Cannot allocate memory" "$1")" -eq 2 ] &&
		[ "$(awk -F, "!/^#/ && \$12 == 2097152 && \$18 == \"sample\"" "$1" | wc -l)" -eq 4 ]' \
		_ "$TMP/as.csv" "$rc"
	check "ENOMEM: munmap failed at prepare, fork at setup" bash -c '
		grep -q "^# failed: workload=munmap .* stage=prepare " "$1" &&
		grep -q "^# failed: workload=fork .* stage=setup " "$1"' _ "$TMP/as.csv"
fi

# Workers: a failed round ends that group only.
LMB_FAIL_INJECT=verify:munmap "$BIN" "${RUN[@]}" -w munmap,madvise --threads 2 \
	-o "$TMP/thr.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "2 threads: munmap's failed round recorded, madvise measured (exit $rc)" bash -c '
	[ "$2" -eq 1 ] &&
	grep -q "^# failed: workload=munmap page_mode=4k .* threads=2 stage=round .*window=? " "$1" &&
	[ "$(awk -F, "!/^#/ && \$10 == \"madvise\" && \$18 == \"sample\"" "$1" | wc -l)" -eq 4 ]' \
	_ "$TMP/thr.csv" "$rc"

# Without failures nothing changes: exit 0, no '# failed:' line.
check "no failure: exit 0, 'complete', no '# failed:' line" bash -c '
	grep -q "^# end: complete, " "$1" && ! grep -q "^# failed:" "$1"' _ "$TMP/ok.csv"

finish

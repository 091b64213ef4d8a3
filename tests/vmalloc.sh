#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of `lazymmu-bench vmalloc` (the kernel's test_vmalloc): on this
# host it runs or skips with a reason (exit 4); a saved QEMU console log
# (tests/data/vmalloc, a real boot of an arm64 kernel with
# CONFIG_TEST_VMALLOC=y, 2 kernel threads, 20000 loops) becomes one row per
# test and worker with the log's kernel and parameters as metadata.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
DATA=$(cd "$(dirname "$0")" && pwd)/data/vmalloc
meta() { sed -n "s/^# $2: //p" "$1"; }

"$BIN" vmalloc --runs 1 --loops 1000 --tests fix_size_alloc_test \
	-o "$TMP/host.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 4 ]; then
	check "no test_vmalloc here: skipped with the reason ($(grep -o 'skipped: .\{0,60\}' "$TMP/err"))" \
		grep -q "skipped: " "$TMP/err"
	check "a skip writes no result file" test ! -e "$TMP/host.csv"
else
	check "test_vmalloc ran here (exit $rc)" test "$rc" -eq 0
	check "its rows are there" grep -q "vmalloc.fix_size_alloc_test" "$TMP/host.csv"
fi

"$BIN" vmalloc --tests nope >"$TMP/out" 2>"$TMP/err"
check "unknown test refused (exit 2)" test $? -eq 2 -a -s "$TMP/err"
"$BIN" vmalloc --loops 0 >"$TMP/out" 2>"$TMP/err"
check "zero loops refused (exit 2)" test $? -eq 2
"$BIN" vmalloc --tests list >"$TMP/out" 2>&1
check "--tests list names the 13 tests" test "$(wc -l <"$TMP/out")" -eq 13
"$BIN" vmalloc --from-log "$TMP/missing.log" -o "$TMP/m.csv" >"$TMP/out" 2>"$TMP/err"
check "missing log is a failure (exit 1) with a message" test $? -eq 1 -a -s "$TMP/err"
printf 'nothing to see\n' >"$TMP/empty.log"
"$BIN" vmalloc --from-log "$TMP/empty.log" -o "$TMP/e.csv" >"$TMP/out" 2>"$TMP/err"
check "log without results is a failure" grep -q "no test_vmalloc Summary" "$TMP/err"

"$BIN" vmalloc --from-log "$DATA/qemu-arm64-console.log" -l qemu -o "$TMP/log.csv" \
	>"$TMP/out" 2>"$TMP/err"
check "saved log parsed (exit 0)" test $? -eq 0
check "log: one row per test and worker with the kernel's numbers" python3 - "$TMP/log.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith('#')))
assert len(rows) == 6, len(rows)
got = {(r['workload'], r['worker']): (int(r['ns']), int(r['pages']), r['threads'], r['kernel'])
       for r in rows}
assert got[('vmalloc.fix_size_alloc_test', '0')] == (1130967000, 20000, '2', '7.3.4-nesting'), got
assert got[('vmalloc.long_busy_list_alloc_test', '1')][0] == 22731953000, got
PY
check "log: parameters come from the log's command line" \
	test "$(meta "$TMP/log.csv" vmalloc_nr_threads)/$(meta "$TMP/log.csv" vmalloc_test_loop_count)" = "2/20000"
check "log: summary shows loops/s" grep -q "fix_size_alloc_test" "$TMP/out"

finish

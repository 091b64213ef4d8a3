#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the lazymmu-bench command line: bad input is refused with a
# clear message and exit 2; runs write valid, self-describing CSV files that
# keep every sample when interrupted.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

# csv_ok FILE: every non-comment line has as many fields as the header.
csv_ok() {
	python3 - "$1" <<'PY'
import csv, sys
rows = [r for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith('#'))]
hdr = rows[0]
assert all(len(r) == len(hdr) for r in rows[1:]), "ragged rows"
assert len(rows) > 1, "no rows"
PY
}

# column FILE NAME PHASE WORKLOAD: values of one column for one workload's rows of a phase.
column() {
	python3 - "$@" <<'PY'
import csv, sys
f, name, phase, workload = sys.argv[1:5]
rd = csv.DictReader(l for l in open(f) if not l.startswith('#'))
for r in rd:
    if r['phase'] == phase and r['workload'] == workload:
        print(r[name])
PY
}



expect_usage_error "no command" "usage" 
"$BIN" --help >"$TMP/out" 2>&1; check "--help exits 0 and lists run" grep -q "run" "$TMP/out"
"$BIN" run --help >"$TMP/out" 2>&1; check "run --help lists --size" grep -q -- "--size" "$TMP/out"
expect_usage_error "unknown command" "'frobnicate' is not a command" frobnicate
expect_usage_error "size zero" "'0'" run -s 0
expect_usage_error "negative size" "'-64M'" run -s -64M
expect_usage_error "size junk" "'abc'" run -s abc
expect_usage_error "size not a PMD multiple" "PMD" run -s 3M -o "$TMP/x.csv"
expect_usage_error "size larger than memory" "memory" run -s 100T -o "$TMP/x.csv"
expect_usage_error "unknown workload" "'bogus'" run -w munmap,bogus
expect_usage_error "unknown event" "bogus_event" run -e bogus_event -s 2M -o "$TMP/x.csv"
expect_usage_error "zero repeats" "--repeats" run -r 0
expect_usage_error "bad label" "--label" run --label 'a b#c'
expect_usage_error "unknown option" "--frob" run --frob
expect_usage_error "missing option value" "needs a value" run -s
expect_usage_error "negative layout seed" "--layout-seed '-1'" run --layout-seed -1
expect_usage_error "layout seed junk" "--layout-seed '7x'" run --layout-seed 7x
expect_usage_error "layout seed too large" "between 0 and 1000000000" run --layout-seed 1000000001
LMB_BOOT_ID='two words' expect_usage_error "malformed LMB_BOOT_ID refused" \
	"LMB_BOOT_ID='two words'" run -w munmap -s 2M -r 1 -o "$TMP/stamp-bad.csv"
LMB_BOOT_TIME=2026-12-07 expect_usage_error "malformed LMB_BOOT_TIME refused" \
	"LMB_BOOT_TIME='2026-12-07'" run -w munmap -s 2M -r 1 -o "$TMP/stamp-bad.csv"
check "a refused stamp writes no file" test ! -e "$TMP/stamp-bad.csv"

"$BIN" list >"$TMP/out" 2>&1
"$BIN" list --names storm >"$TMP/storms" 2>&1
IFS=, read -r -a STORMS <"$TMP/storms"
check "list --names storm names at least the five storms" test "${#STORMS[@]}" -ge 5
check "list shows every storm with its flags" bash -c '
	for s in $(tr , " " <"$1"); do
		grep -A2 "^$s " "$2" | grep -q "flags: storm" || exit 1
	done' _ "$TMP/storms" "$TMP/out"
check "list --names lists every entry list shows" test \
	"$("$BIN" list --names)" = "$(grep -oE '^[a-z][a-z0-9-]+' "$TMP/out" | paste -sd,)"
expect_usage_error "list --names with an unknown flag" "not a workload flag" list --names bogus

"$BIN" info >"$TMP/out" 2>&1
check "info reports the kernel release" grep -qF "$(uname -r)" "$TMP/out"

out="$TMP/run.csv"
"$BIN" run -w storms -s 4M -r 3 --warmup 1 \
	--label cli-test -o "$out" >"$TMP/sum" 2>"$TMP/err"
rc=$?
check "small run of every storm (-w storms) exits 0" test "$rc" -eq 0
check "-w storms ran exactly the storms of list --names storm" test \
	"$(grep '^# workloads: ' "$out" | cut -d' ' -f3)" = "$(cat "$TMP/storms")"
check "result file starts with the schema line" \
	grep -qx "# lazymmu-bench results, schema 1" <(head -1 "$out")
check "result file is valid CSV with one row per sample (storms x 4)" \
	bash -c "$(declare -f csv_ok); csv_ok '$out' && [ \$(grep -vc '^#' '$out') -eq $((${#STORMS[@]} * 4 + 1)) ]"
check "result file ends complete" grep -q "^# end: complete" "$out"

# Population happens outside the counted window: a munmap window takes
# (almost) no page faults although every page was faulted in before it.
faults=$(column "$out" ev_page_faults sample munmap | sort -n | tail -1)
if [ -z "$faults" ] && grep -q "^# event: ev_page_faults .*status=unavailable" "$out"; then
	skip "munmap window counts no population faults" \
		"kernel: page-faults cannot be counted here ($(grep -o 'reason=.\{0,60\}' "$out" | head -1))"
else
	check "munmap window counts no population faults (max $faults for 1024 pages)" \
		test -n "$faults" -a "${faults:-9999}" -lt 16
fi

# The fork storm's counters cover the child's teardown, not only the copy:
# task-clock (parent + inherited child) is most of the CPU time the window
# took, parent and reaped child together (getrusage, the rusage_* columns),
# although fork() itself returns before half of it (a teardown left
# uncounted gives < 0.5).  CPU time, not wall time: on a loaded machine the
# window waits for a CPU (task-clock / wall was 0.2-0.45 at load 9 on 2
# CPUs, 0.92 on an idle one); rows without rusage fall back to wall time.
fork_csv="$TMP/fork.csv"
"$BIN" run -w fork -s 16M -r 5 --warmup 1 -e task-clock -o "$fork_csv" >/dev/null 2>"$TMP/err"
if ! grep -q "^# event: ev_task_clock .*status=ok" "$fork_csv" 2>/dev/null; then
	skip "fork counters include the child's teardown" "kernel: task-clock cannot be counted here"
else
	ratio=$(python3 - "$fork_csv" <<'PY'
import csv, statistics, sys
rows = [r for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith('#'))
        if r['phase'] == 'sample']
def cpu(r):
    t = [r['rusage_sys_ns'], r['rusage_user_ns']]
    return sum(int(x) for x in t) if all(x not in ('', '-1') for x in t) and sum(int(x) for x in t) > 0 else int(r['ns'])
print(round(statistics.median(int(r['ev_task_clock']) / cpu(r) for r in rows), 3))
PY
)
	check "fork counters include the child's teardown (task-clock / CPU time = $ratio)" \
		python3 -c "import sys; sys.exit(0 if $ratio >= 0.58 else 1)"
fi

"$BIN" run -w munmap -s 2M -r 1 -o "$out" >/dev/null 2>"$TMP/err"
rc=$?
check "an existing result file is never overwritten" \
	test "$rc" -ne 0 -a "$(grep -c '^# end: complete' "$out")" -eq 1

# Ctrl-C keeps every finished sample and leaves a valid file.
int="$TMP/int.csv"
"$BIN" run -w madvise -s 32M -r 1000000 --warmup 0 -o "$int" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do
	[ "$(grep -vc '^#' "$int" 2>/dev/null || echo 0)" -ge 4 ] && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"
rc=$?
check "interrupted run exits 130" test "$rc" -eq 130
check "interrupted run keeps its samples in a valid file" \
	bash -c "$(declare -f csv_ok); csv_ok '$int' && grep -q '^# end: interrupted' '$int'"

# The level columns end to end: a host stamp, a layout seed, the build id.
lv="$TMP/levels.csv"
LMB_BOOT_ID=host-stamp-1 LMB_BOOT_TIME=2026-12-07T00:01:02Z "$BIN" run -w munmap,mprotect \
	-s 2M -r 3 --warmup 1 -e task-clock,cpu-migrations --layout-seed 42 -o "$lv" \
	>/dev/null 2>"$TMP/err"
check "run with a stamp and --layout-seed completes" grep -q '^# end: complete' "$lv"
ids=$(column "$lv" boot_id sample munmap | sort -u)
times=$(column "$lv" boot_time warmup mprotect | sort -u)
check "boot_id / boot_time from the stamp in every row ($ids, $times)" \
	test "$ids/$times" = "host-stamp-1/2026-12-07T00:01:02Z"
check "metadata says where boot_id came from" grep -qx '# boot_id_source: env' "$lv"
seeds=$(column "$lv" layout_seed sample munmap; column "$lv" layout_seed warmup mprotect)
check "layout_seed 42 in every row ($(sort -u <<<"$seeds" | paste -sd' '))" \
	test "$(sort -u <<<"$seeds")" = 42
check "the allocation is in the metadata" grep -qE '^# layout_bytes: [0-9]+$' "$lv"
want=$(readelf -n "$BIN" 2>/dev/null | sed -n 's/^ *Build ID: //p')
if [ -n "$want" ]; then
	got=$(column "$lv" build_id sample mprotect | sort -u)
	check "build_id is the binary's GNU build-id ($got = $want)" test "$got" = "$want"
	check "metadata suite_build_id too" grep -qx "# suite_build_id: $want" "$lv"
else
	skip_missing "build_id against readelf" readelf binutils
fi
starts=$( (column "$lv" run_start sample munmap; column "$lv" run_start warmup mprotect) | sort -u)
check "run_start: one UTC time with microseconds for the whole run ($starts)" \
	bash -c "[[ '$starts' =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$ ]]"
flags=$(column "$lv" offcpu sample munmap | sort -u | paste -sd' ')
check "offcpu is 0 or 1 with task-clock and migrations measured ($flags)" \
	bash -c "[[ '$flags' =~ ^(0|1|0\ 1)$ ]]"
"$BIN" run -w munmap -s 2M -r 1 --warmup 0 -e page-faults -o "$TMP/nooff.csv" >/dev/null 2>&1
check "offcpu empty without task-clock and migrations" \
	test -z "$(column "$TMP/nooff.csv" offcpu sample munmap)"
check "no --layout-seed: layout_seed empty, no metadata" \
	bash -c "[ -z '$(column "$TMP/nooff.csv" layout_seed sample munmap)' ] && ! grep -q '^# layout_seed' '$TMP/nooff.csv'"
check "without a stamp, boot_id is the kernel's" \
	test "$(column "$TMP/nooff.csv" boot_id sample munmap)" = "$(cat /proc/sys/kernel/random/boot_id)"

finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the scale options of `lazymmu-bench run` (workers, placement,
# sweeps, io_uring batches, mTHP page sizes) and of the promise that system
# settings changed by a run are back after Ctrl-C, a second Ctrl-C, or
# SIGKILL followed by the next run.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
THP=/sys/kernel/mm/transparent_hugepage
# The default settings journal: runs of every checkout coordinate through it.
unset LMB_SETTINGS_JOURNAL
JOURNAL=/run/lazymmu-bench-settings.journal
BG=

cleanup() {
	[ -n "$BG" ] && kill -KILL "$BG" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# rows FILE: the sample rows as "workload threads worker cpu phase thp_kb page_mode"
rows() {
	python3 - "$1" <<'PY'
import csv, sys
rd = csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith('#'))
for r in rd:
    print(r['workload'], r['threads'], r['worker'], r['cpu'], r['phase'],
          r['thp_kb'] or '-', r['page_mode'])
PY
}

meta() { sed -n "s/^# $2: //p" "$1"; }

PUS=$(nproc)
NODES=$(ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l)
RUN=(run -s 2M -r 2 --warmup 1 -e none)

expect_usage_error "more threads than CPUs" "--allow-oversubscribe" \
	"${RUN[@]}" -w munmap --threads $((PUS + 1)) -o "$TMP/x.csv"
expect_usage_error "threads and processes mixed" "cannot be mixed" \
	"${RUN[@]}" --threads 1 --procs 1 -o "$TMP/x.csv"
expect_usage_error "--threads takes one number" "--sweep-threads" \
	"${RUN[@]}" --threads 1,2 -o "$TMP/x.csv"
expect_usage_error "bad placement" "not a policy or a CPU list" \
	"${RUN[@]}" --threads 1 --placement nowhere -o "$TMP/x.csv"
expect_usage_error "placement on a CPU that does not exist" "does not exist" \
	"${RUN[@]}" --threads 1 --placement 4095 -o "$TMP/x.csv"
expect_usage_error "--cpu with workers" "--placement" \
	"${RUN[@]}" --threads 1 --cpu 0 -o "$TMP/x.csv"
expect_usage_error "zero batch" "--uring-batch" \
	"${RUN[@]}" --uring-batch 0 -o "$TMP/x.csv"
if [ "$NODES" -lt 2 ]; then
	expect_usage_error "cross-node on one NUMA node" "2 or more NUMA nodes" \
		"${RUN[@]}" --threads 1 --placement cross-node -o "$TMP/x.csv"
else
	skip "cross-node on one NUMA node" "hardware: this machine has $NODES nodes"
fi
[ -e "$THP/hugepages-64kB/enabled" ] &&
	expect_usage_error "mTHP size the kernel lacks" "mTHP sizes offered here" \
		"${RUN[@]}" -p 48k -o "$TMP/x.csv" ||
	skip "mTHP size the kernel lacks" "kernel: no mTHP on this kernel"

# Bad --chunk and --placement are refused before any file or storm.
expect_usage_error "--chunk not a multiple of the page" "--chunk 3072 bytes" \
	"${RUN[@]}" -s 4M -w munmap,madvise-chunks,madvise --chunk 3K -o "$TMP/chunk.csv"
check "bad --chunk: no file written" [ ! -e "$TMP/chunk.csv" ]
check "bad --chunk: no storm ran" [ ! -s "$TMP/out" ]
expect_usage_error "--chunk that does not divide --size" "divides the region size (4194304 bytes)" \
	"${RUN[@]}" -s 4M -w madvise-chunks --chunk 12K -o "$TMP/chunk2.csv"
expect_usage_error "--placement without workers" "--placement 5 places workers" \
	"${RUN[@]}" -w munmap --placement 5 -o "$TMP/pl.csv"
expect_usage_error "--placement 0 without workers" "--cpu N" \
	"${RUN[@]}" -w munmap --placement 0 -o "$TMP/pl0.csv"
check "--placement without workers: no file written" [ ! -e "$TMP/pl.csv" ]
expect_usage_error "--page-size 64kk" "'64kk' is not known" \
	"${RUN[@]}" -w munmap -p 64kk -o "$TMP/x.csv"
check "--page-size 64kk: one error line" [ "$(grep -c 'error:' "$TMP/err")" -eq 1 ]

# A results folder that cannot be made: its absolute path and the way out.
(cd /proc && "$BIN" "${RUN[@]}" -w munmap >"$TMP/out" 2>"$TMP/err")
rc=$?
folder_refused() {
	[ "$rc" -eq 1 ] &&
		grep -q "results folder /proc/results: .*use --outdir DIR or -o FILE" "$TMP/err"
}
check "results folder that cannot be made (exit $rc): absolute path and hint" folder_refused

# Kernel lazy-MMU stats are system-wide: with 2 workers the columns stay
# empty with the reason; the 1-worker group still counts (the fake file
# does not change: 0).
printf 'enter 5\nflushes 7\n' >"$TMP/lazy"
OVER=$([ "$PUS" -lt 2 ] && echo --allow-oversubscribe)
LMB_LAZY_STATS="$TMP/lazy" "$BIN" run -s 2M -r 2 --warmup 1 -e lazy -w munmap \
	--sweep-threads 1,2 $OVER -o "$TMP/lazy.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "lazy stats with a 1,2 thread sweep runs (exit $rc)" [ "$rc" -eq 0 ]
check "lazy stats: 1 worker counts, 2 workers leave the cells empty" \
	python3 - "$TMP/lazy.csv" <<'PY'
import csv, sys
rd = csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith('#'))
seen = set()
for r in rd:
    for c in ('ev_lazy_enter', 'ev_lazy_flushes'):
        want = '0' if r['threads'] == '1' else ''
        assert r[c] == want, (r['threads'], c, r[c])
    seen.add(r['threads'])
assert seen == {'1', '2'}, seen
PY
check "lazy stats with 2 workers: the warning says why" \
	grep -q "system-wide counts cannot be split per worker; run with 1 worker" "$TMP/err"
LMB_LAZY_STATS="$TMP/lazy" "$BIN" run -s 2M -r 2 --warmup 1 -e lazy -w munmap \
	--threads 2 $OVER -o "$TMP/lazy2.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "lazy stats with --threads 2 (exit $rc): the header gives the reason" \
	grep -q "^# event: ev_lazy_enter .*status=unavailable.*cannot be split per worker" "$TMP/lazy2.csv"

# A sweep: one file, threads 1..N, per-worker rows on the placed CPUs.
MAX=$((PUS < 2 ? PUS : 2))
SWEEP=$(seq -s, 1 $MAX)
"$BIN" "${RUN[@]}" -w munmap,madvise --sweep-threads "$SWEEP" -o "$TMP/sweep.csv" \
	>"$TMP/out" 2>"$TMP/err"
check "sweep $SWEEP runs (exit 0)" [ $? -eq 0 ]
rows "$TMP/sweep.csv" >"$TMP/rows"
check "sweep: rows for every thread count and worker" python3 - "$TMP/rows" "$MAX" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
mx = int(sys.argv[2])
for wl in ('munmap', 'madvise'):
    for t in range(1, mx + 1):
        s = [r for r in rows if r[0] == wl and int(r[1]) == t and r[4] == 'sample']
        assert len(s) == 2 * t, (wl, t, len(s))
        assert sorted({int(r[2]) for r in s}) == list(range(t)), (wl, t)
PY
MAP=$(meta "$TMP/sweep.csv" placement_map)
check "sweep: placement_map recorded ($MAP)" [ -n "$MAP" ]
check "sweep: each worker ran on its placed CPU" python3 - "$TMP/rows" "$MAP" <<'PY'
import sys
pu = {int(w.split('=')[0]): int(w.split('=')[1].split('/')[0][2:])
      for w in sys.argv[2].split()}
for l in open(sys.argv[1]):
    r = l.split()
    assert int(r[3]) == pu[int(r[2])], r
PY
check "sweep: summary shows the aggregate rate" grep -q "agg Mp/s" "$TMP/out"
check "sweep: metadata says threads" [ "$(meta "$TMP/sweep.csv" workers)" = threads ]

"$BIN" "${RUN[@]}" -w munmap --procs "$MAX" -o "$TMP/procs.csv" >"$TMP/out" 2>"$TMP/err"
check "procs $MAX runs (exit 0)" [ $? -eq 0 ]
check "procs: metadata says processes" [ "$(meta "$TMP/procs.csv" workers)" = processes ]

"$BIN" "${RUN[@]}" -w munmap --threads $((PUS + 1)) --allow-oversubscribe \
	-o "$TMP/over.csv" >"$TMP/out" 2>"$TMP/err"
check "oversubscription when allowed (exit 0)" [ $? -eq 0 ]

if "$BIN" list 2>/dev/null | grep -q madvise-uring; then
	"$BIN" "${RUN[@]}" -w madvise-chunks,madvise-uring --uring-batch 1,8 \
		-o "$TMP/uring.csv" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if grep -q "madvise-uring: skipped" "$TMP/err"; then
		skip "madvise-uring batches" "kernel: $(grep -m1 skipped "$TMP/err")"
	else
		rows "$TMP/uring.csv" | cut -d' ' -f1 | sort -u >"$TMP/names"
		check "madvise-uring: one group per batch (exit $rc)" \
			[ "$rc" -eq 0 -a "$(tr '\n' ' ' <"$TMP/names")" = "madvise-chunks madvise-uring-k1 madvise-uring-k8 " ]
	fi
else
	# until benchmarks/workloads.c lists it (issue 4 integration)
	skip "madvise-uring batches" "state: madvise-uring is not in the workload table yet"
fi

# --- settings restored after interrupted mTHP runs (root, mTHP kernels) ---
sel() { sed -n 's/.*\[\(.*\)\].*/\1/p' "$THP/hugepages-$1kB/enabled"; }
snapshot() {
	local f
	for f in "$THP"/hugepages-*kB/enabled; do echo "$f $(sed -n 's/.*\[\(.*\)\].*/\1/p' "$f")"; done
}

# same_settings_and RC WANT: settings as before the run and RC = WANT.
same_settings_and() { cmp -s "$TMP/before" "$TMP/after" && [ "$1" -eq "$2" ]; }

# start_mthp_run: background 64k run; waits until it changed the settings.
start_mthp_run() {
	local i
	"$BIN" run -w munmap -s 2M -r 100000 --warmup 0 -e none -p 64k \
		-o "$TMP/mthp-$1.csv" >"$TMP/mthp.out" 2>"$TMP/mthp.err" &
	BG=$!
	for i in $(seq 100); do
		[ "$(sel 64)" = madvise ] && grep -q "^1," "$TMP/mthp-$1.csv" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

if [ "$(id -u)" -ne 0 ] || [ ! -e "$THP/hugepages-64kB/enabled" ]; then
	for t in "Ctrl-C" "second Ctrl-C" "SIGKILL" "SIGKILL + restore"; do
		skip "mTHP settings back after $t" "privilege/kernel: needs root and mTHP sysfs controls"
	done
	skip "mTHP 64k: every workload's rows have a non-zero thp_kb" "privilege/kernel: needs root and mTHP sysfs controls"
elif [ "$(sel 64)" = madvise ]; then
	for t in "Ctrl-C" "second Ctrl-C" "SIGKILL" "SIGKILL + restore"; do
		skip "mTHP settings back after $t" "state: hugepages-64kB is already 'madvise'"
	done
	skip "mTHP 64k: every workload's rows have a non-zero thp_kb" "state: hugepages-64kB is already 'madvise'"
else
	# Other checkouts' test runs change the same sysfs files: one at a time.
	exec 9>/tmp/lazymmu-bench-mthp-test.lock
	flock -w 300 9 || echo "# could not lock /tmp/lazymmu-bench-mthp-test.lock; going on"
	snapshot >"$TMP/before"
	if start_mthp_run int; then
		kill -INT "$BG"
		wait "$BG"
		rc=$?
		BG=
		snapshot >"$TMP/after"
		check "mTHP settings back after Ctrl-C (exit $rc, 64kB: $(sel 64))" \
			same_settings_and "$rc" 130
		check "Ctrl-C: the file ends interrupted" grep -q "^# end: interrupted" "$TMP/mthp-int.csv"
	else
		not_ok "mTHP run did not start: $(head -c 300 "$TMP/mthp.err")"
	fi
	if start_mthp_run int2; then
		kill -INT "$BG"
		kill -INT "$BG"
		wait "$BG"
		rc=$?
		BG=
		snapshot >"$TMP/after"
		check "mTHP settings back after a second Ctrl-C (exit $rc)" \
			cmp -s "$TMP/before" "$TMP/after"
	else
		not_ok "mTHP run did not start: $(head -c 300 "$TMP/mthp.err")"
	fi
	if start_mthp_run kill; then
		kill -KILL "$BG"
		wait "$BG" 2>/dev/null
		BG=
		check "SIGKILL leaves the change and its journal" \
			[ "$(sel 64)" = madvise -a -s "$JOURNAL" ]
		"$BIN" "${RUN[@]}" -w munmap -o "$TMP/next.csv" >"$TMP/out" 2>"$TMP/err"
		snapshot >"$TMP/after"
		check "mTHP settings back after SIGKILL + next run" \
			cmp -s "$TMP/before" "$TMP/after"
		check "next run said what it restored" grep -q "left changed by a killed run" "$TMP/err"
	else
		not_ok "mTHP run did not start: $(head -c 300 "$TMP/mthp.err")"
	fi
	# SIGKILL again, then `info` and `restore` instead of a run.
	if start_mthp_run kill2; then
		kill -KILL "$BG"
		wait "$BG" 2>/dev/null
		BG=
		"$BIN" info >"$TMP/info" 2>&1
		check "after SIGKILL, info says the journal is pending and how to restore" \
			grep -q "settings journal: PENDING .*hugepages-64kB/enabled, originally" "$TMP/info"
		check "info names the restore command" \
			grep -q "restore them with: sudo lazymmu-bench restore" "$TMP/info"
		"$BIN" restore >"$TMP/out" 2>"$TMP/err"
		rc=$?
		snapshot >"$TMP/after"
		check "mTHP settings back after SIGKILL + restore (exit $rc)" \
			same_settings_and "$rc" 0
		check "restore removed the journal and said so" \
			bash -c "[ ! -e '$JOURNAL' ] && grep -q 'restored [0-9]* setting(s) left changed by the killed run' '$TMP/out'"
		"$BIN" restore >"$TMP/out" 2>&1
		check "restore again: nothing to restore, exit 0" \
			bash -c "[ $? -eq 0 ] && grep -q 'nothing to restore' '$TMP/out'"
	else
		not_ok "mTHP run did not start: $(head -c 300 "$TMP/mthp.err")"
	fi
	# thp_kb of 64k rows: the 64 KiB folios faulted in, whether a workload
	# populates in prepare() (munmap, madvise) or once in setup() (fork,
	# mprotect, mremap): never 0 for pages that are 64 KiB folios.  Which
	# workloads: those flagged region in the table (list --names region);
	# those also flagged may-skip may be missing here.
	"$BIN" run -w all -s 4M -p 64k -r 2 --warmup 1 -e none \
		-o "$TMP/mthp-all.csv" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "mTHP 64k: every region workload's rows have a non-zero thp_kb (exit $rc)" \
		python3 - "$TMP/mthp-all.csv" "$("$BIN" list --names region)" \
		"$("$BIN" list --names may-skip)" <<'PY'
import csv, re, sys
rd = csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith('#'))
region = set(sys.argv[2].split(','))
may_skip = set(sys.argv[3].split(','))
kb = {}
for r in rd:
    assert r['page_mode'] == '64k', r['page_mode']
    kb.setdefault(re.sub(r'-k[0-9]+$', '', r['workload']), set()).add(r['thp_kb'])
need = region - may_skip
assert len(need) >= 5 and need <= set(kb), (sorted(need), sorted(kb))
bad = {w: v for w, v in kb.items() if w in region and ('' in v or '0' in v)}
assert not bad, bad
PY
	exec 9>&-
fi

finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of compare --plot with worker sweeps: real runs of
# --sweep-threads / --sweep-procs give DIR/<workload>-<page_mode>-sweep.png
# with one line per file (median ns_per_page, quartiles as error bars)
# next to the per-workload plots; runs at one worker count give none.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

if ! have gnuplot; then
	skip_missing "compare --plot worker sweeps" gnuplot gnuplot-nox
	finish
fi

is_png() {
	[ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
}

# run NAME ARGS...: a small real run (4 MiB unless ARGS say) into $TMP/NAME.csv
run() {
	local name=$1
	shift
	"$BIN" run -s 4M -r 3 --warmup 0 "$@" -o "$TMP/$name.csv" >/dev/null 2>"$TMP/$name.err" ||
		echo "run $name failed: $(tail -n 3 "$TMP/$name.err")" >&2
}

run thr --sweep-threads 1,2 -w madvise,munmap
run thr2 --sweep-threads 1,2 -w madvise
run procs --sweep-procs 1,2 -w madvise
run one -w madvise
run one2 -w madvise
run thr8 --sweep-threads 1,2 -w madvise -s 8M

# compare --plot DIR FILES...: exit status in $TMP/DIR.rc, stderr in $TMP/DIR.err
plot() {
	local dir=$1
	shift
	"$BIN" compare --plot "$TMP/$dir" "$@" >/dev/null 2>"$TMP/$dir.err"
	echo $? >"$TMP/$dir.rc"
}

# 1. two thread sweeps: a sweep plot per workload, the old plots stay
plot p1 "$TMP/thr.csv" "$TMP/thr2.csv"
check "threads sweeps: exit 0" [ "$(cat "$TMP/p1.rc")" -eq 0 ]
for w in madvise munmap; do
	check "threads sweeps: $w-4k-sweep.png is a PNG image" is_png "$TMP/p1/$w-4k-sweep.png"
	check "threads sweeps: the per-workload $w.png is still written" is_png "$TMP/p1/$w.png"
done
check "threads sweeps: no gnuplot warnings or errors about the sweep plots" \
	bash -c "! grep -i 'sweep' '$TMP/p1.err' | grep -qi 'warning\|error'"
check "threads sweeps: stderr names the sweep plot" \
	grep -qF "wrote $TMP/p1/madvise-4k-sweep.png" "$TMP/p1.err"

# The data: one block per file, worker counts 1 and 2 in order, and the
# median between the quartiles.  munmap is only in A: B's block is empty.
check "madvise sweep data: workers 1 and 2 for A and B, q1 <= median <= q3" \
	awk '!/^#/ && NF == 4 { n++; if ($3 > $2 || $2 > $4) bad = 1; w = w $1 }
	     END { exit !(n == 4 && w == "1212" && !bad) }' "$TMP/p1/madvise-4k-sweep.dat"
check "madvise sweep script: a line per file with quartile error bars, x = threads" \
	bash -c "[ \$(grep -c 'using 1:2:3:4 with yerrorlines' '$TMP/p1/madvise-4k-sweep.gp') -eq 2 ] &&
		 grep -q 'set xlabel \"threads' '$TMP/p1/madvise-4k-sweep.gp'"
check "munmap sweep script: only A has munmap, so one line" \
	bash -c "[ \$(grep -c 'yerrorlines' '$TMP/p1/munmap-4k-sweep.gp') -eq 1 ]"

# 2. a process sweep against a thread sweep: the key says which is which
plot p2 "$TMP/thr2.csv" "$TMP/procs.csv"
check "threads vs processes: sweep PNG written" is_png "$TMP/p2/madvise-4k-sweep.png"
check "threads vs processes: the key names the worker kind of each file" \
	bash -c "grep -q 'threads\"' '$TMP/p2/madvise-4k-sweep.gp' &&
		 grep -q 'processes\"' '$TMP/p2/madvise-4k-sweep.gp' &&
		 grep -q 'set xlabel \"workers' '$TMP/p2/madvise-4k-sweep.gp'"

# 3. one worker count only: no sweep plot
plot p3 "$TMP/one.csv" "$TMP/one2.csv"
check "single-worker runs: exit 0 and madvise.png" \
	bash -c "[ $(cat "$TMP/p3.rc") -eq 0 ] && [ -s '$TMP/p3/madvise.png' ]"
check "single-worker runs: no sweep file" \
	bash -c "! ls '$TMP/p3' | grep -q sweep"

# 4. a sweep in B only (A has one worker count) is still a sweep
plot p4 "$TMP/one.csv" "$TMP/thr2.csv"
check "sweep in B only: madvise-4k-sweep.png" is_png "$TMP/p4/madvise-4k-sweep.png"

# 5. two sizes of one workload and page mode: the size is in the names
cat "$TMP/thr2.csv" "$TMP/thr8.csv" >"$TMP/sizes.csv"
plot p5 "$TMP/sizes.csv" "$TMP/thr2.csv"
check "two sizes: madvise-4k-4M-sweep.png and madvise-4k-8M-sweep.png" \
	bash -c "[ $(cat "$TMP/p5.rc") -eq 0 ] && ls '$TMP/p5' | grep -q '^madvise-4k-4M-sweep.png$' &&
		 ls '$TMP/p5' | grep -q '^madvise-4k-8M-sweep.png$' &&
		 ! [ -e '$TMP/p5/madvise-4k-sweep.png' ]"

# 6. A without a workload: its per-workload plot (relative to A) is skipped
# with the reason, the sweep of B is drawn, the exit status is 0
plot p6 "$TMP/thr2.csv" "$TMP/thr.csv"
check "A without munmap: exit 0, no munmap.png, says why" \
	bash -c "[ $(cat "$TMP/p6.rc") -eq 0 ] && ! [ -e '$TMP/p6/munmap.png' ] &&
		 grep -q 'no $TMP/p6/munmap.png: .* has no ns_per_page of munmap' '$TMP/p6.err'"
check "A without munmap: munmap-4k-sweep.png from B" is_png "$TMP/p6/munmap-4k-sweep.png"

finish

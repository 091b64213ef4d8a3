#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP: what compare prints: the three formats, --stats full, groups missing
# on one side, unavailable counters, metadata warnings, three files,
# --fail-above, --plot (and a clear error without gnuplot), --help, the
# warning when the huge-page fraction (thp_kb) differs between the sides.
set -u
. "$(dirname "$0")/data/compare/lib.bash"

gen "$TMP/a.csv" --seed 1 --label nesting
gen "$TMP/b.csv" --seed 2 --label never-nest --kernel 6.18.0-patched --shift 1.05
gen "$TMP/c.csv" --seed 3 --label other --shift 0.95

"$BIN" compare --level sample "$TMP/a.csv" "$TMP/b.csv" >"$TMP/text" 2>"$TMP/text.err"
check "text: exit 0" [ $? -eq 0 ]
check "text: a table per measured metric" \
	[ "$(grep -Ec '^(ns_per_page|ev_page_faults|ev_context_switches) \(' "$TMP/text")" -eq 3 ]
check "text: regression marked on every ns_per_page group" \
	[ "$(sed -n '/^ns_per_page (/,/^geomean/p' "$TMP/text" | grep -c 'REGRESSED')" -eq 4 ]
check "text: geomean row" grep -Eq '^geomean .*\+[45]\.[0-9]+%' "$TMP/text"
check "text: never-measured counter listed with its reason, not as 0" \
	grep -q 'ev_cycles_k: no hardware PMU in this VM' "$TMP/text"
check "text: kernel release and label differences shown" \
	grep -Eq 'kernel_release +A: 6.18.0-lazymmu +B: 6.18.0-patched' "$TMP/text"
check "text: no must-match warning for matching setups" \
	bash -c "! grep -q WARNING '$TMP/text' && ! grep -q warning '$TMP/text.err'"
check "text: no trailing blanks" bash -c "! grep -q ' $' '$TMP/text'"

"$BIN" compare --level sample --format md "$TMP/a.csv" "$TMP/b.csv" >"$TMP/md" 2>/dev/null
check "md: pipe tables with right-aligned numbers" grep -q '^| workload | pages | size |' "$TMP/md"
check "md: separator row" grep -q '|---|---|---:|' "$TMP/md"
check "md: every table row has the same number of cells" python3 - "$TMP/md" <<'PY'
import sys
rows = [l for l in open(sys.argv[1]) if l.startswith("|")]
counts = set(l.replace("\\|", "").count("|") for l in rows)
sys.exit(len(rows) < 10 or len(counts) != 1)
PY

cmp_csv "$TMP/csv" --stats full "$TMP/a.csv" "$TMP/b.csv" "$TMP/c.csv"
check "csv: parses, rows all as wide as the header" python3 - "$TMP/csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
sys.exit(len(rows) < 20 or any(len(r) != len(rows[0]) for r in rows))
PY
check "csv --stats full: hmean and stddev columns filled" python3 - "$TMP/csv" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["metric"] == "ns_per_page" and r["state"] == "ok"]
sys.exit(not r or any(not x["hmean"] or not x["stddev"] or not x["q1"] for x in r))
PY
check "three files: C improved, B regressed, both against A" \
	[ "$(rows "$TMP/csv" 'r["metric"] == "ns_per_page" and r["state"] == "ok" and r["file"] != "A"' | awk '($4 == "B" && $5 == "regressed") || ($4 == "C" && $5 == "improved")' | wc -l)" -eq 8 ]

"$BIN" compare --level sample --stats full "$TMP/a.csv" "$TMP/b.csv" >"$TMP/full" 2>/dev/null
for s in Min 1st-qrtle 2nd-qrtle 3rd-qrtle Max Amean Hmean Stddev CoeffVar; do
	check "--stats full: $s row for each of 4 groups x 3 metrics" \
		[ "$(grep -Ec "(^| )$s( |$)" "$TMP/full")" -eq 12 ]
done

# missing groups and unavailable counters
gen "$TMP/munmap-only.csv" --seed 4 --workloads munmap --no-context-switches
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/munmap-only.csv" >"$TMP/miss" 2>"$TMP/miss.err"
check "missing group: exit 0" [ $? -eq 0 ]
check "missing group: mprotect listed with 'no such group in B'" \
	[ "$(grep -c '^mprotect .*no such group in B' "$TMP/miss")" -eq 6 ]
check "missing group: warned on stderr" grep -q "2 of 4 groups have no samples in B" "$TMP/miss.err"
check "counter measured in A only: 'unavailable' in B, not 0" \
	grep -Eq '^munmap +4k .* unavailable .*not measured in B' "$TMP/miss"
"$BIN" compare --level sample "$TMP/munmap-only.csv" "$TMP/a.csv" >"$TMP/miss2" 2>/dev/null
check "group only in the new file: listed too" grep -q '^mprotect .*no such group in A' "$TMP/miss2"

# split points and counters that are always 0
gen "$TMP/s1.csv" --seed 11 --split copy --zero-context-switches
gen "$TMP/s2.csv" --seed 12 --split copy --zero-context-switches --shift 1.05
"$BIN" compare --level sample "$TMP/s1.csv" "$TMP/s2.csv" >"$TMP/split" 2>/dev/null
check "split point: copy_ns_per_page table with the munmap groups only" \
	[ "$(sed -n '/^copy_ns_per_page (/,/^geomean/p' "$TMP/split" | grep -c '^munmap .*REGRESSED')" -eq 2 ]
check "split point: groups without a split value are counted, not shown" \
	grep -q '(2 groups without a value of copy_ns_per_page in any file are not shown)' "$TMP/split"
check "counter 0 in every sample: listed once, no table" \
	bash -c "grep -A1 '^Measured, and 0 in every sample' '$TMP/split' | grep -q ev_context_switches &&
		 ! grep -q '^ev_context_switches (' '$TMP/split'"

# runs joined with cat: pooled, and a warning when they measured different setups
gen "$TMP/r1.csv" --seed 21 --label nesting
gen "$TMP/r2.csv" --seed 22 --label nesting
cat "$TMP/r1.csv" "$TMP/r2.csv" >"$TMP/joined.csv"
"$BIN" compare --level sample "$TMP/joined.csv" "$TMP/b.csv" >"$TMP/joined" 2>"$TMP/joined.err"
check "joined runs: 2 runs, n = 2 runs x 30 per group" \
	bash -c "grep -q 'joined.csv: .* from 2 runs, boots unknown' '$TMP/joined' &&
		 grep -Eq '^munmap +4k +64M +1 +[0-9.]+ +[0-9.]+% +2 runs x 30 ' '$TMP/joined'"
check "joined runs of one setup: no warning about it" bash -c "! grep -q 'joins runs' '$TMP/joined.err'"
gen "$TMP/r3.csv" --seed 23 --label nesting --kernel 6.19.0
cat "$TMP/r1.csv" "$TMP/r3.csv" >"$TMP/mixed.csv"
"$BIN" compare --level sample "$TMP/mixed.csv" "$TMP/b.csv" >/dev/null 2>"$TMP/mixed.err"
check "joined runs of two kernels: warning names the line and both kernels" \
	grep -Eq "mixed.csv:[0-9]+: kernel_release is '6.19.0' here but '6.18.0-lazymmu' earlier" "$TMP/mixed.err"

# metadata that must match
gen "$TMP/othercpu.csv" --seed 5 --cpu-model "ARM Cortex-A72"
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/othercpu.csv" >"$TMP/cpu" 2>"$TMP/cpu.err"
check "different CPU: warning on stderr" grep -q "warning: cpu_model differs: 'ARM Neoverse-N1'" "$TMP/cpu.err"
check "different CPU: WARNING in the report" grep -q "WARNING: cpu_model differs" "$TMP/cpu"
# the counters open in a window cost work inside it: the -e lists must match
sed 's/^# schema: /# events: default\n&/' "$TMP/a.csv" >"$TMP/ev-a.csv"
sed 's/^# schema: /# events: none\n&/' "$TMP/b.csv" >"$TMP/ev-b.csv"
"$BIN" compare "$TMP/ev-a.csv" "$TMP/ev-b.csv" >"$TMP/ev" 2>"$TMP/ev.err"
check "different event sets: warning on stderr and in the report" bash -c "
	grep -q \"warning: events differs: 'default' in .*ev-a.csv, 'none' in .*ev-b.csv\" '$TMP/ev.err' &&
	grep -q 'WARNING: events differs' '$TMP/ev'"

# regression gate
"$BIN" compare --level sample --fail-above 3 "$TMP/a.csv" "$TMP/b.csv" >/dev/null 2>"$TMP/gate.err"
check "--fail-above 3 with a 5% regression: exit 1" [ $? -eq 1 ]
check "--fail-above: names the regressions" \
	[ "$(grep -c 'regression above 3%: B .* ns_per_page +' "$TMP/gate.err")" -eq 4 ]
"$BIN" compare --level sample --fail-above 8 "$TMP/a.csv" "$TMP/b.csv" >/dev/null 2>&1
check "--fail-above 8 with a 5% regression: exit 0" [ $? -eq 0 ]
"$BIN" compare --level sample --fail-above 1 "$TMP/a.csv" "$TMP/c.csv" >/dev/null 2>&1
check "--fail-above 1 with a 5% improvement: exit 0" [ $? -eq 0 ]

# --metrics
"$BIN" compare --level sample --metrics ns_per_page --fail-above 3 "$TMP/a.csv" "$TMP/b.csv" >"$TMP/only" 2>/dev/null
check "--metrics ns_per_page: one table, gate still trips" \
	bash -c "[ $? -eq 1 ] && [ \"\$(grep -c ' (.*is better)$' '$TMP/only')\" -eq 1 ] && grep -q '^ns_per_page (' '$TMP/only'"
gen "$TMP/pf.csv" --seed 13 --event-shift 1.5
"$BIN" compare --level sample --metrics ev_page_faults --fail-above 10 "$TMP/a.csv" "$TMP/pf.csv" >"$TMP/pf" 2>"$TMP/pf.err"
check "--metrics ev_page_faults: 50% more page faults per page trip the gate" \
	bash -c "[ $? -eq 1 ] && grep -q 'ev_page_faults +50' '$TMP/pf.err' && ! grep -q '^ns_per_page (' '$TMP/pf'"
"$BIN" compare --level sample --metrics ns_per_page,bogus "$TMP/a.csv" "$TMP/b.csv" >/dev/null 2>"$TMP/bog.err"
check "--metrics with an unknown metric: exit 2, lists the metrics" \
	bash -c "[ $? -eq 2 ] && grep -q \"'bogus' is not a metric of these files; they have: ns_per_page, ev_page_faults\" '$TMP/bog.err'"

# huge pages: B fell back to base pages in its thp groups (thp_kb 0)
gen "$TMP/fallback.csv" --seed 21 --thp-fraction 0
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/fallback.csv" >"$TMP/thp" 2>"$TMP/thp.err"
check "thp fallback: still exit 0 (a warning, not an error)" [ $? -eq 0 ]
check "thp fallback: stderr names each thp group and both fractions" \
	[ "$(grep -Ec 'warning: huge pages differ in group (munmap|mprotect) thp 64M 1: A 100% \(.*a\.csv\), B 0% \(.*fallback\.csv\)' "$TMP/thp.err")" -eq 2 ]
check "thp fallback: no warning about the 4k groups" bash -c "! grep -q ' 4k ' '$TMP/thp.err'"
check "thp fallback: WARNING in the report header, before the tables" \
	bash -c "sed -n '1,/^ns_per_page (/p' '$TMP/thp' | grep -c '^WARNING: huge pages differ in .* thp 64M 1: A 100%, B 0%' | grep -qx 2"
check "thp fallback: row note on every thp row of every table, none on 4k" \
	bash -c "[ \$(grep -Ec '^(munmap|mprotect) +thp .*HUGE PAGES DIFFER: A 100%, B 0%' '$TMP/thp') -eq 6 ] && ! grep -Eq '^[a-z]+ +4k .*HUGE PAGES' '$TMP/thp'"
cmp_csv "$TMP/thp.csv" "$TMP/a.csv" "$TMP/fallback.csv"
check "thp fallback: csv thp_fraction 1 in A, 0 in B, 0 in the 4k groups" python3 - "$TMP/thp.csv" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["state"] == "ok"]
want = lambda x: "0" if x["page_mode"] == "4k" or x["file"] == "B" else "1"
sys.exit(len(r) != 24 or any(x["thp_fraction"] != want(x) for x in r))
PY
gen "$TMP/thp95.csv" --seed 22 --thp-fraction 0.95
gen "$TMP/thpunk.csv" --seed 23 --thp-unknown
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/thp95.csv" >"$TMP/thp95" 2>"$TMP/thp95.err"
check "thp 100% vs 95%: not material, no warning" \
	bash -c "! grep -qi 'huge pages' '$TMP/thp95' '$TMP/thp95.err'"
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/thpunk.csv" >"$TMP/thpunk" 2>"$TMP/thpunk.err"
check "thp_kb empty (unknown): no warning" \
	bash -c "! grep -qi 'huge pages' '$TMP/thpunk' '$TMP/thpunk.err'"
cmp_csv "$TMP/thpunk.csv.out" "$TMP/a.csv" "$TMP/thpunk.csv"
check "thp_kb empty: csv thp_fraction empty in B, not 0" python3 - "$TMP/thpunk.csv.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["state"] == "ok" and r["file"] == "B"]
sys.exit(not r or any(x["thp_fraction"] != "" for x in r))
PY
"$BIN" compare --level sample --format md "$TMP/a.csv" "$TMP/fallback.csv" >"$TMP/thp.md" 2>/dev/null
check "thp fallback, md: bold warning" grep -q '^\*\*WARNING: huge pages differ in munmap thp 64M 1: A 100%, B 0%' "$TMP/thp.md"

# --alpha changes the interval
"$BIN" compare --level sample --alpha 0.01 "$TMP/a.csv" "$TMP/b.csv" >"$TMP/a01" 2>/dev/null
check "--alpha 0.01: 99% intervals" grep -q '99% CI' "$TMP/a01"

# --help
"$BIN" compare --level sample --help >"$TMP/help" 2>&1
check "--help: exit 0 and the usage" bash -c "[ $? -eq 0 ] && grep -q 'usage: lazymmu-bench compare' '$TMP/help'"

# --plot
if have gnuplot; then
	"$BIN" compare --level sample --plot "$TMP/plots" "$TMP/a.csv" "$TMP/b.csv" >/dev/null 2>"$TMP/plot.err"
	check "--plot: exit 0" [ $? -eq 0 ]
	for w in munmap mprotect; do
		check "--plot: $w.png is a PNG image" \
			bash -c "[ \"\$(head -c 8 '$TMP/plots/$w.png' | od -An -tx1 | tr -d ' \n')\" = 89504e470d0a1a0a ]"
	done
	check "--plot: no gnuplot complaints" bash -c "! grep -qi 'warning\|error' '$TMP/plot.err'"
else
	skip_missing "--plot" gnuplot gnuplot-nox
fi
mkdir -p "$TMP/nognuplot"
ln -sf "$(command -v python3)" "$TMP/nognuplot/python3"
PATH="$TMP/nognuplot" "$BIN" compare --level sample --plot "$TMP/p2" "$TMP/a.csv" "$TMP/b.csv" >/dev/null 2>"$TMP/nog.err"
check "--plot without gnuplot: exit 2 and says to install it" \
	bash -c "[ $? -eq 2 ] && grep -q 'needs gnuplot, which is not installed' '$TMP/nog.err'"


# One run per file (no boot_id): no verdict, and the header says why.
gen "$TMP/one-a.csv" --seed 41 --n 10
gen "$TMP/one-b.csv" --seed 42 --n 10
"$BIN" compare "$TMP/one-a.csv" "$TMP/one-b.csv" >"$TMP/one.out" 2>/dev/null
check "one run per file: the header says no verdict, boots unknown" \
	grep -q 'Note: A vs B, ns_per_page: 4 of 4 groups have no verdict ("?"), e.g. no boot_id in A' "$TMP/one.out"
for i in 1 2 3 4; do
	gen "$TMP/ra$i.csv" --seed $((50 + i)) --n 10
	gen "$TMP/rb$i.csv" --seed $((60 + i)) --n 10
done
cat "$TMP"/ra?.csv >"$TMP/runs-a.csv"
cat "$TMP"/rb?.csv >"$TMP/runs-b.csv"
"$BIN" compare --level run "$TMP/runs-a.csv" "$TMP/runs-b.csv" >"$TMP/runs.out" 2>/dev/null
check "four runs per side, --level run: verdicts, no such note" \
	bash -c "! grep -q 'have no verdict' '$TMP/runs.out' && grep -q 'tested on 4 vs 4 runs' '$TMP/runs.out'"

finish

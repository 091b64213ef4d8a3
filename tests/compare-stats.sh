#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP: compare on synthetic result files of known distributions.
#  - identical inputs: every group "~"
#  - a 5% shift with 1% noise: significant in the right direction, CI holds 5%
#  - 30% noise with the same 5% shift and 10 samples: "~" and flagged noisy
#  - warm-up rows ignored, workers of one sample averaged, counters per page
#  - zeros on a side: additive change, said so, never below -100%
set -u
. "$(dirname "$0")/data/compare/lib.bash"

gen "$TMP/a.csv" --seed 1 --label base
gen "$TMP/a2.csv" --seed 2 --label base2

# identical inputs (a copy: compare refuses one file given twice)
cp "$TMP/a.csv" "$TMP/a-copy.csv"
cmp_csv "$TMP/same.csv" "$TMP/a.csv" "$TMP/a-copy.csv"
check "identical files: exit 0" [ $? -eq 0 ]
rows "$TMP/same.csv" 'r["file"] == "B" and r["state"] == "ok"' >"$TMP/same.rows"
check "identical files: 12 judged rows (4 groups x 3 measured metrics)" \
	[ "$(wc -l <"$TMP/same.rows")" -eq 12 ]
check "identical files: every mark is ~ with p = 1 and change 0" \
	[ "$(awk '$5 != "~" || $9 != 1 || $6 != 0' "$TMP/same.rows" | wc -l)" -eq 0 ]

# 5% slower with low noise
gen "$TMP/slow.csv" --seed 3 --shift 1.05 --label slower
cmp_csv "$TMP/slow.out" "$TMP/a.csv" "$TMP/slow.csv"
rows "$TMP/slow.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["workload"] != "geomean"' >"$TMP/slow.rows"
check "5% slower: 4 ns_per_page groups" [ "$(wc -l <"$TMP/slow.rows")" -eq 4 ]
check "5% slower: every group regressed with p < 0.001" \
	[ "$(awk '$5 == "regressed" && $9 < 0.001' "$TMP/slow.rows" | wc -l)" -eq 4 ]
check "5% slower: every 95% CI contains +5% and excludes 0" \
	[ "$(awk '$7 <= 0.05 && $8 >= 0.05 && $7 > 0' "$TMP/slow.rows" | wc -l)" -eq 4 ]
check "5% slower: estimates within 1 point of 5%" \
	[ "$(awk '$6 > 0.04 && $6 < 0.06' "$TMP/slow.rows" | wc -l)" -eq 4 ]
check "5% slower: geomean row says about +5%" \
	python3 -c "
import csv,sys
r=[r for r in csv.DictReader(open('$TMP/slow.out')) if r['workload']=='geomean' and r['metric']=='ns_per_page' and r['file']=='B'][0]
sys.exit(not 0.04 < float(r['change']) < 0.06)"
check "5% slower: page faults per page unchanged (~)" \
	[ "$(rows "$TMP/slow.out" 'r["file"] == "B" and r["metric"] == "ev_page_faults" and r["state"] == "ok"' | awk '$5 != "~"' | wc -l)" -eq 0 ]

# 5% faster: the mark flips
gen "$TMP/fast.csv" --seed 4 --shift 0.95 --label faster
cmp_csv "$TMP/fast.out" "$TMP/a.csv" "$TMP/fast.csv"
rows "$TMP/fast.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["workload"] != "geomean"' >"$TMP/fast.rows"
check "5% faster: every group improved, CI contains -5%" \
	[ "$(awk '$5 == "improved" && $7 <= -0.05 && $8 >= -0.05 && $8 < 0' "$TMP/fast.rows" | wc -l)" -eq 4 ]

# heavy noise: no false claim, flagged
gen "$TMP/noisy-a.csv" --seed 5 --noise 0.3 --n 10 --label noisyA
gen "$TMP/noisy-b.csv" --seed 6 --noise 0.3 --n 10 --shift 1.05 --label noisyB
cmp_csv "$TMP/noisy.out" "$TMP/noisy-a.csv" "$TMP/noisy-b.csv"
rows "$TMP/noisy.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["workload"] != "geomean"' >"$TMP/noisy.rows"
check "30% noise, 10 samples: every group ~" \
	[ "$(awk '$5 == "~"' "$TMP/noisy.rows" | wc -l)" -eq 4 ]
check "30% noise: flagged noisy and the CI still contains 0 and +5%" \
	[ "$(awk '$10 == 1 && $7 < 0 && $8 > 0.05' "$TMP/noisy.rows" | wc -l)" -eq 4 ]
check "30% noise: stderr warns about the noise" grep -q "too noisy" "$TMP/noisy.out.err"
"$BIN" compare --level sample "$TMP/noisy-a.csv" "$TMP/noisy-b.csv" >"$TMP/noisy.txt" 2>/dev/null
check "text output: ~ rows still print a CI" \
	grep -Eq '^munmap +4k .*\[-[0-9.]+%, \+[0-9.]+%\] +[0-9.]+ +~ ' "$TMP/noisy.txt"

# A/A with independent draws: no false claim at these seeds, CI narrow
cmp_csv "$TMP/aa.out" "$TMP/a.csv" "$TMP/a2.csv"
rows "$TMP/aa.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["workload"] != "geomean"' >"$TMP/aa.rows"
check "A/A (1% noise, 30 samples): CI narrower than 2 points around 0" \
	[ "$(awk '$7 < 0 && $8 > 0 && $8 - $7 < 0.02' "$TMP/aa.rows" | wc -l)" -eq 4 ]

# drift within a run: flagged, the steady file is not
gen "$TMP/drift.csv" --seed 9 --drift 0.1 --label drifting
cmp_csv "$TMP/drift.out" "$TMP/a.csv" "$TMP/drift.csv"
check "10% drift over the run: every ns_per_page group of B flagged, none of A" python3 - "$TMP/drift.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["metric"] == "ns_per_page" and r["state"] == "ok"]
a = [x["drift"] for x in r if x["file"] == "A"]
b = [x["drift"] for x in r if x["file"] == "B"]
sys.exit(not (a == ["0"] * 4 and b == ["1"] * 4))
PY
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/drift.csv" >"$TMP/drift.txt" 2>/dev/null
check "drift: the note says so" grep -Eq '^munmap +4k .*B drifts within its runs \(rho \+0\.[0-9]+\)' "$TMP/drift.txt"

# run-to-run drift: 4 runs a side of the same distribution, each run shifted
# as a whole by up to 8% (a loaded machine).  Samples as the unit: false
# claims; runs as the unit (--level run): no claim.
for i in 1 2 3 4; do
	gen "$TMP/ra$i.csv" --seed $((30 + i)) --shift "$(echo "1.00 1.08 0.96 1.03" | cut -d' ' -f$i)"
	gen "$TMP/rb$i.csv" --seed $((40 + i)) --shift "$(echo "1.05 0.97 1.07 1.00" | cut -d' ' -f$i)"
done
cat "$TMP"/ra?.csv >"$TMP/runsA.csv"
cat "$TMP"/rb?.csv >"$TMP/runsB.csv"
cmp_csv "$TMP/runs-single.out" "$TMP/ra2.csv" "$TMP/rb2.csv"
cmp_csv "$TMP/runs-auto.out" --level run "$TMP/runsA.csv" "$TMP/runsB.csv"
rows "$TMP/runs-single.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"' >"$TMP/rs.rows"
rows "$TMP/runs-auto.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"' >"$TMP/ra.rows"
check "run drift, one run a side: the whole-run offset looks like an improvement" \
	[ "$(awk '$5 == "improved"' "$TMP/rs.rows" | wc -l)" -eq 4 ]
check "run drift, 4 runs a side: tested on runs, every group ~" \
	[ "$(awk '$5 == "~"' "$TMP/ra.rows" | wc -l)" -eq 4 ]
check "run drift: the unit column says runs" python3 - "$TMP/runs-auto.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["state"] == "ok"]
sys.exit(not r or any(x["unit"] != "runs" for x in r))
PY
for i in 1 2 3 4; do gen "$TMP/rc$i.csv" --seed $((50 + i)) --shift 1.25; done
cat "$TMP"/rc?.csv >"$TMP/runsC.csv"
cmp_csv "$TMP/runs-c.out" --level run "$TMP/runsA.csv" "$TMP/runsC.csv"
check "runs as unit: a 25% slowdown beyond the run drift is still REGRESSED" \
	[ "$(rows "$TMP/runs-c.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"' | awk '$5 == "regressed"' | wc -l)" -eq 4 ]

# zeros on a side: no ratios, an additive shift / A's median, said so and
# never below -100% (a time or a count per page cannot be negative)
gen "$TMP/zero.csv" --seed 10 --zero-ns --label zero
cmp_csv "$TMP/zero.out" "$TMP/a.csv" "$TMP/zero.csv"
check "ns_per_page 0 in B: every group improved by exactly -100%, CI within [-100%, 0)" python3 - "$TMP/zero.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"]
sys.exit(len(r) != 4 or any(x["mark"] != "improved" or float(x["change"]) != -1 or
                            float(x["ci_lo"]) != -1 or not -1 <= float(x["ci_hi"]) < 0 for x in r))
PY
check "ns_per_page 0 in B: method additive; page faults (no zeros) ratio" python3 - "$TMP/zero.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["state"] == "ok"]
ns = [x["method"] for x in r if x["metric"] == "ns_per_page"]
pf = [x["method"] for x in r if x["metric"] == "ev_page_faults"]
sys.exit(ns != ["additive"] * 4 or pf != ["ratio"] * 4)
PY
check "counter mostly 0 (context switches, median 0): additive, no relative CI to a 0 median" python3 - "$TMP/aa.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["metric"] == "ev_context_switches" and r["state"] == "ok"]
sys.exit(len(r) != 4 or any(x["method"] != "additive" or x["ci_lo"] or x["ci_hi"] for x in r))
PY
check "csv: method empty on the base rows (not judged)" \
	[ "$(python3 -c "
import csv
print(sum(1 for r in csv.DictReader(open('$TMP/zero.out')) if r['file'] == 'A' and r['method']))")" -eq 0 ]
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/zero.csv" >"$TMP/zero.txt" 2>/dev/null
check "text: -100.00% with the CI clamped at -100.00% and the row noted additive" \
	[ "$(grep -Ec '^(munmap|mprotect) +(4k|thp) .* -100\.00% +\[-100\.00%, -[0-9.]+%\] .*B: additive \(zeros\)' "$TMP/zero.txt")" -eq 4 ]
check "text: the legend explains the additive change" \
	grep -q '^"additive (zeros)": a side has a value of 0, so no ratio exists' "$TMP/zero.txt"
"$BIN" compare --level sample --metrics ns_per_page "$TMP/a.csv" "$TMP/a2.csv" >"$TMP/ratio.txt" 2>/dev/null
check "text: no additive legend line when every row is a ratio" \
	bash -c "! grep -q additive '$TMP/ratio.txt'"

# no spread on either side (deterministic emulated counts): an exact
# difference, not a p-value from ties
gen "$TMP/det-a.csv" --seed 11 --noise 0 --label detA
gen "$TMP/det-b.csv" --seed 12 --noise 0 --shift 1.05 --label detB
cmp_csv "$TMP/det.out" "$TMP/det-a.csv" "$TMP/det-b.csv"
check "no spread, +5%: every group regressed by exactly +5%, method exact, no p" python3 - "$TMP/det.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"]
sys.exit(len(r) != 4 or any(x["mark"] != "regressed" or x["method"] != "exact" or x["p"] or
                            abs(float(x["change"]) - 0.05) > 1e-9 or x["ci_lo"] != x["ci_hi"] for x in r))
PY
cp "$TMP/det-a.csv" "$TMP/det-a-copy.csv"
cmp_csv "$TMP/det-same.out" "$TMP/det-a.csv" "$TMP/det-a-copy.csv"
check "no spread, identical: every group ~ with an exact change of 0" python3 - "$TMP/det-same.out" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"]
sys.exit(len(r) != 4 or any(x["mark"] != "~" or x["method"] != "exact" or float(x["change"]) != 0 for x in r))
PY
"$BIN" compare --level sample --metrics ns_per_page "$TMP/det-a.csv" "$TMP/det-b.csv" >"$TMP/det.txt" 2>/dev/null
check "text: exact rows say exact in the CI and p columns and why" \
	[ "$(grep -Ec '^(munmap|mprotect) +(4k|thp) .* \+5\.00% +exact +exact +REGRESSED .*no spread on either side' "$TMP/det.txt")" -eq 4 ]

# few samples: warned
gen "$TMP/few.csv" --seed 7 --n 5 --label few
cmp_csv "$TMP/few.out" "$TMP/a.csv" "$TMP/few.csv"
check "5 samples: warning about fewer than 10 samples" \
	grep -q "fewer than 10 samples in B" "$TMP/few.out.err"
check "5 samples: rows flagged few_samples" \
	[ "$(rows "$TMP/few.out" 'r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"' | awk '$11 == 1' | wc -l)" -eq 4 ]

# threads: 4 worker rows per sample are one sample
gen "$TMP/t4.csv" --seed 8 --threads 4 --n 12 --label threads
cp "$TMP/t4.csv" "$TMP/t4-copy.csv"
cmp_csv "$TMP/t4.out" "$TMP/t4.csv" "$TMP/t4-copy.csv"
check "4 workers x 12 samples count as n = 12" \
	python3 -c "
import csv,sys
r=[r for r in csv.DictReader(open('$TMP/t4.out')) if r['metric']=='ns_per_page' and r['state']=='ok']
sys.exit(not all(x['n']=='12' for x in r) or not r)"

# warm-up rows (10x slower) do not move the median
check "warm-up rows ignored: munmap 4k median near 20 ns" \
	python3 -c "
import csv,sys
r=[r for r in csv.DictReader(open('$TMP/same.csv')) if r['metric']=='ns_per_page' and r['workload']=='munmap' and r['page_mode']=='4k' and r['file']=='A'][0]
sys.exit(not 19.5 < float(r['median']) < 20.5)"
check "page faults are per page (0.002 per page, not 33 per sample)" \
	python3 -c "
import csv,sys
r=[r for r in csv.DictReader(open('$TMP/same.csv')) if r['metric']=='ev_page_faults' and r['workload']=='munmap' and r['file']=='A'][0]
sys.exit(not 0.0019 < float(r['median']) < 0.0021)"

finish

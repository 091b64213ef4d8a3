#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Remake this study's split and comparisons from runs/run-01..16.csv
# (README.md): odd runs = pseudo-kernel A, even runs = B, interleaved in
# time; every 1 v 1 pair (run 2i-1 v 2i); blocks 4 v 4 (runs 1-4 v 5-8);
# and `plan` on all 16 runs when the binary has it.
# Usage: analyze.sh [BIN]   (default: build/lazymmu-bench of this tree)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/lazymmu-bench}
marks=$root/scripts/lib/compare-marks.awk
out=$here/analysis
[ -x "$bin" ] || { echo "analyze.sh: no binary $bin; build it (make) or give one" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
cd "$here"
run() { printf 'runs/run-%02d.csv' "$1"; }

# the split: interleaved pseudo-kernels, 8 runs each
for i in 1 3 5 7 9 11 13 15; do cat "$(run "$i")"; done >"$out/A-odd.csv"
for i in 2 4 6 8 10 12 14 16; do cat "$(run "$i")"; done >"$out/B-even.csv"
for i in 1 2 3 4; do cat "$(run "$i")"; done >"$out/block-1-4.csv"
for i in 5 6 7 8; do cat "$(run "$i")"; done >"$out/block-5-8.csv"

cmp8() { "$bin" compare "$@"; }
cmp8 "$out/A-odd.csv" "$out/B-even.csv" >"$out/compare-8v8.txt" 2>&1 || true
cmp8 --format csv "$out/A-odd.csv" "$out/B-even.csv" >"$out/compare-8v8.csv" 2>/dev/null || true
cmp8 "$out/block-1-4.csv" "$out/block-5-8.csv" >"$out/compare-blocks-4v4.txt" 2>&1 || true
cmp8 --format csv "$out/block-1-4.csv" "$out/block-5-8.csv" >"$out/compare-blocks-4v4.csv" 2>/dev/null || true
for p in 1 2 3 4 5 6 7 8; do
	cmp8 --format csv "$(run $((2 * p - 1)))" "$(run $((2 * p)))" \
		>"$out/compare-1v1-pair$p.csv" 2>/dev/null || true
done
{
	echo "design,metric,mark,groups"
	awk -F, -v label=8v8-interleaved -f "$marks" "$out/compare-8v8.csv"
	awk -F, -v label=4v4-blocks -f "$marks" "$out/compare-blocks-4v4.csv"
	awk -F, -v label=1v1-pairs -f "$marks" "$out"/compare-1v1-pair*.csv
} >"$out/marks.csv"
# samples whose window was partly off-CPU, per storm and page mode
awk -F, '/^#/ { next } /^schema,/ { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["phase"] == "sample" { k = $c["workload"] " " $c["page_mode"]; n[k]++; f[k] += $c["offcpu"] == 1 }
	END { print "group,samples,offcpu"; for (k in n) print k "," n[k] "," f[k] | "sort" }' \
	runs/run-*.csv >"$out/offcpu.csv"
if "$bin" plan --help >/dev/null 2>&1; then
	cat runs/run-*.csv >"$out/all-16.csv"
	"$bin" plan "$out/all-16.csv" >"$out/plan.txt" 2>&1 || true
fi
echo "analyze.sh: results in $out (marks.csv: marks per metric and design)"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The comparisons of this study (README.md) from walltime-A.csv and
# walltime-B.csv (emu-study.sh's report joins each side's boots):
#   A v B by boot (8 v 8), the same at the sample level (what a test that
#   ignores the boots says), the first boot of each side alone (1 v 1),
#   and A v B with B's times scaled by 1.05 in every boot (a known +5%);
#   `plan` when the binary has it.
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

# scale FACTOR FILE: the time columns (ns, ns_per_page, split_ns, task-clock)
# of every data row times FACTOR; everything else as it is.
scale()
{
	awk -F, -v OFS=, -v f="$1" '/^#/ { print; next }
		/^schema,/ { for (i = 1; i <= NF; i++) t[i] = $i ~ /^(ns|ns_per_page|split_ns|ev_task_clock)$/; print; next }
		{ for (i = 1; i <= NF; i++) if (t[i] && $i != "") $i = sprintf("%.3f", $i * f); print }' "$2"
}
# first FILE: the rows of the file's first boot (its first run's lines).
first()
{
	awk '/^# lazymmu-bench results/ && n++ { exit } { print }' "$1"
}

scale 1.05 walltime-B.csv >"$out/walltime-B-x1.05.csv"
first walltime-A.csv >"$out/A-boot1.csv"
first walltime-B.csv >"$out/B-boot1.csv"
c() { "$bin" compare "$@"; }
for fmt in text csv; do
	ext=$([ $fmt = csv ] && echo csv || echo txt)
	c --format $fmt walltime-A.csv walltime-B.csv >"$out/compare-aa.$ext" 2>&1 || true
	c --format $fmt walltime-A.csv "$out/walltime-B-x1.05.csv" >"$out/compare-x1.05.$ext" 2>&1 || true
	c --format $fmt "$out/A-boot1.csv" "$out/B-boot1.csv" >"$out/compare-1v1-boot.$ext" 2>&1 || true
	if "$bin" compare --help | grep -q -- '--level'; then
		c --format $fmt --level sample walltime-A.csv walltime-B.csv \
			>"$out/compare-aa-samples.$ext" 2>&1 || true
	fi
done
{
	echo "design,metric,mark,groups"
	for d in aa x1.05 1v1-boot aa-samples; do
		[ -f "$out/compare-$d.csv" ] || continue
		grep -v '^lazymmu-bench' "$out/compare-$d.csv" | awk -F, -v label="$d" -f "$marks"
	done
} >"$out/marks.csv"
if "$bin" plan --help >/dev/null 2>&1; then
	cat walltime-A.csv walltime-B.csv >"$out/all-boots.csv"
	"$bin" plan "$out/all-boots.csv" >"$out/plan.txt" 2>&1 || true
fi
echo "analyze.sh: results in $out (marks.csv: marks per metric and design)"

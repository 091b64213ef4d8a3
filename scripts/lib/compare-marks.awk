# SPDX-License-Identifier: GPL-2.0
# awk -F, [-v label=TEXT] -f compare-marks.awk COMPARE.csv...
# Tally the marks of `lazymmu-bench compare --format csv` output: for each
# metric, how many groups of the new side (every file but the base, "A";
# geomean rows left out) got each mark (empty = no mark). Columns are
# found by name in each input's header, so added columns do not matter.
# Prints "label,metric,mark,groups" lines, sorted.
FNR == 1 { delete col; for (i = 1; i <= NF; i++) col[$i] = i; next }
!("metric" in col) || !("mark" in col) || !("file" in col) { next }
$col["file"] == "A" || $col["workload"] == "geomean" { next }
{ n[$col["metric"] SUBSEP ($col["mark"] == "" ? "(none)" : $col["mark"])]++ }
END {
	for (k in n) {
		split(k, p, SUBSEP)
		printf "%s,%s,%s,%d\n", label, p[1], p[2], n[k] | "sort"
	}
}

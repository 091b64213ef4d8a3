# SPDX-License-Identifier: GPL-2.0
# awk -F, -v key=COL -v num=COLA[/COLB] [-v scale=S] [-v phase=sample] -f csv-median.awk FILE.csv
# Median per value of column `key` of column `num` (or of the ratio num's
# COLA/COLB, times `scale`, default 1) over the data rows of a lazymmu-bench
# CSV (lines starting with # are metadata) whose phase is `phase` (default
# sample) and where the value(s) are not empty.  Prints "key,median,n".
BEGIN { if (phase == "") phase = "sample"; if (scale == "") scale = 1; split(num, part, "/") }
/^#/ { next }
!hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1
	if (!(key in col) || !(part[1] in col) || (part[2] != "" && !(part[2] in col))) {
		print "csv-median.awk: error: no column " key " or " num " in " FILENAME > "/dev/stderr"; exit 2 }
	next }
$col["phase"] != phase { next }
{
	a = $col[part[1]]; if (a == "") next
	if (part[2] != "") { b = $col[part[2]]; if (b == "" || b + 0 == 0) next; v = a / b } else v = a
	k = $col[key]; if (!(k in n)) order[++nk] = k
	vals[k, ++n[k]] = v * scale
}
END {
	for (j = 1; j <= nk; j++) {
		k = order[j]; m = n[k]
		for (i = 1; i <= m; i++) s[i] = vals[k, i]
		for (i = 2; i <= m; i++) { t = s[i]; for (l = i - 1; l >= 1 && s[l] > t; l--) s[l + 1] = s[l]; s[l + 1] = t }
		med = m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
		printf "%s,%.6g,%d\n", k, med, m
	}
}

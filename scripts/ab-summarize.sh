#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-page summary of lazymmu-bench CSVs from several kernels: for each
# workload and label, the samples' median ns/page and the mean per-page
# value of every ev_lazy_* counter (the instrumentation patch's ground
# truth). Markdown on stdout. Warm-up rows are skipped; empty cells
# (unavailable counters) are never counted as 0.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG [--counters REGEX] FILE.csv...

  --counters REGEX  which ev_ columns to show per page (default: ^ev_lazy_)
EOF
}

filter='^ev_lazy_'
while [ $# -gt 0 ]; do
	case $1 in
	--counters) lmb_need_arg "$1" "${2-}"; filter=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	-*) lmb_usage_error "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || lmb_usage_error "no CSV file given"
for f in "$@"; do
	[ -f "$f" ] || lmb_usage_error "CSV file '$f' does not exist"
done

LC_ALL=C awk -F, -v filter="$filter" -v prog="$LMB_PROG" '
function fail(m) { printf("%s: error: %s\n", prog, m) > "/dev/stderr"; exit 1 }
FNR == 1 { hdr = 0 }
/^#/ { next }
!hdr {
	delete col
	for (i = 1; i <= NF; i++)
		col[$i] = i
	for (k in need)
		if (!(k in col))
			fail(FILENAME ": no column " k "; is it a lazymmu-bench CSV?")
	for (i = 1; i <= NF; i++)
		if ($i ~ filter && $i !~ /_run$/ && !($i in evseen)) {
			evseen[$i] = 1
			evs[nev++] = $i
		}
	hdr = 1
	next
}
$col["phase"] != "sample" { next }
{
	key = $col["workload"] "|" $col["page_mode"] "|" $col["size_bytes"] "|" $col["label"]
	if (!(key in n)) {
		keys[nkey++] = key
		if (!($col["label"] in lseen)) {
			lseen[$col["label"]] = 1
			labels[nlab++] = $col["label"]
		}
	}
	n[key]++
	nsp[key, n[key]] = $col["ns_per_page"] + 0
	pages[key] = $col["pages"] + 0
	for (e = 0; e < nev; e++) {
		c = evs[e]
		if ((c in col) && $col[c] != "") {
			sum[key, c] += $col[c]
			cnt[key, c]++
		}
	}
}
function median(key,    m, i, j, t, a) {
	m = n[key]
	for (i = 1; i <= m; i++)
		a[i] = nsp[key, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
BEGIN {
	need["phase"]; need["workload"]; need["label"]; need["ns_per_page"]
	need["pages"]; need["page_mode"]; need["size_bytes"]
}
END {
	if (!nkey)
		fail("no sample rows in the given files")
	printf("| workload | mode | pages | kernel | n | median ns/page |")
	for (e = 0; e < nev; e++)
		printf(" %s /page |", substr(evs[e], 4))
	printf("\n|---|---|---:|---|---:|---:|")
	for (e = 0; e < nev; e++)
		printf("---:|")
	printf("\n")
	for (k = 0; k < nkey; k++) {
		split(keys[k], p, "|")
		printf("| %s | %s | %d | %s | %d | %.1f |", p[1], p[2],
		       pages[keys[k]], p[4], n[keys[k]], median(keys[k]))
		for (e = 0; e < nev; e++) {
			c = evs[e]
			if (cnt[keys[k], c])
				printf(" %.4f |", sum[keys[k], c] / cnt[keys[k], c] / pages[keys[k]])
			else
				printf(" n/a |")
		}
		printf("\n")
	}
}' "$@"

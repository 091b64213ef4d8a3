#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The comparisons of this study (README.md) from the seeds step of
# scripts/emu-study.sh (seeds/DESIGN/seed-S/*-emu.csv; each design's seeds
# are joined here into analysis/seeds-DESIGN.csv, in seed order):
#   per seed, the median plugin kernel instructions per page of each storm
#   (per-seed.csv) and each design minus stock-ctl at the same seed
#   (per-seed-diff.csv); each design against stock-ctl across the seeds
#   (compare tests at the seed level); the same with one seed only (one
#   boot per side: the old study's design); stock-ctl's odd seeds against
#   its even seeds (an A/A at the seed level); `plan` when the binary has it.
# Usage: analyze.sh [BIN]   (default: build/lazymmu-bench of this tree)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/lazymmu-bench}
marks=$root/scripts/lib/compare-marks.awk
median=$root/scripts/lib/csv-median.awk
base=stock-ctl
out=$here/analysis
[ -x "$bin" ] || { echo "analyze.sh: no binary $bin; build it (make) or give one" >&2; exit 2; }
[ -d "$here/seeds/$base" ] || { echo "analyze.sh: no $here/seeds/$base: run the seeds step first" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
cd "$here"
designs=$(cd seeds && ls -d */ | sed 's|/$||')
seeds=$(cd "seeds/$base" && ls -d seed-*/ | sed 's|seed-||; s|/$||' | sort -n)
emu() { ls "seeds/$1/seed-$2"/*-emu.csv 2>/dev/null | head -n 1; }
for d in $designs; do
	for s in $seeds; do
		f=$(emu "$d" "$s")
		[ -z "$f" ] || cat "$f"
	done >"$out/seeds-$d.csv"
done

{
	echo "design,seed,workload,insn_k_per_page,n"
	for d in $designs; do
		for s in $seeds; do
			f=$(emu "$d" "$s")
			[ -n "$f" ] || continue
			awk -F, -v key=workload -v num=ev_emu_insn_k/pages -f "$median" "$f" |
				sed "s/^/$d,$s,/"
		done
	done
} >"$out/per-seed.csv"
awk -F, -v base="$base" 'NR > 1 { v[$1, $2, $3] = $4; d[$1]; s[$2]; w[$3] }
	END { print "design,seed,workload,diff_insn_k_per_page"
		for (x in d) if (x != base) for (y in s) for (z in w)
			if ((x, y, z) in v && (base, y, z) in v)
				printf "%s,%s,%s,%.4f\n", x, y, z, v[x, y, z] - v[base, y, z] | "sort -t, -k1,1 -k3,3 -k2,2n" }' \
	"$out/per-seed.csv" >"$out/per-seed-diff.csv"

c() { "$bin" compare "$@"; }
first=$(head -n 1 <<<"$seeds")
for d in $designs; do
	[ "$d" != "$base" ] || continue
	c "$out/seeds-$base.csv" "$out/seeds-$d.csv" >"$out/compare-$d.txt" 2>&1 || true
	c --format csv "$out/seeds-$base.csv" "$out/seeds-$d.csv" 2>/dev/null |
		grep -v '^lazymmu-bench' >"$out/compare-$d.csv" || true
	c "$(emu "$base" "$first")" "$(emu "$d" "$first")" \
		>"$out/compare-seed$first-only-$d.txt" 2>&1 || true
	c --format csv "$(emu "$base" "$first")" "$(emu "$d" "$first")" 2>/dev/null |
		grep -v '^lazymmu-bench' >"$out/compare-seed$first-only-$d.csv" || true
done
odd=() even=()
for s in $seeds; do
	if [ $((s % 2)) = 1 ]; then odd+=("$(emu "$base" "$s")"); else even+=("$(emu "$base" "$s")"); fi
done
cat "${odd[@]}" >"$out/$base-odd-seeds.csv"
cat "${even[@]}" >"$out/$base-even-seeds.csv"
c "$out/$base-odd-seeds.csv" "$out/$base-even-seeds.csv" >"$out/compare-aa-seeds.txt" 2>&1 || true
c --format csv "$out/$base-odd-seeds.csv" "$out/$base-even-seeds.csv" 2>/dev/null |
	grep -v '^lazymmu-bench' >"$out/compare-aa-seeds.csv" || true
{
	echo "design,metric,mark,groups"
	for f in "$out"/compare-*.csv; do
		n=$(basename "$f" .csv)
		awk -F, -v label="${n#compare-}" -f "$marks" "$f"
	done
} >"$out/marks.csv"
if "$bin" plan --help >/dev/null 2>&1; then
	"$bin" plan "$out/seeds-$base.csv" >"$out/plan.txt" 2>&1 || true
fi
echo "analyze.sh: results in $out"

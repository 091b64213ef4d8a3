#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# results/qemu-arm64-7.3-vmcost/fit.py: a published table made from the
# model at known k (per machine) must give those k back, inside both
# intervals; with noise, its intervals must still hold the true k; broken
# inputs are refused with exit 2.
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STUDY=$ROOT/results/qemu-arm64-7.3-vmcost

if ! command -v python3 >/dev/null; then
	skip "vmcost fit" "missing-command: python3 (package python3)"
	finish
fi
cp "$STUDY"/{fit.py,vmalloc-icount.csv,design-counts.csv,published-table.csv} "$TMP/"

# make_table M2_K ALTRA_K NOISE_SD SEED: overwrite the table's % with the
# model's predictions at those k (+ N(0, sd) per row; h:1 contpte rows and
# rows without derived pairs keep their published values).
make_table()
{
	python3 - "$TMP" "$@" <<'EOF'
import csv, random, sys
d, km2, kal, sd, seed = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
sys.path.insert(0, d)
import fit
rng = random.Random(seed)
st, ea = fit.load_derived(d, "stock-ctl")
lines = open(d + "/published-table.csv").read().split("\n")
head = [l for l in lines if l.startswith("#")]
rows = list(csv.DictReader(l for l in lines if l and not l.startswith("#")))
for r in rows:
    key = (r["test"], int(r["nr_pages"]), int(r["use_huge"]))
    if key in st and key not in fit.CONTPTE_ROWS:
        t = fit.row_terms(st[key]["parts"], ea[key]["parts"], "pte")
        r["m2_pct"] = "%.6f" % (fit.pred(t, km2) + rng.gauss(0, sd))
        r["altra_pct"] = "%.6f" % (fit.pred(t, kal) + rng.gauss(0, sd))
with open(d + "/published-table.csv", "w") as f:
    f.write("\n".join(head) + "\n")
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
EOF
}

# k_row MACHINE: "k blo bhi plo phi" from the report's k table.
k_row()
{
	awk -F'|' -v m="$1" '$2 ~ /pte/ && $3 ~ m {
		gsub(/ /, ""); split($5, b, "-"); split($6, p, "-")
		print $4, b[1], b[2], p[1], p[2]; exit }' "$TMP/fit-report-derived.md"
}

within()	# VALUE TRUE REL
{
	awk -v v="$1" -v t="$2" -v r="$3" 'BEGIN { exit !(v >= t * (1 - r) && v <= t * (1 + r)) }'
}

make_table 150 80 0 1
if python3 "$TMP/fit.py" --dir "$TMP" --derived stock-ctl --boot 200 --sims 0 >"$TMP/out" 2>&1; then
	read -r k1 _ _ _ _ <<<"$(k_row "Apple M2")"
	read -r k2 _ _ _ _ <<<"$(k_row "Ampere Altra")"
	if within "$k1" 150 0.002 && within "$k2" 80 0.002; then
		ok "fit.py: k recovered from a noise-free table (M2 $k1 for 150, Altra $k2 for 80)"
	else
		not_ok "fit.py: noise-free k: M2 $k1 (150), Altra $k2 (80)"
	fi
else
	not_ok "fit.py on a noise-free table failed: $(tail -n 3 "$TMP/out")"
fi

# With 3 pp of noise per row, 5 tables: the profile interval holds the
# true k in most (nominal 95%); every fit stays within a factor of 2.
held=0 close=0
for seed in 1 2 3 4 5; do
	make_table 150 80 3 "$seed"
	python3 "$TMP/fit.py" --dir "$TMP" --derived stock-ctl --boot 200 --sims 0 >"$TMP/out" 2>&1 || break
	read -r k _ _ plo phi <<<"$(k_row "Apple M2")"
	awk -v a="$plo" -v b="$phi" 'BEGIN { exit !(a <= 150 && 150 <= b) }' && held=$((held + 1))
	within "$k" 150 0.5 && close=$((close + 1))
done
if [ "$held" -ge 4 ] && [ "$close" = 5 ]; then
	ok "fit.py: with noise the profile interval held the true k in $held of 5 tables"
else
	not_ok "fit.py with noise: interval held k in $held of 5, k within 50% in $close of 5"
fi

# Refusals: a table with a row missing, counts of an absent kernel.
sed -i '$d' "$TMP/published-table.csv"
expect_exit 2 "the table has 19" "fit.py: a table with 18 rows refused" \
	python3 "$TMP/fit.py" --dir "$TMP" --derived stock-ctl --sims 0
cp "$STUDY/published-table.csv" "$TMP/"
expect_exit 2 "no rows of kernel nope" "fit.py: an unknown kernel label refused" \
	python3 "$TMP/fit.py" --dir "$TMP" --derived nope --sims 0
finish

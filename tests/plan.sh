#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# lazymmu-bench plan on a synthetic A/A data set of known noise: the
# variance table, the design, the calibration file compare reads; errors.
set -u
. "$(dirname "$0")/data/compare/lib.bash"

# 4 boots x 4 runs x 10 samples of one kernel: boot sd 3%, run sd 2%, sample 2%
mkdir -p "$TMP/aa"
python3 - "$GEN" "$TMP/aa" <<'PY'
import random, subprocess, sys
gen, out = sys.argv[1], sys.argv[2]
r = random.Random(5)
for b in range(4):
    bf = r.lognormvariate(0, 0.03)
    for k in range(4):
        rf = r.lognormvariate(0, 0.02)
        with open("%s/b%d-r%d.csv" % (out, b, k), "w") as f:
            subprocess.run(["python3", gen, "--seed", str(100 * b + k), "--n", "10",
                            "--noise", "0.02", "--shift", str(bf * rf),
                            "--boot-id", "boot%d" % b, "--run-id", "r%d-%d" % (b, k),
                            "--run-start", "2026-12-07T0%d:%02d:00.000000Z" % (b, 2 * k)],
                           stdout=f, check=True)
PY
"$BIN" plan --budget 3600 --write-calibration "$TMP/host.cal" "$TMP/aa" >"$TMP/plan.txt" 2>"$TMP/plan.err"
rc=$?
check "plan of 4 boots x 4 runs: exit 0 ($(head -c 300 "$TMP/plan.err"))" [ "$rc" -eq 0 ]
check "plan: the header counts runs and boots" grep -q "16 runs in 4 boots" "$TMP/plan.txt"
check "plan: a variance row per storm with boot, run and sample sd" \
	[ "$(grep -Ec '^(munmap|mprotect) .* ns_per_page .*[0-9.]+% +[0-9.]+% +[0-9.]+% +4 +16 +160$' "$TMP/plan.txt")" -eq 4 ]
check "plan: every sample sd is near the 2% simulated" python3 - "$TMP/plan.txt" <<'PY'
import re, sys
rows = [l.split() for l in open(sys.argv[1]) if re.match(r"^(munmap|mprotect) .* ns_per_page +[0-9.]+ +[0-9.]+%", l)]
sd = [float(r[8].rstrip("%")) for r in rows]
sys.exit(not (len(sd) == 4 and all(1.6 < s < 2.5 for s in sd)))
PY
check "plan: a design per storm that detects 2.00%" \
	[ "$(grep -Ec '^(munmap|mprotect) .* 2\.00% ' "$TMP/plan.txt")" -eq 4 ]
check "plan: the budget column" grep -Eq '^munmap +4k .*% \([0-9]+ x [0-9]+ x [0-9]+\)$' "$TMP/plan.txt"
check "plan: the calibration file has boot, run and sample rows" \
	[ "$(grep -Ec '^(munmap|mprotect),(4k|thp),67108864,1,ns_per_page,(boot|run|sample),[0-9.e-]+,(4|16|160)$' "$TMP/host.cal")" -eq 12 ]

# compare reads it: one boot a side gets a calibrated verdict
mkdir -p "$TMP/a" "$TMP/b"
for i in 1 2 3; do
	gen "$TMP/a/r$i.csv" --seed $((300 + i)) --n 10 --boot-id ka --run-id "a$i"
	gen "$TMP/b/r$i.csv" --seed $((400 + i)) --n 10 --boot-id kb --run-id "b$i"
done
"$BIN" compare --metrics ns_per_page --calibration "$TMP/host.cal" "$TMP/a" "$TMP/b" >"$TMP/cal.txt" 2>&1
check "compare --calibration of plan's file: every group calibrated, none ?" \
	bash -c "[ \$(grep -Ec '^(munmap|mprotect) .*calibrated \(boot variance added\)' '$TMP/cal.txt') -eq 4 ] &&
		 ! grep -Eq '^(munmap|mprotect) .*  \?  ' '$TMP/cal.txt'"

# one boot: the boot level is unknown, said so
"$BIN" plan "$TMP/a" >"$TMP/one.txt" 2>&1
check "plan of one boot: boot variance unknown, warned" \
	grep -q "WARNING: the boot-to-boot variance is unknown (the data holds one boot)" "$TMP/one.txt"

# one run per boot (emu-study walltime rounds): the run level folds into the boot
mkdir -p "$TMP/walltime"
for b in 1 2 3 4 5 6; do
	gen "$TMP/walltime/b$b.csv" --seed $((500 + b)) --n 10 --boot-id "w$b" --run-id "w$b" \
		--shift "$(echo "1.00 1.10 0.95 1.05 0.90 1.02" | cut -d' ' -f$b)"
done
"$BIN" plan "$TMP/walltime" >"$TMP/wt.txt" 2>&1
check "plan, one run per boot: run folded into boot, said so" \
	grep -q "Note: one run per boot in the data: run-to-run and boot-to-boot variation cannot be told apart" "$TMP/wt.txt"
check "plan, one run per boot: the boot sd is estimated (about 6%), no unknown-boot warning" \
	bash -c "grep -Eq '^munmap +4k .* ns_per_page +[0-9.]+ +[4-9]\.[0-9]+% +[0-9.]+% +6 +60$' '$TMP/wt.txt' &&
		 ! grep -q 'boot-to-boot variance is unknown' '$TMP/wt.txt'"

expect_exit 2 "plan needs several runs" "plan of one run: exit 2" "$BIN" plan "$TMP/a/r1.csv"
expect_exit 2 "plan needs result files" "plan without files: exit 2" "$BIN" plan
expect_exit 2 "--target '0' is not a number between" "plan --target 0: exit 2" \
	"$BIN" plan --target 0 "$TMP/a"
"$BIN" plan --help >"$TMP/help" 2>&1
check "plan --help: names every option" \
	bash -c "for o in metrics target power alpha boot-cost run-cost budget write-calibration; do grep -q -- \"--\$o\" '$TMP/help' || exit 1; done"

finish

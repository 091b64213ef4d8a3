#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# compare with levels: runs, boots, layout seeds per side; sides of several
# files (directories, '+'); "?" when a level varies with one unit a side;
# the schedule note; a host calibration; off-CPU samples; drift within runs.
set -u
. "$(dirname "$0")/data/compare/lib.bash"

# run FILE SEED BOOT MINUTE [options]: one run of 10 samples in boot BOOT
run() {
	local f=$1 seed=$2 boot=$3 min=$4
	shift 4
	gen "$f" --seed "$seed" --n 10 --boot-id "$boot" --run-id "run-$seed" \
		--run-start "$(printf '2026-12-07T00:%02d:00.000000Z' "$min")" "$@"
}

# A/A in one boot, 8 runs a side, interleaved (A at even minutes, B at odd)
mkdir -p "$TMP/aa-a" "$TMP/aa-b"
for i in 1 2 3 4 5 6 7 8; do
	run "$TMP/aa-a/r$i.csv" $((100 + i)) boot1 $((2 * i))
	run "$TMP/aa-b/r$i.csv" $((200 + i)) boot1 $((2 * i + 1))
done
cmp_csv "$TMP/aa.csv" --level auto "$TMP/aa-a" "$TMP/aa-b"
"$BIN" compare "$TMP/aa-a" "$TMP/aa-b" >"$TMP/aa.txt" 2>&1
check "one shared boot, 8 v 8 runs: tested on runs, no ?" python3 - "$TMP/aa.csv" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == "B" and r["state"] == "ok"
     and r["metric"] == "ns_per_page"]
sys.exit(not r or any(x["unit"] != "runs" or x["mark"] == "?" for x in r))
PY
check "directories as sides: 8 runs in 1 boot, n per level" \
	grep -Eq '^munmap +4k .* 1 boot x 8 runs x 10 ' "$TMP/aa.txt"
check "interleaved runs: the header says so" grep -q "Schedule A vs B: interleaved" "$TMP/aa.txt"

# the same files joined with '+' give the same table
args=("$TMP/aa-a/r1.csv")
for i in 2 3 4 5 6 7 8; do args+=(+ "$TMP/aa-a/r$i.csv"); done
"$BIN" compare "${args[@]}" "$TMP/aa-b" >"$TMP/plus.txt" 2>&1
check "'+' joins the files of a side like a directory" \
	diff <(grep '^munmap' "$TMP/aa.txt") <(grep '^munmap' "$TMP/plus.txt")

# blocks: every run of A before every run of B
mkdir -p "$TMP/bl-a" "$TMP/bl-b"
for i in 1 2 3 4; do
	run "$TMP/bl-a/r$i.csv" $((300 + i)) boot1 "$i"
	run "$TMP/bl-b/r$i.csv" $((400 + i)) boot1 $((10 + i))
done
"$BIN" compare "$TMP/bl-a" "$TMP/bl-b" >"$TMP/bl.txt" 2>&1
check "runs in blocks: the header says blocks" grep -q "Schedule A vs B: blocks" "$TMP/bl.txt"

# boots stamped by the host (boot_time) in a guest whose clock is fixed
# (the deterministic mode: run_start repeats in every boot): the boots'
# order decides, interleaved or in blocks
mkdir -p "$TMP/fx-a" "$TMP/fx-b" "$TMP/fb-a" "$TMP/fb-b"
for i in 1 2 3 4; do
	gen "$TMP/fx-a/r$i.csv" --seed $((700 + i)) --n 10 --boot-id "fxa$i" --run-id "fxa$i" \
		--boot-time "$(printf '2026-12-07T01:%02d:00Z' $((2 * i)))"
	gen "$TMP/fx-b/r$i.csv" --seed $((710 + i)) --n 10 --boot-id "fxb$i" --run-id "fxb$i" \
		--boot-time "$(printf '2026-12-07T01:%02d:00Z' $((2 * i + 1)))"
	gen "$TMP/fb-a/r$i.csv" --seed $((720 + i)) --n 10 --boot-id "fba$i" --run-id "fba$i" \
		--boot-time "$(printf '2026-12-07T02:%02d:00Z' "$i")"
	gen "$TMP/fb-b/r$i.csv" --seed $((730 + i)) --n 10 --boot-id "fbb$i" --run-id "fbb$i" \
		--boot-time "$(printf '2026-12-07T02:%02d:00Z' $((10 + i)))"
done
"$BIN" compare "$TMP/fx-a" "$TMP/fx-b" >"$TMP/fx.txt" 2>&1
check "boots interleaved by boot_time, run_start fixed: interleaved" \
	grep -q "Schedule A vs B: interleaved" "$TMP/fx.txt"
"$BIN" compare "$TMP/fb-a" "$TMP/fb-b" >"$TMP/fb.txt" 2>&1
check "boots in blocks by boot_time, run_start fixed: blocks" \
	grep -q "Schedule A vs B: blocks" "$TMP/fb.txt"

# one boot per side (a kernel A/B): no verdict, and why; --fail-above exits 3
mkdir -p "$TMP/k-a" "$TMP/k-b"
for i in 1 2 3 4; do
	run "$TMP/k-a/r$i.csv" $((500 + i)) bootA $((2 * i))
	run "$TMP/k-b/r$i.csv" $((600 + i)) bootB $((2 * i + 1)) --shift 1.3
done
"$BIN" compare "$TMP/k-a" "$TMP/k-b" >"$TMP/k.txt" 2>&1
check "1 boot a side: every ns_per_page group is ?, even at +30%" \
	[ "$(grep -Ec '^(munmap|mprotect) .*  \?  B \?: 1 boot per side: boot-to-boot variation unknown' "$TMP/k.txt")" -ge 4 ]
check "1 boot a side: never ~, improved or REGRESSED" \
	bash -c "! grep -Eq '^(munmap|mprotect) .*(  ~  |improved|REGRESSED)' '$TMP/k.txt'"
"$BIN" compare --fail-above 3 "$TMP/k-a" "$TMP/k-b" >/dev/null 2>"$TMP/k.err"
rc=$?
check "--fail-above with only ?: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "--fail-above with only ?: says why" grep -q "no verdict (?)" "$TMP/k.err"

# a host calibration gives the boot variance: a verdict, marked calibrated
cat >"$TMP/host.cal" <<'CAL'
# lazymmu-bench calibration, schema 1
# host: testhost
# created: 2026-12-07T00:00:00Z
# source: test
workload,page_mode,size_bytes,threads,metric,level,rel_var,units
munmap,4k,67108864,1,ns_per_page,boot,0.0004,8
CAL
"$BIN" compare --calibration "$TMP/host.cal" "$TMP/k-a" "$TMP/k-b" >"$TMP/cal.txt" 2>&1
check "calibration: munmap 4k REGRESSED (calibrated)" \
	grep -Eq '^munmap +4k .*REGRESSED \(calibrated\) .*calibrated \(boot variance added\)' "$TMP/cal.txt"
check "calibration: groups it does not cover stay ?" \
	grep -Eq '^munmap +thp .*  \?  B \?: 1 boot per side' "$TMP/cal.txt"
printf '# lazymmu-bench calibration, schema 1\nworkload,page_mode,size_bytes,threads,metric,level,rel_var,units\nmunmap,4k,64M,1,ns_per_page,boot,0.1,3\n' >"$TMP/bad.cal"
"$BIN" compare --calibration "$TMP/bad.cal" "$TMP/k-a" "$TMP/k-b" >/dev/null 2>"$TMP/bad.err"
rc=$?
check "calibration with a bad size: exit 2, names the line" \
	bash -c "[ $rc -eq 2 ] && grep -q 'bad.cal:3: size_bytes' '$TMP/bad.err'"

# 3 boots a side, 2 runs each: tested on boots
mkdir -p "$TMP/b-a" "$TMP/b-b"
for b in 1 2 3; do
	for r in 1 2; do
		run "$TMP/b-a/b$b-r$r.csv" $((700 + 10 * b + r)) "a$b" $((4 * b + r)) --boot-time "2026-12-07T0$b:00:00Z"
		run "$TMP/b-b/b$b-r$r.csv" $((800 + 10 * b + r)) "b$b" $((4 * b + r + 2)) --shift 1.25 --boot-time "2026-12-07T0$b:30:00Z"
	done
done
"$BIN" compare "$TMP/b-a" "$TMP/b-b" >"$TMP/b.txt" 2>&1
check "3 v 3 boots: tested on boots, 25% slower is REGRESSED" \
	[ "$(grep -Ec '^(munmap|mprotect) .* 3 boots x 2 runs x 10 .*REGRESSED .*tested on 3 vs 3 boots' "$TMP/b.txt")" -eq 4 ]

# layout seeds: the top level when present
mkdir -p "$TMP/s-a" "$TMP/s-b"
for s in 1 2 3; do
	run "$TMP/s-a/s$s.csv" $((900 + s)) "sa$s" "$s" --layout-seed "$s"
	run "$TMP/s-b/s$s.csv" $((950 + s)) "sb$s" $((s + 5)) --layout-seed "$s"
done
"$BIN" compare "$TMP/s-a" "$TMP/s-b" >"$TMP/s.txt" 2>&1
check "3 v 3 layout seeds: tested on seeds" \
	grep -Eq '^munmap +4k .* 3 seeds x 1 boot x 1 run x 10 .*tested on 3 vs 3 seeds' "$TMP/s.txt"

# an old file (no boot_id) on a side: the reason says so
gen "$TMP/old.csv" --seed 5 --n 10
"$BIN" compare "$TMP/old.csv" "$TMP/k-b" >"$TMP/old.txt" 2>&1
check "a side without boot_id: ? says its boots are unknown" \
	grep -q 'B ?: no boot_id in A: boots unknown' "$TMP/old.txt"

# off-CPU samples: counted per group, not dropped
run "$TMP/off-a.csv" 31 bootX 1 --offcpu-every 4
run "$TMP/off-b.csv" 32 bootX 2
"$BIN" compare "$TMP/off-a.csv" "$TMP/off-b.csv" >"$TMP/off.txt" 2>&1
check "off-CPU samples: the note counts them" \
	grep -Eq '^munmap +4k .*A: [0-9]+/10 samples off-CPU' "$TMP/off.txt"

# drift is looked for within runs: two flat runs 5% apart are not drift
gen "$TMP/flat1.csv" --seed 41 --n 20 --boot-id q --run-id f1
gen "$TMP/flat2.csv" --seed 42 --n 20 --boot-id q --run-id f2 --shift 1.05
"$BIN" compare "$TMP/flat1.csv" + "$TMP/flat2.csv" "$TMP/aa-b" >"$TMP/flat.txt" 2>&1
check "a level step between runs is not drift" bash -c "! grep -q 'drifts within' '$TMP/flat.txt'"
gen "$TMP/dr1.csv" --seed 43 --n 20 --boot-id q --run-id d1 --drift 0.1
"$BIN" compare "$TMP/dr1.csv" "$TMP/aa-b" >"$TMP/dr.txt" 2>&1
check "a trend within a run is drift" grep -q 'A drifts within its runs' "$TMP/dr.txt"

# size fits: the terms' changes follow the same rule
SWEEP="$(dirname "$0")/data/compare/gen_sweep.py"
python3 "$SWEEP" --seed 1 --boot-id ka >"$TMP/sw-a.csv"
python3 "$SWEEP" --seed 2 --boot-id kb --label new --per-page 33 >"$TMP/sw-b.csv"
"$BIN" compare --metrics ns_per_page "$TMP/sw-a.csv" "$TMP/sw-b.csv" >"$TMP/sw1.txt" 2>&1
check "size fit, 1 boot a side: the term changes are ?, with the reason" \
	grep -q 'munmap 4k 2M..1G 1, ns_per_page, B: ? no verdict on the terms.*1 boot per side' "$TMP/sw1.txt"
for b in 1 2 3; do
	python3 "$SWEEP" --seed $((10 + b)) --boot-id "ka$b" --label base \
		--run-factor "$(echo "1.00 1.03 0.98" | cut -d' ' -f$b)" >"$TMP/swa$b.csv"
	python3 "$SWEEP" --seed $((20 + b)) --boot-id "kb$b" --label new --per-page 36 \
		--run-factor "$(echo "0.99 1.02 1.01" | cut -d' ' -f$b)" >"$TMP/swb$b.csv"
done
"$BIN" compare --metrics ns_per_page "$TMP/swa1.csv" + "$TMP/swa2.csv" + "$TMP/swa3.csv" \
	"$TMP/swb1.csv" + "$TMP/swb2.csv" + "$TMP/swb3.csv" >"$TMP/sw3.txt" 2>&1
check "size fit, 3 boots a side: one fit per boot, t interval" \
	grep -q 'munmap 4k 2M..1G 1, ns_per_page, B: changes tested on 3 vs 3 boots (one fit per boot' "$TMP/sw3.txt"
check "size fit, 3 boots a side: +20% per page REGRESSED" \
	grep -Eq '^ +B +5 .*\+[0-9.]+% +\[\+[0-9.]+%, \+[0-9.]+%\] +REGRESSED *$' "$TMP/sw3.txt"

finish

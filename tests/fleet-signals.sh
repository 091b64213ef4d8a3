#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of fleet/run.sh under signals and in rounds mode, on an
# inventory host that is this machine (ansible_connection=local): Ctrl-C
# (SIGINT to its process group) in a run's middle and SIGTERM to run.sh
# (the runs stopped, what was measured fetched and reported, exit 130/143,
# --collect after it); two labels interleaved in 2 rounds in seeded orders
# (files, host records, the report), --orders, and the default reboot of
# rounds mode refused on the local host.
set -u
# shellcheck source=fleet-env.bash
. "$(dirname "$0")/fleet-env.bash"

# --- Ctrl-C of run.sh in host-a's second run (of 3, long ones): the runs
# are stopped, what was measured is fetched, a report is written, exit 130.
# run.sh runs in a session of its own with SIGINT at its default (as a
# terminal's foreground job: a background job of this script would ignore
# it), and the signal goes to its process group, as a Ctrl-C would.
cat >"$TMP/one.ini" <<EOI
host-a ansible_connection=local lmb_remote_dir=$TMP/remote-a
EOI
# in_group OUT CMD...: CMD in the background, as said above; sets PID.
in_group()
{
	local out=$1
	shift
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setsid()
os.execvp(sys.argv[1], sys.argv[1:])' "$@" >"$out" 2>&1 &
	PID=$!
}
# wait_for FILE: until FILE is not empty (at most 10 minutes: a run of
# 3000 samples took over a minute under TCG on the arm64 host in a box).
wait_for()
{
	for _ in $(seq 6000); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
RES2=$TMP/res2
LONG=(--binary "$BIN" --results "$RES2" --run-args "-w munmap -p 4k -s 2M -r 3000 --warmup 1 --no-verify")
in_group "$TMP/int.out" "$RUN" -i "$TMP/one.ini" -l base -n 3 --run-id int1 "${LONG[@]}"
wait_for "$TMP/remote-a/base-int1-run2.csv"
check "Ctrl-C setup: run 2 started (so run 1 is complete) before the interrupt" test -s "$TMP/remote-a/base-int1-run2.csv"
sleep 1
kill -INT -- "-$PID"
wait "$PID"
echo $? >"$TMP/int.rc"
REPI=$RES2/fleet-base-int1.report
sed 's/^/# /' "$REPI"
check "Ctrl-C: exit status 130 ($(cat "$TMP/int.rc"))" test "$(cat "$TMP/int.rc")" -eq 130
check "Ctrl-C: a report is written" test -s "$REPI"
check "Ctrl-C: run.sh says it was interrupted, with the collect command" \
	grep -q "interrupted by SIGINT: see the report; fetch what is left with: fleet/run.sh --collect -i $TMP/one.ini -l base --run-id int1" "$TMP/int.out"
check "Ctrl-C: host-a INTERRUPTED, 1 of 3 runs complete" grep -q "^host-a: INTERRUPTED, .*: 1 of 3 run(s) complete" "$REPI"
check "Ctrl-C: run 1 fetched complete" grep -q "^  base-int1-run1.csv: complete, 3000 samples" "$REPI"
check "Ctrl-C: run 2 fetched, interrupted, partial" \
	grep -qE "^  base-int1-run2.csv: interrupted: interrupted \(.*\) after [0-9]+ samples; partial, [0-9]+ samples, not a full run" "$REPI"
check "Ctrl-C: run 3 never ran" grep -q "^  base-int1-run3.csv: not run (the fleet run was interrupted before it)" "$REPI"
check "Ctrl-C: the files are here" test -s "$RES2/host-a/base-int1-run1.csv" -a -s "$RES2/host-a/base-int1-run2.csv" -a -s "$RES2/host-a/base-int1-host.txt"
pid=$(cat "$TMP/remote-a/base-int1-run2.pid" 2>/dev/null)
check "Ctrl-C: the suite's run was stopped" test -n "$pid" -a ! -d "/proc/${pid:-0}"
# SIGTERM to run.sh alone (kill PID): the same, exit 143.
in_group "$TMP/int2.out" "$RUN" -i "$TMP/one.ini" -l base -n 2 --run-id int2 "${LONG[@]}"
wait_for "$TMP/remote-a/base-int2-run1.csv"
sleep 1
kill -TERM "$PID"
wait "$PID"
echo $? >"$TMP/int2.rc"
check "SIGTERM: exit status 143 ($(cat "$TMP/int2.rc"))" test "$(cat "$TMP/int2.rc")" -eq 143
check "SIGTERM: the report names it" grep -q "^host-a: INTERRUPTED" "$RES2/fleet-base-int2.report"
"$RUN" -i "$TMP/one.ini" -l base --run-id int2 --collect "${LONG[@]}" >"$TMP/col.out" 2>&1
check "--collect after it: exit 1 (the run is still partial) ($?)" test $? -eq 1
check "--collect: the report again, the files in place" grep -q "^host-a: FAILED, .*: 0 of 2 run(s) complete" "$RES2/fleet-base-int2.report"

# --- rounds: two labels, 2 rounds, random orders from a seed; local hosts
# cannot be rebooted, so --reboot changed (the kernel asked for runs)
t0=$(date +%s)
"$RUN" -i "$TMP/one.ini" -l base,patched --rounds 2 --seed 7 --reboot changed --run-id rd1 "${ARGS[@]}" --results "$RES2" >"$TMP/rd1.out" 2>&1
rc=$?
echo "# rounds: 2 rounds of 2 labels on 1 host: exit $rc, $(($(date +%s) - t0)) s"
REPR=$RES2/fleet-base+patched-rd1.report
sed 's/^/# /' "$REPR"
check "rounds: exit 0 ($rc)" test "$rc" -eq 0
check "rounds: one ok line per round and label" test "$(grep -cE '^host-a \[round [12], (base|patched)\]: ok' "$REPR")" -eq 4
check "rounds: the seed in the report" grep -q "2 rounds of base and patched in random orders (seed 7)" "$REPR"
for r in 1 2; do
	for l in base patched; do
		check "rounds: $l round $r: CSV and host record" test -s "$RES2/host-a/$l-rd1-round$r-run1.csv" -a -s "$RES2/host-a/$l-rd1-round$r-host.txt"
	done
	check "rounds: round $r has both labels, one first" \
		test "$(grep -h '^fleet_order: ' "$RES2"/host-a/*-rd1-round$r-host.txt | sort | tr '\n' ' ')" = "fleet_order: 1 of 2 fleet_order: 2 of 2 "
done
check "rounds: the host records say round and seed" \
	test "$(grep -lx 'fleet_seed: 7' "$RES2"/host-a/*-rd1-round*-host.txt | wc -l)" -eq 4
check "rounds: the orders in the report agree with the host records" \
	grep -qx "orders: round 1: $(sed -n 's/^fleet_order: \(.\) of 2$/\1 base/p' "$RES2"/host-a/base-rd1-round1-host.txt | grep -q '^1' && echo base patched || echo patched base); round 2: .*" "$REPR"
check "rounds: --orders, the same seed: the same orders" \
	test "$("$RUN" -i "$TMP/one.ini" -l base,patched --rounds 2 --seed 7 --orders)" = "orders (seed 7): $(sed -n 's/^orders: //p' "$REPR")"
"$RUN" -i "$TMP/one.ini" -l a,b,c,d --rounds 40 --seed 1 --orders >"$TMP/orders"
check "rounds: each round holds every label once" \
	test "$(tr ';' '\n' <"$TMP/orders" | sed 's/.*: //' | awk '{ n = split($0, w, " "); u = 0; delete s; for (i = 1; i <= n; i++) if (!s[w[i]]++) u++; if (n != 4 || u != 4) bad++ } END { print bad + 0 }')" -eq 0
check "rounds: the orders vary from round to round" \
	test "$(tr ';' '\n' <"$TMP/orders" | sed 's/.*: //' | sort -u | wc -l)" -ge 10
"$RUN" -i "$TMP/one.ini" -l base --rounds 1 --run-id rd3 "${ARGS[@]}" --results "$RES2" >"$TMP/rd3.out" 2>&1
check "rounds: a local host is never rebooted for a new boot (exit $?)" \
	grep -q "^  failed at step 'kernel: refuse to reboot the machine that runs Ansible': .* in a new boot (rounds mode reboots before every round)" "$RES2/fleet-base-rd3.report"

finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the fleet layer (fleet/): fleet/run.sh and its playbook on
# inventory hosts that are this machine (ansible_connection=local, each with
# its own work and result folders), one of them failing on purpose and one
# unreachable; the results tree (every file fetched, nothing overwritten),
# the report, and fleet/compare.sh on the fetched files and on scaled copies
# of them whose verdict is known.  Short runs: about a minute.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=$ROOT/fleet/run.sh
CMP=$ROOT/fleet/compare.sh

if ! have ansible-playbook; then
	skip_missing "fleet tests" ansible-playbook ansible-core
	finish
fi
if ! have ssh; then
	skip_missing "fleet tests (the unreachable host)" ssh openssh-client
	finish
fi

# Ansible's own temporary files stay in TMP.
export ANSIBLE_LOCAL_TEMP=$TMP/ansible-local ANSIBLE_REMOTE_TEMP=$TMP/ansible-remote
export ANSIBLE_NOCOLOR=1 ANSIBLE_HOME=$TMP/ansible-home
RES=$TMP/res
ARGS=(--binary "$BIN" --results "$RES" --run-args "-w munmap -p 4k -s 2M -r 5 --warmup 1 --no-verify")
cat >"$TMP/ok.ini" <<EOI
host-a ansible_connection=local lmb_remote_dir=$TMP/remote-a
host-b ansible_connection=local lmb_remote_dir=$TMP/remote-b
EOI
# host-b's second run fails on purpose: its suite is a wrapper that gives
# run 2 a size that is no multiple of the PMD size.  Port 1 refuses.
cat >"$TMP/flaky" <<EOI
#!/bin/sh
case "\$*" in *-run2.csv*) exec "$BIN" "\$@" -s 3M ;; esac
exec "$BIN" "\$@"
EOI
chmod +x "$TMP/flaky"
cat >"$TMP/fail.ini" <<EOI
host-a ansible_connection=local lmb_remote_dir=$TMP/remote-a
host-b ansible_connection=local lmb_remote_dir=$TMP/remote-b lmb_binary=$TMP/flaky
gone ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh
k-none ansible_connection=local lmb_remote_dir=$TMP/remote-k lmb_kernels='{"base": {"release": "0.0-none"}}'
k-local ansible_connection=local lmb_remote_dir=$TMP/remote-k lmb_kernels='{"base": {"release": "0.0-none", "boot_cmd": "false"}}'
EOI

# --- bad input: exit 2, one clear line, nothing written
expect_exit 2 "no inventory: give -i FILE" "run.sh without inventory" "$RUN" -l base
expect_exit 2 "inventory '$TMP/none.ini' does not exist" "run.sh with a missing inventory" \
	"$RUN" -i "$TMP/none.ini" -l base
expect_exit 2 "label 'a/b' is not a name" "run.sh with a bad label" "$RUN" -i "$TMP/ok.ini" -l a/b
expect_exit 2 "no label" "run.sh without label" "$RUN" -i "$TMP/ok.ini"
expect_exit 2 "--runs '0' is not a count" "run.sh --runs 0" "$RUN" -i "$TMP/ok.ini" -l base -n 0
expect_exit 2 "holds a character other than" "run.sh --run-args with a ;" \
	"$RUN" -i "$TMP/ok.ini" -l base --run-args "-w munmap; rm -rf x"
expect_exit 2 "need --kernel RELEASE" "run.sh kernel boot command without release" \
	"$RUN" -i "$TMP/ok.ini" -l base --kernel-boot-cmd true
check "bad input wrote no results folder" test ! -e "$RES"

# --- base: host-a runs, host-b's run 2 fails on purpose, gone is
# unreachable, k-none and k-local are asked for a kernel they cannot boot
t0=$(date +%s)
"$RUN" -i "$TMP/fail.ini" -l base -n 2 --run-id r1 "${ARGS[@]}" >"$TMP/r1.out" 2>&1
rc=$?
echo "# base run on 5 hosts: exit $rc, $(($(date +%s) - t0)) s"
check "a failed host makes the exit status 1 ($rc)" test "$rc" -eq 1
REP=$RES/fleet-base-r1.report
check "the report is written and printed" grep -q "^=== fleet report ($REP" "$TMP/r1.out"
sed 's/^/# /' "$REP"
check "report: host-a ok with 2 CSVs of 2 runs" grep -q "^host-a: ok, kernel $(uname -r), .* 2 CSV of 2 run(s) and 5 file(s) fetched into $RES/host-a/" "$REP"
check "report: host-b FAILED, at which step, which runs" grep -q "^host-b: FAILED, kernel" "$REP"
check "report: host-b's step, run and error" grep -q "^  failed at step 'run the suite' (run 2 of 2): lazymmu-bench: error: --size 3145728 bytes is not a multiple of the PMD size" "$REP"
check "report: host-b's finished run is fetched" grep -q "^host-b: FAILED, .* 1 CSV of 2 run(s) and 4 file(s) fetched" "$REP"
# The SSH error's wording varies (refused, broken pipe); it names the address.
check "report: gone is unreachable at connect, with the reason" grep -q "^gone: UNREACHABLE at step 'connect', nothing run or fetched: .*127\.0\.0\.1" "$REP"
for f in run1.csv run2.csv run1.log run2.log host.txt; do
	check "host-a: base-r1-$f fetched" test -s "$RES/host-a/base-r1-$f"
done
check "host-a: the CSVs are complete runs labelled base" \
	test "$(grep -lx '# label: base' "$RES"/host-a/base-r1-run*.csv | wc -l)" -eq 2
check "host-a: CSVs end complete" test "$(grep -l '^# end: complete' "$RES"/host-a/*.csv | wc -l)" -eq 2
check "host record: running kernel" grep -qx "uname_r: $(uname -r)" "$RES/host-a/base-r1-host.txt"
check "host record: perf_event_paranoid" grep -qx "perf_event_paranoid: $(cat /proc/sys/kernel/perf_event_paranoid)" "$RES/host-a/base-r1-host.txt"
check "host record: THP, governor, cpu, midr lines" test "$(grep -cE '^(thp_enabled|governor|cpu|midr_el1): ' "$RES/host-a/base-r1-host.txt")" -eq 4
check "host record: lazymmu-bench info" grep -q '^lazymmu-bench environment' "$RES/host-a/base-r1-host.txt"
check "host-b: what it finished is kept (run 1, the logs, the host record)" \
	test -s "$RES/host-b/base-r1-run1.csv" -a -s "$RES/host-b/base-r1-run2.log" -a -s "$RES/host-b/base-r1-host.txt"
check "host-b: no CSV of the failed run" test ! -e "$RES/host-b/base-r1-run2.csv"
check "gone: no results folder" test ! -e "$RES/gone"
check "another kernel asked for, no way to it: refused, no reboot" \
	grep -q "^  failed at step 'kernel: refuse to reboot without a way to the kernel asked for': running $(uname -r), asked for 0.0-none, and no kernel package, Image or boot command was given" "$REP"
check "another kernel on the local connection: never rebooted" \
	grep -q "^  failed at step 'kernel: refuse to reboot the machine that runs Ansible': .*this host uses the local connection: rebooting it would stop this run" "$REP"
sum_r1=$(cat "$RES"/host-a/base-r1-* | sha256sum)

# --- patched on both
t0=$(date +%s)
"$RUN" -i "$TMP/ok.ini" -l patched -n 2 --run-id r3 --kernel "$(uname -r)" "${ARGS[@]}" >"$TMP/r3.out" 2>&1
rc=$?
echo "# patched run on 2 hosts: exit $rc, $(($(date +%s) - t0)) s"
check "patched on both, the running kernel checked, exits 0 ($rc)" test "$rc" -eq 0
check "the hosts have 2 + 1 base and 2 + 2 patched CSVs" \
	test "$(find "$RES"/host-a "$RES"/host-b -name '*.csv' | wc -l)" -eq 7
check "the first run's files are unchanged" test "$(cat "$RES"/host-a/base-r1-* | sha256sum)" = "$sum_r1"

# --- nothing is overwritten: the same run id again
expect_exit 2 "already in $RES" "the same run id is refused before ansible runs" \
	"$RUN" -i "$TMP/ok.ini" -l patched --run-id r3 "${ARGS[@]}"
mv "$RES/fleet-patched-r3.report" "$TMP/r3.report"
mv "$RES/fleet-patched-r3.log" "$TMP/r3.log"
sum_r3=$(cat "$RES"/host-*/patched-r3-* | sha256sum)
"$RUN" -i "$TMP/ok.ini" -l patched --run-id r3 "${ARGS[@]}" >"$TMP/r3b.out" 2>&1
check "files of the run id in the results: exit 1 ($?)" test $? -eq 1
check "each host refuses before running" \
	test "$(grep -c "failed at step 'check the results folder': .* already holds files of this run" "$RES/fleet-patched-r3.report")" -eq 2
check "nothing was overwritten" test "$(cat "$RES"/host-*/patched-r3-* | sha256sum)" = "$sum_r3"

# --- cross-host compare on the fetched files
for f in text md text-mail; do
	"$CMP" --format "$f" "$RES" >"$TMP/cmp.$f" 2>"$TMP/cmp.$f.err"
	check "compare.sh --format $f exits 0 ($?)" test $? -eq 0
done
sed 's/^/# /' "$TMP/cmp.text-mail"
check "text: a table per host" test "$(grep -cE '^host-(a: patched vs base \(2 vs 2|b: patched vs base \(2 vs 1) runs' "$TMP/cmp.text")" -eq 2
check "text: summary row per host for munmap 4k 2M 1" \
	test "$(grep -cE '^  ns_per_page +munmap 4k 2M 1 +host-[ab] ' "$TMP/cmp.text")" -eq 2
check "text: the hosts' agreement" grep -qE 'host-a .*(all improved|all regressed|none significant|mixed|not proven|no verdict)' "$TMP/cmp.text"
check "md: summary table with a column per host" grep -q '^| metric | workload | host-a | host-b | hosts agree |$' "$TMP/cmp.md"
wide=$(awk 'length($0) > 72' "$TMP/cmp.text-mail" | wc -l)
check "text-mail: no line wider than 72 columns ($wide)" test "$wide" -eq 0
check "text-mail: no line ends in a blank" test "$(grep -c ' $' "$TMP/cmp.text-mail")" -eq 0
check "text-mail: base median and change per host" \
	test "$(grep -cE '^    host-[ab] +[0-9.e+]+  [-+][0-9.]+%' "$TMP/cmp.text-mail")" -eq 2

# Scaled copies with a known verdict: host-a 3x slower, host-b 3x faster
# or slower.  scale FACTOR SRC DST: every ns and ns_per_page times FACTOR,
# labelled "scaled".
scale()
{
	sed 's/^# label: .*/# label: scaled/' "$2" | awk -F, -v OFS=, -v f="$1" '
	/^#/ { print; next }
	!h { for (i = 1; i <= NF; i++) if ($i == "ns" || $i == "ns_per_page") c[i] = 1; h = 1; print; next }
	{ for (i in c) if ($i != "") $i = $i * f; print }' >"$3"
}
for h in host-a host-b; do
	mkdir -p "$TMP/up/$h" "$TMP/mixed/$h"
	cp "$RES"/$h/base-*.csv "$TMP/up/$h/"
	cp "$RES"/$h/base-*.csv "$TMP/mixed/$h/"
	for f in "$RES/$h"/base-*.csv; do
		scale 3 "$f" "$TMP/up/$h/scaled-$(basename "$f")"
	done
done
for f in "$RES"/host-a/base-*.csv; do scale 3 "$f" "$TMP/mixed/host-a/scaled-$(basename "$f")"; done
for f in "$RES"/host-b/base-*.csv; do scale 0.3 "$f" "$TMP/mixed/host-b/scaled-$(basename "$f")"; done
# the scaled copies share their runs with the base: tested on samples
"$CMP" --new scaled --level sample --format text-mail "$TMP/up/host-a" "$TMP/up/host-b" >"$TMP/up.mail" 2>&1
check "3x slower on both: all regressed" grep -qE '^  munmap 4k 2M 1 +all regressed \(2 of 2 hosts\)$' "$TMP/up.mail"
check "3x slower on both: each host marked !" test "$(grep -cE '^    host-[ab] .*\+200\.0% .*!$' "$TMP/up.mail")" -eq 2
"$CMP" --new scaled --level sample "$TMP/mixed" >"$TMP/mixed.txt" 2>&1
check "slower on one, faster on the other, --level sample: mixed" grep -q 'mixed (1 improved, 1 regressed, 0 ~)' "$TMP/mixed.txt"
"$CMP" --new scaled "$TMP/mixed" >"$TMP/mixed-auto.txt" 2>&1
check "the same, auto level: a side without boot_id or with one run is ? on that host, never ~" \
	bash -c "! grep -Eq 'none significant' '$TMP/mixed-auto.txt' && grep -Eq 'mixed|not proven|no verdict' '$TMP/mixed-auto.txt'"
"$CMP" --new base --base base "$RES" >/dev/null 2>"$TMP/err"
check "same label twice refused" grep -q "both 'base'" "$TMP/err"
"$CMP" --new scaled --format text-mail "$TMP/up/host-a" "$RES/host-b" >"$TMP/part.mail" 2>"$TMP/part.err"
check "a host without the label is left out and named" \
	grep -q "host host-b left out: no CSV labelled 'scaled'" "$TMP/part.err"
check "... in the output too" grep -q "^left out: host-b: no CSV labelled 'scaled'" "$TMP/part.mail"
expect_exit 2 "--format 'mail' is not one of text, md, text-mail" "compare.sh with a bad format" \
	"$CMP" --format mail "$RES"
expect_exit 2 "no folder given" "compare.sh without folders" "$CMP"
mkdir "$TMP/empty"
expect_exit 2 "holds no CSV files" "compare.sh on an empty folder" "$CMP" "$TMP/empty"
finish

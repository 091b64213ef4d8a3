#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the fleet layer (fleet/): fleet/run.sh and its playbook on
# inventory hosts that are this machine (ansible_connection=local, each with
# its own work and result folders; an inventory folder of an INI and a YAML
# file), one of them failing on purpose, one unreachable, one whose run is
# killed, and hosts whose names or variables would write outside the
# results or run shell text (refused); the results tree (every file
# fetched, nothing overwritten), the report (every run's state), and
# fleet/compare.sh on the fetched files and on scaled copies of them whose
# verdict is known, with a killed file, compare's warnings and "?" marks.
# Ctrl-C and the rounds mode: tests/fleet-signals.sh.
set -u
# shellcheck source=fleet-env.bash
. "$(dirname "$0")/fleet-env.bash"
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
../evil ansible_connection=local lmb_remote_dir=$TMP/remote-e
inj ansible_connection=local lmb_remote_dir=$TMP/remote-i lmb_run_args_extra="-r 3; touch $TMP/FILE #"
k-evil ansible_connection=local lmb_remote_dir=$TMP/remote-k lmb_kernels='{"base": {"release": "../../x", "boot_cmd": ["grub-reboot", "a\\nb"]}}'
EOI
# A YAML inventory: names that are paths or hold a blank, a group whose
# variables would run shell text, a remote folder with a '..' part, and a
# host whose run 2 is killed (its suite ends the file, then SIGKILLs itself
# before the end line: a partial CSV).
cat >"$TMP/killer" <<EOI
#!/bin/sh
case "\$*" in *-run2.csv*) ;; *) exec "$BIN" "\$@" ;; esac
"$BIN" "\$@" >/dev/null
for a in "\$@"; do [ "\$prev" = -o ] && out=\$a; prev=\$a; done
sed -i '/^# end:/d' "\$out"
kill -9 \$\$
EOI
chmod +x "$TMP/killer"
cat >"$TMP/bad.yml" <<EOI
all:
  vars:
    ansible_connection: local
  hosts:
    ../../escape: {lmb_remote_dir: $TMP/remote-y1}
    host a: {lmb_remote_dir: $TMP/remote-y2}
    dotdot: {lmb_remote_dir: "$TMP/remote-y3/../../x"}
    y-kill: {lmb_remote_dir: $TMP/remote-yk, lmb_binary: $TMP/killer}
  children:
    shelly:
      vars:
        lmb_run_args_extra: "-r 3 && touch $TMP/FILE2"
      hosts:
        y-grp: {lmb_remote_dir: $TMP/remote-yg}
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
expect_exit 2 "cannot be split into words (No closing quotation)" "run.sh --kernel-boot-cmd with an open quote" \
	"$RUN" -i "$TMP/ok.ini" -l base --kernel 1.0 --kernel-boot-cmd "grub-reboot 'Linux 1.0"
# a quoted word stays one word: its line break is refused in it
expect_exit 2 "a word of --kernel-boot-cmd 'a"$'\n'"b' holds a control character" "run.sh --kernel-boot-cmd: quotes keep a word whole" \
	"$RUN" -i "$TMP/ok.ini" -l base --kernel 1.0 --kernel-boot-cmd "grub-reboot 'a"$'\n'"b'"
expect_exit 2 "--kernel '../x' is not a kernel release" "run.sh --kernel with a path" \
	"$RUN" -i "$TMP/ok.ini" -l base --kernel ../x
expect_exit 2 "--run-id '../up' is not a name" "run.sh --run-id with a path" \
	"$RUN" -i "$TMP/ok.ini" -l base --run-id ../up
expect_exit 2 "sets '-o', which the fleet sets itself" "run.sh --run-args with an output file" \
	"$RUN" -i "$TMP/ok.ini" -l base --run-args "-r 3 -o /etc/x"
expect_exit 2 "several labels go with --rounds" "run.sh two labels without --rounds" \
	"$RUN" -i "$TMP/ok.ini" -l base,patched
expect_exit 2 "--rounds '0' is not a count" "run.sh --rounds 0" "$RUN" -i "$TMP/ok.ini" -l base --rounds 0
expect_exit 2 "--kernel options are for one label" "run.sh --kernel with two labels" \
	"$RUN" -i "$TMP/ok.ini" -l base,patched --rounds 2 --kernel "$(uname -r)"
expect_exit 2 "--reboot 'never' is not always or changed" "run.sh --reboot never" \
	"$RUN" -i "$TMP/ok.ini" -l base --rounds 2 --reboot never
check "bad input wrote no results folder" test ! -e "$RES"
check "--help names the interrupt's exit status" grep -q '130 interrupted by SIGINT' <("$RUN" --help)

# --- base, on an inventory folder of fail.ini and bad.yml: host-a runs,
# host-b's run 2 fails on purpose, gone is unreachable, k-none and k-local
# are asked for a kernel they cannot boot, y-kill's run 2 is killed, and
# ../evil, inj, k-evil, ../../escape, "host a", dotdot and y-grp are
# refused.  From a folder of its own, so that ../evil would land in TMP.
mkdir "$TMP/cwd" "$TMP/inv"
# (Ansible skips *.ini files in an inventory folder.)
cp "$TMP/fail.ini" "$TMP/inv/fail-hosts"
cp "$TMP/bad.yml" "$TMP/inv/"
t0=$(date +%s)
(cd "$TMP/cwd" && "$RUN" -i "$TMP/inv" -l base -n 2 --run-id r1 "${ARGS[@]}" -- -f 13) >"$TMP/r1.out" 2>&1
rc=$?
echo "# base run on 13 hosts: exit $rc, $(($(date +%s) - t0)) s"
check "a failed host makes the exit status 1 ($rc)" test "$rc" -eq 1
REP=$RES/fleet-base-r1.report
check "the report is written and printed" grep -q "^=== fleet report ($REP" "$TMP/r1.out"
sed 's/^/# /' "$REP"
check "report: host-a ok with 2 of 2 runs complete" grep -q "^host-a: ok, kernel $(uname -r), .*: 2 of 2 run(s) complete; 5 file(s) in $RES/host-a/" "$REP"
check "report: host-a's files, each complete" test "$(grep -cE '^  base-r1-run[12]\.csv: complete, 5 samples$' "$REP")" -ge 2
check "report: host-b FAILED, at which step, which runs" grep -q "^host-b: FAILED, kernel" "$REP"
check "report: host-b's step, run and error" grep -q "^  failed at step 'run the suite' (run 2 of 2): lazymmu-bench: error: --size 3145728 bytes is not a multiple of the PMD size" "$REP"
check "report: host-b's finished run is fetched" grep -q "^host-b: FAILED, .*: 1 of 2 run(s) complete; 4 file(s) in" "$REP"
check "report: host-b's run 2 has no CSV" grep -q "^  base-r1-run2.csv: missing" "$REP"
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
# Refused: a host name that is a path, shell text in a host variable, a
# kernel release that is a path and a boot command word with a line break.
check "../evil: refused at the check, named, with what to do" \
	grep -q "^\.\./evil: FAILED at step 'check the configuration' (refused), nothing run or fetched:" "$REP"
check "../evil: the value and the advice" \
	grep -q "^  host \.\./evil: the inventory host name '\.\./evil' is not a host name .*rename the host in the inventory" "$REP"
check "../evil: nothing written outside the results" test ! -e "$TMP/evil" -a ! -e "$TMP/cwd/evil" -a ! -e "$TMP/remote-e"
check "inj: lmb_run_args_extra refused, the value named" \
	grep -q "^  host inj: inventory variable lmb_run_args_extra '-r 3; touch $TMP/FILE #' holds a character other than" "$REP"
check "inj: the shell text never ran" test ! -e "$TMP/FILE"
check "inj: nothing run" test ! -e "$TMP/remote-i" -a ! -e "$RES/inj"
check "k-evil: the kernel release that is a path is refused" grep -q "^  host k-evil: the kernel release .* '\.\./\.\./x' is not a kernel release" "$REP"
check "k-evil: the boot command word with a line break is refused" grep -q "^  host k-evil: a word of the boot command 'a\\\\nb' holds a control character" "$REP"
check "no refused host is ok" test "$(grep -cE '^(\.\./evil|inj|k-evil): ok' "$REP")" -eq 0
sum_r1=$(cat "$RES"/host-a/base-r1-* | sha256sum)

# The YAML inventory: refused names and values, and a killed run.
REPY=$REP
check "YAML: '../../escape' refused" grep -q "^\.\./\.\./escape: FAILED at step 'check the configuration' (refused)" "$REPY"
check "YAML: 'host a' refused" grep -q "^host a: FAILED at step 'check the configuration' (refused)" "$REPY"
check "YAML: a remote folder with '..' refused" grep -q "^  host dotdot: the work folder .* has a '\.\.' part" "$REPY"
check "YAML: a group's lmb_run_args_extra refused like a host's" \
	grep -q "^  host y-grp: inventory variable lmb_run_args_extra '-r 3 && touch $TMP/FILE2' holds a character" "$REPY"
check "YAML: nothing outside the results, no shell text ran" \
	test ! -e "$TMP/escape" -a ! -e "$(dirname "$TMP")/escape" -a ! -e "$RES/host a" -a ! -e "$TMP/FILE2"
check "YAML: no results folder of a refused host" test ! -e "$RES/dotdot" -a ! -e "$RES/y-grp" -a -d "$RES/y-kill"
check "killed run: its partial CSV is fetched" test -s "$RES/y-kill/base-r1-run2.csv"
check "killed run: the host is not ok, 1 of 2 runs complete" grep -q "^y-kill: FAILED, .*: 1 of 2 run(s) complete" "$REPY"
check "killed run: the file is reported killed, partial" \
	grep -q '^  base-r1-run2.csv: killed: no "# end:" line .*partial, 5 samples kept, not a full run' "$REPY"

# --- patched on both
t0=$(date +%s)
"$RUN" -i "$TMP/ok.ini" -l patched -n 2 --run-id r3 --kernel "$(uname -r)" "${ARGS[@]}" >"$TMP/r3.out" 2>&1
rc=$?
echo "# patched run on 2 hosts: exit $rc, $(($(date +%s) - t0)) s"
check "patched on both, the running kernel checked, exits 0 ($rc)" test "$rc" -eq 0
check "the hosts have 2 + 1 base and 2 + 2 patched CSVs" \
	test "$(find "$RES"/host-a "$RES"/host-b -name '*.csv' | wc -l)" -eq 7
check "the host record has the boot's identity" grep -qx "boot_id: $(cat /proc/sys/kernel/random/boot_id)" "$RES/host-a/patched-r3-host.txt"
check "the first run's files are unchanged" test "$(cat "$RES"/host-a/base-r1-* | sha256sum)" = "$sum_r1"

# --- nothing is overwritten: the same run id again
expect_exit 2 "already in $RES" "the same run id is refused before ansible runs" \
	"$RUN" -i "$TMP/ok.ini" -l patched --run-id r3 "${ARGS[@]}"
mv "$RES/fleet-patched-r3.report" "$TMP/r3.report"
expect_exit 2 "(fleet-patched-r3.log fleet-patched-r3.journal)" "the refusal names the files that exist, only those" \
	"$RUN" -i "$TMP/ok.ini" -l patched --run-id r3 "${ARGS[@]}"
mv "$RES/fleet-patched-r3.log" "$TMP/r3.log"
mv "$RES/fleet-patched-r3.journal" "$TMP/r3.journal"
sum_r3=$(cat "$RES"/host-*/patched-r3-* | sha256sum)
"$RUN" -i "$TMP/ok.ini" -l patched --run-id r3 "${ARGS[@]}" >"$TMP/r3b.out" 2>&1
check "files of the run id in the results: exit 1 ($?)" test $? -eq 1
check "each host refuses before running, naming the files there" \
	test "$(grep -c "failed at step 'check the results folder': .* already holds patched-r3-host.txt, patched-r3-run1.csv, .* of this run" "$RES/fleet-patched-r3.report")" -eq 2
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

# Copies with a known verdict: host-a 3x slower, host-b 3x faster or
# slower.  The measured samples of this loaded test machine can hold a
# preempted outlier that makes 5 samples a side undecided, so the copies
# carry set values instead: scale FACTOR LABEL SRC DST writes every
# ns_per_page as FACTOR x 1000 x (1 + (row mod 5) / 100), ns in
# proportion, labelled LABEL.
scale()
{
	sed "s/^# label: .*/# label: $2/" "$3" | awk -F, -v OFS=, -v f="$1" '
	/^#/ { print; next }
	!h { for (i = 1; i <= NF; i++) { if ($i == "ns") n = i; if ($i == "ns_per_page") p = i }; h = 1; print; next }
	$p != "" && $p > 0 { v = f * 1000 * (1 + (r++ % 5) / 100); if (n) $n = $n * v / $p; $p = v }
	{ print }' >"$4"
}
for h in host-a host-b; do
	mkdir -p "$TMP/up/$h" "$TMP/mixed/$h"
	for f in "$RES/$h"/base-*.csv; do
		scale 1 base "$f" "$TMP/up/$h/$(basename "$f")"
		scale 1 base "$f" "$TMP/mixed/$h/$(basename "$f")"
	done
	for f in "$RES/$h"/base-*.csv; do
		scale 3 scaled "$f" "$TMP/up/$h/scaled-$(basename "$f")"
	done
done
for f in "$RES"/host-a/base-*.csv; do scale 3 scaled "$f" "$TMP/mixed/host-a/scaled-$(basename "$f")"; done
for f in "$RES"/host-b/base-*.csv; do scale 0.3 scaled "$f" "$TMP/mixed/host-b/scaled-$(basename "$f")"; done
# the scaled copies share their runs with the base: tested on samples
"$CMP" --new scaled --level sample --format text-mail "$TMP/up/host-a" "$TMP/up/host-b" >"$TMP/up.mail" 2>&1
check "3x slower on both: all regressed" grep -qE '^  munmap 4k 2M 1 +all regressed \(2 of 2 hosts\)$' "$TMP/up.mail"
check "3x slower on both: each host marked !" test "$(grep -cE '^    host-[ab] .*\+200\.0% .*!$' "$TMP/up.mail")" -eq 2
"$CMP" --new scaled --level sample "$TMP/mixed" >"$TMP/mixed.txt" 2>&1
check "slower on one, faster on the other, --level sample: mixed" grep -q 'mixed (1 improved, 1 regressed, 0 ~)' "$TMP/mixed.txt"
"$CMP" --new scaled "$TMP/mixed" >"$TMP/mixed-auto.txt" 2>&1
check "the same, auto level: a side without boot_id or with one run is ? on that host, never ~" \
	bash -c "! grep -Eq 'none significant' '$TMP/mixed-auto.txt' && grep -Eq 'mixed|not proven|no verdict' '$TMP/mixed-auto.txt'"
check "a single host with a verdict: no claim across hosts" \
	test "$("$CMP" --new scaled --level sample --format text-mail "$TMP/up/host-a" 2>/dev/null | grep -c '^  munmap 4k 2M 1 *not proven: 1 host with a verdict, 2 needed$')" -eq 1

# compare without a verdict ("?" with its reason: one unit a side): a
# wrapper of the suite turns the marks of the hosts named in QHOSTS into
# "?" and fills (or adds) compare's "why" column, a quoted CSV field with a
# comma and quotes in it.
cat >"$TMP/qbin" <<'EOI'
#!/bin/bash
[ "$1" = compare ] || exec "$REAL" "$@"
"$REAL" "$@" | awk -F, -v OFS=, -v q="$QHOSTS" -v f="${*: -1}" '
/^metric,/ { for (i = 1; i <= NF; i++) c[$i] = i; if (!("why" in c)) { c["why"] = NF + 1; $0 = $0 ",why" }; print; next }
f ~ q && $c["file"] == "B" && $c["mark"] != "" { $c["mark"] = "?"; $c["why"] = "\"1 boot per side, \"\"calibrate\"\"\"" }
{ print }'
EOI
chmod +x "$TMP/qbin"
REAL=$BIN QHOSTS='host-[ab]' "$CMP" --bin "$TMP/qbin" --new scaled --level sample --format text-mail "$TMP/up/host-a" "$TMP/up/host-b" >"$TMP/q2.mail" 2>&1
check "every host '?': not proven, never 'all regressed'" \
	test "$(grep -c 'not proven: 0 hosts with a verdict, 2 needed;\|all regressed' "$TMP/q2.mail")" -eq 1
check "'?': the mark and compare's reason per host" \
	test "$(grep -c '^  ? = not proven: 1 boot per side, "calibrate"$' "$TMP/q2.mail")" -eq 2
REAL=$BIN QHOSTS='host-b' "$CMP" --bin "$TMP/qbin" --new scaled --level sample "$TMP/up/host-a" "$TMP/up/host-b" >"$TMP/q1.txt" 2>&1
check "one host with a verdict, one '?': not proven" \
	grep -q 'not proven: 1 host with a verdict, 2 needed; 1 not proven' "$TMP/q1.txt"
check "... host-b marked ? in the text table" grep -qE '^  ns_per_page +munmap 4k 2M 1 +host-b .* \?( |$)' "$TMP/q1.txt"

# A folder named like no host ("host a") is left out, the others compared.
mkdir -p "$TMP/sp/host a" "$TMP/sp/host-b"
cp "$TMP/up/host-a"/*.csv "$TMP/sp/host a/"
cp "$TMP/up/host-b"/*.csv "$TMP/sp/host-b/"
"$CMP" --new scaled "$TMP/sp" >"$TMP/sp.txt" 2>"$TMP/sp.err"
check "a folder 'host a': the others compared, exit 0 ($?)" grep -q '^host-b: scaled vs base' "$TMP/sp.txt"
check "a folder 'host a': left out with the reason" \
	grep -q "^left out: host a: the folder name is not a host name" "$TMP/sp.txt"

# A partial (killed) file and compare's warnings: pooled, named, passed on.
mkdir -p "$TMP/part/host-a" "$TMP/part/host-b"
cp "$TMP/up/host-a"/*.csv "$TMP/part/host-a/"
cp "$TMP/up/host-b"/*.csv "$TMP/part/host-b/"
sed 's/^# label: .*/# label: scaled/' "$RES/y-kill/base-r1-run2.csv" >"$TMP/part/host-a/scaled-killed.csv"
sed -i 's/^# cpu_model: .*/# cpu_model: Other CPU/' "$TMP/part/host-b"/scaled-*.csv
"$CMP" --new scaled "$TMP/part" >"$TMP/part.txt" 2>"$TMP/part.err"
check "a killed file: the host's table says 1 not complete" grep -q '^host-a: scaled vs base (3 vs 2 runs, 1 not complete)' "$TMP/part.txt"
check "a killed file: named with its state" grep -q '^  not a complete run (scaled): scaled-killed.csv killed' "$TMP/part.txt"
check "a killed file: a warning on stderr" grep -q "warning: host host-a: scaled-killed.csv (new) is killed: its 5 samples are pooled, it is not a full run" "$TMP/part.err"
check "compare's warning passes through, on stderr" grep -q "^fleet/compare.sh: host host-b: lazymmu-bench: warning: cpu_model differs" "$TMP/part.err"
check "... and in the host's notes" grep -q "^  compare: lazymmu-bench: warning: cpu_model differs" "$TMP/part.txt"
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

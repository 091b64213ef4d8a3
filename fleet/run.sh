#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fleet/run.sh -i INVENTORY -l LABEL [options]
#
# Runs the suite on every host of an Ansible inventory (fleet/playbook.yml):
# per host it checks the configuration, records the host (CPU/MIDR,
# perf_event_paranoid, THP, governor, running kernel, boot id, `lazymmu-bench
# info`), installs the suite, optionally boots the kernel asked for, runs
# RUNS runs with LABEL, and fetches every CSV, run log and the host record
# into RESULTS/<host>/ (never over an existing file).  A failed, refused or
# unreachable host is reported with the step and the error; the others go
# on.  Ends with a per-host report (every run's file: complete, interrupted,
# failed, killed or missing), also written to RESULTS/fleet-NAME-RUNID.report
# (NAME: the label, or the labels joined with +).
#
#   -i, --inventory FILE   Ansible inventory, a file or a folder of them
#                          (example and host variables: fleet/inventory.example.ini)
#   -l, --label TEXT       what the hosts run now, e.g. base or patched
#                          (letters, digits, . _ -; starts with a letter or digit);
#                          with --rounds, a comma list: base,patched
#   -n, --runs N           runs per host (and per round; default 1; 4 or more
#                          per kernel to compare)
#       --profile NAME     the suite's profile, quick or full (default quick)
#       --run-args "ARGS"  more options of `lazymmu-bench run`, e.g. "-w munmap -s 2M -r 3"
#                          (after the profile; a host's lmb_run_args_extra follows)
#       --results DIR      where RESULTS/<host>/ go (default results)
#       --binary PATH      the suite to copy to every host (default by the host's
#                          architecture: build/arm64/lazymmu-bench for aarch64,
#                          else build/lazymmu-bench)
#       --run-id NAME      names this fleet run's files (default the UTC time)
#   Kernel steps (optional; per host and label also lmb_kernels in the inventory):
#       --kernel RELEASE   the kernel to run on (uname -r); when another runs:
#       --kernel-package F a .deb or .rpm to install (apt-get / dnf)
#       --kernel-image F   an Image to install as /boot/vmlinuz-RELEASE
#       --kernel-boot-cmd C  a command that makes it the next boot (grub-reboot ...),
#                          split into words as a shell would ('...' and "..."
#                          keep blanks: GRUB entries), run without a shell
#                          then reboot (ansible.builtin.reboot) and check uname -r
#   Interleaved kernels (an A/B whose kernels alternate boot by boot):
#       --rounds R         R rounds; in each, every label of -l in a new random
#                          order: boot its kernel (lmb_kernels of the host),
#                          reboot, run RUNS runs, fetch.  Files are named
#                          LABEL-RUNID-roundR-*; the host record says round,
#                          order, seed and boot id
#       --seed N           the seed of the orders (default from the clock;
#                          printed and in the report: the same seed, the same
#                          orders)
#       --orders           print the rounds' orders (for --rounds, --seed and -l)
#                          and exit, running nothing
#       --reboot WHEN      always (default with --rounds: every round in a boot
#                          of its own) or changed (only to change the kernel;
#                          the default without --rounds)
#   After an interrupted run:
#       --collect          stop what still runs of run --run-id ID (same -i, -l,
#                          --rounds and --results), fetch every file not fetched
#                          yet, and write the report again
#   -- ARGS                passed to ansible-playbook (e.g. -- --limit graviton3 -f 10)
#   -h, --help             this text
#
# Ctrl-C (SIGINT) or SIGTERM: the runs still going are stopped (their files
# end "# end: interrupted"), what was measured is fetched, the report is
# written (INTERRUPTED hosts, and where any file not fetched is and the
# --collect command that fetches it); a second Ctrl-C skips the fetching.
#
# Exit status: 0 every host ok, 1 a host failed, was refused or was
# unreachable (see the report), 2 bad usage, 3 ansible-playbook is missing
# or broke, 130 interrupted by SIGINT (143 by SIGTERM).
set -u -o pipefail

PROG=fleet/run.sh
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

# shellcheck source=cli.sh
. "$HERE/cli.sh"

INVENTORY=
LABELS=
RUNS=1
PROFILE=quick
RUN_ARGS=
RESULTS=results
BINARY=
RUN_ID=
KERNEL=
KERNEL_PACKAGE=
KERNEL_IMAGE=
KERNEL_BOOT_CMD=
ROUNDS=
SEED=
REBOOT=
COLLECT=0
ORDERS=0
PASS=()

# need_arg OPT COUNT: the option OPT has its value.
need_arg() { [ "$2" -ge 2 ] || usage_error "$1 needs a value"; }

while [ $# -gt 0 ]; do
	case $1 in
	-i | --inventory) need_arg "$1" $#; INVENTORY=$2; shift 2 ;;
	-l | --label) need_arg "$1" $#; LABELS=$2; shift 2 ;;
	-n | --runs) need_arg "$1" $#; RUNS=$2; shift 2 ;;
	--profile) need_arg "$1" $#; PROFILE=$2; shift 2 ;;
	--run-args) need_arg "$1" $#; RUN_ARGS=$2; shift 2 ;;
	--results) need_arg "$1" $#; RESULTS=$2; shift 2 ;;
	--binary) need_arg "$1" $#; BINARY=$2; shift 2 ;;
	--run-id) need_arg "$1" $#; RUN_ID=$2; shift 2 ;;
	--kernel) need_arg "$1" $#; KERNEL=$2; shift 2 ;;
	--kernel-package) need_arg "$1" $#; KERNEL_PACKAGE=$2; shift 2 ;;
	--kernel-image) need_arg "$1" $#; KERNEL_IMAGE=$2; shift 2 ;;
	--kernel-boot-cmd) need_arg "$1" $#; KERNEL_BOOT_CMD=$2; shift 2 ;;
	--rounds) need_arg "$1" $#; ROUNDS=$2; shift 2 ;;
	--seed) need_arg "$1" $#; SEED=$2; shift 2 ;;
	--reboot) need_arg "$1" $#; REBOOT=$2; shift 2 ;;
	--collect) COLLECT=1; shift ;;
	--orders) ORDERS=1; shift ;;
	-h | --help) usage 0 ;;
	--) shift; PASS=("$@"); break ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done

[ -n "$INVENTORY" ] || usage_error "no inventory: give -i FILE (example: fleet/inventory.example.ini)"
{ { [ -f "$INVENTORY" ] || [ -d "$INVENTORY" ]; } && [ -r "$INVENTORY" ]; } ||
	usage_error "inventory '$INVENTORY' does not exist or is not readable"
[ -n "$LABELS" ] || usage_error "no label: give -l TEXT, e.g. -l base"
case $PROFILE in quick | full) ;; *) usage_error "--profile '$PROFILE' is not quick or full" ;; esac
[ -n "$ROUNDS" ] || [[ $LABELS != *,* ]] ||
	usage_error "-l '$LABELS' is a list: several labels go with --rounds R (interleaved kernels)"
[ -n "$ROUNDS" ] || [ -z "$SEED" ] || usage_error "--seed is the seed of --rounds' orders: give --rounds R"
case ${REBOOT:=$([ -n "$ROUNDS" ] && echo always || echo changed)} in
always | changed) ;;
*) usage_error "--reboot '$REBOOT' is not always or changed" ;;
esac
[ "$COLLECT" = 0 ] || [ -n "$RUN_ID" ] || usage_error "--collect needs the --run-id of the run to collect"
[ -z "$RUN_ID" ] && RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$SEED" ] || SEED=$(($(date +%s%N) % 1000000000))
IFS=, read -ra LABEL_LIST <<<"$LABELS"
[ "${#LABEL_LIST[@]}" -le 1 ] || [ -z "$KERNEL$KERNEL_PACKAGE$KERNEL_IMAGE$KERNEL_BOOT_CMD" ] ||
	usage_error "--kernel options are for one label; with several labels give each host's kernels as lmb_kernels in the inventory"

# Every value that becomes a file name, a path or a command: fleet/check.sh,
# the same check as the inventory's values get on each host.
# --kernel-boot-cmd in words as a shell would split it (quotes kept
# together: a GRUB entry has blanks), never run by a shell.
BOOT_WORDS=()
if [ -n "$KERNEL_BOOT_CMD" ]; then
	why=$(python3 -c 'import shlex, sys; shlex.split(sys.argv[1])' "$KERNEL_BOOT_CMD" 2>&1) ||
		usage_error "--kernel-boot-cmd '$KERNEL_BOOT_CMD' cannot be split into words (${why##*: }): quote each word once"
	mapfile -d '' -t BOOT_WORDS < <(python3 -c 'import shlex, sys; sys.stdout.write("".join(w + "\0" for w in shlex.split(sys.argv[1])))' "$KERNEL_BOOT_CMD")
fi
CHECKS=(--run-id name "$RUN_ID" --runs count "$RUNS" --run-args words "$RUN_ARGS")
for l in "${LABEL_LIST[@]}"; do
	CHECKS+=(label name "$l")
done
[ -z "$ROUNDS" ] || CHECKS+=(--rounds count "$ROUNDS")
[[ $SEED =~ ^[0-9]{1,18}$ ]] || usage_error "--seed '$SEED' is not a whole number (at most 18 digits)"
[ -z "$BINARY" ] || CHECKS+=(--binary local-file "$BINARY")
[ -z "$KERNEL" ] || CHECKS+=(--kernel release "$KERNEL")
[ -z "$KERNEL_PACKAGE" ] || CHECKS+=(--kernel-package local-file "$KERNEL_PACKAGE")
[ -z "$KERNEL_IMAGE" ] || CHECKS+=(--kernel-image local-file "$KERNEL_IMAGE")
if [ "${#BOOT_WORDS[@]}" -gt 0 ]; then
	CHECKS+=(--kernel-boot-cmd program "${BOOT_WORDS[0]}")
	for w in "${BOOT_WORDS[@]:1}"; do
		CHECKS+=("a word of --kernel-boot-cmd" arg "$w")
	done
fi
if ! why=$("$HERE/check.sh" "${CHECKS[@]}"); then
	usage_error "${why//$'\n'/; }"
fi
[ -z "$BINARY" ] || [ -x "$BINARY" ] || usage_error "--binary '$BINARY' is not executable"
[ -n "$BINARY" ] && BINARY=$(realpath "$BINARY")
[ -n "$KERNEL_PACKAGE" ] && KERNEL_PACKAGE=$(realpath "$KERNEL_PACKAGE")
[ -n "$KERNEL_IMAGE" ] && KERNEL_IMAGE=$(realpath "$KERNEL_IMAGE")
case $KERNEL_PACKAGE in '' | *.deb | *.rpm) ;; *) usage_error "--kernel-package '$KERNEL_PACKAGE' is neither a .deb nor a .rpm" ;; esac
if [ -z "$KERNEL" ] && [ -n "$KERNEL_PACKAGE$KERNEL_IMAGE$KERNEL_BOOT_CMD" ]; then
	usage_error "--kernel-package, --kernel-image and --kernel-boot-cmd need --kernel RELEASE (what uname -r must say)"
fi

if ! command -v ansible-playbook >/dev/null 2>&1; then
	echo "$PROG: error: ansible-playbook is missing; install it with:" >&2
	echo "    sudo apt-get install -y --no-install-recommends ansible-core    (Debian/Ubuntu; or: sudo scripts/deps.sh --out build/deps)" >&2
	echo "    sudo dnf install -y ansible-core                                 (Fedora/Amazon Linux)" >&2
	echo "    pipx install ansible-core                                        (elsewhere)" >&2
	exit 3
fi

mkdir -p "$RESULTS" || usage_error "cannot create the results folder '$RESULTS'"
RESULTS=$(cd "$RESULTS" && pwd)
NAME=fleet-${LABELS//,/+}-$RUN_ID
REPORT=$RESULTS/$NAME.report
LOG=$RESULTS/$NAME.log
JOURNAL=$RESULTS/$NAME.journal
COLLECT_CMD=$(printf 'fleet/run.sh --collect -i %q -l %s%s --run-id %s --results %q' \
	"$INVENTORY" "$LABELS" "${ROUNDS:+ --rounds $ROUNDS}" "$RUN_ID" "$RESULTS")
if [ "$COLLECT" = 1 ]; then
	[ -f "$JOURNAL" ] || usage_error "no fleet run '$RUN_ID' with label '$LABELS' in $RESULTS: $JOURNAL does not exist"
else
	have=()
	for f in "$REPORT" "$LOG" "$JOURNAL"; do
		[ -e "$f" ] && have+=("${f##*/}")
	done
	[ ${#have[@]} -eq 0 ] ||
		usage_error "a fleet run '$RUN_ID' with label '$LABELS' is already in $RESULTS (${have[*]}); give another --run-id"
fi

# The steps: one per label and round, "LABEL ROUND ORDER" (ORDER "i of K"),
# each round in its own random order of the labels, from SEED.
STEPS=()
if [ -n "$ROUNDS" ]; then
	mapfile -t STEPS < <(python3 -c '
import random, sys
seed, rounds, labels = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(",")
rng = random.Random(seed)
for r in range(1, rounds + 1):
    order = labels[:]
    rng.shuffle(order)
    for i, l in enumerate(order):
        print(l, r, "%d of %d" % (i + 1, len(order)))
' "$SEED" "$ROUNDS" "$LABELS") || { echo "$PROG: error: python3 could not draw the rounds' orders" >&2; exit 3; }
else
	STEPS=("$LABELS - -")
fi
# orders_line: "round 1: base patched; round 2: patched base".
orders_line()
{
	printf '%s\n' "${STEPS[@]}" | awk '$2 != r { printf "%sround %s:", r ? "; " : "", $2; r = $2 } { printf " %s", $1 } END { print "" }'
}
if [ "$ORDERS" = 1 ]; then
	[ -n "$ROUNDS" ] || usage_error "--orders prints the orders of --rounds: give --rounds R"
	echo "orders (seed $SEED): $(orders_line)"
	exit 0
fi

VARS=$(mktemp)
SIG=
APID=
trap 'rm -f "$VARS"' EXIT
# stop SIGNAL: remember it and pass SIGINT on to the running playbook's
# process group (its own session: a Ctrl-C reaches this script only).
# shellcheck disable=SC2317 # run by the traps below
stop()
{
	[ -n "$SIG" ] || echo "$PROG: $1: stopping the runs, then fetching what was measured (Ctrl-C again: skip the fetching)" >&2
	SIG=${SIG:-$1}
	[ -z "$APID" ] || kill -INT -- "-$APID" 2>/dev/null
}
trap 'stop SIGINT' INT
trap 'stop SIGTERM' TERM

# playbook FILE LABEL ROUND ORDER: run FILE for one step (its variables as
# JSON through python3, from the environment: no quoting can break them) in
# a session of its own; sets RC.
playbook()
{
	local prefix=$2-$RUN_ID record=("fleet_run_id: $RUN_ID")

	[ "$3" = - ] || {
		prefix=$prefix-round$3
		record+=("fleet_round: $3 of $ROUNDS" "fleet_order: $4" "fleet_seed: $SEED")
	}
	FLEET_LABEL=$2 FLEET_PREFIX=$prefix FLEET_RUN_ID=$RUN_ID FLEET_RUNS=$RUNS \
	FLEET_RUN_ARGS="--profile $PROFILE${RUN_ARGS:+ $RUN_ARGS}" FLEET_RESULTS=$RESULTS \
	FLEET_BINARY=$BINARY FLEET_REPO=$ROOT FLEET_KERNEL=$KERNEL \
	FLEET_KERNEL_PACKAGE=$KERNEL_PACKAGE FLEET_KERNEL_IMAGE=$KERNEL_IMAGE \
	FLEET_KERNEL_BOOT_CMD=$KERNEL_BOOT_CMD FLEET_JOURNAL=$JOURNAL FLEET_REBOOT=$REBOOT \
	FLEET_TITLE="${3/#-/}" python3 -c '
import json, os, shlex, sys
v = {k.lower(): os.environ[k] for k in os.environ if k.startswith("FLEET_")}
v["fleet_runs"] = int(v["fleet_runs"])
v["fleet_run_args"] = v["fleet_run_args"].split()
v["fleet_kernel_boot_cmd"] = shlex.split(v["fleet_kernel_boot_cmd"])
v["fleet_record"] = sys.argv[2:]
v["fleet_title"] = ("round " + v["fleet_title"] + ", " if v["fleet_title"] else "") + v["fleet_label"]
json.dump(v, open(sys.argv[1], "w"))
' "$VARS" "${record[@]}" || { echo "$PROG: error: cannot write the variables file $VARS" >&2; exit 3; }
	# A background job's SIGINT is ignored; ansible-playbook needs it back.
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setsid()
os.execvp(sys.argv[1], sys.argv[1:])' \
		ansible-playbook -i "$INVENTORY" -e "@$VARS" "${PASS[@]}" "$HERE/$1" \
		</dev/null > >(tee -ai "$LOG") 2>&1 &
	APID=$!
	wait "$APID"
	RC=$?
	while kill -0 "$APID" 2>/dev/null; do
		wait "$APID"
		RC=$?
	done
	APID=
}

export ANSIBLE_PYTHON_INTERPRETER=${ANSIBLE_PYTHON_INTERPRETER:-auto_silent}
export ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_PIPELINING=${ANSIBLE_PIPELINING:-True}
start=$(date +%s)
RC=0
BROKE=
if [ "$COLLECT" = 0 ]; then
	printf -- '-\t-\truns\t%s\n-\t-\ttitle\tfleet run %s: %s, %s run(s) per host of: run --profile %s%s\n' \
		"$RUNS" "$RUN_ID" "${ROUNDS:+$ROUNDS rounds of }${LABELS//,/ and }${ROUNDS:+ in random orders (seed $SEED), reboot $REBOOT}" \
		"$RUNS" "$PROFILE" "${RUN_ARGS:+ $RUN_ARGS}" >"$JOURNAL"
	[ -z "$ROUNDS" ] || printf -- '-\t-\ttitle\torders: %s\n' "$(orders_line)" >>"$JOURNAL"
	echo "$PROG: run $RUN_ID, label ${LABELS//,/ and }, $RUNS run(s) per host${ROUNDS:+, $ROUNDS rounds (seed $SEED)}; log $LOG" >&2
	for s in "${STEPS[@]}"; do
		read -r label round order <<<"$s"
		[ "$round" = - ] || echo "$PROG: round $round, $label ($order)" >&2
		playbook playbook.yml "$label" "$round" "$order"
		case $RC in 0 | 2 | 4) ;; *) [ -n "$SIG" ] || BROKE=$RC ;; esac
		[ -z "$SIG" ] || break
	done
fi
# Collect: after an interrupt (the step it stopped), or on demand (every
# step of the journal).  A second signal stops it.
if [ -n "$SIG" ] || [ "$COLLECT" = 1 ]; then
	sig=$SIG
	SIG=
	if [ "$COLLECT" = 1 ]; then
		mapfile -t STEPS < <(awk -F'\t' '$3 == "host" && !s[$2]++ { print $2 }' "$JOURNAL")
	else
		STEPS=("$(awk -F'\t' '$3 == "host" { p = $2 } END { print p }' "$JOURNAL")")
	fi
	for p in "${STEPS[@]}"; do
		[ -n "$p" ] || continue
		label=${p%%-"$RUN_ID"*}
		round=$(sed -n 's/.*-round\([0-9]*\)$/\1/p' <<<"$p")
		echo "$PROG: collecting $p" >&2
		playbook collect.yml "$label" "${round:--}" -
		[ -z "$SIG" ] || break
	done
	[ -z "$SIG" ] || echo "$PROG: $SIG again: not fetched; the report says where the files are" >&2
	SIG=${sig:-$SIG}
fi
secs=$(($(date +%s) - start))

RUNS_J=$(awk -F'\t' '$3 == "runs" { print $4; exit }' "$JOURNAL")
{
	awk -F'\t' '$3 == "title" { print $4 }' "$JOURNAL"
	"$HERE/report.sh" "$JOURNAL" "$RESULTS" "${RUNS_J:-$RUNS}" "$COLLECT_CMD" "$SIG"
} >"$REPORT.tmp" && mv "$REPORT.tmp" "$REPORT"
echo
echo "=== fleet report ($REPORT, ${secs}s)"
cat "$REPORT"
if [ -n "$SIG" ]; then
	echo "$PROG: interrupted by $SIG: see the report; fetch what is left with: $COLLECT_CMD" >&2
	[ "$SIG" = SIGINT ] && exit 130
	exit 143
fi
if ! awk -F'\t' '$3 == "host" { found = 1 } END { exit !found }' "$JOURNAL"; then
	echo "$PROG: error: no host of $INVENTORY took part (none in it, or --limit left none, or ansible-playbook broke): see the log $LOG" >&2
	exit 3
fi
if [ -n "$BROKE" ]; then
	echo "$PROG: error: ansible-playbook exited with status $BROKE: see the log $LOG" >&2
	exit 3
fi
grep -Eq '^[^ ].*: (FAILED|UNREACHABLE|INTERRUPTED)' "$REPORT" && exit 1
exit 0

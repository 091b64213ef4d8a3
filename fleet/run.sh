#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fleet/run.sh -i INVENTORY -l LABEL [options]
#
# Runs the suite on every host of an Ansible inventory (fleet/playbook.yml):
# per host it records the host (CPU/MIDR, perf_event_paranoid, THP, governor,
# running kernel, `lazymmu-bench info`), installs the suite, optionally boots
# the kernel asked for, runs RUNS runs with LABEL, and fetches every CSV, run
# log and the host record into RESULTS/<host>/ (never over an existing
# file).  A failed or unreachable host is reported with the step and the
# error; the others go on.  Ends with a per-host report, also written to
# RESULTS/fleet-LABEL-RUNID.report.
#
#   -i, --inventory FILE   Ansible inventory (example and host variables:
#                          fleet/inventory.example.ini)
#   -l, --label TEXT       what the hosts run now, e.g. base or patched
#                          (letters, digits, . _ -; starts with a letter or digit)
#   -n, --runs N           runs per host (default 1; 4 or more per kernel to compare)
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
#       --kernel-boot-cmd C  a command that makes it the next boot (grub-reboot ...)
#                          then reboot (ansible.builtin.reboot) and check uname -r
#   -- ARGS                passed to ansible-playbook (e.g. -- --limit graviton3 -f 10)
#   -h, --help             this text
#
# Exit status: 0 every host ok, 1 a host failed or was unreachable (see the
# report), 2 bad usage, 3 ansible-playbook is missing or broke.
set -u -o pipefail

PROG=fleet/run.sh
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

# shellcheck source=cli.sh
. "$HERE/cli.sh"

INVENTORY=
LABEL=
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
PASS=()

# need_arg OPT COUNT: the option OPT has its value.
need_arg() { [ "$2" -ge 2 ] || usage_error "$1 needs a value"; }

while [ $# -gt 0 ]; do
	case $1 in
	-i | --inventory) need_arg "$1" $#; INVENTORY=$2; shift 2 ;;
	-l | --label) need_arg "$1" $#; LABEL=$2; shift 2 ;;
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
	-h | --help) usage 0 ;;
	--) shift; PASS=("$@"); break ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done

NAME_RE='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
[ -n "$INVENTORY" ] || usage_error "no inventory: give -i FILE (example: fleet/inventory.example.ini)"
{ [ -f "$INVENTORY" ] && [ -r "$INVENTORY" ]; } ||
	usage_error "inventory '$INVENTORY' does not exist or is not readable"
[ -n "$LABEL" ] || usage_error "no label: give -l TEXT, e.g. -l base"
[[ $LABEL =~ $NAME_RE ]] ||
	usage_error "label '$LABEL' is not a name: use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)"
[[ $RUNS =~ ^[1-9][0-9]{0,2}$ ]] || usage_error "--runs '$RUNS' is not a count from 1 to 999"
case $PROFILE in quick | full) ;; *) usage_error "--profile '$PROFILE' is not quick or full" ;; esac
# The run options reach a remote shell: plain words only.
[[ $RUN_ARGS =~ ^[A-Za-z0-9\ ,._:=/+-]*$ ]] ||
	usage_error "--run-args '$RUN_ARGS' holds a character other than letters, digits, blanks and , . _ : = / + -"
[ -z "$RUN_ID" ] && RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
[[ $RUN_ID =~ $NAME_RE ]] || usage_error "--run-id '$RUN_ID' is not a name: use letters, digits, '.', '_' and '-'"
if [ -n "$BINARY" ]; then
	{ [ -f "$BINARY" ] && [ -x "$BINARY" ]; } ||
		usage_error "--binary '$BINARY' does not exist or is not executable"
	BINARY=$(realpath "$BINARY")
fi
for f in "$KERNEL_PACKAGE" "$KERNEL_IMAGE"; do
	[ -z "$f" ] || [ -f "$f" ] || usage_error "kernel file '$f' does not exist"
done
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
REPORT="$RESULTS/fleet-$LABEL-$RUN_ID.report"
LOG="$RESULTS/fleet-$LABEL-$RUN_ID.log"
if [ -e "$REPORT" ] || [ -e "$LOG" ]; then
	usage_error "a fleet run '$RUN_ID' with label '$LABEL' is already in $RESULTS ($REPORT); give another --run-id"
fi

VARS=$(mktemp)
trap 'rm -f "$VARS"' EXIT
# The variables as JSON through python3 (ansible needs it anyway): values
# travel in the environment, so no quoting can break them.
FLEET_LABEL=$LABEL FLEET_RUN_ID=$RUN_ID FLEET_RUNS=$RUNS \
FLEET_RUN_ARGS="--profile $PROFILE${RUN_ARGS:+ $RUN_ARGS}" FLEET_RESULTS=$RESULTS \
FLEET_BINARY=$BINARY FLEET_REPO=$ROOT FLEET_KERNEL=$KERNEL \
FLEET_KERNEL_PACKAGE=$KERNEL_PACKAGE FLEET_KERNEL_IMAGE=$KERNEL_IMAGE \
FLEET_KERNEL_BOOT_CMD=$KERNEL_BOOT_CMD python3 -c '
import json, os, sys
v = {k.lower(): os.environ[k] for k in os.environ if k.startswith("FLEET_")}
v["fleet_runs"] = int(v["fleet_runs"])
json.dump(v, open(sys.argv[1], "w"))
' "$VARS" || { echo "$PROG: error: cannot write the variables file $VARS" >&2; exit 3; }

export ANSIBLE_PYTHON_INTERPRETER=${ANSIBLE_PYTHON_INTERPRETER:-auto_silent}
export ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_PIPELINING=${ANSIBLE_PIPELINING:-True}
echo "$PROG: run $RUN_ID, label $LABEL, $RUNS run(s) per host; log $LOG" >&2
start=$(date +%s)
ansible-playbook -i "$INVENTORY" -e "@$VARS" "${PASS[@]}" "$HERE/playbook.yml" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
secs=$(($(date +%s) - start))
if [ ! -f "$REPORT" ]; then
	echo "$PROG: error: ansible-playbook exited with status $rc and wrote no report ($REPORT): see the log $LOG" >&2
	exit 3
fi
echo
echo "=== fleet report ($REPORT, ${secs}s)"
cat "$REPORT"
# ansible-playbook: 0 ok, 2 a host failed, 4 unreachable (rescued failures
# give 0, so the report decides).
if grep -Eq '^[^ ].*: (FAILED|UNREACHABLE)' "$REPORT"; then
	exit 1
fi
case $rc in
0) exit 0 ;;
2 | 4) echo "$PROG: ansible-playbook exited with status $rc: see $LOG" >&2; exit 1 ;;
*) echo "$PROG: error: ansible-playbook exited with status $rc: see $LOG" >&2; exit 3 ;;
esac

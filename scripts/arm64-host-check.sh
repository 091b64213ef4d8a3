#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sudo scripts/arm64-host-check.sh [options]
#
# The whole path on the arm64 host in a box (scripts/arm64-host.sh), as a
# user of a fresh Graviton host and as the fleet see it, each step timed in
# the log:
#   1. create the image (cached) and a fresh disk; start it (boot to SSH)
#   2. a clone of the current commit (git bundle, not the work tree) in the
#      cloud user's home, then the README's first command there:
#      sudo scripts/bench.sh (native arm64 build, packages installed by the
#      suite, libperf from the guest's own linux-source package)
#   3. lazymmu-bench info (the MIDR through pmu-events, virtualized)
#   4. the fleet, unchanged, against it: per --labels entry, fleet/run.sh
#      with --kernel RELEASE --kernel-package <its .deb> --kernel-boot-cmd
#      grub-reboot ..., i.e. install, reboot, check uname -r, run, fetch;
#      the suite is the one step 2 built (lmb_binary_on_host)
#   5. the fleet's rounds mode over real reboots: fleet/run.sh -l with
#      every --labels entry and --rounds R (each round every kernel in a
#      random order, each run in a boot of its own: A B B A ...), the
#      kernels per label in the inventory (lmb_kernels); then compare of
#      the first label against the second, boots as the level tested
#   6. make check in the guest as the cloud user (in the background there;
#      polled until done or --check-timeout; each test file may take an
#      hour, LMB_TEST_TIMEOUT=3600, for TCG), the tally and every skip
#
#   --dir DIR          the machine's folder (arm64-host.sh --dir; default
#                      /var/tmp/lmb-arm64host)
#   --host-args "ARGS" more arm64-host.sh options, e.g. "--port 10023 --cache
#                      /var/tmp/lmb-arm64host/cache" (a second machine)
#   --steps LIST       of boot,readme,info,fleet,rounds,check (default all,
#                      in this order; boot = create + start, kept if it runs
#                      already)
#   --rounds R         rounds of the rounds step (default 2: 2 boots a kernel)
#                      order; boot = create + start, kept if it runs already)
#   --binary PATH      the suite the fleet copies (default: the one the
#                      readme step built in the guest, lmb_binary_on_host)
#   --log FILE         default /var/tmp/lmb-logs/arm64-host-<UTC time>.log;
#                      each step's output next to it (FILE.<step>)
#   --kernels DIR      kernel-build.sh --deb output root (default
#                      /var/tmp/lazymmu-kbuild/deb): DIR/LABEL/linux-image-*.deb
#                      (a Debian kernel package there works as well)
#   --labels LIST      kernels for the fleet step, in order (default
#                      stock,never-nest-clean; "" skips the step)
#   --run-args "ARGS"  the fleet runs' suite options (default
#                      "-w munmap -s 2M -r 3 --warmup 1": emulated time is dear)
#   --check-timeout S  how long to wait for make check (default 14400)
#   --keep-disk        do not start from a fresh disk (reuse the last one)
#   -h, --help         this text
#
# Slow (an hour or more under TCG on a 2-core host): run it with nohup before
# closing an issue about the arm64 host or the fleet's kernel steps; never
# in CI (tests/arm64-host.sh is the quick part).  Needs root for the image.
# Exit status: 0 every step passed, 1 a step failed, 2 bad usage.
set -u -o pipefail

PROG=arm64-host-check.sh
usage()
{
	sed -n '3,55p' "$0" | sed 's/^# \{0,1\}//'
	exit "$1"
}

usage_error()
{
	echo "$PROG: error: $*; see $PROG --help" >&2
	exit 2
}

REPO=$(cd "$(dirname "$0")/.." && pwd)
AH=$REPO/scripts/arm64-host.sh
DIR=/var/tmp/lmb-arm64host
LOG=
KERNELS=/var/tmp/lazymmu-kbuild/deb
LABELS=stock,never-nest-clean
RUN_ARGS="-w munmap -s 2M -r 3 --warmup 1"
CHECK_TIMEOUT=14400
STEPS=boot,readme,info,fleet,rounds,check
ROUNDS=2
HOST_ARGS=
BINARY=
FRESH=--fresh
while [ $# -gt 0 ]; do
	case $1 in
	--dir | --log | --kernels | --labels | --run-args | --check-timeout | --host-args | --steps | --binary | --rounds)
		[ $# -ge 2 ] || usage_error "option $1 needs a value"
		case $1 in
		--dir) DIR=$2 ;;
		--log) LOG=$2 ;;
		--kernels) KERNELS=$2 ;;
		--labels) LABELS=$2 ;;
		--run-args) RUN_ARGS=$2 ;;
		--check-timeout) CHECK_TIMEOUT=$2 ;;
		--host-args) HOST_ARGS=$2 ;;
		--steps) STEPS=$2 ;;
		--binary) BINARY=$2 ;;
		--rounds) ROUNDS=$2 ;;
		esac
		shift 2 ;;
	--keep-disk) FRESH=; shift ;;
	-h | --help) usage 0 ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done
[[ $STEPS =~ ^(boot|readme|info|fleet|rounds|check)(,(boot|readme|info|fleet|rounds|check))*$ ]] ||
	usage_error "--steps '$STEPS' is not a list of boot, readme, info, fleet, rounds, check"
[[ $ROUNDS =~ ^[1-9][0-9]?$ ]] || usage_error "--rounds '$ROUNDS' is not a count of rounds (1-99)"
[[ $HOST_ARGS =~ ^[A-Za-z0-9\ ,._/=-]*$ ]] ||
	usage_error "--host-args '$HOST_ARGS' holds a character other than letters, digits, blanks and , . _ / = -"
if [ -n "$BINARY" ]; then
	[ -x "$BINARY" ] || usage_error "--binary '$BINARY' is not an executable file"
	BINARY=$(realpath "$BINARY")
fi
[[ $CHECK_TIMEOUT =~ ^[1-9][0-9]*$ ]] || usage_error "--check-timeout '$CHECK_TIMEOUT' is not a number of seconds"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$LOG" ] || LOG=/var/tmp/lmb-logs/arm64-host-$STAMP.log
mkdir -p "$(dirname "$LOG")" || usage_error "cannot create $(dirname "$LOG")"
: >"$LOG" || usage_error "cannot write $LOG"
RESULTS=$(dirname "$LOG")/arm64-host-$STAMP-fleet

log()
{
	printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG" >&2
}

# step NAME CMD...: run CMD with its output in $LOG.NAME; log time and status.
step()
{
	local name=$1 t0 rc

	shift
	log "[$name] $*"
	t0=$(date +%s.%N)
	"$@" >"$LOG.$name" 2>&1 </dev/null
	rc=$?
	log "[$name] time $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s, exit $rc (output: $LOG.$name)"
	return $rc
}

# shellcheck disable=SC2086  # HOST_ARGS: words checked above
ah() { "$AH" --dir "$DIR" $HOST_ARGS "$@"; }
want() { case ",$STEPS," in *",$1,"*) return 0 ;; esac; return 1; }
guest() { ah ssh "$@"; }

main()
{
	failed=()

	log "arm64 host check of $(git -C "$REPO" rev-parse --short HEAD) ($(git -C "$REPO" log -1 --format=%s | cut -c1-60))"
	[ -z "$(git -C "$REPO" status --porcelain --untracked-files=no)" ] ||
		log "note: $REPO has uncommitted changes; they are NOT in the guest's clone"
	if want boot && ah status >/dev/null 2>&1; then
		log "[boot] the machine runs already: $(ah status | head -n 1)"
	elif want boot; then
		# shellcheck disable=SC2086  # FRESH is one word or none
		step create ah $FRESH create || { tail -n 20 "$LOG.create" >>"$LOG"; log "FAILED: create"; exit 1; }
		grep -E 'built in|from the cache' "$LOG.create" | sed 's/^/    /' >>"$LOG"
		step start ah start || { tail -n 25 "$LOG.start" >>"$LOG"; log "FAILED: start"; exit 1; }
		grep 'SSH answered' "$LOG.start" | sed 's/^/    /' | tee -a "$LOG" >&2
	fi
	ah status >/dev/null 2>&1 || { log "FAILED: the machine does not answer (arm64-host.sh status)"; exit 1; }
	want readme && readme_step
	want info && info_step
	want fleet && fleet_step
	want rounds && rounds_step
	want check && check_step
	if [ ${#failed[@]} -ne 0 ]; then
		log "FAILED: ${failed[*]}"
		exit 1
	fi
	log "passed: $STEPS"
}

# clone_in: the bundle into the guest, cloned there as lazymmu-bench/.
clone_in()
{
	guest 'cat > suite.bundle' <"$DIR/suite.bundle" &&
		guest 'rm -rf lazymmu-bench && git clone -q suite.bundle lazymmu-bench'
}

readme_step()
{
	# The clone, as a user would have it (git bundle of HEAD, no work tree).
	git -C "$REPO" bundle create "$DIR/suite.bundle" HEAD >/dev/null 2>&1 ||
		{ log "FAILED: git bundle"; exit 1; }
	step clone clone_in || { log "FAILED: clone"; exit 1; }
	step readme guest 'cd lazymmu-bench && time sudo scripts/bench.sh' || failed+=("sudo scripts/bench.sh")
	tail -n 20 "$LOG.readme" | sed 's/^/    /' >>"$LOG"
}

info_step()
{
	# The README's Graviton step 3: kernel-mode counting for the user.
	guest 'sudo sysctl -q kernel.perf_event_paranoid=1' || failed+=("sysctl perf_event_paranoid")
	step info guest 'lazymmu-bench/build/lazymmu-bench info' || failed+=("info")
	grep -E '^ *(cpu_model|midr_el1|pmu|virtualized|virtualized_evidence) |pmu events|zero=' "$LOG.info" |
		sed 's/^/    /' | tee -a "$LOG" >&2
}

# package_of LABEL: sets deb and rel (the linux-image package of LABEL
# and its release), or says why not and returns 1.
package_of()
{
	deb=$(find "$KERNELS/$1" -maxdepth 1 -name 'linux-image-*.deb' ! -name '*-dbg_*' 2>/dev/null | head -n 1)
	# linux-image-<release>: bindeb-pkg's and Debian's packages alike
	rel=$([ -n "$deb" ] && dpkg-deb -f "$deb" Package | sed -n 's/^linux-image-//p')
	[ -n "$deb" ] && [ -n "$rel" ] && return 0
	log "[fleet-$1] no package: $KERNELS/$1 has no linux-image-<release>_*.deb (kernel-build.sh --deb --label $1 --out $KERNELS ...)"
	return 1
}

grub_entry() { echo "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux $1"; }

# inventory_to FILE [VARS]: the machine as an inventory, with VARS.
inventory_to()
{
	suite=()
	if [ -n "$BINARY" ]; then
		suite=(--binary "$BINARY")
		{ echo "[arm64box]"; echo "$(ah inventory)${2:+ $2}"; } >"$1"
	else
		{ echo "[arm64box]"; echo "$(ah inventory) lmb_binary_on_host=$(guest 'echo $HOME')/lazymmu-bench/build/lazymmu-bench${2:+ $2}"; } >"$1"
	fi
}

# The fleet's kernel switch, one label after another.
fleet_step()
{
	local l deb rel inv=$DIR/inventory.ini suite=() labels=()

	inventory_to "$inv"
	IFS=, read -r -a labels <<<"$LABELS"
	for l in "${labels[@]}"; do
		package_of "$l" || { failed+=("fleet $l: no package"); continue; }
		log "[fleet-$l] uname -r before: $(guest uname -r)"
		touch "$LOG.fleet-$l.start"
		step "fleet-$l" "$REPO/fleet/run.sh" -i "$inv" -l "$l" --results "$RESULTS" "${suite[@]}" \
			--run-args "$RUN_ARGS" --kernel "$rel" --kernel-package "$deb" \
			--kernel-boot-cmd "grub-reboot '$(grub_entry "$rel")'" ||
			failed+=("fleet $l")
		sed -n '/=== fleet report/,$p' "$LOG.fleet-$l" | sed 's/^/    /' | tee -a "$LOG" >&2
		log "[fleet-$l] uname -r after: $(guest uname -r); fetched: $(find "$RESULTS" -name "$l-*" -newer "$LOG.fleet-$l.start" -printf '%P ' 2>/dev/null)"
	done
}

# The rounds mode over real reboots: every label's package and boot entry
# in the inventory (lmb_kernels, JSON), one fleet run of all labels.
rounds_step()
{
	local l deb rel inv=$DIR/inventory-rounds.ini suite=() labels=() kernels="" first second

	IFS=, read -r -a labels <<<"$LABELS"
	for l in "${labels[@]}"; do
		package_of "$l" || { failed+=("rounds: no package for $l"); return; }
		kernels+="${kernels:+, }\"$l\": {\"release\": \"$rel\", \"package\": \"$deb\", \"boot_cmd\": [\"grub-reboot\", \"$(grub_entry "$rel")\"]}"
	done
	inventory_to "$inv" "lmb_kernels='{$kernels}'"
	log "[rounds] uname -r before: $(guest uname -r)"
	step rounds "$REPO/fleet/run.sh" -i "$inv" -l "$LABELS" --rounds "$ROUNDS" --run-id rounds \
		--results "$RESULTS" "${suite[@]}" --run-args "$RUN_ARGS" || failed+=("rounds")
	sed -n '/=== fleet report/,$p' "$LOG.rounds" | sed 's/^/    /' | tee -a "$LOG" >&2
	log "[rounds] uname -r after: $(guest uname -r)"
	first=${labels[0]}
	second=${labels[1]:-}
	[ -n "$second" ] || return
	# This tree's suite compares what the guest measured: each side the
	# label's files of every round joined with "+", boots as the level.
	local a=() b=() f
	for f in "$RESULTS"/*/"$first"-rounds-round*-run*.csv; do [ -f "$f" ] && a+=(${a[0]:++} "$f"); done
	for f in "$RESULTS"/*/"$second"-rounds-round*-run*.csv; do [ -f "$f" ] && b+=(${b[0]:++} "$f"); done
	if [ ${#a[@]} -eq 0 ] || [ ${#b[@]} -eq 0 ]; then
		log "[rounds] nothing to compare: no CSV of $first or of $second in $RESULTS"
	elif [ -x "$REPO/build/lazymmu-bench" ]; then
		step rounds-compare "$REPO/build/lazymmu-bench" compare "${a[@]}" "${b[@]}" ||
			failed+=("rounds: compare")
		sed 's/^/    /' "$LOG.rounds-compare" >>"$LOG"
	else
		log "[rounds] $REPO/build/lazymmu-bench is not built (make): no compare"
	fi
}

check_step()
{
	local t0 tally

	if true; then
		log "[check] make check in the guest, in the background there (output: $LOG.check)"
		guest 'cd lazymmu-bench && rm -f check.log check.rc && (nohup sh -c "LMB_TEST_TIMEOUT=3600 make check > check.log 2>&1; echo \$? > check.rc" >/dev/null 2>&1 &)'
		t0=$(date +%s)
		while ! guest 'test -e lazymmu-bench/check.rc' 2>/dev/null; do
			if [ $(($(date +%s) - t0)) -ge "$CHECK_TIMEOUT" ]; then
				log "[check] not done after ${CHECK_TIMEOUT}s; last lines:"
				guest 'tail -n 5 lazymmu-bench/check.log' | sed 's/^/    /' >>"$LOG"
				failed+=("make check (timeout)")
				break
			fi
			sleep 60
		done
		guest 'cat lazymmu-bench/check.log' >"$LOG.check" 2>&1
		log "[check] time $(($(date +%s) - t0)) s, exit $(guest 'cat lazymmu-bench/check.rc' 2>/dev/null)"
		tally=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$LOG.check" | tail -n 1)
		log "[check] tally: ${tally:-none}"
		grep -E '^[[:space:]]*(# )?(ok|1\.\.0).*# *SKIP' "$LOG.check" |
			sed -E 's/^[[:space:]]*(# )?//; s/^ok [0-9]+ //' | sort | uniq -c |
			sed 's/^ */    /' | tee -a "$LOG" >&2
		case $tally in *" 0 failed, "*) ;; *) failed+=("make check") ;; esac
	fi
}

main
exit $?

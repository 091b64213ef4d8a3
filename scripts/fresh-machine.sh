#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sudo scripts/fresh-machine.sh [options]
#
# Proves that a fresh Debian machine passes: builds a minimal Debian root file
# system with debootstrap (minbase plus git and sudo, from the mirror apt uses
# here), copies a clean clone of the current commit in (git clone, not the
# work tree), and runs the README's two commands inside it with chroot:
#   sudo scripts/bench.sh    then    make check
# then the kernel side's dependency step (scripts/ab-study.sh --deps-only:
# first as an unprivileged user, which only prints the command, then a dry
# run, then as root, which installs).  /proc, /sys, /dev, /dev/pts and
# /dev/shm are mounted in the root for the run and everything is unmounted
# afterwards, also on failure or Ctrl-C.  The log records the time of every
# command, the final tally of make check, and every skip with its reason.
#
#   --log FILE     the log (default /var/tmp/lmb-logs/fresh-<UTC time>.log);
#                  each command's full output goes next to it (FILE.<step>)
#   --cache DIR    where the root file system tarball is kept between runs
#                  (default /var/tmp/lmb-fresh); --refresh builds it again
#   --mirror URL   Debian mirror (default: the first "deb" source of this
#                  machine's apt configuration for its release)
#   --suite NAME   Debian release (default: this machine's, e.g. bookworm)
#   --rev REV      commit to clone (default HEAD)
#   --no-check     stop after the first command (a quick look)
#   --keep         keep the root file system (unmounted) for inspection
#   -h, --help     this text
#
# Slow (the root file system, a kernel source package, two full test
# passes): run it with nohup before closing a dependency issue and whenever
# scripts/deps/ changes; never in CI.  Needs root.  Exit status: 0 when both
# commands passed, make check reported 0 failed and no test skipped for a
# missing command or package; 1 otherwise; 2 for bad usage.
set -u -o pipefail

PROG=fresh-machine.sh
usage()
{
	sed -n '3,32p' "$0" | sed 's/^# \{0,1\}//'
	exit "$1"
}

die()
{
	echo "$PROG: error: $*" >&2
	exit 1
}

usage_error()
{
	echo "$PROG: error: $*; see $PROG --help" >&2
	exit 2
}

LOG=
CACHE=/var/tmp/lmb-fresh
MIRROR=
SUITE=
REV=HEAD
CHECK=1
KEEP=0
REFRESH=0
while [ $# -gt 0 ]; do
	case $1 in
	--log | --cache | --mirror | --suite | --rev)
		[ $# -ge 2 ] && [ -n "$2" ] || usage_error "option $1 needs a value"
		case $1 in
		--log) LOG=$2 ;;
		--cache) CACHE=$2 ;;
		--mirror) MIRROR=$2 ;;
		--suite) SUITE=$2 ;;
		--rev) REV=$2 ;;
		esac
		shift 2 ;;
	--no-check) CHECK=0; shift ;;
	--keep) KEEP=1; shift ;;
	--refresh) REFRESH=1; shift ;;
	-h | --help) usage 0 ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts): sudo $0"
COMMIT=$(git -C "$REPO" rev-parse -q --verify "$REV^{commit}") ||
	usage_error "--rev '$REV' is not a commit of $REPO"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$LOG" ] || LOG=/var/tmp/lmb-logs/fresh-$STAMP.log
mkdir -p "$(dirname "$LOG")" "$CACHE" || die "cannot create $(dirname "$LOG") or $CACHE"
: >"$LOG" || die "cannot write $LOG"

log()
{
	printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG" >&2
}

# --- where packages come from -------------------------------------------
. "$REPO/scripts/lib/apt-sources.sh"

[ -n "$SUITE" ] || SUITE=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")
[ -n "$SUITE" ] || usage_error "cannot tell this machine's Debian release from /etc/os-release; give --suite"
if [ -z "$MIRROR" ]; then
	MIRROR=$(apt_mirror_for "$SUITE")
	[ -n "$MIRROR" ] ||
		usage_error "no 'deb' source for $SUITE in /etc/apt/sources.list*; give --mirror URL"
fi

if ! command -v debootstrap >/dev/null 2>&1; then
	log "installing debootstrap (apt-get install -y debootstrap)"
	apt-get install -y -q --no-install-recommends debootstrap </dev/null >>"$LOG" 2>&1 ||
		die "could not install debootstrap (see $LOG): apt-get install debootstrap"
fi

ARCH=$(dpkg --print-architecture)
INCLUDE=git,sudo
KEY="$SUITE $ARCH $MIRROR minbase $INCLUDE v1"
TARBALL=$CACHE/debian-$SUITE-$ARCH-minbase-$(printf '%s' "$KEY" | sha256sum | cut -c1-12).tar
R=$(mktemp -d "$CACHE/root.XXXXXX") || die "cannot create a root directory under $CACHE"

# --- mounts and cleanup ---------------------------------------------------
# mounts_under DIR: mount points at or below DIR, deepest first.
mounts_under()
{
	awk -v r="$1" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r
}

# Processes whose root is inside R (a test still running after Ctrl-C).
kill_inside()
{
	local p pids=""

	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && pids="$pids ${p#/proc/}"
	done
	[ -z "$pids" ] && return 0
	log "killing processes left in the root:$pids"
	# shellcheck disable=SC2086  # one pid per word
	kill -KILL $pids 2>/dev/null
	sleep 1
}

cleanup()
{
	local rc=$? m left

	trap - EXIT INT TERM
	kill_inside
	for m in $(mounts_under "$R"); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			log "warning: could not unmount $m"
	done
	left=$(mounts_under "$R")
	if [ -n "$left" ]; then
		log "error: still mounted, $R is left as it is: $left"
	elif [ "$KEEP" = 1 ]; then
		log "root file system kept in $R (nothing mounted)"
	else
		rm -rf --one-file-system "$R"
	fi
	[ -z "$left" ] && log "unmounted everything under $R"
	log "log: $LOG"
	exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

mount_all()
{
	mount -t proc proc "$R/proc" &&
		mount -t sysfs sysfs "$R/sys" &&
		mount -t devtmpfs devtmpfs "$R/dev" &&
		mkdir -p "$R/dev/pts" "$R/dev/shm" &&
		mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$R/dev/pts" &&
		mount -t tmpfs -o mode=1777 tmpfs "$R/dev/shm"
}

# inside STEP USER CMD: run CMD in the root (as root or nobody), its
# output in $LOG.STEP; log the time and exit status.  Returns the status.
inside()
{
	local step=$1 user=$2 cmd=$3 t0 t1 rc pre=()

	[ "$user" = root ] || pre=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	log "[$step] as $user: $cmd"
	t0=$(date +%s.%N)
	# In the background and waited for: a signal to this script then runs
	# its trap at once (cleanup kills what runs in the root), not after
	# the command.
	chroot "$R" "${pre[@]}" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd $HOME_DIR && $cmd" </dev/null >"$LOG.$step" 2>&1 &
	wait $!
	rc=$?
	t1=$(date +%s.%N)
	log "[$step] time $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, exit $rc (output: $LOG.$step)"
	return $rc
}

# All the work is in main, read whole before it starts: editing this file
# while it runs (it runs for long) cannot change what it does.
main()
{
	# --- the root file system -------------------------------------------------
	log "fresh machine: $SUITE/$ARCH from $MIRROR; clone of $COMMIT ($(git -C "$REPO" log -1 --format=%s "$COMMIT" | cut -c1-60))"
	[ -z "$(git -C "$REPO" status --porcelain --untracked-files=no)" ] ||
		log "note: $REPO has uncommitted changes; they are NOT in the clone (commit them first)"
	start=$(date +%s)
	if [ "$REFRESH" = 1 ] || [ ! -s "$TARBALL" ]; then
		log "debootstrap --variant=minbase --include=$INCLUDE $SUITE (output: $LOG.debootstrap)"
		debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$R" "$MIRROR" \
			>"$LOG.debootstrap" 2>&1 ||
			die "debootstrap failed; see the end of $LOG.debootstrap"
		tar -C "$R" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL" ||
			die "cannot write $TARBALL"
		log "root file system built in $(($(date +%s) - start)) s, cached as $TARBALL"
	else
		tar -C "$R" -xf "$TARBALL" || die "cannot unpack $TARBALL (try --refresh)"
		log "root file system from the cache $TARBALL in $(($(date +%s) - start)) s"
	fi

	# "/" of the machine: mktemp made it 0700, which would lock every user but
	# root out (and the cached tarball's "." entry keeps that mode).
	chmod 755 "$R"

	# apt sources as on this machine (files whose keyrings the root has).
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		missing=$(grep -oiE '(signed-by[=:] *)/[^] ,]+' "$f" | sed 's/^[^/]*//' |
			while read -r k; do [ -e "$R$k" ] || echo "$k"; done)
		if [ -n "$missing" ]; then
			log "apt source $f not copied: the root lacks its keyring $missing"
			continue
		fi
		cp "$f" "$R$f"
	done
	cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
	cp /etc/hosts "$R/etc/hosts" 2>/dev/null || true
	HOME_DIR=/srv/lazymmu-bench
	git clone -q --no-checkout "$REPO" "$R$HOME_DIR" ||
		die "git clone of $REPO failed"
	git -C "$R$HOME_DIR" checkout -q --detach "$COMMIT" ||
		die "checkout of $COMMIT in the clone failed"
	mount_all || die "mounting /proc, /sys, /dev, /dev/pts, /dev/shm in $R failed"

	FAILED=()
	inside bench root "sudo scripts/bench.sh" || FAILED+=("sudo scripts/bench.sh")
	tail -n 16 "$LOG.bench" | sed 's/^/    /' >>"$LOG"
	if [ "$CHECK" = 1 ] && [ ${#FAILED[@]} -eq 0 ]; then
		inside check root "make check" || FAILED+=("make check")
		tally=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$LOG.check" | tail -n 1)
		log "make check tally: ${tally:-none (no tally line; see $LOG.check)}"
		[ -n "$tally" ] || FAILED+=("make check tally")
		# Every skip, with its reason, counted over both passes.
		grep -E '^[[:space:]]*(# )?(ok|1\.\.0).*# *SKIP' "$LOG.check" |
			sed -E 's/^[[:space:]]*(# )?//; s/^ok [0-9]+ //' | sort | uniq -c |
			sed 's/^ */    /' >"$LOG.skips"
		log "skips ($(awk '{ n += $1 } END { print n + 0 }' "$LOG.skips") in all, count and reason):"
		tee -a "$LOG" <"$LOG.skips" >&2
		if grep -q 'missing-command\|missing-package' "$LOG.skips"; then
			log "error: tests skipped for want of a command or package (above)"
			FAILED+=("package skips")
		fi
	fi
	# The kernel side's dependency step, as a user without root (prints the
	# command), as a dry run, for real, and again (nothing left to do).
	inside kdeps-user nobody "scripts/ab-study.sh --deps-only"
	sed 's/^/    /' "$LOG.kdeps-user" >>"$LOG"
	inside kdeps-dry root "scripts/ab-study.sh --deps-only --dry-run" || FAILED+=("ab-study --deps-only --dry-run")
	sed 's/^/    /' "$LOG.kdeps-dry" >>"$LOG"
	inside kdeps root "scripts/ab-study.sh --deps-only" || FAILED+=("ab-study --deps-only")
	tail -n 5 "$LOG.kdeps" | sed 's/^/    /' >>"$LOG"
	inside kdeps-again root "scripts/ab-study.sh --deps-only" || FAILED+=("ab-study --deps-only (again)")
	sed 's/^/    /' "$LOG.kdeps-again" >>"$LOG"

	log "total $(($(date +%s) - start)) s"
	if [ ${#FAILED[@]} -ne 0 ]; then
		log "FAILED: ${FAILED[*]}"
		exit 1
	fi
	log "passed: both README commands, 0 failed, no skip for want of a package"
	exit 0
}

main
exit $?

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/kernel-deps.sh [--dry-run]
#
# The kernel side's dependency step (kernel-build.sh, mkinitramfs.sh,
# qemu-run.sh, ab-study.sh): the packages of the "kernel" set of
# scripts/deps/tools.list (cross compiler, flex, bison, bc, libelf-dev,
# libssl-dev, cpio, qemu-system-arm, ccache, ...).  Missing ones are
# installed with apt-get when root; otherwise the exact command is printed
# and the exit status is 1.  --dry-run: say what is missing and the command
# that would install it, install nothing (exit 0).  Logs go to
# $LMB_KBUILD/deps/logs (default /var/tmp/lazymmu-kbuild).
set -eu -o pipefail
trap 'echo "deps: error: unexpected failure of \"$BASH_COMMAND\" (${BASH_SOURCE[0]}:$LINENO); please report it" >&2' ERR

usage()
{
	sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'
	exit "$1"
}

DEPS_DRY_RUN=0
while [ $# -gt 0 ]; do
	case $1 in
	--dry-run) DEPS_DRY_RUN=1; shift ;;
	-h | --help) usage 0 ;;
	*) echo "kernel-deps.sh: error: unknown argument '$1'" >&2; usage 2 >&2 ;;
	esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${LMB_KBUILD:-/var/tmp/lazymmu-kbuild}/deps
# shellcheck disable=SC2034  # read by deps/packages.sh
DEPS_AGAIN_HINT="run $(basename "$0") (or the kernel script) again"
. "$HERE/deps/common.sh"
. "$HERE/deps/packages.sh"
. "$HERE/deps/tools.sh"

# Logs only when something is installed (a dry run writes nothing).
[ "$DEPS_DRY_RUN" = 1 ] || ! is_root || mkdir -p "$OUT/logs"
install_missing collect_kernel_tools
MISSING_DEB=()
# shellcheck disable=SC2034  # need() fills it
MISSING_DNF=()
collect_kernel_tools
if [ ${#MISSING_DEB[@]} -eq 0 ]; then
	say "kernel build dependencies: all present"
fi

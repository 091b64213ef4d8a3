#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/deps.sh --out DIR
#
# Gets everything lazymmu-bench builds against and writes DIR/deps.mk with
# LIBPERF_CFLAGS LIBPERF_LIBS URING_CFLAGS URING_LIBS HWLOC_CFLAGS HWLOC_LIBS
# KSFT_DIR KTREE (absolute paths).  Called by make; environment:
#   ARCH           target (arm64, x86_64; default: this machine)
#   CROSS_COMPILE  cross tool prefix, e.g. aarch64-linux-gnu-
#   STATIC=1       static binary: liburing and hwloc built from Debian sources
#   KDIR           kernel tree for libperf and the kselftest headers
#                  (default: newest /usr/src/linux-source-*, unpacked in part)
#
# Missing system packages, including the tools `make check` uses (set "test"
# of scripts/deps/tools.list), are installed with apt-get when root, otherwise
# the exact command is printed.  Everything built goes under DIR, never into the
# system.  Quick when already done.

set -eu -o pipefail
trap 'echo "deps: error: unexpected failure of \"$BASH_COMMAND\" (${BASH_SOURCE[0]}:$LINENO); please report it" >&2' ERR

usage()
{
	sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

OUT=""
while [ $# -gt 0 ]; do
	case "$1" in
	--out) [ $# -ge 2 ] || usage; OUT=$2; shift 2 ;;
	--out=*) OUT=${1#--out=}; shift ;;
	-h | --help) usage ;;
	*) echo "deps: error: unknown argument '$1'" >&2; usage ;;
	esac
done
[ -n "$OUT" ] || { echo "deps: error: --out DIR is required" >&2; usage; }

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/deps/common.sh"
. "$HERE/deps/packages.sh"
. "$HERE/deps/tools.sh"
. "$HERE/deps/libperf.sh"
. "$HERE/deps/static-libs.sh"

HOST_ARCH=$(uname -m | sed -e 's/aarch64/arm64/')
ARCH=${ARCH:-$HOST_ARCH}
CROSS_COMPILE=${CROSS_COMPILE:-}
STATIC=${STATIC:-0}
KDIR=${KDIR:-}
CC="${CROSS_COMPILE}gcc"

CROSS=0
if [ "$ARCH" != "$HOST_ARCH" ]; then
	[ -n "$CROSS_COMPILE" ] ||
		die "ARCH=$ARCH differs from this machine ($HOST_ARCH) but CROSS_COMPILE is empty: use e.g. make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1"
	CROSS=1
elif [ -n "$CROSS_COMPILE" ]; then
	CROSS=1
fi
# A cross or static binary links liburing and hwloc built here.
SRC_LIBS=0
{ [ "$CROSS" = 1 ] || [ "$STATIC" = 1 ]; } && SRC_LIBS=1
if [ "$CROSS" = 1 ]; then
	TRIPLE=${CROSS_COMPILE%-}
else
	TRIPLE=$(gcc -dumpmachine 2>/dev/null || uname -m)
fi
case "$ARCH" in
x86_64) DEBARCH=amd64 ;;
*) DEBARCH=$ARCH ;;
esac

mkdir -p "$OUT/logs"
OUT=$(cd "$OUT" && pwd)

install_missing
setup_libperf
if [ "$SRC_LIBS" = 1 ]; then
	setup_static_libs
else
	setup_system_libs
fi
. "$HERE/deps/qemu-plugin.sh" && setup_qemu_plugin

cat >"$OUT/deps.mk.tmp" <<EOM
# Written by scripts/deps.sh for ARCH=$ARCH CROSS_COMPILE=$CROSS_COMPILE STATIC=$STATIC KDIR=$KDIR
DEPS_KDIR := $KDIR
DEPS_STATIC := $STATIC
LIBPERF_CFLAGS := $LIBPERF_CFLAGS
LIBPERF_LIBS := $LIBPERF_LIBS
URING_CFLAGS := $URING_CFLAGS
URING_LIBS := $URING_LIBS
HWLOC_CFLAGS := $HWLOC_CFLAGS
HWLOC_LIBS := $HWLOC_LIBS
KSFT_DIR := $KSFT_DIR
KTREE := $KTREE
EOM
mv -f "$OUT/deps.mk.tmp" "$OUT/deps.mk"
say "wrote $OUT/deps.mk (libperf from ${KTREE:-the system})"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack the lazymmu-bench guest initramfs (newc cpio, no root needed): the
# tiny init built from scripts/qemu-init.c, optionally the static suite as
# /bin/lazymmu-bench, and the command to run as /lmb/args (one argument per
# line). /dev/console comes from the kernel's built-in initramfs.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG --out FILE [options] [-- COMMAND [ARG...]]

  --out FILE         the cpio archive to write
  --suite BIN        static lazymmu-bench binary to install as /bin/lazymmu-bench
  --file SRC:DEST    add another file (DEST is an absolute guest path); repeatable
  --init BIN         use this init binary instead of building scripts/qemu-init.c
  --cross-compile P  compiler prefix for the init (default: \$CROSS_COMPILE or
                     aarch64-linux-gnu- on a non-arm64 host)
  --list             print the archive's file list after writing it
  -h, --help         this text

COMMAND is what the guest's init runs (e.g. /bin/lazymmu-bench run ...);
without it the guest only reports (cmdline, lazy_mmu stats) and powers off.
EOF
}

out=
suite=
init=
files=()
cross=${CROSS_COMPILE-}
cross_set=${CROSS_COMPILE+set}
list=0
cmd=()

while [ $# -gt 0 ]; do
	case $1 in
	--out) lmb_need_arg "$1" "${2-}"; out=$(lmb_abspath "$2"); shift 2 ;;
	--suite) lmb_need_arg "$1" "${2-}"; suite=$(lmb_abspath "$2"); shift 2 ;;
	--init) lmb_need_arg "$1" "${2-}"; init=$(lmb_abspath "$2"); shift 2 ;;
	--file) lmb_need_arg "$1" "${2-}"; files+=("$2"); shift 2 ;;
	--cross-compile) lmb_need_arg "$1" "${2-}"; cross=$2; cross_set=yes; shift 2 ;;
	--list) list=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; cmd=("$@"); break ;;
	*) lmb_usage_error "unknown argument '$1' (the guest command goes after --)" ;;
	esac
done

[ -n "$out" ] || lmb_usage_error "--out is required"
[ -z "$suite" ] || [ -f "$suite" ] ||
	lmb_usage_error "--suite '$suite' does not exist (build it: make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1)"
[ -z "$init" ] || [ -f "$init" ] || lmb_usage_error "--init '$init' does not exist"
for a in "${cmd[@]}"; do
	case $a in
	*$'\n'*) lmb_usage_error "a guest argument contains a newline: '$a'" ;;
	esac
done
for f in "${files[@]}"; do
	case $f in
	*:/*) [ -f "${f%%:/*}" ] || lmb_usage_error "--file source '${f%%:/*}' does not exist" ;;
	*) lmb_usage_error "--file '$f' is not SRC:/absolute/dest" ;;
	esac
done
if [ -z "$cross_set" ] && [ "$(uname -m)" != aarch64 ]; then
	cross=aarch64-linux-gnu-
fi
lmb_need_cmd cpio cpio

# A static binary must not need a dynamic loader the guest does not have.
check_static()
{
	local what=$1 bin=$2 info

	info=$(file -b "$bin" 2>/dev/null || true)
	case $info in
	*"dynamically linked"*)
		lmb_die 2 "$what '$bin' is dynamically linked; the guest has no libc: build it static (STATIC=1)" ;;
	esac
	case $info in
	*ELF*aarch64* | "") ;;
	*ELF*) lmb_die 2 "$what '$bin' is not an arm64 binary ($info)" ;;
	esac
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,lmb/out}

if [ -z "$init" ]; then
	src=$(dirname "$0")/qemu-init.c
	lmb_need_cmd "${cross}gcc" gcc-aarch64-linux-gnu
	"${cross}gcc" -static -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-o "$stage/init" "$src" ||
		lmb_die 1 "building the guest init from $src with ${cross}gcc failed"
else
	check_static "--init" "$init"
	cp "$init" "$stage/init"
fi
chmod 0755 "$stage/init"
if [ -n "$suite" ]; then
	check_static "--suite" "$suite"
	cp "$suite" "$stage/bin/lazymmu-bench"
	chmod 0755 "$stage/bin/lazymmu-bench"
fi
for f in "${files[@]}"; do
	dst=$stage/${f#*:/}
	mkdir -p "$(dirname "$dst")"
	cp "${f%%:/*}" "$dst"
done
if [ ${#cmd[@]} -gt 0 ]; then
	printf '%s\n' "${cmd[@]}" >"$stage/lmb/args"
fi

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet >"$out.tmp") ||
	lmb_die 1 "writing the cpio archive $out failed"
mv "$out.tmp" "$out"
if [ $list = 1 ]; then
	cpio -t --quiet <"$out"
fi

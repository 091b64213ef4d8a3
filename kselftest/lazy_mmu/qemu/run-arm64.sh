#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the lazy_mmu kselftest in an arm64 QEMU guest (TCG, -cpu max) with
# debug_pagealloc=on: builds the test and qemu/init.c static for arm64,
# packs them into an initramfs and boots the given kernel Image.  The
# test's TAP goes to the console (and <out>/console.log); the exit status
# is the test's.
#
#   qemu/run-arm64.sh --kernel <Image> --ksft-dir <tree>/tools/testing/selftests
#                     [--out <dir>] [--append "<more kernel args>"]
#                     [--timeout <seconds>] [--mem <size>] [--smp <n>]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel= ksft= out=/var/tmp/lazy_mmu-qemu append= timeout=300 mem=1G smp=2
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}

usage() {
	sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:-}; shift 2 ;;
	--ksft-dir) ksft=${2:-}; shift 2 ;;
	--out) out=${2:-}; shift 2 ;;
	--append) append=${2:-}; shift 2 ;;
	--timeout) timeout=${2:-}; shift 2 ;;
	--mem) mem=${2:-}; shift 2 ;;
	--smp) smp=${2:-}; shift 2 ;;
	-h|--help) usage ;;
	*) echo "run-arm64.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
if [ ! -f "$kernel" ]; then
	echo "run-arm64.sh: kernel Image '$kernel' not found; pass --kernel <arm64 Image>" >&2
	exit 2
fi
if [ ! -f "$ksft/kselftest_harness.h" ]; then
	echo "run-arm64.sh: no kselftest_harness.h in '$ksft'; pass --ksft-dir <kernel tree>/tools/testing/selftests" >&2
	exit 2
fi
case "$timeout" in
''|*[!0-9]*) echo "run-arm64.sh: --timeout '$timeout' is not a number of seconds" >&2; exit 2 ;;
esac
for tool in "${cross}gcc" qemu-system-aarch64 cpio; do
	if ! command -v "$tool" >/dev/null; then
		echo "run-arm64.sh: $tool not found (Debian: gcc-aarch64-linux-gnu, qemu-system-arm, cpio)" >&2
		exit 2
	fi
done

mkdir -p "$out/build" "$out/root"
make -s -C "$here/.." KSFT_DIR="$(cd "$ksft" && pwd)" OUTPUT="$out/build" \
	CROSS_COMPILE="$cross" USERLDFLAGS=-static all
cp "$out/build/lazy_mmu_test" "$out/root/lazy_mmu_test"
"${cross}gcc" -std=c11 -O2 -Wall -Wextra -Werror -static \
	-o "$out/root/init" "$here/init.c"
(cd "$out/root" && find . | cpio --quiet -o -H newc) > "$out/initramfs.cpio"

# Kernels with CONFIG_TEST_VMALLOC=y (lazymmu-bench's) would run the vmalloc
# tests at boot for minutes under TCG; a dotted parameter is ignored by
# kernels without that module.
quiet=test_vmalloc.run_test_mask=0
echo "run-arm64.sh: booting $kernel (log: $out/console.log)" >&2
rc=0
timeout --foreground "$timeout" qemu-system-aarch64 -M virt -cpu max \
	-smp "$smp" -m "$mem" -nographic -no-reboot \
	-kernel "$kernel" -initrd "$out/initramfs.cpio" \
	-append "console=ttyAMA0 debug_pagealloc=on rdinit=/init panic=-1 $quiet $append" \
	</dev/null | tee "$out/console.log" || rc=$?
if [ "$rc" = 124 ]; then
	echo "run-arm64.sh: the guest did not finish within $timeout s; raise --timeout or see $out/console.log" >&2
	exit 1
fi

result=$(sed -n 's/.*LAZY_MMU_TEST_RESULT=\([a-z]* [0-9]*\).*/\1/p' "$out/console.log" | tail -n 1)
case "$result" in
"exit "*) exit "${result#exit }" ;;
*)
	echo "run-arm64.sh: no result line from the guest's init (got '${result:-nothing}'); see $out/console.log" >&2
	exit 1 ;;
esac

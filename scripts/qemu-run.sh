#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel Image under qemu-system-aarch64 -M virt -cpu max (TCG) with
# an initramfs holding the static suite and a tiny init, run the suite with
# the given arguments, and bring its CSV back to the host through the serial
# console (scripts/qemu-extract.sh).
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG (--kernel IMAGE | --label L) --outdir DIR [options] [-- SUITE_ARGS...]

  --kernel IMAGE   kernel Image to boot
  --label L        boot $LMB_KBUILD/L/Image (kernel-build.sh output); also
                   the default --label of a suite "run"
  --outdir DIR     where the console log, CSVs and stats go (required)
  --suite BIN      static arm64 lazymmu-bench (default: build/arm64/lazymmu-bench)
  --init BIN       guest init to use instead of one built from scripts/qemu-init.c
  --append ARGS    extra kernel command line; repeatable. test_vmalloc.* here
                   drives the built-in test_vmalloc (otherwise it is disabled
                   with test_vmalloc.run_test_mask=0)
  --no-debug-pagealloc   do not add debug_pagealloc=on
  --timeout SEC    kill the guest after SEC seconds (default: 3600)
  --mem SIZE       guest memory (default: 2G)
  --smp N          guest CPUs (default: 2)
  --cpu MODEL      QEMU CPU (default: max,pauth-impdef=on: max with a cheap
                   pointer-auth hash, which TCG runs much faster)
  --keep-initramfs keep OUTDIR/initramfs.cpio after a successful run
  --dry-run        print the QEMU command line and exit
  -h, --help       this text

SUITE_ARGS are lazymmu-bench's arguments, e.g.
  -- run -w munmap,madvise -s 64M -r 10 --warmup 2
A "run" without -o/--outdir gets --outdir /lmb/out, and --label L when
--label was given. Without SUITE_ARGS the guest only prints its command line
and lazy_mmu stats (enough for a test_vmalloc boot).
Exit status: 0 guest finished and results are intact; 1 failure (panic,
hang, time limit, corrupt output, suite failed); 2 bad arguments.
EOF
}

kernel=
label=
outdir=
suite=
init=
appends=()
dpa=1
timeout_s=3600
mem=2G
smp=2
cpu=max,pauth-impdef=on
dry=0
keep_initrd=0
suite_args=()

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) lmb_need_arg "$1" "${2-}"; kernel=$(lmb_abspath "$2"); shift 2 ;;
	--label) lmb_need_arg "$1" "${2-}"; label=$2; shift 2 ;;
	--outdir) lmb_need_arg "$1" "${2-}"; outdir=$(lmb_abspath "$2"); shift 2 ;;
	--suite) lmb_need_arg "$1" "${2-}"; suite=$(lmb_abspath "$2"); shift 2 ;;
	--init) lmb_need_arg "$1" "${2-}"; init=$(lmb_abspath "$2"); shift 2 ;;
	--append) lmb_need_arg "$1" "${2-}"; appends+=("$2"); shift 2 ;;
	--no-debug-pagealloc) dpa=0; shift ;;
	--timeout) lmb_need_arg "$1" "${2-}"; timeout_s=$2; shift 2 ;;
	--mem) lmb_need_arg "$1" "${2-}"; mem=$2; shift 2 ;;
	--smp) lmb_need_arg "$1" "${2-}"; smp=$2; shift 2 ;;
	--cpu) lmb_need_arg "$1" "${2-}"; cpu=$2; shift 2 ;;
	--dry-run) dry=1; shift ;;
	--keep-initramfs) keep_initrd=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; suite_args=("$@"); break ;;
	*) lmb_usage_error "unknown argument '$1' (suite arguments go after --)" ;;
	esac
done

if [ -n "$label" ]; then
	lmb_label_ok "$label" ||
		lmb_usage_error "--label '$label' may hold only letters, digits, '.', '_' and '-'"
	[ -n "$kernel" ] || kernel=$LMB_KBUILD/$label/Image
fi
[ -n "$kernel" ] || lmb_usage_error "--kernel or --label is required"
[ -f "$kernel" ] ||
	lmb_usage_error "kernel image '$kernel' does not exist (build it with scripts/kernel-build.sh)"
[ -n "$outdir" ] || lmb_usage_error "--outdir is required"
case $timeout_s in
'' | *[!0-9]* | 0) lmb_usage_error "--timeout '$timeout_s' is not a positive number of seconds" ;;
esac
case $smp in
'' | *[!0-9]* | 0) lmb_usage_error "--smp '$smp' is not a positive integer" ;;
esac
case $mem in
[0-9]*[MG] | [0-9]*) ;;
*) lmb_usage_error "--mem '$mem' is not a size like 2G or 1024M" ;;
esac

guest_cmd=()
if [ ${#suite_args[@]} -gt 0 ]; then
	if [ -z "$suite" ]; then
		suite=$(lmb_repo_root)/build/arm64/lazymmu-bench
		[ -f "$suite" ] ||
			lmb_usage_error "no suite binary: $suite is missing (make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1) and --suite was not given"
	fi
	[ -f "$suite" ] ||
		lmb_usage_error "no suite binary: --suite '$suite' does not exist"
	guest_cmd=(/bin/lazymmu-bench "${suite_args[@]}")
	if [ "${suite_args[0]}" = run ]; then
		has_out=0 has_label=0
		for a in "${suite_args[@]}"; do
			case $a in
			-o | --output | --outdir | --output=* | --outdir=*) has_out=1 ;;
			--label | --label=*) has_label=1 ;;
			esac
		done
		[ $has_out = 1 ] || guest_cmd+=(--outdir /lmb/out)
		[ $has_label = 1 ] || [ -z "$label" ] || guest_cmd+=(--label "$label")
	fi
fi

cmdline="console=ttyAMA0 panic=-1 rdinit=/init"
[ $dpa = 0 ] || cmdline="$cmdline debug_pagealloc=on"
case " ${appends[*]-} " in
*test_vmalloc.run_test_mask=*) ;;
*) cmdline="$cmdline test_vmalloc.run_test_mask=0" ;;
esac
[ ${#appends[@]} -eq 0 ] || cmdline="$cmdline ${appends[*]}"

mkdir -p "$outdir"
initrd=$outdir/initramfs.cpio
console=$outdir/console.log
qemu=(qemu-system-aarch64 -M virt -cpu "$cpu" -smp "$smp" -m "$mem"
	-display none -monitor none -serial "file:$console" -no-reboot
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline")
if [ $dry = 1 ]; then
	printf '%q ' "${qemu[@]}"
	printf '\n'
	printf 'cmdline: %s\n' "$cmdline"
	[ ${#guest_cmd[@]} -eq 0 ] || printf 'guest: %s\n' "${guest_cmd[*]}"
	exit 0
fi
lmb_need_cmd qemu-system-aarch64 qemu-system-arm
lmb_need_cmd timeout coreutils

date +%s >"$outdir/epoch"
mk=("$(dirname "$0")/mkinitramfs.sh" --out "$initrd" --file "$outdir/epoch:/lmb/epoch")
# The suite records the kernel config; the guest has no gzip for
# /proc/config.gz, so ship kernel-build.sh's copy as /boot/config-<release>.
kdir=$(dirname "$kernel")
release=$(sed -n 's/^kernel_release: //p' "$kdir/BUILD-INFO" 2>/dev/null || true)
if [ -n "$release" ] && [ -f "$kdir/config" ]; then
	mk+=(--file "$kdir/config:/boot/config-$release")
fi
[ -z "$suite" ] || [ ${#guest_cmd[@]} -eq 0 ] || mk+=(--suite "$suite")
[ -z "$init" ] || mk+=(--init "$init")
if [ ${#guest_cmd[@]} -gt 0 ]; then
	"${mk[@]}" -- "${guest_cmd[@]}"
else
	"${mk[@]}"
fi

{
	echo "kernel: $kernel"
	[ ! -f "$(dirname "$kernel")/BUILD-INFO" ] ||
		sed 's/^/kernel_build_/' "$(dirname "$kernel")/BUILD-INFO"
	echo "suite: ${suite:-none}"
	echo "guest_command: ${guest_cmd[*]-}"
	echo "cmdline: $cmdline"
	echo "qemu: $(qemu-system-aarch64 --version | head -n 1)"
	printf 'qemu_command:'
	printf ' %q' "${qemu[@]}"
	printf '\n'
	echo "started: $(lmb_utc_now)"
} >"$outdir/run-info.txt"

lmb_msg "booting $(basename "$(dirname "$kernel")")/$(basename "$kernel") (timeout ${timeout_s} s, console: $console)"
start=$(date +%s)
rc=0
timeout --kill-after=10 "$timeout_s" "${qemu[@]}" </dev/null \
	>"$outdir/qemu.stderr" 2>&1 || rc=$?
end=$(date +%s)
echo "guest_seconds: $((end - start))" >>"$outdir/run-info.txt"
echo "qemu_exit: $rc" >>"$outdir/run-info.txt"

if [ $rc = 124 ] || [ $rc = 137 ]; then
	lmb_die 1 "the guest did not finish within ${timeout_s} s (hang, or too much work for TCG: raise --timeout); last console lines:
$(tail -n 5 "$console" | tr -d '\r')"
fi
[ $rc = 0 ] ||
	lmb_die 1 "qemu-system-aarch64 exited with status $rc: $(head -c 500 "$outdir/qemu.stderr")"
"$(dirname "$0")/qemu-extract.sh" ${label:+--label "$label"} "$console" "$outdir"
# The archive holds the suite binary: megabytes per run, rebuilt each time.
[ $keep_initrd = 1 ] || rm -f "$initrd" "$outdir/epoch"
warns=$(tr -d '\r' <"$console" | grep -c -E '(WARNING:|BUG:|Oops)' || true)
[ "$warns" = 0 ] ||
	lmb_msg "note: the kernel printed $warns WARNING/BUG/Oops line(s); see $console"
lmb_msg "guest finished in $((end - start)) s; results in $outdir"

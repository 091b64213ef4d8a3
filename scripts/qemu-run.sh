#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel Image under qemu-system-aarch64 -M virt -cpu max (TCG) with
# an initramfs holding the static suite and a tiny init, run the suite with
# the given arguments, and bring its CSV back to the host through the serial
# console (scripts/qemu-extract.sh). Optionally with precise icount (the
# guest PMU then counts instructions), a named deterministic mode, and the
# lazymmu-bench TCG plugin (build/emu/) whose per-window counts are merged
# into the suite's CSV.
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
  --no-debug-pagealloc   debug_pagealloc=off instead of debug_pagealloc=on
                   (explicitly: the A/B kernels turn it on by default)
  --timeout SEC    kill the guest after SEC seconds (default: 3600)
  --mem SIZE       guest memory (default: 2G)
  --smp N          guest CPUs (default: 2)
  --cpu MODEL      QEMU CPU (default: max,pauth-impdef=on: max with a cheap
                   pointer-auth hash, which TCG runs much faster)
  --icount SHIFT   precise icount, -icount shift=SHIFT (0-10; one guest
                   instruction = 2^SHIFT ns of virtual time). The emulated
                   PMU then offers INST_RETIRED, so instructions:k/u count.
                   'auto' is refused: adaptive icount follows host speed,
                   so counts and virtual time would change with host load
  --deterministic  the deterministic mode: 1 vCPU, -icount shift=0,sleep=off
                   (or --icount SHIFT), -rtc clock=vm, -M virt,dtb-randomness=off
                   (no random kaslr-seed/rng-seed in the device tree), -seed 1
                   (the guest's RNDR from a seeded generator), nokaslr, norandmaps,
                   guest clock fixed at 2026-01-01 (real time in run-info.txt)
  --plugin         load the TCG plugin build/emu/liblmb-emu.so with
                   out=OUTDIR/emu-windows.csv, funcs=OUTDIR/emu-funcs.csv and
                   symbols=<the kernel's System.map>; adds nokaslr. After a
                   suite "run" or "vmalloc", build/emu/lmb-emu-merge writes
                   OUTDIR/<suite csv>-emu.csv (the suite's own CSV is kept;
                   for "vmalloc" the kernel needs window markers in
                   test_vmalloc, kernel-patches/vmalloc-windows, and
                   test_vmalloc.sequential_test_order=1)
  --plugin-so PATH use this plugin .so (implies --plugin)
  --layout-seed N  add --layout-seed N to a suite "run": an allocation of
                   a size from N before the storms, so where the guest's
                   memory lands varies with N (several seeds per kernel in
                   the deterministic mode; results/README.md, layout_seed)
  --emu-merge PATH use this merge tool (default: build/emu/lmb-emu-merge)
  --keep-initramfs keep OUTDIR/initramfs.cpio after a successful run
  --dry-run        print the QEMU command line and exit
  -h, --help       this text

SUITE_ARGS are lazymmu-bench's arguments, e.g.
  -- run -w storms -s 64M -r 10 --warmup 2
A "run" or "vmalloc" without -o/--outdir gets --outdir /lmb/out, and
--label L when --label was given. Every boot is stamped host-side: the guest's init
exports LMB_BOOT_ID (a fresh random UUID, always 36 characters) and
LMB_BOOT_TIME (the host's UTC time at the start, always 20 characters) to
the command, so that rows of two boots have two boot_id values even in
the deterministic mode, where the guest's own boot_id and clock repeat.
The stamp is not on the kernel command line (the kernel mixes that into
its random pool) and is of fixed length: deterministic counts stay
byte-identical. Both are in run-info.txt. The modes in use are on the kernel command line as
lmb.qemu=... (the suite records /proc/cmdline in its run metadata; the
kernel ignores the parameter) and in OUTDIR/run-info.txt with the full QEMU
command. Without SUITE_ARGS the guest only prints its command line
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
smp_set=0
icount=
deterministic=0
det_epoch=1767225600
plugin=0
plugin_so=
emu_merge=
layout_seed=
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
	--smp) lmb_need_arg "$1" "${2-}"; smp=$2; smp_set=1; shift 2 ;;
	--icount) lmb_need_arg "$1" "${2-}"; icount=$2; shift 2 ;;
	--deterministic) deterministic=1; shift ;;
	--plugin) plugin=1; shift ;;
	--plugin-so) lmb_need_arg "$1" "${2-}"; plugin_so=$(lmb_abspath "$2"); plugin=1; shift 2 ;;
	--emu-merge) lmb_need_arg "$1" "${2-}"; emu_merge=$(lmb_abspath "$2"); shift 2 ;;
	--layout-seed) lmb_need_arg "$1" "${2-}"; layout_seed=$2; shift 2 ;;
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
case $icount in
'') ;;
auto) lmb_usage_error "--icount auto is refused: adaptive icount ties virtual time to host speed, so counts change with host load, and only a fixed shift makes QEMU's PMU count instructions; give a shift 0-10 (0 = one instruction per ns)" ;;
[0-9] | 10) ;;
*) lmb_usage_error "--icount '$icount' is not a shift from 0 to 10" ;;
esac
if [ -n "$layout_seed" ]; then
	if ! [[ $layout_seed =~ ^[0-9]{1,10}$ ]] || [ "$((10#$layout_seed))" -gt 1000000000 ]; then
		lmb_usage_error "--layout-seed '$layout_seed' is not a whole number from 0 to 1000000000"
	fi
	[ "${suite_args[0]-}" = run ] ||
		lmb_usage_error "--layout-seed needs a suite run after -- (e.g. -- run -w munmap -s 8M)"
	for a in "${suite_args[@]}"; do
		case $a in
		--layout-seed | --layout-seed=*)
			lmb_usage_error "--layout-seed is given twice: to qemu-run.sh and in the suite arguments; keep one" ;;
		esac
	done
fi
if [ $deterministic = 1 ]; then
	[ $smp_set = 0 ] || [ "$smp" = 1 ] ||
		lmb_usage_error "--deterministic runs one vCPU (a second one interleaves differently every boot); drop --smp $smp"
	smp=1
	[ -n "$icount" ] || icount=0
fi

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
	if [ "${suite_args[0]}" = run ] || [ "${suite_args[0]}" = vmalloc ]; then
		has_out=0 has_label=0
		for a in "${suite_args[@]}"; do
			case $a in
			-o | --output | --outdir | --output=* | --outdir=*) has_out=1 ;;
			--label | --label=*) has_label=1 ;;
			esac
		done
		[ $has_out = 1 ] || guest_cmd+=(--outdir /lmb/out)
		[ $has_label = 1 ] || [ -z "$label" ] || guest_cmd+=(--label "$label")
		[ -z "$layout_seed" ] || guest_cmd+=(--layout-seed "$((10#$layout_seed))")
	fi
fi

root=$(lmb_repo_root)
if [ $plugin = 1 ]; then
	[ -n "$plugin_so" ] || plugin_so=$root/build/emu/liblmb-emu.so
	[ -f "$plugin_so" ] ||
		lmb_usage_error "plugin '$plugin_so' does not exist; build it (make emu) or give --plugin-so PATH"
	symbols=$(dirname "$kernel")/System.map
	[ -f "$symbols" ] ||
		lmb_usage_error "the plugin needs the kernel's symbols, but $symbols is missing (kernel-build.sh writes it next to the Image)"
	if [ ${#guest_cmd[@]} -gt 0 ] &&
		{ [ "${suite_args[0]}" = run ] || [ "${suite_args[0]}" = vmalloc ]; }; then
		[ -n "$emu_merge" ] || emu_merge=$root/build/emu/lmb-emu-merge
		[ -x "$emu_merge" ] ||
			lmb_usage_error "merge tool '$emu_merge' is missing or not executable; build it (make emu) or give --emu-merge PATH"
	fi
	case $plugin_so$outdir$symbols in
	*,*) lmb_usage_error "QEMU's -plugin option cannot take paths with a comma: '$plugin_so', '$outdir', '$symbols'" ;;
	esac
fi

# What is on, for run-info.txt and (as lmb.qemu=) the suite's metadata.
modes=
[ -z "$icount" ] || modes="icount$icount"
[ $deterministic = 0 ] || modes="${modes:+$modes,}deterministic"
[ $plugin = 0 ] || modes="${modes:+$modes,}plugin"

cmdline="console=ttyAMA0 panic=-1 rdinit=/init"
if [ $dpa = 1 ]; then
	cmdline="$cmdline debug_pagealloc=on"
else
	cmdline="$cmdline debug_pagealloc=off"
fi
# The plugin maps addresses through System.map: the kernel must not move.
[ $deterministic = 0 ] && [ $plugin = 0 ] || cmdline="$cmdline nokaslr"
# Deterministic: no user-space ASLR either (mmap bases, hence page-table
# layouts, the same in every boot).
[ $deterministic = 0 ] || cmdline="$cmdline norandmaps lmb.guest_clock=fixed"
[ -z "$modes" ] || cmdline="$cmdline lmb.qemu=$modes"
case " ${appends[*]-} " in
*test_vmalloc.run_test_mask=*) ;;
*) cmdline="$cmdline test_vmalloc.run_test_mask=0" ;;
esac
[ ${#appends[@]} -eq 0 ] || cmdline="$cmdline ${appends[*]}"

mkdir -p "$outdir"
initrd=$outdir/initramfs.cpio
console=$outdir/console.log
machine=virt
[ $deterministic = 0 ] || machine=virt,dtb-randomness=off
qemu=(qemu-system-aarch64 -M "$machine" -cpu "$cpu" -smp "$smp" -m "$mem"
	-display none -monitor none -nic none -serial "file:$console" -no-reboot
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline")
if [ -n "$icount" ]; then
	if [ $deterministic = 1 ]; then
		# -seed: the guest's RNDR/RNDRRS (FEAT_RNG of -cpu max) from a
		# seeded generator instead of the host's entropy.
		qemu+=(-icount "shift=$icount,sleep=off" -rtc clock=vm -seed 1)
	else
		qemu+=(-icount "shift=$icount")
	fi
fi
emu_windows=$outdir/emu-windows.csv
[ $plugin = 0 ] ||
	qemu+=(-plugin "$plugin_so,out=$emu_windows,funcs=$outdir/emu-funcs.csv,symbols=$symbols")
if [ $dry = 1 ]; then
	printf '%q ' "${qemu[@]}"
	printf '\n'
	printf 'cmdline: %s\n' "$cmdline"
	printf 'modes: %s\n' "${modes:-none}"
	[ ${#guest_cmd[@]} -eq 0 ] || printf 'guest: %s\n' "${guest_cmd[*]}"
	printf 'boot stamp: LMB_BOOT_ID=<fresh UUID> LMB_BOOT_TIME=<host UTC time> in /lmb/env\n'
	[ -z "$emu_merge" ] ||
		printf 'merge: %q --windows %q -o <suite csv>-emu.csv <suite csv>\n' "$emu_merge" "$emu_windows"
	exit 0
fi
lmb_need_cmd qemu-system-aarch64 qemu-system-arm
lmb_need_cmd timeout coreutils

# The guest's clock: the host's time, except in the deterministic mode,
# where any difference before a window (even the digits of a date the
# suite prints) shifts where later timer ticks land: there it starts at
# $det_epoch (2026-01-01T00:00:00Z, lmb.guest_clock=fixed on the command
# line), and run-info.txt has the real start time.
if [ $deterministic = 1 ]; then
	echo "$det_epoch" >"$outdir/epoch"
else
	date +%s >"$outdir/epoch"
fi
# The boot's host stamp (see --help): fixed lengths, fresh every boot.
boot_id=$(lmb_boot_id)
boot_time=$(lmb_utc_now)
printf 'LMB_BOOT_ID=%s\nLMB_BOOT_TIME=%s\n' "$boot_id" "$boot_time" >"$outdir/boot-env"
mk=("$(dirname "$0")/mkinitramfs.sh" --out "$initrd" --file "$outdir/epoch:/lmb/epoch"
	--file "$outdir/boot-env:/lmb/env")
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
	echo "host_start_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel: $kernel"
	[ ! -f "$(dirname "$kernel")/BUILD-INFO" ] ||
		sed 's/^/kernel_build_/' "$(dirname "$kernel")/BUILD-INFO"
	echo "suite: ${suite:-none}"
	echo "guest_command: ${guest_cmd[*]-}"
	echo "boot_id: $boot_id"
	echo "boot_time: $boot_time"
	echo "layout_seed: ${layout_seed:-none}"
	echo "cmdline: $cmdline"
	echo "icount: ${icount:-off}"
	echo "deterministic: $([ $deterministic = 1 ] && echo on || echo off)"
	echo "plugin: $([ $plugin = 1 ] && echo "$plugin_so" || echo off)"
	echo "modes: ${modes:-none}"
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
if [ -n "$emu_merge" ]; then
	csv=$(lmb_suite_csv "$outdir") ||
		lmb_die 1 "the suite wrote no CSV in $outdir to merge the plugin's windows into (see $console)"
	[ -s "$emu_windows" ] ||
		lmb_die 1 "the plugin wrote no windows file $emu_windows (see $outdir/qemu.stderr)"
	merged=${csv%.csv}-emu.csv
	"$emu_merge" --windows "$emu_windows" -o "$merged" "$csv" ||
		lmb_die 1 "$emu_merge could not merge $emu_windows into $csv (exit $?); the unmerged CSV is kept"
	echo "merged_csv: $merged" >>"$outdir/run-info.txt"
	lmb_msg "plugin counts merged: $merged"
fi
# The archive holds the suite binary: megabytes per run, rebuilt each time.
[ $keep_initrd = 1 ] || rm -f "$initrd" "$outdir/epoch" "$outdir/boot-env"
warns=$(tr -d '\r' <"$console" | grep -c -E '(WARNING:|BUG:|Oops)' || true)
[ "$warns" = 0 ] ||
	lmb_msg "note: the kernel printed $warns WARNING/BUG/Oops line(s); see $console"
lmb_msg "guest finished in $((end - start)) s; results in $outdir"

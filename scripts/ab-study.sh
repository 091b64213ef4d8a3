#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel A/B study in one command: build the lazy MMU variants
# (nesting, flatten, never-nest) of Debian's linux-source-7.3, run the suite
# in each under QEMU TCG, boot each with test_vmalloc, and write the compare
# report and a per-page summary into OUTDIR.  First thing, before any
# download or build: the kernel build dependencies (scripts/kernel-deps.sh,
# installed when root, the exact command printed otherwise).
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"
. "$(dirname "$0")/lib/kernel-variants.sh"

default_run="run -w storms -s 64M -r 10 --warmup 2"
default_tvm="fix1:run_test_mask=1,nr_pages=1,test_loop_count=2000 fix16:run_test_mask=1,nr_pages=16,test_loop_count=1000 fix512:run_test_mask=1,nr_pages=512,test_loop_count=200 vmmap1:run_test_mask=1024,nr_pages=1,test_loop_count=2000"

usage()
{
	cat <<EOF
usage: $LMB_PROG --outdir DIR [options] [-- SUITE_RUN_ARGS...]
       $LMB_PROG --deps-only [--dry-run]

  --outdir DIR        study directory (e.g. results/qemu-arm64-7.3)
  --variants LIST     comma-separated labels (default: nesting,flatten,never-nest);
                      any of $LMB_VARIANT_BASES,
                      optionally with -ctl; clean ones get no instrumentation
  --icount SHIFT, --deterministic, --plugin, --plugin-so PATH, --emu-merge PATH
                      passed to every qemu-run.sh boot (see qemu-run.sh --help);
                      with --plugin the variant's CSV is the merged one
  --no-build          use the Images already in $LMB_KBUILD/<variant>/
  --extra-config F    another config fragment for every variant (repeatable)
  --suffix S          kernel labels are <variant>S (e.g. -kasan), built in their
                      own object directory; CSV labels too
  --tree DIR          kernel tree for kernel-build.sh (default: fetch 7.3)
  --suite BIN         static arm64 suite (default: build/arm64/lazymmu-bench)
  --host-suite BIN    host lazymmu-bench for "compare" (default: build/lazymmu-bench)
  --no-suite          skip the suite runs (test_vmalloc only)
  --tvm-boots N       test_vmalloc boots per variant and test (default: 10; 0: none)
  --tvm-tests LIST    space-separated NAME:param=v,param=v test_vmalloc sets
                      (default: "$default_tvm")
  --tvm-loops N       test_vmalloc.test_loop_count where a set does not
                      give one (default: 200)
  --timeout SEC       per guest boot (default: 3600)
  --deps-only         only the dependency step: install the kernel build
                      packages (root) or print the command; download and
                      build nothing
  --dry-run           with --deps-only: say what is missing and the command,
                      install nothing
  -h, --help          this text

The dependency step (scripts/kernel-deps.sh, packages listed in
scripts/deps/tools.list) runs first; then the static arm64 suite and the host
suite are built with make if missing (default paths only).

SUITE_RUN_ARGS default to: $default_run
Kernel builds take minutes each and the TCG runs longer: run this with
nohup in the background. Exit status: 0 done, 1 a step failed, 2 bad arguments.
EOF
}

outdir=
variants=nesting,flatten,never-nest
build=1
tree=
suite=
host_suite=
run_suite=1
tvm_boots=10
tvm_tests=$default_tvm
tvm_loops=200
timeout_s=3600
run_args=()
extra_configs=()
suffix=
qemu_modes=()
deps_only=0
dry_run=0

while [ $# -gt 0 ]; do
	case $1 in
	--outdir) lmb_need_arg "$1" "${2-}"; outdir=$(lmb_abspath "$2"); shift 2 ;;
	--variants) lmb_need_arg "$1" "${2-}"; variants=$2; shift 2 ;;
	--no-build) build=0; shift ;;
	--icount | --plugin-so | --emu-merge) lmb_need_arg "$1" "${2-}"
		qemu_modes+=("$1" "$2"); shift 2 ;;
	--deterministic | --plugin) qemu_modes+=("$1"); shift ;;
	--extra-config) lmb_need_arg "$1" "${2-}"
		[ -f "$2" ] || lmb_usage_error "--extra-config fragment '$2' does not exist"
		extra_configs+=("$(lmb_abspath "$2")"); shift 2 ;;
	--suffix) lmb_need_arg "$1" "${2-}"; suffix=$2; shift 2 ;;
	--tree) lmb_need_arg "$1" "${2-}"; tree=$2; shift 2 ;;
	--suite) lmb_need_arg "$1" "${2-}"; suite=$(lmb_abspath "$2"); shift 2 ;;
	--host-suite) lmb_need_arg "$1" "${2-}"; host_suite=$(lmb_abspath "$2"); shift 2 ;;
	--no-suite) run_suite=0; shift ;;
	--tvm-boots) lmb_need_arg "$1" "${2-}"; tvm_boots=$2; shift 2 ;;
	--tvm-tests) lmb_need_arg "$1" "${2-}"; tvm_tests=$2; shift 2 ;;
	--tvm-loops) lmb_need_arg "$1" "${2-}"; tvm_loops=$2; shift 2 ;;
	--timeout) lmb_need_arg "$1" "${2-}"; timeout_s=$2; shift 2 ;;
	--deps-only) deps_only=1; shift ;;
	--dry-run) dry_run=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; run_args=("$@"); break ;;
	*) lmb_usage_error "unknown argument '$1' (suite arguments go after --)" ;;
	esac
done

root=$(lmb_repo_root)
if [ $deps_only = 1 ]; then
	if [ $dry_run = 1 ]; then
		exec "$root/scripts/kernel-deps.sh" --dry-run
	fi
	exec "$root/scripts/kernel-deps.sh"
fi
[ $dry_run = 0 ] || lmb_usage_error "--dry-run goes with --deps-only"
[ -n "$outdir" ] || lmb_usage_error "--outdir is required"
[ -z "$suffix" ] || lmb_label_ok "x$suffix" ||
	lmb_usage_error "--suffix '$suffix' may hold only letters, digits, '.', '_' and '-'"
for n in "$tvm_boots" "$tvm_loops" "$timeout_s"; do
	case $n in
	'' | *[!0-9]*) lmb_usage_error "'$n' is not a non-negative integer (--tvm-boots/--tvm-loops/--timeout)" ;;
	esac
done
kp=$root/kernel-patches
IFS=, read -r -a vlist <<<"$variants"
[ ${#vlist[@]} -gt 0 ] || lmb_usage_error "--variants is empty"

for v in "${vlist[@]}"; do
	lmb_variant_known "$v" ||
		lmb_usage_error "unknown variant '$v' (known: $LMB_VARIANT_BASES, each optionally with -ctl, then -vmw)"
done
for t in $tvm_tests; do
	case $t in
	[a-z0-9_-]*:run_test_mask=[0-9]*) ;;
	*) lmb_usage_error "--tvm-tests entry '$t' is not NAME:run_test_mask=N[,param=v...]" ;;
	esac
done
[ ${#run_args[@]} -gt 0 ] || read -r -a run_args <<<"$default_run"
if [ $run_suite = 1 ] && [ -n "$suite" ]; then
	[ -f "$suite" ] ||
		lmb_usage_error "--suite $suite does not exist; build it (make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1) or leave --suite out"
fi

# Before any download or build.
"$root/scripts/kernel-deps.sh" ||
	lmb_die 1 "the kernel build dependencies are missing (see above)"

mkdir -p "$outdir"
log=$outdir/study.log
# make_suite WHAT FILE MAKE_ARGS...: build a missing default suite binary.
make_suite()
{
	local what=$1 file=$2

	shift 2
	[ -f "$file" ] && return 0
	lmb_msg "building the $what suite: make -C $root $* (log: $outdir/make-$what.log)"
	make -C "$root" -j2 "$@" </dev/null >"$outdir/make-$what.log" 2>&1 ||
		lmb_die 1 "building the $what suite failed; see $outdir/make-$what.log"
}
if [ $run_suite = 1 ] && [ -z "$suite" ]; then
	suite=$root/build/arm64/lazymmu-bench
	make_suite arm64 "$suite" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1
fi
if [ -z "$host_suite" ]; then
	host_suite=$root/build/lazymmu-bench
	[ $run_suite = 0 ] || make_suite host "$host_suite"
fi

say()
{
	lmb_msg "$*"
	echo "$(lmb_utc_now) $*" >>"$log"
}

say "study: variants ${vlist[*]}; suite: ${run_args[*]}; test_vmalloc: $tvm_boots boots x {$tvm_tests}"

if [ $build = 1 ]; then
	for v in "${vlist[@]}"; do
		mapfile -t vargs < <(lmb_variant_build_args "$kp" "$v")
		args=(--label "$v$suffix" "${vargs[@]}")
		for f in "${extra_configs[@]}"; do
			args+=(--config "$f")
		done
		[ -z "$suffix" ] || args+=(--obj "$LMB_KBUILD/obj/linux-$suffix")
		[ -z "$tree" ] || args+=(--tree "$tree")
		say "building $v"
		"$root/scripts/kernel-build.sh" "${args[@]}" >/dev/null
		say "built $v$suffix: $(grep -E '^(build_seconds|kernel_release):' "$LMB_KBUILD/$v$suffix/BUILD-INFO" | tr '\n' ' ')"
	done
fi
# Kernel labels: the variant name plus --suffix.
klist=()
for v in "${vlist[@]}"; do
	klist+=("$v$suffix")
done
for v in "${klist[@]}"; do
	[ -f "$LMB_KBUILD/$v/Image" ] ||
		lmb_die 1 "no kernel for $v: $LMB_KBUILD/$v/Image is missing (run without --no-build)"
	mkdir -p "$outdir/$v"
	cp "$LMB_KBUILD/$v/BUILD-INFO" "$outdir/$v/BUILD-INFO"
done

# The suite in each kernel.
csvs=()
if [ $run_suite = 1 ]; then
	for v in "${klist[@]}"; do
		d=$outdir/$v/suite
		rm -rf "$d"
		say "suite in $v: ${run_args[*]}"
		"$root/scripts/qemu-run.sh" --label "$v" --outdir "$d" \
			--timeout "$timeout_s" --suite "$suite" "${qemu_modes[@]}" \
			-- "${run_args[@]}"
		csv=$(lmb_suite_csv "$d") ||
			lmb_die 1 "the suite in $v wrote no CSV (see $d/console.log)"
		[ ! -f "${csv%.csv}-emu.csv" ] || csv=${csv%.csv}-emu.csv
		cp "$csv" "$outdir/$v.csv"
		csvs+=("$outdir/$v.csv")
		say "suite in $v: $(grep '^guest_seconds' "$d/run-info.txt")"
	done
fi

# test_vmalloc: one boot per sample; the lazy_mmu stats that init prints
# first thing hold the boot plus the test, so a boot without the test
# (run_test_mask=0) gives the baseline to subtract.
stat_of()
{
	awk -v k="$2" '$1 == k { print $2 }' "$1"
}
if [ "$tvm_boots" -gt 0 ]; then
	tcsv=$outdir/test_vmalloc.csv
	echo "label,test,params,boot,passed,failed,avg_usec,lazy_stat,count_minus_baseline" >"$tcsv.tmp"
	for v in "${klist[@]}"; do
		base=$outdir/$v/tvm-baseline
		rm -rf "$base"
		"$root/scripts/qemu-run.sh" --label "$v" --outdir "$base" \
			--timeout "$timeout_s" "${qemu_modes[@]}" >/dev/null
		for t in $tvm_tests; do
			name=${t%%:*}
			params=${t#*:}
			app=
			for kv in ${params//,/ }; do
				app="$app test_vmalloc.$kv"
			done
			case $params in
			*test_loop_count=*) ;;
			*) app="$app test_vmalloc.test_loop_count=$tvm_loops" ;;
			esac
			app="$app test_vmalloc.nr_threads=1 test_vmalloc.sequential_test_order=1"
			for i in $(seq 1 "$tvm_boots"); do
				d=$outdir/$v/tvm-$name-$i
				rm -rf "$d"
				"$root/scripts/qemu-run.sh" --label "$v" --outdir "$d" \
					--timeout "$timeout_s" "${qemu_modes[@]}" \
					--append "${app# }" >/dev/null
				[ -f "$d/test_vmalloc.csv" ] ||
					lmb_die 1 "test_vmalloc printed no Summary in $v ($d/console.log)"
				row=$(tail -n +2 "$d/test_vmalloc.csv" | head -n 1)
				IFS=, read -r _ test passed failed _ _ _ avg <<<"$row"
				while read -r key val; do
					b=$(stat_of "$base/lazy_mmu-stats-start.txt" "$key")
					echo "$v,$test,${params//,/ },$i,$passed,$failed,$avg,$key,$((val - b))"
				done <"$d/lazy_mmu-stats-start.txt" >>"$tcsv.tmp"
			done
			say "test_vmalloc $name in $v: $tvm_boots boots"
		done
	done
	mv "$tcsv.tmp" "$tcsv"
	"$root/scripts/ab-summarize.sh" --test-vmalloc "$tcsv" >"$outdir/test_vmalloc-summary.md"
	say "wrote $tcsv and $outdir/test_vmalloc-summary.md"
fi

# Reports.
if [ ${#csvs[@]} -gt 0 ]; then
	"$root/scripts/ab-summarize.sh" "${csvs[@]}" >"$outdir/summary.md"
	say "wrote $outdir/summary.md"
	if [ -x "$host_suite" ] && [ ${#csvs[@]} -ge 2 ]; then
		if "$host_suite" compare "${csvs[@]:0:3}" --format md \
			>"$outdir/compare.md" 2>"$outdir/compare.stderr"; then
			say "wrote $outdir/compare.md"
		else
			say "compare failed (exit $?): $(head -c 300 "$outdir/compare.stderr")"
		fi
	else
		say "no host suite at $host_suite with compare: compare.md not written"
	fi
fi
say "study done: $outdir"

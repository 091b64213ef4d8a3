#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The deterministic emulated-cost study (docs/emulation.md): every step
# boots an arm64 kernel already built by kernel-build-queue.sh under
# qemu-system-aarch64 --deterministic --plugin (scripts/qemu-run.sh) and
# writes into OUTDIR; then compares each design with stock through the
# suite's own CSV and CLI (lazymmu-bench compare, lmb-emu-funcs).
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

steps_all="storms aa control userloop slowdown sweep seeds walltime report"
steps_default="storms aa control userloop slowdown report"

usage()
{
	cat <<EOF
usage: $LMB_PROG --outdir DIR [options]

  --outdir DIR       study directory (e.g. results/qemu-arm64-7.3-emu)
  --designs LIST     labels compared with the first one
                     (default: stock,flatten-clean,never-nest-clean); the
                     control boots LABEL-ctl of each (LABEL itself when it
                     ends in -ctl) into OUTDIR/control-<kernel label>.
                     NAME=LABEL boots kernel LABEL under the name NAME
                     (A/A: --designs A=stock-ctl,B=stock-ctl)
  --steps LIST       any of: $steps_all
                     (default: all but sweep, in this order)
                       storms    every storm (run -w storms), 4k, per design
                       aa        stock booted again (A/A determinism)
                       control   lazy-control on each LABEL-ctl kernel
                       userloop  user-loop-probe: kernel/user instruction split
                       slowdown  one storm under plain TCG, icount, icount+plugin, 3x
                       sweep     --sweep-workloads at every --sweep-size and page size
                                 --sweep-page-size, per design, into OUTDIR/sweep-LABEL
                                 (guest memory --sweep-mem)
                       seeds     deterministic boots, one per design and --seeds
                                 value (run --layout-seed): round i boots every
                                 design with seed i, in a random order per round,
                                 into OUTDIR/seeds/NAME/seed-S
                       walltime  --boots rounds of plain TCG boots (not
                                 deterministic, 1 vCPU: the boot level has real
                                 variance), every design once per round in a
                                 random order, into OUTDIR/walltime/NAME/round-R
                       report    compare / text-mail / lmb-emu-funcs tables;
                                 for seeds and walltime, each design's boots
                                 joined into OUTDIR/seeds-NAME.csv /
                                 walltime-NAME.csv and compared with the first
                     seeds and walltime append each boot (step, round, its
                     position in the round, design, kernel, seed, boot_id,
                     start, seconds, exit) to OUTDIR/schedule.csv
  --size SIZE        storm region (default: 32M)
  --control-size S   lazy-control pages = S / 4 KiB (default: 4M = 1024 PTEs)
  --workloads LIST   storms of the storms, aa, seeds and walltime steps
                     (default: storms = every workload `lazymmu-bench list` flags storm)
  --repeats N        samples per storm after the warm-ups (default: 10)
  --warmup N         warm-up samples per storm (default: 2)
  --seeds LIST       layout seeds of the seeds step (default: 1,2,3,4,5)
  --boots N          rounds of the walltime step (default: 6)
  --order-seed N     seed of the random order of each round (default: from
                     the clock; recorded in schedule.csv and study.log)
  --dry-run          print the boots (and the rounds' order) and exit
  --sweep-size LIST  region sizes of the sweep step (default: 2M,8M,64M,256M,1G)
  --sweep-workloads LIST   storms of the sweep step (default: munmap,fork)
  --sweep-page-size LIST   page sizes of the sweep step (default: 4k,thp)
  --sweep-mem SIZE   guest memory of the sweep boots (default: 3G)
  --suite BIN        static arm64 suite for every boot (default:
                     build/arm64/lazymmu-bench); one binary for a whole
                     study: another build moves the deterministic counts
  --timeout SEC      per guest boot (default: 3600)
  -h, --help         this text

Needs the Images in $LMB_KBUILD/<label>/ (kernel-build-queue.sh --labels
stock,flatten-clean,never-nest-clean,stock-ctl,flatten-clean-ctl,never-nest-clean-ctl),
build/arm64/lazymmu-bench (make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1),
make emu, and for the report step the host suite build/lazymmu-bench (make):
checked before the first boot. Takes about an hour: run it with nohup.
Exit status: 0 done, 1 a step failed, 2 bad arguments.
EOF
}

outdir=
designs=stock,flatten-clean,never-nest-clean
steps=$steps_default
size=32M
sweep_sizes=2M,8M,64M,256M,1G
sweep_workloads=munmap,fork
sweep_pages=4k,thp
sweep_mem=3G
control_size=4M
repeats=10
warmup=2
storms=storms	# every workload flagged storm (lazymmu-bench list)
seeds=1,2,3,4,5
boots=6
order_seed=
suite=
dry=0
timeout_s=3600

while [ $# -gt 0 ]; do
	case $1 in
	--outdir) lmb_need_arg "$1" "${2-}"; outdir=$(lmb_abspath "$2"); shift 2 ;;
	--designs) lmb_need_arg "$1" "${2-}"; designs=$2; shift 2 ;;
	--steps) lmb_need_arg "$1" "${2-}"; steps=${2//,/ }; shift 2 ;;
	--size) lmb_need_arg "$1" "${2-}"; size=$2; shift 2 ;;
	--control-size) lmb_need_arg "$1" "${2-}"; control_size=$2; shift 2 ;;
	--repeats) lmb_need_arg "$1" "${2-}"; repeats=$2; shift 2 ;;
	--warmup) lmb_need_arg "$1" "${2-}"; warmup=$2; shift 2 ;;
	--workloads) lmb_need_arg "$1" "${2-}"; storms=$2; shift 2 ;;
	--seeds) lmb_need_arg "$1" "${2-}"; seeds=$2; shift 2 ;;
	--boots) lmb_need_arg "$1" "${2-}"; boots=$2; shift 2 ;;
	--order-seed) lmb_need_arg "$1" "${2-}"; order_seed=$2; shift 2 ;;
	--dry-run) dry=1; shift ;;
	--suite) lmb_need_arg "$1" "${2-}"; suite=$(lmb_abspath "$2"); shift 2 ;;
	--timeout) lmb_need_arg "$1" "${2-}"; timeout_s=$2; shift 2 ;;
	--sweep-size) lmb_need_arg "$1" "${2-}"; sweep_sizes=$2; shift 2 ;;
	--sweep-workloads) lmb_need_arg "$1" "${2-}"; sweep_workloads=$2; shift 2 ;;
	--sweep-page-size) lmb_need_arg "$1" "${2-}"; sweep_pages=$2; shift 2 ;;
	--sweep-mem) lmb_need_arg "$1" "${2-}"; sweep_mem=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) lmb_usage_error "unknown option '$1'" ;;
	esac
done
[ -n "$outdir" ] || lmb_usage_error "--outdir DIR is required"
for s in $steps; do
	case " $steps_all " in *" $s "*) ;;
	*) lmb_usage_error "--steps: unknown step '$s' (known: $steps_all)" ;;
	esac
done
if ! [[ $repeats =~ ^[0-9]+$ ]] || [ "$repeats" -lt 1 ]; then
	lmb_usage_error "--repeats '$repeats' is not a positive whole number"
fi
[[ $warmup =~ ^[0-9]+$ ]] ||
	lmb_usage_error "--warmup '$warmup' is not a whole number"
if ! [[ $boots =~ ^[0-9]+$ ]] || [ "$boots" -lt 2 ] || [ "$boots" -gt 100 ]; then
	lmb_usage_error "--boots '$boots' is not a whole number from 2 to 100 (one boot per design gives no boot-to-boot variation)"
fi
[[ $seeds =~ ^[0-9]{1,9}(,[0-9]{1,9})+$ ]] ||
	lmb_usage_error "--seeds '$seeds' is not a list of two or more layout seeds such as 1,2,3,4,5"
[ -z "$(tr ',' '\n' <<<"$seeds" | sort | uniq -d)" ] ||
	lmb_usage_error "--seeds '$seeds' holds a seed twice: two boots of one seed are the same deterministic boot"
[ -z "$suite" ] || [ -f "$suite" ] ||
	lmb_usage_error "--suite '$suite' does not exist (make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1)"
if [ -z "$order_seed" ]; then
	order_seed=$(($(date +%s%N) % 1000000000))
fi
[[ $order_seed =~ ^[0-9]{1,9}$ ]] ||
	lmb_usage_error "--order-seed '$order_seed' is not a whole number below 1000000000"
[[ $storms =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]] ||
	lmb_usage_error "--workloads '$storms' is not a comma list of workloads such as munmap,fork"
# The sweep's lists go to the guest: refuse a typo here, not after a boot.
size_re='[0-9]+[KMG]?'
[[ $sweep_sizes =~ ^$size_re(,$size_re)+$ ]] ||
	lmb_usage_error "--sweep-size '$sweep_sizes' is not a list of two or more sizes such as 2M,8M,64M"
[[ $sweep_mem =~ ^$size_re$ ]] ||
	lmb_usage_error "--sweep-mem '$sweep_mem' is not a size such as 3G"
[[ $sweep_workloads =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]] ||
	lmb_usage_error "--sweep-workloads '$sweep_workloads' is not a comma list of workloads such as munmap,fork"
[[ $sweep_pages =~ ^[a-z0-9]+(,[a-z0-9]+)*$ ]] ||
	lmb_usage_error "--sweep-page-size '$sweep_pages' is not a comma list such as 4k,thp"
IFS=, read -r -a design_specs <<<"$designs"
[ ${#design_specs[@]} -ge 1 ] || lmb_usage_error "--designs is empty"
# design_list: the names (directories, files); kernel_of: name -> label.
declare -A kernel_of=()
design_list=()
for spec in "${design_specs[@]}"; do
	name=${spec%%=*}
	k=${spec#*=}
	lmb_label_ok "$name" || lmb_usage_error "--designs: '$name' is not a kernel label"
	lmb_label_ok "$k" || lmb_usage_error "--designs: '$k' is not a kernel label"
	[ -z "${kernel_of[$name]+set}" ] ||
		lmb_usage_error "--designs: the name '$name' is given twice; name the sides of an A/A apart (A=$k,B=$k)"
	kernel_of[$name]=$k
	design_list+=("$name")
done
base=${design_list[0]}

root=$(lmb_repo_root)
qrun=$root/scripts/qemu-run.sh
host=$root/build/lazymmu-bench
funcs_tool=$root/build/emu/lmb-emu-funcs
log=$outdir/study.log
[ $dry = 1 ] || mkdir -p "$outdir"

note()
{
	lmb_msg "$(lmb_utc_now) $*"
	[ $dry = 1 ] || echo "$(lmb_utc_now) $*" >>"$log"
}

want()
{
	case " $steps " in *" $1 "*) return 0 ;; esac
	return 1
}

# The report step compares on the host: check its tools before any boot.
if want report; then
	[ -x "$host" ] ||
		lmb_die 1 "the report step needs the host suite $host (its compare); build it with make, or leave out the step (--steps)"
	[ -x "$funcs_tool" ] ||
		lmb_die 1 "the report step needs $funcs_tool; build it with make emu, or leave out the step (--steps)"
fi

# boot NAME LABEL QEMU_RUN_ARGS... -- SUITE_ARGS: one guest, timed.
boot()
{
	local name=$1 label=$2 t0 rc=0
	shift 2
	if [ $dry = 1 ]; then
		echo "boot $name (kernel $label): qemu-run.sh $*"
		return 0
	fi
	[ -f "$LMB_KBUILD/$label/Image" ] ||
		lmb_die 1 "no kernel Image for '$label' in $LMB_KBUILD/$label; build it: scripts/kernel-build-queue.sh --labels $label"
	rm -rf "${outdir:?}/$name"
	mkdir -p "$(dirname "$outdir/$name")"
	note "boot $name (kernel $label): qemu-run.sh $*"
	t0=$(date +%s.%N)
	"$qrun" --label "$label" --outdir "$outdir/$name" --timeout "$timeout_s" \
		${suite:+--suite "$suite"} "$@" \
		>"$outdir/$name.log" 2>&1 || rc=$?
	echo "$name $(echo "$(date +%s.%N) - $t0" | bc)" >>"$outdir/boot-seconds.txt"
	[ $rc -eq 0 ] || { note "boot $name failed (exit $rc): see $outdir/$name.log"; return 1; }
	note "boot $name done in $(tail -n 1 "$outdir/boot-seconds.txt" | cut -d' ' -f2) s"
}

# merged_csv DESIGN: its merged CSV, relative to OUTDIR (the report runs there).
merged_csv()
{
	local f
	f=$(cd "$outdir" && ls "$1"/*-emu.csv 2>/dev/null | head -n 1)
	[ -n "$f" ] || lmb_die 1 "no merged CSV (*-emu.csv) in $outdir/$1: did its boot fail?"
	echo "$f"
}

# ctl_label LABEL: the kernel with the positive control for a design.
ctl_label()
{
	case $1 in
	*-ctl) echo "$1" ;;
	*) echo "$1-ctl" ;;
	esac
}

# shuffled SEED ITEMS...: ITEMS in a random order drawn from SEED.
shuffled()
{
	local -a v=("${@:2}")
	local i j t

	# bash's generator gives neighbouring seeds similar first draws: mix
	RANDOM=$((($1 * 2654435761 + 12345) % 2147483647))
	for ((i = 0; i < 8; i++)); do
		: $RANDOM
	done
	for ((i = ${#v[@]} - 1; i > 0; i--)); do
		j=$((RANDOM % (i + 1)))
		t=${v[i]} v[i]=${v[j]} v[j]=$t
	done
	printf '%s\n' "${v[@]}"
}

# scheduled STEP ROUND POS NAME SEED BOOT QEMU_RUN_ARGS...: boot() and one
# line of OUTDIR/schedule.csv.
scheduled()
{
	local step=$1 round=$2 pos=$3 name=$4 seed=$5 dir=$6 start rc=0 id secs
	shift 6
	start=$(lmb_utc_now)
	[ $dry = 0 ] || printf '%s round %s position %s: ' "$step" "$round" "$pos"
	boot "$dir" "${kernel_of[$name]}" "$@" || rc=1
	[ $dry = 0 ] || return 0
	[ -f "$outdir/schedule.csv" ] ||
		echo "step,round,position,design,kernel,seed,boot,boot_id,started_utc,seconds,status" \
			>"$outdir/schedule.csv"
	id=$(sed -n 's/^boot_id: //p' "$outdir/$dir/run-info.txt" 2>/dev/null || true)
	secs=$(tail -n 1 "$outdir/boot-seconds.txt" | cut -d' ' -f2)
	echo "$step,$round,$pos,$name,${kernel_of[$name]},$seed,$dir,$id,$start,$secs,$([ $rc = 0 ] && echo ok || echo failed)" \
		>>"$outdir/schedule.csv"
	return $rc
}

failed=0
storm_args=(run -w "$storms" -p 4k -s "$size" -r "$repeats" --warmup "$warmup" -e default)

if want storms; then
	for d in "${design_list[@]}"; do
		boot "$d" "${kernel_of[$d]}" --deterministic --plugin -- "${storm_args[@]}" || failed=1
	done
fi
if want aa; then
	boot "$base-aa" "${kernel_of[$base]}" --deterministic --plugin -- "${storm_args[@]}" || failed=1
fi
if want seeds; then
	note "seeds: layout seeds $seeds, order seed $order_seed"
	IFS=, read -r -a seed_list <<<"$seeds"
	round=0
	for s in "${seed_list[@]}"; do
		round=$((round + 1))
		pos=0
		for d in $(shuffled "$((order_seed + round))" "${design_list[@]}"); do
			pos=$((pos + 1))
			scheduled seeds "$round" "$pos" "$d" "$s" "seeds/$d/seed-$s" \
				--deterministic --plugin --layout-seed "$s" -- "${storm_args[@]}" ||
				failed=1
		done
	done
fi
if want walltime; then
	note "walltime: $boots rounds, order seed $order_seed"
	for ((round = 1; round <= boots; round++)); do
		pos=0
		for d in $(shuffled "$((order_seed + 1000 + round))" "${design_list[@]}"); do
			pos=$((pos + 1))
			scheduled walltime "$round" "$pos" "$d" "" "walltime/$d/round-$round" \
				--smp 1 -- "${storm_args[@]}" || failed=1
		done
	done
fi
if want control; then
	for d in "${design_list[@]}"; do
		k=$(ctl_label "${kernel_of[$d]}")
		boot "control-$k" "$k" --deterministic --plugin -- \
			run -w lazy-control -s "$control_size" -r "$repeats" --warmup 2 \
			-e default || failed=1
	done
fi
if want userloop; then
	boot userloop "${kernel_of[$base]}" --deterministic --plugin \
		--suite "$root/build/emu/user-loop-probe" -- 1000000 || failed=1
fi
if want slowdown; then
	# Wall time of whole boots (host load adds noise): three of each, in turn.
	one=(run -w munmap -p 4k -s "$size" -r 5 --warmup 1 -e default)
	for i in 1 2 3; do
		boot "slowdown-tcg-$i" "${kernel_of[$base]}" --smp 1 -- "${one[@]}" || failed=1
		boot "slowdown-icount-$i" "${kernel_of[$base]}" --deterministic -- "${one[@]}" || failed=1
		boot "slowdown-plugin-$i" "${kernel_of[$base]}" --deterministic --plugin -- "${one[@]}" || failed=1
	done
fi
if want sweep; then
	# The seed is fixed so that every design visits the sizes in the same
	# (shuffled) order: the boots stay comparable window by window.
	for d in "${design_list[@]}"; do
		boot "sweep-$d" "${kernel_of[$d]}" --deterministic --plugin --mem "$sweep_mem" -- \
			run -w "$sweep_workloads" -p "$sweep_pages" \
			--sweep-size "$sweep_sizes" --seed 1 -r "$repeats" --warmup 2 \
			-e default || failed=1
	done
fi
[ $dry = 0 ] || exit 0
# per_workload TITLE NUM [SCALE]: csv-median.awk over the merged CSV of
# every boot in OUTDIR (also those of earlier invocations; not the
# slowdown boots), one "boot,workload,median,n" line each.
per_workload()
{
	local d f
	echo "# $1"
	echo "boot,workload,median,n"
	for d in $(cd "$outdir" && ls -d */ | sed 's|/$||'); do
		# slowdown boots time whole guests; a sweep mixes sizes
		case $d in slowdown-* | userloop | sweep-* | plots-* | seeds | walltime) continue ;; esac
		ls "$outdir/$d"/*-emu.csv >/dev/null 2>&1 || continue
		f=$outdir/$(merged_csv "$d")
		awk -F, -v key=workload -v num="$2" -v scale="${3:-1}" \
			-f "$root/scripts/lib/csv-median.awk" "$f" | sed "s/^/$d,/"
	done
	echo
}

# slowdown_table: median wall seconds of the three boots of each mode.
slowdown_table()
{
	local mode
	echo "mode,median_boot_seconds,boots"
	for mode in tcg icount plugin; do
		awk -v m="slowdown-$mode-" 'index($1, m) == 1 { print $2 }' \
			"$outdir/boot-seconds.txt" | sort -n |
			awk -v m="$mode" '{ v[++n] = $1 } END { if (n) printf "%s,%.1f,%d\n", m, n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2, n }'
	done
}

if want report; then
	cd "$outdir"
	{
		per_workload "PMU instructions:k per page" ev_instructions_k/pages
		per_workload "plugin kernel instructions per page" ev_emu_insn_k/pages
		per_workload "PMU instructions:k / plugin insn_k, per window" ev_instructions_k/ev_emu_insn_k
		per_workload "PMU instructions:u per window" ev_instructions_u
		per_workload "plugin user instructions per window (the harness footprint)" ev_emu_insn_u
		for c in dsb_ish dsb_ishst isb pte_pair dmb tlbi; do
			per_workload "plugin ${c}_k per page" "ev_emu_${c}_k/pages"
		done
	} >"$outdir/per-workload.csv"
	# only sweeps (or nothing) here: no table of one-size storms
	grep -q '^[a-z]' <(grep -v '^boot,' "$outdir/per-workload.csv") ||
		rm -f "$outdir/per-workload.csv"
	! grep -q '^slowdown-' "$outdir/boot-seconds.txt" 2>/dev/null ||
		slowdown_table >"$outdir/slowdown.csv"
	if [ -d "$outdir/$base-aa" ]; then
		if cmp -s "$outdir/$base/emu-windows.csv" "$outdir/$base-aa/emu-windows.csv"; then
			echo "A/A: the plugin's window files of $base and $base-aa are identical" >"$outdir/aa.txt"
		else
			echo "A/A: the plugin's window files of $base and $base-aa differ" >"$outdir/aa.txt"
		fi
	fi
	[ ! -d "$outdir/$base" ] || a=$(merged_csv "$base")
	for d in "${design_list[@]:1}" "$base-aa"; do
		[ -d "$outdir/$base" ] && [ -d "$outdir/$d" ] || continue
		b=$(merged_csv "$d")
		note "compare $base $d"
		"$host" compare "$a" "$b" >"$outdir/compare-$d.txt" 2>"$outdir/compare-$d.stderr" || failed=1
		"$host" compare --format text-mail "$a" "$b" >"$outdir/mail-$d.txt" 2>/dev/null || failed=1
		"$funcs_tool" --top 12 "$a" "$base/emu-funcs.csv" \
			"$b" "$d/emu-funcs.csv" >"$outdir/funcs-$d.txt" 2>&1 || failed=1
	done
	if [ -d "$outdir/sweep-$base" ]; then
		a=$(merged_csv "sweep-$base")
		for d in "${design_list[@]:1}"; do
			[ -d "$outdir/sweep-$d" ] || continue
			b=$(merged_csv "sweep-$d")
			note "compare sweep-$base sweep-$d"
			"$host" compare --plot "$outdir/plots-sweep-$d" "$a" "$b" \
				>"$outdir/compare-sweep-$d.txt" 2>"$outdir/compare-sweep-$d.stderr" || failed=1
			"$host" compare --format text-mail "$a" "$b" \
				>"$outdir/mail-sweep-$d.txt" 2>/dev/null || failed=1
			[ ! -f "sweep-$d/emu-funcs.csv" ] ||
				"$funcs_tool" --top 6 "$a" "sweep-$base/emu-funcs.csv" \
					"$b" "sweep-$d/emu-funcs.csv" \
					>"$outdir/funcs-sweep-$d.txt" 2>&1 || failed=1
		done
	fi
	# seeds / walltime: each design's boots joined, compared with the first
	for step in seeds walltime; do
		[ -d "$outdir/$step/$base" ] || continue
		for d in "${design_list[@]}"; do
			joined=$outdir/$step-$d.csv
			rm -f "$joined"
			for b in "$outdir/$step/$d"/*/; do
				b=${b%/}
				if [ "$step" = seeds ]; then
					f=$(ls "$b"/*-emu.csv 2>/dev/null | head -n 1)
				else
					f=$(lmb_suite_csv "$b" || true)
				fi
				[ -z "$f" ] || cat "$f" >>"$joined"
			done
		done
		for d in "${design_list[@]:1}"; do
			[ -s "$outdir/$step-$base.csv" ] && [ -s "$outdir/$step-$d.csv" ] || continue
			note "compare $step-$base $step-$d"
			"$host" compare "$step-$base.csv" "$step-$d.csv" \
				>"$outdir/compare-$step-$d.txt" 2>"$outdir/compare-$step-$d.stderr" || failed=1
		done
	done
	bc=control-$(ctl_label "${kernel_of[$base]}")
	if [ -d "$outdir/$bc" ]; then
		a=$(merged_csv "$bc")
		for d in "${design_list[@]:1}"; do
			c=control-$(ctl_label "${kernel_of[$d]}")
			[ -d "$outdir/$c" ] || continue
			b=$(merged_csv "$c")
			"$host" compare "$a" "$b" >"$outdir/compare-$c.txt" 2>"$outdir/compare-$c.stderr" || failed=1
			"$funcs_tool" --top 12 "$a" "$bc/emu-funcs.csv" \
				"$b" "$c/emu-funcs.csv" >"$outdir/funcs-$c.txt" 2>&1 || failed=1
		done
	fi
fi
note "done (failed=$failed)"
exit $failed

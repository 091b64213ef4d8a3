#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of scripts/emu-study.sh without booting a kernel: argument
# handling, and a missing kernel Image named with the command that builds it.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/tap.bash"
S=$ROOT/scripts/emu-study.sh
export LMB_KBUILD=$TMP/kbuild

expect_exit 2 "--outdir DIR is required" "outdir required" "$S"
expect_exit 2 "unknown step 'bogus'" "unknown step refused" \
	"$S" --outdir "$TMP/s" --steps storms,bogus
expect_exit 2 "--repeats '0'" "zero repeats refused" \
	"$S" --outdir "$TMP/s" --repeats 0
expect_exit 2 "'a/b' is not a kernel label" "label with a slash refused" \
	"$S" --outdir "$TMP/s" --designs stock,a/b
expect_exit 2 "unknown option '--nope'" "unknown option refused" \
	"$S" --outdir "$TMP/s" --nope
expect_exit 2 "is not a list of two or more sizes" "bad --sweep-size refused before any boot" \
	"$S" --outdir "$TMP/s" --steps sweep --sweep-size 2M
expect_exit 2 "is not a size such as 3G" "bad --sweep-mem refused" \
	"$S" --outdir "$TMP/s" --steps sweep --sweep-mem lots
expect_exit 1 "kernel-build-queue.sh --labels stock" \
	"missing Image: names the build command" \
	"$S" --outdir "$TMP/s" --steps storms
expect_exit 2 "--boots '1' is not a whole number from 2 to 100" "one walltime round refused" \
	"$S" --outdir "$TMP/s" --steps walltime --boots 1
expect_exit 2 "--seeds '3' is not a list of two or more" "one layout seed refused" \
	"$S" --outdir "$TMP/s" --steps seeds --seeds 3
expect_exit 2 "holds a seed twice" "a layout seed twice refused" \
	"$S" --outdir "$TMP/s" --steps seeds --seeds 1,2,1
expect_exit 2 "--order-seed 'x'" "bad --order-seed refused" \
	"$S" --outdir "$TMP/s" --order-seed x
expect_exit 2 "--warmup 'two'" "bad --warmup refused" \
	"$S" --outdir "$TMP/s" --warmup two
expect_exit 2 "--workloads 'munmap fork'" "bad --workloads refused" \
	"$S" --outdir "$TMP/s" --workloads "munmap fork"
expect_exit 2 "the name 'A' is given twice" "one design name twice refused" \
	"$S" --outdir "$TMP/s" --designs A=stock-ctl,A=stock-ctl
expect_exit 2 "'x/y' is not a kernel label" "NAME=LABEL with a bad label refused" \
	"$S" --outdir "$TMP/s" --designs A=x/y

# --dry-run: the boots of the rounds, in order, without booting anything
"$S" --outdir "$TMP/dry" --designs A=stock-ctl,B=stock-ctl --steps walltime \
	--boots 6 --workloads munmap,fork --size 8M --order-seed 11 --dry-run >"$TMP/wt" 2>/dev/null
check "dry run boots nothing and writes nothing" [ ! -e "$TMP/dry" ]
check "walltime: 6 rounds x 2 designs" [ "$(grep -c '^walltime round' "$TMP/wt")" = 12 ]
check "walltime: every round boots A and B once, kernel stock-ctl, plain TCG, 1 vCPU" \
	bash -c "for r in 1 2 3 4 5 6; do grep \"^walltime round \$r \" '$TMP/wt' | grep -o 'walltime/[AB]/round-'\$r' (kernel stock-ctl): qemu-run.sh --smp 1 -- run -w munmap,fork -p 4k -s 8M' | sort | uniq | wc -l | grep -qx 2 || exit 1; done; ! grep -q deterministic '$TMP/wt'"
orders=$(awk '{ print $7 }' "$TMP/wt" | sed 's|walltime/||; s|/round.*||' | paste -sd' ' | sed 's/\([AB]\) \([AB]\)/\1\2/g')
check "walltime: the order changes between rounds ($orders)" \
	bash -c "[ \$(tr ' ' '\n' <<<'$orders' | sort -u | wc -l) = 2 ]"
"$S" --outdir "$TMP/dry" --designs A=stock-ctl,B=stock-ctl --steps walltime \
	--boots 6 --workloads munmap,fork --size 8M --order-seed 11 --dry-run >"$TMP/wt2" 2>/dev/null
check "walltime: the same --order-seed gives the same order" cmp -s "$TMP/wt" "$TMP/wt2"
"$S" --outdir "$TMP/dry" --designs stock-ctl,never-nest-clean-ctl,flatten-clean-ctl \
	--steps seeds --seeds 3,5,8,13,21 --order-seed 2 --dry-run >"$TMP/sd" 2>/dev/null
check "seeds: 5 seeds x 3 designs, each once" \
	[ "$(grep -o 'seeds/[a-z-]*/seed-[0-9]*' "$TMP/sd" | sort -u | wc -l)" = 15 ]
check "seeds: a round is one seed, deterministic with the plugin and --layout-seed" \
	bash -c "grep '^seeds round 4 ' '$TMP/sd' | grep -c 'seed-13 (kernel [a-z-]*): qemu-run.sh --deterministic --plugin --layout-seed 13 -- run' | grep -qx 3"

if "$S" --help | grep -q "storms aa control userloop slowdown sweep seeds walltime report"; then
	ok "--help lists the steps"
else
	not_ok "--help does not list the steps"
fi
finish

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The kernel variants by label: which patches and config fragments make
# each one. Used by kernel-build-queue.sh and ab-study.sh; the table is in
# kernel-patches/README.md ("Labels"). Source it after kernel-common.sh.
#
#   stock              Debian 7.3.4, no patch (the nesting-aware design)
#   flatten-clean      v6.16's flatten design, nothing else
#   never-nest-clean   the seed's never-nest design, nothing else
#   nesting            instrumentation (counters) on 7.3
#   flatten            instrumentation + flatten (emulation scaffolding)
#   never-nest         instrumentation + flatten + never-nest
#   eager              no deferral: every kernel PTE/PMD write emits its
#                      dsb; isb at once (the barriers before 5fdd05efa1cd)
#   eager-vmalloc      vmalloc opens no lazy MMU sections (its barriers as
#                      before 5fdd05efa1cd; one .c file: a quick rebuild)
#   <any of those>-ctl the same plus the positive-control trigger
#   <label>-vmw        the same plus test_vmalloc window markers (after
#                      -ctl when both: stock-ctl-vmw)

LMB_VARIANT_BASES="stock flatten-clean never-nest-clean nesting flatten never-nest eager eager-vmalloc"

# lmb_variant_base LABEL: LABEL without its -vmw and -ctl suffixes.
lmb_variant_base()
{
	local b=${1%-vmw}

	echo "${b%-ctl}"
}

# lmb_variant_known LABEL: a base label, optionally with -ctl, then
# optionally with -vmw.
lmb_variant_known()
{
	local b v

	b=$(lmb_variant_base "$1")

	for v in $LMB_VARIANT_BASES; do
		[ "$b" = "$v" ] && return 0
	done
	return 1
}

# lmb_variant_patches KP LABEL: the patch files/directories of LABEL, in
# order, one per line (none for stock). KP is the kernel-patches directory.
lmb_variant_patches()
{
	local kp=$1 label=$2

	lmb_variant_known "$label" || return 1
	case $(lmb_variant_base "$label") in
	stock) ;;
	flatten-clean) echo "$kp/variants-clean/flatten" ;;
	never-nest-clean) echo "$kp/variants-clean/never-nest" ;;
	nesting) echo "$kp/instrumentation" ;;
	flatten) printf '%s\n' "$kp/instrumentation" "$kp/variants/flatten" ;;
	never-nest) printf '%s\n' "$kp/instrumentation" "$kp/variants/flatten" \
		"$kp/variants/never-nest" ;;
	eager) echo "$kp/variants-clean/eager" ;;
	eager-vmalloc) echo "$kp/variants-clean/eager-vmalloc" ;;
	esac
	case ${label%-vmw} in
	*-ctl) echo "$kp/control" ;;
	esac
	case $label in
	*-vmw) echo "$kp/vmalloc-windows" ;;
	esac
}

# lmb_variant_configs KP LABEL: its config fragments, in order, one per
# line. Clean kernels get no instrumentation fragment.
lmb_variant_configs()
{
	local kp=$1 label=$2

	lmb_variant_known "$label" || return 1
	printf '%s\n' "$kp/configs/qemu-virt-min.config" "$kp/configs/ab.config"
	case $(lmb_variant_base "$label") in
	nesting | flatten | never-nest)
		echo "$kp/instrumentation/lazy-mmu-stats.config" ;;
	esac
	case ${label%-vmw} in
	*-ctl) echo "$kp/control/control.config" ;;
	esac
}

# lmb_variant_build_args KP LABEL: kernel-build.sh --patch/--config
# arguments for LABEL, one per line.
lmb_variant_build_args()
{
	local kp=$1 label=$2 f

	lmb_variant_known "$label" || return 1
	for f in $(lmb_variant_patches "$kp" "$label"); do
		printf -- '--patch\n%s\n' "$f"
	done
	for f in $(lmb_variant_configs "$kp" "$label"); do
		printf -- '--config\n%s\n' "$f"
	done
}

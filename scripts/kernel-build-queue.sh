#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build several kernel variants one after another (they share one object
# directory, so never in parallel), each with its own log. The patches
# and config fragments of each label come from lib/kernel-variants.sh.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"
. "$(dirname "$0")/lib/kernel-variants.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG --labels L1,L2,... [options] [-- KERNEL_BUILD_OPTIONS...]

  --labels LIST    variants to build, in this order; each one of
                   $LMB_VARIANT_BASES
                   optionally with -ctl (plus the positive control), then
                   optionally with -vmw (plus test_vmalloc window markers)
  --logdir DIR     one log per label, build-LABEL.log (default: /var/tmp/lmb-logs)
  --keep-going     build the next label when one fails (default: stop)
  --dry-run        print the kernel-build.sh command of each label, build nothing
  -h, --help       this text

Other kernel-build.sh options (--tree, --out, --jobs ...) go after --.
Run it in the background (nohup ... &): each build takes minutes.
Exit status: 0 all built, 1 a build failed, 2 bad arguments.
EOF
}

labels=
logdir=/var/tmp/lmb-logs
keep_going=0
dry=0
extra=()
while [ $# -gt 0 ]; do
	case $1 in
	--labels) lmb_need_arg "$1" "${2-}"; labels=$2; shift 2 ;;
	--logdir) lmb_need_arg "$1" "${2-}"; logdir=$(lmb_abspath "$2"); shift 2 ;;
	--keep-going) keep_going=1; shift ;;
	--dry-run) dry=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; extra=("$@"); break ;;
	*) lmb_usage_error "unknown argument '$1' (kernel-build.sh options go after --)" ;;
	esac
done
[ -n "$labels" ] || lmb_usage_error "--labels is required"
IFS=, read -r -a llist <<<"$labels"
[ ${#llist[@]} -gt 0 ] || lmb_usage_error "--labels is empty"
for l in "${llist[@]}"; do
	lmb_variant_known "$l" ||
		lmb_usage_error "unknown label '$l' (known: $LMB_VARIANT_BASES, each optionally with -ctl, then -vmw)"
done

kp=$(lmb_repo_root)/kernel-patches
build=$(dirname "$0")/kernel-build.sh
[ $dry = 1 ] || mkdir -p "$logdir"
failed=
for l in "${llist[@]}"; do
	mapfile -t args < <(lmb_variant_build_args "$kp" "$l")
	cmd=("$build" --label "$l" "${args[@]}" "${extra[@]}")
	if [ $dry = 1 ]; then
		printf '%q ' "${cmd[@]}"
		printf '\n'
		continue
	fi
	lmb_msg "$(lmb_utc_now) building $l (log: $logdir/build-$l.log)"
	if "${cmd[@]}" >"$logdir/build-$l.log" 2>&1; then
		# kernel-build.sh's last line but one: "built LABEL in N s: ..." (its
		# --out may be another folder than LMB_KBUILD)
		lmb_msg "$(lmb_utc_now) $(grep -h "^kernel-build.sh: built $l in " "$logdir/build-$l.log" | tail -n 1 | sed 's/^kernel-build.sh: //')"
	else
		lmb_msg "$(lmb_utc_now) FAILED $l: $(tail -n 1 "$logdir/build-$l.log")"
		failed="$failed $l"
		[ $keep_going = 1 ] ||
			lmb_die 1 "build of $l failed; see $logdir/build-$l.log (later labels not built)"
	fi
done
[ -z "$failed" ] || lmb_die 1 "builds failed:$failed (logs in $logdir)"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/checkpatch.sh CHECKPATCH_PL [FILE...]
#
# Runs the kernel's checkpatch.pl (make checkpatch passes the one of the
# kernel tree the build uses: KDIR, else the tree deps.sh unpacked) on the
# suite's C files (default: every .c and .h under benchmarks/), with the
# exceptions below, each justified in one line.  Prints checkpatch's terse
# findings and a tally by type.  Exit status: 0 clean, 1 findings, 2 bad
# usage or no checkpatch.pl.

set -u -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

usage()
{
	sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[ $# -ge 1 ] || usage
case "$1" in -h | --help) usage ;; esac
CP=$1
shift
[ -f "$CP" ] || {
	echo "checkpatch: error: '$CP' does not exist: no kernel tree with scripts/checkpatch.pl; pass KDIR=<kernel tree> or CHECKPATCH=<path to checkpatch.pl> to make checkpatch" >&2
	exit 2
}

# Types not applicable to a userspace C11 program, one line each.
IGNORE=(
	# no kernel compiler.h here: __printf()/__aligned() would be our own reserved names
	PREFER_DEFINED_ATTRIBUTE_MACRO
	# sig_atomic_t flags shared with signal handlers, and one busy loop the compiler must keep
	VOLATILE
	# we read ENOSYS from perf_event_open and io_uring_setup, we never return it
	ENOSYS
	# comma lists of CSV columns and event names, not messages: split to stay in 80 columns
	SPLIT_STRING
)
# Single findings that are checkpatch mistakes: "file:TYPE", one line each.
FALSE=(
	# a definition whose parameter is a function pointer, split over two lines: the brace is right
	"benchmarks/meta_info.c:OPEN_BRACE"
)

cd "$ROOT" || exit 2
if [ $# -eq 0 ]; then
	mapfile -t FILES < <(find benchmarks -name '*.[ch]' | sort)
else
	FILES=("$@")
fi
ignore=$(IFS=,; echo "${IGNORE[*]}")
out=$(perl "$CP" --no-tree -f --terse --show-types --no-summary \
	--ignore "$ignore" "${FILES[@]}" 2>&1)
for f in "${FALSE[@]}"; do
	out=$(printf '%s\n' "$out" | grep -v "^${f%%:*}:[0-9]*: [A-Z]*:${f#*:}:")
done
out=$(printf '%s\n' "$out" | sed '/^$/d')
if [ -z "$out" ]; then
	echo "checkpatch: ${#FILES[@]} files clean (${#IGNORE[@]} types and ${#FALSE[@]} false positives excepted, see $0)"
	exit 0
fi
printf '%s\n' "$out"
printf '%s\n' "$out" | sed -n 's/^[^ ]* \([A-Z]*\):\([A-Z_]*\):.*/\1 \2/p' | sort | uniq -c | sort -rn
echo "checkpatch: $(printf '%s\n' "$out" | grep -c ': \(ERROR\|WARNING\|CHECK\):') findings in ${#FILES[@]} files"
exit 1

# SPDX-License-Identifier: GPL-2.0
# The --help and usage errors of the fleet scripts (source it after setting
# PROG; not a command itself).  --help prints the script's leading comment
# block, from its third line.
# shellcheck shell=bash

usage()
{
	awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0"
	exit "$1"
}

usage_error()
{
	echo "$PROG: error: $*; see $PROG --help" >&2
	exit 2
}

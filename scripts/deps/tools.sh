# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The packages of scripts/deps/tools.list: which of a set are missing.
# Sourced after packages.sh (uses need and have_cmd), not run.

TOOLS_LIST=$(dirname "${BASH_SOURCE[0]}")/tools.list

# tool_present CHECK: cmd:NAME is in PATH, file:PATH (a glob) exists.
tool_present()
{
	case $1 in
	cmd:*) have_cmd "${1#cmd:}" ;;
	file:*) compgen -G "${1#file:}" >/dev/null ;;	# a glob: any match
	*) die "$TOOLS_LIST: bad check '$1' (want cmd:NAME or file:PATH)" ;;
	esac
}

# tool_machine_ok MACHINES: this machine (uname -m, or $TOOLS_MACHINE for
# tests) is in the comma list MACHINES, or not in it when it starts with
# '!'; an empty list is every machine.
tool_machine_ok()
{
	local list=${1#!} m=${TOOLS_MACHINE:-$(uname -m)} in=1

	[ -n "$1" ] || return 0
	case ",$list," in *",$m,"*) in=0 ;; esac
	if [ "${1:0:1}" = "!" ]; then
		[ $in = 1 ]
	else
		[ $in = 0 ]
	fi
}

# tools_collect SET: need() the packages of SET whose check fails.
tools_collect()
{
	local set check deb dnf machines found=0

	[ -r "$TOOLS_LIST" ] || die "cannot read $TOOLS_LIST"
	while read -r set check deb dnf machines; do
		case $set in '' | '#'*) continue ;; esac
		[ "$set" = "$1" ] || continue
		found=1
		[ -n "$dnf" ] || die "$TOOLS_LIST: line '$set $check $deb' lacks its columns"
		tool_machine_ok "$machines" || continue
		tool_present "$check" && continue
		[ "$dnf" = - ] && dnf=""
		need "$deb" "$dnf"
	done <"$TOOLS_LIST"
	[ $found = 1 ] || die "$TOOLS_LIST has no entry for the set '$1'"
}

collect_kernel_tools()
{
	tools_collect kernel
}

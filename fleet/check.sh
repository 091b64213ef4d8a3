#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fleet/check.sh [--results DIR] WHAT KIND VALUE [WHAT KIND VALUE]...
#
# The one check of every value that the fleet turns into a path or a command
# line, wherever it comes from: fleet/run.sh's options, the inventory's host
# names, host and group variables.  WHAT names the value in the message
# (e.g. "host graviton3: inventory variable lmb_run_args_extra").  Kinds:
#
#   name         a label, run id or host name: letters, digits, . _ - (at
#                most 64, starting with a letter or digit); it becomes part of
#                a file name, never a path of its own
#   host         an inventory host name: a name (its results go to
#                RESULTS/<host>/; with --results, that folder is resolved and
#                must stay inside RESULTS)
#   count        a whole number from 1 to 999
#   words        options of `lazymmu-bench run`: words of letters, digits and
#                , . _ : = / + - separated by blanks, without the options the
#                fleet sets itself (-o, --output, --outdir, -l, --label)
#   remote-path  a folder or file on a host: an absolute path of letters,
#                digits and . _ + - /, with no '..' part
#   local-file   a file on this machine, to copy: exists, is readable
#   release      a kernel release (uname -r): letters, digits, . _ + ~ -
#                (it names /boot/vmlinuz-RELEASE)
#   program      the boot command's program: a name or path of letters,
#                digits and . _ + - /
#   arg          one word of the boot command: any text without control
#                characters (the command runs without a shell)
#
# Prints one line per refused value, saying what to do, and exits 2 if any
# was refused; silent with status 0 when all pass.
set -u -o pipefail

NAME_RE='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
NAME_RULE="use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)"
WORDS_RE='^[A-Za-z0-9 ,._:=/+-]*$'
PATH_RE='^/[A-Za-z0-9._+/-]*$'
RELEASE_RE='^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}$'
PROGRAM_RE='^[A-Za-z0-9._+/-]+$'

RESULTS=
if [ "${1:-}" = --results ]; then
	[ $# -ge 2 ] || { echo "fleet/check.sh: error: --results needs a folder" >&2; exit 2; }
	RESULTS=$2
	shift 2
fi
if [ $# -eq 0 ] || [ $(($# % 3)) -ne 0 ]; then
	echo "fleet/check.sh: error: give WHAT KIND VALUE triples (see the head of fleet/check.sh)" >&2
	exit 2
fi

bad=0
# refuse WHAT VALUE WHY: one line, the value shown with its control
# characters escaped.
refuse()
{
	local v=${2//$'\n'/\\n}

	printf "%s '%s' %s\n" "$1" "$(printf '%s' "$v" | cat -vT)" "$3"
	bad=1
}

# inside_results HOST: RESULTS/HOST, resolved (symbolic links followed),
# is the folder HOST right inside RESULTS, resolved.
inside_results()
{
	local root dir

	root=$(realpath -m -- "$RESULTS") || return 1
	dir=$(realpath -m -- "$RESULTS/$1") || return 1
	[ "$dir" = "$root/$1" ]
}

# fleet_option WORDS: the first word that is an option the fleet sets.
fleet_option()
{
	local w

	for w in $1; do
		case $w in
		-o | --output | --output=* | --outdir | --outdir=* | -l | --label | --label=*)
			echo "$w"; return 0 ;;
		-o?* | -l?*) echo "$w"; return 0 ;;
		esac
	done
	return 1
}

while [ $# -gt 0 ]; do
	what=$1 kind=$2 v=$3
	shift 3
	case $kind in
	name)
		[[ $v =~ $NAME_RE ]] || refuse "$what" "$v" "is not a name: $NAME_RULE" ;;
	host)
		if ! [[ $v =~ $NAME_RE ]]; then
			refuse "$what" "$v" "is not a host name the fleet can use as the folder of its results: $NAME_RULE; rename the host in the inventory and give its address as ansible_host=..."
		elif [ -n "$RESULTS" ] && ! inside_results "$v"; then
			refuse "$what" "$v" "has a results folder '$RESULTS/$v' that resolves to '$(realpath -m -- "$RESULTS/$v")', outside $RESULTS: remove that link or give another --results"
		fi ;;
	count)
		[[ $v =~ ^[1-9][0-9]{0,2}$ ]] || refuse "$what" "$v" "is not a count from 1 to 999" ;;
	words)
		if ! [[ $v =~ $WORDS_RE ]]; then
			refuse "$what" "$v" "holds a character other than letters, digits, blanks and , . _ : = / + - (the words are options of lazymmu-bench run, never shell text)"
		elif o=$(fleet_option "$v"); then
			refuse "$what" "$v" "sets '$o', which the fleet sets itself (output file and label): leave it out"
		fi ;;
	remote-path)
		if ! [[ $v =~ $PATH_RE ]]; then
			refuse "$what" "$v" "is not an absolute path of letters, digits and . _ + - /: give one like /home/USER/lazymmu-bench-fleet"
		elif [[ /$v/ == */../* ]]; then
			refuse "$what" "$v" "has a '..' part: give the folder itself"
		fi ;;
	local-file)
		if [[ $v == *[[:cntrl:]]* ]] || [ ! -f "$v" ] || [ ! -r "$v" ]; then
			refuse "$what" "$v" "is not a readable file on this machine: give the path of an existing file"
		fi ;;
	release)
		[[ $v =~ $RELEASE_RE ]] ||
			refuse "$what" "$v" "is not a kernel release (what uname -r says): letters, digits and . _ + ~ -, starting with a letter or digit" ;;
	program)
		[[ $v =~ $PROGRAM_RE ]] ||
			refuse "$what" "$v" "is not a program name or path (letters, digits and . _ + - /): the boot command runs without a shell; put shell text in a script on the host and give its path" ;;
	arg)
		[[ $v != *[[:cntrl:]]* ]] ||
			refuse "$what" "$v" "holds a control character (a line break?): give one word of the command per list item" ;;
	*)
		echo "fleet/check.sh: error: unknown kind '$kind' (for $what)" >&2
		exit 2 ;;
	esac
done
exit $((bad * 2))

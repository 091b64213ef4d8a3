# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers of scripts/deps.sh: messages, logged steps, stamps.
# Sourced, not run.  Expects OUT (absolute) to be set by the caller.

say()
{
	echo "deps: $*" >&2
}

die()
{
	echo "deps: error: $*" >&2
	exit 1
}

# run_logged NAME CMD...: run CMD with its output in $OUT/logs/NAME.log;
# on failure show the end of the log and name the whole file.
run_logged()
{
	local name=$1 log
	shift
	mkdir -p "$OUT/logs"
	log="$OUT/logs/$name.log"
	if ! "$@" >"$log" 2>&1; then
		echo "deps: error: step '$name' failed: $*" >&2
		echo "deps: last lines of $log:" >&2
		tail -n 25 "$log" | sed 's/^/    /' >&2
		echo "deps: fix the cause above (full log: $log), then run make again" >&2
		exit 1
	fi
}

# A step is done when its stamp file holds exactly the key it was built with.
stamp_ok()
{
	[ -f "$OUT/stamps/$1" ] && [ "$(cat "$OUT/stamps/$1")" = "$2" ]
}

stamp_set()
{
	mkdir -p "$OUT/stamps"
	printf '%s\n' "$2" >"$OUT/stamps/$1"
}

stamp_clear()
{
	rm -f "$OUT/stamps/$1"
}

# file_key FILE: path, size and mtime, enough to notice a replaced input.
file_key()
{
	stat -c '%n %s %Y' "$1"
}

is_root()
{
	[ "$(id -u)" = 0 ]
}

# elapsed START: seconds since START (from `date +%s`).
elapsed()
{
	echo "$(($(date +%s) - $1))s"
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# SSH to the arm64 host of scripts/arm64-host.sh, and waiting for it to
# answer.  Sourced, not run.  Uses AH_DIR (state folder), AH_PORT,
# AH_USER; ssh is whatever `ssh` is in PATH (the tests put a fake first).

# ah_ssh_opts: the options of every connection: the folder's own key and
# known_hosts (the image's host key, written by `start`), no password
# prompt, a bounded connect time.
ah_ssh_opts()
{
	printf '%s\n' -i "$AH_DIR/id_ed25519" -p "$AH_PORT" \
		-o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=5 \
		-o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$AH_DIR/known_hosts" \
		-o LogLevel=ERROR
}

# ah_ssh CMD...: run CMD on the guest as the cloud user.
ah_ssh()
{
	local opts

	mapfile -t opts < <(ah_ssh_opts)
	ssh "${opts[@]}" "$AH_USER@127.0.0.1" "$@"
}

# ah_wait_ssh PID TIMEOUT CONSOLE: wait until `ssh ... true` succeeds.
# Fails (1) with the last SSH error and the end of the console log when
# QEMU (PID) exits first or TIMEOUT seconds pass.  Prints the seconds
# waited on success.
ah_wait_ssh()
{
	local pid=$1 timeout=$2 console=$3 t0 now err=""

	t0=$(date +%s)
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			ah_console_tail "$console"
			ah_fail "QEMU (pid $pid) exited before SSH answered on 127.0.0.1:$AH_PORT${err:+ (last SSH error: $err)}; the console log is $console"
			return 1
		fi
		if err=$(ah_ssh true 2>&1 </dev/null); then
			echo "$(($(date +%s) - t0))"
			return 0
		fi
		err=$(printf '%s' "$err" | tail -n 1)
		now=$(date +%s)
		if [ $((now - t0)) -ge "$timeout" ]; then
			ah_console_tail "$console"
			ah_fail "no SSH on 127.0.0.1:$AH_PORT after ${timeout}s (last SSH error: ${err:-none}); QEMU still runs as pid $pid: look at the console log $console, give a longer --timeout, or stop it with '$AH_PROG stop'"
			return 1
		fi
		sleep "${AH_WAIT_STEP:-5}"
	done
}

# ah_console_tail FILE: the last lines of the guest's console, indented.
ah_console_tail()
{
	[ -s "$1" ] || return 0
	echo "$AH_PROG: last lines of the console ($1):" >&2
	tail -n 15 "$1" | tr -d '\r' | sed 's/^/    /' >&2
}

# ah_fail MESSAGE: the error line (the caller decides the exit).
ah_fail()
{
	printf '%s: error: %s\n' "$AH_PROG" "$*" >&2
}

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sudo scripts/bench.sh [make arguments, e.g. PROFILE=full LABEL=base]
#
# The README's first command on a fresh Debian/Ubuntu machine: installs what
# is missing (make, a C compiler and the tools of `make check`, through
# scripts/deps.sh), builds, and runs `make bench` (the quick profile unless
# PROFILE= says otherwise).  Not root: prints the exact apt-get command.
# Under sudo, build/ and results/ are handed back to the calling user after,
# so that `make check` runs without sudo (tests that need root then skip).
set -eu
case "${1:-}" in -h|--help) sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
cd "$(dirname "$0")/.."
hand_back()
{
	if [ -n "${SUDO_UID:-}" ] && [ "$(id -u)" = 0 ]; then
		chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" build results 2>/dev/null || true
	fi
}
trap hand_back EXIT
scripts/deps.sh --out build/deps
make bench "$@"

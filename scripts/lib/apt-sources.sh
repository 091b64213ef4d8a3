# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Where this machine's apt gets Debian packages, read from its configuration
# (never changed): scripts/fresh-machine.sh and scripts/arm64-host.sh build
# their roots from the same mirror.  Sourced, not run.

# apt_sources: "URI SUITE" of every enabled deb source, one-line and deb822.
apt_sources()
{
	local f

	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++;
			if ($2 ~ /^\[/) i++; print $i, $(i + 1) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'function flush() { if (deb && on) for (u in U) for (s in S) print U[u], S[s];
				deb = 0; on = 1; delete U; delete S }
			BEGIN { on = 1 }
			/^[ \t]*$/ { flush(); next }
			/^#/ { next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			tolower($1) == "enabled:" { on = ($2 != "no") }
			tolower($1) == "uris:" { for (i = 2; i <= NF; i++) U[i] = $i }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) S[i] = $i }
			END { flush() }' "$f"
	done
}

# apt_mirror_for SUITE: the first source's URI for SUITE (empty if none).
apt_mirror_for()
{
	apt_sources | awk -v s="$1" '$2 == s { print $1; exit }'
}

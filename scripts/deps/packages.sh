# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# System packages scripts/deps.sh needs: find what is missing, install it
# with apt-get when root on Debian/Ubuntu, else print the exact command.
# Sourced, not run.  Uses CC, CROSS, SRC_LIBS, KDIR, TRIPLE, DEBARCH.

MISSING_DEB=()
MISSING_DNF=()
# What to do after installing by hand (kernel-deps.sh names itself).
DEPS_AGAIN_HINT=${DEPS_AGAIN_HINT:-run make again}

# in_list WORD LIST...: WORD is one of LIST.
in_list()
{
	local w=$1 x

	shift
	for x in "$@"; do
		[ "$x" = "$w" ] && return 0
	done
	return 1
}

# need DEB DNF: add the package (Debian name, dnf name or "") once.
need()
{
	in_list "$1" "${MISSING_DEB[@]}" || MISSING_DEB+=("$1")
	if [ -n "$2" ] && ! in_list "$2" "${MISSING_DNF[@]}"; then
		MISSING_DNF+=("$2")
	fi
	return 0
}

have_cmd()
{
	command -v "$1" >/dev/null 2>&1
}

# can_link_static: the (cross) compiler exists and has a static libc.
can_link_static()
{
	local tmp rc
	tmp=$(mktemp -d)
	printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
	rc=0
	"$CC" -static -o "$tmp/t" "$tmp/t.c" >/dev/null 2>&1 || rc=1
	rm -rf "$tmp"
	return $rc
}

# Newest Debian/Ubuntu linux-source tarball, empty if none.
find_linux_source_tarball()
{
	local f

	for f in /usr/src/linux-source-*.tar.xz /usr/src/linux-source-*.tar.bz2 \
		/usr/src/linux-source-*/linux-source-*.tar.bz2 \
		/usr/src/linux-source-*/linux-source-*.tar.xz; do
		if [ -f "$f" ]; then echo "$f"; fi
	done | sort -V | tail -n 1
}

collect_missing()
{
	have_cmd make || need make make
	have_cmd tar || need tar tar
	if [ "$CROSS" = 1 ]; then
		if ! have_cmd "$CC"; then
			need "gcc-$TRIPLE" "gcc-$TRIPLE"
			need "libc6-dev-$DEBARCH-cross" ""
		elif ! can_link_static; then
			need "libc6-dev-$DEBARCH-cross" ""
		fi
	else
		# --no-install-recommends: gcc alone would come without libc headers.
		have_cmd "$CC" || { need gcc gcc; need libc6-dev glibc-devel; }
		if [ "$SRC_LIBS" = 1 ] && have_cmd "$CC" && ! can_link_static; then
			need libc6-dev glibc-static
		fi
	fi
	if [ "$SRC_LIBS" = 1 ]; then
		# liburing and hwloc come from Debian source packages.
		have_cmd apt-get || die "building static liburing/hwloc needs apt-get (Debian/Ubuntu) to fetch their source packages; build natively without STATIC=1 on this system"
		[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] ||
			need debian-archive-keyring ""
		have_cmd dpkg-source || have_cmd patch || need patch patch
		have_cmd bzip2 || need bzip2 bzip2
		have_cmd xz || need xz-utils xz
	else
		have_cmd pkg-config || need pkg-config pkgconf-pkg-config
		if have_cmd pkg-config; then
			pkg-config --exists liburing || need liburing-dev liburing-devel
			pkg-config --exists hwloc || need libhwloc-dev hwloc-devel
		else
			# cannot ask yet: (re)installing them is harmless
			need liburing-dev liburing-devel
			need libhwloc-dev hwloc-devel
		fi
		have_cmd lstopo || need hwloc hwloc
	fi
	# The shell tests of `make check` read result files with python3,
	# and use the tools of tools.list (set "test") on a host build.
	if [ "$CROSS" != 1 ]; then
		have_cmd python3 || need python3 python3
		tools_collect test
	fi
	if [ -z "$KDIR" ] && [ -z "$(find_linux_source_tarball)" ]; then
		if have_cmd apt-get; then
			need linux-source ""
			have_cmd xz || need xz-utils ""
		elif ! { have_cmd pkg-config && pkg-config --exists libperf; }; then
			MISSING_DNF+=(libperf-devel)
		fi
	fi
}

# True when apt knows every package named (lists may be missing or stale).
apt_knows_all()
{
	local p
	for p in "$@"; do
		apt-cache show --no-all-versions "$p" >/dev/null 2>&1 || return 1
	done
}

apt_install()
{
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$@" </dev/null
}

# install_missing [COLLECT]: run COLLECT (default collect_missing), which
# need()s what is missing; install that when root, else print the command
# and exit 1.  DEPS_DRY_RUN=1: print what would be installed, install nothing.
install_missing()
{
	local collect=${1:-collect_missing} update="" os_like=""

	"$collect"
	[ ${#MISSING_DEB[@]} -eq 0 ] && [ ${#MISSING_DNF[@]} -eq 0 ] && return 0

	if have_cmd apt-get; then
		[ ${#MISSING_DEB[@]} -eq 0 ] && return 0
		apt_knows_all "${MISSING_DEB[@]}" || update="sudo apt-get update && "
		if [ "${DEPS_DRY_RUN:-0}" = 1 ]; then
			say "dry run: missing packages: ${MISSING_DEB[*]}"
			say "dry run: would run: ${update}sudo apt-get install -y --no-install-recommends ${MISSING_DEB[*]}"
			return 0
		fi
		if ! is_root; then
			echo "deps: error: missing packages: ${MISSING_DEB[*]}" >&2
			echo "deps: install them with:" >&2
			echo "    ${update}sudo apt-get install -y --no-install-recommends ${MISSING_DEB[*]}" >&2
			echo "deps: then $DEPS_AGAIN_HINT" >&2
			exit 1
		fi
		say "installing ${MISSING_DEB[*]} with apt-get"
		if [ -n "$update" ]; then
			run_logged apt-update apt-get update -q
		fi
		if ! apt_install "${MISSING_DEB[@]}" >"$OUT/logs/apt-install.log" 2>&1; then
			# Stale lists give 404s: refresh once and retry.
			run_logged apt-update apt-get update -q
			run_logged apt-install apt_install "${MISSING_DEB[@]}"
		fi
		MISSING_DEB=()
		MISSING_DNF=()
		"$collect"
		[ ${#MISSING_DEB[@]} -eq 0 ] ||
			die "still missing after apt-get install: ${MISSING_DEB[*]} (see $OUT/logs/apt-install.log)"
		return 0
	fi

	[ -r /etc/os-release ] && os_like=$(. /etc/os-release; echo "$ID $ID_LIKE")
	case " $os_like " in
	*" fedora "* | *" rhel "* | *" amzn "* | *" centos "*)
		echo "deps: error: missing packages; install them with:" >&2
		echo "    sudo dnf install -y ${MISSING_DNF[*]}" >&2
		[ "${DEPS_DRY_RUN:-0}" = 1 ] && return 0
		case " ${MISSING_DNF[*]} " in
		*" libperf-devel "*)
			echo "deps: (or give a kernel source tree for libperf: make KDIR=/path/to/linux)" >&2 ;;
		esac
		;;
	*)
		echo "deps: error: missing (Debian package names): ${MISSING_DEB[*]} ${MISSING_DNF[*]}" >&2
		echo "deps: install the equivalent packages of your distribution, then $DEPS_AGAIN_HINT" >&2
		;;
	esac
	exit 1
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers for the kernel A/B scripts (fetch-kernel-source.sh,
# kernel-build.sh, mkinitramfs.sh, qemu-run.sh, ab-study.sh).
# Source it; it defines functions and defaults only.

LMB_PROG=${LMB_PROG:-$(basename "$0")}
# Kernel builds, sources and images live outside the repository.
LMB_KBUILD=${LMB_KBUILD:-/var/tmp/lazymmu-kbuild}

lmb_msg()
{
	printf '%s: %s\n' "$LMB_PROG" "$*" >&2
}

# lmb_die CODE MESSAGE: 2 = bad input/usage, 1 = failure.
lmb_die()
{
	local code=$1

	shift
	printf '%s: error: %s\n' "$LMB_PROG" "$*" >&2
	exit "$code"
}

lmb_usage_error()
{
	printf '%s: error: %s\n' "$LMB_PROG" "$*" >&2
	printf "Run '%s --help' for usage.\n" "$LMB_PROG" >&2
	exit 2
}

# lmb_need_cmd CMD PACKAGE: fail clearly if a tool is missing.
lmb_need_cmd()
{
	command -v "$1" >/dev/null 2>&1 ||
		lmb_die 1 "'$1' not found in PATH; install it (apt-get install $2)"
}

# lmb_need_arg OPTION VALUE: an option that takes a value got one.
lmb_need_arg()
{
	[ -n "${2-}" ] || lmb_usage_error "option $1 needs a value"
}

# lmb_abspath PATH: absolute path of an existing or new file.
lmb_abspath()
{
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}

lmb_repo_root()
{
	cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd
}

# lmb_label_ok LABEL: labels name directories and CSV fields.
lmb_label_ok()
{
	case $1 in
	'' | *[!A-Za-z0-9._-]*) return 1 ;;
	*) return 0 ;;
	esac
}

lmb_utc_now()
{
	date -u +%Y-%m-%dT%H:%M:%SZ
}

# lmb_boot_id: a fresh random id for a boot's host stamp, always 36
# characters (a UUID, the shape of the kernel's own boot_id).
lmb_boot_id()
{
	cat /proc/sys/kernel/random/uuid
}

# lmb_suite_csv DIR: the suite's result CSV that qemu-run.sh extracted into
# DIR (not test_vmalloc.csv, the plugin's emu-*.csv or a merged *-emu.csv).
lmb_suite_csv()
{
	local f

	for f in "$1"/*.csv; do
		case $f in
		*/test_vmalloc.csv | */emu-*.csv | *-emu.csv) ;;
		*) [ -f "$f" ] && { printf '%s\n' "$f"; return 0; } ;;
		esac
	done
	return 1
}

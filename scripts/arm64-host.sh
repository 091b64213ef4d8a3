#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# scripts/arm64-host.sh [options] COMMAND [ARGS...]
#
# An arm64 host in a box: a Debian 12 arm64 machine under
# qemu-system-aarch64 (TCG), booted by UEFI firmware and GRUB from its own
# disk, reached over SSH like a small cloud host.  Installing a kernel
# package in it and rebooting changes the running kernel.
#
# Commands:
#   create        build the disk image (once; cached) and this folder's disk
#   start         boot the machine in the background, wait for SSH
#   stop          shut it down (poweroff over SSH, else QEMU is ended)
#   status        running or not, port, CPU, disk; exit 0 only when SSH answers
#   ssh [CMD...]  a shell or CMD on the machine, as the cloud user (sudo)
#   inventory     print an Ansible inventory line for fleet/run.sh
#
# Options:
#   --dir DIR         state folder: key, disk, firmware variables, console
#                     log (default /var/tmp/lmb-arm64host)
#   --cache DIR       where images are kept (default: the state folder's
#                     cache/); machines with their own --dir share one image
#   --port N          loopback port forwarded to the guest's SSH (10022)
#   --cpu MODEL       QEMU CPU: neoverse-n1 (default; MIDR 0x414fd0c1), max,
#                     or any `qemu-system-aarch64 -cpu help` name
#   --smp N           vCPUs (default 2: this box has 2 cores)
#   --mem SIZE        memory, e.g. 4G (default 4G)
#   --debug-pagealloc add debug_pagealloc=on to the kernel command line
#   --append ARGS     more kernel command line (every kernel GRUB boots until
#                     the next start), e.g. test_vmalloc.run_test_mask=0
#   --icount SHIFT    precise icount (-icount shift=SHIFT, 0-10): the PMU
#                     counts instructions exactly, time runs by them
#   --timeout S       seconds to wait for SSH (default 1800: TCG on a busy host)
#   --mirror URL      Debian mirror (default: this machine's apt source for
#                     --suite; apt's configuration is never changed)
#   --suite NAME      Debian release (default bookworm)
#   --size SIZE       disk size of a new image (default 24G)
#   --user NAME       the cloud user (default admin, as Debian's AMIs)
#   --refresh         create: build the image again even if cached
#   --fresh           create: a new disk from the image (the old one is lost)
#   -h, --help        this text
#
# Slow: the image takes tens of minutes (packages set up under qemu-user,
# then a first boot that puts GRUB on the disk), a boot takes minutes under
# TCG.  Creating needs root (mmdebstrap, binfmt_misc); the host packages
# (tools.list set "arm64host") are installed when root, else the apt-get
# command is printed.  Exit status: 0 done, 1 failure, 2 bad usage.
set -eu -o pipefail
# mkfs.*, sfdisk: /usr/sbin is outside a user's PATH on Debian
PATH=$PATH:/usr/sbin:/sbin

AH_PROG=arm64-host.sh
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/arm64-host-ssh.sh
. "$HERE/lib/arm64-host-ssh.sh"
# shellcheck source=lib/apt-sources.sh
. "$HERE/lib/apt-sources.sh"

usage()
{
	sed -n '5,49p' "$0" | sed 's/^# \{0,1\}//'
	exit "$1"
}

usage_error()
{
	printf '%s: error: %s\n' "$AH_PROG" "$*" >&2
	printf "Run '%s --help' for usage.\n" "$AH_PROG" >&2
	exit 2
}

die()
{
	ah_fail "$@"
	exit 1
}

msg()
{
	printf '%s: %s\n' "$AH_PROG" "$*" >&2
}

need_val()
{
	[ -n "${2-}" ] || usage_error "option $1 needs a value"
}

# Defaults; parse_args changes them.
AH_DIR=/var/tmp/lmb-arm64host
AH_PORT=10022
AH_USER='admin'
CPU=neoverse-n1
SMP=2
MEM=4G
DEBUG_PAGEALLOC=0
APPEND=
ICOUNT=
TIMEOUT=1800
MIRROR=
SUITE=bookworm
SIZE=24G
REFRESH=0
FRESH=0
CMD=
CMD_ARGS=()
PORT_GIVEN=0
CACHE=

# parse_args "$@": the options and the command into the globals above.
parse_args()
{
	while [ $# -gt 0 ]; do
		case $1 in
		--dir) need_val "$1" "${2-}"; AH_DIR=$2; shift 2 ;;
		--cache) need_val "$1" "${2-}"; CACHE=$2; shift 2 ;;
		--port) need_val "$1" "${2-}"; AH_PORT=$2; PORT_GIVEN=1; shift 2 ;;
		--cpu) need_val "$1" "${2-}"; CPU=$2; shift 2 ;;
		--smp) need_val "$1" "${2-}"; SMP=$2; shift 2 ;;
		--mem) need_val "$1" "${2-}"; MEM=$2; shift 2 ;;
		--icount) need_val "$1" "${2-}"; ICOUNT=$2; shift 2 ;;
		--timeout) need_val "$1" "${2-}"; TIMEOUT=$2; shift 2 ;;
		--mirror) need_val "$1" "${2-}"; MIRROR=$2; shift 2 ;;
		--suite) need_val "$1" "${2-}"; SUITE=$2; shift 2 ;;
		--size) need_val "$1" "${2-}"; SIZE=$2; shift 2 ;;
		--user) need_val "$1" "${2-}"; AH_USER=$2; shift 2 ;;
		--debug-pagealloc) DEBUG_PAGEALLOC=1; shift ;;
		--append) need_val "$1" "${2-}"; APPEND=$2; shift 2 ;;
		--refresh) REFRESH=1; shift ;;
		--fresh) FRESH=1; shift ;;
		-h | --help) usage 0 ;;
		-*) usage_error "unknown option '$1'" ;;
		*) CMD=$1; shift; CMD_ARGS=("$@"); break ;;
		esac
	done
	[ -n "$CMD" ] || usage_error "no command given (create, start, stop, status, ssh, inventory)"
	case $CMD in
	create | start | stop | status | inventory)
		[ ${#CMD_ARGS[@]} -eq 0 ] ||
			usage_error "'$CMD' takes no arguments, got '${CMD_ARGS[*]}' (options go before the command)" ;;
	ssh) ;;
	*) usage_error "unknown command '$CMD' (create, start, stop, status, ssh, inventory)" ;;
	esac
	case $AH_PORT in
	'' | *[!0-9]*) usage_error "--port '$AH_PORT' is not a port number" ;;
	esac
	[ "$AH_PORT" -ge 1 ] && [ "$AH_PORT" -le 65535 ] ||
		usage_error "--port '$AH_PORT' is not a port number (1-65535)"
	case $SMP in
	'' | *[!0-9]* | 0) usage_error "--smp '$SMP' is not a positive integer" ;;
	esac
	[[ $MEM =~ ^[1-9][0-9]{0,5}[GM]$ ]] ||
		usage_error "--mem '$MEM' is not a size like 4G or 2048M"
	[[ $SIZE =~ ^[1-9][0-9]{0,3}G$ ]] ||
		usage_error "--size '$SIZE' is not a size in GiB like 24G"
	# GRUB reads it inside "...": no quote, $, \ or ;
	[[ $APPEND =~ ^[A-Za-z0-9._,:/=+\ -]*$ ]] ||
		usage_error "--append '$APPEND' holds a character other than letters, digits, blanks and . _ , : / = + -"
	case $ICOUNT in
	'' | [0-9] | 10) ;;
	*) usage_error "--icount '$ICOUNT' is not a shift from 0 to 10" ;;
	esac
	case $TIMEOUT in
	'' | *[!0-9]* | 0) usage_error "--timeout '$TIMEOUT' is not a positive number of seconds" ;;
	esac
	[[ $AH_USER =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] ||
		usage_error "--user '$AH_USER' is not a user name (lower case letters, digits, '_', '-')"
	[[ $CPU =~ ^[A-Za-z0-9][A-Za-z0-9_.,=-]*$ ]] ||
		usage_error "--cpu '$CPU' is not a QEMU CPU model name (qemu-system-aarch64 -cpu help)"
}

FW_CODE=/usr/share/AAVMF/AAVMF_CODE.fd
FW_VARS=/usr/share/AAVMF/AAVMF_VARS.fd

# shellcheck source=lib/arm64-host-image.sh
. "$HERE/lib/arm64-host-image.sh"
# shellcheck source=lib/arm64-host-vm.sh
. "$HERE/lib/arm64-host-vm.sh"

# All the work is in main, read whole before it starts: editing this file
# while a long create runs cannot change what it does.
main()
{
	parse_args "$@"
	[ -n "$CACHE" ] || CACHE=$AH_DIR/cache
	PIDFILE=$AH_DIR/qemu.pid
	CONSOLE=$AH_DIR/console.log
	DISK=$AH_DIR/disk.qcow2
	VARS=$AH_DIR/efivars.fd
	# A running machine keeps the port it was started with.
	if [ "$PORT_GIVEN" = 0 ] && [ -s "$AH_DIR/port" ] && ah_running; then
		AH_PORT=$(cat "$AH_DIR/port")
	fi
	case $CMD in
	create) ah_create ;;
	start) ah_start ;;
	stop) ah_stop ;;
	status) ah_status ;;
	ssh)
		ah_running || die "the machine is not running (start it: $AH_PROG start)"
		ah_ssh "${CMD_ARGS[@]}" ;;
	inventory) ah_inventory ;;
	esac
}

main "$@"
exit $?

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's linux-source-<version> package and unpack it as a git tree
# for kernel-build.sh, without touching the system's apt configuration: a
# private sources.list, lists and cache directory are passed to apt-get.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG [options]

Fetch and unpack Debian's linux-source-VERSION into DEST/linux-source-VERSION,
as a git repository whose first commit (tag lazymmu-base) is the pristine tree.
Prints the tree's path on stdout.

  --version V     kernel source package version (default: 7.3)
  --suite S       Debian suite that has it (default: trixie-backports)
  --mirror URL    Debian mirror (default: http://deb.debian.org/debian)
  --dest DIR      where to unpack (default: $LMB_KBUILD/src)
  --deb FILE      use this linux-source .deb instead of downloading it
  -h, --help      this text

The system's /etc/apt is never modified: apt-get runs with a private
sources.list, lists and cache under DEST/apt.
EOF
}

version=7.3
suite=trixie-backports
mirror=http://deb.debian.org/debian
dest=$LMB_KBUILD/src
deb=

while [ $# -gt 0 ]; do
	case $1 in
	--version) lmb_need_arg "$1" "${2-}"; version=$2; shift 2 ;;
	--suite) lmb_need_arg "$1" "${2-}"; suite=$2; shift 2 ;;
	--mirror) lmb_need_arg "$1" "${2-}"; mirror=$2; shift 2 ;;
	--dest) lmb_need_arg "$1" "${2-}"; dest=$(lmb_abspath "$2"); shift 2 ;;
	--deb) lmb_need_arg "$1" "${2-}"; deb=$(lmb_abspath "$2"); shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) lmb_usage_error "unknown argument '$1'" ;;
	esac
done

case $version in
[0-9]*.[0-9]*) ;;
*) lmb_usage_error "--version '$version' is not a kernel version like 7.3" ;;
esac
[ -z "$deb" ] || [ -f "$deb" ] ||
	lmb_usage_error "--deb '$deb' does not exist"

tree=$dest/linux-source-$version
if git -C "$tree" rev-parse -q --verify lazymmu-base >/dev/null 2>&1; then
	lmb_msg "already unpacked: $tree"
	echo "$tree"
	exit 0
fi
[ ! -e "$tree" ] ||
	lmb_die 1 "$tree exists but is not a tree made by this script (no lazymmu-base tag); remove it and run again"

lmb_need_cmd dpkg-deb dpkg
lmb_need_cmd git git
lmb_need_cmd xz xz-utils
mkdir -p "$dest"

if [ -z "$deb" ]; then
	lmb_need_cmd apt-get apt
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -f "$keyring" ] ||
		lmb_die 1 "$keyring missing; install debian-archive-keyring"
	apt=$dest/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl"
	echo "deb [signed-by=$keyring] $mirror $suite main" >"$apt/sources.list"
	aptopts=(-o "Dir::Etc::SourceList=$apt/sources.list"
		-o "Dir::Etc::SourceParts=-"
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::Cache=$apt/cache"
		-o "APT::Get::List-Cleanup=0")
	lmb_msg "apt-get update ($mirror $suite, private lists in $apt)"
	apt-get "${aptopts[@]}" update >&2 ||
		lmb_die 1 "apt-get update of $mirror $suite failed; check the network or pass --mirror/--deb"
	lmb_msg "apt-get download linux-source-$version"
	(cd "$apt/dl" && apt-get "${aptopts[@]}" download "linux-source-$version" >&2) ||
		lmb_die 1 "apt-get download linux-source-$version from $suite failed; is the version in that suite? (apt-get ${aptopts[*]} policy linux-source-$version)"
	deb=
	for f in "$apt/dl/linux-source-${version}_"*.deb; do
		if [ -f "$f" ] && { [ -z "$deb" ] || [ "$f" -nt "$deb" ]; }; then
			deb=$f
		fi
	done
	[ -n "$deb" ] || lmb_die 1 "apt-get download left no linux-source-${version}_*.deb in $apt/dl"
fi

work=$(mktemp -d "$dest/.unpack.XXXXXX")
trap 'rm -rf "$work"' EXIT
lmb_msg "unpacking $deb"
dpkg-deb -x "$deb" "$work/deb"
tarball=
for f in "$work/deb/usr/src/linux-source-$version.tar."*; do
	if [ -f "$f" ]; then tarball=$f; fi
done
[ -n "$tarball" ] ||
	lmb_die 1 "$deb holds no usr/src/linux-source-$version.tar.*; is it a linux-source package?"
tar -xf "$tarball" -C "$work"
[ -f "$work/linux-source-$version/Makefile" ] ||
	lmb_die 1 "$tarball did not unpack to linux-source-$version/"
pkgver=$(dpkg-deb -f "$deb" Version)
mv "$work/linux-source-$version" "$tree"

lmb_msg "recording the pristine tree as git commit (tag lazymmu-base)"
git -C "$tree" init -q
git -C "$tree" add -A -f .
git -C "$tree" -c user.name=lazymmu-bench -c user.email=lazymmu-bench@localhost \
	commit -q -m "Debian linux-source-$version $pkgver (pristine)"
git -C "$tree" tag lazymmu-base
echo "linux-source-$version $pkgver from $(basename "$deb")" >"$tree/.lazymmu-source"
echo "$tree"

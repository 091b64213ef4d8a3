# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# What the emulation layer (make emu, its tests in make check) needs on a
# host build: qemu-user, the arm64 cross compiler with its static libc
# (installed with the "test" set of tools.list by install_missing), and
# qemu-plugin.h from Debian's qemu *source* package matching the installed
# qemu-user.  The source comes through the private apt configuration of
# static-libs.sh (nothing under /etc/apt is read for sources or written);
# only the header is extracted, into $OUT/qemu-plugin/include.  Writes
# $OUT/qemu-plugin.mk (QEMU_PLUGIN_INC), which the Makefile includes.
# Sourced by deps.sh, not run.  Skipped for cross builds (ARCH != host).

# qemu_source_version: source version of the installed qemu-user (no epoch,
# no binNMU suffix), e.g. 7.2+dfsg-7+deb12u18.
qemu_source_version()
{
	dpkg-query -W -f '${Version}' qemu-user 2>/dev/null |
		sed -e 's/+b[0-9]*$//'
}

qemu_plugin_header()
{
	local ver key dir="$OUT/qemu-plugin" dl="$OUT/apt/downloads" orig debian

	ver=$(qemu_source_version)
	[ -n "$ver" ] || die "cannot read the installed qemu-user version (dpkg-query -W qemu-user); install qemu-user"
	key="qemu $ver v1"
	stamp_ok qemu-plugin-h "$key" && [ -f "$dir/include/qemu-plugin.h" ] && return 0
	private_apt_update
	say "fetching Debian's qemu $ver source for qemu-plugin.h ..."
	rm -f "$dl"/qemu_*
	(cd "$dl" && private_apt source --download-only "qemu=$ver") \
		>"$OUT/logs/apt-source-qemu.log" 2>&1 ||
		die "could not download the Debian source qemu=$ver (see $OUT/logs/apt-source-qemu.log); the installed qemu-user must match a $DEBIAN_SRC_SUITE source version: apt-get install --only-upgrade qemu-user, then run make again"
	orig=$(ls -1 "$dl"/qemu_*.orig.tar.* 2>/dev/null | head -n 1)
	debian=$(ls -1 "$dl"/qemu_*.debian.tar.* 2>/dev/null | head -n 1)
	[ -n "$orig" ] && [ -n "$debian" ] ||
		die "the qemu source download left no orig/debian tarball in $dl"
	# Debian's patches must leave the header alone, or it would not be the one qemu was built with.
	if tar -xOf "$debian" --wildcards 'debian/patches/*' 2>/dev/null |
		grep -q '^+++ .*include/qemu/qemu-plugin\.h'; then
		die "a Debian patch of qemu $ver changes include/qemu/qemu-plugin.h; scripts/deps/qemu-plugin.sh must apply it: please report this"
	fi
	rm -rf "$dir"
	mkdir -p "$dir/include"
	run_logged qemu-plugin-h tar -xf "$orig" -C "$dir" --strip-components=3 \
		--wildcards '*/include/qemu/qemu-plugin.h'
	mv "$dir/qemu-plugin.h" "$dir/include/qemu-plugin.h"
	echo "qemu $ver ($(basename "$orig"))" >"$dir/SOURCE"
	rm -f "$dl"/qemu_*
	stamp_set qemu-plugin-h "$key"
	say "qemu-plugin.h of qemu $ver in $dir/include"
}

setup_qemu_plugin()
{
	[ "$CROSS" = 1 ] && return 0
	qemu_plugin_header
	printf 'QEMU_PLUGIN_INC := %s\n' "$OUT/qemu-plugin/include" >"$OUT/qemu-plugin.mk"
}

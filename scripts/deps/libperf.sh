# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034  # the variables set here are read by deps.sh
# libperf and the kselftest headers: pick the kernel tree (KDIR, else the
# newest Debian linux-source tarball, unpacked in part under $OUT/src, else
# a system libperf from pkg-config) and build libperf.a into $OUT/usr.
# Sourced, not run.  Sets KTREE KSFT_DIR LIBPERF_CFLAGS LIBPERF_LIBS.

# Parts of the tree that libperf, the kselftest headers and lib.mk use.
tree_members()
{
	local top=$1 a
	echo "$top/Makefile"
	echo "$top/scripts"
	echo "$top/tools"
	echo "$top/include/uapi"
	# The suite's two targets (ARCH=x86_64 lives in arch/x86).
	for a in x86 arm64; do
		echo "$top/arch/$a/include/uapi"
	done
}

unpack_tarball()
{
	local tarball=$1 top key start

	top=$(basename "$tarball")
	top=${top%.tar.*}
	KTREE="$OUT/src/$top"
	key="$(file_key "$tarball") v1"
	stamp_ok unpack "$key" && [ -d "$KTREE/tools/lib/perf" ] && return 0

	say "unpacking tools/ and uapi headers of $tarball into $OUT/src ..."
	start=$(date +%s)
	stamp_clear unpack
	rm -rf "$KTREE"
	mkdir -p "$OUT/src"
	# GNU tar picks the decompressor (xz/bzip2) from the file.
	run_logged unpack tar -xf "$tarball" -C "$OUT/src" \
		$(tree_members "$top")
	[ -d "$KTREE/tools/lib/perf" ] ||
		die "$tarball has no $top/tools/lib/perf; use KDIR=<kernel tree> instead"
	stamp_set unpack "$key"
	say "unpacked in $(elapsed "$start")"
}

pick_kernel_tree()
{
	local tarball

	KTREE=""
	if [ -n "$KDIR" ]; then
		[ -d "$KDIR" ] || die "KDIR=$KDIR is not a directory; give the top of a kernel source tree"
		KTREE=$(cd "$KDIR" && pwd)
		[ -f "$KTREE/tools/lib/perf/Makefile" ] ||
			die "KDIR=$KDIR has no tools/lib/perf/Makefile: point KDIR at the top of a full kernel source tree (e.g. an unpacked linux-source), or leave KDIR unset to use Debian's linux-source package"
		return 0
	fi
	tarball=$(find_linux_source_tarball)
	if [ -n "$tarball" ]; then
		unpack_tarball "$tarball"
		return 0
	fi
}

build_libperf()
{
	local key start libdir arch_args=()

	[ "$CROSS" = 1 ] && arch_args=(ARCH="$ARCH" CROSS_COMPILE="$CROSS_COMPILE")
	key="$KTREE $(file_key "$KTREE/tools/lib/perf/Makefile") CC=$CC ARCH=$ARCH v1"
	if ! stamp_ok libperf "$key" || ! ls "$OUT"/usr/lib*/libperf.a >/dev/null 2>&1; then
		say "building libperf from $KTREE/tools/lib/perf ..."
		start=$(date +%s)
		stamp_clear libperf
		rm -rf "$OUT/libperf-build"
		mkdir -p "$OUT/libperf-build"
		# OUTPUT keeps every object out of the tree (KDIR may be read-only).
		run_logged libperf make -C "$KTREE/tools/lib/perf" -j2 \
			"${arch_args[@]}" OUTPUT="$OUT/libperf-build/" \
			prefix="$OUT/usr" DESTDIR= \
			install_lib install_headers install_pkgconfig
		libdir=$(dirname "$(ls "$OUT"/usr/lib*/libperf.a | head -n 1)")
		# libperf.a leaves fdarray__* to libapi (only libperf.so embeds it).
		[ -f "$OUT/libperf-build/libapi.a" ] ||
			die "libperf build made no libapi.a in $OUT/libperf-build; see $OUT/logs/libperf.log"
		cp -f "$OUT/libperf-build/libapi.a" "$libdir/"
		# Only the static library is used: no LD_LIBRARY_PATH needed.
		rm -f "$libdir"/libperf.so*
		stamp_set libperf "$key"
		say "libperf built in $(elapsed "$start")"
	fi
	libdir=$(dirname "$(ls "$OUT"/usr/lib*/libperf.a | head -n 1)")
	LIBPERF_CFLAGS="-isystem $OUT/usr/include"
	LIBPERF_LIBS="$libdir/libperf.a $libdir/libapi.a"
}

use_system_libperf()
{
	[ "$SRC_LIBS" = 1 ] &&
		die "no kernel tree to build a static/cross libperf from: give KDIR=<kernel tree> or install Debian's linux-source package"
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libperf; then
		die "no libperf: give KDIR=<kernel tree>, or install Debian's linux-source package (apt-get install linux-source), or a libperf development package (dnf install libperf-devel)"
	fi
	say "using the system libperf $(pkg-config --modversion libperf) (no kernel tree)"
	LIBPERF_CFLAGS=$(pkg-config --cflags libperf)
	LIBPERF_LIBS=$(pkg-config --libs libperf)
}

setup_libperf()
{
	pick_kernel_tree
	if [ -n "$KTREE" ]; then
		build_libperf
		KSFT_DIR="$KTREE/tools/testing/selftests"
		[ -f "$KSFT_DIR/kselftest_harness.h" ] ||
			die "$KSFT_DIR/kselftest_harness.h is missing: the unit tests need the kselftest headers of a kernel tree (KDIR=...)"
	else
		use_system_libperf
		KSFT_DIR=""
		say "warning: no kernel tree, so no kselftest headers (KSFT_DIR is empty): the unit tests and make kselftest need KDIR=<kernel tree> or Debian's linux-source package"
	fi
}

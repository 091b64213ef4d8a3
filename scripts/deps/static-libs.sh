# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034  # the variables set here are read by deps.sh
# Static liburing and hwloc for cross (and STATIC=1) builds, compiled from
# Debian's source packages.  Debian's own libhwloc.a needs libudev, which has
# no static library, so hwloc is configured without it.  The sources are
# fetched with a private apt configuration under $OUT/apt: /etc/apt is never
# read for sources nor written.
# Sourced, not run.  Sets URING_CFLAGS URING_LIBS HWLOC_CFLAGS HWLOC_LIBS.

DEBIAN_SRC_SUITE=${DEBIAN_SRC_SUITE:-bookworm}
DEBIAN_SRC_MIRROR=${DEBIAN_SRC_MIRROR:-http://deb.debian.org/debian}
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

private_apt()
{
	local opts=(
		-o "Dir::Etc::SourceList=$OUT/apt/sources.list"
		-o "Dir::Etc::SourceParts=-"
		-o "Dir::State::Lists=$OUT/apt/lists"
		-o "Dir::Cache=$OUT/apt/cache"
		-o "APT::Get::List-Cleanup=0"
		-q
	)
	# As root apt drops to _apt, which cannot write into build/.
	is_root && opts+=(-o "APT::Sandbox::User=root")
	apt-get "${opts[@]}" "$@" </dev/null
}

private_apt_update()
{
	local line key

	line="deb-src [signed-by=$DEBIAN_KEYRING] $DEBIAN_SRC_MIRROR $DEBIAN_SRC_SUITE main"
	key="$line v1"
	stamp_ok apt-lists "$key" && return 0
	say "reading Debian $DEBIAN_SRC_SUITE source lists (private apt config in $OUT/apt) ..."
	mkdir -p "$OUT/apt/lists/partial" "$OUT/apt/cache/archives/partial" \
		"$OUT/apt/downloads"
	printf '%s\n' "$line" >"$OUT/apt/sources.list"
	run_logged apt-src-update private_apt update
	stamp_set apt-lists "$key"
}

# unpack_dsc_by_hand DSC DIR: what dpkg-source -x does for a 3.0 (quilt)
# package, for hosts without dpkg-dev.
unpack_dsc_by_hand()
{
	local dsc=$1 dir=$2 d orig debian tmp p

	d=$(dirname "$dsc")
	orig=$(awk '/^Files:/ { f = 1; next } /^[^ ]/ { f = 0 } f { print $3 }' "$dsc" | grep '\.orig\.tar\.' | head -n 1)
	debian=$(awk '/^Files:/ { f = 1; next } /^[^ ]/ { f = 0 } f { print $3 }' "$dsc" | grep '\.debian\.tar\.' | head -n 1)
	[ -n "$orig" ] && [ -n "$debian" ] ||
		die "cannot find the orig and debian tarballs named in $dsc"
	tmp=$(mktemp -d "$OUT/src/.unpack.XXXXXX")
	tar -xf "$d/$orig" -C "$tmp"
	mv "$tmp"/* "$dir"
	rmdir "$tmp"
	# As dpkg-source does, the debian/ of the package replaces any upstream one.
	rm -rf "$dir/debian"
	tar -xf "$d/$debian" -C "$dir"
	[ -f "$dir/debian/patches/series" ] || return 0
	for p in $(awk '!/^[[:space:]]*(#|$)/ { print $1 }' \
			"$dir/debian/patches/series"); do
		patch -d "$dir" -p1 -s --no-backup-if-mismatch <"$dir/debian/patches/$p" ||
			die "Debian patch $p of $dsc does not apply"
	done
}

# fetch_source PKG: Debian source of PKG, patched, in $OUT/src/PKG.
fetch_source()
{
	local pkg=$1 dsc dir="$OUT/src/$1"

	(cd "$OUT/apt/downloads" && private_apt source --download-only "$pkg") \
		>"$OUT/logs/apt-source-$pkg.log" 2>&1 ||
		die "could not download the Debian source of $pkg (see $OUT/logs/apt-source-$pkg.log): check that $DEBIAN_SRC_MIRROR is reachable"
	dsc=$(ls -1 "$OUT/apt/downloads/${pkg}"_*.dsc | sort -V | tail -n 1)
	rm -rf "$dir"
	if command -v dpkg-source >/dev/null 2>&1; then
		run_logged "unpack-$pkg" dpkg-source --no-check -x "$dsc" "$dir"
	else
		unpack_dsc_by_hand "$dsc" "$dir"
	fi
	SRC_VERSION=$(basename "$dsc" .dsc)
}

build_liburing()
{
	local dir="$OUT/src/liburing"

	run_logged liburing-configure sh -c "cd '$dir' && ./configure \
		--cc='$CC' --prefix='$OUT/usr' --includedir='$OUT/usr/include' \
		--libdir='$OUT/usr/lib' --libdevdir='$OUT/usr/lib'"
	run_logged liburing-build make -C "$dir/src" -j2 liburing.a
	run_logged liburing-install make -C "$dir/src" install
	rm -f "$OUT"/usr/lib/liburing.so*
}

build_hwloc()
{
	local dir="$OUT/src/hwloc" host=()

	[ "$CROSS" = 1 ] && host=(--host="$TRIPLE")
	run_logged hwloc-configure sh -c "cd '$dir' && ./configure ${host[*]} \
		CC='$CC' --prefix='$OUT/usr' --enable-static --disable-shared \
		--disable-libudev --disable-libxml2 --disable-io --disable-pci \
		--disable-opencl --disable-cuda --disable-nvml --disable-rsmi \
		--disable-levelzero --disable-gl --disable-cairo \
		--disable-plugin-dlopen --disable-plugin-ltdl --disable-doxygen \
		--disable-readme"
	# Only the library and its headers: lstopo and the tests are not needed.
	run_logged hwloc-build make -C "$dir/hwloc" -j2
	run_logged hwloc-install sh -c "make -C '$dir/hwloc' install && \
		make -C '$dir/include' install && \
		make -C '$dir' install-hwlocpkgconfigDATA"
}

# static_lib PKG BUILDFN LIBFILE: fetch and build once per compiler.
static_lib()
{
	local pkg=$1 fn=$2 lib=$3 key start

	key="$pkg CC=$CC $DEBIAN_SRC_SUITE v1"
	stamp_ok "$pkg" "$key" && [ -f "$OUT/usr/lib/$lib" ] && return 0
	start=$(date +%s)
	private_apt_update
	fetch_source "$pkg"
	say "building static $SRC_VERSION for $TRIPLE ..."
	"$fn"
	[ -f "$OUT/usr/lib/$lib" ] ||
		die "$pkg built but $OUT/usr/lib/$lib is missing; see $OUT/logs/"
	stamp_set "$pkg" "$key"
	say "$pkg built in $(elapsed "$start")"
}

setup_static_libs()
{
	static_lib liburing build_liburing liburing.a
	static_lib hwloc build_hwloc libhwloc.a
	URING_CFLAGS="-isystem $OUT/usr/include"
	URING_LIBS="$OUT/usr/lib/liburing.a"
	HWLOC_CFLAGS="-isystem $OUT/usr/include"
	# hwloc.pc Libs.private of this configuration.
	HWLOC_LIBS="$OUT/usr/lib/libhwloc.a -lm -lpthread"
}

setup_system_libs()
{
	URING_CFLAGS=$(pkg-config --cflags liburing)
	URING_LIBS=$(pkg-config --libs liburing)
	HWLOC_CFLAGS=$(pkg-config --cflags hwloc)
	HWLOC_LIBS=$(pkg-config --libs hwloc)
}

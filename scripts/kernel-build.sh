#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one kernel variant: a git kernel tree at a base commit, plus patches,
# plus config fragments. The Image lands in OUT/LABEL/Image next to a record
# of tree version, patches and config (BUILD-INFO, config, patches/).
# Variants of one tree share one object directory (and ccache, when
# installed), so a second variant rebuilds only what its patches touch.
# The build dependencies come first (scripts/kernel-deps.sh: installed when
# root, the exact command printed otherwise), before any download.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG --label LABEL [options]

  --label L          variant name: OUT/L/Image (letters, digits, . _ -)
  --tree DIR         git kernel tree (default: Debian linux-source-7.3,
                     fetched by fetch-kernel-source.sh into $LMB_KBUILD/src)
  --base REF         commit the patches apply to (default: tag lazymmu-base
                     if the tree has it, else HEAD)
  --patch P          patch file (git am format) or directory of *.patch,
                     applied in the order given; repeatable
  --config F         config fragment, merged in the order given; repeatable
  --base-config C    tinyconfig (default), defconfig, or a full .config file
  --out DIR          output root (default: $LMB_KBUILD)
  --obj DIR          object directory (default: OUT/obj/<tree>-<arch>)
  --arch A           kernel ARCH (default: \$ARCH or arm64)
  --cross-compile P  CROSS_COMPILE prefix (default: \$CROSS_COMPILE or
                     aarch64-linux-gnu- for arm64 on another host)
  -j, --jobs N       parallel jobs (default: 2)
  --deb              also make an installable package (make bindeb-pkg):
                     OUT/L/linux-image-<release>_<version>_<arch>.deb, for
                     a Debian host (fleet/run.sh --kernel-package); the
                     config must boot one from disk: add --config
                     kernel-patches/configs/debian-host.config (checked)
  --check            only check that the patches apply and the fragments
                     exist; build nothing
  -h, --help         this text

Kernel builds take minutes: run this in the background (nohup ... &),
never in CI. Exit status: 0 built, 1 failed, 2 bad arguments.
EOF
}

label=
tree=
base=
patches=()
configs=()
base_config=tinyconfig
out=$LMB_KBUILD
obj=
arch=${ARCH:-arm64}
cross=${CROSS_COMPILE-}
cross_set=${CROSS_COMPILE+set}
jobs=2
check_only=0
deb=0

add_patch()
{
	local p=$1 f found=0

	if [ -d "$p" ]; then
		for f in "$p"/*.patch; do
			[ -f "$f" ] || continue
			patches+=("$(lmb_abspath "$f")")
			found=1
		done
		[ $found = 1 ] ||
			lmb_usage_error "--patch directory '$p' holds no *.patch file"
	elif [ -f "$p" ]; then
		patches+=("$(lmb_abspath "$p")")
	else
		lmb_usage_error "--patch '$p' is neither a file nor a directory"
	fi
}

while [ $# -gt 0 ]; do
	case $1 in
	--label) lmb_need_arg "$1" "${2-}"; label=$2; shift 2 ;;
	--tree) lmb_need_arg "$1" "${2-}"; tree=$(lmb_abspath "$2"); shift 2 ;;
	--base) lmb_need_arg "$1" "${2-}"; base=$2; shift 2 ;;
	--patch) lmb_need_arg "$1" "${2-}"; add_patch "$2"; shift 2 ;;
	--config) lmb_need_arg "$1" "${2-}"
		[ -f "$2" ] || lmb_usage_error "--config fragment '$2' does not exist"
		configs+=("$(lmb_abspath "$2")"); shift 2 ;;
	--base-config) lmb_need_arg "$1" "${2-}"; base_config=$2; shift 2 ;;
	--out) lmb_need_arg "$1" "${2-}"; out=$(lmb_abspath "$2"); shift 2 ;;
	--obj) lmb_need_arg "$1" "${2-}"; obj=$(lmb_abspath "$2"); shift 2 ;;
	--arch) lmb_need_arg "$1" "${2-}"; arch=$2; shift 2 ;;
	--cross-compile) lmb_need_arg "$1" "${2-}"; cross=$2; cross_set=yes; shift 2 ;;
	-j | --jobs) lmb_need_arg "$1" "${2-}"; jobs=$2; shift 2 ;;
	--check) check_only=1; shift ;;
	--deb) deb=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) lmb_usage_error "unknown argument '$1'" ;;
	esac
done

[ -n "$label" ] || lmb_usage_error "--label is required"
lmb_label_ok "$label" ||
	lmb_usage_error "--label '$label' may hold only letters, digits, '.', '_' and '-'"
case $jobs in
'' | *[!0-9]* | 0) lmb_usage_error "--jobs '$jobs' is not a positive integer" ;;
esac
case $base_config in
tinyconfig | defconfig) ;;
*) [ -f "$base_config" ] ||
	lmb_usage_error "--base-config '$base_config' is not tinyconfig, defconfig or a file"
	base_config=$(lmb_abspath "$base_config") ;;
esac
case $arch in
arm64) image_path=arch/arm64/boot/Image ;;
x86_64 | x86) image_path=arch/x86/boot/bzImage ;;
*) image_path=arch/$arch/boot/Image ;;
esac
if [ -z "$cross_set" ] && [ "$arch" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
	cross=aarch64-linux-gnu-
fi

# --check on a given tree downloads and builds nothing: it needs git only.
if [ $check_only = 0 ] || [ -z "$tree" ]; then
	"$(dirname "$0")"/kernel-deps.sh ||
		lmb_die 1 "the kernel build dependencies are missing (see above)"
else
	lmb_need_cmd git git
fi
if [ -z "$tree" ]; then
	tree=$("$(dirname "$0")"/fetch-kernel-source.sh --dest "$out/src")
fi
[ -f "$tree/Makefile" ] || lmb_usage_error "--tree '$tree' is not a kernel tree (no Makefile)"
git -C "$tree" rev-parse --git-dir >/dev/null 2>&1 ||
	lmb_usage_error "--tree '$tree' is not a git repository; variants are made by resetting it to --base (use fetch-kernel-source.sh, or git init and commit it)"
if [ -z "$base" ]; then
	if git -C "$tree" rev-parse -q --verify lazymmu-base >/dev/null; then
		base=lazymmu-base
	else
		base=HEAD
	fi
fi
base_sha=$(git -C "$tree" rev-parse -q --verify "$base^{commit}") ||
	lmb_usage_error "--base '$base' is not a commit in $tree"

# Patch check/apply. Patches are applied as commits on a detached HEAD at
# the base, so untracked leftovers of another variant cannot get in the way
# and files a variant does not touch keep their mtimes (incremental make).
patch_needs()
{
	grep -m1 -E '^(Base|base-commit):|^Applies on' "$1" 2>/dev/null ||
		echo "(the patch does not say which base it needs)"
}

git_q()
{
	git -C "$tree" -c user.name=lazymmu-bench \
		-c user.email=lazymmu-bench@localhost -c advice.detachedHead=false "$@"
}

mkdir -p "$out"
lock=$out/.kernel-build.lock
exec 9>"$lock"
flock -n 9 || {
	lmb_msg "another kernel-build.sh holds $lock; waiting"
	flock 9
}

if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	lmb_die 1 "$tree has uncommitted changes to tracked files; commit or reset them (git -C $tree status) before building a variant"
fi
tree_version=$(make -s -C "$tree" kernelversion 2>/dev/null) ||
	lmb_die 1 "cannot read the kernel version of $tree (make kernelversion failed)"
tree_source=$(cat "$tree/.git/lazymmu-source" 2>/dev/null ||
	git -C "$tree" log -1 --format=%s "$base_sha")

git_q checkout -q --detach -f "$base_sha"
for p in "${patches[@]}"; do
	if ! git_q am -q --keep-cr "$p" >/dev/null 2>&1; then
		git_q am --abort >/dev/null 2>&1 || true
		git_q checkout -q --detach -f "$base_sha"
		lmb_die 1 "patch $p does not apply to $tree (Linux $tree_version, base $base = ${base_sha:0:12}) after the patches before it; it needs $(patch_needs "$p")"
	fi
done
lmb_msg "patches apply: ${#patches[@]} on Linux $tree_version (${base_sha:0:12})"
if [ $check_only = 1 ]; then
	git_q checkout -q --detach -f "$base_sha"
	exit 0
fi

# kernel-deps.sh installed the rest; another --cross-compile may be missing.
lmb_need_cmd "${cross}gcc" "gcc-aarch64-linux-gnu"
[ -n "$obj" ] || obj=$out/obj/$(basename "$tree")-$arch
mkdir -p "$obj"
dest=$out/$label
mkdir -p "$dest"
# A failed build must not leave an older Image that looks like this one.
rm -f "$dest/Image" "$dest/BUILD-INFO"
logf=$dest/build.log
: >"$logf"

cc="${cross}gcc"
if command -v ccache >/dev/null 2>&1; then
	cc="ccache ${cross}gcc"
	export CCACHE_DIR=${CCACHE_DIR:-$out/ccache}
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
fi
# Fixed build stamps: identical sources give identical objects (ccache hits).
export KBUILD_BUILD_TIMESTAMP="lazymmu-bench"
export KBUILD_BUILD_USER=lazymmu
export KBUILD_BUILD_HOST=kbuild
kmake=(make -C "$tree" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross"
	CC="$cc" LOCALVERSION="-$label" -j"$jobs")

start=$(date +%s)
# The provenance of what this build reads, taken now: a fragment or patch
# edited while the build runs must not be recorded as the one used.
inputs=()
for f in "${configs[@]}"; do
	inputs+=("config_fragment: $f sha256=$(sha256sum <"$f" | cut -d' ' -f1)")
done
for p in "${patches[@]}"; do
	inputs+=("patch: $p sha256=$(sha256sum <"$p" | cut -d' ' -f1)")
done
lmb_msg "configuring $label in $obj (log: $logf)"
{
	if [ -f "$base_config" ]; then
		cp "$base_config" "$obj/.config"
		"${kmake[@]}" olddefconfig
	else
		"${kmake[@]}" "$base_config"
	fi
	if [ ${#configs[@]} -gt 0 ]; then
		(cd "$obj" && "$tree/scripts/kconfig/merge_config.sh" -m \
			-O "$obj" "$obj/.config" "${configs[@]}")
	fi
	"${kmake[@]}" olddefconfig
} >>"$logf" 2>&1 || lmb_die 1 "configuring failed; see $logf"

# Every option a fragment asks for must be in the final config: a silently
# dropped DEBUG_PAGEALLOC would make the whole study wrong.
# A later fragment's word on an option wins, as in merge_config.sh.
missing=
declare -A want=() want_from=()
order=()
for f in "${configs[@]}"; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) opt=${line%%=*} ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *} ;;
		*) continue ;;
		esac
		[ -n "${want[$opt]+set}" ] || order+=("$opt")
		want[$opt]=$line
		want_from[$opt]=$(basename "$f")
	done <"$f"
done
for opt in "${order[@]}"; do
	line=${want[$opt]}
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$obj/.config" || missing="$missing ${line} (${want_from[$opt]})" ;;
	*)
		! grep -q "^$opt=" "$obj/.config" || missing="$missing $opt=n (${want_from[$opt]})" ;;
	esac
done
[ -z "$missing" ] ||
	lmb_die 1 "config options asked for but not set (unmet dependencies?):$missing; see $obj/.config"
if [ $deb = 1 ]; then
	# A package boots a whole distribution from its disk through the boot
	# loader: without these it would install fine and never come up.
	for opt in MODULES EFI_STUB BLK_DEV_INITRD VIRTIO_BLK EXT4_FS VFAT_FS UNIX98_PTYS CGROUPS FHANDLE RTC_HCTOSYS; do
		grep -qx "CONFIG_$opt=y" "$obj/.config" ||
			missing="$missing CONFIG_$opt"
	done
	# (test_vmalloc built in runs every test at boot unless the command
	# line says otherwise: hours under TCG before init starts)
	! grep -qx "CONFIG_TEST_VMALLOC=y" "$obj/.config" ||
		missing="$missing '# CONFIG_TEST_VMALLOC is not set'"
	[ -z "$missing" ] ||
		lmb_die 1 "--deb: the config cannot boot a Debian host from its disk, it lacks$missing; add --config $(lmb_repo_root)/kernel-patches/configs/debian-host.config"
	rm -f "$dest"/linux-image-*.deb
fi

lmb_msg "building $label (make -j$jobs, CC=$cc), started $(lmb_utc_now)"
"${kmake[@]}" "$(basename "$image_path")" >>"$logf" 2>&1 ||
	lmb_die 1 "kernel build of $label failed; see the end of $logf"
end=$(date +%s)

release=$("${kmake[@]}" -s kernelrelease 2>/dev/null)
debs=()
if [ $deb = 1 ]; then
	# bindeb-pkg writes its packages next to the object directory.
	lmb_msg "packaging $label (make bindeb-pkg), started $(lmb_utc_now)"
	rm -f "$(dirname "$obj")"/linux-*_*.deb "$(dirname "$obj")"/linux-upstream_*
	# Only linux-image is installed by the fleet: no headers package (its
	# Build-Depends want libssl-dev of the target's architecture, which a
	# cross build here does not have), no -dbg package.
	DEB_BUILD_PROFILES="pkg.linux-upstream.nokernelheaders pkg.linux-upstream.nokerneldbg" \
		"${kmake[@]}" bindeb-pkg >>"$logf" 2>&1 ||
		lmb_die 1 "make bindeb-pkg of $label failed; see the end of $logf (missing build dependencies: run scripts/kernel-deps.sh)"
	for f in "$(dirname "$obj")"/linux-image-"$release"_*.deb; do
		[ -f "$f" ] || lmb_die 1 "make bindeb-pkg made no linux-image-${release}_*.deb in $(dirname "$obj"); see $logf"
		mv -f "$f" "$dest/"
		debs+=("$dest/$(basename "$f")")
	done
	rm -f "$(dirname "$obj")"/linux-*_*.deb "$(dirname "$obj")"/linux-upstream_*
	end=$(date +%s)
fi
cp "$obj/$image_path" "$dest/Image.tmp"
mv "$dest/Image.tmp" "$dest/Image"
cp "$obj/.config" "$dest/config"
cp "$obj/System.map" "$dest/System.map"
rm -rf "$dest/patches"
mkdir -p "$dest/patches"
for p in "${patches[@]}"; do
	cp "$p" "$dest/patches/"
done
{
	echo "label: $label"
	echo "built: $(lmb_utc_now)"
	echo "build_seconds: $((end - start))"
	echo "kernel_release: $release"
	echo "tree: $tree"
	echo "tree_version: $tree_version"
	echo "tree_source: $tree_source"
	echo "base: $base ($base_sha)"
	echo "head: $(git -C "$tree" rev-parse HEAD)"
	echo "arch: $arch"
	echo "cross_compile: $cross"
	echo "compiler: $("${cross}gcc" --version | head -n 1)"
	echo "base_config: $base_config"
	[ ${#inputs[@]} -eq 0 ] || printf '%s\n' "${inputs[@]}"
	echo "image: $dest/Image sha256=$(sha256sum <"$dest/Image" | cut -d' ' -f1)"
	for f in "${debs[@]}"; do
		echo "package: $f sha256=$(sha256sum <"$f" | cut -d' ' -f1)"
	done
	echo "config: $dest/config"
	echo "obj: $obj"
} >"$dest/BUILD-INFO"
git_q checkout -q --detach -f "$base_sha"
lmb_msg "built $label in $((end - start)) s: $dest/Image ($release)${debs[0]:+ and ${debs[*]}}"
echo "$dest/Image"

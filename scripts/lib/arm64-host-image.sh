# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# `scripts/arm64-host.sh create`: the Debian arm64 disk image and the
# folder's disk.  Sourced by arm64-host.sh (its variables and helpers).
#
# The image: mmdebstrap --arch=arm64 (minbase + scripts/arm64-host/
# packages.list, set up under qemu-user-static), customized by
# scripts/arm64-host/customize.sh (initrds with the few modules a virtio
# disk needs: scripts/arm64-host/initramfs.sh), laid out as a GPT disk (EFI system
# partition + ext4 root, made with mkfs -d: no loop device, no mount), then
# booted once with QEMU's direct kernel boot so that Debian's own
# grub-install and update-grub put GRUB on it.  Cached by a key of
# everything that goes in; the folder's disk is a qcow2 overlay of it.

AH_PACKAGES=$HERE/arm64-host/packages.list
AH_CUSTOMIZE=$HERE/arm64-host/customize.sh
AH_INITRAMFS=$HERE/arm64-host/initramfs.sh

# ah_packages: the image's packages, comma-separated, from the list.
ah_packages()
{
	[ -r "$AH_PACKAGES" ] || die "cannot read the package list $AH_PACKAGES"
	sed -e 's/#.*//' -e 's/[[:space:]]//g' "$AH_PACKAGES" | grep -v '^$' | paste -sd, -
}

# ah_host_deps: the host packages (tools.list set "arm64host"), installed
# with apt-get when root, else the command is printed (exit 1).
ah_host_deps()
{
	(
		# shellcheck disable=SC2034  # read by deps/*.sh
		OUT=$AH_DIR/deps
		# shellcheck disable=SC2034
		DEPS_AGAIN_HINT="run $AH_PROG create again"
		. "$HERE/deps/common.sh"
		. "$HERE/deps/packages.sh"
		. "$HERE/deps/tools.sh"
		collect() { tools_collect arm64host; }
		is_root && mkdir -p "$OUT/logs"
		install_missing collect
	)
}

# ah_binfmt: arm64 programs run here through qemu-user-static (binfmt_misc),
# which mmdebstrap needs to set the packages up.
ah_binfmt()
{
	local conf=/usr/lib/binfmt.d/qemu-aarch64.conf bm=/proc/sys/fs/binfmt_misc

	[ "$(cat "$bm/qemu-aarch64" 2>/dev/null | head -n 1)" = enabled ] && return 0
	[ "$(id -u)" = 0 ] ||
		die "arm64 programs cannot run here: binfmt_misc has no enabled qemu-aarch64 entry; as root: mount -t binfmt_misc binfmt_misc $bm; cat $conf > $bm/register"
	[ -r "$conf" ] || die "$conf is missing: install qemu-user-static (apt-get install qemu-user-static)"
	if [ ! -e "$bm/register" ]; then
		msg "mounting binfmt_misc on $bm"
		mount -t binfmt_misc binfmt_misc "$bm" ||
			die "cannot mount binfmt_misc on $bm (a container without the privilege? run $AH_PROG create on the host)"
	fi
	if [ ! -e "$bm/qemu-aarch64" ]; then
		msg "registering qemu-aarch64-static with binfmt_misc ($conf)"
		cat "$conf" >"$bm/register" || die "cannot register $conf with binfmt_misc"
	fi
	[ "$(head -n 1 "$bm/qemu-aarch64")" = enabled ] ||
		die "binfmt_misc's qemu-aarch64 entry is disabled: echo 1 > $bm/qemu-aarch64"
}

# ah_sources: the apt sources lines of the image: SUITE, SUITE-updates and
# SUITE-security from this machine's sources (or --mirror).
ah_sources()
{
	local m s

	if [ -n "$MIRROR" ]; then
		echo "deb $MIRROR $SUITE main"
		return 0
	fi
	m=$(apt_mirror_for "$SUITE")
	[ -n "$m" ] || usage_error "no 'deb' source for $SUITE in /etc/apt/sources.list*; give --mirror URL"
	echo "deb $m $SUITE main"
	for s in "$SUITE-updates" "$SUITE-security"; do
		m=$(apt_mirror_for "$s")
		[ -z "$m" ] || echo "deb $m $s main"
	done
}

# ah_image_key: a hash of everything the image is made of.
ah_image_key()
{
	{
		echo "v1 $SUITE $SIZE $AH_USER"
		ah_sources
		cat "$AH_PACKAGES" "$AH_CUSTOMIZE" "$AH_INITRAMFS"
	} | sha256sum | cut -c1-12
}

# ah_keypair: the folder's SSH key (the cloud user's only way in).
ah_keypair()
{
	[ -s "$AH_DIR/id_ed25519" ] && return 0
	ssh-keygen -q -t ed25519 -N '' -C "lmb-arm64-host" -f "$AH_DIR/id_ed25519" ||
		die "ssh-keygen failed to make $AH_DIR/id_ed25519"
}

# ah_build_image OUT: build the image into OUT (qcow2).
ah_build_image()
{
	local out=$1 w root_uuid esp_id esp_mib=256 t0 srcs=() line

	w=$(mktemp -d "$CACHE/build.XXXXXX") || die "cannot make a build folder in $CACHE"
	# shellcheck disable=SC2064  # w is fixed now
	trap "ah_build_cleanup '$w'" EXIT
	root_uuid=$(cat /proc/sys/kernel/random/uuid)
	esp_id=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)
	esp_id=${esp_id:0:4}-${esp_id:4:4}
	while read -r line; do srcs+=("$line"); done < <(ah_sources)
	t0=$(date +%s)
	msg "mmdebstrap $SUITE arm64 from ${srcs[0]#deb } (log: $w/mmdebstrap.log)"
	# Check-Valid-Until: a snapshot mirror's Release files are past their
	# date, as this machine's apt configuration knows.
	mmdebstrap --arch=arm64 --variant=minbase --include="$(ah_packages)" \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--essential-hook="'$AH_INITRAMFS' \"\$1\"" \
		--customize-hook="'$AH_CUSTOMIZE' \"\$1\" '$AH_USER' '$AH_DIR/id_ed25519.pub' '$root_uuid' '$esp_id'" \
		"$SUITE" "$w/root" "${srcs[@]}" >"$w/mmdebstrap.log" 2>&1 || {
		tail -n 20 "$w/mmdebstrap.log" | sed 's/^/    /' >&2
		die "mmdebstrap failed (above; full log $w/mmdebstrap.log is removed on exit: copy it, or run again)"
	}
	msg "root file system in $(($(date +%s) - t0)) s"
	cp "$w/root/etc/ssh/ssh_host_ed25519_key.pub" "$out.hostkey" ||
		die "the image has no SSH host key (openssh-server not set up?)"
	# The cloud user's key goes with the image: other folders share it.
	cp "$AH_DIR/id_ed25519" "$out.key" && cp "$AH_DIR/id_ed25519.pub" "$out.key.pub" ||
		die "cannot keep the image's SSH key next to it ($out.key)"
	cp -L "$w/root/vmlinuz" "$w/vmlinuz" && cp -L "$w/root/initrd.img" "$w/initrd.img" ||
		die "the image has no /vmlinuz or /initrd.img (linux-image-arm64 not set up?)"

	# The disk: GPT, 1 MiB gap, ESP, ext4 root over the rest.
	truncate -s "$SIZE" "$w/disk.raw"
	printf 'label: gpt\nstart=1MiB, size=%sMiB, type=U, name="EFI"\ntype=L, name="root"\n' "$esp_mib" |
		sfdisk -q "$w/disk.raw" >/dev/null || die "sfdisk could not partition $w/disk.raw"
	local start2 size2
	read -r start2 size2 < <(sfdisk -d "$w/disk.raw" | awk -F'[=,]' '/disk.raw2/ { print $2 + 0, $4 + 0 }')
	mkfs.vfat -F 32 -i "${esp_id/-/}" -n EFI -C "$w/esp.img" $((esp_mib * 1024)) >/dev/null ||
		die "mkfs.vfat failed"
	mkfs.ext4 -q -L root -U "$root_uuid" -d "$w/root" "$w/root.img" $((size2 / 2))k ||
		die "mkfs.ext4 -d of the root file system failed"
	dd if="$w/esp.img" of="$w/disk.raw" bs=1M seek=1 conv=notrunc,sparse status=none &&
		dd if="$w/root.img" of="$w/disk.raw" bs=512 seek="$start2" conv=notrunc,sparse status=none ||
		die "writing the partitions into $w/disk.raw failed"
	rm -rf --one-file-system "$w/root" "$w/esp.img" "$w/root.img"
	qemu-img convert -O qcow2 "$w/disk.raw" "$w/first.qcow2" || die "qemu-img convert failed"
	rm -f "$w/disk.raw"

	# The first boot (kernel given to QEMU): GRUB onto the disk.
	msg "first boot: grub-install and update-grub in the guest (console: $CONSOLE)"
	AH_KERNEL_ARGS=(-kernel "$w/vmlinuz" -initrd "$w/initrd.img"
		-append "root=UUID=$root_uuid ro console=ttyAMA0")
	cp "$out.hostkey" "$AH_DIR/hostkey.pub"
	ah_boot "$w/first.qcow2" || die "the first boot failed"
	ah_ssh 'for i in $(seq 120); do [ -e /var/lib/lmb-firstboot.done ] && exit 0; systemctl is-failed -q lmb-firstboot.service && break; sleep 5; done; systemctl status --no-pager lmb-firstboot.service; exit 1' ||
		die "the first boot could not put GRUB on the disk (above)"
	ah_ssh 'sudo ls -l /boot/efi/EFI/BOOT/BOOTAA64.EFI && grep -c menuentry /boot/grub/grub.cfg' >&2 ||
		die "no GRUB on the disk after the first boot"
	ah_stop
	# shellcheck disable=SC2034  # read by ah_qemu_cmd (arm64-host-vm.sh)
	AH_KERNEL_ARGS=()
	mv -f "$w/first.qcow2" "$out"
	msg "image $out built in $(($(date +%s) - t0)) s"
}

ah_build_cleanup()
{
	local w=$1

	[ -f "$PIDFILE" ] && ah_running && ah_stop
	rm -rf --one-file-system "$w"
}

ah_create()
{
	local key base t0

	mkdir -p "$CACHE" || die "cannot create $CACHE"
	ah_host_deps
	ah_keypair
	ah_running && die "the machine runs (pid $(cat "$PIDFILE")): stop it first ($AH_PROG stop)"
	key=$(ah_image_key)
	base=$CACHE/debian-$SUITE-arm64-$key.qcow2
	t0=$(date +%s)
	if [ "$REFRESH" = 1 ] || [ ! -s "$base" ]; then
		[ "$(id -u)" = 0 ] || die "building the image needs root (mmdebstrap, binfmt_misc): sudo $0 create"
		ah_binfmt
		ah_build_image "$base"
		FRESH=1
	else
		msg "image from the cache: $base"
	fi
	if [ "$FRESH" = 1 ] || [ ! -s "$DISK" ] ||
		[ "$(qemu-img info --output=json "$DISK" | sed -n 's/.*"backing-filename": "\(.*\)".*/\1/p')" != "$base" ]; then
		rm -f "$DISK" "$VARS"
		qemu-img create -q -f qcow2 -b "$base" -F qcow2 "$DISK" ||
			die "qemu-img could not make the disk $DISK over $base"
		cp "$base.hostkey" "$AH_DIR/hostkey.pub"
		msg "new disk $DISK over $base"
	fi
	# A folder sharing another's image (--cache) logs in with its key.
	if [ -s "$base.key" ] && ! cmp -s "$base.key.pub" "$AH_DIR/id_ed25519.pub"; then
		install -m 600 "$base.key" "$AH_DIR/id_ed25519" &&
			cp "$base.key.pub" "$AH_DIR/id_ed25519.pub" ||
			die "cannot copy the image's SSH key $base.key into $AH_DIR"
		msg "SSH key of the image: $base.key"
	fi
	msg "ready in $(($(date +%s) - t0)) s: $AH_PROG start"
}

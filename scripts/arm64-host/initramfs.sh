#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/arm64-host/initramfs.sh ROOT
#
# mmdebstrap's essential hook of scripts/arm64-host.sh create, run before
# the kernel package is set up: every initramfs of the image (the Debian
# kernel's, and those of the kernel packages installed later) holds the
# modules that mount the root file system on this machine (virtio PCI disk,
# ext4) instead of nearly all of them (MODULES=most).  Under qemu-user,
# MODULES=most copied ~3700 modules one process at a time and took over
# half an hour of the image build; a cloud image needs no more than this.
set -eu -o pipefail

[ $# -eq 1 ] || { sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
R=$1
[ -d "$R/etc" ] || { echo "initramfs.sh: error: $R is not a root file system" >&2; exit 2; }

mkdir -p "$R/etc/initramfs-tools/conf.d" "$R/etc/initramfs-tools/hooks"
cat >"$R/etc/initramfs-tools/conf.d/lmb-arm64-host.conf" <<'EOT'
# scripts/arm64-host.sh: only the listed modules (hooks/lmb-arm64-host).
MODULES=list
EOT
cat >"$R/etc/initramfs-tools/hooks/lmb-arm64-host" <<'EOT'
#!/bin/sh
# scripts/arm64-host.sh: what mounts / on the QEMU virt machine.
case $1 in prereqs) exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
manual_add_modules virtio_pci virtio_blk ext4 crc32c
EOT
chmod 755 "$R/etc/initramfs-tools/hooks/lmb-arm64-host"

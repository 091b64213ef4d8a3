#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/arm64-host/customize.sh ROOT USER PUBKEY ROOT_UUID ESP_ID
#
# mmdebstrap's customize hook of scripts/arm64-host.sh create: turns the
# Debian arm64 root ROOT into a small cloud host.  USER gets the SSH key in
# the file PUBKEY and sudo without password; / is the ext4 file system with
# UUID ROOT_UUID, /boot/efi the FAT one with volume id ESP_ID (XXXX-XXXX).
# GRUB is put on the disk at the first boot (lmb-firstboot.service:
# grub-install --removable and update-grub, the Debian way), after which
# every kernel package installed runs update-grub.  The kernel command line
# of every GRUB entry ends with ${lmb_extra}, read at boot from a small FAT
# disk labelled LMBARGS when one is attached (arm64-host.sh start
# --debug-pagealloc); without it, nothing is added.
set -eu -o pipefail

[ $# -eq 5 ] || { sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
R=$1 USER_NAME=$2 PUBKEY=$3 ROOT_UUID=$4 ESP_ID=$5
[ -d "$R/etc" ] || { echo "customize.sh: error: $R is not a root file system" >&2; exit 2; }
[ -s "$PUBKEY" ] || { echo "customize.sh: error: no SSH public key in '$PUBKEY'" >&2; exit 2; }

in_root()
{
	chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"
}

echo lmb-arm64 >"$R/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tlmb-arm64\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
	>"$R/etc/hosts"
cat >"$R/etc/fstab" <<EOT
UUID=$ROOT_UUID	/		ext4	errors=remount-ro	0 1
UUID=$ESP_ID	/boot/efi	vfat	umask=0077		0 2
EOT
mkdir -p "$R/boot/efi"

# The cloud user: key only, sudo without password.
in_root useradd --create-home --shell /bin/bash --groups sudo "$USER_NAME"
install -d -m 700 "$R/home/$USER_NAME/.ssh"
install -m 600 "$PUBKEY" "$R/home/$USER_NAME/.ssh/authorized_keys"
in_root chown -R "$USER_NAME:$USER_NAME" "/home/$USER_NAME/.ssh"
echo "$USER_NAME ALL=(ALL) NOPASSWD:ALL" >"$R/etc/sudoers.d/90-cloud-user"
chmod 440 "$R/etc/sudoers.d/90-cloud-user"
printf 'PasswordAuthentication no\n' >"$R/etc/ssh/sshd_config.d/60-cloud.conf"

# Network: DHCP from QEMU's user-mode network, its DNS relay at 10.0.2.3.
cat >"$R/etc/systemd/network/10-dhcp.network" <<'EOT'
[Match]
Name=en* eth*

[Network]
DHCP=yes
EOT
rm -f "$R/etc/resolv.conf"
echo 'nameserver 10.0.2.3' >"$R/etc/resolv.conf"
in_root systemctl enable systemd-networkd.service >/dev/null 2>&1

# GRUB: serial console, short timeout, ${lmb_extra} from the LMBARGS disk.
mkdir -p "$R/etc/default/grub.d"
cat >"$R/etc/default/grub.d/50-lmb-arm64-host.cfg" <<'EOT'
GRUB_TIMEOUT=1
GRUB_TERMINAL=console
GRUB_DISABLE_OS_PROBER=true
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=ttyAMA0 \${lmb_extra}"
EOT
cat >"$R/etc/grub.d/05_lmb_args" <<'EOT'
#!/bin/sh
# Extra kernel arguments from a FAT disk labelled LMBARGS (arm64-host.sh),
# exported: a menu entry (and the "Advanced options" submenu) runs in a new
# context that sees only exported variables.
cat <<'EOC'
set lmb_extra=
insmod fat
if search --no-floppy --set=lmb_args_disk --label LMBARGS; then
	source ($lmb_args_disk)/lmb-args.cfg
fi
export lmb_extra
EOC
EOT
chmod 755 "$R/etc/grub.d/05_lmb_args"
printf '%s\n' 'grub-efi-arm64 grub2/force_efi_extra_removable boolean true' \
	'grub-efi-arm64 grub2/update_nvram boolean false' | in_root debconf-set-selections

# The first boot puts GRUB on the disk, then never runs again.
cat >"$R/usr/local/sbin/lmb-firstboot" <<'EOT'
#!/bin/sh
set -e
grub-install --target=arm64-efi --efi-directory=/boot/efi --removable --no-nvram
update-grub
touch /var/lib/lmb-firstboot.done
EOT
chmod 755 "$R/usr/local/sbin/lmb-firstboot"
cat >"$R/etc/systemd/system/lmb-firstboot.service" <<'EOT'
[Unit]
Description=Put GRUB on the disk (first boot of the lazymmu-bench arm64 host)
ConditionPathExists=!/var/lib/lmb-firstboot.done
RequiresMountsFor=/boot/efi

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/lmb-firstboot
RemainAfterExit=yes

[Install]
WantedBy=multi-user.target
EOT
in_root systemctl enable lmb-firstboot.service >/dev/null 2>&1
# The package cache is not part of the image.
in_root apt-get clean

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of scripts/arm64-host.sh without building an image or booting:
# its arguments, the wait for SSH against a fake ssh (answers late, never,
# QEMU gone), the QEMU command line, the LMBARGS disk, and the image recipe
# (the package list, and the customize hook on a fake root with a fake
# chroot).  The full path (image, boot, kernel switch) is the documented
# slow check: fleet/README.md "An arm64 host in a box".
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tap.bash
. "$ROOT/tests/tap.bash"
AH=$ROOT/scripts/arm64-host.sh
# mkfs.vfat is in /usr/sbin, outside a user's PATH on Debian
PATH=$PATH:/usr/sbin:/sbin
D=$TMP/state

# --- arguments --------------------------------------------------------------
expect_exit 2 "no command given" "no command" "$AH"
expect_exit 2 "unknown command 'boot'" "unknown command" "$AH" boot
expect_exit 2 "unknown option '--bogus'" "unknown option" "$AH" --bogus start
expect_exit 2 "'start' takes no arguments" "arguments after start" "$AH" start now
for a in "--port x" "--port 0" "--port 70000" "--smp 0" "--smp two" "--mem 4" \
	"--mem 0G" "--mem 1xG" "--icount 11" "--icount auto" "--timeout 0" "--size 24" \
	"--user Root" "--user aB" "--cpu a;b" "--size 2x4G" "--append a\"b" "--append \$x" "--append a;b"; do
	# shellcheck disable=SC2086  # option and value
	expect_exit 2 "${a%% *}" "bad value refused: $a" "$AH" --dir "$D" $a status
done
expect_exit 2 "needs a value" "option without its value" "$AH" --port
"$AH" --help >"$TMP/help" 2>&1
check "--help exits 0" test $? -eq 0
# every option the help names is one the parser takes, and the reverse
grep -oE '^#? *--[a-z-]+' "$AH" | sed 's/^# *//' | sort -u >"$TMP/help-opts"
grep -oE '^[[:space:]]+--[a-z-]+\)' "$AH" | tr -d '\t )' | sort -u >"$TMP/parsed-opts"
check "--help lists exactly the options parsed" diff "$TMP/help-opts" "$TMP/parsed-opts"
check "--help is whole: from the synopsis to the exit status" bash -c \
	"head -n 1 '$TMP/help' | grep -q '^scripts/arm64-host.sh \[options\] COMMAND' && tail -n 1 '$TMP/help' | grep -q 'Exit status: 0 done, 1 failure, 2 bad usage.'"
for c in create start stop status ssh inventory; do
	check "--help names the command $c" grep -q "^  $c" "$TMP/help"
done
"$AH" --dir "$D" status >"$TMP/out" 2>&1
check "status with nothing there: exit 1" test $? -eq 1
check "status with nothing there: says so, and how to make a disk" grep -q "not running (disk: none; run arm64-host.sh create)" "$TMP/out"
expect_exit 1 "the machine is not running" "ssh with nothing running" "$AH" --dir "$D" ssh true
"$AH" --dir "$D" --port 2222 --user cloud inventory >"$TMP/inv" 2>&1
check "inventory: one line with port, user, key and known_hosts" grep -qE \
	"^lmb-arm64 ansible_host=127.0.0.1 ansible_port=2222 ansible_user=cloud ansible_ssh_private_key_file=$D/id_ed25519 .*UserKnownHostsFile=$D/known_hosts" "$TMP/inv"

# --- the wait for SSH, against a fake ssh -------------------------------------
mkdir -p "$TMP/bin"
cat >"$TMP/bin/ssh" <<'EOF'
#!/bin/bash
# Fails with "Connection refused" until the call number reaches $FAKE_OK_AT.
n=$(($(cat "$FAKE_COUNT" 2>/dev/null || echo 0) + 1))
echo "$n" >"$FAKE_COUNT"
printf '%s\n' "$*" >>"$FAKE_ARGS"
[ "$n" -ge "${FAKE_OK_AT:-999999}" ] && exit 0
echo "ssh: connect to host 127.0.0.1 port 10022: Connection refused" >&2
exit 255
EOF
chmod +x "$TMP/bin/ssh"
# wait_ssh PID TIMEOUT: the library's wait, with the fake ssh first in PATH.
wait_ssh()
{
	(
		PATH=$TMP/bin:$PATH
		# shellcheck disable=SC2034  # read by the library
		AH_DIR=$D AH_PORT=10022 AH_USER=admin AH_PROG=arm64-host.sh AH_WAIT_STEP=0.1
		# shellcheck source=../scripts/lib/arm64-host-ssh.sh
		. "$ROOT/scripts/lib/arm64-host-ssh.sh"
		ah_wait_ssh "$1" "$2" "$TMP/console.log"
	)
}
export FAKE_COUNT=$TMP/count FAKE_ARGS=$TMP/args
mkdir -p "$D"
printf 'EFI stub: Booting Linux Kernel...\nlmb-arm64 login:\n' >"$TMP/console.log"
sleep 60 &
qemu_pid=$!
rm -f "$FAKE_COUNT"
out=$(FAKE_OK_AT=3 wait_ssh "$qemu_pid" 30 2>"$TMP/err")
check "wait: SSH answering at the 3rd try is success" test $? -eq 0 -a "$(cat "$FAKE_COUNT")" = 3
check "wait: prints the seconds waited" grep -qxE '[0-9]+' <<<"$out"
check "wait: ssh gets the folder's key, port and known_hosts, no password prompt" \
	grep -q -- "-i $D/id_ed25519 -p 10022 -o BatchMode=yes .*UserKnownHostsFile=$D/known_hosts .*admin@127.0.0.1 true" "$FAKE_ARGS"
rm -f "$FAKE_COUNT"
wait_ssh "$qemu_pid" 1 >/dev/null 2>"$TMP/err"
rc=$?
check "wait: no SSH within the timeout fails" test $rc -eq 1
check "wait: the timeout error names port, time, last SSH error and QEMU's pid" \
	grep -q "no SSH on 127.0.0.1:10022 after 1s (last SSH error: ssh: connect to host 127.0.0.1 port 10022: Connection refused); QEMU still runs as pid $qemu_pid" "$TMP/err"
check "wait: the timeout error shows the end of the console" grep -q "    lmb-arm64 login:" "$TMP/err"
kill "$qemu_pid" 2>/dev/null
wait "$qemu_pid" 2>/dev/null
rm -f "$FAKE_COUNT"
wait_ssh "$qemu_pid" 30 >/dev/null 2>"$TMP/err"
rc=$?
check "wait: QEMU gone fails at once, without trying ssh" test $rc -eq 1 -a ! -e "$FAKE_COUNT"
check "wait: says QEMU exited, with its pid" grep -q "QEMU (pid $qemu_pid) exited before SSH answered on 127.0.0.1:10022" "$TMP/err"

# --- the QEMU command line and the kernel argument disk -----------------------
# qemu_cmd ARGS...: the command arm64-host.sh would run, one word a line.
qemu_cmd()
{
	(
		# shellcheck disable=SC2034  # the variables arm64-host.sh sets
		{
			AH_DIR=$D AH_PORT=10022 CPU=neoverse-n1 SMP=2 MEM=4G
			ICOUNT='' PIDFILE=$D/qemu.pid CONSOLE=$D/console.log
			VARS=$D/efivars.fd FW_CODE=/usr/share/AAVMF/AAVMF_CODE.fd
		}
		# shellcheck source=../scripts/lib/arm64-host-vm.sh
		. "$ROOT/scripts/lib/arm64-host-vm.sh"
		for a in "$@"; do eval "$a"; done
		ah_qemu_cmd "$D/disk.qcow2"
	)
}
qemu_cmd >"$TMP/cmd"
check "qemu: virt board with GICv3, -cpu neoverse-n1, 2 vCPUs, 4G" \
	grep -qzE 'virt,gic-version=3.-cpu.neoverse-n1.-smp.2.-m.4G' "$TMP/cmd"
check "qemu: no network boot ROM needed (ipxe-qemu not installed)" grep -qx "virtio-net-pci,netdev=net0,romfile=" "$TMP/cmd"
check "qemu: SSH forwarded to a loopback port only" grep -qx "user,id=net0,hostfwd=tcp:127.0.0.1:10022-:22" "$TMP/cmd"
check "qemu: UEFI firmware read-only, variables writable" grep -qzE \
	'if=pflash,format=raw,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd.-drive.if=pflash,format=raw,file='"$D"'/efivars.fd' "$TMP/cmd"
check "qemu: the LMBARGS disk attached read-only" grep -q "file=$D/args.img,format=raw,readonly=on" "$TMP/cmd"
check "qemu: the LMBARGS disk in the boot order (the firmware connects only those; GRUB must see it)" grep -qx "virtio-blk-pci,drive=args0,bootindex=[0-9]*" "$TMP/cmd"
check "qemu: no icount unless asked" bash -c "! grep -q icount '$TMP/cmd'"
qemu_cmd ICOUNT=0 CPU=max >"$TMP/cmd"
check "qemu: --icount 0 gives -icount shift=0" grep -qzE -- '-icount.shift=0' "$TMP/cmd"
check "qemu: --cpu max" grep -qzE -- '-cpu.max.' "$TMP/cmd"
qemu_cmd 'AH_KERNEL_ARGS=(-kernel /k -append root=x)' >"$TMP/cmd"
check "qemu: the first boot gives the kernel, no firmware, no LMBARGS disk" \
	bash -c "grep -qx -- -kernel '$TMP/cmd' && ! grep -q 'pflash\|args.img' '$TMP/cmd'"

args_disk()
{
	(
		# shellcheck disable=SC2034  # read by the library
		AH_PROG=arm64-host.sh AH_DIR=$D DEBUG_PAGEALLOC=$1 APPEND=${2-}
		die() { echo "die: $*" >&2; exit 1; }
		# shellcheck source=../scripts/lib/arm64-host-vm.sh
		. "$ROOT/scripts/lib/arm64-host-vm.sh"
		ah_args_disk
	) && MTOOLS_SKIP_CHECK=1 mtype -i "$D/args.img" ::lmb-args.cfg
}
if have mtype && have mkfs.vfat; then
	check "args disk: --debug-pagealloc sets lmb_extra" \
		grep -qx 'set lmb_extra="debug_pagealloc=on"' <(args_disk 1)
	check "args disk: without it lmb_extra is empty" \
		grep -qx 'set lmb_extra=""' <(args_disk 0)
	check "args disk: --append after debug_pagealloc=on" \
		grep -qx 'set lmb_extra="debug_pagealloc=on test_vmalloc.run_test_mask=0 x=1"' <(args_disk 1 "test_vmalloc.run_test_mask=0 x=1")
	check "args disk: labelled LMBARGS (GRUB searches the label)" \
		bash -c "MTOOLS_SKIP_CHECK=1 mlabel -s -i '$D/args.img' :: | grep -q LMBARGS"
else
	skip_missing "args disk" mtype mtools
	skip_missing "args disk label" mkfs.vfat dosfstools
	skip_missing "args disk empty" mtype mtools
fi

# --- the image recipe ---------------------------------------------------------
pk=$(
	# shellcheck disable=SC2034  # read by the library
	HERE=$ROOT/scripts
	die() { echo "die: $*" >&2; exit 1; }
	# shellcheck source=../scripts/lib/arm64-host-image.sh
	. "$ROOT/scripts/lib/arm64-host-image.sh"
	ah_packages
)
check "packages: a comma list without blanks or comments" grep -qxE '[a-z0-9.+-]+(,[a-z0-9.+-]+)+' <<<"$pk"
for p in linux-image-arm64 grub-efi-arm64 openssh-server sudo python3 systemd-sysv initramfs-tools; do
	check "packages: $p (what a cloud host and the fleet need)" grep -qE "(^|,)$p(,|$)" <<<"$pk"
done
check "packages: each one says why it is there" bash -c \
	"! grep -vE '^(#|$)' '$ROOT/scripts/arm64-host/packages.list' | grep -vE '^[a-z0-9.+-]+[[:space:]]+# .+'"
check "packages: none twice" test "$(tr , '\n' <<<"$pk" | sort | uniq -d | wc -l)" -eq 0

# The customize hook on a fake root, chroot faked (its commands logged).
R=$TMP/root
mkdir -p "$R/etc/ssh/sshd_config.d" "$R/etc/systemd/network" "$R/etc/grub.d" \
	"$R/usr/local/sbin" "$R/etc/systemd/system" "$R/etc/sudoers.d" "$R/home"
cat >"$TMP/bin/chroot" <<'EOF'
#!/bin/bash
r=$1; shift
printf '%s\n' "$*" >>"$FAKE_CHROOT_LOG"
cat >/dev/null
case "$*" in *useradd*) mkdir -p "$r/home/${*: -1}" ;; esac
exit 0
EOF
chmod +x "$TMP/bin/chroot"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake test" >"$TMP/key.pub"
export FAKE_CHROOT_LOG=$TMP/chroot.log
PATH=$TMP/bin:$PATH "$ROOT/scripts/arm64-host/customize.sh" "$R" admin "$TMP/key.pub" \
	11111111-2222-3333-4444-555555555555 ABCD-1234 >"$TMP/cust.out" 2>&1
check "customize: runs on a root" test $? -eq 0
check "customize: fstab mounts / and /boot/efi by UUID" bash -c \
	"grep -q '^UUID=11111111-2222-3333-4444-555555555555	/	' '$R/etc/fstab' && grep -q '^UUID=ABCD-1234	/boot/efi	vfat' '$R/etc/fstab'"
check "customize: the cloud user, in group sudo" grep -q "useradd --create-home --shell /bin/bash --groups sudo admin" "$TMP/chroot.log"
check "customize: the key, mode 600" test "$(stat -c %a "$R/home/admin/.ssh/authorized_keys")" = 600 -a \
	"$(cat "$R/home/admin/.ssh/authorized_keys")" = "$(cat "$TMP/key.pub")"
check "customize: sudo without password, mode 440" bash -c \
	"grep -qx 'admin ALL=(ALL) NOPASSWD:ALL' '$R/etc/sudoers.d/90-cloud-user' && test \$(stat -c %a '$R/etc/sudoers.d/90-cloud-user') = 440"
check "customize: no SSH passwords" grep -qx "PasswordAuthentication no" "$R/etc/ssh/sshd_config.d/60-cloud.conf"
check "customize: DHCP on the NIC, networkd on" bash -c \
	"grep -qx 'DHCP=yes' '$R/etc/systemd/network/10-dhcp.network' && grep -q 'systemctl enable systemd-networkd.service' '$TMP/chroot.log'"
check "customize: every kernel line ends with \${lmb_extra}, serial console" \
	grep -qF 'GRUB_CMDLINE_LINUX="console=ttyAMA0 \${lmb_extra}"' "$R/etc/default/grub.d/50-lmb-arm64-host.cfg"
# the GRUB snippet, as grub-mkconfig would run it
check "customize: GRUB reads lmb-args.cfg from the LMBARGS disk" bash -c \
	"'$R/etc/grub.d/05_lmb_args' | grep -q 'search --no-floppy --set=lmb_args_disk --label LMBARGS' && '$R/etc/grub.d/05_lmb_args' | grep -qF 'source (\$lmb_args_disk)/lmb-args.cfg'"
check "customize: lmb_extra exported after it is read (menu entries see only exported variables)" bash -c \
	"'$R/etc/grub.d/05_lmb_args' | awk '/^[[:space:]]*source / { s = NR } /^export lmb_extra\$/ && s && NR > s { ok = 1 } END { exit !ok }'"
check "customize: the first boot puts GRUB on the disk (removable path, no NVRAM)" bash -c \
	"grep -q 'grub-install --target=arm64-efi --efi-directory=/boot/efi --removable --no-nvram' '$R/usr/local/sbin/lmb-firstboot' && grep -q 'systemctl enable lmb-firstboot.service' '$TMP/chroot.log'"
PATH=$TMP/bin:$PATH "$ROOT/scripts/arm64-host/initramfs.sh" "$R" >"$TMP/initramfs.out" 2>&1
check "initramfs hook: runs on a root" test $? -eq 0
check "initramfs: MODULES=list, not most (hundreds of modules under qemu-user)" \
	grep -qx "MODULES=list" "$R/etc/initramfs-tools/conf.d/lmb-arm64-host.conf"
check "initramfs: the hook adds what mounts a virtio ext4 root, and is executable" bash -c \
	"test -x '$R/etc/initramfs-tools/hooks/lmb-arm64-host' && grep -q 'manual_add_modules virtio_pci virtio_blk ext4 crc32c' '$R/etc/initramfs-tools/hooks/lmb-arm64-host' && '$R/etc/initramfs-tools/hooks/lmb-arm64-host' prereqs"
expect_exit 2 "no SSH public key" "customize: a missing key refused" \
	"$ROOT/scripts/arm64-host/customize.sh" "$R" admin "$TMP/nokey" u e
expect_exit 2 "not a root file system" "customize: a folder that is no root refused" \
	"$ROOT/scripts/arm64-host/customize.sh" "$TMP/bin" admin "$TMP/key.pub" u e

# --- the whole-path check's arguments (its steps boot a machine: not here)
CK=$ROOT/scripts/arm64-host-check.sh
for a in "--rounds 0" "--rounds x" "--rounds 100" "--steps boot,x" "--steps rounds;ls" \
	"--check-timeout 0" "--host-args a;b"; do
	# shellcheck disable=SC2086  # option and value
	expect_exit 2 "${a%% *}" "check: bad value refused: $a" "$CK" --log "$TMP/ck.log" $a
done
"$CK" --help >"$TMP/ck-help" 2>&1
check "check --help exits 0 and names the rounds step" bash -c \
	"grep -q 'the fleet.s rounds mode over real reboots' '$TMP/ck-help' && grep -q -- '--rounds R' '$TMP/ck-help'"
check "check --help is whole: up to the exit status" bash -c \
	"tail -n 1 '$TMP/ck-help' | grep -q 'Exit status: 0 every step passed, 1 a step failed, 2 bad usage.'"

finish

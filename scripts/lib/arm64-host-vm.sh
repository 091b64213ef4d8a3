# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# `scripts/arm64-host.sh start|stop|status|inventory`: the machine under
# qemu-system-aarch64.  Sourced by arm64-host.sh (its variables and
# helpers).

# Direct kernel boot instead of the firmware (create's first boot only).
AH_KERNEL_ARGS=()

# ah_running: QEMU of this folder runs.
ah_running()
{
	local pid

	[ -s "$PIDFILE" ] || return 1
	pid=$(cat "$PIDFILE")
	kill -0 "$pid" 2>/dev/null &&
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q qemu-system-aarch64
}

# ah_args_disk: a small FAT disk labelled LMBARGS whose lmb-args.cfg sets
# GRUB's ${lmb_extra} (the end of every kernel command line).
ah_args_disk()
{
	local extra=""

	[ "$DEBUG_PAGEALLOC" = 1 ] && extra="debug_pagealloc=on"
	[ -z "$APPEND" ] || extra="${extra:+$extra }$APPEND"
	rm -f "$AH_DIR/args.img"
	mkfs.vfat -n LMBARGS -C "$AH_DIR/args.img" 1024 >/dev/null ||
		die "mkfs.vfat could not make $AH_DIR/args.img"
	printf 'set lmb_extra="%s"\n' "$extra" >"$AH_DIR/lmb-args.cfg"
	MTOOLS_SKIP_CHECK=1 mcopy -i "$AH_DIR/args.img" "$AH_DIR/lmb-args.cfg" ::lmb-args.cfg ||
		die "mcopy could not write lmb-args.cfg into $AH_DIR/args.img"
}

# ah_qemu_cmd DISK: the QEMU command line, one word a line.
ah_qemu_cmd()
{
	local disk=$1

	# romfile=: no iPXE option ROM (package ipxe-qemu): the disk boots.
	printf '%s\n' qemu-system-aarch64 -M virt,gic-version=3 -cpu "$CPU" \
		-smp "$SMP" -m "$MEM" -name lmb-arm64-host \
		-drive "if=none,id=disk0,file=$disk,format=qcow2,discard=unmap" \
		-device virtio-blk-pci,drive=disk0,bootindex=0 \
		-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$AH_PORT-:22" \
		-device virtio-net-pci,netdev=net0,romfile= \
		-device virtio-rng-pci \
		-display none -monitor none -serial "file:$CONSOLE" \
		-daemonize -pidfile "$PIDFILE"
	if [ ${#AH_KERNEL_ARGS[@]} -gt 0 ]; then
		printf '%s\n' "${AH_KERNEL_ARGS[@]}"
	else
		printf '%s\n' -drive "if=pflash,format=raw,readonly=on,file=$FW_CODE" \
			-drive "if=pflash,format=raw,file=$VARS" \
			-drive "if=none,id=args0,file=$AH_DIR/args.img,format=raw,readonly=on" \
			-device virtio-blk-pci,drive=args0,bootindex=9
		# (a bootindex: with a boot order from QEMU the firmware connects
		# only the devices in it, and GRUB would not see the LMBARGS disk)
	fi
	[ -z "$ICOUNT" ] || printf '%s\n' -icount "shift=$ICOUNT"
}

# ah_boot DISK: start QEMU on DISK and wait for SSH.
ah_boot()
{
	local disk=$1 cmd secs

	ah_running && die "the machine already runs (pid $(cat "$PIDFILE"), port $(cat "$AH_DIR/port" 2>/dev/null))"
	[ -s "$AH_DIR/hostkey.pub" ] || die "no host key of the image in $AH_DIR (run $AH_PROG create)"
	printf '[127.0.0.1]:%s %s\n' "$AH_PORT" "$(cut -d' ' -f1,2 "$AH_DIR/hostkey.pub")" \
		>"$AH_DIR/known_hosts"
	if [ ${#AH_KERNEL_ARGS[@]} -eq 0 ]; then
		[ -r "$FW_CODE" ] || die "no UEFI firmware $FW_CODE: apt-get install qemu-efi-aarch64"
		[ -s "$VARS" ] || cp "$FW_VARS" "$VARS" || die "cannot copy $FW_VARS to $VARS"
		ah_args_disk
	fi
	mapfile -t cmd < <(ah_qemu_cmd "$disk")
	printf '%s\n' "${cmd[*]}" >"$AH_DIR/qemu.cmd"
	: >"$CONSOLE"
	rm -f "$PIDFILE"
	"${cmd[@]}" 2>"$AH_DIR/qemu.err" ||
		die "QEMU did not start: $(tr '\n' ' ' <"$AH_DIR/qemu.err") (command in $AH_DIR/qemu.cmd)"
	echo "$AH_PORT" >"$AH_DIR/port"
	msg "QEMU runs (pid $(cat "$PIDFILE"), -cpu $CPU, $SMP vCPUs, $MEM${ICOUNT:+, icount shift=$ICOUNT}); waiting up to ${TIMEOUT}s for SSH on 127.0.0.1:$AH_PORT"
	secs=$(ah_wait_ssh "$(cat "$PIDFILE")" "$TIMEOUT" "$CONSOLE") || return 1
	msg "SSH answered $secs s after QEMU started; kernel $(ah_ssh uname -r)"
}

ah_start()
{
	[ -s "$DISK" ] || die "no disk $DISK: run $AH_PROG create first"
	ah_boot "$DISK" || exit 1
	if [ "$DEBUG_PAGEALLOC" = 1 ]; then
		ah_ssh 'grep -qw debug_pagealloc=on /proc/cmdline' ||
			die "debug_pagealloc=on is not on the guest's command line: $(ah_ssh cat /proc/cmdline)"
	fi
}

ah_stop()
{
	local pid _

	if ! ah_running; then
		rm -f "$PIDFILE"
		msg "the machine is not running"
		return 0
	fi
	pid=$(cat "$PIDFILE")
	ah_ssh 'sudo systemctl poweroff' >/dev/null 2>&1 </dev/null || true
	for _ in $(seq 120); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	if kill -0 "$pid" 2>/dev/null; then
		msg "no clean shutdown after 120 s: ending QEMU (pid $pid)"
		kill "$pid" 2>/dev/null || true
		sleep 3
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$PIDFILE"
	msg "stopped (was pid $pid)"
}

ah_status()
{
	local pid

	if ! ah_running; then
		echo "not running (disk: $([ -s "$DISK" ] && echo "$DISK" || echo "none; run $AH_PROG create"))"
		return 1
	fi
	pid=$(cat "$PIDFILE")
	echo "running: pid $pid, SSH on 127.0.0.1:$AH_PORT as $AH_USER, disk $DISK"
	echo "qemu: $(cat "$AH_DIR/qemu.cmd" 2>/dev/null)"
	if ah_ssh 'echo "kernel: $(uname -r); cmdline: $(cat /proc/cmdline)"' </dev/null; then
		return 0
	fi
	echo "SSH does not answer (booting? see $CONSOLE)"
	return 1
}

# ah_inventory: the machine as a line of an Ansible INI inventory.
ah_inventory()
{
	printf '%s\n' "lmb-arm64 ansible_host=127.0.0.1 ansible_port=$AH_PORT ansible_user=$AH_USER ansible_ssh_private_key_file=$AH_DIR/id_ed25519 ansible_ssh_common_args='-o UserKnownHostsFile=$AH_DIR/known_hosts -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes' ansible_python_interpreter=/usr/bin/python3"
}

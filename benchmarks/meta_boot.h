/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which boot a run is measured in (results/README.md, boot_id and
 * boot_time): the kernel's own boot_id and boot time, unless the host
 * stamped the boot.  A host stamp matters where the guest's ids repeat:
 * every boot of scripts/qemu-run.sh --deterministic has the same kernel
 * boot_id and clock, so the host gives each boot a fresh random id of one
 * fixed length (the deterministic counts do not move) and its real time.
 *
 * Precedence, each of the two values on its own: the environment
 * (LMB_BOOT_ID, LMB_BOOT_TIME), then the kernel command line
 * (lmb.boot_id=, lmb.boot_time=), then the kernel
 * (/proc/sys/kernel/random/boot_id; btime of /proc/stat).
 */
#ifndef LMB_META_BOOT_H
#define LMB_META_BOOT_H

#include <stdbool.h>
#include <time.h>

#define BOOT_ID_MAX 64	/* characters of a host stamp */

struct boot_identity {
	char *id;		/* "" when unknown */
	char *time;		/* ISO 8601 UTC "2026-12-07T00:01:02Z", "" unknown */
	const char *id_source;	/* "env", "cmdline", "kernel" */
	const char *time_source; /* "env", "cmdline", "kernel", "unknown" */
};

/*
 * Fill @b from the environment, @cmdline (the text of /proc/cmdline; NULL:
 * unreadable) and the kernel's files.  A stamp that is given but malformed
 * is refused: -1 with a message naming it (the caller exits 2); -2 when out
 * of memory.  0 otherwise (an unreadable kernel value is "").
 */
int boot_identity_read(struct boot_identity *b, const char *cmdline);
void boot_identity_free(struct boot_identity *b);

/* A host stamp id: 1..BOOT_ID_MAX of letters, digits, '.', '_', ':', '-'. */
bool boot_id_ok(const char *s);
/* Exactly "YYYY-MM-DDTHH:MM:SSZ", a real date and time. */
bool boot_time_ok(const char *s);
/* @t as "YYYY-MM-DDTHH:MM:SSZ" into @buf (at least 21 bytes). */
void boot_time_format(time_t t, char *buf, size_t cap);
/* The btime of /proc/stat's text @stat; -1 when there is none. */
long long boot_time_from_stat(const char *stat);

#endif

// SPDX-License-Identifier: GPL-2.0
/* Which boot a run is measured in (see meta_boot.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "meta_boot.h"
#include "meta_cmdline.h"
#include "text.h"

#define KERNEL_BOOT_ID	"/proc/sys/kernel/random/boot_id"
#define PROC_STAT	"/proc/stat"
#define PROC_STAT_MAX	(4 << 20)

bool boot_id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > BOOT_ID_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._:-", s[i]))
			return false;
	return true;
}

bool boot_time_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se;
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return false;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
	    se > 60)
		return false;
	/* 29 February only in leap years */
	return !(mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

void boot_time_format(time_t t, char *buf, size_t cap)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
		buf[0] = '\0';
}

long long boot_time_from_stat(const char *stat)
{
	const char *p;
	long long v;
	char *end;

	for (p = stat; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, "btime ", 6))
			continue;
		errno = 0;
		v = strtoll(p + 6, &end, 10);
		if (errno || end == p + 6 || v <= 0 || (*end && *end != '\n'))
			return -1;
		return v;
	}
	return -1;
}

/*
 * The host stamp of one value: env @env, else kernel parameter @param.
 * 1 with *out and *source set, 0 none, -1 malformed (message), -2 no memory.
 */
static int host_stamp(const char *env, const char *param, const char *cmdline,
		      bool (*ok)(const char *), const char *shape, char **out,
		      const char **source)
{
	const char *e = getenv(env);
	char *v = NULL;
	int r;

	if (e) {
		if (!ok(e)) {
			lmb_err("environment %s='%s' is not %s; fix or unset it (scripts/qemu-run.sh sets it for each boot)",
				env, e, shape);
			return -1;
		}
		*out = strdup(e);
		*source = "env";
		return *out ? 1 : -2;
	}
	if (!cmdline)
		return 0;
	r = kernel_param(cmdline, param, &v);
	if (r < 0)
		return -2;
	if (!r)
		return 0;
	if (!v || !ok(v)) {
		lmb_err("kernel command line %s='%s' is not %s; boot with a valid stamp or without it",
			param, v ? v : "", shape);
		free(v);
		return -1;
	}
	*out = v;
	*source = "cmdline";
	return 1;
}

static char *kernel_boot_time(void)
{
	char *text = text_read_file(PROC_STAT, PROC_STAT_MAX), buf[32];
	long long t = text ? boot_time_from_stat(text) : -1;

	free(text);
	if (t <= 0)
		return strdup("");
	boot_time_format((time_t)t, buf, sizeof(buf));
	return strdup(buf);
}

int boot_identity_read(struct boot_identity *b, const char *cmdline)
{
	static const char id_shape[] =
		"1-64 characters of letters, digits, '.', '_', ':', '-'";
	static const char time_shape[] = "a UTC time like 2026-12-07T00:01:02Z";
	int r;

	memset(b, 0, sizeof(*b));
	r = host_stamp("LMB_BOOT_ID", "lmb.boot_id", cmdline, boot_id_ok, id_shape,
		  &b->id, &b->id_source);
	if (r == -2)
		goto nomem;
	if (r < 0)
		goto fail;
	if (!r) {
		b->id = text_read_value(KERNEL_BOOT_ID);
		if (!b->id && errno == ENOMEM)
			goto nomem;
		if (!b->id)
			b->id = strdup("");
		b->id_source = "kernel";
	}
	r = host_stamp("LMB_BOOT_TIME", "lmb.boot_time", cmdline, boot_time_ok,
		  time_shape, &b->time, &b->time_source);
	if (r == -2)
		goto nomem;
	if (r < 0)
		goto fail;
	if (!r) {
		b->time = kernel_boot_time();
		b->time_source = b->time && *b->time ? "kernel" : "unknown";
	}
	if (b->id && b->time)
		return 0;
nomem:
	r = -2;
	lmb_err("out of memory reading the boot's identity");
fail:
	boot_identity_free(b);
	return r;
}

void boot_identity_free(struct boot_identity *b)
{
	free(b->id);
	free(b->time);
	b->id = b->time = NULL;
}

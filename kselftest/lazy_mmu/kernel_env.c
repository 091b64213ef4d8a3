// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel_env.h"

#define THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"
#define THP_PMD_SIZE "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"

/* First line of @path into @buf without the newline; -1 if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int ret = -1;

	if (!f)
		return -1;
	if (fgets(buf, (int)len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		ret = 0;
	}
	fclose(f);
	return ret;
}

int pt_geometry_get(struct pt_geometry *g)
{
	long page = sysconf(_SC_PAGESIZE);
	char line[64];
	unsigned long pmd;

	if (page <= 0)
		return -1;
	g->page = (size_t)page;
	/* One table is one page of 8-byte descriptors (arm64, x86-64). */
	g->ptes_per_table = g->page / sizeof(unsigned long long);
	g->pmd_size = g->page * g->ptes_per_table;
	/* Prefer the kernel's own figure when it publishes one. */
	if (!read_line(THP_PMD_SIZE, line, sizeof(line)) &&
	    sscanf(line, "%lu", &pmd) == 1 && pmd >= g->page &&
	    !(pmd & (pmd - 1)))
		g->pmd_size = pmd;
	return 0;
}

bool thp_available(char *why, size_t len)
{
	char line[128];

	if (read_line(THP_ENABLED, line, sizeof(line))) {
		snprintf(why, len, "%s is not readable: kernel without CONFIG_TRANSPARENT_HUGEPAGE",
			 THP_ENABLED);
		return false;
	}
	snprintf(why, len, "%s: %s", THP_ENABLED, line);
	return strstr(line, "[always]") || strstr(line, "[madvise]");
}

/* kstrtobool() spelling of the kernel's early_param parser. */
static int parse_kbool(const char *s)
{
	if (!strcasecmp(s, "on") || !strcmp(s, "1") || *s == 'y' || *s == 'Y')
		return 1;
	if (!strcasecmp(s, "off") || !strcmp(s, "0") || *s == 'n' || *s == 'N')
		return 0;
	return -1;
}

struct dpa_config {
	int built;		/* CONFIG_DEBUG_PAGEALLOC=y: -1 unknown, 0, 1 */
	int by_default;		/* CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y */
	char source[160];	/* where it was read, or what was tried */
};

static bool is_set(const char *line, const char *opt)
{
	size_t n = strlen(opt);

	return !strncmp(line, opt, n) && !strncmp(line + n, "=y", 2);
}

/*
 * The running kernel's config: /boot/config-<release>, else /proc/config.gz
 * through "gzip -dc" when a shell and gzip exist (not in a bare initramfs).
 */
static void read_config(struct dpa_config *c)
{
	char path[128], line[256];
	struct utsname uts;
	bool piped = false;
	FILE *f = NULL;

	c->built = c->by_default = -1;
	snprintf(c->source, sizeof(c->source),
		 "neither /boot/config-<release> nor /proc/config.gz readable");
	if (!uname(&uts)) {
		snprintf(path, sizeof(path), "/boot/config-%s", uts.release);
		f = fopen(path, "re");
	}
	if (!f && !access("/proc/config.gz", R_OK) && !access("/bin/sh", X_OK)) {
		snprintf(path, sizeof(path), "/proc/config.gz");
		f = popen("gzip -dc /proc/config.gz 2>/dev/null", "r");
		piped = f != NULL;
	}
	if (!f)
		return;
	c->built = c->by_default = 0;
	while (fgets(line, sizeof(line), f)) {
		if (is_set(line, "CONFIG_DEBUG_PAGEALLOC"))
			c->built = 1;
		if (is_set(line, "CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT"))
			c->by_default = 1;
	}
	if (piped && pclose(f)) {
		c->built = c->by_default = -1;	/* gzip missing or failed */
		snprintf(c->source, sizeof(c->source),
			 "/proc/config.gz could not be decompressed with gzip -dc");
		return;
	}
	if (!piped)
		fclose(f);
	snprintf(c->source, sizeof(c->source), "%s", path);
}

enum dpa_state debug_pagealloc_state(char *why, size_t len)
{
	char cmdline[4096], *tok, *arg = NULL, *save = NULL;
	struct dpa_config c;
	int cmd = -1;

	if (!read_line("/proc/cmdline", cmdline, sizeof(cmdline))) {
		for (tok = strtok_r(cmdline, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save)) {
			if (!strcmp(tok, "--"))
				break;	/* the rest is for init */
			if (!strncmp(tok, "debug_pagealloc=", 16))
				arg = tok + 16;	/* the last one wins */
		}
		if (arg)
			cmd = parse_kbool(arg);
	}
	read_config(&c);

	if (c.built == 0) {
		snprintf(why, len, "off: kernel built without CONFIG_DEBUG_PAGEALLOC (%s)",
			 c.source);
		return DPA_OFF;
	}
	if (cmd == 1) {
		snprintf(why, len, "on: debug_pagealloc=%s on /proc/cmdline, %s",
			 arg, c.built == 1 ? "CONFIG_DEBUG_PAGEALLOC=y" :
			 "CONFIG_DEBUG_PAGEALLOC=y assumed");
		return DPA_ON;
	}
	if (cmd == 0) {
		snprintf(why, len, "off: debug_pagealloc=%s on /proc/cmdline", arg);
		return DPA_OFF;
	}
	if (c.by_default == 1) {
		snprintf(why, len, "on: CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y (%s), no debug_pagealloc= on /proc/cmdline",
			 c.source);
		return DPA_ON;
	}
	if (c.by_default == 0)
		snprintf(why, len, "off: no debug_pagealloc=on on /proc/cmdline and CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT is not set (%s)",
			 c.source);
	else
		snprintf(why, len, "off: no debug_pagealloc=on on /proc/cmdline, and the default is unknown: %s",
			 c.source);
	return DPA_OFF;
}

// SPDX-License-Identifier: GPL-2.0
/* Kernel lazy-MMU stats file ("<name> <count>" lines) as window counters. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "counters_kstat.h"
#include "text.h"

#define KSTAT_FILE_MAX (1 << 20)

struct kstat_snap {
	uint64_t *val;
	bool *found;
	bool ok;		/* the file was read and parsed */
	char why[256];		/* when !ok */
};

struct kstat_src {
	char *path;
	size_t n;
	char (*names)[KSTAT_NAME_MAX + 1];
	struct kstat_snap before, after;
	char *buf;		/* file contents of the last read */
};

const char *kstat_path(void)
{
	const char *p = getenv("LMB_LAZY_STATS");

	return p && *p ? p : KSTAT_DEFAULT_PATH;
}

/* Read the whole file (at most KSTAT_FILE_MAX) into k->buf.  -1 + errno. */
static int load(struct kstat_src *k, const char *path)
{
	free(k->buf);
	k->buf = text_read_file(path, KSTAT_FILE_MAX);
	return k->buf ? 0 : -1;
}

static bool valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > KSTAT_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/*
 * Split one line into name and count.  Returns 0, 1 for a blank line, -1
 * when it is not "<name> <decimal count>".
 */
static int parse_line(char *line, char **name, uint64_t *count)
{
	char *p = line, *num, *end;
	size_t name_len;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return 1;
	*name = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	name_len = (size_t)(p - *name);
	while (*p == ' ' || *p == '\t')
		p++;
	num = p;
	if (!valid_name(*name, name_len) || !isdigit((unsigned char)*num))
		return -1;
	errno = 0;
	*count = strtoull(num, &end, 10);
	if (errno)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return -1;
	(*name)[name_len] = '\0';
	return 0;
}

static long find_name(const struct kstat_src *k, const char *name)
{
	size_t i;

	/* names equal but for case would give one column: rejected as repeats */
	for (i = 0; i < k->n; i++)
		if (!strcasecmp(k->names[i], name))
			return (long)i;
	return -1;
}

/* Cut a line for quoting in a message: printable, at most 40 chars. */
static void quote_line(char *dst, size_t len, const char *line)
{
	size_t i;

	for (i = 0; line[i] && i + 1 < len && i < 40; i++)
		dst[i] = isprint((unsigned char)line[i]) ? line[i] : '?';
	dst[i] = '\0';
}

/*
 * Parse k->buf.  @learn: first read, collect the names.  Otherwise fill
 * @s for the known names (unknown new lines are ignored).
 */
static int parse_buf(struct kstat_src *k, bool learn, struct kstat_snap *s,
		     char *why, size_t why_len)
{
	unsigned int lineno = 0;
	char *line;

	if (!learn)
		memset(s->found, 0, k->n * sizeof(*s->found));
	for (line = k->buf; line; ) {
		char *nl = strchr(line, '\n'), *name;
		char quoted[48];
		uint64_t count;
		long idx;
		int r;

		if (nl)
			*nl = '\0';
		lineno++;
		r = parse_line(line, &name, &count);
		if (r < 0) {
			quote_line(quoted, sizeof(quoted), line);
			snprintf(why, why_len,
				 "line %u of %s is not '<name> <count>': '%s'; is the lazy-MMU stats patch the version this suite expects?",
				 lineno, k->path, quoted);
			return -1;
		}
		line = nl ? nl + 1 : NULL;
		if (r)
			continue;
		idx = find_name(k, name);
		if (learn) {
			void *nn;

			if (idx >= 0) {
				snprintf(why, why_len, "line %u of %s repeats the name '%s'",
					 lineno, k->path, name);
				return -1;
			}
			nn = realloc(k->names, (k->n + 1) * sizeof(*k->names));
			if (!nn) {
				snprintf(why, why_len, "out of memory reading %s", k->path);
				return -1;
			}
			k->names = nn;
			snprintf(k->names[k->n++], KSTAT_NAME_MAX + 1, "%s", name);
		} else if (idx >= 0) {
			s->val[idx] = count;
			s->found[idx] = true;
		}
	}
	return 0;
}

/* Is a debugfs mounted at /sys/kernel/debug? */
static bool debugfs_mounted(void)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/self/mounts", "re");

	if (!f)
		return true;	/* cannot tell: do not claim it is missing */
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " /sys/kernel/debug debugfs ") != NULL;
	fclose(f);
	return found;
}

struct kstat_src *kstat_open(const char *path, char *why, size_t why_len)
{
	struct kstat_src *k = calloc(1, sizeof(*k));
	int err;

	if (k)
		k->path = strdup(path);
	if (!k || !k->path) {
		free(k);
		snprintf(why, why_len, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	if (load(k, path)) {
		err = errno;
		if (err == ENOENT && getenv("LMB_LAZY_STATS"))
			snprintf(why, why_len, "%s (from LMB_LAZY_STATS) does not exist", path);
		else if (err == ENOENT && !debugfs_mounted())
			snprintf(why, why_len,
				 "%s: debugfs is not mounted (run: mount -t debugfs none /sys/kernel/debug)",
				 path);
		else if (err == ENOENT)
			snprintf(why, why_len,
				 "%s does not exist: the kernel is not instrumented (boot a kernel with the lazy-MMU stats patch)",
				 path);
		else
			snprintf(why, why_len, "cannot read %s: %s%s", path,
				 strerror(err),
				 err == EACCES ? " (debugfs needs root)" : "");
		goto fail;
	}
	err = EINVAL;
	if (parse_buf(k, true, NULL, why, why_len))
		goto fail;
	if (!k->n) {
		snprintf(why, why_len, "%s holds no '<name> <count>' lines", path);
		goto fail;
	}
	err = ENOMEM;
	k->before.val = calloc(k->n, sizeof(uint64_t));
	k->after.val = calloc(k->n, sizeof(uint64_t));
	k->before.found = calloc(k->n, sizeof(bool));
	k->after.found = calloc(k->n, sizeof(bool));
	if (!k->before.val || !k->after.val || !k->before.found || !k->after.found) {
		snprintf(why, why_len, "out of memory");
		goto fail;
	}
	return k;
fail:
	kstat_free(k);
	errno = err;
	return NULL;
}

size_t kstat_count(const struct kstat_src *k)
{
	return k->n;
}

const char *kstat_name(const struct kstat_src *k, size_t i)
{
	return k->names[i];
}

const char *kstat_file(const struct kstat_src *k)
{
	return k->path;
}

static void snapshot(struct kstat_src *k, struct kstat_snap *s)
{
	s->ok = false;
	if (load(k, k->path)) {
		snprintf(s->why, sizeof(s->why), "cannot read %s: %s", k->path,
			 strerror(errno));
		return;
	}
	s->ok = parse_buf(k, false, s, s->why, sizeof(s->why)) == 0;
}

void kstat_before(struct kstat_src *k)
{
	snapshot(k, &k->before);
	k->after.ok = false;
	snprintf(k->after.why, sizeof(k->after.why), "window not closed");
}

void kstat_after(struct kstat_src *k)
{
	snapshot(k, &k->after);
}

int kstat_delta(const struct kstat_src *k, size_t i, uint64_t *delta,
		const char **why)
{
	const struct kstat_snap *b = &k->before, *a = &k->after;

	if (!b->ok || !a->ok) {
		*why = !b->ok ? b->why : a->why;
		return -1;
	}
	if (!b->found[i] || !a->found[i]) {
		*why = "the line vanished from the stats file";
		return -1;
	}
	if (a->val[i] < b->val[i]) {
		*why = "the count went backwards (stats were reset during the window)";
		return -1;
	}
	*delta = a->val[i] - b->val[i];
	return 0;
}

void kstat_free(struct kstat_src *k)
{
	if (!k)
		return;
	free(k->path);
	free(k->names);
	free(k->before.val);
	free(k->after.val);
	free(k->before.found);
	free(k->after.found);
	free(k->buf);
	free(k);
}

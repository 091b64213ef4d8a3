// SPDX-License-Identifier: GPL-2.0
/* Host calibration files (calibration.h): read, write, look up. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "calibration.h"
#include "csv.h"
#include "log.h"

static const char *const levels[] = { "seed", "boot", "run", "sample" };

static bool known_level(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(levels); i++)
		if (!strcmp(s, levels[i]))
			return true;
	return false;
}

int calib_add(struct calibration *c, const struct calib_entry *e)
{
	struct calib_entry *n;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;

		n = realloc(c->e, cap * sizeof(*n));
		if (!n)
			return -1;
		c->e = n;
		c->cap = cap;
	}
	n = &c->e[c->n];
	*n = *e;
	n->workload = strdup(e->workload);
	n->page_mode = strdup(e->page_mode);
	n->metric = strdup(e->metric);
	n->level = strdup(e->level);
	if (!n->workload || !n->page_mode || !n->metric || !n->level) {
		free(n->workload);
		free(n->page_mode);
		free(n->metric);
		free(n->level);
		return -1;
	}
	c->n++;
	return 0;
}

void calib_free(struct calibration *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->e[i].workload);
		free(c->e[i].page_mode);
		free(c->e[i].metric);
		free(c->e[i].level);
	}
	free(c->e);
	free(c->host);
	free(c->created);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

/* A whole field as an unsigned number; false if it is not one. */
static bool parse_ull(const char *s, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return !errno && !*end;
}

static bool parse_var(const char *s, double *out)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return !errno && !*end && isfinite(*out) && *out >= 0;
}

/* "# key: value" into *dst (first wins). */
static int meta_line(const char *line, const char *key, char **dst)
{
	size_t len = strlen(key);

	if (strncmp(line + 2, key, len) || line[2 + len] != ':' || *dst)
		return 0;
	*dst = strdup(line + 3 + len + (line[3 + len] == ' '));
	return *dst ? 0 : -1;
}

/* Split a data row into its 8 fields (no quoting in this format). */
static int split8(char *line, char **f)
{
	int n = 0;

	f[n++] = line;
	for (; *line; line++) {
		if (*line != ',')
			continue;
		if (n == 8)
			return -1;
		*line = 0;
		f[n++] = line + 1;
	}
	return n == 8 ? 0 : -1;
}

static int parse_row(const char *path, unsigned long ln, char *line,
		     struct calibration *c)
{
	unsigned long long threads, units;
	struct calib_entry e;
	char *f[8];

	if (split8(line, f)) {
		lmb_err("%s:%lu: a calibration row has 8 fields (%s), this one does not; re-write the file with lazymmu-bench plan --write-calibration",
			path, ln, CALIB_HEAD);
		return -1;
	}
	memset(&e, 0, sizeof(e));
	e.workload = f[0];
	e.page_mode = f[1];
	e.metric = f[4];
	e.level = f[5];
	if (!*f[0] || !*f[1] || !*f[4]) {
		lmb_err("%s:%lu: empty workload, page_mode or metric", path, ln);
		return -1;
	}
	if (!parse_ull(f[2], &e.size_bytes) || !parse_ull(f[3], &threads) ||
	    !threads || threads > 1u << 20) {
		lmb_err("%s:%lu: size_bytes '%s' and threads '%s' must be whole numbers (threads >= 1)",
			path, ln, f[2], f[3]);
		return -1;
	}
	e.threads = (unsigned int)threads;
	if (!known_level(e.level)) {
		lmb_err("%s:%lu: level '%s' is not one of seed, boot, run, sample",
			path, ln, e.level);
		return -1;
	}
	if (!parse_var(f[6], &e.rel_var)) {
		lmb_err("%s:%lu: rel_var '%s' is not a number >= 0", path, ln, f[6]);
		return -1;
	}
	if (!parse_ull(f[7], &units) || units < 1) {
		lmb_err("%s:%lu: units '%s' is not a whole number >= 1", path, ln, f[7]);
		return -1;
	}
	e.units = (size_t)units;
	if (calib_find(c, e.workload, e.page_mode, e.size_bytes, e.threads,
		       e.metric, e.level)) {
		lmb_err("%s:%lu: a second row for %s %s %llu %u %s %s; keep one",
			path, ln, e.workload, e.page_mode, e.size_bytes, e.threads,
			e.metric, e.level);
		return -1;
	}
	if (calib_add(c, &e)) {
		lmb_err("%s: out of memory", path);
		return -1;
	}
	return 0;
}

static int parse_line(const char *path, unsigned long ln, char *line,
		      struct calibration *c, bool *head)
{
	char want[64];

	if (ln == 1) {
		snprintf(want, sizeof(want), "# lazymmu-bench calibration, schema %d",
			 CALIB_SCHEMA);
		if (strcmp(line, want)) {
			lmb_err("%s:1: not a lazymmu-bench calibration file of schema %d (first line '%s', expected '%s'); write one with lazymmu-bench plan --write-calibration",
				path, CALIB_SCHEMA, line, want);
			return -1;
		}
		return 0;
	}
	if (line[0] == '#') {
		if (meta_line(line, "host", &c->host) ||
		    meta_line(line, "created", &c->created) ||
		    meta_line(line, "source", &c->source)) {
			lmb_err("%s: out of memory", path);
			return -1;
		}
		return 0;
	}
	if (!*line)
		return 0;
	if (!*head) {
		if (strcmp(line, CALIB_HEAD)) {
			lmb_err("%s:%lu: expected the header '%s', got '%s'",
				path, ln, CALIB_HEAD, line);
			return -1;
		}
		*head = true;
		return 0;
	}
	return parse_row(path, ln, line, c);
}

int calib_read(const char *path, struct calibration *c)
{
	FILE *f = fopen(path, "r");
	unsigned long ln = 0;
	size_t cap = 0;
	char *line = NULL;
	bool head = false;
	ssize_t len;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	if (!f) {
		lmb_err("cannot open calibration file %s: %s (write one with lazymmu-bench plan --write-calibration)",
			path, strerror(errno));
		return -1;
	}
	while (!ret && (len = getline(&line, &cap, f)) >= 0) {
		ln++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		ret = parse_line(path, ln, line, c, &head);
	}
	if (!ret && !head) {
		lmb_err("%s: no header row '%s': empty or cut calibration file",
			path, CALIB_HEAD);
		ret = -1;
	}
	free(line);
	fclose(f);
	if (ret)
		calib_free(c);
	return ret;
}

int calib_write(FILE *out, const struct calibration *c)
{
	char buf[512];
	size_t i;

	fprintf(out, "# lazymmu-bench calibration, schema %d\n", CALIB_SCHEMA);
	fprintf(out, "# host: %s\n", c->host ? c->host : "");
	fprintf(out, "# created: %s\n", c->created ? c->created : "");
	fprintf(out, "# source: %s\n", c->source ? c->source : "");
	fprintf(out, "%s\n", CALIB_HEAD);
	for (i = 0; i < c->n; i++) {
		const struct calib_entry *e = &c->e[i];

		/* plain fields: the reader does not unquote */
		csv_field(buf, sizeof(buf), e->workload);
		fprintf(out, "%s,", buf);
		csv_field(buf, sizeof(buf), e->page_mode);
		fprintf(out, "%s,%llu,%u,", buf, e->size_bytes, e->threads);
		csv_field(buf, sizeof(buf), e->metric);
		fprintf(out, "%s,%s,%.6g,%zu\n", buf, e->level, e->rel_var, e->units);
	}
	return fflush(out) || ferror(out) ? -1 : 0;
}

const struct calib_entry *calib_find(const struct calibration *c,
				     const char *workload, const char *page_mode,
				     unsigned long long size_bytes,
				     unsigned int threads, const char *metric,
				     const char *level)
{
	size_t i;

	for (i = 0; c && i < c->n; i++) {
		const struct calib_entry *e = &c->e[i];

		if (e->size_bytes == size_bytes && e->threads == threads &&
		    !strcmp(e->workload, workload) &&
		    !strcmp(e->page_mode, page_mode) &&
		    !strcmp(e->metric, metric) && !strcmp(e->level, level))
			return e;
	}
	return NULL;
}

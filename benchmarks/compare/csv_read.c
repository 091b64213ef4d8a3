// SPDX-License-Identifier: GPL-2.0
/*
 * Result file reader: validates a CSV written by `lazymmu-bench run`
 * (results/README.md) and keeps it in memory as cells of strings.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array_size.h"
#include "compare/csv_read.h"
#include "csv.h"
#include "log.h"

#define SCHEMA_LINE "# lazymmu-bench results, schema "

/* Columns compare needs; a file without one of them cannot be compared. */
static const char *const required_cols[] = {
	"schema", "workload", "page_mode", "size_bytes", "pages", "threads",
	"phase", "sample", "ns_per_page",
};

/* Numeric columns that must hold a number in every row. */
static const char *const number_cols[] = {
	"schema", "size_bytes", "pages", "threads", "sample", "ns_per_page",
};

/* Numeric columns that may be empty (unknown / unavailable). */
static const char *const optional_number_cols[] = {
	"ns", "thp_kb", "worker", "cpu", "split_ns", "rusage_sys_ns",
	"rusage_user_ns", "pmu_group",
};

bool csv_parse_number(const char *s, double *out)
{
	const char *p;
	char *end;
	double v;

	if (!*s)
		return false;
	for (p = s; *p; p++)
		if (!strchr("0123456789.eE+-", *p))
			return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0)
		return false;
	*out = v;
	return true;
}

long csv_split(char *line, char **fields)
{
	char *r = line, *w = line;
	long n = 0;

	for (;;) {
		fields[n++] = w;
		if (*r == '"') {
			r++;
			for (;;) {
				if (!*r)
					return -1;	/* unterminated quote */
				if (*r == '"' && r[1] != '"') {
					r++;
					break;	/* the closing quote */
				}
				*w++ = *r;	/* "" is one quote */
				r += *r == '"' ? 2 : 1;
			}
			if (*r && *r != ',')
				return -1;	/* text after the closing quote */
		} else {
			while (*r && *r != ',') {
				if (*r == '"')
					return -1;	/* quote inside a bare field */
				*w++ = *r++;
			}
		}
		if (!*r) {
			*w = '\0';
			return n;
		}
		*w++ = '\0';
		r++;
	}
}

size_t csv_sample_rows(const struct csv_table *t)
{
	int c = csv_col(t, "phase");
	size_t r, n = 0;

	for (r = 0; r < t->nr_rows; r++)
		n += !strcmp(csv_cell(t, r, c), "sample");
	return n;
}

int csv_col(const struct csv_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nr_cols; i++)
		if (!strcmp(t->cols[i], name))
			return (int)i;
	return -1;
}

void csv_table_free(struct csv_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nr_rows; i++)
		free(t->cells[i * t->nr_cols]);	/* one block per row */
	free(t->cells);
	free(t->line);
	if (t->cols)
		free(t->cols[0]);
	free(t->cols);
	for (i = 0; i < t->nr_events; i++) {
		free(t->events[i].column);
		free(t->events[i].desc);
	}
	free(t->events);
	for (i = 0; i < t->nr_failed; i++) {
		free(t->failed[i].workload);
		free(t->failed[i].page_mode);
		free(t->failed[i].size_bytes);
		free(t->failed[i].threads);
		free(t->failed[i].stage);
		free(t->failed[i].reason);
	}
	free(t->failed);
	meta_free(&t->meta);
	free(t->end);
	free(t->path);
	free(t);
}

static size_t count_fields(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

/*
 * Split @line into a freshly allocated block; *out gets the field
 * pointers (malloc'd, caller frees), the block is (*out)[0].
 */
static long split_copy(const char *line, char ***out)
{
	char *copy = strdup(line);
	char **f = calloc(count_fields(line), sizeof(*f));
	long n;

	if (!copy || !f) {
		free(copy);
		free(f);
		return -2;
	}
	n = csv_split(copy, f);
	if (n < 0) {
		free(copy);
		free(f);
		return -1;
	}
	*out = f;
	return n;
}

static int add_event(struct csv_table *t, const char *rest)
{
	struct csv_event *e = realloc(t->events, (t->nr_events + 1) * sizeof(*e));
	const char *sp = strchr(rest, ' ');
	size_t len = sp ? (size_t)(sp - rest) : strlen(rest);

	if (!e)
		return -1;
	t->events = e;
	e = &t->events[t->nr_events];
	e->column = strndup(rest, len);
	e->desc = strdup(sp ? sp + 1 : "");
	if (!e->column || !e->desc) {
		free(e->column);
		free(e->desc);
		return -1;
	}
	t->nr_events++;
	return 0;
}

/* Keys that name what was measured: runs joined into one file must agree. */
static bool is_run_key(const char *key)
{
	static const char *const keys[] = {
		"kernel_release", "kernel_version", "label", "cpu_model", "arch",
		"base_page_size", "debug_pagealloc", "thp_enabled", "suite_version",
		"cmdline",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

/* The value of " key=" in @line up to the next space (the reason: to the end). */
static char *failed_field(const char *line, const char *key, bool to_end)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	if (!strncmp(line, pat + 1, strlen(pat + 1))) {
		p = line + strlen(pat + 1);	/* the first field */
	} else {
		p = strstr(line, pat);
		if (!p)
			return NULL;
		p += strlen(pat);
	}
	return strndup(p, to_end ? strlen(p) : strcspn(p, " "));
}

/* "# failed: workload=W page_mode=M size_bytes=N threads=T stage=S ... reason=R" */
static int add_failed(struct csv_table *t, const char *val, unsigned long lineno)
{
	struct csv_failed *f = realloc(t->failed, (t->nr_failed + 1) * sizeof(*f));

	if (!f)
		return -1;
	t->failed = f;
	f = &t->failed[t->nr_failed];
	f->workload = failed_field(val, "workload", false);
	f->page_mode = failed_field(val, "page_mode", false);
	f->size_bytes = failed_field(val, "size_bytes", false);
	f->threads = failed_field(val, "threads", false);
	f->stage = failed_field(val, "stage", false);
	f->reason = failed_field(val, "reason", true);
	t->nr_failed++;
	if (f->workload && f->page_mode && f->size_bytes && f->threads &&
	    f->stage && f->reason)
		return 0;
	lmb_warn("%s:%lu: a '# failed:' line without workload=, page_mode=, size_bytes=, threads=, stage= and reason=; its group is not marked failed",
		 t->path, lineno);
	t->nr_failed--;
	free(f->workload);
	free(f->page_mode);
	free(f->size_bytes);
	free(f->threads);
	free(f->stage);
	free(f->reason);
	return 0;
}

/* A '#' line after the first: metadata, event or footer. */
static int parse_comment(struct csv_table *t, const char *line,
			 unsigned long lineno)
{
	const char *colon, *val, *p, *old;
	char *key;
	int ret;

	if (strncmp(line, "# ", 2))
		return 0;	/* free-form comment */
	line += 2;
	colon = strstr(line, ": ");
	if (!colon)
		return 0;
	val = colon + 2;
	if (!strncmp(line, "event: ", 7))
		return add_event(t, val);
	if (!strncmp(line, "failed: ", 8))
		return add_failed(t, val, lineno);
	if (!strncmp(line, "end: ", 5)) {
		free(t->end);
		t->end = strdup(val);
		return t->end ? 0 : -1;
	}
	for (p = line; p < colon; p++)
		if (!(*p == '_' || isalnum((unsigned char)*p)))
			return 0;	/* not a metadata key: free-form comment */
	key = strndup(line, (size_t)(colon - line));
	if (!key)
		return -1;
	old = meta_get(&t->meta, key);
	if (old && strcmp(old, val) && is_run_key(key))
		lmb_warn("%s:%lu: %s is '%s' here but '%s' earlier: this file joins runs of different setups, and compare pools their samples",
			 t->path, lineno, key, val, old);
	ret = old ? 0 : meta_set(&t->meta, key, val);
	free(key);
	return ret;
}

static int check_schema_line(const struct csv_table *t, const char *line)
{
	char *end;
	long v;

	if (strncmp(line, SCHEMA_LINE, strlen(SCHEMA_LINE))) {
		lmb_err("%s:1: not a lazymmu-bench result file (the first line should be '%s%d'); give a CSV written by 'lazymmu-bench run'",
			t->path, SCHEMA_LINE, LMB_CSV_SCHEMA);
		return -1;
	}
	line += strlen(SCHEMA_LINE);
	errno = 0;
	v = strtol(line, &end, 10);
	if (errno || end == line || *end) {
		lmb_err("%s:1: schema version '%s' is not a number; the file is damaged",
			t->path, line);
		return -1;
	}
	if (v != LMB_CSV_SCHEMA) {
		lmb_err("%s:1: result file has schema %ld, this lazymmu-bench reads schema %d; compare it with the lazymmu-bench version that wrote it",
			t->path, v, LMB_CSV_SCHEMA);
		return -1;
	}
	return 0;
}

static int set_header(struct csv_table *t, const char *line, unsigned long lineno)
{
	long n = split_copy(line, &t->cols);
	size_t i, j;

	if (n == -2)
		return -2;
	if (n < 0) {
		lmb_err("%s:%lu: malformed quoting in the header row; the file is damaged",
			t->path, lineno);
		return -1;
	}
	t->nr_cols = (size_t)n;
	for (i = 0; i < t->nr_cols; i++) {
		for (j = 0; j < i; j++) {
			if (!strcmp(t->cols[i], t->cols[j])) {
				lmb_err("%s:%lu: column '%s' appears twice in the header row; the file is damaged",
					t->path, lineno, t->cols[i]);
				return -1;
			}
		}
	}
	for (i = 0; i < ARRAY_SIZE(required_cols); i++) {
		if (csv_col(t, required_cols[i]) < 0) {
			lmb_err("%s:%lu: header row has no '%s' column, which compare needs; is this a lazymmu-bench result file of schema %d?",
				t->path, lineno, required_cols[i], LMB_CSV_SCHEMA);
			return -1;
		}
	}
	return 0;
}

static bool is_event_column(const char *name)
{
	return !strncmp(name, "ev_", 3);
}

/* Check one parsed row; prints the first problem. */
static int check_row(const struct csv_table *t, char **f, unsigned long lineno)
{
	const char *phase;
	double v;
	size_t i;
	int c;

	for (i = 0; i < ARRAY_SIZE(number_cols); i++) {
		c = csv_col(t, number_cols[i]);
		if (!csv_parse_number(f[c], &v)) {
			lmb_err("%s:%lu: column '%s' is '%s', not a number >= 0; the file is damaged or was edited",
				t->path, lineno, number_cols[i], f[c]);
			return -1;
		}
	}
	for (i = 0; i < ARRAY_SIZE(optional_number_cols); i++) {
		c = csv_col(t, optional_number_cols[i]);
		if (c >= 0 && *f[c] && !csv_parse_number(f[c], &v)) {
			lmb_err("%s:%lu: column '%s' is '%s', not a number >= 0 (or empty for unknown); the file is damaged or was edited",
				t->path, lineno, optional_number_cols[i], f[c]);
			return -1;
		}
	}
	for (i = 0; i < t->nr_cols; i++) {
		if (is_event_column(t->cols[i]) && *f[i] &&
		    !csv_parse_number(f[i], &v)) {
			lmb_err("%s:%lu: counter column '%s' is '%s', not a number >= 0 (or empty for unavailable); the file is damaged or was edited",
				t->path, lineno, t->cols[i], f[i]);
			return -1;
		}
	}
	csv_parse_number(f[csv_col(t, "schema")], &v);
	if (v != LMB_CSV_SCHEMA) {
		lmb_err("%s:%lu: row has schema %g, this lazymmu-bench reads schema %d",
			t->path, lineno, v, LMB_CSV_SCHEMA);
		return -1;
	}
	csv_parse_number(f[csv_col(t, "pages")], &v);
	if (v < 1) {
		lmb_err("%s:%lu: 'pages' is %g; a sample covers at least one page, the file is damaged",
			t->path, lineno, v);
		return -1;
	}
	if (!*f[csv_col(t, "workload")]) {
		lmb_err("%s:%lu: 'workload' is empty; the file is damaged", t->path, lineno);
		return -1;
	}
	phase = f[csv_col(t, "phase")];
	if (strcmp(phase, "sample") && strcmp(phase, "warmup")) {
		lmb_err("%s:%lu: 'phase' is '%s', expected 'sample' or 'warmup'; the file is damaged",
			t->path, lineno, phase);
		return -1;
	}
	return 0;
}

static int add_row(struct csv_table *t, const char *line, unsigned long lineno)
{
	char **f;
	long n = split_copy(line, &f);

	if (n == -2)
		return -2;
	if (n < 0) {
		lmb_err("%s:%lu: malformed quoting in a sample row; the file is damaged",
			t->path, lineno);
		return -1;
	}
	if ((size_t)n != t->nr_cols) {
		lmb_err("%s:%lu: row has %ld fields, the header has %zu; the file is damaged or mixes two headers",
			t->path, lineno, n, t->nr_cols);
		goto bad;
	}
	if (!strcmp(f[0], t->cols[0])) {
		/* a repeated header (files joined with cat): same columns? */
		size_t i;

		for (i = 0; i < t->nr_cols && !strcmp(f[i], t->cols[i]); i++)
			;
		if (i == t->nr_cols) {
			free(f[0]);
			free(f);
			return 0;
		}
	}
	if (check_row(t, f, lineno))
		goto bad;
	if (t->nr_rows == t->cap_rows) {
		size_t cap = t->cap_rows ? 2 * t->cap_rows : 256;
		char **cells = realloc(t->cells, cap * t->nr_cols * sizeof(*cells));
		unsigned long *ln;

		if (!cells)
			goto oom;
		t->cells = cells;
		ln = realloc(t->line, cap * sizeof(*ln));
		if (!ln)
			goto oom;
		t->line = ln;
		t->cap_rows = cap;
	}
	memcpy(&t->cells[t->nr_rows * t->nr_cols], f, t->nr_cols * sizeof(*f));
	t->line[t->nr_rows++] = lineno;
	free(f);
	return 0;
oom:
	free(f[0]);
	free(f);
	return -2;
bad:
	free(f[0]);
	free(f);
	return -1;
}

static FILE *open_regular(const char *path)
{
	struct stat st;
	FILE *fp;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lmb_err("cannot open result file %s: %s; check the path", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		lmb_err("%s is a directory; give one of the result .csv files in it",
			path);
		close(fd);
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (!fp) {
		lmb_err("cannot read %s: %s", path, strerror(errno));
		close(fd);
	}
	return fp;
}

static int read_lines(struct csv_table *t, FILE *fp)
{
	unsigned long lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	bool header = false;
	ssize_t len;
	int ret = 0;

	errno = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		bool complete = len > 0 && line[len - 1] == '\n';

		lineno++;
		if (complete)
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (lineno == 1) {
			ret = check_schema_line(t, line);
			t->schema = LMB_CSV_SCHEMA;
		} else if (!complete && !header && line[0] != '#') {
			lmb_err("%s:%lu: the file ends before its header row is complete; it holds no samples",
				t->path, lineno);
			ret = -1;
		} else if (!complete) {
			/* the writer ends every line with '\n': cut short */
			lmb_warn("%s:%lu: last line is incomplete (run interrupted while writing?); ignoring it and using the %zu complete sample rows",
				 t->path, lineno, t->nr_rows);
			t->truncated = true;
		} else if (line[0] == '#') {
			ret = parse_comment(t, line, lineno) ? -2 : 0;
		} else if (!len) {
			continue;
		} else if (!header) {
			ret = set_header(t, line, lineno);
			header = true;
		} else {
			ret = add_row(t, line, lineno);
		}
		if (ret)
			break;
	}
	if (!ret && ferror(fp)) {
		lmb_err("reading %s failed: %s", t->path, strerror(errno));
		ret = -1;
	}
	free(line);
	if (ret == -2)
		lmb_err("out of memory reading %s", t->path);
	if (ret)
		return -1;
	if (lineno == 0) {
		lmb_err("%s is empty; give a result file written by 'lazymmu-bench run'",
			t->path);
		return -1;
	}
	if (!header) {
		lmb_err("%s:%lu: the file has no header row and no samples (the run failed before measuring?)",
			t->path, lineno);
		return -1;
	}
	return 0;
}

static int check_meta_schema(const struct csv_table *t)
{
	const char *s = meta_get(&t->meta, "schema");
	double v;

	if (s && (!csv_parse_number(s, &v) || v != LMB_CSV_SCHEMA)) {
		lmb_err("%s: metadata says schema '%s', this lazymmu-bench reads schema %d",
			t->path, s, LMB_CSV_SCHEMA);
		return -1;
	}
	return 0;
}

struct csv_table *csv_read(const char *path)
{
	struct csv_table *t = calloc(1, sizeof(*t));
	FILE *fp;

	if (!t) {
		lmb_err("out of memory reading %s", path);
		return NULL;
	}
	t->path = strdup(path);
	if (!t->path) {
		free(t);
		lmb_err("out of memory reading %s", path);
		return NULL;
	}
	fp = open_regular(path);
	if (!fp) {
		csv_table_free(t);
		return NULL;
	}
	if (read_lines(t, fp) || check_meta_schema(t)) {
		fclose(fp);
		csv_table_free(t);
		return NULL;
	}
	fclose(fp);
	return t;
}

// SPDX-License-Identifier: GPL-2.0
/* The suite's result file for the emulation tools (see suite_csv.h). */
#include <stdlib.h>
#include <string.h>

#include "suite_csv.h"
#include "tool_msg.h"

#define SUITE_SCHEMA_LINE "# lazymmu-bench results, schema 1"

enum { C_WORKLOAD, C_PAGE_MODE, C_SIZE, C_PAGES, C_THREADS, C_PHASE, NR_C };

static const char *const needed[NR_C] = {
	"workload", "page_mode", "size_bytes", "pages", "threads", "phase",
};

static int set_header(struct suite_csv *s, size_t i, int col[NR_C])
{
	const char *path = s->tf.path;
	size_t c;

	if (fields_split(&s->header, s->tf.line[i])) {
		emu_err("%s:%zu: malformed quoting in the header row; the file is damaged",
			path, i + 1);
		return -1;
	}
	s->header_line = i;
	for (c = 0; c < NR_C; c++) {
		col[c] = fields_find(&s->header, needed[c]);
		if (col[c] < 0) {
			emu_err("%s:%zu: the header row has no '%s' column; give a CSV written by 'lazymmu-bench run'",
				path, i + 1, needed[c]);
			return -1;
		}
	}
	for (c = 0; c < s->header.n; c++)
		s->has_emu |= !strncmp(s->header.v[c], "ev_emu_", 7);
	return 0;
}

static int check_row(const struct suite_csv *s, const struct suite_row *r,
		     const char *threads)
{
	const char *path = s->tf.path;
	unsigned long long n;
	size_t ln = r->line + 1;

	if (!parse_count(threads, &n) || n < 1) {
		emu_err("%s:%zu: column 'threads' is '%s', not a count >= 1; the file is damaged",
			path, ln, threads);
		return -1;
	}
	if (n > 1) {
		emu_err("%s:%zu: a row of a run with threads=%llu: the windows of concurrent workers interleave and cannot be attributed to rows; run the suite with one worker (no --threads/--procs/--sweep-*) under the plugin",
			path, ln, n);
		return -1;
	}
	if (!parse_count(r->size_bytes, &n)) {
		emu_err("%s:%zu: column 'size_bytes' is '%s', not a count; the file is damaged",
			path, ln, r->size_bytes);
		return -1;
	}
	if (!(r->pages >= 1)) {
		emu_err("%s:%zu: column 'pages' is not a count >= 1; the file is damaged",
			path, ln);
		return -1;
	}
	if (strcmp(r->phase, "sample") && strcmp(r->phase, "warmup")) {
		emu_err("%s:%zu: column 'phase' is '%s', expected 'sample' or 'warmup'; the file is damaged",
			path, ln, r->phase);
		return -1;
	}
	if (!*r->workload || !*r->page_mode) {
		emu_err("%s:%zu: empty 'workload' or 'page_mode'; the file is damaged",
			path, ln);
		return -1;
	}
	return 0;
}

static int add_row(struct suite_csv *s, size_t i, const int col[NR_C])
{
	const char *path = s->tf.path;
	unsigned long long pages = 0;
	struct suite_row *r, *rows;

	rows = realloc(s->rows, (s->nr_rows + 1) * sizeof(*rows));
	if (!rows) {
		emu_err("out of memory reading %s", path);
		return -1;
	}
	s->rows = rows;
	r = &rows[s->nr_rows];
	memset(r, 0, sizeof(*r));
	r->line = i;
	if (fields_split(&r->f, s->tf.line[i])) {
		emu_err("%s:%zu: malformed quoting in a row; the file is damaged",
			path, i + 1);
		return -1;
	}
	s->nr_rows++;	/* owned now: freed with the others */
	if (r->f.n != s->header.n) {
		emu_err("%s:%zu: row has %zu fields, the header has %zu; the file is damaged",
			path, i + 1, r->f.n, s->header.n);
		return -1;
	}
	if (!strcmp(r->f.v[0], s->header.v[0])) {
		emu_err("%s:%zu: a second header row: this file joins several runs (cat); merge each run's CSV with its own window file, then join the merged files",
			path, i + 1);
		return -1;
	}
	r->workload = r->f.v[col[C_WORKLOAD]];
	r->page_mode = r->f.v[col[C_PAGE_MODE]];
	r->size_bytes = r->f.v[col[C_SIZE]];
	r->phase = r->f.v[col[C_PHASE]];
	if (parse_count(r->f.v[col[C_PAGES]], &pages))
		r->pages = (double)pages;
	return check_row(s, r, r->f.v[col[C_THREADS]]);
}

/* One more window: of data row @row, or (-1) of a failed sample. */
static int add_window(struct suite_csv *s, long row)
{
	long *w = realloc(s->window_row, (s->nr_windows + 1) * sizeof(*w));

	if (!w) {
		emu_err("out of memory reading %s", s->tf.path);
		return -1;
	}
	s->window_row = w;
	w[s->nr_windows++] = row;
	return 0;
}

/* A "# failed:" line of a sample whose window ran but wrote no row. */
static bool failed_window(const char *l)
{
	return !strncmp(l, "# failed: ", 10) && strstr(l, " window=1 ");
}

static int read_lines(struct suite_csv *s)
{
	int col[NR_C];
	bool header = false;
	size_t i;

	for (i = 1; i < s->tf.nr; i++) {
		const char *l = s->tf.line[i];

		if (s->tf.cut && i + 1 == s->tf.nr) {
			emu_err("%s:%zu: the last line is incomplete (the run was killed while writing): its window cannot be matched; give a complete file",
				s->tf.path, i + 1);
			return -1;
		}
		if (failed_window(l) && add_window(s, -1))
			return -1;
		if (!*l || l[0] == '#')
			continue;
		if (!header) {
			if (set_header(s, i, col))
				return -1;
			header = true;
		} else if (add_row(s, i, col)) {
			return -1;
		} else {
			s->rows[s->nr_rows - 1].window = s->nr_windows;
			if (add_window(s, (long)s->nr_rows - 1))
				return -1;
		}
	}
	if (!header || !s->nr_rows) {
		emu_err("%s has no %s (the run failed before measuring?); there is nothing to merge",
			s->tf.path, header ? "data rows" : "header row and no data rows");
		return -1;
	}
	return 0;
}

int suite_read(struct suite_csv *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	if (text_read(&s->tf, path, "suite CSV"))
		return -1;
	if (strcmp(s->tf.line[0], SUITE_SCHEMA_LINE)) {
		emu_err("%s:1: not a lazymmu-bench result file of schema 1 (the first line must be '%s'); give the CSV written by 'lazymmu-bench run'",
			path, SUITE_SCHEMA_LINE);
		goto fail;
	}
	if (read_lines(s))
		goto fail;
	return 0;
fail:
	suite_free(s);
	return -1;
}

void suite_free(struct suite_csv *s)
{
	size_t i;

	for (i = 0; i < s->nr_rows; i++)
		fields_free(&s->rows[i].f);
	free(s->rows);
	free(s->window_row);
	fields_free(&s->header);
	text_free(&s->tf);
	memset(s, 0, sizeof(*s));
}

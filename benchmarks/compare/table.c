// SPDX-License-Identifier: GPL-2.0
/* Text tables: aligned columns for a terminal, pipe tables for Markdown. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare/table.h"
#include "log.h"

int table_init(struct cmp_table *t, size_t nr_cols)
{
	memset(t, 0, sizeof(*t));
	t->nr_cols = nr_cols;
	t->head = calloc(nr_cols, sizeof(*t->head));
	t->right = calloc(nr_cols, sizeof(*t->right));
	if (!t->head || !t->right) {
		table_free(t);
		lmb_err("out of memory for a table of %zu columns", nr_cols);
		return -1;
	}
	return 0;
}

void table_head(struct cmp_table *t, size_t col, const char *name, bool right)
{
	free(t->head[col]);
	t->head[col] = strdup(name);
	t->oom |= !t->head[col];
	t->right[col] = right;
}

size_t table_add_row(struct cmp_table *t)
{
	if (t->nr_rows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **c = realloc(t->cells, cap * t->nr_cols * sizeof(*c));

		if (!c) {
			t->oom = true;
			return (size_t)-1;
		}
		t->cells = c;
		t->cap = cap;
	}
	memset(&t->cells[t->nr_rows * t->nr_cols], 0, t->nr_cols * sizeof(*t->cells));
	return t->nr_rows++;
}

void table_set(struct cmp_table *t, size_t row, size_t col, const char *fmt, ...)
{
	char **cell;
	va_list ap;
	int r;

	if (row >= t->nr_rows || col >= t->nr_cols)
		return;		/* after a failed table_add_row() */
	cell = &t->cells[row * t->nr_cols + col];
	free(*cell);
	*cell = NULL;
	va_start(ap, fmt);
	r = vasprintf(cell, fmt, ap);
	va_end(ap);
	if (r < 0) {
		*cell = NULL;
		t->oom = true;
	}
}

static const char *cell(const struct cmp_table *t, size_t row, size_t col)
{
	const char *s = t->cells[row * t->nr_cols + col];

	return s ? s : "";
}

static void print_md_cell(FILE *f, const char *s)
{
	fputs(" ", f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputs(" |", f);
}

static void print_markdown(const struct cmp_table *t, FILE *f)
{
	size_t r, c;

	fputs("|", f);
	for (c = 0; c < t->nr_cols; c++)
		print_md_cell(f, t->head[c] ? t->head[c] : "");
	fputs("\n|", f);
	for (c = 0; c < t->nr_cols; c++)
		fputs(t->right[c] ? "---:|" : "---|", f);
	fputc('\n', f);
	for (r = 0; r < t->nr_rows; r++) {
		fputs("|", f);
		for (c = 0; c < t->nr_cols; c++)
			print_md_cell(f, cell(t, r, c));
		fputc('\n', f);
	}
}

static void print_cell(FILE *f, const char *s, size_t w, bool right, bool last)
{
	if (right)
		fprintf(f, "%*s", (int)w, s);
	else if (last)
		fputs(s, f);
	else
		fprintf(f, "%-*s", (int)w, s);
}

/* One line; stops after the last non-empty cell, so no trailing blanks. */
static void print_line(FILE *f, const char *const *cells, const size_t *w,
		       const bool *right, size_t nr_cols)
{
	size_t c, last = 0;

	for (c = 0; c < nr_cols; c++)
		if (*cells[c])
			last = c;
	for (c = 0; c <= last; c++) {
		print_cell(f, cells[c], w[c], right[c], c == last);
		if (c < last)
			fputs("  ", f);
	}
	fputc('\n', f);
}

static void print_text(const struct cmp_table *t, FILE *f, const size_t *w)
{
	const char **line = calloc(t->nr_cols, sizeof(*line));
	size_t r, c;

	if (!line)
		return;
	for (c = 0; c < t->nr_cols; c++)
		line[c] = t->head[c] ? t->head[c] : "";
	print_line(f, line, w, t->right, t->nr_cols);
	for (r = 0; r < t->nr_rows; r++) {
		for (c = 0; c < t->nr_cols; c++)
			line[c] = cell(t, r, c);
		print_line(f, line, w, t->right, t->nr_cols);
	}
	free(line);
}

int table_print(const struct cmp_table *t, FILE *f, bool markdown)
{
	size_t *w, r, c;

	if (t->oom) {
		lmb_err("out of memory while building a result table");
		return -1;
	}
	if (markdown) {
		print_markdown(t, f);
		return 0;
	}
	w = calloc(t->nr_cols, sizeof(*w));
	if (!w) {
		lmb_err("out of memory printing a table");
		return -1;
	}
	for (c = 0; c < t->nr_cols; c++) {
		w[c] = t->head[c] ? strlen(t->head[c]) : 0;
		for (r = 0; r < t->nr_rows; r++)
			if (strlen(cell(t, r, c)) > w[c])
				w[c] = strlen(cell(t, r, c));
	}
	print_text(t, f, w);
	free(w);
	return 0;
}

void table_free(struct cmp_table *t)
{
	size_t i;

	for (i = 0; t->cells && i < t->nr_rows * t->nr_cols; i++)
		free(t->cells[i]);
	free(t->cells);
	for (i = 0; t->head && i < t->nr_cols; i++)
		free(t->head[i]);
	free(t->head);
	free(t->right);
	memset(t, 0, sizeof(*t));
}

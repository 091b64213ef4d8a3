// SPDX-License-Identifier: GPL-2.0
/* lmb-emu-funcs' tables (see funcs_report.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "funcs_report.h"

#define CELL	48
#define NR_TCOLS	(4 + FN_NR - 1)	/* function, A, B, B-A, other diffs */

struct pick {
	size_t f;
	double d;
};

static int cmp_pick(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (fabs(x->d) != fabs(y->d))
		return fabs(x->d) > fabs(y->d) ? -1 : 1;
	return x->f < y->f ? -1 : x->f > y->f;
}

static double diff(const struct fgroup *g, size_t f, int c)
{
	return g->med[1][f * FN_NR + c] - g->med[0][f * FN_NR + c];
}

/* Functions of @g that differ in counter @by, largest first; count in *n. */
static struct pick *pick_top(const struct fstats *st, const struct fgroup *g,
			     const struct funcs_opts *o, size_t *n)
{
	struct pick *p = malloc((st->nr_names ? st->nr_names : 1) * sizeof(*p));
	size_t f, k = 0;

	if (!p)
		return NULL;
	for (f = 0; f < st->nr_names; f++) {
		double d = diff(g, f, o->by);

		if (d != 0)
			p[k++] = (struct pick){ f, d };
	}
	qsort(p, k, sizeof(*p), cmp_pick);
	*n = o->top && k > o->top ? o->top : k;
	return p;
}

/* One text row: name, then A, B, B-A of @by, then B-A of the others. */
static void text_row(char cell[NR_TCOLS][CELL], const char *name,
		     const double *a, const double *b, int by)
{
	int c, k = 4;

	snprintf(cell[0], CELL, "%s", name);
	snprintf(cell[1], CELL, "%.6g", a[by]);
	snprintf(cell[2], CELL, "%.6g", b[by]);
	snprintf(cell[3], CELL, "%+.6g", b[by] - a[by]);
	for (c = 0; c < FN_NR; c++)
		if (c != by)
			snprintf(cell[k++], CELL, "%+.6g", b[c] - a[c]);
}

static void print_table(FILE *out, char (*cell)[NR_TCOLS][CELL], size_t rows)
{
	size_t w[NR_TCOLS] = { 0 }, r, c;

	for (r = 0; r < rows; r++)
		for (c = 0; c < NR_TCOLS; c++)
			if (strlen(cell[r][c]) > w[c])
				w[c] = strlen(cell[r][c]);
	for (r = 0; r < rows; r++) {
		fprintf(out, "  %-*s", (int)w[0], cell[r][0]);
		for (c = 1; c < NR_TCOLS; c++)
			fprintf(out, "  %*s", (int)w[c], cell[r][c]);
		fputc('\n', out);
	}
}

static void csv_row(FILE *csv, const struct fgroup *g, const char *name,
		    const double *a, const double *b)
{
	int c;

	fprintf(csv, "%s,%s,%s,%s,%zu,%zu", g->workload, g->page_mode,
		g->size_bytes, name, g->nwin[0], g->nwin[1]);
	for (c = 0; c < FN_NR; c++)
		fprintf(csv, ",%.9g,%.9g,%.9g", a[c], b[c], b[c] - a[c]);
	fputc('\n', csv);
}

static int report_group(const struct fstats *st, const struct fgroup *g,
			const struct funcs_opts *o, FILE *out, FILE *csv)
{
	char (*cell)[NR_TCOLS][CELL];
	struct pick *p;
	size_t n = 0, i;
	int c, k = 4;

	fprintf(out, "\n%s %s %s bytes: windows of phase %s: A %zu, B %zu\n",
		g->workload, g->page_mode, g->size_bytes, o->phase, g->nwin[0],
		g->nwin[1]);
	if (!g->med[0] || !g->med[1]) {
		fprintf(out, "  only in %s: nothing to compare\n", g->med[0] ? "A" : "B");
		return 0;
	}
	p = pick_top(st, g, o, &n);
	cell = calloc(n + 2, sizeof(*cell));
	if (!p || !cell) {
		free(p);
		free(cell);
		return -1;
	}
	snprintf(cell[0][0], CELL, "function");
	snprintf(cell[0][1], CELL, "%s A", fn_counter_name[o->by]);
	snprintf(cell[0][2], CELL, "%s B", fn_counter_name[o->by]);
	snprintf(cell[0][3], CELL, "%s B-A", fn_counter_name[o->by]);
	for (c = 0; c < FN_NR; c++)
		if (c != o->by)
			snprintf(cell[0][k++], CELL, "%s B-A", fn_counter_name[c]);
	text_row(cell[1], "(all functions)", g->all[0], g->all[1], o->by);
	if (csv)
		csv_row(csv, g, "(all functions)", g->all[0], g->all[1]);
	for (i = 0; i < n; i++) {
		const double *a = &g->med[0][p[i].f * FN_NR];
		const double *b = &g->med[1][p[i].f * FN_NR];

		text_row(cell[i + 2], st->names[p[i].f], a, b, o->by);
		if (csv)
			csv_row(csv, g, st->names[p[i].f], a, b);
	}
	print_table(out, cell, n + 2);
	if (!n)
		fprintf(out, "  no function's %s per page differs\n",
			fn_counter_name[o->by]);
	free(p);
	free(cell);
	return 0;
}

int funcs_report(const struct fstats *st, const struct funcs_opts *o,
		 FILE *out, FILE *csv)
{
	size_t i;
	int c;

	fprintf(out, "A: %s with %s\nB: %s with %s\n", o->files[0], o->files[1],
		o->files[2], o->files[3]);
	fprintf(out, "kernel counts per page: median over the windows of phase %s of each function's count / pages (0 in a window without it); ",
		o->phase);
	if (o->top)
		fprintf(out, "top %zu functions", o->top);
	else
		fprintf(out, "every function");
	fprintf(out, " by |B - A| of %s\n", fn_counter_name[o->by]);
	if (csv) {
		fputs("workload,page_mode,size_bytes,function,a_windows,b_windows", csv);
		for (c = 0; c < FN_NR; c++)
			fprintf(csv, ",%s_a,%s_b,%s_diff", fn_counter_name[c],
				fn_counter_name[c], fn_counter_name[c]);
		fputc('\n', csv);
	}
	for (i = 0; i < st->nr_groups; i++)
		if (report_group(st, &st->groups[i], o, out, csv))
			return -1;
	return 0;
}

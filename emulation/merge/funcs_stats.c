// SPDX-License-Identifier: GPL-2.0
/* lmb-emu-funcs' medians (see funcs_stats.h). */
#include <stdlib.h>
#include <string.h>

#include "funcs_stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Where each data row goes: group and position in it, or group -1. */
struct row_place {
	long group;
	size_t pos;
};

static long find_group(struct fstats *st, const struct suite_row *r)
{
	struct fgroup *g;
	size_t i;

	for (i = 0; i < st->nr_groups; i++) {
		g = &st->groups[i];
		if (!strcmp(g->workload, r->workload) &&
		    !strcmp(g->page_mode, r->page_mode) &&
		    !strcmp(g->size_bytes, r->size_bytes))
			return (long)i;
	}
	g = realloc(st->groups, (st->nr_groups + 1) * sizeof(*g));
	if (!g)
		return -2;
	st->groups = g;
	g += st->nr_groups;
	memset(g, 0, sizeof(*g));
	g->workload = r->workload;
	g->page_mode = r->page_mode;
	g->size_bytes = r->size_bytes;
	return (long)st->nr_groups++;
}

static int place_rows(struct fstats *st, const struct suite_csv *s, int side,
		      const char *phase, struct row_place *pl)
{
	size_t i;

	for (i = 0; i < s->nr_rows; i++) {
		const struct suite_row *r = &s->rows[i];

		pl[i].group = -1;
		if (strcmp(phase, "all") && strcmp(phase, r->phase))
			continue;
		pl[i].group = find_group(st, r);
		if (pl[i].group < 0)
			return -1;
		pl[i].pos = st->groups[pl[i].group].nwin[side]++;
	}
	return 0;
}

/* Function rows of one side in order of (function, window). */
static const struct funcs_side *sort_side;

static int cmp_row(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_side->fid[x] != sort_side->fid[y])
		return sort_side->fid[x] < sort_side->fid[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * Count of counter @c in function row @i, per page of its window's row,
 * whose index goes to *@row; false for the window of a failed sample (no row).
 */
static bool per_page(const struct funcs_side *fs, size_t i, int c,
		     size_t *row, double *v)
{
	unsigned long long n, w;
	long r;

	parse_count(fs->pf.rows[i].v[0], &w);
	parse_count(fs->pf.rows[i].v[fs->col[c]], &n);
	r = w < fs->suite.nr_windows ? fs->suite.window_row[w] : -1;
	if (r < 0)
		return false;
	*row = (size_t)r;
	*v = (double)n / fs->suite.rows[r].pages;
	return true;
}

/* Medians of group @g on @side: every function, then the sum. */
static int group_medians(struct fstats *st, struct fgroup *g, long gi,
			 const struct funcs_side *fs, int side,
			 const struct row_place *pl, const size_t *order)
{
	size_t n = g->nwin[side], i, j, w;
	double *tmp = calloc(n ? n : 1, sizeof(*tmp));
	double *sum = calloc((n ? n : 1) * FN_NR, sizeof(*sum));
	int c;

	g->med[side] = calloc(st->nr_names * FN_NR + 1, sizeof(double));
	if (!tmp || !sum || !g->med[side]) {
		free(tmp);
		free(sum);
		return -1;
	}
	for (i = 0; i < fs->pf.nr_rows; i = j) {
		size_t f = fs->fid[order[i]];

		for (j = i; j < fs->pf.nr_rows && fs->fid[order[j]] == f; j++)
			;
		for (c = 0; c < FN_NR; c++) {
			size_t k;
			bool any = false;

			memset(tmp, 0, n * sizeof(*tmp));
			for (k = i; k < j; k++) {
				double v;

				if (!per_page(fs, order[k], c, &w, &v) ||
				    pl[w].group != gi)
					continue;
				tmp[pl[w].pos] += v;
				sum[pl[w].pos * FN_NR + c] += v;
				any = true;
			}
			if (any)
				g->med[side][f * FN_NR + c] = median(tmp, n);
		}
	}
	for (c = 0; c < FN_NR; c++) {
		for (i = 0; i < n; i++)
			tmp[i] = sum[i * FN_NR + c];
		g->all[side][c] = median(tmp, n);
	}
	free(tmp);
	free(sum);
	return 0;
}

static int side_medians(struct fstats *st, const struct funcs_side *fs,
			int side, const struct row_place *pl)
{
	size_t *order = malloc((fs->pf.nr_rows ? fs->pf.nr_rows : 1) * sizeof(*order));
	size_t i;
	int ret = 0;

	if (!order)
		return -1;
	for (i = 0; i < fs->pf.nr_rows; i++)
		order[i] = i;
	sort_side = fs;
	qsort(order, fs->pf.nr_rows, sizeof(*order), cmp_row);
	for (i = 0; i < st->nr_groups && !ret; i++)
		if (st->groups[i].nwin[side])
			ret = group_medians(st, &st->groups[i], (long)i, fs,
					    side, pl, order);
	free(order);
	return ret;
}

int fstats_build(struct fstats *st, struct funcs_side sides[2], const char *phase)
{
	struct row_place *pl[2] = { NULL, NULL };
	int s, ret = -1;

	memset(st, 0, sizeof(*st));
	if (funcs_names(sides, &st->names, &st->nr_names))
		return -1;
	for (s = 0; s < 2; s++) {
		pl[s] = calloc(sides[s].suite.nr_rows, sizeof(*pl[s]));
		if (!pl[s] || place_rows(st, &sides[s].suite, s, phase, pl[s]))
			goto out;
	}
	for (s = 0; s < 2; s++)
		if (side_medians(st, &sides[s], s, pl[s]))
			goto out;
	ret = 0;
out:
	free(pl[0]);
	free(pl[1]);
	return ret;
}

void fstats_free(struct fstats *st)
{
	size_t i;

	for (i = 0; i < st->nr_groups; i++) {
		free(st->groups[i].med[0]);
		free(st->groups[i].med[1]);
	}
	free(st->groups);
	free(st->names);
	memset(st, 0, sizeof(*st));
}

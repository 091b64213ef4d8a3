// SPDX-License-Identifier: GPL-2.0
/* compare: size-fit term changes from one fit per run, boot or seed. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/sizefit_units.h"
#include "stats_t.h"

/* Terms of every unit of level @l on side @f that covers >= 2 sizes. */
struct unit_terms {
	double *call, *page;
	size_t n;
};

/* The ids of level @l in the sweep's values of side @f, each once. */
static size_t unit_ids(const struct cmp_data *d, const struct size_sweep *w,
		       size_t m, size_t f, enum cmp_level l, unsigned int *ids,
		       size_t cap)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < w->n; i++) {
		const struct cmp_values *v = cmp_vals(d, &d->groups[w->g[i]], f, m);

		for (j = 0; j < v->n; j++) {
			unsigned int id = cmp_value_id(v, j, l);

			for (k = 0; k < n && ids[k] != id; k++)
				;
			if (k == n && n < cap)
				ids[n++] = id;
		}
	}
	return n;
}

/* Fit unit @id's samples; 1 when it covers fewer than 2 sizes. */
static int fit_unit(const struct cmp_data *d, const struct size_sweep *w,
		    size_t m, size_t f, enum cmp_level l, unsigned int id,
		    double *call, double *page)
{
	struct linfit_level lv[LINFIT_MAX_LEVELS];
	double *ys[LINFIT_MAX_LEVELS];
	struct linfit_opts o = { .alpha = 0.05, .boot = 1 };
	struct linfit fit;
	size_t i, j, k = 0, n;
	int ret = 1;

	for (i = 0; i < w->n && k < LINFIT_MAX_LEVELS; i++) {
		const struct cmp_group *g = &d->groups[w->g[i]];
		const struct cmp_values *v = cmp_vals(d, g, f, m);
		double pages = g->pages[f];

		if (!(pages > 0) || (k && !(pages > lv[k - 1].x)))
			continue;
		ys[k] = malloc((v->n ? v->n : 1) * sizeof(*ys[k]));
		if (!ys[k]) {
			ret = -1;
			goto out;
		}
		for (j = n = 0; j < v->n; j++)
			if (cmp_value_id(v, j, l) == id)
				ys[k][n++] = v->v[j] * pages;
		if (n < 2) {
			free(ys[k]);
			continue;
		}
		lv[k] = (struct linfit_level){ .x = pages, .y = ys[k], .n = n };
		k++;
	}
	if (k >= 2) {
		errno = 0;
		if (!linfit_fit(lv, k, &o, &fit)) {
			*call = fit.per_call;
			*page = fit.per_page;
			ret = 0;
		} else if (errno == ENOMEM) {
			ret = -1;
		}
	}
out:
	while (k--)
		free(ys[k]);
	return ret;
}

static int side_terms(const struct sizefit *s, size_t sw, size_t m, size_t f,
		      enum cmp_level l, struct unit_terms *t)
{
	const struct cmp_data *d = s->a->d;
	const struct size_sweep *w = &s->sw[sw];
	size_t cap = 0, i, n;
	unsigned int *ids;
	int ret = 0;

	for (i = 0; i < w->n; i++)
		cap += cmp_vals(d, &d->groups[w->g[i]], f, m)->n;
	ids = malloc((cap ? cap : 1) * sizeof(*ids));
	t->call = malloc((cap ? cap : 1) * sizeof(*t->call));
	t->page = malloc((cap ? cap : 1) * sizeof(*t->page));
	t->n = 0;
	if (!ids || !t->call || !t->page) {
		free(ids);
		return -1;
	}
	n = unit_ids(d, w, m, f, l, ids, cap);
	for (i = 0; i < n && ret >= 0; i++) {
		ret = fit_unit(d, w, m, f, l, ids[i], &t->call[t->n], &t->page[t->n]);
		if (!ret)
			t->n++;
	}
	free(ids);
	return ret < 0 ? -1 : 0;
}

static void term(const struct unit_terms *a, const struct unit_terms *b,
		 bool call, double alpha, struct linfit_term_diff *td)
{
	struct welch_side sa = { .n = a->n }, sb = { .n = b->n };
	struct welch w;

	stats_mean_var(call ? a->call : a->page, a->n, &sa.mean, &sa.var);
	stats_mean_var(call ? b->call : b->page, b->n, &sb.mean, &sb.var);
	memset(td, 0, sizeof(*td));
	if (stats_pooled_t(&sa, &sb, 0, 0, alpha, &w)) {
		/* no spread among the units: the exact difference */
		w.diff = w.lo = w.hi = sb.mean - sa.mean;
	}
	td->diff = w.diff;
	td->diff_lo = w.lo;
	td->diff_hi = w.hi;
	td->rel_ok = sa.mean > 0;
	td->rel = td->rel_ok ? w.diff / sa.mean : NAN;
	td->rel_lo = td->rel_ok ? w.lo / sa.mean : NAN;
	td->rel_hi = td->rel_ok ? w.hi / sa.mean : NAN;
	td->changed = w.lo > 0 || w.hi < 0;
}

int sizefit_units_diff(const struct sizefit *s, size_t sw, size_t m, size_t f,
		       enum cmp_level l, struct sizefit_res *r)
{
	struct unit_terms a = { 0 }, b = { 0 };
	int ret = -1;

	if (side_terms(s, sw, m, 0, l, &a) || side_terms(s, sw, m, f, l, &b))
		goto out;
	ret = 1;
	if (a.n < 2 || b.n < 2) {
		snprintf(r->why, sizeof(r->why),
			 "%zu vs %zu %s cover 2 sizes with 2 samples each: the terms cannot be compared between %s",
			 a.n, b.n, cmp_level_plural(l), cmp_level_plural(l));
		goto out;
	}
	term(&a, &b, true, s->a->o.alpha, &r->diff.call);
	term(&a, &b, false, s->a->o.alpha, &r->diff.page);
	r->units_base = a.n;
	r->units = b.n;
	r->level = l;
	ret = 0;
out:
	free(a.call);
	free(a.page);
	free(b.call);
	free(b.page);
	return ret;
}

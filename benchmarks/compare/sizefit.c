// SPDX-License-Identifier: GPL-2.0
/* compare: find the size sweeps among the groups and fit each (linfit.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/group_param.h"
#include "compare/sizefit.h"
#include "compare/sizefit_units.h"
#include "event_names.h"
#include "log.h"

size_t sizefit_size_param(const struct cmp_data *d)
{
	return cmp_param_index(d, "size_bytes");
}

static bool size_of(const struct cmp_data *d, size_t sp, size_t g, double *v)
{
	return sp < d->nr_params &&
	       csv_parse_number(d->groups[g].params[sp], v) && *v >= 1;
}

/* Does some file hold samples at two or more of the @n groups @idx? */
static bool in_one_file(const struct cmp_data *d, const size_t *idx, size_t n)
{
	size_t f, i, k;

	for (f = 0; f < d->nr_files; f++) {
		for (i = k = 0; i < n; i++)
			k += d->groups[idx[i]].nr_samples[f] >= 2;
		if (k >= 2)
			return true;
	}
	return false;
}

/*
 * The sweep of group @g0 (groups not yet @done), sorted by size; kept when
 * one file holds >= 2 of its sizes (one size per file fits nothing).  The
 * groups of a sweep follow each other (group_order.h), so the scan stops at
 * the first group of another sweep: linear in the groups, not quadratic.
 */
static int collect(struct sizefit *s, size_t g0, bool *done)
{
	const struct cmp_data *d = s->a->d;
	size_t sp = sizefit_size_param(d), g, i, n = 0;
	double *x = malloc(d->nr_groups * sizeof(*x)), v;
	size_t *idx = malloc(d->nr_groups * sizeof(*idx));
	struct size_sweep *sw;

	if (!x || !idx)
		goto oom;
	for (g = g0; g < d->nr_groups; g++) {
		/* cmp_order_size_sweeps() put the sweep's groups together */
		if (!cmp_same_except(d, g0, g, sp))
			break;
		if (done[g] || !size_of(d, sp, g, &v))
			continue;
		done[g] = true;
		for (i = n; i > 0 && x[i - 1] > v; i--) {
			x[i] = x[i - 1];
			idx[i] = idx[i - 1];
		}
		x[i] = v;
		idx[i] = g;
		n++;
	}
	free(x);
	if (n < 2 || !in_one_file(d, idx, n)) {
		free(idx);
		return 0;
	}
	sw = realloc(s->sw, (s->nr_sweeps + 1) * sizeof(*sw));
	if (!sw)
		goto oom;
	s->sw = sw;
	s->sw[s->nr_sweeps].g = idx;
	s->sw[s->nr_sweeps++].n = n;
	return 0;
oom:
	free(x);
	free(idx);
	return -1;
}

static bool fitted_metric(const struct cmp_analysis *a, size_t m)
{
	enum cmp_metric_kind k = a->d->metrics[m].kind;

	return (k == METRIC_NS_PER_PAGE || k == METRIC_EVENT) &&
	       a->metric_seen[m] && !a->metric_zero[m];
}

/*
 * The levels of (sweep, metric, file): every size with >= 2 samples and
 * known pages, the cost per sample = value per page x pages.  Returns k;
 * the y arrays are in ys[] (freed by the caller), -1 when out of memory.
 */
static long levels(const struct sizefit *s, size_t sw, size_t m, size_t f,
		   struct linfit_level *lv, size_t *lg, double **ys)
{
	const struct cmp_data *d = s->a->d;
	const struct size_sweep *w = &s->sw[sw];
	size_t i, j, k = 0;

	for (i = 0; i < w->n && k < LINFIT_MAX_LEVELS; i++) {
		const struct cmp_group *g = &d->groups[w->g[i]];
		const struct cmp_values *v = cmp_vals(d, g, f, m);
		double pages = g->pages[f];

		if (v->n < 2 || !(pages > 0))
			continue;
		/* two sizes with the same pages cannot both be fitted */
		if (k && !(pages > lv[k - 1].x))
			continue;
		ys[k] = malloc(v->n * sizeof(*ys[k]));
		if (!ys[k]) {
			while (k--)
				free(ys[k]);
			return -1;
		}
		for (j = 0; j < v->n; j++)
			ys[k][j] = v->v[j] * pages;
		lv[k] = (struct linfit_level){ .x = pages, .y = ys[k], .n = v->n };
		lg[k++] = w->g[i];
	}
	return (long)k;
}

static enum cmp_mark mark_of(const struct linfit_term_diff *t, bool higher)
{
	double dir = higher ? -t->diff : t->diff;

	if (!t->changed)
		return MARK_SAME;
	return dir < 0 ? MARK_BETTER : MARK_WORSE;
}

/*
 * The change between the base's fit and file @f's at the level the
 * per-group verdicts test (the sweep's largest group decides): samples
 * (the bootstrap of both fits), a level with >= 2 units a side (one fit
 * per unit), or "?".  -1 when out of memory.
 */
static int judge(const struct sizefit *s, size_t sw, size_t i, size_t f,
		 const struct linfit_level *lb, size_t kb,
		 const struct linfit_level *lv, size_t k,
		 const struct linfit_opts *o, struct sizefit_res *r)
{
	const struct cmp_data *d = s->a->d;
	const struct size_sweep *w = &s->sw[sw];
	const struct cmp_metric *met = &d->metrics[s->metric[i]];
	size_t j, g = w->g[0];
	enum cmp_level l;
	int ret;

	for (j = 1; j < w->n; j++)
		if (cmp_vals(d, &d->groups[w->g[j]], f, s->metric[i])->n >
		    cmp_vals(d, &d->groups[g], f, s->metric[i])->n)
			g = w->g[j];
	l = cmp_pick_level(&s->a->o, d, g, s->metric[i], f, r->why, sizeof(r->why));
	if (l == LVL_SAMPLE) {
		if (linfit_compare(lb, kb, lv, k, o, &r->diff))
			return -1;
		r->level = LVL_SAMPLE;
		ret = 0;
	} else if (l == NR_LVL) {
		ret = 1;
	} else {
		ret = sizefit_units_diff(s, sw, s->metric[i], f, l, r);
		if (ret < 0)
			return -1;
	}
	if (ret) {
		r->unknown = true;
		r->call_mark = r->page_mark = MARK_UNKNOWN;
		return 0;
	}
	r->judged = true;
	r->call_mark = mark_of(&r->diff.call, met->higher_is_better);
	r->page_mark = mark_of(&r->diff.page, met->higher_is_better);
	return 0;
}

static void free_ys(double **ys, long k)
{
	while (k-- > 0)
		free(ys[k]);
}

/* Fit (sweep, fitted metric i) in every file; -1 when out of memory. */
static int fit_all(struct sizefit *s, size_t sw, size_t i)
{
	const struct cmp_data *d = s->a->d;
	struct linfit_opts o = { .alpha = s->a->o.alpha };
	struct linfit_level lb[LINFIT_MAX_LEVELS], lv[LINFIT_MAX_LEVELS];
	double *yb[LINFIT_MAX_LEVELS] = { 0 }, *ys[LINFIT_MAX_LEVELS];
	struct sizefit_res *base = &s->r[(sw * s->nr_metrics + i) * d->nr_files];
	long kb = -1, k;
	size_t f, j;
	int ret = -1;

	for (f = 0; f < d->nr_files; f++) {
		struct sizefit_res *r = base + f;

		k = levels(s, sw, s->metric[i], f, lv, r->lg, ys);
		if (k < 0)
			goto out;
		r->state = SIZEFIT_NONE;
		for (j = 0; j < (size_t)k; j++)
			r->samples += lv[j].n;
		if (k >= 2) {
			errno = 0;
			if (!linfit_fit(lv, (size_t)k, &o, &r->fit))
				r->state = SIZEFIT_OK;
			else if (errno == ENOMEM)
				k = -k;
			else
				r->state = SIZEFIT_FAILED;
		}
		if (k >= 0 && f && r->state == SIZEFIT_OK &&
		    base->state == SIZEFIT_OK && judge(s, sw, i, f, lb, (size_t)kb,
						       lv, (size_t)k, &o, r))
			k = -k;
		if (!f) {
			/* keep the base's levels for the comparisons */
			kb = k;
			memcpy(lb, lv, sizeof(lb));
			memcpy(yb, ys, sizeof(yb));
			if (k < 0)
				goto out;
			continue;
		}
		free_ys(ys, k < 0 ? -k : k);
		if (k < 0)
			goto out;
	}
	ret = 0;
out:
	free_ys(yb, kb < 0 ? -kb : kb);
	return ret;
}

int sizefit_build(struct sizefit *s, const struct cmp_analysis *a)
{
	const struct cmp_data *d = a->d;
	bool *done = calloc(d->nr_groups + 1, sizeof(*done));
	size_t g, m, w, i;

	memset(s, 0, sizeof(*s));
	s->a = a;
	s->metric = calloc(d->nr_metrics + 1, sizeof(*s->metric));
	if (!done || !s->metric)
		goto oom;
	for (g = 0; g < d->nr_groups; g++)
		if (!done[g] && collect(s, g, done))
			goto oom;
	for (m = 0; m < d->nr_metrics; m++)
		if (fitted_metric(a, m))
			s->metric[s->nr_metrics++] = m;
	s->r = calloc(s->nr_sweeps * s->nr_metrics * d->nr_files + 1, sizeof(*s->r));
	if (!s->r)
		goto oom;
	for (w = 0; w < s->nr_sweeps; w++)
		for (i = 0; i < s->nr_metrics; i++)
			if (fit_all(s, w, i))
				goto oom;
	free(done);
	return 0;
oom:
	lmb_err("compare: out of memory fitting %zu size sweeps", s->nr_sweeps);
	free(done);
	sizefit_free(s);
	return -1;
}

void sizefit_free(struct sizefit *s)
{
	size_t w;

	for (w = 0; w < s->nr_sweeps; w++)
		free(s->sw[w].g);
	free(s->sw);
	free(s->metric);
	free(s->r);
	memset(s, 0, sizeof(*s));
}

const char *sizefit_range(char *buf, size_t cap, const struct sizefit *s,
			  size_t sw)
{
	const struct cmp_data *d = s->a->d;
	const struct size_sweep *w = &s->sw[sw];
	size_t sp = sizefit_size_param(d);
	char lo[FMT_LEN], hi[FMT_LEN];

	snprintf(buf, cap, "%s..%s",
		 fmt_param(lo, "size_bytes", d->groups[w->g[0]].params[sp]),
		 fmt_param(hi, "size_bytes", d->groups[w->g[w->n - 1]].params[sp]));
	return buf;
}

const char *sizefit_name(char *buf, size_t cap, const struct sizefit *s,
			 size_t sw)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_group *g = &d->groups[s->sw[sw].g[0]];
	size_t sp = sizefit_size_param(d), p, len;
	char v[FMT_LEN];

	snprintf(buf, cap, "%s", g->workload);
	for (p = 0; p < d->nr_params; p++) {
		len = strlen(buf);
		if (p == sp)
			sizefit_range(v, sizeof(v), s, sw);
		else
			fmt_param(v, d->param_names[p], g->params[p]);
		snprintf(buf + len, cap - len, " %s", v);
	}
	return buf;
}

double sizefit_call_scale(const struct cmp_metric *m, const char **call_unit,
			  const char **page_unit)
{
	bool time = m->kind == METRIC_NS_PER_PAGE ||
		    (m->kind == METRIC_EVENT && event_column_is_ns(m->column));

	*call_unit = time ? "us" : "";
	*page_unit = time ? "ns" : "";
	return time ? 1e-3 : 1;
}

const char *sizefit_bend(char *buf, size_t cap, const struct sizefit *s,
			 const struct sizefit_res *r)
{
	const struct cmp_data *d = s->a->d;
	size_t sp = sizefit_size_param(d), j;
	char names[LINFIT_MAX_LEVELS][FMT_LEN];
	const char *label[LINFIT_MAX_LEVELS];

	for (j = 0; j < r->fit.k; j++) {
		fmt_param(names[j], "size_bytes", d->groups[r->lg[j]].params[sp]);
		label[j] = names[j];
	}
	return linfit_bend_text(&r->fit, label, buf, cap);
}

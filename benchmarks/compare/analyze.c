// SPDX-License-Identifier: GPL-2.0
/* Per group and metric: medians, change with its interval, p-value, mark. */
#include <math.h>
#include <stdlib.h>

#include "compare/analyze.h"
#include "log.h"

static bool all_positive(const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(v[i] > 0))
			return false;
	return true;
}

/* At least two values, all equal: a side without any spread. */
static bool constant(const double *v, size_t n)
{
	size_t i;

	if (n < 2)
		return false;
	for (i = 1; i < n; i++)
		if (v[i] != v[0])
			return false;
	return true;
}

/*
 * Both sides without spread (deterministic counts): a rank test of ties
 * says nothing, the difference is exact.  Equal values are "~", any
 * difference is marked by its direction.
 */
static void judge_exact(const struct cmp_metric *met, double x, double y,
			struct cmp_result *r)
{
	double dir = y - x;

	r->judged = true;
	r->exact = true;
	r->p = NAN;
	r->additive = !(x > 0);
	r->change = x > 0 ? y / x - 1 : (dir == 0 ? 0 : NAN);
	r->median_change = x > 0 ? y / x - 1 : NAN;
	r->ci_lo = r->ci_hi = r->change;
	r->mark = MARK_SAME;
	if (met->higher_is_better)
		dir = -dir;
	if (dir < 0)
		r->mark = MARK_BETTER;
	else if (dir > 0)
		r->mark = MARK_WORSE;
}

/* A relative change of a quantity >= 0 is >= -1; NAN stays unknown. */
static double at_least_minus_one(double v)
{
	return v < -1 ? -1 : v;
}

/* Judge file @f's values @y against the base values @x. */
static int judge(const struct cmp_opts *o, const struct cmp_metric *met,
		 const struct cmp_values *x, const struct cmp_values *y,
		 const struct cmp_result *base, struct cmp_result *r)
{
	double est, lo, hi, dir, bmed = base->desc.median;
	const double *xv = x->v, *yv = y->v;
	size_t xn = x->n, yn = y->n;
	struct mwu t;
	bool ratio;
	int ret;

	r->runs_base = x->nr_runs;
	r->runs = y->nr_runs;
	r->by_runs = o->unit == UNIT_RUN ||
		     (o->unit == UNIT_AUTO && x->nr_runs >= CMP_RUNS_MIN &&
		      y->nr_runs >= CMP_RUNS_MIN);
	if (r->by_runs) {
		xv = x->run;
		xn = x->nr_runs;
		yv = y->run;
		yn = y->nr_runs;
	}
	if (constant(xv, xn) && constant(yv, yn)) {
		judge_exact(met, xv[0], yv[0], r);
		return 0;
	}
	ratio = all_positive(xv, xn) && all_positive(yv, yn);
	if (cmp_mwu(xv, xn, yv, yn, &t))
		return -1;
	ret = cmp_shift_ci(xv, xn, yv, yn, o->alpha, ratio, &est, &lo, &hi);
	if (ret < 0)
		return -1;
	r->judged = true;
	r->p = t.p;
	r->ci_none = ret == 1;
	r->median_change = bmed > 0 ? r->desc.median / bmed - 1 : NAN;
	r->additive = !ratio;
	dir = est;
	if (!ratio) {
		/* additive shift (zeros present), relative to the base median */
		est = bmed > 0 ? est / bmed : (est == 0 ? 0 : NAN);
		lo = bmed > 0 ? lo / bmed : NAN;
		hi = bmed > 0 ? hi / bmed : NAN;
	}
	/*
	 * Every metric is >= 0, so no change is below -100%; the additive
	 * interval does not know that and can reach past it.
	 */
	est = at_least_minus_one(est);
	if (!r->ci_none) {
		lo = at_least_minus_one(lo);
		hi = at_least_minus_one(hi);
	}
	r->change = est;
	r->ci_lo = lo;
	r->ci_hi = hi;
	r->few = !r->by_runs && (xn < CMP_FEW_SAMPLES || yn < CMP_FEW_SAMPLES);
	/* a CV only means something around a median above 0 */
	r->noisy = (bmed > 0 && base->desc.cv > o->max_cv) ||
		   (r->desc.median > 0 && r->desc.cv > o->max_cv);
	r->wide_ci = !r->ci_none && hi - lo > o->max_ci_width;
	r->mark = MARK_SAME;
	if (t.p < o->alpha) {
		/* direction of the estimate dual to the test; medians break a tie */
		if (dir == 0)
			dir = r->desc.median - bmed;
		if (met->higher_is_better)
			dir = -dir;
		if (dir < 0)
			r->mark = MARK_BETTER;
		else if (dir > 0)
			r->mark = MARK_WORSE;
	}
	return 0;
}

static int analyze_one(struct cmp_analysis *a, size_t g, size_t m)
{
	const struct cmp_data *d = a->d;
	const struct cmp_group *grp = &d->groups[g];
	struct cmp_result *base = &a->r[(g * d->nr_metrics + m) * d->nr_files];
	double p;
	size_t f;

	for (f = 0; f < d->nr_files; f++) {
		struct cmp_result *r = base + f;
		const struct cmp_values *v = cmp_vals(d, grp, f, m);

		if (grp->failed[f]) {
			r->state = STATE_FAILED;
			continue;
		}
		if (!grp->nr_samples[f]) {
			r->state = STATE_ABSENT;
			continue;
		}
		if (!v->n) {
			r->state = STATE_UNAVAILABLE;
			continue;
		}
		a->metric_seen[m] = true;
		if (cmp_describe(v->v, v->n, &r->desc))
			return -1;
		if (r->desc.max != 0)
			a->metric_zero[m] = false;
		r->drift_known = !cmp_trend(v->v, v->n, &r->drift_rho, &p);
		r->drift = r->drift_known && p < CMP_DRIFT_P;
		if (f && base->state == STATE_OK &&
		    judge(&a->o, &d->metrics[m], cmp_vals(d, grp, 0, m), v, base, r))
			return -1;
	}
	return 0;
}

int cmp_analyze(struct cmp_analysis *a, const struct cmp_data *d,
		const struct cmp_opts *o)
{
	size_t g, m;

	a->d = d;
	a->o = *o;
	a->r = calloc(d->nr_groups * d->nr_metrics * d->nr_files + 1, sizeof(*a->r));
	a->metric_seen = calloc(d->nr_metrics + 1, sizeof(*a->metric_seen));
	a->metric_zero = calloc(d->nr_metrics + 1, sizeof(*a->metric_zero));
	if (!a->r || !a->metric_seen || !a->metric_zero)
		goto oom;
	for (m = 0; m < d->nr_metrics; m++)
		a->metric_zero[m] = true;
	for (g = 0; g < d->nr_groups; g++)
		for (m = 0; m < d->nr_metrics; m++)
			if (analyze_one(a, g, m))
				goto oom;
	return 0;
oom:
	lmb_err("out of memory computing the statistics of %zu groups", d->nr_groups);
	cmp_analysis_free(a);
	return -1;
}

void cmp_analysis_free(struct cmp_analysis *a)
{
	free(a->r);
	free(a->metric_seen);
	free(a->metric_zero);
	a->r = NULL;
	a->metric_seen = NULL;
	a->metric_zero = NULL;
}

bool cmp_group_has_metric(const struct cmp_analysis *a, size_t g, size_t m)
{
	size_t f;

	for (f = 0; f < a->d->nr_files; f++)
		if (cmp_res(a, g, m, f)->state == STATE_OK)
			return true;
	return false;
}

size_t cmp_geomean(const struct cmp_analysis *a, size_t m, size_t f,
		   double *base, double *other)
{
	double sb = 0, so = 0;
	size_t g, n = 0;

	for (g = 0; g < a->d->nr_groups; g++) {
		const struct cmp_result *rb = cmp_res(a, g, m, 0);
		const struct cmp_result *ro = cmp_res(a, g, m, f);

		if (rb->state != STATE_OK || ro->state != STATE_OK ||
		    !(rb->desc.median > 0) || !(ro->desc.median > 0))
			continue;
		sb += log(rb->desc.median);
		so += log(ro->desc.median);
		n++;
	}
	*base = n ? exp(sb / (double)n) : NAN;
	*other = n ? exp(so / (double)n) : NAN;
	return n;
}

bool cmp_any_additive(const struct cmp_analysis *a)
{
	const struct cmp_data *d = a->d;
	size_t i;

	for (i = 0; i < d->nr_groups * d->nr_metrics * d->nr_files; i++)
		if (a->r[i].judged && a->r[i].additive)
			return true;
	return false;
}

bool cmp_thp_differs(const struct cmp_data *d, size_t g, size_t f)
{
	double x = d->groups[g].thp_frac[0], y = d->groups[g].thp_frac[f];

	return !isnan(x) && !isnan(y) && fabs(x - y) > CMP_THP_DIFF;
}

bool cmp_regression_above(const struct cmp_result *r, double pct)
{
	if (!r->judged || r->mark != MARK_WORSE)
		return false;
	/* a rise from a base median of 0 is unbounded */
	if (isnan(r->change))
		return true;
	return fabs(r->change) * 100 > pct;
}

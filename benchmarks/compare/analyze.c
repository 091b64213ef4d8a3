// SPDX-License-Identifier: GPL-2.0
/* Per group and metric: medians, change with its interval, p-value, mark. */
#include <math.h>
#include <stdlib.h>

#include "compare/analyze.h"
#include "log.h"

/*
 * Trend of the samples within their runs: Spearman's rho of each run with
 * at least CMP_TREND_MIN samples against their order, combined over the
 * runs (Stouffer: z = sum rho_i sqrt(n_i - 1) / sqrt(k)); a step between
 * runs is not drift.  False when no run is long enough.
 */
static bool trend_within_runs(const struct cmp_values *v, double *rho, double *p)
{
	double *tmp = malloc((v->n ? v->n : 1) * sizeof(*tmp)), z = 0, rs = 0;
	unsigned int *done = calloc(v->n ? v->n : 1, sizeof(*done));
	size_t i, j, k, runs = 0;

	if (!tmp || !done)
		goto out;
	for (i = 0; i < v->n; i++) {
		unsigned int id = cmp_value_id(v, i, LVL_RUN);
		double r, pr;

		if (done[i])
			continue;
		for (j = i, k = 0; j < v->n; j++) {
			if (cmp_value_id(v, j, LVL_RUN) != id)
				continue;
			done[j] = 1;
			tmp[k++] = v->v[j];
		}
		if (cmp_trend(tmp, k, &r, &pr))
			continue;
		z += r * sqrt((double)k - 1);
		rs += r;
		runs++;
	}
out:
	free(tmp);
	free(done);
	if (!runs)
		return false;
	*rho = rs / (double)runs;
	*p = erfc(fabs(z / sqrt((double)runs)) / M_SQRT2);
	return true;
}

static int analyze_one(struct cmp_analysis *a, size_t g, size_t m)
{
	const struct cmp_data *d = a->d;
	const struct cmp_group *grp = &d->groups[g];
	struct cmp_result *base = &a->r[(g * d->nr_metrics + m) * d->nr_files];
	double p;
	size_t f;
	int l;

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
		r->drift_known = trend_within_runs(v, &r->drift_rho, &p);
		r->drift = r->drift_known && p < CMP_DRIFT_P;
		for (l = LVL_SAMPLE; l < NR_LVL; l++)
			r->units[l] = l == LVL_SAMPLE ? v->n :
				      cmp_count_units(v, (enum cmp_level)l);
		r->udesc = r->desc;
		if (f && base->state == STATE_OK &&
		    cmp_verdict(&a->o, d, g, m, f, base, r))
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

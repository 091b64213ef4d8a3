// SPDX-License-Identifier: GPL-2.0
/*
 * compare's verdicts: the level tested (the highest that varies between
 * the sides with >= 2 units on each), Welch's t interval on the units'
 * mean logs (the ratio of geometric means), or at the sample level the
 * Mann-Whitney test with its Hodges-Lehmann interval; "?" with the reason
 * when a level varies with one unit on a side and no calibration covers
 * it; the exact difference of data without any spread.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/analyze.h"
#include "compare/fmt.h"
#include "compare/group_param.h"
#include "stats_t.h"

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

/* Mark by the direction @dir of the change (b - a): ~ when it is 0. */
static void mark_by_direction(const struct cmp_metric *met, double dir,
			      struct cmp_result *r)
{
	if (met->higher_is_better)
		dir = -dir;
	r->mark = dir < 0 ? MARK_BETTER : dir > 0 ? MARK_WORSE : MARK_SAME;
}

/*
 * Both sides without spread (deterministic counts): a test of ties says
 * nothing, the difference is exact.  Equal values are "~", any
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
	mark_by_direction(met, dir, r);
}

/* A relative change of a quantity >= 0 is >= -1; NAN stays unknown. */
static double at_least_minus_one(double v)
{
	return v < -1 ? -1 : v;
}

static void set_mark(const struct cmp_metric *met, double p, double alpha,
		     double dir, struct cmp_result *r)
{
	r->mark = MARK_SAME;
	if (p < alpha)
		mark_by_direction(met, dir, r);
}

/* Mann-Whitney and Hodges-Lehmann on the samples themselves. */
static int judge_samples(const struct cmp_opts *o, const struct cmp_metric *met,
			 const struct cmp_values *x, const struct cmp_values *y,
			 double bmed, struct cmp_result *r)
{
	double est, lo, hi, dir;
	bool ratio = all_positive(x->v, x->n) && all_positive(y->v, y->n);
	struct mwu t;
	int ret;

	if (cmp_mwu(x->v, x->n, y->v, y->n, &t))
		return -1;
	ret = cmp_shift_ci(x->v, x->n, y->v, y->n, o->alpha, ratio, &est, &lo, &hi);
	if (ret < 0)
		return -1;
	r->judged = true;
	r->p = t.p;
	r->ci_none = ret == 1;
	r->additive = !ratio;
	dir = est;
	if (!ratio) {
		/* additive shift (zeros present), relative to the base median */
		est = bmed > 0 ? est / bmed : (est == 0 ? 0 : NAN);
		lo = bmed > 0 ? lo / bmed : NAN;
		hi = bmed > 0 ? hi / bmed : NAN;
	}
	r->change = at_least_minus_one(est);
	r->ci_lo = r->ci_none ? lo : at_least_minus_one(lo);
	r->ci_hi = r->ci_none ? hi : at_least_minus_one(hi);
	/* direction of the estimate dual to the test; medians break a tie */
	if (dir == 0)
		dir = r->desc.median - bmed;
	set_mark(met, t.p, o->alpha, dir, r);
	return 0;
}

static void abstain(struct cmp_result *r, enum cmp_level l)
{
	r->judged = false;
	r->mark = MARK_UNKNOWN;
	r->level = l;
}

/* Unit means of one side at level @l, with their natural-scale description. */
struct side_units {
	double *m;		/* mean (log) value of each unit */
	size_t n;
	struct welch_side w;
};

static int side_units(const struct cmp_values *v, enum cmp_level l, bool ratio,
		      struct side_units *s, struct cmp_desc *desc)
{
	double *nat;
	size_t i;

	s->m = malloc((v->n ? v->n : 1) * sizeof(*s->m));
	nat = malloc((v->n ? v->n : 1) * sizeof(*nat));
	if (!s->m || !nat) {
		free(nat);
		return -1;
	}
	s->n = cmp_unit_means(v, l, ratio, s->m, NULL);
	stats_mean_var(s->m, s->n, &s->w.mean, &s->w.var);
	s->w.n = s->n;
	for (i = 0; i < s->n; i++)
		nat[i] = ratio ? exp(s->m[i]) : s->m[i];
	i = cmp_describe(nat, s->n, desc) ? 1 : 0;
	free(nat);
	return i ? -1 : 0;
}

/* Welch's t on the unit means of level @l (plus calibrated variance). */
static int judge_units(const struct cmp_opts *o, const struct cmp_metric *met,
		       const struct cmp_values *x, const struct cmp_values *y,
		       enum cmp_level l, double extra_var, double extra_df,
		       struct cmp_result *base, bool set_base, struct cmp_result *r)
{
	bool ratio = all_positive(x->v, x->n) && all_positive(y->v, y->n);
	struct side_units a = { 0 }, b = { 0 };
	struct cmp_desc bdesc;
	struct welch w;
	double scale;
	int ret = -1;

	if (side_units(x, l, ratio, &a, &bdesc) || side_units(y, l, ratio, &b, &r->udesc))
		goto out;
	if (set_base)
		base->udesc = bdesc;
	if (!ratio && extra_var > 0) {
		snprintf(r->why, sizeof(r->why),
			 "a value of 0 on a side: the calibrated (relative) variance does not apply");
		abstain(r, l);
		ret = 0;
		goto out;
	}
	if (stats_pooled_t(&a.w, &b.w, extra_var, extra_df, o->alpha, &w)) {
		/* no spread among the units of either side */
		judge_exact(met, ratio ? exp(a.w.mean) : a.w.mean,
			    ratio ? exp(b.w.mean) : b.w.mean, r);
		ret = 0;
		goto out;
	}
	r->judged = true;
	r->welch = true;
	r->additive = !ratio;
	r->p = w.p;
	r->df = w.df;
	if (ratio) {
		r->change = expm1(w.diff);
		r->ci_lo = expm1(w.lo);
		r->ci_hi = expm1(w.hi);
	} else {
		scale = a.w.mean;
		r->change = scale > 0 ? w.diff / scale : (w.diff == 0 ? 0 : NAN);
		r->ci_lo = scale > 0 ? w.lo / scale : NAN;
		r->ci_hi = scale > 0 ? w.hi / scale : NAN;
	}
	r->change = at_least_minus_one(r->change);
	r->ci_lo = at_least_minus_one(r->ci_lo);
	r->ci_hi = at_least_minus_one(r->ci_hi);
	set_mark(met, w.p, o->alpha, w.diff, r);
	ret = 0;
out:
	free(a.m);
	free(b.m);
	return ret;
}

/* The names of the only unit of level @l on each side differ (or are unknown). */
static bool differs(const struct cmp_data *d, const struct cmp_values *x,
		    const struct cmp_values *y, size_t f, enum cmp_level l)
{
	return strcmp(cmp_unit_name(d, 0, l, cmp_value_id(x, 0, l)),
		      cmp_unit_name(d, f, l, cmp_value_id(y, 0, l))) != 0;
}

/* Calibrated variance of level @l for this group and metric, or NULL. */
static const struct calib_entry *calibrated(const struct cmp_opts *o,
					    const struct cmp_data *d, size_t g,
					    size_t m, enum cmp_level l)
{
	const struct cmp_group *grp = &d->groups[g];
	size_t pm = cmp_param_index(d, "page_mode"), sz = cmp_param_index(d, "size_bytes");
	size_t th = cmp_param_index(d, "threads");
	double size, threads;

	if (!o->cal || pm >= d->nr_params || sz >= d->nr_params || th >= d->nr_params ||
	    !csv_parse_number(grp->params[sz], &size) ||
	    !csv_parse_number(grp->params[th], &threads))
		return NULL;
	return calib_find(o->cal, grp->workload, grp->params[pm],
			  (unsigned long long)size, (unsigned int)threads,
			  d->metrics[m].name, cmp_level_name(l));
}

static void add_calib(struct cmp_result *r, enum cmp_level l)
{
	size_t len = strlen(r->calib_levels);

	snprintf(r->calib_levels + len, sizeof(r->calib_levels) - len, "%s%s",
		 len ? "+" : "", cmp_level_name(l));
	r->calibrated = true;
}

/*
 * Walk the levels top down.  Returns the level to test, or NR_LVL after
 * abstaining (r->why says why); *extra gets the calibrated variance.
 */
static enum cmp_level pick_level(const struct cmp_opts *o, const struct cmp_data *d,
				 size_t g, size_t m, size_t f,
				 const struct cmp_values *x, const struct cmp_values *y,
				 double *extra, double *extra_df, struct cmp_result *r)
{
	const struct cmp_side *sa = &d->sides[0], *sb = &d->sides[f];
	char ta[FMT_LEN], tb[FMT_LEN];
	int l;

	*extra = 0;
	*extra_df = INFINITY;
	fmt_tag(ta, 0);
	fmt_tag(tb, f);
	for (l = LVL_SEED; l > LVL_SAMPLE; l--) {
		size_t nx = cmp_count_units(x, (enum cmp_level)l);
		size_t ny = cmp_count_units(y, (enum cmp_level)l);
		bool unknown = l == LVL_BOOT && (!sa->boot_known || !sb->boot_known);
		const struct calib_entry *c;

		if (o->level != CMP_LEVEL_AUTO && l > o->level) {
			r->forced = true;
			continue;
		}
		if (o->level == l && (nx < 2 || ny < 2)) {
			snprintf(r->why, sizeof(r->why), "--level %s: %zu vs %zu %s",
				 cmp_level_name((enum cmp_level)l), nx, ny,
				 cmp_level_plural((enum cmp_level)l));
			abstain(r, (enum cmp_level)l);
			return NR_LVL;
		}
		if (o->level == l)
			return (enum cmp_level)l;
		if (l == LVL_SEED && !sa->seed_present && !sb->seed_present)
			continue;
		if (!unknown && nx == 1 && ny == 1 && !differs(d, x, y, f, (enum cmp_level)l))
			continue;	/* one unit shared by both sides: no variation */
		if (!unknown && nx >= 2 && ny >= 2)
			return (enum cmp_level)l;
		c = calibrated(o, d, g, m, (enum cmp_level)l);
		if (c) {
			*extra += c->rel_var * (1.0 / (double)(unknown ? 1 : nx) +
						1.0 / (double)(unknown ? 1 : ny));
			if ((double)c->units - 1 < *extra_df)
				*extra_df = (double)c->units - 1;
			add_calib(r, (enum cmp_level)l);
			continue;
		}
		if (unknown)
			snprintf(r->why, sizeof(r->why),
				 "no boot_id in %s: boots unknown, boot-to-boot variation untested",
				 !sa->boot_known ? ta : tb);
		else if (nx == ny)
			snprintf(r->why, sizeof(r->why), "%zu %s per side: %s-to-%s variation unknown",
				 nx, cmp_level_name((enum cmp_level)l),
				 cmp_level_name((enum cmp_level)l),
				 cmp_level_name((enum cmp_level)l));
		else
			snprintf(r->why, sizeof(r->why), "%zu %s in %s, %zu in %s: %s-to-%s variation unknown",
				 nx, cmp_level_plural((enum cmp_level)l), ta, ny, tb,
				 cmp_level_name((enum cmp_level)l),
				 cmp_level_name((enum cmp_level)l));
		abstain(r, (enum cmp_level)l);
		return NR_LVL;
	}
	if (x->n < 2 || y->n < 2) {
		snprintf(r->why, sizeof(r->why), "fewer than 2 samples on a side");
		abstain(r, LVL_SAMPLE);
		return NR_LVL;
	}
	return LVL_SAMPLE;
}

enum cmp_level cmp_pick_level(const struct cmp_opts *o, const struct cmp_data *d,
			      size_t g, size_t m, size_t f, char *why, size_t cap)
{
	const struct cmp_group *grp = &d->groups[g];
	struct cmp_opts plain = *o;
	struct cmp_result r;
	double extra, extra_df;
	enum cmp_level l;

	memset(&r, 0, sizeof(r));
	plain.cal = NULL;
	l = pick_level(&plain, d, g, m, f, cmp_vals(d, grp, 0, m),
		       cmp_vals(d, grp, f, m), &extra, &extra_df, &r);
	snprintf(why, cap, "%s", r.why);
	return l;
}

int cmp_verdict(const struct cmp_opts *o, const struct cmp_data *d, size_t g,
		size_t m, size_t f, struct cmp_result *base, struct cmp_result *r)
{
	const struct cmp_group *grp = &d->groups[g];
	const struct cmp_values *x = cmp_vals(d, grp, 0, m), *y = cmp_vals(d, grp, f, m);
	const struct cmp_metric *met = &d->metrics[m];
	double bmed = base->desc.median, extra, extra_df;
	enum cmp_level l;

	r->median_change = bmed > 0 ? r->desc.median / bmed - 1 : NAN;
	r->few = x->n < CMP_FEW_SAMPLES || y->n < CMP_FEW_SAMPLES;
	r->udesc = r->desc;
	if (f == 1)
		base->udesc = base->desc;
	if (constant(x->v, x->n) && constant(y->v, y->n)) {
		r->level = LVL_SAMPLE;
		judge_exact(met, x->v[0], y->v[0], r);
		return 0;
	}
	l = pick_level(o, d, g, m, f, x, y, &extra, &extra_df, r);
	if (l == NR_LVL)
		return 0;
	r->level = l;
	if (l == LVL_SAMPLE && !r->calibrated) {
		if (judge_samples(o, met, x, y, bmed, r))
			return -1;
	} else if (judge_units(o, met, x, y, l, extra, extra_df, base, f == 1, r)) {
		return -1;
	}
	/* a CV only means something around a median above 0 */
	r->noisy = (base->udesc.median > 0 && base->udesc.cv > o->max_cv) ||
		   (r->udesc.median > 0 && r->udesc.cv > o->max_cv);
	r->wide_ci = r->judged && !r->exact && !r->ci_none &&
		     r->ci_hi - r->ci_lo > o->max_ci_width;
	return 0;
}

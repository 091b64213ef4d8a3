// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted least-squares line through a size sweep, its bootstrap
 * intervals, the lack-of-fit test and the change between two sweeps.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linfit.h"
#include "stats.h"

/* z of 1 - LINFIT_LOF_P for the Wilson-Hilferty chi^2 quantile. */
#define LOF_Z 3.090232306167813

/* splitmix64: small, good enough for resampling indices. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rng_index(uint64_t *s, size_t n)
{
	return (size_t)(rng_next(s) % n);
}

static int bad_input(void)
{
	errno = EINVAL;
	return -1;
}

static int check_levels(const struct linfit_level *lv, size_t k)
{
	size_t j, i;

	if (k < 2 || k > LINFIT_MAX_LEVELS)
		return bad_input();
	for (j = 0; j < k; j++) {
		if (lv[j].n < 2 || !lv[j].y || !isfinite(lv[j].x) ||
		    (j && !(lv[j].x > lv[j - 1].x)))
			return bad_input();
		for (i = 0; i < lv[j].n; i++)
			if (!isfinite(lv[j].y[i]))
				return bad_input();
	}
	return 0;
}

/* Variance of one size, floored so exact data still has a weight. */
static double floored_var(double var, double mean)
{
	double fl = LINFIT_REL_FLOOR * fabs(mean);

	fl = fl * fl + LINFIT_ABS_FLOOR;
	return var > fl ? var : fl;
}

/*
 * Line through the means with weights n_j / s_j^2: the same as weighting
 * every sample by 1 / s_j^2 (the spread within a size does not depend on
 * the line).  Centred sums keep large x well conditioned.
 */
static void wls(const double *x, const double *mean, const double *w,
		size_t k, double *a, double *b)
{
	double sw = 0, xb = 0, yb = 0, sxx = 0, sxy = 0;
	size_t j;

	for (j = 0; j < k; j++) {
		sw += w[j];
		xb += w[j] * x[j];
		yb += w[j] * mean[j];
	}
	xb /= sw;
	yb /= sw;
	for (j = 0; j < k; j++) {
		sxx += w[j] * (x[j] - xb) * (x[j] - xb);
		sxy += w[j] * (x[j] - xb) * (mean[j] - yb);
	}
	*b = sxy / sxx;
	*a = yb - *b * xb;
}

/* Mean and floored variance of v[0..n). */
static void level_stats(const double *v, size_t n, double *mean, double *var)
{
	double sd = stats_stddev(v, n);

	*mean = stats_mean(v, n);
	*var = floored_var(sd * sd, *mean);
}

struct work {
	double x[LINFIT_MAX_LEVELS], mean[LINFIT_MAX_LEVELS];
	double var[LINFIT_MAX_LEVELS], w[LINFIT_MAX_LEVELS];
	double *buf;		/* one resample of the largest size */
};

static void fit_means(struct work *wk, const struct linfit_level *lv, size_t k,
		      double *a, double *b)
{
	size_t j;

	for (j = 0; j < k; j++) {
		wk->x[j] = lv[j].x;
		wk->w[j] = (double)lv[j].n / wk->var[j];
	}
	wls(wk->x, wk->mean, wk->w, k, a, b);
}

/* B replicates of (per_call, per_page) into pc[], pp[]. */
static void bootstrap(struct work *wk, const struct linfit_level *lv, size_t k,
		      unsigned int boot, uint64_t seed, double *pc, double *pp)
{
	uint64_t s = seed;
	unsigned int r;
	size_t j, i;

	for (r = 0; r < boot; r++) {
		for (j = 0; j < k; j++) {
			double m = stats_mean(lv[j].y, lv[j].n);
			/* a resample's variance is (n-1)/n of the sample's */
			double c = sqrt((double)lv[j].n / ((double)lv[j].n - 1));

			for (i = 0; i < lv[j].n; i++)
				wk->buf[i] = m + c * (lv[j].y[rng_index(&s, lv[j].n)] - m);
			level_stats(wk->buf, lv[j].n, &wk->mean[j], &wk->var[j]);
		}
		fit_means(wk, lv, k, &pc[r], &pp[r]);
	}
}

static unsigned int nr_boot(const struct linfit_opts *o)
{
	return o && o->boot ? o->boot : LINFIT_BOOT;
}

static double alpha_of(const struct linfit_opts *o)
{
	return o && o->alpha > 0 && o->alpha < 1 ? o->alpha : 0.05;
}

static uint64_t seed_of(const struct linfit_opts *o)
{
	return o && o->seed ? o->seed : LINFIT_SEED;
}

static void interval(double *v, size_t n, double alpha, double *lo, double *hi)
{
	*lo = stats_quantile(v, n, alpha / 2);
	*hi = stats_quantile(v, n, 1 - alpha / 2);
}

/* Residuals and the lack-of-fit test of the point fit in @wk. */
static void shape(struct linfit *f, const struct work *wk,
		  const struct linfit_level *lv)
{
	double lof = 0, df, h;
	size_t j;

	f->worst = 0;
	for (j = 0; j < f->k; j++) {
		double fit = f->per_call + f->per_page * lv[j].x;
		double d = wk->mean[j] - fit;

		f->x[j] = lv[j].x;
		f->mean[j] = wk->mean[j];
		if (fit != 0)
			f->resid[j] = d / fit;
		else
			f->resid[j] = d == 0 ? 0 : copysign(INFINITY, d);
		/* a line near 0 where the counts are not: say "1000%", not 1e13 */
		if (fabs(f->resid[j]) > LINFIT_RESID_MAX)
			f->resid[j] = copysign(LINFIT_RESID_MAX, f->resid[j]);
		lof += (double)lv[j].n * d * d / wk->var[j];
		if (fabs(f->resid[j]) > fabs(f->resid[f->worst]))
			f->worst = j;
	}
	f->checked = f->k >= 3;
	if (!f->checked)
		return;
	df = (double)f->k - 2;
	h = 2 / (9 * df);
	f->lof = lof;
	f->lof_crit = df * pow(1 - h + LOF_Z * sqrt(h), 3);
	f->bends = lof > f->lof_crit &&
		   fabs(f->resid[f->worst]) > LINFIT_BEND_MIN;
}

static int work_init(struct work *wk, const struct linfit_level *lv, size_t k)
{
	size_t j, max = 0;

	for (j = 0; j < k; j++)
		max = lv[j].n > max ? lv[j].n : max;
	wk->buf = malloc(max * sizeof(*wk->buf));
	if (!wk->buf) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Point fit, shape and the replicates pc[], pp[] (boot of each). */
static int fit_boot(const struct linfit_level *lv, size_t k,
		    const struct linfit_opts *o, uint64_t seed,
		    struct linfit *out, double *pc, double *pp)
{
	struct work wk;
	bool exact = true;
	size_t j;

	if (check_levels(lv, k) || work_init(&wk, lv, k))
		return -1;
	memset(out, 0, sizeof(*out));
	out->k = k;
	for (j = 0; j < k; j++) {
		double sd = stats_stddev(lv[j].y, lv[j].n);

		exact &= sd == 0;
		level_stats(lv[j].y, lv[j].n, &wk.mean[j], &wk.var[j]);
	}
	fit_means(&wk, lv, k, &out->per_call, &out->per_page);
	out->exact = exact;
	shape(out, &wk, lv);
	bootstrap(&wk, lv, k, nr_boot(o), seed, pc, pp);
	free(wk.buf);
	if (!isfinite(out->per_call) || !isfinite(out->per_page))
		return bad_input();
	return 0;
}

int linfit_fit(const struct linfit_level *lv, size_t k,
	       const struct linfit_opts *o, struct linfit *out)
{
	unsigned int boot = nr_boot(o);
	double *pc = malloc(boot * sizeof(*pc)), *pp = malloc(boot * sizeof(*pp));
	double alpha = alpha_of(o);
	int ret = -1;

	if (!pc || !pp) {
		errno = ENOMEM;
		goto out;
	}
	if (fit_boot(lv, k, o, seed_of(o), out, pc, pp))
		goto out;
	interval(pc, boot, alpha, &out->call_lo, &out->call_hi);
	interval(pp, boot, alpha, &out->page_lo, &out->page_hi);
	ret = 0;
out:
	free(pc);
	free(pp);
	return ret;
}

/* Change of one term from replicates ra[] to rb[] (paired by index). */
static int term_diff(double a, double b, const double *ra, const double *rb,
		     unsigned int boot, double alpha, struct linfit_term_diff *t)
{
	double *v = malloc(boot * sizeof(*v));
	unsigned int r;

	if (!v) {
		errno = ENOMEM;
		return -1;
	}
	t->diff = b - a;
	for (r = 0; r < boot; r++)
		v[r] = rb[r] - ra[r];
	interval(v, boot, alpha, &t->diff_lo, &t->diff_hi);
	t->rel_ok = a > 0;
	for (r = 0; r < boot && t->rel_ok; r++) {
		t->rel_ok = ra[r] > 0;
		v[r] = rb[r] / ra[r] - 1;
	}
	if (t->rel_ok) {
		t->rel = b / a - 1;
		interval(v, boot, alpha, &t->rel_lo, &t->rel_hi);
	} else {
		t->rel = t->rel_lo = t->rel_hi = NAN;
	}
	/* B - A > 0 exactly when B / A - 1 > 0 in every replicate with A > 0 */
	t->changed = t->diff_lo > 0 || t->diff_hi < 0;
	free(v);
	return 0;
}

int linfit_compare(const struct linfit_level *a, size_t ka,
		   const struct linfit_level *b, size_t kb,
		   const struct linfit_opts *o, struct linfit_diff *out)
{
	unsigned int boot = nr_boot(o);
	double *r = malloc(4 * (size_t)boot * sizeof(*r));
	double alpha = alpha_of(o);
	struct linfit fa, fb;
	int ret = -1;

	if (!r) {
		errno = ENOMEM;
		return -1;
	}
	/* independent resampling: B's stream starts elsewhere */
	if (fit_boot(a, ka, o, seed_of(o), &fa, r, r + boot) ||
	    fit_boot(b, kb, o, rng_next(&(uint64_t){ seed_of(o) ^ 0xb }), &fb,
		     r + 2 * boot, r + 3 * boot))
		goto out;
	if (term_diff(fa.per_call, fb.per_call, r, r + 2 * boot, boot, alpha,
		      &out->call) ||
	    term_diff(fa.per_page, fb.per_page, r + boot, r + 3 * boot, boot,
		      alpha, &out->page))
		goto out;
	ret = 0;
out:
	free(r);
	return ret;
}

static size_t list_sign(char *buf, size_t cap, size_t len,
			const struct linfit *f, const char *const *label,
			double min, int sign, const char *head)
{
	size_t j, cnt = 0, total = 0;

	for (j = 0; j < f->k; j++)
		total += fabs(f->resid[j]) >= min && f->resid[j] * sign > 0;
	for (j = 0; j < f->k && len < cap; j++) {
		if (!(fabs(f->resid[j]) >= min && f->resid[j] * sign > 0))
			continue;
		cnt++;
		len += (size_t)snprintf(buf + len, cap - len, "%s %s (%+.1f%%)",
					cnt == 1 ? head : cnt == total ? " and" : ",",
					label[j], 100 * f->resid[j]);
	}
	return len;
}

const char *linfit_bend_text(const struct linfit *f, const char *const *label,
			     char *buf, size_t cap)
{
	double min = fmax(fabs(f->resid[f->worst]) / 5, LINFIT_BEND_MIN / 4);
	size_t len, j, last = f->k - 1;
	bool ends_up, ends_down, mid_up = false, mid_down = false;

	if (!cap)
		return buf;
	buf[0] = 0;
	if (!f->bends)
		return buf;
	len = list_sign(buf, cap, 0, f, label, min, 1, "above the line at");
	if (len < cap) {
		char tmp[256] = "";
		size_t n = list_sign(tmp, sizeof(tmp), 0, f, label, min, -1,
				     "below at");

		if (n)
			len += (size_t)snprintf(buf + len, cap - len, "%s%s",
						len ? ", " : "", tmp);
	}
	for (j = 1; j < last; j++) {
		mid_up |= f->resid[j] > 0;
		mid_down |= f->resid[j] < 0;
	}
	ends_up = f->resid[0] > 0 && f->resid[last] > 0;
	ends_down = f->resid[0] < 0 && f->resid[last] < 0;
	if (len < cap && ends_up && mid_down)
		snprintf(buf + len, cap - len,
			 ": the cost of a further page grows with the size (the curve bends up)");
	else if (len < cap && ends_down && mid_up)
		snprintf(buf + len, cap - len,
			 ": the cost of a further page falls with the size (the curve bends down)");
	else if (len < cap)
		snprintf(buf + len, cap - len,
			 ": the means scatter about the line, no single bend");
	return buf;
}

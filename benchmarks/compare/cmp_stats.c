// SPDX-License-Identifier: GPL-2.0
/*
 * Mann-Whitney U test and the Hodges-Lehmann interval that inverts it.
 *
 * The interval and the test are dual: the (1 - alpha) interval excludes a
 * shift of 0 exactly when the test rejects at level alpha (up to ties at 0),
 * so the "significant" mark and the printed interval never disagree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/cmp_stats.h"
#include "stats.h"

static double *sorted_copy(const double *v, size_t n)
{
	double *c = malloc((n ? n : 1) * sizeof(*c));

	if (!c)
		return NULL;
	memcpy(c, v, n * sizeof(*c));
	stats_sort(c, n);
	return c;
}

double cmp_norm_quantile(double p)
{
	double lo = -40, hi = 40;
	int i;

	if (p <= 0)
		return -INFINITY;
	if (p >= 1)
		return INFINITY;
	for (i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (0.5 * erfc(-mid / M_SQRT2) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/*
 * Null distribution of U for sizes n, m without ties: the coefficients of
 * the Gaussian binomial [n+m choose n]_q (Harding 1984), as probabilities.
 */
static double *mwu_dist(size_t n, size_t m)
{
	size_t k = n < m ? n : m, big = n < m ? m : n, top = n * m, i, j;
	double *c = calloc(top + 1, sizeof(*c)), total = 0;

	if (!c)
		return NULL;
	c[0] = 1;
	for (i = 1; i <= k; i++) {
		for (j = top; j >= big + i && j <= top; j--)
			c[j] -= c[j - big - i];
		for (j = i; j <= top; j++)
			c[j] += c[j - i];
	}
	for (j = 0; j <= top; j++)
		total += c[j];
	for (j = 0; j <= top; j++)
		c[j] /= total;
	return c;
}

double cmp_mwu_cdf(size_t n, size_t m, double k)
{
	double *d, s = 0;
	size_t j;

	if (k < 0)
		return 0;
	if (k >= (double)(n * m))
		return 1;
	d = mwu_dist(n, m);
	if (!d)
		return NAN;
	for (j = 0; (double)j <= k; j++)
		s += d[j];
	free(d);
	return s > 1 ? 1 : s;
}

/* Midranks of the pooled sample; returns U of y and the tie term sum(t^3 - t). */
static void rank_u(const double *xs, size_t n, const double *ys, size_t m,
		   double *u, double *ties)
{
	size_t i = 0, j = 0, rank = 0;
	double ry = 0;

	*ties = 0;
	while (i < n || j < m) {
		double v = i < n && (j >= m || xs[i] <= ys[j]) ? xs[i] : ys[j];
		size_t cx = 0, cy = 0, t;

		while (i < n && xs[i] == v) {
			i++;
			cx++;
		}
		while (j < m && ys[j] == v) {
			j++;
			cy++;
		}
		t = cx + cy;
		/* ranks rank+1 .. rank+t, midrank = rank + (t + 1) / 2 */
		ry += (double)cy * ((double)rank + ((double)t + 1) / 2);
		*ties += (double)t * (double)t * (double)t - (double)t;
		rank += t;
	}
	*u = ry - (double)m * ((double)m + 1) / 2;
}

/* Standard deviation of U under H0, with the tie correction. */
static double u_sigma(size_t n, size_t m, double ties)
{
	double nn = (double)(n + m);

	return sqrt((double)n * (double)m / 12 *
		    ((nn + 1) - ties / (nn * (nn - 1))));
}

int cmp_mwu(const double *x, size_t n, const double *y, size_t m, struct mwu *r)
{
	double *xs = sorted_copy(x, n), *ys = sorted_copy(y, m), ties, mu;

	if (!xs || !ys) {
		free(xs);
		free(ys);
		return -1;
	}
	rank_u(xs, n, ys, m, &r->u, &ties);
	free(xs);
	free(ys);
	mu = (double)n * (double)m / 2;
	r->exact = ties == 0 && n <= CMP_EXACT_MAX && m <= CMP_EXACT_MAX;
	if (r->exact) {
		double lo = r->u <= mu ? r->u : (double)(n * m) - r->u;
		double p = cmp_mwu_cdf(n, m, lo);

		if (isnan(p))
			return -1;
		r->p = 2 * p > 1 ? 1 : 2 * p;
	} else {
		double sigma = u_sigma(n, m, ties), z;

		if (!(sigma > 0)) {
			r->p = 1;	/* every value tied: no evidence at all */
			return 0;
		}
		z = (fabs(r->u - mu) - 0.5) / sigma;
		r->p = z <= 0 ? 1 : erfc(z / M_SQRT2);
	}
	return 0;
}

/* Number of pairs with ys[j] - xs[i] <= d; xs, ys sorted ascending. */
static double count_le(const double *xs, size_t n, const double *ys, size_t m,
		       double d)
{
	double cnt = 0;
	size_t i = 0, j;

	/* ys[j] - xs[i] falls with i and grows with j: i only moves forward */
	for (j = 0; j < m; j++) {
		while (i < n && ys[j] - xs[i] > d)
			i++;
		cnt += (double)(n - i);
	}
	return cnt;
}

/*
 * The smallest difference ys[j] - xs[i] above @lo (at most @hi): the exact
 * order statistic once bisection has narrowed (lo, hi] around it.
 */
static double snap_above(const double *xs, size_t n, const double *ys, size_t m,
			 double lo, double hi)
{
	double best = hi;
	size_t i = 0, j;

	/* for each j the last i with ys[j] - xs[i] > lo gives its smallest one */
	for (j = 0; j < m; j++) {
		while (i < n && ys[j] - xs[i] > lo)
			i++;
		if (i && ys[j] - xs[i - 1] < best)
			best = ys[j] - xs[i - 1];
	}
	return best;
}

/* k-th smallest (1-based) of the n*m differences ys[j] - xs[i], by bisection. */
static double kth_diff(const double *xs, size_t n, const double *ys, size_t m,
		       double k)
{
	double lo = ys[0] - xs[n - 1], hi = ys[m - 1] - xs[0];
	int i;

	if (count_le(xs, n, ys, m, lo) >= k)
		return lo;
	/* invariant: count_le(lo) < k <= count_le(hi) */
	for (i = 0; i < 200 && hi - lo > 1e-13 * (fabs(lo) + fabs(hi)); i++) {
		double mid = lo + (hi - lo) / 2;

		if (mid <= lo || mid >= hi)
			break;
		if (count_le(xs, n, ys, m, mid) >= k)
			hi = mid;
		else
			lo = mid;
	}
	return snap_above(xs, n, ys, m, lo, hi);
}

/* Largest c with P(U <= c) <= alpha/2, or -1 when none. */
static double critical_u(size_t n, size_t m, const double *xs, const double *ys,
			 double alpha)
{
	double u, ties, c;

	rank_u(xs, n, ys, m, &u, &ties);
	if (ties == 0 && n <= CMP_EXACT_MAX && m <= CMP_EXACT_MAX) {
		double *d = mwu_dist(n, m), s = 0;
		size_t j;

		if (!d)
			return NAN;
		for (j = 0; j <= n * m && s + d[j] <= alpha / 2 * (1 + 1e-9); j++)
			s += d[j];
		free(d);
		return (double)j - 1;
	}
	c = floor((double)n * (double)m / 2 -
		  cmp_norm_quantile(1 - alpha / 2) * u_sigma(n, m, ties) - 0.5);
	return c < 0 ? -1 : c;
}

int cmp_shift_ci(const double *x, size_t n, const double *y, size_t m,
		 double alpha, bool ratio, double *est, double *lo, double *hi)
{
	double *xs = sorted_copy(x, n), *ys = sorted_copy(y, m), c, nm;
	size_t i;
	int ret = 0;

	if (!xs || !ys) {
		ret = -1;
		goto out;
	}
	if (ratio) {
		for (i = 0; i < n; i++)
			xs[i] = log(xs[i]);
		for (i = 0; i < m; i++)
			ys[i] = log(ys[i]);
	}
	nm = (double)n * (double)m;
	*est = kth_diff(xs, n, ys, m, floor((nm + 1) / 2));
	if (fmod(nm, 2) == 0)
		*est = (*est + kth_diff(xs, n, ys, m, nm / 2 + 1)) / 2;
	c = critical_u(n, m, xs, ys, alpha);
	if (isnan(c)) {
		ret = -1;
		goto out;
	}
	if (c < 0) {
		*lo = -INFINITY;
		*hi = INFINITY;
		ret = 1;
	} else {
		*lo = kth_diff(xs, n, ys, m, c + 1);
		*hi = kth_diff(xs, n, ys, m, nm - c);
	}
	if (ratio) {
		*est = expm1(*est);
		*lo = expm1(*lo);
		*hi = expm1(*hi);
	}
out:
	free(xs);
	free(ys);
	return ret;
}

int cmp_describe(const double *v, size_t n, struct cmp_desc *d)
{
	double *s = sorted_copy(v, n), inv = 0;
	size_t i;

	if (!s)
		return -1;
	d->n = n;
	d->min = n ? s[0] : NAN;
	d->max = n ? s[n - 1] : NAN;
	d->q1 = stats_quantile(s, n, 0.25);
	d->median = stats_quantile(s, n, 0.5);
	d->q3 = stats_quantile(s, n, 0.75);
	d->mean = stats_mean(s, n);
	d->stddev = stats_stddev(s, n);
	d->cv = d->mean > 0 ? d->stddev / d->mean : NAN;
	for (i = 0; i < n && s[i] > 0; i++)
		inv += 1 / s[i];
	d->hmean = n && i == n ? (double)n / inv : NAN;
	free(s);
	return 0;
}

struct ranked {
	double v;
	size_t i;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return (x->v > y->v) - (x->v < y->v);
}

int cmp_trend(const double *v, size_t n, double *rho, double *p)
{
	struct ranked *r;
	double *rank, mean = ((double)n + 1) / 2, sxy = 0, sxx = 0, syy = 0;
	size_t i, j;

	if (n < CMP_TREND_MIN)
		return -1;
	r = malloc(n * sizeof(*r));
	rank = malloc(n * sizeof(*rank));
	if (!r || !rank) {
		free(r);
		free(rank);
		return -1;
	}
	for (i = 0; i < n; i++) {
		r[i].v = v[i];
		r[i].i = i;
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (i = 0; i < n;) {
		double mid;	/* ranks i+1 .. j share their mean */

		for (j = i; j < n && r[j].v == r[i].v; j++)
			;
		mid = ((double)(i + j) + 1) / 2;
		for (; i < j; i++)
			rank[r[i].i] = mid;
	}
	for (i = 0; i < n; i++) {
		double dx = (double)i + 1 - mean, dy = rank[i] - mean;

		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	free(r);
	free(rank);
	*rho = syy > 0 ? sxy / sqrt(sxx * syy) : 0;
	*p = erfc(fabs(*rho) * sqrt((double)n - 1) / M_SQRT2);
	return 0;
}

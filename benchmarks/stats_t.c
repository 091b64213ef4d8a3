// SPDX-License-Identifier: GPL-2.0
/*
 * Student's t: the CDF from the regularised incomplete beta function
 * (continued fraction, modified Lentz), the quantile by bisection; and
 * Welch's interval of a difference of two means.
 */
#include <math.h>

#include "stats_t.h"

/* Continued fraction of the incomplete beta I_x(a, b), x < (a+1)/(a+b+2). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	d = fabs(d) < tiny ? tiny : d;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, num, del;

		num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + num * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + num * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

/* Regularised incomplete beta function I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) +
		    a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double stats_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 1 : 0;
	tail = 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
	return t > 0 ? 1 - tail : tail;
}

double stats_t_quantile(double p, double df)
{
	double lo = -1, hi = 1;
	int i;

	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	while (stats_t_cdf(lo, df) > p)
		lo *= 2;
	while (stats_t_cdf(hi, df) < p)
		hi *= 2;
	for (i = 0; i < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); i++) {
		double mid = (lo + hi) / 2;

		if (stats_t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

void stats_mean_var(const double *v, size_t n, double *mean, double *var)
{
	double s = 0, ss = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	*mean = n ? s / (double)n : NAN;
	for (i = 0; i < n; i++)
		ss += (v[i] - *mean) * (v[i] - *mean);
	*var = n > 1 ? ss / (double)(n - 1) : NAN;
}

/*
 * The interval and p of b - a from its squared standard error @se2 and the
 * Welch-Satterthwaite denominator @den (df = se2^2 / den).
 */
static void t_finish(const struct welch_side *a, const struct welch_side *b,
		     double se2, double den, double alpha, struct welch *out)
{
	double q;

	out->diff = b->mean - a->mean;
	out->se = sqrt(se2);
	out->df = se2 * se2 / den;
	q = stats_t_quantile(1 - alpha / 2, out->df);
	out->lo = out->diff - q * out->se;
	out->hi = out->diff + q * out->se;
	out->p = 2 * stats_t_cdf(-fabs(out->diff) / out->se, out->df);
}

int stats_welch(const struct welch_side *a, const struct welch_side *b,
		double extra_var, double extra_df, double alpha, struct welch *out)
{
	double va, vb, se2, den;

	if (a->n < 2 || b->n < 2)
		return -1;
	va = a->var / (double)a->n;
	vb = b->var / (double)b->n;
	se2 = va + vb + (extra_var > 0 ? extra_var : 0);
	if (!(se2 > 0))
		return -1;
	den = va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1);
	if (extra_var > 0)
		den += extra_var * extra_var / (extra_df >= 1 ? extra_df : 1);
	t_finish(a, b, se2, den, alpha, out);
	return 0;
}

int stats_pooled_t(const struct welch_side *a, const struct welch_side *b,
		   double extra_var, double extra_df, double alpha,
		   struct welch *out)
{
	double na = (double)a->n, nb = (double)b->n, dfp, sp2, vp, se2, den;

	if (a->n < 2 || b->n < 2)
		return -1;
	dfp = na + nb - 2;
	sp2 = ((na - 1) * a->var + (nb - 1) * b->var) / dfp;
	vp = sp2 * (1 / na + 1 / nb);
	se2 = vp + (extra_var > 0 ? extra_var : 0);
	if (!(se2 > 0))
		return -1;
	den = vp * vp / dfp;
	if (extra_var > 0)
		den += extra_var * extra_var / (extra_df >= 1 ? extra_df : 1);
	t_finish(a, b, se2, den, alpha, out);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Order statistics shared by the run summary and compare. */
#include <math.h>
#include <stdlib.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_quantile(double *v, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	if (q <= 0)
		return v[0];
	if (q >= 1)
		return v[n - 1];
	h = (double)(n - 1) * q;
	i = (size_t)h;
	lo = v[i];
	if (i + 1 >= n)
		return lo;
	return lo + (h - (double)i) * (v[i + 1] - lo);
}

double stats_median(double *v, size_t n)
{
	return stats_quantile(v, n, 0.5);
}

double stats_mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

double stats_stddev(const double *v, size_t n)
{
	double m, s = 0;
	size_t i;

	if (n < 2)
		return NAN;
	m = stats_mean(v, n);
	for (i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	return sqrt(s / (double)(n - 1));
}

// SPDX-License-Identifier: GPL-2.0
/* Order statistics shared by the run summary and compare. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A double's bits, mapped so that unsigned order is numeric order. */
static uint64_t sort_key(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u >> 63 ? ~u : u | 1ULL << 63;
}

#define RADIX_BITS	11
#define RADIX_PASSES	6	/* 6 * 11 >= 64 */
#define RADIX_MIN	256	/* below this, qsort */

/* LSD radix sort: O(n), where qsort's n log n comparisons dominate compare. */
static bool radix_sort(double *v, size_t n)
{
	size_t (*count)[1 << RADIX_BITS] = calloc(RADIX_PASSES, sizeof(*count));
	double *tmp = malloc(n * sizeof(*tmp)), *src = v, *dst = tmp, *swap;
	size_t i, sum, c;
	int p;

	if (!count || !tmp) {
		free(count);
		free(tmp);
		return false;
	}
	for (i = 0; i < n; i++)
		for (p = 0; p < RADIX_PASSES; p++)
			count[p][(sort_key(v[i]) >> (p * RADIX_BITS)) &
				 ((1 << RADIX_BITS) - 1)]++;
	for (p = 0; p < RADIX_PASSES; p++) {
		for (c = 0, sum = 0; c < 1 << RADIX_BITS; c++) {
			size_t k = count[p][c];

			count[p][c] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			dst[count[p][(sort_key(src[i]) >> (p * RADIX_BITS)) &
				     ((1 << RADIX_BITS) - 1)]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	/* an even number of passes leaves the result in v */
	free(tmp);
	free(count);
	return true;
}

void stats_sort(double *v, size_t n)
{
	if (n < RADIX_MIN || !radix_sort(v, n))
		qsort(v, n, sizeof(*v), cmp_double);
}

double stats_quantile(double *v, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (!n)
		return NAN;
	stats_sort(v, n);
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

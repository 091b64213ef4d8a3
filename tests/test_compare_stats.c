// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics of compare: the Mann-Whitney null distribution against values
 * known from tables, the Hodges-Lehmann interval against a hand-worked
 * example, and simulated error rates: false positives at most alpha, and a
 * known shift inside its interval at least 1 - alpha of the time.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "compare/cmp_stats.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

/* xorshift64*: a fixed-seed generator, so the simulations never flake. */
static uint64_t rng_state = 88172645463325252ULL;

TEST(exact_distribution_small)
{
	/* n = m = 3: frequencies 1 1 2 3 3 3 3 2 1 1 of 20 */
	static const int freq[] = { 1, 1, 2, 3, 3, 3, 3, 2, 1, 1 };
	double cum = 0;
	int u;

	for (u = 0; u < 10; u++) {
		cum += freq[u];
		ASSERT_LT(fabs(cmp_mwu_cdf(3, 3, u) - cum / 20), 1e-12);
	}
	ASSERT_EQ(0, cmp_mwu_cdf(3, 3, -1));
	ASSERT_EQ(1, cmp_mwu_cdf(3, 3, 9));
}

TEST(exact_critical_value_table)
{
	/* Tables: two-sided 5% critical U for n = m = 10 is 23, for 20/20 is 127. */
	ASSERT_LE(2 * cmp_mwu_cdf(10, 10, 23), 0.05);
	ASSERT_GT(2 * cmp_mwu_cdf(10, 10, 24), 0.05);
	ASSERT_LE(2 * cmp_mwu_cdf(20, 20, 127), 0.05);
	ASSERT_GT(2 * cmp_mwu_cdf(20, 20, 128), 0.05);
	/* asymmetric sizes: n = 5, m = 8 critical value 6 */
	ASSERT_LE(2 * cmp_mwu_cdf(5, 8, 6), 0.05);
	ASSERT_GT(2 * cmp_mwu_cdf(5, 8, 7), 0.05);
	ASSERT_EQ(cmp_mwu_cdf(5, 8, 6), cmp_mwu_cdf(8, 5, 6));
}

TEST(mwu_separated_samples)
{
	double x[] = { 1, 2, 3, 4, 5 }, y[] = { 6, 7, 8, 9, 10 };
	struct mwu r;

	ASSERT_EQ(0, cmp_mwu(x, 5, y, 5, &r));
	ASSERT_TRUE(r.exact);
	ASSERT_EQ(25, r.u);
	/* both extremes of C(10,5) = 252 orderings */
	ASSERT_LT(fabs(r.p - 2.0 / 252), 1e-12);
	ASSERT_EQ(0, cmp_mwu(y, 5, x, 5, &r));
	ASSERT_EQ(0, r.u);
	ASSERT_LT(fabs(r.p - 2.0 / 252), 1e-12);
}

TEST(mwu_ties_use_normal_approximation)
{
	double x[] = { 1, 1, 1, 1 }, y[] = { 1, 1, 1 };
	double a[] = { 1, 2, 2, 3, 4, 5, 5, 6, 7, 8 };
	double b[] = { 2, 3, 5, 6, 6, 7, 8, 9, 9, 10 };
	struct mwu r;

	/* everything tied: no evidence, p = 1 (no division by zero) */
	ASSERT_EQ(0, cmp_mwu(x, 4, y, 3, &r));
	ASSERT_FALSE(r.exact);
	ASSERT_EQ(1, r.p);
	/* U from midranks: b above a in 70 pairs, 9 ties count half */
	ASSERT_EQ(0, cmp_mwu(a, 10, b, 10, &r));
	ASSERT_FALSE(r.exact);
	ASSERT_LT(fabs(r.u - 74.5), 1e-9);
	/* tie term sum(t^3 - t) = 96: sigma = sqrt(100/12 * (21 - 96/380)) */
	ASSERT_LT(fabs(r.p - 0.0679645807), 1e-8);
}

TEST(mwu_exact_and_normal_agree_for_larger_n)
{
	double x[40], y[40], sigma, pn;
	struct mwu ex;
	int i;

	for (i = 0; i < 40; i++) {
		x[i] = 100 + lmb_test_gauss(&rng_state);
		y[i] = 100.4 + lmb_test_gauss(&rng_state);
	}
	ASSERT_EQ(0, cmp_mwu(x, 40, y, 40, &ex));
	ASSERT_TRUE(ex.exact);
	/* the normal approximation with continuity correction, by hand */
	sigma = sqrt(40.0 * 40 * 81 / 12);
	pn = erfc((fabs(ex.u - 800) - 0.5) / sigma / M_SQRT2);
	TH_LOG("U %g exact p %g normal p %g", ex.u, ex.p, pn);
	ASSERT_LT(fabs(ex.p - pn), 0.01);
	ASSERT_LT(ex.p, 1);
}

TEST(hodges_lehmann_worked_example)
{
	double x[] = { 1, 2, 3 }, y[] = { 4, 5, 6 }, est, lo, hi;

	/* pairwise y - x: 1 2 2 3 3 3 4 4 5, median 3 */
	ASSERT_EQ(1, cmp_shift_ci(x, 3, y, 3, 0.05, false, &est, &lo, &hi));
	ASSERT_EQ(3, est);
	ASSERT_TRUE(isinf(lo) && lo < 0);
	ASSERT_TRUE(isinf(hi) && hi > 0);
	/* alpha 0.2: P(U <= 1) = 0.1, so the interval is [d(2), d(8)] = [2, 4] */
	ASSERT_EQ(0, cmp_shift_ci(x, 3, y, 3, 0.2, false, &est, &lo, &hi));
	ASSERT_EQ(2, lo);
	ASSERT_EQ(4, hi);
}

TEST(hodges_lehmann_ratio)
{
	double x[] = { 10, 11, 12, 13 }, y[] = { 20, 22, 24, 26 }, est, lo, hi;

	/* y is exactly 2x: the ratio estimate is +100% */
	ASSERT_EQ(0, cmp_shift_ci(x, 4, y, 4, 0.2, true, &est, &lo, &hi));
	ASSERT_LT(fabs(est - 1), 0.08);
	ASSERT_LE(lo, est);
	ASSERT_GE(hi, est);
	ASSERT_GT(lo, 0.5);
}

/*
 * Simulation: 1000 A/A comparisons of n = 10 against 10 must be marked
 * significant at most about 5% of the time, and the 95% interval of a 5%
 * shift must contain 5% at least about 95% of the time.
 */
TEST(error_rates_by_simulation)
{
	int trial, false_pos = 0, covered = 0, i, trials = 1000;
	double x[10], y[10], est, lo, hi;
	struct mwu r;

	for (trial = 0; trial < trials; trial++) {
		for (i = 0; i < 10; i++) {
			x[i] = 100 * (1 + 0.02 * lmb_test_gauss(&rng_state));
			y[i] = 100 * (1 + 0.02 * lmb_test_gauss(&rng_state));
		}
		ASSERT_EQ(0, cmp_mwu(x, 10, y, 10, &r));
		false_pos += r.p < 0.05;
		for (i = 0; i < 10; i++)
			y[i] *= 1.05;
		ASSERT_EQ(0, cmp_shift_ci(x, 10, y, 10, 0.05, true, &est, &lo, &hi));
		covered += lo <= 0.05 && 0.05 <= hi;
	}
	TH_LOG("false positives %d of %d, 5%% shift covered %d of %d",
	       false_pos, trials, covered, trials);
	ASSERT_LE(false_pos, 65);	/* 5% + 2 sigma of the binomial */
	ASSERT_GE(covered, 935);
}

TEST(interval_agrees_with_test)
{
	double x[12], y[12], est, lo, hi;
	int trial, i;
	struct mwu r;

	for (trial = 0; trial < 300; trial++) {
		for (i = 0; i < 12; i++) {
			x[i] = 50 * (1 + 0.03 * lmb_test_gauss(&rng_state));
			y[i] = 50 * (1.02 + 0.03 * lmb_test_gauss(&rng_state));
		}
		ASSERT_EQ(0, cmp_mwu(x, 12, y, 12, &r));
		ASSERT_EQ(0, cmp_shift_ci(x, 12, y, 12, 0.05, true, &est, &lo, &hi));
		/* significant exactly when the interval excludes 0 */
		ASSERT_EQ(r.p < 0.05, lo > 0 || hi < 0);
	}
}

TEST(trend)
{
	double up[10], flat[10], rho, p;
	int i;

	for (i = 0; i < 10; i++) {
		up[i] = 100 + i + 0.3 * lmb_test_gauss(&rng_state);
		flat[i] = (i % 2) ? 5 : 7;
	}
	ASSERT_EQ(0, cmp_trend(up, 10, &rho, &p));
	ASSERT_GT(rho, 0.9);
	ASSERT_LT(p, 0.01);
	for (i = 0; i < 10; i++)
		up[i] = -up[i] + 300;
	ASSERT_EQ(0, cmp_trend(up, 10, &rho, &p));
	ASSERT_LT(rho, -0.9);
	/* alternating values: no trend; ties get midranks */
	ASSERT_EQ(0, cmp_trend(flat, 10, &rho, &p));
	ASSERT_LT(fabs(rho), 0.2);
	ASSERT_GT(p, 0.5);
	ASSERT_EQ(-1, cmp_trend(flat, CMP_TREND_MIN - 1, &rho, &p));
}

TEST(describe)
{
	double v[] = { 4, 1, 3, 2 };
	struct cmp_desc d;

	ASSERT_EQ(0, cmp_describe(v, 4, &d));
	ASSERT_EQ(4, v[0]);	/* input untouched */
	ASSERT_EQ(1, d.min);
	ASSERT_EQ(4, d.max);
	ASSERT_EQ(2.5, d.median);
	ASSERT_EQ(1.75, d.q1);
	ASSERT_EQ(3.25, d.q3);
	ASSERT_EQ(2.5, d.mean);
	ASSERT_LT(fabs(d.hmean - 4 / (1 + 0.5 + 1.0 / 3 + 0.25)), 1e-12);
	ASSERT_LT(fabs(d.stddev - sqrt(5.0 / 3)), 1e-12);
	ASSERT_LT(fabs(d.cv - sqrt(5.0 / 3) / 2.5), 1e-12);
	v[0] = 0;
	ASSERT_EQ(0, cmp_describe(v, 4, &d));
	ASSERT_TRUE(isnan(d.hmean));	/* no harmonic mean with a zero */
}

TEST(norm_quantile)
{
	ASSERT_LT(fabs(cmp_norm_quantile(0.975) - 1.959964), 1e-5);
	ASSERT_LT(fabs(cmp_norm_quantile(0.5)), 1e-9);
}

TEST_HARNESS_MAIN

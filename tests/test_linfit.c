// SPDX-License-Identifier: GPL-2.0
/*
 * The size-sweep fit (benchmarks/linfit.c): an exact line comes back
 * exactly, intervals from noisy data cover the true terms, noise that grows
 * with the size does not swamp the per-call term (as unweighted least
 * squares would), a curve is flagged and located, and bad input is an
 * error, never a NAN.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "linfit.h"
#include "lmb_test.h"

#define K 5
#define N 12

/* 2M .. 1G in 4 KiB pages */
static const double pages[K] = { 512, 2048, 16384, 65536, 262144 };
static const char *const label[K] = { "2M", "8M", "64M", "256M", "1G" };

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

struct sweep {
	double y[K][N];
	struct linfit_level lv[K];
};

/* cost = a + b x + c x^2, plus noise of sd (abs + rel * mean) */
static void make(struct sweep *s, double a, double b, double c, double abs_sd,
		 double rel_sd)
{
	size_t j, i;

	for (j = 0; j < K; j++) {
		double x = pages[j], m = a + b * x + c * x * x;

		for (i = 0; i < N; i++)
			s->y[j][i] = m + (abs_sd + rel_sd * m) * lmb_test_gauss(&rng_state);
		s->lv[j] = (struct linfit_level){ .x = x, .y = s->y[j], .n = N };
	}
}

TEST(exact_line_recovered)
{
	struct linfit_opts o = { .alpha = 0.05 };
	struct sweep s;
	struct linfit f;

	make(&s, 20000, 30, 0, 0, 0);
	ASSERT_EQ(0, linfit_fit(s.lv, K, &o, &f));
	EXPECT_TRUE(f.exact);
	EXPECT_TRUE(f.checked);
	EXPECT_FALSE(f.bends);
	EXPECT_LT(fabs(f.per_call - 20000), 1e-6);
	EXPECT_LT(fabs(f.per_page - 30), 1e-9);
	/* no spread: every replicate is the same line */
	EXPECT_LT(f.call_hi - f.call_lo, 1e-6);
	EXPECT_LT(f.page_hi - f.page_lo, 1e-9);
	EXPECT_LT(fabs(linfit_max_resid(&f)), 1e-12);
}

TEST(noisy_line_covered)
{
	struct linfit_opts o = { .alpha = 0.05, .boot = 400 };
	int rep, call_in = 0, page_in = 0, reps = 100;
	struct sweep s;
	struct linfit f;

	for (rep = 0; rep < reps; rep++) {
		make(&s, 20000, 30, 0, 800, 0.01);
		ASSERT_EQ(0, linfit_fit(s.lv, K, &o, &f));
		call_in += f.call_lo <= 20000 && 20000 <= f.call_hi;
		page_in += f.page_lo <= 30 && 30 <= f.page_hi;
		EXPECT_LT(f.call_lo, f.call_hi);
	}
	/* 95% intervals; the percentile bootstrap runs a little narrow at n = 12 */
	EXPECT_GE(call_in, 85);
	EXPECT_GE(page_in, 85);
	TH_LOG("coverage of 100: per call %d, per page %d", call_in, page_in);
}

/* Half-width of the classical 95% interval of the OLS intercept. */
static double ols_intercept_halfwidth(const struct sweep *s)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, n = K * N, a, b, rss = 0, xb;
	size_t j, i;

	for (j = 0; j < K; j++)
		for (i = 0; i < N; i++) {
			sx += pages[j];
			sy += s->y[j][i];
			sxx += pages[j] * pages[j];
			sxy += pages[j] * s->y[j][i];
		}
	b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
	a = (sy - b * sx) / n;
	xb = sx / n;
	for (j = 0; j < K; j++)
		for (i = 0; i < N; i++) {
			double e = s->y[j][i] - a - b * pages[j];

			rss += e * e;
		}
	return 1.96 * sqrt(rss / (n - 2) * (1 / n + xb * xb / (sxx - n * xb * xb)));
}

TEST(heteroscedastic_per_call)
{
	struct linfit_opts o = { .alpha = 0.05 };
	struct sweep s;
	struct linfit f;
	double ols;

	/* noise 2% of the cost: 400 ns at 2M, 160 us at 1G */
	make(&s, 20000, 30, 0, 0, 0.02);
	ASSERT_EQ(0, linfit_fit(s.lv, K, &o, &f));
	ols = ols_intercept_halfwidth(&s);
	EXPECT_LE(f.call_lo, 20000);
	EXPECT_GE(f.call_hi, 20000);
	EXPECT_FALSE(f.bends);
	TH_LOG("per call %.0f [%.0f, %.0f]; OLS half-width %.0f", f.per_call,
	       f.call_lo, f.call_hi, ols);
	EXPECT_LT((f.call_hi - f.call_lo) / 2, ols / 10);
}

TEST(bent_curve_flagged)
{
	struct linfit_opts o = { .alpha = 0.05 };
	char text[512];
	struct sweep s;
	struct linfit f;

	/* a page costs 2e-5 ns more per page of region: +17% at 1G */
	make(&s, 20000, 30, 2e-5, 0, 0.005);
	ASSERT_EQ(0, linfit_fit(s.lv, K, &o, &f));
	EXPECT_TRUE(f.bends);
	EXPECT_GT(f.lof, f.lof_crit);
	EXPECT_GT(fabs(linfit_max_resid(&f)), LINFIT_BEND_MIN);
	linfit_bend_text(&f, label, text, sizeof(text));
	TH_LOG("%s", text);
	EXPECT_NE(NULL, strstr(text, "above the line at"));
	EXPECT_NE(NULL, strstr(text, "1G (+"));
	EXPECT_NE(NULL, strstr(text, "below at"));
	EXPECT_NE(NULL, strstr(text, "bends up"));
	/* the largest size departs the most from a line through a convex curve */
	EXPECT_GT(f.resid[K - 1], 0);
}

TEST(straight_line_not_flagged)
{
	struct linfit_opts o = { .alpha = 0.05 };
	char text[512];
	struct sweep s;
	struct linfit f;

	make(&s, 20000, 30, 0, 0, 0.005);
	ASSERT_EQ(0, linfit_fit(s.lv, K, &o, &f));
	EXPECT_FALSE(f.bends);
	EXPECT_STREQ("", linfit_bend_text(&f, label, text, sizeof(text)));
}

TEST(two_sizes_unchecked)
{
	struct linfit_opts o = { .alpha = 0.05 };
	struct sweep s;
	struct linfit f;

	make(&s, 20000, 30, 0, 200, 0.01);
	ASSERT_EQ(0, linfit_fit(s.lv, 2, &o, &f));
	EXPECT_FALSE(f.checked);
	EXPECT_FALSE(f.bends);
	EXPECT_LT(f.call_lo, f.call_hi);
	EXPECT_LT(f.page_lo, f.page_hi);
	EXPECT_EQ(0, linfit_max_resid(&f));
}

TEST(zero_variance_counts)
{
	struct linfit_opts o = { .alpha = 0.05 };
	struct sweep s;
	struct linfit f;
	size_t j;

	/* 19 batches per call, 1 fault per page, 0.5 extra at 1G: exact */
	make(&s, 19, 1, 0, 0, 0);
	for (j = 0; j < N; j++)
		s.y[K - 1][j] += 0.5;
	ASSERT_EQ(0, linfit_fit(s.lv, K, &o, &f));
	EXPECT_TRUE(f.exact);
	EXPECT_TRUE(isfinite(f.per_call));
	EXPECT_TRUE(isfinite(f.per_page));
	/* relative least squares: the small sizes keep their per-call term */
	EXPECT_LT(fabs(f.per_call - 19), 1);
	EXPECT_LT(fabs(linfit_max_resid(&f)), 0.01);
	EXPECT_FALSE(f.bends);
}

TEST(changes_between_fits)
{
	struct linfit_opts o = { .alpha = 0.05 };
	struct sweep a, b, c;
	struct linfit_diff d;

	size_t j, i;

	/* the same noise shifted: per call +30% in b, per page -10% in c */
	make(&a, 20000, 30, 0, 0, 0.01);
	b = a;
	c = a;
	for (j = 0; j < K; j++) {
		for (i = 0; i < N; i++) {
			b.y[j][i] += 6000;
			c.y[j][i] -= 3 * pages[j];
		}
		b.lv[j].y = b.y[j];
		c.lv[j].y = c.y[j];
	}
	ASSERT_EQ(0, linfit_compare(a.lv, K, b.lv, K, &o, &d));
	EXPECT_TRUE(d.call.changed);
	EXPECT_TRUE(d.call.rel_ok);
	EXPECT_LE(d.call.rel_lo, 0.30);
	EXPECT_GE(d.call.rel_hi, 0.30);
	EXPECT_GT(d.call.diff_lo, 0);
	EXPECT_FALSE(d.page.changed);
	EXPECT_LE(d.page.rel_lo, 0);
	EXPECT_GE(d.page.rel_hi, 0);

	ASSERT_EQ(0, linfit_compare(a.lv, K, c.lv, K, &o, &d));
	EXPECT_TRUE(d.page.changed);
	EXPECT_LT(d.page.rel_hi, 0);
	EXPECT_LE(d.page.rel_lo, -0.10);
	EXPECT_GE(d.page.rel_hi, -0.10);
	EXPECT_FALSE(d.call.changed);
}

TEST(bad_input_is_an_error)
{
	struct linfit_opts o = { .alpha = 0.05 };
	struct sweep s;
	struct linfit f;
	struct linfit_diff d;

	make(&s, 20000, 30, 0, 100, 0);
	errno = 0;
	EXPECT_EQ(-1, linfit_fit(s.lv, 1, &o, &f));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, linfit_fit(s.lv, 0, &o, &f));
	s.lv[2].n = 0;
	EXPECT_EQ(-1, linfit_fit(s.lv, K, &o, &f));
	s.lv[2].n = 1;
	EXPECT_EQ(-1, linfit_fit(s.lv, K, &o, &f));
	s.lv[2].n = N;
	s.lv[2].x = s.lv[1].x;	/* two equal sizes */
	EXPECT_EQ(-1, linfit_fit(s.lv, K, &o, &f));
	s.lv[2].x = pages[2];
	s.y[3][4] = NAN;
	EXPECT_EQ(-1, linfit_fit(s.lv, K, &o, &f));
	EXPECT_EQ(-1, linfit_compare(s.lv, K, s.lv, 1, &o, &d));
	s.y[3][4] = 1e6;
	EXPECT_EQ(0, linfit_fit(s.lv, K, &o, &f));
}

TEST_HARNESS_MAIN

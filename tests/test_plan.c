// SPDX-License-Identifier: GPL-2.0
/*
 * plan: Kalibera & Jones' estimator recovers known variance components in
 * simulation (boot, run, sample; balanced and with a missing level), and
 * the design search meets its target at the least cost it can find.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "plan/design.h"
#include "plan/varcomp.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static double gauss(void)
{
	return lmb_test_gauss(&rng);
}

#define BOOTS 6
#define RUNS 4
#define SAMPLES 10
#define N (BOOTS * RUNS * SAMPLES)

/* value = 100 + boot + run + sample effects, sd 3, 2, 4 */
static void draw(double *v, unsigned int *ids)
{
	size_t b, r, s, i = 0;

	for (b = 0; b < BOOTS; b++) {
		double eb = 3 * gauss();

		for (r = 0; r < RUNS; r++) {
			double er = 2 * gauss();

			for (s = 0; s < SAMPLES; s++, i++) {
				v[i] = 100 + eb + er + 4 * gauss();
				ids[i * 2] = (unsigned int)(b * RUNS + r);	/* run */
				ids[i * 2 + 1] = (unsigned int)b;		/* boot */
			}
		}
	}
}

TEST(estimator_recovers_known_components)
{
	static double v[N];
	static unsigned int ids[N * 2];
	double sum[3] = { 0 };
	const double truth[3] = { 16, 4, 9 };	/* sample, run, boot */
	struct varcomp vc;
	int i, j, draws = 400;

	for (i = 0; i < draws; i++) {
		draw(v, ids);
		ASSERT_EQ(0, varcomp_estimate(v, N, ids, 3, &vc));
		ASSERT_EQ(N, vc.units[0]);
		ASSERT_EQ(BOOTS * RUNS, vc.units[1]);
		ASSERT_EQ(BOOTS, vc.units[2]);
		ASSERT_LT(fabs(vc.per_parent[0] - SAMPLES), 1e-12);
		ASSERT_LT(fabs(vc.per_parent[1] - RUNS), 1e-12);
		for (j = 0; j < 3; j++)
			sum[j] += vc.var[j];
	}
	for (j = 0; j < 3; j++) {
		TH_LOG("level %d: mean estimate %.3f, true %.3f", j, sum[j] / draws, truth[j]);
		/* truncation at 0 biases only a little upwards here */
		EXPECT_LT(fabs(sum[j] / draws - truth[j]), 0.12 * truth[j]);
	}
}

TEST(one_boot_leaves_the_boot_level_unknown)
{
	double v[] = { 1, 2, 3, 4, 5, 7 };
	unsigned int ids[] = { 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0 };
	struct varcomp vc;

	ASSERT_EQ(0, varcomp_estimate(v, 6, ids, 3, &vc));
	/* samples: runs {1,2,3} and {4,5,7}: variances 1 and 7/3 */
	ASSERT_LT(fabs(vc.raw[0] - (1 + 7.0 / 3) / 2), 1e-12);
	/* runs: means 2 and 16/3 in one boot */
	ASSERT_LT(fabs(vc.raw[1] - pow(16.0 / 3 - 2, 2) / 2), 1e-12);
	ASSERT_TRUE(isnan(vc.var[2]));
	ASSERT_EQ(1, vc.units[2]);
}

TEST(design_meets_its_target_and_costs_less_than_its_neighbours)
{
	struct plan_model m = { .boot = 0.0004, .run = 0.0002, .sample = 0.001,
				.c_boot = 60, .c_run = 5, .c_sample = 0.01,
				.alpha = 0.05, .power = 0.8 };
	struct plan_design d, bd;

	ASSERT_TRUE(plan_for_target(&m, 0.02, &d));
	TH_LOG("2%%: %zu boots x %zu runs x %zu samples, %.0f s, detects %.2f%%",
	       d.boots, d.runs, d.samples, d.seconds, 100 * d.detect);
	ASSERT_LE(d.detect, 0.02);
	ASSERT_LE(plan_detectable(&m, d.boots, d.runs, d.samples), 0.02);
	/* one boot fewer does not reach the target with the same runs and samples */
	ASSERT_GT(plan_detectable(&m, d.boots - 1, d.runs, d.samples), 0.02);
	/* more boots detect less */
	ASSERT_LT(plan_detectable(&m, 8, 2, 10), plan_detectable(&m, 4, 2, 10));
	ASSERT_TRUE(isinf(plan_detectable(&m, 1, 8, 10)));
	/* the budget of that design detects at least as small a change */
	ASSERT_TRUE(plan_for_budget(&m, d.seconds, &bd));
	ASSERT_LE(bd.detect, d.detect + 1e-12);
	ASSERT_LE(bd.seconds, d.seconds);
	ASSERT_FALSE(plan_for_budget(&m, 10, &bd));
}

TEST_HARNESS_MAIN

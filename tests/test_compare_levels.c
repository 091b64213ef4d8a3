// SPDX-License-Identifier: GPL-2.0
/*
 * compare's verdicts by simulation, through the real analysis
 * (cmp_analyze): a three-level model, log value = boot + run + sample
 * effects, each normal with its own spread, drawn many times per design
 * with a fixed seed.  A/A: the false-positive rate where a verdict is
 * given is 5% +- 2 points, designs with one unit per side at the level
 * that varies abstain ("?"); B = A x 1.05: the power is printed and the
 * interval holds the true shift at least 93% of the time.  Also the
 * Student t functions against table values and the calibrated variance.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "compare/analyze.h"
#include "stats_t.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

#define SD_BOOT 0.03
#define SD_RUN 0.02
#define SD_SAMPLE 0.02
#define DRAWS 1500
#define SAMPLES 5		/* per run */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static double gauss(void)
{
	return lmb_test_gauss(&rng);
}

/* A design: boots per side (0: both sides in one shared boot), runs per boot. */
struct design {
	const char *name;
	size_t boots, runs;
	bool abstain;		/* one unit a side at the level that varies */
};

static const struct design designs[] = {
	{ "1v1 runs", 0, 1, true },
	{ "2v2 runs", 0, 2, false },
	{ "4v4 runs", 0, 4, false },
	{ "1v1 boots", 1, 2, true },
	{ "2v2 boots", 2, 2, false },
	{ "4v4 boots", 4, 2, false },
	{ "8v8 boots", 8, 2, false },
};

/* Interned unit names of one level of one side: "A0", "A1", ... */
static void pool_names(struct cmp_pool *p, char side, size_t n)
{
	char buf[32];
	size_t i;

	p->name = calloc(n, sizeof(*p->name));
	p->time = calloc(n, sizeof(*p->time));
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%c%zu", side, i);
		p->name[i] = strdup(buf);
		p->time[i] = strdup("");
	}
	p->n = p->cap = n;
}

struct sim {
	struct cmp_data d;
	struct cmp_group g;
	struct cmp_values val[2];
	struct cmp_metric met;
	size_t nr_samples[2], offcpu[2], offcpu_known[2];
	const struct csv_failed *failed[2];
	double thp[2], pages[2];
};

/* One group, one metric, two sides with the levels of design @ds. */
static void sim_init(struct sim *s, const struct design *ds)
{
	size_t f, boots = ds->boots ? ds->boots : 1, n = boots * ds->runs * SAMPLES;

	memset(s, 0, sizeof(*s));
	s->met = (struct cmp_metric){ .name = "ns_per_page", .column = "ns_per_page",
				       .kind = METRIC_NS_PER_PAGE };
	s->d.nr_files = 2;
	s->d.metrics = &s->met;
	s->d.nr_metrics = 1;
	s->d.groups = &s->g;
	s->d.nr_groups = 1;
	s->d.sides = calloc(2, sizeof(*s->d.sides));
	s->g.workload = "munmap";
	s->g.nr_samples = s->nr_samples;
	s->g.val = s->val;
	s->g.thp_frac = s->thp;
	s->g.pages = s->pages;
	s->g.offcpu = s->offcpu;
	s->g.offcpu_known = s->offcpu_known;
	s->g.failed = s->failed;
	for (f = 0; f < 2; f++) {
		struct cmp_side *sd = &s->d.sides[f];
		/* a shared boot has the same name on both sides */
		char bside = ds->boots ? (char)('A' + f) : 'S';

		sd->boot_known = true;
		pool_names(&sd->pool[LVL_ID(LVL_RUN)], (char)('A' + f), boots * ds->runs);
		pool_names(&sd->pool[LVL_ID(LVL_BOOT)], bside, boots);
		pool_names(&sd->pool[LVL_ID(LVL_SEED)], 'x', 1);
		s->val[f].v = calloc(n, sizeof(double));
		s->val[f].ids = calloc(n * NR_ID_LVL, sizeof(unsigned int));
		s->val[f].n = s->val[f].cap = s->val[f].cap_ids = n;
		s->nr_samples[f] = n;
		s->thp[f] = s->pages[f] = NAN;
	}
}

static void sim_free(struct sim *s)
{
	size_t f, l, i;

	for (f = 0; f < 2; f++) {
		for (l = 0; l < NR_ID_LVL; l++) {
			struct cmp_pool *p = &s->d.sides[f].pool[l];

			for (i = 0; i < p->n; i++) {
				free(p->name[i]);
				free(p->time[i]);
			}
			free(p->name);
			free(p->time);
		}
		free(s->val[f].v);
		free(s->val[f].ids);
	}
	free(s->d.sides);
}

/* Draw both sides: B's values are A's model times @shift. */
static void sim_draw(struct sim *s, const struct design *ds, double shift)
{
	size_t f, b, r, k, i, boots = ds->boots ? ds->boots : 1;
	double shared = SD_BOOT * gauss();

	for (f = 0; f < 2; f++) {
		for (b = 0, i = 0; b < boots; b++) {
			double eb = ds->boots ? SD_BOOT * gauss() : shared;

			for (r = 0; r < ds->runs; r++) {
				double er = SD_RUN * gauss();

				for (k = 0; k < SAMPLES; k++, i++) {
					unsigned int *id = &s->val[f].ids[i * NR_ID_LVL];

					s->val[f].v[i] = 20 * (f ? shift : 1) *
							 exp(eb + er + SD_SAMPLE * gauss());
					id[LVL_ID(LVL_RUN)] = (unsigned int)(b * ds->runs + r);
					id[LVL_ID(LVL_BOOT)] = (unsigned int)b;
					id[LVL_ID(LVL_SEED)] = 0;
				}
			}
		}
	}
}

struct tally {
	int judged, marked, unknown, covered;
};

static int run_design(struct __test_metadata *_metadata, const struct design *ds,
		      double shift, const struct calibration *cal, struct tally *t)
{
	struct cmp_opts o = { .level = CMP_LEVEL_AUTO, .alpha = 0.05, .max_cv = 0.1,
			      .max_ci_width = 0.2, .cal = cal };
	struct sim s;
	int i;

	memset(t, 0, sizeof(*t));
	sim_init(&s, ds);
	for (i = 0; i < DRAWS; i++) {
		struct cmp_analysis an = { 0 };
		const struct cmp_result *r;

		sim_draw(&s, ds, shift);
		ASSERT_EQ(0, cmp_analyze(&an, &s.d, &o));
		r = cmp_res(&an, 0, 0, 1);
		if (r->mark == MARK_UNKNOWN) {
			t->unknown++;
		} else {
			EXPECT_TRUE(r->judged);
			t->judged++;
			t->marked += r->mark == MARK_BETTER || r->mark == MARK_WORSE;
			t->covered += r->ci_lo <= shift - 1 && shift - 1 <= r->ci_hi;
		}
		cmp_analysis_free(&an);
	}
	sim_free(&s);
	return 0;
}

TEST(student_t_against_tables)
{
	/* two-sided 95% critical values: df 1 12.706, 2 4.303, 10 2.228, 30 2.042 */
	ASSERT_LT(fabs(stats_t_quantile(0.975, 1) - 12.7062), 1e-3);
	ASSERT_LT(fabs(stats_t_quantile(0.975, 2) - 4.3027), 1e-3);
	ASSERT_LT(fabs(stats_t_quantile(0.975, 10) - 2.2281), 1e-3);
	ASSERT_LT(fabs(stats_t_quantile(0.975, 30) - 2.0423), 1e-3);
	ASSERT_LT(fabs(stats_t_cdf(0, 3.5) - 0.5), 1e-12);
	ASSERT_LT(fabs(stats_t_cdf(-2.0, 5) - 0.0509697), 1e-6);
	/* large df: the normal */
	ASSERT_LT(fabs(stats_t_quantile(0.975, 1e6) - 1.959966), 1e-4);
}

TEST(welch_hand_example)
{
	/* A: 1 2 3 (mean 2, var 1), B: 2 4 6 8 (mean 5, var 20/3) */
	struct welch_side a = { .mean = 2, .var = 1, .n = 3 };
	struct welch_side b = { .mean = 5, .var = 20.0 / 3, .n = 4 };
	double va = 1.0 / 3, vb = 5.0 / 3, se2 = va + vb;
	struct welch w;

	ASSERT_EQ(0, stats_welch(&a, &b, 0, 0, 0.05, &w));
	ASSERT_LT(fabs(w.diff - 3), 1e-12);
	ASSERT_LT(fabs(w.se - sqrt(se2)), 1e-12);
	ASSERT_LT(fabs(w.df - se2 * se2 / (va * va / 2 + vb * vb / 3)), 1e-9);
	ASSERT_LT(fabs(w.hi - w.lo - 2 * stats_t_quantile(0.975, w.df) * w.se), 1e-9);
	/* one unit a side: no interval */
	a.n = 1;
	ASSERT_EQ(-1, stats_welch(&a, &b, 0, 0, 0.05, &w));
}

TEST(aa_false_positives_and_abstention)
{
	size_t i;

	for (i = 0; i < sizeof(designs) / sizeof(designs[0]); i++) {
		const struct design *ds = &designs[i];
		struct tally t;

		ASSERT_EQ(0, run_design(_metadata, ds, 1.0, NULL, &t));
		if (ds->abstain) {
			TH_LOG("%-10s A/A: %d of %d draws abstained (?)", ds->name,
			       t.unknown, DRAWS);
			EXPECT_EQ(DRAWS, t.unknown);
			continue;
		}
		TH_LOG("%-10s A/A: %d of %d marked (%.1f%%), interval held 0 in %d",
		       ds->name, t.marked, t.judged, 100.0 * t.marked / t.judged,
		       t.covered);
		EXPECT_EQ(DRAWS, t.judged);
		EXPECT_GE(t.marked, (int)(0.03 * DRAWS));
		EXPECT_LE(t.marked, (int)(0.07 * DRAWS));
	}
}

TEST(power_and_coverage_of_a_5_percent_shift)
{
	size_t i;

	for (i = 0; i < sizeof(designs) / sizeof(designs[0]); i++) {
		const struct design *ds = &designs[i];
		struct tally t;

		if (ds->abstain)
			continue;
		ASSERT_EQ(0, run_design(_metadata, ds, 1.05, NULL, &t));
		TH_LOG("%-10s +5%%: power %.1f%% (%d of %d), interval held +5%% in %.1f%%",
		       ds->name, 100.0 * t.marked / t.judged, t.marked, t.judged,
		       100.0 * t.covered / t.judged);
		EXPECT_GE(t.covered, (int)(0.925 * t.judged));
	}
}

TEST(calibrated_boot_variance_gives_a_verdict_with_coverage)
{
	struct calibration cal = { 0 };
	struct calib_entry e = {
		.workload = "munmap", .page_mode = "4k", .metric = "ns_per_page",
		.level = "boot", .size_bytes = 67108864, .threads = 1,
		.rel_var = SD_BOOT * SD_BOOT, .units = 12,
	};
	/* 1 boot a side with 4 runs: boot variance from the calibration */
	const struct design ds = { "1v1 boots", 1, 4, true };
	struct tally t;

	ASSERT_EQ(0, calib_add(&cal, &e));
	/* the lookup needs page_mode, size_bytes, threads parameters */
	{
		struct sim s;
		struct cmp_opts o = { .level = CMP_LEVEL_AUTO, .alpha = 0.05,
				      .max_cv = 0.1, .max_ci_width = 0.2, .cal = &cal };
		char *names[] = { "page_mode", "size_bytes", "threads" };
		char *params[] = { "4k", "67108864", "1" };
		int i;

		memset(&t, 0, sizeof(t));
		sim_init(&s, &ds);
		s.d.param_names = names;
		s.d.nr_params = 3;
		s.g.params = params;
		for (i = 0; i < DRAWS; i++) {
			struct cmp_analysis an = { 0 };
			const struct cmp_result *r;

			sim_draw(&s, &ds, 1.0);
			ASSERT_EQ(0, cmp_analyze(&an, &s.d, &o));
			r = cmp_res(&an, 0, 0, 1);
			ASSERT_TRUE(r->judged);
			ASSERT_TRUE(r->calibrated);
			t.judged++;
			t.marked += r->mark != MARK_SAME;
			cmp_analysis_free(&an);
		}
		sim_free(&s);
	}
	TH_LOG("1v1 boots x 4 runs, calibrated boot variance: %d of %d A/A marked (%.1f%%)",
	       t.marked, t.judged, 100.0 * t.marked / t.judged);
	EXPECT_GE(t.marked, (int)(0.03 * DRAWS));
	EXPECT_LE(t.marked, (int)(0.07 * DRAWS));
	calib_free(&cal);
}

TEST_HARNESS_MAIN

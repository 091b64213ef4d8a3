// SPDX-License-Identifier: GPL-2.0
/*
 * Grouping and verdicts of compare on small hand-written files: warm-up
 * rows ignored, workers of a sample averaged, counters divided by pages, an
 * empty cell unavailable (never 0), unknown columns become parameters,
 * groups missing on a side reported, --metrics selection, the huge-page
 * fraction of each side (thp_kb), the additive change bounded at -100%.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare/analyze.h"
#include "compare/groups.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

#define HEAD "# lazymmu-bench results, schema 1\n" \
	"schema,run_id,workload,page_mode,size_bytes,pages,threads,worker,phase,sample,ns_per_page,stride,ev_faults,ev_faults_run\n"

/* A: munmap 4k stride 1 (2 workers) and stride 2; B: munmap stride 1 only, no counter. */
static const char file_a[] = HEAD
	"1,r,munmap,4k,8192,2,2,0,warmup,0,1000,1,400,1\n"
	"1,r,munmap,4k,8192,2,2,0,sample,0,10,1,4,1\n"
	"1,r,munmap,4k,8192,2,2,1,sample,0,20,1,8,1\n"
	"1,r,munmap,4k,8192,2,2,0,sample,1,30,1,,\n"
	"1,r,munmap,4k,8192,2,2,1,sample,1,50,1,,\n"
	"1,r,munmap,4k,8192,2,1,0,sample,0,7,2,0,1\n";
static const char file_b[] = HEAD
	"1,s,munmap,4k,8192,2,2,0,sample,0,11,1,,\n"
	"1,s,munmap,4k,8192,2,2,1,sample,0,13,1,,\n";

FIXTURE(groups) {
	char dir[64], pa[128], pb[128];
	struct csv_table *t[2];
	struct cmp_data d;
};

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

FIXTURE_SETUP(groups)
{
	strcpy(self->dir, "/tmp/lmb-cmpg-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->pa, sizeof(self->pa), "%s/a.csv", self->dir);
	snprintf(self->pb, sizeof(self->pb), "%s/b.csv", self->dir);
	put(self->pa, file_a);
	put(self->pb, file_b);
	self->t[0] = csv_read(self->pa);
	self->t[1] = csv_read(self->pb);
	ASSERT_NE(NULL, self->t[0]);
	ASSERT_NE(NULL, self->t[1]);
	memset(&self->d, 0, sizeof(self->d));
}

FIXTURE_TEARDOWN(groups)
{
	cmp_data_free(&self->d);
	csv_table_free(self->t[0]);
	csv_table_free(self->t[1]);
	unlink(self->pa);
	unlink(self->pb);
	rmdir(self->dir);
}

TEST_F(groups, grouping_and_values)
{
	struct cmp_data *d = &self->d;
	struct cmp_values *v;

	ASSERT_EQ(0, cmp_data_build(d, self->t, 2, NULL));
	/* parameters: the fixed three, then the unknown column */
	ASSERT_EQ(4, d->nr_params);
	ASSERT_STREQ("page_mode", d->param_names[0]);
	ASSERT_STREQ("stride", d->param_names[3]);
	/* metrics: ns_per_page and ev_faults, not ev_faults_run */
	ASSERT_EQ(2, d->nr_metrics);
	ASSERT_STREQ("ns_per_page", d->metrics[0].name);
	ASSERT_STREQ("ev_faults", d->metrics[1].name);
	ASSERT_FALSE(d->metrics[1].higher_is_better);
	/* groups: threads 2 stride 1, threads 1 stride 2 */
	ASSERT_EQ(2, d->nr_groups);
	ASSERT_STREQ("2", d->groups[0].params[2]);
	ASSERT_STREQ("2", d->groups[1].params[3]);
	ASSERT_EQ(2, d->groups[0].nr_samples[0]);	/* 4 sample rows, 2 samples */
	ASSERT_EQ(1, d->groups[0].nr_samples[1]);
	ASSERT_EQ(0, d->groups[1].nr_samples[1]);	/* absent from B */
	/* ns_per_page: mean of the workers, warm-up ignored */
	v = cmp_vals(d, &d->groups[0], 0, 0);
	ASSERT_EQ(2, v->n);
	ASSERT_EQ(15, v->v[0]);
	ASSERT_EQ(40, v->v[1]);
	ASSERT_EQ(1, v->nr_runs);	/* one run_id: its median */
	ASSERT_EQ(27.5, v->run[0]);
	/* counter per page; the sample with empty cells has no value */
	v = cmp_vals(d, &d->groups[0], 0, 1);
	ASSERT_EQ(1, v->n);
	ASSERT_EQ(3, v->v[0]);	/* (4/2 + 8/2) / 2 */
	/* a measured 0 stays a value */
	v = cmp_vals(d, &d->groups[1], 0, 1);
	ASSERT_EQ(1, v->n);
	ASSERT_EQ(0, v->v[0]);
	/* B never measured the counter */
	ASSERT_EQ(0, cmp_vals(d, &d->groups[0], 1, 1)->n);
	ASSERT_EQ(12, cmp_vals(d, &d->groups[0], 1, 0)->v[0]);
}

TEST_F(groups, states_and_verdicts)
{
	struct cmp_opts o = { .alpha = 0.05, .max_cv = 0.1, .max_ci_width = 0.2,
			      .level = LVL_SAMPLE };
	struct cmp_analysis a = { 0 };
	const struct cmp_result *r;

	ASSERT_EQ(0, cmp_data_build(&self->d, self->t, 2, NULL));
	ASSERT_EQ(0, cmp_analyze(&a, &self->d, &o));
	r = cmp_res(&a, 0, 0, 1);
	ASSERT_EQ(STATE_OK, r->state);
	/* 2 vs 1 samples: never judged, "?" says why */
	ASSERT_FALSE(r->judged);
	ASSERT_TRUE(r->few);
	ASSERT_EQ(MARK_UNKNOWN, r->mark);
	ASSERT_NE(NULL, strstr(r->why, "fewer than 2 samples"));
	ASSERT_LT(fabs(r->median_change - (12.0 / 27.5 - 1)), 1e-12);
	ASSERT_EQ(STATE_UNAVAILABLE, cmp_res(&a, 0, 1, 1)->state);
	ASSERT_FALSE(cmp_res(&a, 0, 1, 1)->judged);
	ASSERT_EQ(STATE_ABSENT, cmp_res(&a, 1, 0, 1)->state);
	ASSERT_TRUE(a.metric_seen[1]);
	ASSERT_FALSE(a.metric_zero[1]);
	ASSERT_FALSE(cmp_regression_above(cmp_res(&a, 0, 0, 1), 0));
	cmp_analysis_free(&a);
}

TEST_F(groups, joined_runs)
{
	struct cmp_values *v;
	FILE *f;

	/* B's rows appended to A (as cat does, minus the first line): run s */
	csv_table_free(self->t[0]);
	self->t[0] = NULL;
	f = fopen(self->pa, "a");
	ASSERT_NE(NULL, f);
	fputs(strchr(file_b, '\n') + 1, f);	/* repeated header + rows */
	fclose(f);
	self->t[0] = csv_read(self->pa);
	ASSERT_NE(NULL, self->t[0]);
	ASSERT_EQ(0, cmp_data_build(&self->d, self->t, 2, NULL));
	v = cmp_vals(&self->d, &self->d.groups[0], 0, 0);
	ASSERT_EQ(3, v->n);		/* 2 samples of run r, 1 of run s */
	ASSERT_EQ(2, v->nr_runs);
	ASSERT_EQ(27.5, v->run[0]);
	ASSERT_EQ(12, v->run[1]);
	ASSERT_EQ(3, self->d.groups[0].nr_samples[0]);
}

TEST_F(groups, metric_selection)
{
	char msg[2048];
	struct lmb_capture c;
	int ret;

	ASSERT_EQ(0, cmp_data_build(&self->d, self->t, 2, "ev_faults"));
	ASSERT_EQ(1, self->d.nr_metrics);
	ASSERT_STREQ("ev_faults", self->d.metrics[0].name);
	ASSERT_EQ(0, cmp_primary_metric(&self->d));
	cmp_data_free(&self->d);
	ASSERT_EQ(0, lmb_capture_begin(&c));
	ret = cmp_data_build(&self->d, self->t, 2, "ev_fault");
	lmb_capture_end(&c, msg, sizeof(msg));
	ASSERT_EQ(-1, ret);
	ASSERT_NE(NULL, strstr(msg, "'ev_fault' is not a metric of these files; they have: ns_per_page, ev_faults"));
}

#define HEAD_THP "# lazymmu-bench results, schema 1\n" \
	"schema,run_id,workload,page_mode,size_bytes,pages,thp_kb,threads,worker,phase,sample,ns_per_page\n"

/*
 * Three groups: thp 8 kB (A huge, B fell back: 2 of 3 rows 0 kB), thp
 * 16 kB (15 vs 16 kB: 6 points, not material), 4k (thp_kb unknown).
 */
static const char thp_a[] = HEAD_THP
	"1,r,munmap,thp,8192,2,0,1,0,warmup,0,9\n"
	"1,r,munmap,thp,8192,2,8,1,0,sample,0,1\n"
	"1,r,munmap,thp,8192,2,8,1,0,sample,1,1\n"
	"1,r,munmap,thp,8192,2,0,1,0,sample,2,1\n"
	"1,r,munmap,thp,16384,4,16,1,0,sample,0,1\n"
	"1,r,munmap,4k,8192,2,,1,0,sample,0,1\n";
static const char thp_b[] = HEAD_THP
	"1,s,munmap,thp,8192,2,0,1,0,sample,0,1\n"
	"1,s,munmap,thp,8192,2,8,1,0,sample,1,1\n"
	"1,s,munmap,thp,8192,2,0,1,0,sample,2,1\n"
	"1,s,munmap,thp,16384,4,15,1,0,sample,0,1\n"
	"1,s,munmap,4k,8192,2,,1,0,sample,0,1\n";

/* Load two files written from @a and @b into @t; false on failure. */
static bool load_pair(char *dir, const char *a, const char *b,
		      struct csv_table **t)
{
	char pa[128], pb[128];

	strcpy(dir, "/tmp/lmb-cmpg-XXXXXX");
	if (!mkdtemp(dir))
		return false;
	snprintf(pa, sizeof(pa), "%s/a.csv", dir);
	snprintf(pb, sizeof(pb), "%s/b.csv", dir);
	put(pa, a);
	put(pb, b);
	t[0] = csv_read(pa);
	t[1] = csv_read(pb);
	unlink(pa);
	unlink(pb);
	rmdir(dir);
	return t[0] && t[1];
}

TEST(thp_fraction_per_side)
{
	struct csv_table *t[2] = { 0 };
	struct cmp_data d;
	char dir[64];

	ASSERT_TRUE(load_pair(dir, thp_a, thp_b, t));
	ASSERT_EQ(0, cmp_data_build(&d, t, 2, NULL));
	ASSERT_EQ(3, d.nr_groups);
	/* median over the sample rows, warm-up ignored */
	ASSERT_EQ(1, d.groups[0].thp_frac[0]);
	ASSERT_EQ(0, d.groups[0].thp_frac[1]);
	ASSERT_TRUE(cmp_thp_differs(&d, 0, 1));
	ASSERT_EQ(1, d.groups[1].thp_frac[0]);
	ASSERT_EQ(15.0 / 16, d.groups[1].thp_frac[1]);
	ASSERT_FALSE(cmp_thp_differs(&d, 1, 1));
	/* empty thp_kb: unknown, never a difference */
	ASSERT_TRUE(isnan(d.groups[2].thp_frac[0]));
	ASSERT_TRUE(isnan(d.groups[2].thp_frac[1]));
	ASSERT_FALSE(cmp_thp_differs(&d, 2, 1));
	cmp_data_free(&d);
	csv_table_free(t[0]);
	csv_table_free(t[1]);
}

/* Write HEAD_THP rows of one 4k group with ns_per_page v[0..n). */
static void zero_rows(char *buf, size_t cap, const double *v, size_t n)
{
	size_t i, len = (size_t)snprintf(buf, cap, "%s", HEAD_THP);

	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len,
					"1,r,munmap,4k,8192,2,0,1,0,sample,%zu,%g\n",
					i, v[i]);
}

TEST(additive_change_bounded)
{
	struct cmp_opts o = { .alpha = 0.05, .max_cv = 0.1, .max_ci_width = 0.2 };
	double x[12], y[12] = { 0 };
	char fa[2048], fb[2048], dir[64];
	struct csv_table *t[2] = { 0 };
	struct cmp_analysis a = { 0 };
	const struct cmp_result *r;
	struct cmp_data d;
	size_t i;

	/* A 10..21 ns, B 0 in every sample: the additive interval of the
	 * differences reaches below -A's median, the change cannot */
	for (i = 0; i < 12; i++)
		x[i] = 10 + (double)i;
	zero_rows(fa, sizeof(fa), x, 12);
	zero_rows(fb, sizeof(fb), y, 12);
	ASSERT_TRUE(load_pair(dir, fa, fb, t));
	ASSERT_EQ(0, cmp_data_build(&d, t, 2, "ns_per_page"));
	ASSERT_EQ(0, cmp_analyze(&a, &d, &o));
	r = cmp_res(&a, 0, 0, 1);
	ASSERT_TRUE(r->judged);
	ASSERT_TRUE(r->additive);
	ASSERT_TRUE(cmp_any_additive(&a));
	ASSERT_EQ(MARK_BETTER, r->mark);
	ASSERT_EQ(-1, r->change);
	ASSERT_EQ(-1, r->ci_lo);
	ASSERT_LT(r->ci_hi, 0);
	ASSERT_GE(r->ci_hi, -1);
	cmp_analysis_free(&a);
	cmp_data_free(&d);
	csv_table_free(t[0]);
	csv_table_free(t[1]);
	/* all values > 0 on both sides: ratios, not additive */
	for (i = 0; i < 12; i++)
		y[i] = 20 + (double)i;
	zero_rows(fb, sizeof(fb), y, 12);
	ASSERT_TRUE(load_pair(dir, fa, fb, t));
	ASSERT_EQ(0, cmp_data_build(&d, t, 2, "ns_per_page"));
	ASSERT_EQ(0, cmp_analyze(&a, &d, &o));
	ASSERT_FALSE(cmp_res(&a, 0, 0, 1)->additive);
	ASSERT_FALSE(cmp_any_additive(&a));
	cmp_analysis_free(&a);
	cmp_data_free(&d);
	csv_table_free(t[0]);
	csv_table_free(t[1]);
}

TEST_HARNESS_MAIN

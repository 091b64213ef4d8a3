// SPDX-License-Identifier: GPL-2.0
/*
 * The run summary: per-page medians of each counter over the samples that
 * measured it, and "[n=K]" when, as with PMU group rotation, a counter
 * measured only K of a group's n samples.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "lmb_test.h"
#include "counters.h"
#include "summary.h"

/* summary_print() into @buf. */
static void print_to(const struct summary *s, char *buf, size_t cap)
{
	FILE *f = fmemopen(buf, cap, "w");

	summary_print(s, f);
	fclose(f);
}

TEST(partial_counters_say_their_n)
{
	struct counter_value ev[2];
	struct counter_set *cs;
	struct summary *s;
	char out[4096];
	int i;

	/* Parsed only: the summary needs the columns, not open counters. */
	ASSERT_EQ(0, counters_parse("page-faults,task-clock", &cs));
	ASSERT_EQ(2, counters_count(cs));
	s = summary_new(cs);
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, summary_begin(s, "munmap", "4k", 100));
	/* 4 samples; page-faults in all, task-clock in samples 0 and 2 only. */
	for (i = 0; i < 4; i++) {
		ev[0] = (struct counter_value){ COUNTER_OK, 100.0 * (i + 1), 1.0, i % 2 };
		ev[1] = (struct counter_value){ i % 2 ? COUNTER_OTHER_GROUP : COUNTER_OK,
						1000.0 * (i + 1), 1.0, i % 2 };
		ASSERT_EQ(0, summary_add(s, 1000 * (i + 1), -1, ev));
	}
	print_to(s, out, sizeof(out));
	/* page-faults/page: median of 1, 2, 3, 4 = 2.5, all 4 samples. */
	ASSERT_NE(NULL, strstr(out, "page_faults=2.5 ")) TH_LOG("%s", out);
	ASSERT_EQ(NULL, strstr(out, "page_faults=2.5[n=")) TH_LOG("%s", out);
	/* task-clock/page: median of 10 and 30 = 20, from 2 of 4 samples. */
	ASSERT_NE(NULL, strstr(out, "task_clock=20[n=2]")) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "counter=V[n=K]")) TH_LOG("%s", out);
	summary_free(s);
	counters_free(cs);
}

TEST(complete_counters_have_no_n)
{
	struct counter_value ev[1];
	struct counter_set *cs;
	struct summary *s;
	char out[4096];

	ASSERT_EQ(0, counters_parse("page-faults", &cs));
	s = summary_new(cs);
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, summary_begin(s, "fork", "thp", 10));
	ev[0] = (struct counter_value){ COUNTER_OK, 30.0, 1.0, -1 };
	ASSERT_EQ(0, summary_add(s, 500, -1, ev));
	print_to(s, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "page_faults=3\n")) TH_LOG("%s", out);
	ASSERT_EQ(NULL, strstr(out, "[n=")) TH_LOG("%s", out);
	summary_free(s);
	counters_free(cs);
}

/* munmap 4k at @k sizes: ns = per_call + per_page x pages (+-10 ns), 2 + pages / 512 faults. */
static void add_sweep(struct summary *s, const uint64_t *pages, int k,
		      double per_call, double per_page, double bend)
{
	struct counter_value ev[1];
	int j, i;

	for (j = 0; j < k; j++) {
		double x = (double)pages[j];

		summary_begin(s, "munmap", "4k", pages[j]);
		for (i = 0; i < 8; i++) {
			ev[0] = (struct counter_value){ COUNTER_OK, 2 + x / 512, 1.0, -1 };
			summary_add(s, (uint64_t)(per_call + per_page * x +
						  bend * x * x + 10 * (i % 3 - 1)),
				    -1, ev);
		}
	}
}

TEST(size_fit_of_a_sweep)
{
	static const uint64_t pages[] = { 512, 2048, 16384, 65536 };
	struct counter_set *cs;
	struct summary *s;
	char out[8192];

	ASSERT_EQ(0, counters_parse("page-faults", &cs));
	s = summary_new(cs);
	ASSERT_NE(NULL, s);
	add_sweep(s, pages, 4, 20000, 30, 0);
	print_to(s, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "size fit: cost per call")) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "munmap 4k 1, 4 sizes")) TH_LOG("%s", out);
	/* 20000 ns per call = 20 us, 30 ns per page */
	ASSERT_NE(NULL, strstr(out, "per call 20 us [")) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "per page 30 ns [")) TH_LOG("%s", out);
	/* the counter is exact: 2 per call, 1/512 per page */
	ASSERT_NE(NULL, strstr(out, "page_faults            per call 2 exact, per page 0.001953 exact"))
		TH_LOG("%s", out);
	ASSERT_EQ(NULL, strstr(out, "WARNING")) TH_LOG("%s", out);
	summary_free(s);
	counters_free(cs);
}

TEST(size_fit_warns_of_a_bend)
{
	static const uint64_t pages[] = { 512, 2048, 16384, 65536, 262144 };
	struct summary *s = summary_new(NULL);
	char out[8192];

	ASSERT_NE(NULL, s);
	add_sweep(s, pages, 5, 20000, 30, 2e-5);
	print_to(s, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "BENDS")) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "WARNING: time: the line does not describe the data: above the line at"))
		TH_LOG("%s", out);
	summary_free(s);
}

TEST(one_size_has_no_fit)
{
	static const uint64_t pages[] = { 512 };
	struct summary *s = summary_new(NULL);
	char out[8192];

	ASSERT_NE(NULL, s);
	add_sweep(s, pages, 1, 20000, 30, 0);
	print_to(s, out, sizeof(out));
	ASSERT_EQ(NULL, strstr(out, "size fit")) TH_LOG("%s", out);
	summary_free(s);
}

TEST_HARNESS_MAIN

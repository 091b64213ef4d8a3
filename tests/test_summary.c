// SPDX-License-Identifier: GPL-2.0
/*
 * The run summary: per-page medians of each counter over the samples that
 * measured it, and "[n=K]" when, as with PMU group rotation, a counter
 * measured only K of a group's n samples.
 */
#include <stdio.h>
#include <stdlib.h>

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

TEST_HARNESS_MAIN

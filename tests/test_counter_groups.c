// SPDX-License-Identifier: GPL-2.0
/*
 * Groups of PMU events that fit the PMU, rotated across samples
 * (counters_groups.h).  There is no hardware PMU on the test VM, so the
 * planner meets a fake PMU that fits K programmable counters plus a
 * dedicated cycle counter, and the rotation runs for real on software
 * events regrouped by the same fake.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "counters.h"
#include "counters_groups.h"

/* A PMU with @general counters and, if @cycle_counter, one for cycles. */
struct fake_pmu {
	size_t general;
	bool cycle_counter;
	const bool *is_cycles;	/* per event */
	unsigned probes;
};

static bool fake_fits(const size_t *idx, size_t n, void *ctx)
{
	struct fake_pmu *p = ctx;
	bool cycle_free = p->cycle_counter;
	size_t i, need = 0;

	p->probes++;
	for (i = 0; i < n; i++) {
		if (p->is_cycles && p->is_cycles[idx[i]] && cycle_free)
			cycle_free = false;
		else
			need++;
	}
	return need <= p->general;
}

/* The arm64 default set's 11 PMU events: cycles:k/u, instructions:k/u, 7 raw. */
static const bool default_cycles[11] = { true, true };

static void check_plan(struct __test_metadata *_metadata, struct fake_pmu *p,
		       size_t n, unsigned *group_of, int groups)
{
	size_t idx[64], i, k;
	int g;

	ASSERT_LT(0, groups);
	for (i = 0; i < n; i++)
		ASSERT_LT(group_of[i], (unsigned)groups);
	/* every group fits, and no event could have joined an earlier one */
	for (g = 0; g < groups; g++) {
		for (i = 0, k = 0; i < n; i++)
			if (group_of[i] == (unsigned)g)
				idx[k++] = i;
		ASSERT_LT(0, k);
		if (k > 1)
			EXPECT_TRUE(fake_fits(idx, k, p));
	}
}

TEST(default_set_on_six_counters_plus_cycle_counter)
{
	struct fake_pmu p = { 6, true, default_cycles, 0 };
	unsigned group_of[11];
	int groups = counter_groups_plan(11, fake_fits, &p, group_of);
	size_t i;

	/* 7 fit at once (one cycles on the cycle counter), 4 left */
	ASSERT_EQ(2, groups);
	check_plan(_metadata, &p, 11, group_of, groups);
	for (i = 0; i < 7; i++)
		EXPECT_EQ(0U, group_of[i]);
	for (i = 7; i < 11; i++)
		EXPECT_EQ(1U, group_of[i]);
}

TEST(no_cycle_counter_and_two_counters)
{
	struct fake_pmu p = { 2, false, default_cycles, 0 };
	unsigned group_of[11];
	int groups = counter_groups_plan(11, fake_fits, &p, group_of);

	EXPECT_EQ(6, groups);	/* ceil(11 / 2) */
	check_plan(_metadata, &p, 11, group_of, groups);
}

TEST(everything_fits_is_one_group)
{
	struct fake_pmu p = { 64, true, default_cycles, 0 };
	unsigned group_of[11];

	EXPECT_EQ(1, counter_groups_plan(11, fake_fits, &p, group_of));
	check_plan(_metadata, &p, 11, group_of, 1);
	EXPECT_EQ(0, counter_groups_plan(0, fake_fits, &p, group_of));
}

TEST(event_that_never_fits_gets_its_own_group)
{
	/* only the cycle counter: each non-cycles event fits nowhere */
	struct fake_pmu p = { 0, true, default_cycles, 0 };
	unsigned group_of[4];
	int groups = counter_groups_plan(4, fake_fits, &p, group_of);

	/* cycles:k alone, cycles:u alone (cycle counter), 2 lone misfits */
	EXPECT_EQ(4, groups);
	EXPECT_EQ(0U, group_of[0]);
	EXPECT_EQ(1U, group_of[1]);
	EXPECT_EQ(2U, group_of[2]);
	EXPECT_EQ(3U, group_of[3]);
}

/* Rotation for real: 4 software events, a fake PMU that fits 2. */
TEST(software_events_rotate_and_never_scale)
{
	struct fake_pmu p = { 2, false, NULL, 0 };
	struct counter_value v[4];
	struct counter_set *cs;
	size_t i, sample, pages = 64, psz = (size_t)sysconf(_SC_PAGESIZE);
	unsigned seen_faults = 0;

	setenv("LMB_LAZY_STATS", "/nonexistent/lazy_mmu/stats", 1);
	ASSERT_EQ(0, counters_parse("page-faults,task-clock,context-switches,cpu-migrations", &cs));
	ASSERT_EQ(0, counters_open(cs));
	/* software only: nothing to group on a real open */
	EXPECT_EQ(0U, counters_nr_groups(cs));
	ASSERT_EQ(2, counters_plan_groups(cs, fake_fits, &p, true));
	EXPECT_EQ(2U, counters_nr_groups(cs));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "group=0/2"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 2), "group=1/2"));

	for (sample = 0; sample < 6; sample++) {
		char *m = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		unsigned g = (unsigned)(sample % 2);

		ASSERT_NE(MAP_FAILED, m);
		counters_enable(cs);
		for (i = 0; i < pages; i++)
			m[i * psz] = 1;
		counters_disable(cs);
		munmap(m, pages * psz);
		ASSERT_EQ(0, counters_read(cs, v));
		for (i = 0; i < 4; i++) {
			bool mine = i / 2 == g;

			EXPECT_EQ((int)g, v[i].group);
			if (!mine) {
				EXPECT_EQ(COUNTER_OTHER_GROUP, v[i].status);
				continue;
			}
			EXPECT_EQ(COUNTER_OK, v[i].status);
			EXPECT_EQ(1.0, v[i].running_ratio);
		}
		if (g == 0) {
			/* page-faults counted this window, and only it */
			EXPECT_LE((double)pages, v[0].value);
			seen_faults++;
		}
	}
	EXPECT_EQ(3U, seen_faults);
	counters_free(cs);
}

TEST(allow_multiplex_keeps_one_group)
{
	struct counter_set *cs;

	setenv("LMB_LAZY_STATS", "/nonexistent/lazy_mmu/stats", 1);
	ASSERT_EQ(0, counters_parse("page-faults,task-clock", &cs));
	counters_allow_multiplex(cs);
	ASSERT_EQ(0, counters_open(cs));
	/* software events are never grouped: nothing to rotate */
	EXPECT_EQ(0U, counters_nr_groups(cs));
	EXPECT_EQ(NULL, strstr(counters_describe(cs, 0), "group="));
	counters_free(cs);
}

TEST_HARNESS_MAIN

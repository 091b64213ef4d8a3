// SPDX-License-Identifier: GPL-2.0
/* The sizes of --sweep-size, their order per storm, and list_each(). */
#include <string.h>

#include "kselftest_harness.h"
#include "list_check.h"
#include "size_sweep.h"

static int count_or_stop(const char *item, size_t i, void *ctx)
{
	size_t *seen = ctx;

	*seen = i + 1;
	return !strcmp(item, "stop");
}

TEST(list_each_visits_items_in_order_and_stops_on_failure)
{
	size_t seen = 0;

	ASSERT_EQ(3, list_each("--x", "a,b,c", count_or_stop, &seen));
	ASSERT_EQ(3, seen);
	ASSERT_EQ(-1, list_each("--x", "a,stop,c", count_or_stop, &seen));
	ASSERT_EQ(2, seen);
	seen = 0;
	ASSERT_EQ(-1, list_each("--x", "a,,c", count_or_stop, &seen));
	ASSERT_EQ(0, seen);	/* refused before any item */
	ASSERT_EQ(-1, list_each("--x", "a,b,a", count_or_stop, &seen));
	ASSERT_EQ(0, seen);
}

TEST(sizes_parse_and_duplicates_by_value_are_refused)
{
	struct size_sweep s = { 0 };

	ASSERT_EQ(0, size_sweep_parse("2M,8M,1G", &s));
	ASSERT_EQ(3, s.nr);
	ASSERT_EQ(2UL << 20, s.bytes[0]);
	ASSERT_EQ(1UL << 30, s.bytes[2]);
	ASSERT_EQ(1UL << 30, size_sweep_max(&s));
	ASSERT_EQ(-1, size_sweep_parse("2M,2048K", &s));
	ASSERT_EQ(-1, size_sweep_parse("2M", &s));
	ASSERT_EQ(-1, size_sweep_parse("2M,0", &s));
	ASSERT_EQ(-1, size_sweep_parse_order("random", &s));
}

TEST(shuffle_is_a_permutation_reproducible_by_seed)
{
	struct size_sweep s = { 0 };
	size_t a[SIZE_SWEEP_MAX], b[SIZE_SWEEP_MAX], i, storm, moved = 0;
	uint64_t st1, st2;

	ASSERT_EQ(0, size_sweep_parse("2M,4M,8M,16M,32M,64M", &s));
	s.seed = 42;
	st1 = st2 = s.seed;
	for (storm = 0; storm < 20; storm++) {
		bool hit[SIZE_SWEEP_MAX] = { false };

		size_sweep_order(&s, &st1, a);
		size_sweep_order(&s, &st2, b);
		ASSERT_EQ(0, memcmp(a, b, s.nr * sizeof(*a)));
		for (i = 0; i < s.nr; i++) {
			ASSERT_LT(a[i], s.nr);
			ASSERT_FALSE(hit[a[i]]);
			hit[a[i]] = true;
			moved += a[i] != i;
		}
	}
	/* 20 storms of 6 sizes: the identity every time would be no shuffle */
	ASSERT_GT(moved, 20);
}

TEST(given_order_is_the_list)
{
	struct size_sweep s = { 0 };
	size_t a[SIZE_SWEEP_MAX], i;
	uint64_t st = 7;

	ASSERT_EQ(0, size_sweep_parse("8M,2M,4M", &s));
	ASSERT_EQ(0, size_sweep_parse_order("given", &s));
	size_sweep_order(&s, &st, a);
	for (i = 0; i < s.nr; i++)
		ASSERT_EQ(i, a[i]);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/* Size/count parsing and the order statistics. */
#include <math.h>
#include <stdint.h>

#include "kselftest_harness.h"
#include "stats.h"
#include "list_check.h"
#include "units.h"

TEST(sizes_with_binary_units)
{
	size_t v;

	ASSERT_EQ(0, parse_size("4096", "--size", &v));
	ASSERT_EQ(4096, v);
	ASSERT_EQ(0, parse_size("64K", "--size", &v));
	ASSERT_EQ(64 << 10, v);
	ASSERT_EQ(0, parse_size("2m", "--size", &v));
	ASSERT_EQ(2 << 20, v);
	ASSERT_EQ(0, parse_size("1GiB", "--size", &v));
	ASSERT_EQ(1UL << 30, v);
}

TEST(nonsense_sizes_are_rejected)
{
	static const char *const bad[] = {
		"", "0", "0M", "-1", "-64M", "abc", "12Q", "1.5G", "M",
		"99999999999999999999", "17179869184G",
	};
	size_t i, v = 12345;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-1, parse_size(bad[i], "--size", &v)) {
			TH_LOG("accepted '%s'", bad[i]);
		}
	}
	ASSERT_EQ(12345, v);
}

TEST(counts)
{
	unsigned long v;

	ASSERT_EQ(0, parse_count("10", "-r", 0, &v));
	ASSERT_EQ(10, v);
	ASSERT_EQ(-1, parse_count("0", "-r", 0, &v));
	ASSERT_EQ(0, parse_count("0", "--warmup", 1, &v));
	ASSERT_EQ(0, v);
	ASSERT_EQ(-1, parse_count("-3", "-r", 1, &v));
	ASSERT_EQ(-1, parse_count("3x", "-r", 1, &v));
	ASSERT_EQ(-1, parse_count("", "-r", 1, &v));
	ASSERT_EQ(-1, parse_count("10000000000", "-r", 1, &v));
}

TEST(clock_is_monotonic)
{
	uint64_t a = now_ns(), b = now_ns();

	ASSERT_LE(a, b);
	ASSERT_GT(a, 0);
}

TEST(quantiles_interpolate_like_r_type_7)
{
	double v[] = { 5, 1, 4, 2, 3 };
	double w[] = { 1, 2, 3, 4 };

	ASSERT_EQ(3.0, stats_median(v, 5));
	ASSERT_EQ(2.0, stats_quantile(v, 5, 0.25));
	ASSERT_EQ(2.5, stats_median(w, 4));
	ASSERT_EQ(1.75, stats_quantile(w, 4, 0.25));
	ASSERT_EQ(1.0, stats_quantile(w, 4, 0.0));
	ASSERT_EQ(4.0, stats_quantile(w, 4, 1.0));
	ASSERT_TRUE(isnan(stats_median(w, 0)));
}

TEST(mean_and_stddev)
{
	double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };

	ASSERT_EQ(5.0, stats_mean(v, 8));
	ASSERT_LT(fabs(stats_stddev(v, 8) - 2.138089935), 1e-6);
	ASSERT_TRUE(isnan(stats_stddev(v, 1)));
}

TEST(sizes_format_as_parse_size_reads_them)
{
	static const char *const sizes[] = { "2M", "8M", "64K", "1G", "3G" };
	char buf[32];
	size_t i, v;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ASSERT_EQ(0, parse_size(sizes[i], "--size", &v));
		format_size(buf, sizeof(buf), (double)v);
		ASSERT_STREQ(sizes[i], buf);
	}
	format_size(buf, sizeof(buf), 1000);
	ASSERT_STREQ("1000", buf);
	format_size(buf, sizeof(buf), 1536 * 1024);
	ASSERT_STREQ("1536K", buf);
}

TEST(numbers_in_a_range)
{
	static const char *const bad[] = {
		"", "x", "5x", "5%%", "%", "nan", "inf", "-inf", "1e999",
		"-0.1", "100.5", " ", "5 ", "0x", "1e",
	};
	double v;
	size_t i;

	ASSERT_EQ(0, parse_number("5", "--t", 0, 100, &v));
	ASSERT_EQ(5, v);
	ASSERT_EQ(0, parse_number("2.5%", "--t", 0, 100, &v));
	ASSERT_EQ(2.5, v);
	ASSERT_EQ(0, parse_number("100", "--t", 0, 100, &v));
	ASSERT_EQ(0, parse_number("0", "--t", 0, 100, &v));
	ASSERT_EQ(0, v);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 42;
		ASSERT_EQ(-1, parse_number(bad[i], "--t", 0, 100, &v)) {
			TH_LOG("'%s' was accepted", bad[i]);
		}
		ASSERT_EQ(42, v);
	}
}

TEST(list_items_match_whole)
{
	ASSERT_TRUE(list_has("ns_per_page", "ns_per_page"));
	ASSERT_TRUE(list_has("a,ns_per_page,b", "ns_per_page"));
	ASSERT_TRUE(list_has("a,ns_per_page", "ns_per_page"));
	ASSERT_FALSE(list_has("copy_ns_per_page", "ns_per_page"));
	ASSERT_FALSE(list_has("ns_per_page_x,a", "ns_per_page"));
	ASSERT_FALSE(list_has("", "ns_per_page"));
	ASSERT_TRUE(list_has("copy_ns_per_page,ns_per_page", "ns_per_page"));
}

TEST_HARNESS_MAIN

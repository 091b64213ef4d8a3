// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmalloc's kernel log lines (format strings of lib/test_vmalloc.c,
 * with and without the "xfailed:" field) become results with the right
 * worker; other lines are ignored; this kernel's test_vmalloc is located.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "vmalloc_test.h"

/* dmesg of a built-in test with two kernel threads, plus noise */
static const char two_workers[] =
"[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n"
"[    3.101000] Summary: fix_size_alloc_test passed: 1 failed: 0 xfailed: 0 repeat: 1 loops: 500000 avg: 412345 usec\n"
"[    3.101010] Summary: full_fit_alloc_test passed: 1 failed: 0 xfailed: 0 repeat: 1 loops: 500000 avg: 523456 usec\n"
"[    3.101020] All test took worker0=1234567890 cycles\n"
"[    3.101030] Summary: fix_size_alloc_test passed: 1 failed: 0 xfailed: 0 repeat: 1 loops: 500000 avg: 422222 usec\n"
"[    3.101040] Summary: full_fit_alloc_test passed: 0 failed: 1 xfailed: 0 repeat: 1 loops: 500000 avg: 533333 usec\n"
"[    3.101050] All test took worker1=1234567891 cycles\n"
"[    3.200000] Run /init as init process\n";

TEST(two_workers_from_dmesg)
{
	struct vt_results res = { 0 };

	ASSERT_EQ(4, vt_parse_text(&res, two_workers));
	EXPECT_STREQ("fix_size_alloc_test", res.r[0].test);
	EXPECT_EQ(0, res.r[0].worker);
	EXPECT_EQ(500000, res.r[0].loops);
	EXPECT_EQ(412345ULL, res.r[0].avg_us);
	EXPECT_EQ(0, res.r[0].xfailed);
	EXPECT_EQ(0, res.r[1].worker);
	EXPECT_EQ(1, res.r[2].worker);
	EXPECT_EQ(422222ULL, res.r[2].avg_us);
	EXPECT_EQ(1, res.r[3].failed);
	EXPECT_EQ(0, res.r[3].passed);
	vt_results_free(&res);
}

TEST(format_without_xfailed)
{
	struct vt_results res = { 0 };

	/* a /dev/kmsg record's text, kernels whose Summary has no xfailed */
	EXPECT_EQ(1, vt_parse_line(&res, "Summary: vm_map_ram_test passed: 3 failed: 0 repeat: 3 loops: 1000000 avg: 98765 usec"));
	EXPECT_EQ(1, vt_parse_line(&res, "All test took worker7=42 cycles"));
	ASSERT_EQ(1, res.n);
	EXPECT_STREQ("vm_map_ram_test", res.r[0].test);
	EXPECT_EQ(-1, res.r[0].xfailed);
	EXPECT_EQ(3, res.r[0].repeat);
	EXPECT_EQ(7, res.r[0].worker);
	vt_results_free(&res);
}

TEST(other_lines_are_ignored)
{
	struct vt_results res = { 0 };

	EXPECT_EQ(0, vt_parse_line(&res, "Summary: of something else"));
	EXPECT_EQ(0, vt_parse_line(&res, "vmalloc_test/0: started"));
	EXPECT_EQ(0, vt_parse_line(&res, "All test took worker=x cycles"));
	EXPECT_EQ(0, vt_parse_line(&res, ""));
	EXPECT_EQ(0, res.n);
	EXPECT_EQ(0, vt_parse_text(&res, "no test here\nnor here\n"));
	vt_results_free(&res);
}

TEST(test_names_follow_the_mask_bits)
{
	EXPECT_STREQ("fix_size_alloc_test", vt_test_name(0));
	EXPECT_STREQ("pcpu_alloc_test", vt_test_name(7));
	EXPECT_STREQ("vrealloc_test", vt_test_name(12));
	EXPECT_EQ(NULL, vt_test_name(VT_NR_TESTS));
}

TEST(locate_says_why_not)
{
	char why[512] = "";
	enum vt_where w = vt_locate(why, sizeof(why));

	if (w == VT_ABSENT) {
		EXPECT_NE(0, strlen(why));
	} else {
		EXPECT_TRUE(w == VT_MODULE || w == VT_BUILTIN);
	}
}

TEST_HARNESS_MAIN

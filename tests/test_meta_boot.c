// SPDX-License-Identifier: GPL-2.0
/*
 * Which boot a run is in (meta_boot.h): host stamps from the environment
 * and the kernel command line, their checks, the kernel's own values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kselftest_harness.h"
#include "lmb_test.h"
#include "meta_boot.h"
#include "text.h"

TEST(boot_id_shape)
{
	char longest[BOOT_ID_MAX + 2];

	EXPECT_TRUE(boot_id_ok("a631eecf-7d53-4ba1-855c-a3494217e718"));
	EXPECT_TRUE(boot_id_ok("x"));
	EXPECT_TRUE(boot_id_ok("host.1:boot_2"));
	memset(longest, 'a', sizeof(longest));
	longest[BOOT_ID_MAX] = '\0';
	EXPECT_TRUE(boot_id_ok(longest));
	longest[BOOT_ID_MAX] = 'a';
	longest[BOOT_ID_MAX + 1] = '\0';
	EXPECT_FALSE(boot_id_ok(longest));
	EXPECT_FALSE(boot_id_ok(""));
	EXPECT_FALSE(boot_id_ok("two words"));
	EXPECT_FALSE(boot_id_ok("a,b"));
	EXPECT_FALSE(boot_id_ok("a#b"));
	EXPECT_FALSE(boot_id_ok("a\nb"));
	EXPECT_FALSE(boot_id_ok("\"q\""));
}

TEST(boot_time_shape)
{
	EXPECT_TRUE(boot_time_ok("2026-12-07T00:01:02Z"));
	EXPECT_TRUE(boot_time_ok("2024-02-29T23:59:60Z"));	/* leap year, leap second */
	EXPECT_TRUE(boot_time_ok("2000-02-29T00:00:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-02-29T00:00:00Z"));
	EXPECT_FALSE(boot_time_ok("1900-02-29T00:00:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-13-01T00:00:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-00-01T00:00:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-04-31T00:00:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-12-07T24:00:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-12-07T00:60:00Z"));
	EXPECT_FALSE(boot_time_ok("2026-12-07T00:01:02"));	/* no Z */
	EXPECT_FALSE(boot_time_ok("2026-12-07 00:01:02Z"));
	EXPECT_FALSE(boot_time_ok("2026-12-07T00:01:02.5Z"));
	EXPECT_FALSE(boot_time_ok("1765065662"));
	EXPECT_FALSE(boot_time_ok(""));
}

TEST(format_and_stat)
{
	char buf[32];

	boot_time_format(0, buf, sizeof(buf));
	EXPECT_STREQ("1970-01-01T00:00:00Z", buf);
	boot_time_format(1765065662, buf, sizeof(buf));
	EXPECT_STREQ("2025-12-07T00:01:02Z", buf);
	EXPECT_TRUE(boot_time_ok(buf));
	EXPECT_EQ(1765065662, boot_time_from_stat("cpu 1 2 3\nbtime 1765065662\nprocesses 9\n"));
	EXPECT_EQ(1765065662, boot_time_from_stat("btime 1765065662"));
	EXPECT_EQ(-1, boot_time_from_stat("cpu 1 2 3\nprocesses 9\n"));
	EXPECT_EQ(-1, boot_time_from_stat("btime x\n"));
	EXPECT_EQ(-1, boot_time_from_stat("btime 12x\n"));
	EXPECT_EQ(-1, boot_time_from_stat("btime 0\n"));
	EXPECT_EQ(-1, boot_time_from_stat("xbtime 5\n"));
	EXPECT_EQ(-1, boot_time_from_stat(""));
}

static void clear_env(void)
{
	unsetenv("LMB_BOOT_ID");
	unsetenv("LMB_BOOT_TIME");
}

/* No stamp: the kernel's boot_id file and /proc/stat's btime. */
TEST(kernel_values)
{
	struct boot_identity b;
	char *want = text_read_value("/proc/sys/kernel/random/boot_id");
	char *stat = text_read_file("/proc/stat", 4 << 20), buf[32];

	clear_env();
	ASSERT_NE(NULL, want);
	ASSERT_NE(NULL, stat);
	ASSERT_EQ(0, boot_identity_read(&b, "console=ttyS0 root=/dev/vda"));
	EXPECT_STREQ(want, b.id);
	EXPECT_STREQ("kernel", b.id_source);
	boot_time_format((time_t)boot_time_from_stat(stat), buf, sizeof(buf));
	EXPECT_STREQ(buf, b.time);
	EXPECT_STREQ("kernel", b.time_source);
	boot_identity_free(&b);
	/* an unreadable command line is no stamp */
	ASSERT_EQ(0, boot_identity_read(&b, NULL));
	EXPECT_STREQ(want, b.id);
	boot_identity_free(&b);
	free(want);
	free(stat);
	EXPECT_NO_LEAKS();
}

/* The command line stamps; the environment wins over it, value by value. */
TEST(stamp_precedence)
{
	static const char cmdline[] =
		"console=ttyAMA0 lmb.boot_id=cmd-id lmb.boot_time=2026-01-02T03:04:05Z quiet";
	struct boot_identity b;

	clear_env();
	ASSERT_EQ(0, boot_identity_read(&b, cmdline));
	EXPECT_STREQ("cmd-id", b.id);
	EXPECT_STREQ("cmdline", b.id_source);
	EXPECT_STREQ("2026-01-02T03:04:05Z", b.time);
	EXPECT_STREQ("cmdline", b.time_source);
	boot_identity_free(&b);

	setenv("LMB_BOOT_ID", "env-id", 1);
	ASSERT_EQ(0, boot_identity_read(&b, cmdline));
	EXPECT_STREQ("env-id", b.id);
	EXPECT_STREQ("env", b.id_source);
	EXPECT_STREQ("cmdline", b.time_source);
	boot_identity_free(&b);

	setenv("LMB_BOOT_TIME", "2027-03-04T05:06:07Z", 1);
	ASSERT_EQ(0, boot_identity_read(&b, cmdline));
	EXPECT_STREQ("2027-03-04T05:06:07Z", b.time);
	EXPECT_STREQ("env", b.time_source);
	boot_identity_free(&b);

	/* after "--" the words are init's, not the kernel's */
	clear_env();
	ASSERT_EQ(0, boot_identity_read(&b, "quiet -- lmb.boot_id=init-arg"));
	EXPECT_STREQ("kernel", b.id_source);
	boot_identity_free(&b);
	EXPECT_NO_LEAKS();
}

/* A stamp given but malformed is refused with a message, never used. */
TEST(malformed_stamps_refused)
{
	static const struct {
		const char *env_id, *env_time, *cmdline, *says;
	} cases[] = {
		{ "has space", NULL, "", "LMB_BOOT_ID='has space'" },
		{ "", NULL, "", "LMB_BOOT_ID=''" },
		{ NULL, "2026-12-07", "", "LMB_BOOT_TIME='2026-12-07'" },
		{ NULL, NULL, "lmb.boot_id=a,b", "lmb.boot_id='a,b'" },
		{ NULL, NULL, "lmb.boot_id", "lmb.boot_id=''" },
		{ NULL, NULL, "lmb.boot_time=yesterday", "lmb.boot_time='yesterday'" },
		/* a good env stamp does not hide a bad command line time */
		{ "ok", NULL, "lmb.boot_time=1", "lmb.boot_time='1'" },
	};
	struct boot_identity b;
	struct lmb_capture cap;
	char msg[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		clear_env();
		if (cases[i].env_id)
			setenv("LMB_BOOT_ID", cases[i].env_id, 1);
		if (cases[i].env_time)
			setenv("LMB_BOOT_TIME", cases[i].env_time, 1);
		ASSERT_EQ(0, lmb_capture_begin(&cap));
		EXPECT_EQ(-1, boot_identity_read(&b, cases[i].cmdline))
			TH_LOG("case %zu", i);
		lmb_capture_end(&cap, msg, sizeof(msg));
		EXPECT_NE(NULL, strstr(msg, cases[i].says)) TH_LOG("case %zu: %s", i, msg);
		EXPECT_EQ(NULL, b.id);
		EXPECT_EQ(NULL, b.time);
	}
	clear_env();
	EXPECT_NO_LEAKS();
}

TEST_HARNESS_MAIN

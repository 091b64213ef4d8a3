// SPDX-License-Identifier: GPL-2.0
/*
 * The plugin's System.map reader: text and init text ranges (arm64 starts
 * in .init.text: __primary_switched), lookups, and what it refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "../emulation/plugin/ksyms.h"

/* The layout of a 7.3 arm64 System.map, shortened. */
static const char map[] =
	"ffff800080000000 T _text\n"
	"ffff800080010000 T _stext\n"
	"ffff800080010000 T do_one\n"
	"ffff800080020000 t zap_pte_range\n"
	"ffff800080310000 D _etext\n"
	"ffff800080320000 D some_data\n"
	"ffff8000803f0000 T _sinittext\n"
	"ffff8000803f7d48 t __primary_switched\n"
	"ffff80008041c064 T _einittext\n";

static void write_map(struct __test_metadata *_metadata, char *path,
		      const char *text)
{
	int fd = mkstemp(path);
	FILE *f;

	ASSERT_LE(0, fd);
	f = fdopen(fd, "w");
	ASSERT_NE(NULL, f);
	fputs(text, f);
	fclose(f);
}

TEST(init_text_is_kernel_text)
{
	char path[] = "/tmp/lmb-ksyms-XXXXXX", err[256];
	struct ksyms ks;
	long i;

	write_map(_metadata, path, map);
	ASSERT_EQ(0, ksyms_load(path, &ks, err, sizeof(err)));
	unlink(path);
	EXPECT_EQ(0xffff800080010000ULL, ks.text_start);
	EXPECT_EQ(0xffff800080310000ULL, ks.text_end);
	EXPECT_EQ(0xffff8000803f0000ULL, ks.init_start);
	EXPECT_EQ(0xffff80008041c064ULL, ks.init_end);
	/* the first kernel code of an arm64 boot is in text: no warning */
	EXPECT_TRUE(ksyms_in_text(&ks, 0xffff8000803f7d48ULL));
	i = ksyms_find(&ks, 0xffff8000803f7d60ULL);
	ASSERT_LE(0, i);
	EXPECT_STREQ("__primary_switched", ks.name[i]);
	i = ksyms_find(&ks, 0xffff800080020010ULL);
	ASSERT_LE(0, i);
	EXPECT_STREQ("zap_pte_range", ks.name[i]);
	/* between _etext and _sinittext (data), before, after, KASLR-slid */
	EXPECT_FALSE(ksyms_in_text(&ks, 0xffff800080320010ULL));
	EXPECT_EQ(-1, ksyms_find(&ks, 0xffff800080320010ULL));
	EXPECT_FALSE(ksyms_in_text(&ks, 0xffff800080000010ULL));
	EXPECT_FALSE(ksyms_in_text(&ks, 0xffff80008041c064ULL));
	EXPECT_FALSE(ksyms_in_text(&ks, 0xffff800180010000ULL));
	ksyms_free(&ks);
}

TEST(map_without_init_text_symbols)
{
	char path[] = "/tmp/lmb-ksyms-XXXXXX", err[256];
	struct ksyms ks;

	write_map(_metadata, path,
		  "ffff800008000000 T _stext\nffff800008000000 T probe_fn\nffff800008100000 T _etext\n");
	ASSERT_EQ(0, ksyms_load(path, &ks, err, sizeof(err)));
	unlink(path);
	EXPECT_EQ(0, ks.init_start);
	EXPECT_EQ(0, ks.init_end);
	EXPECT_TRUE(ksyms_in_text(&ks, 0xffff800008000004ULL));
	EXPECT_FALSE(ksyms_in_text(&ks, 0));
	EXPECT_FALSE(ksyms_in_text(&ks, 0xffff800008100000ULL));
	ksyms_free(&ks);
}

TEST(not_a_system_map)
{
	char path[] = "/tmp/lmb-ksyms-XXXXXX", err[256];
	struct ksyms ks;

	write_map(_metadata, path, "hello world\n");
	EXPECT_EQ(-1, ksyms_load(path, &ks, err, sizeof(err)));
	unlink(path);
	EXPECT_NE(NULL, strstr(err, "not a System.map line"));
}

TEST_HARNESS_MAIN

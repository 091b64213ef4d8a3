// SPDX-License-Identifier: GPL-2.0
/* run --layout-seed: the allocation's size from the seed, and the mapping. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "layout_seed.h"
#include "lmb_test.h"

/* Sizes: whole pages, 1..LAYOUT_SEED_MAX_PAGES, the same for the same seed, spread. */
TEST(sizes_from_seeds)
{
	static unsigned char seen[LAYOUT_SEED_MAX_PAGES + 1];
	size_t page = (size_t)sysconf(_SC_PAGESIZE), b, distinct = 0, low = 0;
	uint64_t s;

	for (s = 0; s < 1000; s++) {
		b = layout_seed_bytes(s, page);
		ASSERT_EQ(0, b % page);
		ASSERT_LE(page, b);
		ASSERT_GE(LAYOUT_SEED_MAX_PAGES * page, b);
		ASSERT_EQ(b, layout_seed_bytes(s, page));
		if (!seen[b / page]++)
			distinct++;
		low += b / page <= LAYOUT_SEED_MAX_PAGES / 2;
	}
	/* 1000 draws from 512 sizes: about 440 distinct; halves about even */
	EXPECT_LT(380, distinct);
	EXPECT_LT(430, low);
	EXPECT_GT(570, low);
	/* neighbouring seeds differ (the point of several seeds) */
	for (s = 1; s < 100; s++)
		EXPECT_NE(layout_seed_bytes(s - 1, page), layout_seed_bytes(s, page));
	/* the large seeds the CLI accepts */
	EXPECT_GE(LAYOUT_SEED_MAX_PAGES * page, layout_seed_bytes(1000000000, page));
	/* pages of another size scale the allocation */
	EXPECT_EQ(layout_seed_bytes(7, 4096) * 16, layout_seed_bytes(7, 65536));
}

/* The allocation is made, every page is resident, and release unmaps it. */
TEST(apply_and_release)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), i, n;
	struct layout_alloc a = { 0 };
	unsigned char *vec;
	int status;
	pid_t pid;
	void *addr;

	ASSERT_EQ(0, layout_seed_apply(12345, page, &a));
	ASSERT_NE(NULL, a.addr);
	ASSERT_EQ(layout_seed_bytes(12345, page), a.bytes);
	n = a.bytes / page;
	vec = calloc(n, 1);
	ASSERT_NE(NULL, vec);
	ASSERT_EQ(0, mincore(a.addr, a.bytes, vec));
	for (i = 0; i < n; i++)
		ASSERT_TRUE(vec[i] & 1) TH_LOG("page %zu of %zu not resident", i, n);
	/* a fork child does not have it (fork must not copy it) */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(mincore(a.addr, a.bytes, vec) == -1 && errno == ENOMEM ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("the child still maps the layout allocation");
	addr = a.addr;
	layout_seed_release(&a);
	EXPECT_EQ(NULL, a.addr);
	/* unmapped: mincore() refuses the range */
	EXPECT_EQ(-1, mincore(addr, n * page, vec));
	EXPECT_EQ(ENOMEM, errno);
	free(vec);
	/* releasing twice, or nothing, is harmless */
	layout_seed_release(&a);
	EXPECT_NO_LEAKS();
}

TEST_HARNESS_MAIN

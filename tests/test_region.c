// SPDX-License-Identifier: GPL-2.0
/* region.c: aligned mappings, the population pattern and the probes. */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "lmb_test.h"
#include "region.h"

TEST(map_aligned_is_aligned_and_usable)
{
	struct wl_params p = lmb_test_params(2, PAGE_MODE_4K);
	unsigned char *a = region_map_aligned(p.bytes, p.pmd_size);

	ASSERT_NE(NULL, a);
	ASSERT_EQ(0, (uintptr_t)a % p.pmd_size);
	ASSERT_TRUE(region_reads_zero(a, p.bytes, p.base_page));
	a[0] = 1;
	a[p.bytes - 1] = 2;
	ASSERT_TRUE(addr_is_mapped(a + p.bytes - 1, p.base_page));
	ASSERT_EQ(0, region_unmap(a, p.bytes));
	ASSERT_FALSE(addr_is_mapped(a, p.base_page));
	ASSERT_FALSE(addr_is_mapped(a + p.bytes - 1, p.base_page));
}

TEST(bad_sizes_fail_with_a_message)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), pmd = lmb_test_pmd_size();
	static const size_t sizes[] = { 0, 1, SIZE_MAX / 2 + 1, SIZE_MAX - 4095,
					(size_t)1 << 62 };
	struct lmb_capture cap;
	char out[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t bytes = sizes[i] & ~(sizes[i] > page ? page - 1 : 0);
		void *a, *r;

		ASSERT_EQ(0, lmb_capture_begin(&cap));
		a = region_map_aligned(bytes, pmd);
		r = region_reserve_aligned(bytes, pmd);
		lmb_capture_end(&cap, out, sizeof(out));
		EXPECT_EQ(NULL, a) {
			TH_LOG("mapped %zu bytes", bytes);
		}
		EXPECT_EQ(NULL, r);
		ASSERT_NE(NULL, strstr(out, "error:")) {
			TH_LOG("no message for %zu bytes: '%s'", bytes, out);
		}
	}
	/* Alignment that is not a power of two. */
	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ASSERT_EQ(NULL, region_map_aligned(pmd, pmd + page));
	lmb_capture_end(&cap, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "power of two"));
}

TEST(params_are_checked)
{
	struct wl_params p = lmb_test_params(2, PAGE_MODE_4K), bad;
	struct lmb_capture cap;
	char out[512];

	ASSERT_EQ(0, region_params_check(&p));
	bad = p;
	bad.bytes = p.pmd_size + p.base_page;
	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ASSERT_EQ(-1, region_params_check(&bad));
	ASSERT_EQ(NULL, region_create(&bad));
	lmb_capture_end(&cap, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "multiple of the PMD size"));
	bad = p;
	bad.bytes = 0;
	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ASSERT_EQ(-1, region_params_check(&bad));
	lmb_capture_end(&cap, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "0 bytes"));
	bad = p;
	bad.pmd_size = 3 * p.base_page;
	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ASSERT_EQ(-1, region_params_check(&bad));
	lmb_capture_end(&cap, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "PMD size"));
	bad = p;
	bad.base_page = p.base_page * 2;
	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ASSERT_EQ(-1, region_params_check(&bad));
	lmb_capture_end(&cap, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "base page size"));
}

TEST(pattern_tells_seed_and_position)
{
	struct wl_params p = lmb_test_params(2, PAGE_MODE_4K);
	unsigned char *a = region_create_populated(&p, REGION_SEED);

	ASSERT_NE(NULL, a);
	ASSERT_TRUE(region_holds_pattern(a, p.bytes, p.base_page, REGION_SEED));
	ASSERT_FALSE(region_reads_zero(a, p.bytes, p.base_page));
	ASSERT_FALSE(region_holds_pattern(a, p.bytes, p.base_page, REGION_SEED + 1));
	ASSERT_FALSE(region_holds_pattern(a, p.bytes, p.base_page, 0));
	/* The same bytes seen one page later are not the pattern. */
	ASSERT_FALSE(region_holds_pattern(a + p.base_page, p.bytes - p.base_page,
					  p.base_page, REGION_SEED));
	/* One wrong page anywhere is found. */
	a[p.bytes - p.base_page] ^= 0xff;
	ASSERT_FALSE(region_holds_pattern(a, p.bytes, p.base_page, REGION_SEED));
	ASSERT_EQ(0, madvise(a, p.bytes, MADV_DONTNEED));
	ASSERT_TRUE(region_reads_zero(a, p.bytes, p.base_page));
	a[p.base_page * 3] = 1;
	ASSERT_FALSE(region_reads_zero(a, p.bytes, p.base_page));
	ASSERT_EQ(0, region_unmap(a, p.bytes));
}

TEST(probes_tell_mapped_readable_writable)
{
	struct wl_params p = lmb_test_params(1, PAGE_MODE_4K);
	unsigned char *a = region_create_populated(&p, REGION_SEED);
	unsigned char *r = region_reserve_aligned(p.bytes, p.pmd_size);
	unsigned char before;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, r);
	before = a[0];
	ASSERT_TRUE(addr_is_mapped(a, p.base_page));
	ASSERT_TRUE(addr_is_readable(a));
	ASSERT_TRUE(addr_is_writable(a));
	ASSERT_EQ(before, a[0]);	/* the write probe puts the byte back */
	ASSERT_EQ(0, mprotect(a, p.bytes, PROT_READ));
	ASSERT_TRUE(addr_is_readable(a + p.base_page));
	ASSERT_FALSE(addr_is_writable(a + p.base_page));
	ASSERT_TRUE(region_holds_pattern(a, p.bytes, p.base_page, REGION_SEED));
	/* A PROT_NONE reservation is mapped but neither readable nor writable. */
	ASSERT_TRUE(addr_is_mapped(r, p.base_page));
	ASSERT_FALSE(addr_is_readable(r));
	ASSERT_FALSE(addr_is_writable(r));
	ASSERT_EQ(0, region_unmap(r, p.bytes));
	ASSERT_FALSE(addr_is_mapped(r, p.base_page));
	ASSERT_FALSE(addr_is_readable(r));
	ASSERT_EQ(0, region_unmap(a, p.bytes));
}

TEST(region_probe_finds_the_odd_page)
{
	struct wl_params p = lmb_test_params(2, PAGE_MODE_4K);
	unsigned char *a = region_create_populated(&p, REGION_SEED);
	unsigned char *odd;
	void *bad = NULL;

	ASSERT_NE(NULL, a);
	odd = a + 77 * p.base_page;
	ASSERT_EQ(0, region_probe(a, p.bytes, p.base_page, PROBE_WRITABLE, true, &bad));
	ASSERT_EQ(0, region_probe(a, p.bytes, p.base_page, PROBE_MAPPED, true, &bad));
	ASSERT_EQ(0, mprotect(odd, p.base_page, PROT_READ));
	ASSERT_EQ(1, region_probe(a, p.bytes, p.base_page, PROBE_WRITABLE, true, &bad));
	ASSERT_EQ(odd, bad);
	ASSERT_EQ(0, region_probe(a, p.bytes, p.base_page, PROBE_READABLE, true, &bad));
	ASSERT_EQ(0, munmap(odd, p.base_page));
	ASSERT_EQ(1, region_probe(a, p.bytes, p.base_page, PROBE_MAPPED, true, &bad));
	ASSERT_EQ(odd, bad);
	ASSERT_EQ(1, region_probe(a, p.bytes, p.base_page, PROBE_READABLE, true, &bad));
	ASSERT_EQ(odd, bad);
	ASSERT_EQ(0, munmap(a, p.bytes));
	ASSERT_EQ(0, region_probe(a, p.bytes, p.base_page, PROBE_MAPPED, false, &bad));
}

/* Large regions are sampled, but the first and the last page always count. */
TEST(region_probe_samples_large_regions_with_both_ends)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = 3000;
	unsigned char *a = region_map_aligned(pages * page, page);
	void *bad = NULL;

	ASSERT_NE(NULL, a);
	ASSERT_EQ(0, region_probe(a, pages * page, page, PROBE_MAPPED, true, &bad));
	ASSERT_EQ(0, munmap(a + (pages - 1) * page, page));
	ASSERT_EQ(1, region_probe(a, pages * page, page, PROBE_MAPPED, true, &bad));
	ASSERT_EQ(a + (pages - 1) * page, bad);
	ASSERT_EQ(0, munmap(a, page));
	ASSERT_EQ(1, region_probe(a, (pages - 1) * page, page, PROBE_MAPPED, true, &bad));
	ASSERT_EQ(a, bad);
	ASSERT_EQ(0, munmap(a + page, (pages - 2) * page));
}

TEST(anon_huge_kb_reports_what_the_pages_are)
{
	struct wl_params p4 = lmb_test_params(2, PAGE_MODE_4K);
	struct wl_params pt = lmb_test_params(2, PAGE_MODE_THP);
	const char *thp = region_thp_setting();
	void *a = region_create_populated(&p4, REGION_SEED), *t;
	long kb;

	ASSERT_NE(NULL, a);
	ASSERT_EQ(0, region_anon_huge_kb(a));
	ASSERT_EQ(0, region_unmap(a, p4.bytes));
	ASSERT_EQ(-1, region_anon_huge_kb(a));
	if (!strcmp(thp, "never") || !strcmp(thp, "unknown"))
		SKIP(return, "THP is '%s' here: no huge pages to see", thp);
	t = region_create_populated(&pt, REGION_SEED);
	ASSERT_NE(NULL, t);
	kb = region_anon_huge_kb(t);
	TH_LOG("THP '%s': %ld kB AnonHugePages of %zu kB", thp, kb, pt.bytes >> 10);
	if (kb == 0 && !strcmp(region_thp_setting(), "never")) {
		region_unmap(t, pt.bytes);
		SKIP(return, "THP became 'never' during the test (another run?)");
	}
	ASSERT_GT(kb, 0);
	ASSERT_LE(kb, (long)(pt.bytes >> 10));
	ASSERT_EQ(0, region_unmap(t, pt.bytes));
}

TEST(page_mode_on_unmapped_memory_fails)
{
	struct wl_params p = lmb_test_params(1, PAGE_MODE_4K);
	void *r = region_reserve_aligned(p.bytes, p.pmd_size);
	struct lmb_capture cap;
	char out[512];

	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, region_unmap(r, p.bytes));
	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ASSERT_EQ(-1, region_set_page_mode(r, p.bytes, PAGE_MODE_THP));
	lmb_capture_end(&cap, out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "MADV_HUGEPAGE"));
}

TEST(thp_setting_is_known_value)
{
	const char *s = region_thp_setting();

	ASSERT_TRUE(!strcmp(s, "always") || !strcmp(s, "madvise") ||
		    !strcmp(s, "never") || !strcmp(s, "unknown"));
}

static void write_file(struct __test_metadata *_metadata, const char *dir,
		       const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fputs(text, f);
	ASSERT_EQ(0, fclose(f));
}

/* The PMD size's own control (6.8+) wins over the top level unless "inherit". */
TEST(thp_setting_follows_the_pmd_size_control)
{
	char dir[] = "/tmp/lmb-thp-XXXXXX", sub[600], path[700];

	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_STREQ("unknown", region_thp_setting_in(dir));
	write_file(_metadata, dir, "enabled", "always [madvise] never\n");
	ASSERT_STREQ("madvise", region_thp_setting_in(dir));	/* before 6.8 */
	write_file(_metadata, dir, "hpage_pmd_size", "2097152\n");
	snprintf(sub, sizeof(sub), "%s/hugepages-2048kB", dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	write_file(_metadata, sub, "enabled", "always [inherit] madvise never\n");
	ASSERT_STREQ("madvise", region_thp_setting_in(dir));
	write_file(_metadata, sub, "enabled", "always inherit madvise [never]\n");
	ASSERT_STREQ("never", region_thp_setting_in(dir));
	write_file(_metadata, dir, "enabled", "always madvise [never]\n");
	write_file(_metadata, sub, "enabled", "[always] inherit madvise never\n");
	ASSERT_STREQ("always", region_thp_setting_in(dir));
	write_file(_metadata, dir, "enabled", "garbage\n");
	ASSERT_STREQ("unknown", region_thp_setting_in(dir));
	snprintf(path, sizeof(path), "%s/enabled", sub);
	unlink(path);
	rmdir(sub);
	snprintf(path, sizeof(path), "%s/enabled", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/hpage_pmd_size", dir);
	unlink(path);
	ASSERT_EQ(0, rmdir(dir));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Every workload through setup / prepare / step / verify / teardown at a
 * small size in 4K and THP mode, and each verification shown to catch the
 * failure it exists for.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "lmb_test.h"
#include "region.h"
#include "units.h"

#define CYCLES 4

/*
 * The workloads of the table with every flag of @flags, picked by their
 * flags (workload.h), never by name: a new storm gets these tests by being
 * in the table.  Others have their own tests.
 */
static size_t flagged(unsigned int flags, const struct workload **out,
		      size_t max)
{
	size_t i, n = 0;

	for (i = 0; lmb_workloads[i] && n < max; i++)
		if ((lmb_workloads[i]->flags & flags) == flags)
			out[n++] = lmb_workloads[i];
	return n;
}

/* Parameters every region workload accepts (the chunked ones need these). */
static struct wl_params region_params(size_t pmds, enum page_mode mode)
{
	struct wl_params p = lmb_test_params(pmds, mode);

	p.chunk_bytes = 16 * p.base_page;
	p.batch = 4;
	return p;
}

static bool thp_possible(void)
{
	const char *s = region_thp_setting();

	return !strcmp(s, "always") || !strcmp(s, "madvise");
}

/* One prepare + timed step as the harness does it; returns step()'s result. */
static int one_sample(const struct workload *w, struct wl_state *st,
		      struct step_split *split, uint64_t *ns)
{
	int ret;

	if (w->prepare && w->prepare(st))
		return -1;
	memset(split, 0, sizeof(*split));
	st->window_open_ns = now_ns();
	ret = w->step(st, split);
	*ns = now_ns() - st->window_open_ns;
	return ret;
}

/* setup, CYCLES x (prepare, check the region, step, verify), teardown. */
static void run_cycles(struct __test_metadata *_metadata,
		       const struct workload *w, enum page_mode mode)
{
	struct wl_params p = region_params(2, mode);
	struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };
	char *seen[2 * CYCLES];
	struct step_split split;
	uint64_t ns;
	int i, ret;

	ret = w->setup(&st);
	if (ret == WL_SKIP && (w->flags & WL_MAY_SKIP)) {
		TH_LOG("%s skips on this machine (flagged may-skip)", w->name);
		return;
	}
	ASSERT_EQ(0, ret);
	for (i = 0; i < CYCLES; i++) {
		if (w->prepare)
			ASSERT_EQ(0, w->prepare(&st));
		ASSERT_NE(NULL, st.region);
		seen[2 * i] = st.region;
		ASSERT_EQ(0, (uintptr_t)st.region % p.base_page);
		ASSERT_TRUE(region_holds_pattern(st.region, p.bytes, p.base_page,
						 REGION_SEED)) {
			TH_LOG("%s sample %d: region not populated before the step",
			       w->name, i);
		}
		if (mode == PAGE_MODE_4K)
			ASSERT_EQ(0, region_anon_huge_kb(st.region));
		memset(&split, 0, sizeof(split));
		st.window_open_ns = now_ns();
		ASSERT_EQ(0, w->step(&st, &split));
		ns = now_ns() - st.window_open_ns;
		seen[2 * i + 1] = st.region;
		if (split.name) {
			ASSERT_STREQ("copy", split.name);
			ASSERT_GT(split.ns, 0);
			ASSERT_LE(split.ns, ns);
		}
		ASSERT_EQ(0, w->verify(&st)) {
			TH_LOG("%s %s sample %d failed verification", w->name,
			       mode == PAGE_MODE_THP ? "thp" : "4k", i);
		}
	}
	w->teardown(&st);
	ASSERT_EQ(NULL, st.priv);
	/* Nothing the workload mapped survives teardown. */
	for (i = 0; i < 2 * CYCLES; i++) {
		ASSERT_FALSE(addr_is_mapped(seen[i], p.base_page)) {
			TH_LOG("%s left %p mapped", w->name, seen[i]);
		}
		ASSERT_FALSE(addr_is_mapped(seen[i] + p.bytes - 1, p.base_page));
	}
}

TEST(table_is_complete)
{
	size_t i, n = 0;

	for (i = 0; lmb_workloads[i]; i++, n++) {
		const struct workload *w = lmb_workloads[i];

		ASSERT_NE(NULL, w->name);
		ASSERT_NE(NULL, w->summary);
		ASSERT_NE(NULL, w->kernel_path);
		ASSERT_NE(NULL, w->setup);
		ASSERT_NE(NULL, w->step);
		ASSERT_NE(NULL, w->verify);
		ASSERT_NE(NULL, w->teardown);
		ASSERT_NE(NULL, strchr(w->kernel_path, '_'));
		/* Names are unique: the lookup returns this very entry. */
		ASSERT_EQ(w, workload_find(w->name));
	}
	ASSERT_GE(n, 5);
	ASSERT_EQ(NULL, workload_find("nope"));
	ASSERT_EQ(NULL, workload_find("MUNMAP"));
	ASSERT_EQ(NULL, workload_find(""));
	ASSERT_EQ(NULL, workload_find(NULL));
}

/* The flags are consistent and named; `-w storms` has its members. */
TEST(flags_are_consistent)
{
	const struct workload *w[64];
	unsigned int bit;
	size_t i, n;

	n = flagged(WL_STORM, w, ARRAY_SIZE(w));
	ASSERT_GE(n, 5);
	for (i = 0; i < n; i++) {
		/* a storm acts on a region: its thp_kb means something */
		EXPECT_TRUE(w[i]->flags & WL_REGION) {
			TH_LOG("storm %s is not flagged region", w[i]->name);
		}
		EXPECT_FALSE(w[i]->batched);
	}
	for (i = 0; lmb_workloads[i]; i++)
		for (bit = 1; bit; bit <<= 1)
			if (lmb_workloads[i]->flags & bit) {
				ASSERT_NE(NULL, workload_flag_name(bit));
				ASSERT_EQ(bit, workload_flag_find(workload_flag_name(bit)));
			}
	ASSERT_EQ(0, workload_flag_find("bogus"));
	ASSERT_EQ(0, workload_flag_find(NULL));
	ASSERT_EQ(NULL, workload_flag_name(1u << 31));
}

TEST(every_region_workload_4k)
{
	const struct workload *w[64];
	size_t i, n = flagged(WL_REGION, w, ARRAY_SIZE(w));

	ASSERT_GE(n, 5);
	for (i = 0; i < n; i++)
		run_cycles(_metadata, w[i], PAGE_MODE_4K);
}

TEST(every_region_workload_thp)
{
	const struct workload *w[64];
	size_t i, n = flagged(WL_REGION, w, ARRAY_SIZE(w));

	/* Runs on base pages when THP is off; it must pass all the same. */
	for (i = 0; i < n; i++)
		run_cycles(_metadata, w[i], PAGE_MODE_THP);
}

/* In THP mode the populated region really is huge pages before the step. */
TEST(thp_mode_gets_huge_pages)
{
	const struct workload *wl[64];
	size_t n = flagged(WL_REGION | WL_THP_KEPT, wl, ARRAY_SIZE(wl));
	struct wl_params p = region_params(2, PAGE_MODE_THP);
	struct step_split split;
	uint64_t ns;
	size_t i;
	long kb;
	int s;

	if (!thp_possible())
		SKIP(return, "THP is '%s': no huge pages to check", region_thp_setting());
	ASSERT_GE(n, 4);
	for (i = 0; i < n; i++) {
		const struct workload *w = wl[i];
		struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };

		ASSERT_EQ(0, w->setup(&st));
		for (s = 0; s < 3; s++) {
			if (w->prepare)
				ASSERT_EQ(0, w->prepare(&st));
			kb = region_anon_huge_kb(st.region);
			if (kb == 0 && !thp_possible()) {
				/* Another run switched THP off (mTHP runs do). */
				w->teardown(&st);
				SKIP(return, "THP became '%s' during the test",
				     region_thp_setting());
			}
			EXPECT_GT(kb, 0) {
				TH_LOG("%s sample %d: no AnonHugePages", w->name, s);
			}
			ASSERT_EQ(0, w->step(&st, &split));
			/* verify() must leave the next prepare() huge pages too. */
			ASSERT_EQ(0, w->verify(&st));
		}
		w->teardown(&st);
	}
	/* The offset mremap splits the huge PMDs on its first move. */
	{
		const struct workload *w = workload_find("mremap");
		struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };

		ASSERT_EQ(0, w->setup(&st));
		kb = region_anon_huge_kb(st.region);
		if (kb == 0 && !thp_possible()) {
			w->teardown(&st);
			SKIP(return, "THP became '%s' during the test",
			     region_thp_setting());
		}
		ASSERT_GT(kb, 0);
		ASSERT_EQ(0, one_sample(w, &st, &split, &ns));
		ASSERT_EQ(0, region_anon_huge_kb(st.region));
		ASSERT_EQ(0, w->verify(&st));
		w->teardown(&st);
	}
}

/* Fixture: one workload set up and one sample taken, verification not yet run. */
FIXTURE(stepped) {
	struct wl_params p;
	struct wl_state st;
	const struct workload *w;
	struct step_split split;
};

FIXTURE_SETUP(stepped)
{
	self->p = lmb_test_params(2, PAGE_MODE_4K);
	self->st.p = &self->p;
	self->st.pages = self->p.bytes / self->p.base_page;
}

FIXTURE_TEARDOWN(stepped)
{
	if (self->w)
		self->w->teardown(&self->st);
}

static void take_sample(struct __test_metadata *_metadata,
			FIXTURE_DATA(stepped) *self, const char *name)
{
	uint64_t ns;

	self->w = workload_find(name);
	ASSERT_NE(NULL, self->w);
	ASSERT_EQ(0, self->w->setup(&self->st));
	ASSERT_EQ(0, one_sample(self->w, &self->st, &self->split, &ns));
}

/* Verify returns -1 (with a message) now. */
static void expect_verify_fails(struct __test_metadata *_metadata,
				FIXTURE_DATA(stepped) *self, const char *what)
{
	struct lmb_capture cap;
	char out[1024];
	int ret;

	ASSERT_EQ(0, lmb_capture_begin(&cap));
	ret = self->w->verify(&self->st);
	lmb_capture_end(&cap, out, sizeof(out));
	out[strcspn(out, "\n")] = '\0';
	ASSERT_EQ(-1, ret) {
		TH_LOG("%s: verify missed: %s", self->w->name, what);
	}
	ASSERT_NE(NULL, strstr(out, "error:"));
	TH_LOG("%s caught (%s): %s", self->w->name, what, out);
}

TEST_F(stepped, munmap_verify_catches_a_mapping)
{
	void *again;

	take_sample(_metadata, self, "munmap");
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_FALSE(addr_is_mapped(self->st.region, self->p.base_page));
	/* Something mapped again in the unmapped range must be noticed. */
	again = mmap((char *)self->st.region + self->p.bytes - self->p.base_page,
		     self->p.base_page, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ASSERT_NE(MAP_FAILED, again);
	expect_verify_fails(_metadata, self, "page mapped after munmap");
	ASSERT_EQ(0, munmap(again, self->p.base_page));
}

TEST_F(stepped, madvise_verify_catches_surviving_bytes)
{
	take_sample(_metadata, self, "madvise");
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_TRUE(region_reads_zero(self->st.region, self->p.bytes, self->p.base_page));
	((char *)self->st.region)[self->p.base_page * 5] = 1;
	expect_verify_fails(_metadata, self, "non-zero byte after DONTNEED");
}

TEST_F(stepped, madvise_free_verify_catches_pages_not_lazy_free)
{
	long kb;

	take_sample(_metadata, self, "madvise-free");
	ASSERT_EQ(0, self->w->verify(&self->st));
	kb = region_smaps_kb(self->st.region, "LazyFree");
	/* all of it, but the last per-CPU batch of at most 31 small folios */
	ASSERT_LE(kb, (long)(self->p.bytes >> 10));
	ASSERT_GE(kb, (long)(self->p.bytes >> 10) - 31 * sysconf(_SC_NPROCESSORS_ONLN) *
		  (long)(self->p.base_page >> 10));
	/* fresh pages, no MADV_FREE: nothing is lazily free */
	ASSERT_EQ(0, self->w->prepare(&self->st));
	ASSERT_EQ(0, region_smaps_kb(self->st.region, "LazyFree"));
	expect_verify_fails(_metadata, self, "prepare() without the step");
}

TEST_F(stepped, fork_verify_catches_wrong_bytes)
{
	take_sample(_metadata, self, "fork");
	ASSERT_EQ(0, self->w->verify(&self->st));
	region_populate(self->st.region, self->p.bytes, self->p.base_page,
			REGION_SEED + 1);
	expect_verify_fails(_metadata, self, "child sees other bytes");
}

TEST_F(stepped, mprotect_verify_catches_wrong_protection)
{
	take_sample(_metadata, self, "mprotect");	/* RW -> RO */
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_FALSE(addr_is_writable(self->st.region));
	ASSERT_TRUE(addr_is_readable(self->st.region));
	ASSERT_EQ(0, mprotect(self->st.region, self->p.base_page,
			      PROT_READ | PROT_WRITE));
	expect_verify_fails(_metadata, self, "writable page after RO");
	ASSERT_EQ(0, mprotect(self->st.region, self->p.base_page, PROT_READ));
	ASSERT_EQ(0, self->w->prepare(&self->st));	/* RO -> RW, untimed */
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_TRUE(addr_is_writable(self->st.region));
	ASSERT_EQ(0, mprotect((char *)self->st.region + self->p.bytes - self->p.base_page,
			      self->p.base_page, PROT_READ));
	expect_verify_fails(_metadata, self, "read-only page after RW");
}

static void mremap_checks(struct __test_metadata *_metadata,
			  FIXTURE_DATA(stepped) *self, const char *name)
{
	char *old, *moved, *squat;
	uint64_t ns;

	take_sample(_metadata, self, name);
	moved = self->st.region;
	ASSERT_EQ(0, self->w->verify(&self->st));
	/* Find the old range: the next move goes back there. */
	ASSERT_EQ(0, one_sample(self->w, &self->st, &self->split, &ns));
	old = moved;
	moved = self->st.region;
	ASSERT_NE(old, moved);
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_FALSE(addr_is_readable(old));
	ASSERT_FALSE(addr_is_mapped(old, self->p.base_page));
	/* Bytes that did not arrive. */
	moved[self->p.base_page * 9] ^= 0x40;
	expect_verify_fails(_metadata, self, "wrong bytes at the destination");
	moved[self->p.base_page * 9] ^= 0x40;
	/* The old range still readable (someone mapped it). */
	squat = mmap(old + self->p.base_page, self->p.base_page, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ASSERT_NE(MAP_FAILED, squat);
	expect_verify_fails(_metadata, self, "old range still readable");
	/* The squatter is not ours: the next samples must move elsewhere. */
	ASSERT_EQ(0, one_sample(self->w, &self->st, &self->split, &ns));
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_EQ(0, one_sample(self->w, &self->st, &self->split, &ns));
	ASSERT_EQ(0, self->w->verify(&self->st));
	ASSERT_TRUE(addr_is_readable(squat));
	self->w->teardown(&self->st);
	self->w = NULL;
	ASSERT_TRUE(addr_is_readable(squat));	/* teardown left it alone */
	ASSERT_EQ(0, munmap(squat, self->p.base_page));
}

TEST_F(stepped, mremap_verify_catches_bytes_and_old_range)
{
	mremap_checks(_metadata, self, "mremap");
}

TEST_F(stepped, mremap_pmd_verify_catches_bytes_and_old_range)
{
	mremap_checks(_metadata, self, "mremap-pmd");
}

/*
 * Where the data lands decides the kernel path (see workloads/mremap.c),
 * and the reservations around both positions are gone after teardown.
 */
TEST(mremap_destination_alignment)
{
	struct wl_params p = lmb_test_params(2, PAGE_MODE_4K);
	static const char *const names[] = { "mremap", "mremap-pmd" };
	size_t span = p.bytes + p.pmd_size;
	struct step_split split;
	char *areas[2];
	uint64_t ns;
	size_t i;
	int s;

	for (i = 0; i < 2; i++) {
		const struct workload *w = workload_find(names[i]);
		struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };
		bool offset_seen = false;

		ASSERT_EQ(0, w->setup(&st));
		for (s = 0; s < 4; s++) {
			uintptr_t off;

			ASSERT_EQ(0, one_sample(w, &st, &split, &ns));
			off = (uintptr_t)st.region % p.pmd_size;
			if (off) {
				offset_seen = true;
				ASSERT_EQ(p.base_page, off);
			}
			areas[s % 2] = (char *)st.region - off;
			/* The area around the data is still reserved. */
			ASSERT_TRUE(addr_is_mapped(areas[s % 2] + span - 1, p.base_page));
			ASSERT_FALSE(addr_is_readable(areas[s % 2] + span - 1));
		}
		ASSERT_EQ(i == 0, offset_seen);
		ASSERT_NE(areas[0], areas[1]);
		w->teardown(&st);
		for (s = 0; s < 2; s++)
			ASSERT_EQ(0, region_probe(areas[s], span, p.base_page,
						  PROBE_MAPPED, false, NULL));
	}
}

TEST(bad_params_fail_cleanly)
{
	struct wl_params p = region_params(2, PAGE_MODE_4K);
	const struct workload *wl[64];
	size_t i, n = flagged(WL_REGION, wl, ARRAY_SIZE(wl));
	struct lmb_capture cap;
	char out[4096];

	p.bytes += p.base_page;
	for (i = 0; i < n; i++) {
		const struct workload *w = wl[i];
		struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };
		int ret;

		ASSERT_EQ(0, lmb_capture_begin(&cap));
		ret = w->setup(&st);
		lmb_capture_end(&cap, out, sizeof(out));
		if (ret == WL_SKIP && (w->flags & WL_MAY_SKIP))
			continue;
		EXPECT_EQ(-1, ret) {
			TH_LOG("%s accepted %zu bytes", w->name, p.bytes);
		}
		EXPECT_EQ(NULL, st.priv);
		EXPECT_EQ(NULL, st.region);
		EXPECT_NE(NULL, strstr(out, "multiple of the PMD size")) {
			TH_LOG("%s said: '%s'", w->name, out);
		}
	}
}

TEST_HARNESS_MAIN

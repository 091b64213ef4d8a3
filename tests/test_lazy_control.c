// SPDX-License-Identifier: GPL-2.0
/*
 * The lazy-control workload against a fake control directory
 * (LMB_LAZY_CONTROL_DIR): when it skips, what it writes to .../run, and
 * that verify() catches a run that did not happen or did not exercise the
 * nested case.  The real control runs only on a -ctl kernel
 * (kernel-patches/control/, scripts/qemu-run.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "lmb_test.h"

extern const struct workload wl_lazy_control;

FIXTURE(fake_control)
{
	char dir[64];
	char run[96];
	char last[96];
	struct wl_params p;
	struct wl_state st;
};

static void write_text(struct __test_metadata *_metadata, const char *path,
		       const char *text)
{
	FILE *f = fopen(path, "w");

	ASSERT_NE(NULL, f);
	fputs(text, f);
	ASSERT_EQ(0, fclose(f));
}

static void read_text(struct __test_metadata *_metadata, const char *path,
		      char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ASSERT_NE(NULL, f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* A "last" file as the control patch writes it. */
static void write_last(struct __test_metadata *_metadata, const char *path,
		       unsigned long runs, size_t pages, int dpa, int nested,
		       int mapped)
{
	char text[256];

	snprintf(text, sizeof(text),
		 "runs %lu\npages %zu\ndebug_pagealloc %d\nactive_before_alloc 1\nactive_after_alloc 1\nactive_after_ptes 1\nnested_alloc %d\nmapped_ok %d\n",
		 runs, pages, dpa, nested, mapped);
	write_text(_metadata, path, text);
}

FIXTURE_SETUP(fake_control)
{
	strcpy(self->dir, "/tmp/lmb-lazy-control-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->run, sizeof(self->run), "%s/run", self->dir);
	snprintf(self->last, sizeof(self->last), "%s/last", self->dir);
	write_text(_metadata, self->run, "");
	ASSERT_EQ(0, setenv("LMB_LAZY_CONTROL_DIR", self->dir, 1));
	self->p = lmb_test_params(1, PAGE_MODE_4K);
	self->st.p = &self->p;
	self->st.pages = self->p.bytes / self->p.base_page;
}

FIXTURE_TEARDOWN(fake_control)
{
	unlink(self->run);
	unlink(self->last);
	rmdir(self->dir);
	unsetenv("LMB_LAZY_CONTROL_DIR");
}

TEST_F(fake_control, skips_without_the_control)
{
	unlink(self->run);
	ASSERT_EQ(WL_SKIP, wl_lazy_control.setup(&self->st));
	ASSERT_EQ(NULL, self->st.priv);
}

TEST_F(fake_control, skips_in_thp_mode)
{
	self->p.mode = PAGE_MODE_THP;
	ASSERT_EQ(WL_SKIP, wl_lazy_control.setup(&self->st));
}

TEST_F(fake_control, refuses_more_pages_than_the_control_takes)
{
	self->st.pages = (1UL << 18) + 1;
	ASSERT_EQ(-1, wl_lazy_control.setup(&self->st));
}

TEST_F(fake_control, skips_when_debug_pagealloc_is_off)
{
	write_last(_metadata, self->last, 1, 1, 0, 1, 1);
	ASSERT_EQ(WL_SKIP, wl_lazy_control.setup(&self->st));
}

TEST_F(fake_control, refuses_a_last_file_without_its_fields)
{
	write_text(_metadata, self->last, "runs 1\npages 1\n");
	ASSERT_EQ(-1, wl_lazy_control.setup(&self->st));
}

TEST_F(fake_control, writes_the_page_count_and_verifies_the_run)
{
	struct step_split split = { 0 };
	char text[64], want[64];

	write_last(_metadata, self->last, 7, 1, 1, 1, 1);
	ASSERT_EQ(0, wl_lazy_control.setup(&self->st));
	/* setup's one-page probe, then the step's N. */
	ASSERT_EQ(0, wl_lazy_control.prepare(&self->st));
	ASSERT_EQ(0, wl_lazy_control.step(&self->st, &split));
	read_text(_metadata, self->run, text, sizeof(text));
	snprintf(want, sizeof(want), "1%zu", self->st.pages);
	ASSERT_STREQ(want, text);

	/* The kernel did not count a run: verify says so. */
	ASSERT_EQ(-1, wl_lazy_control.verify(&self->st));
	/* One more run, of N pages, nested and read back: fine. */
	write_last(_metadata, self->last, 8, self->st.pages, 1, 1, 1);
	ASSERT_EQ(0, wl_lazy_control.verify(&self->st));
	/* A run of another size is someone else's. */
	write_last(_metadata, self->last, 8, self->st.pages + 1, 1, 1, 1);
	ASSERT_EQ(-1, wl_lazy_control.verify(&self->st));
	/* The nested allocation failed, or the mapping is wrong. */
	write_last(_metadata, self->last, 8, self->st.pages, 1, 0, 1);
	ASSERT_EQ(-1, wl_lazy_control.verify(&self->st));
	write_last(_metadata, self->last, 8, self->st.pages, 1, 1, 0);
	ASSERT_EQ(-1, wl_lazy_control.verify(&self->st));
	/* prepare() takes the new run count as the next baseline. */
	write_last(_metadata, self->last, 8, self->st.pages, 1, 1, 1);
	ASSERT_EQ(0, wl_lazy_control.prepare(&self->st));
	ASSERT_EQ(-1, wl_lazy_control.verify(&self->st));

	wl_lazy_control.teardown(&self->st);
	ASSERT_EQ(NULL, self->st.priv);
}

TEST_HARNESS_MAIN

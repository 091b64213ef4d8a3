// SPDX-License-Identifier: GPL-2.0
/*
 * Calibration files: what calib_write writes calib_read reads back, the
 * lookup finds one storm, metric and level, and damaged files are refused
 * with the line and what is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calibration.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

static char path[64];

static void write_text(const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/lmb-cal-XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

/* calib_read of @text: its return, and stderr in @err. */
static int read_text(const char *text, struct calibration *c, char *err, size_t cap)
{
	struct lmb_capture cap_err;
	int ret;

	write_text(text);
	lmb_capture_begin(&cap_err);
	ret = calib_read(path, c);
	lmb_capture_end(&cap_err, err, cap);
	unlink(path);
	return ret;
}

#define HEAD "# lazymmu-bench calibration, schema 1\n" CALIB_HEAD "\n"

TEST(round_trip)
{
	struct calibration c = { .host = strdup("vm1"), .created = strdup("2026-12-07T00:00:00Z"),
				 .source = strdup("a/ b/") }, r;
	struct calib_entry e = { .workload = "munmap", .page_mode = "4k",
				 .size_bytes = 67108864, .threads = 1,
				 .metric = "ns_per_page", .level = "boot",
				 .rel_var = 0.00041, .units = 6 };
	const struct calib_entry *got;
	FILE *f;
	int fd;

	ASSERT_EQ(0, calib_add(&c, &e));
	e.level = "run";
	e.rel_var = 0.00012;
	e.units = 24;
	ASSERT_EQ(0, calib_add(&c, &e));
	snprintf(path, sizeof(path), "/tmp/lmb-cal-XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	ASSERT_EQ(0, calib_write(f, &c));
	fclose(f);
	ASSERT_EQ(0, calib_read(path, &r));
	unlink(path);
	ASSERT_EQ(2, r.n);
	ASSERT_STREQ("vm1", r.host);
	ASSERT_STREQ("a/ b/", r.source);
	got = calib_find(&r, "munmap", "4k", 67108864, 1, "ns_per_page", "boot");
	ASSERT_NE(NULL, got);
	ASSERT_LT(fabs(got->rel_var - 0.00041), 1e-12);
	ASSERT_EQ(6, got->units);
	got = calib_find(&r, "munmap", "4k", 67108864, 1, "ns_per_page", "run");
	ASSERT_NE(NULL, got);
	ASSERT_EQ(24, got->units);
	ASSERT_EQ(NULL, calib_find(&r, "munmap", "thp", 67108864, 1, "ns_per_page", "boot"));
	ASSERT_EQ(NULL, calib_find(&r, "munmap", "4k", 67108864, 2, "ns_per_page", "boot"));
	calib_free(&c);
	calib_free(&r);
}

TEST(damaged_files_are_refused_with_the_line)
{
	static const struct {
		const char *text, *says;
	} bad[] = {
		{ "workload,page_mode\n", ":1: not a lazymmu-bench calibration file" },
		{ "# lazymmu-bench calibration, schema 1\nfoo,bar\n", ":2: expected the header" },
		{ HEAD "munmap,4k,64M,1,ns_per_page,boot,0.1,3\n", ":3: size_bytes '64M'" },
		{ HEAD "munmap,4k,4096,1,ns_per_page,host,0.1,3\n", ":3: level 'host'" },
		{ HEAD "munmap,4k,4096,1,ns_per_page,boot,-1,3\n", ":3: rel_var '-1'" },
		{ HEAD "munmap,4k,4096,1,ns_per_page,boot,0.1,0\n", ":3: units '0'" },
		{ HEAD "munmap,4k,4096,1,ns_per_page,boot,0.1\n", ":3: a calibration row has 8 fields" },
		{ HEAD "munmap,4k,4096,1,ns_per_page,boot,0.1,3\nmunmap,4k,4096,1,ns_per_page,boot,0.2,3\n",
		  ":4: a second row" },
		{ "# lazymmu-bench calibration, schema 1\n", "no header row" },
	};
	struct calibration c;
	char err[1024];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(-1, read_text(bad[i].text, &c, err, sizeof(err)));
		EXPECT_NE(NULL, strstr(err, bad[i].says)) {
			TH_LOG("case %zu: '%s' does not say '%s'", i, err, bad[i].says);
		}
		ASSERT_EQ(0, c.n);
	}
	ASSERT_EQ(0, read_text(HEAD "munmap,4k,4096,1,ns_per_page,sample,0.001,30\n",
			       &c, err, sizeof(err)));
	ASSERT_EQ(1, c.n);
	calib_free(&c);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * CPU identity from untrusted sysfs and cpuinfo text: every midr_el1 value
 * that is not a MIDR (too long, a sign, RES0 bits set, not hex, empty) is
 * refused and named with its file and value, a valid cpuinfo is used
 * instead, cpuinfo fields out of range or missing drop their block, and the
 * "newer kernel tree" advice is only given for a core a newer tree lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counters_core.h"
#include "host_paths.h"
#include "meta_cpu.h"
#include "pmu_events.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

TEST(midr_parse_table)
{
	static const struct {
		const char *in;
		int err;
		uint64_t midr;
	} rows[] = {
		{ "0x00000000410fd0c1", MIDR_OK, 0x410fd0c1 },	/* as sysfs writes it */
		{ "0x410fd0c1", MIDR_OK, 0x410fd0c1 },
		{ "410FD0C1", MIDR_OK, 0x410fd0c1 },
		{ "0X0", MIDR_OK, 0 },
		{ "00000000000000000000000000000000410fd0c1", MIDR_OK, 0x410fd0c1 },
		{ "0xffffffff", MIDR_OK, 0xffffffff },
		{ "0x0000000100000000", MIDR_TOO_BIG, 0 },	/* RES0 bits */
		{ "0xffffffffffffffff", MIDR_TOO_BIG, 0 },
		{ "ffffffffffffffffffffffffffffffffffffffff", MIDR_TOO_BIG, 0 },
		{ "1234567890123456789012345678901234567890", MIDR_TOO_BIG, 0 },
		{ "-1", MIDR_MALFORMED, 0 },
		{ "+1", MIDR_MALFORMED, 0 },
		{ "", MIDR_MALFORMED, 0 },
		{ "0x", MIDR_MALFORMED, 0 },
		{ "zzz", MIDR_MALFORMED, 0 },
		{ " 0x1", MIDR_MALFORMED, 0 },
		{ "0x1 ", MIDR_MALFORMED, 0 },
		{ "0x41\n0x42", MIDR_MALFORMED, 0 },
		{ "0x0x1", MIDR_MALFORMED, 0 },
		{ "1e3", MIDR_OK, 0x1e3 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		uint64_t midr = 0xdead;
		int err = midr_parse(rows[i].in, &midr);

		EXPECT_EQ(rows[i].err, err) TH_LOG("'%s'", rows[i].in);
		if (rows[i].err == MIDR_OK) {
			EXPECT_EQ(rows[i].midr, midr) TH_LOG("'%s'", rows[i].in);
		} else {
			EXPECT_EQ(0xdead, midr) TH_LOG("'%s' touched the output", rows[i].in);
		}
	}
}

struct seen {
	long proc[8];
	uint64_t midr[8];
	int n;
};

static void record(long proc, uint64_t midr, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		s->proc[s->n] = proc;
		s->midr[s->n++] = midr;
	}
}

#define BLOCK(p, imp, var, part, rev) \
	"processor\t: " p "\nBogoMIPS\t: 50.00\nCPU implementer\t: " imp \
	"\nCPU architecture: 8\nCPU variant\t: " var "\nCPU part\t: " part \
	"\nCPU revision\t: " rev "\n\n"

TEST(cpuinfo_blocks_table)
{
	static const struct {
		const char *text;
		int good, bad;	/* blocks used, bad fields/blocks */
		uint64_t first;
	} rows[] = {
		{ BLOCK("0", "0x41", "0x3", "0xd0c", "1") BLOCK("1", "0x41", "0x3", "0xd0c", "1"),
		  2, 0, 0x413fd0c1 },
		{ BLOCK("0", "0x41", "0x0", "0xd84", "0"), 1, 0, 0x410fd840 },
		{ BLOCK("0", "0x141", "0x0", "0xd0c", "0"), 0, 1, 0 },	/* > 0xff */
		{ BLOCK("0", "0x41", "0x10", "0xd0c", "0"), 0, 1, 0 },	/* > 0xf */
		{ BLOCK("0", "0x41", "0x0", "0x1000", "0"), 0, 1, 0 },	/* > 0xfff */
		{ BLOCK("0", "0x41", "0x0", "zzz", "0"), 0, 1, 0 },
		{ BLOCK("0", "0x41", "0x0", "", "0"), 0, 1, 0 },
		{ BLOCK("0", "0x41", "0x0", "-1", "0"), 0, 1, 0 },
		{ BLOCK("0", "0x41", "0x0", "0xffffffffffffffffffff", "0"), 0, 1, 0 },
		{ BLOCK("0", "0x41", "0x0", "0xd0c", "99"), 0, 1, 0 },
		{ BLOCK("0", "0x41", "0x0", "0xd0c zz", "0"), 0, 1, 0 },
		/* a bad block does not spoil the next */
		{ BLOCK("0", "zz", "0x0", "0xd0c", "0") BLOCK("1", "0x41", "0x0", "0xd0b", "0"),
		  1, 1, 0x410fd0b0 },
		/* no part: not a MIDR of 0 */
		{ "processor\t: 0\nCPU implementer\t: 0x41\nCPU revision\t: 1\n", 0, 1, 0 },
		{ "processor\t: 0\nmodel name\t: AMD EPYC\n", 0, 0, 0 },
		{ "", 0, 0, 0 },
		{ "CPU revision", 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct seen s = { .n = 0 };
		char bad[160] = "";
		int nbad = cpuinfo_midrs(rows[i].text, record, &s, bad, sizeof(bad));

		EXPECT_EQ(rows[i].good, s.n) TH_LOG("row %zu", i);
		EXPECT_EQ(rows[i].bad, nbad) TH_LOG("row %zu: %s", i, bad);
		if (rows[i].good) {
			EXPECT_EQ(rows[i].first, s.midr[0]) TH_LOG("row %zu", i);
		}
		if (rows[i].bad) {
			EXPECT_NE(0, strlen(bad)) TH_LOG("row %zu: no description", i);
		}
	}
}

FIXTURE(root) {
	char dir[64];
	char msg[4096];
};

FIXTURE_SETUP(root)
{
	strcpy(self->dir, "/tmp/lmb-midr-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(root)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("cleanup of %s failed", self->dir);
	unsetenv("LMB_SYSFS_ROOT");
	unsetenv("LMB_CPUINFO");
}

static void put_file(const char *dir, const char *rel, const char *text)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname %s/%s)\"", dir, rel);
	if (system(cmd))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

#define MIDR_FILE "devices/system/cpu/cpu0/regs/identification/midr_el1"

/* Every bad sysfs value: refused with file and value, cpuinfo used. */
TEST_F(root, bad_sysfs_value_falls_back_to_cpuinfo)
{
	static const char *const bad[] = {
		"ffffffffffffffffffffffffffffffffffffffff\n", "-1\n",
		"0x0000000100000000\n", "zzz\n", "\n",
	};
	char cpuinfo[128];
	size_t i;

	snprintf(cpuinfo, sizeof(cpuinfo), "%s/cpuinfo", self->dir);
	put_file(self->dir, "cpuinfo", BLOCK("0", "0x41", "0x3", "0xd0c", "1"));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct lmb_capture cap;
		char note[512], *model = NULL, *midr = NULL;
		const char *how = "";
		uint64_t m = 0;

		put_file(self->dir, MIDR_FILE, bad[i]);
		EXPECT_EQ(0, cpu_midr_of(self->dir, cpuinfo, 0, &m, &how, note,
					 sizeof(note)));
		EXPECT_EQ(0x413fd0c1, m) TH_LOG("value '%s'", bad[i]);
		EXPECT_STREQ("cpuinfo", how);
		EXPECT_NE(NULL, strstr(note, "midr_el1 is '")) TH_LOG("note: %s", note);
		EXPECT_EQ(NULL, strstr(note, "no ")) TH_LOG("malformed is not missing: %s", note);

		setenv("LMB_SYSFS_ROOT", self->dir, 1);
		setenv("LMB_CPUINFO", cpuinfo, 1);
		ASSERT_EQ(0, lmb_capture_begin(&cap));
		EXPECT_EQ(0, cpu_identify("aarch64", &model, &midr));
		lmb_capture_end(&cap, self->msg, sizeof(self->msg));
		EXPECT_STREQ("Arm Neoverse N1 r3p1", model);
		EXPECT_STREQ("0x413fd0c1 (from /proc/cpuinfo)", midr);
		EXPECT_NE(NULL, strstr(self->msg, MIDR_FILE)) TH_LOG("%s", self->msg);
		EXPECT_NE(NULL, strstr(self->msg, "warning")) TH_LOG("%s", self->msg);
		free(model);
		free(midr);
	}
}

TEST_F(root, fake_root_never_reads_the_host_cpu)
{
	char *model = NULL, *midr = NULL;

	setenv("LMB_SYSFS_ROOT", self->dir, 1);
	unsetenv("LMB_CPUINFO");
	EXPECT_EQ(NULL, host_cpuinfo_path());
	EXPECT_FALSE(host_paths_real());
	ASSERT_EQ(0, cpu_identify("x86_64", &model, &midr));
	EXPECT_NE(NULL, strstr(model, "unknown")) TH_LOG("%s", model);
	EXPECT_NE(NULL, strstr(model, self->dir)) TH_LOG("%s", model);
	free(model);
	free(midr);
	put_file(self->dir, MIDR_FILE, "0x00000000610f0220\n");
	ASSERT_EQ(0, cpu_identify("x86_64", &model, &midr));
	EXPECT_STREQ("Apple M1 Icestorm r0p0", model);
	free(model);
	free(midr);
}

/* Advice that cannot help is not given. */
TEST(newer_tree_advice_only_when_a_tree_lists_the_core)
{
	static const uint64_t nowhere[] = {
		0x410fd840,	/* Neoverse V3: not even in 7.3's mapfile */
		0x610f0220, 0x610f0230, 0x611f0320,	/* Apple */
		0x12345670,
	};
	struct pmu_core core = { .midr_known = true, .cpu = 0, .how = "sysfs" };
	char buf[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nowhere); i++) {
		EXPECT_EQ(NULL, pmu_events_newer_tree(nowhere[i]));
		core.midr = nowhere[i];
		core.known = pmu_events_core(nowhere[i]);
		pmu_core_summary(&core, true, buf, sizeof(buf));
		EXPECT_EQ(NULL, strstr(buf, "newer")) TH_LOG("%s", buf);
		EXPECT_EQ(NULL, strstr(buf, "KDIR")) TH_LOG("%s", buf);
		EXPECT_NE(NULL, strstr(buf, "no kernel tree this suite knows lists this core"))
			TH_LOG("%s", buf);
	}
	/* AmpereOne: Linux 7.3 lists it; a build whose tree lacks it says so */
	core.midr = 0xc00fac31;
	core.known = pmu_events_core(core.midr);
	pmu_core_summary(&core, true, buf, sizeof(buf));
	if (core.known) {
		EXPECT_EQ(NULL, pmu_events_newer_tree(core.midr));
		EXPECT_EQ(NULL, strstr(buf, "KDIR")) TH_LOG("%s", buf);
	} else {
		EXPECT_STREQ("Linux 7.3", pmu_events_newer_tree(core.midr));
		EXPECT_NE(NULL, strstr(buf, "KDIR=<a kernel tree of Linux 7.3 or newer>"))
			TH_LOG("%s", buf);
	}
}

TEST_HARNESS_MAIN

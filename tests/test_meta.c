// SPDX-License-Identifier: GPL-2.0
/* Environment metadata: kconfig, cmdline, MIDR, sysfs summaries, collection. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "meta.h"
#include "meta_cmdline.h"
#include "meta_cpu.h"
#include "meta_kconfig.h"
#include "text.h"
#include "meta_sys.h"
#include "lmb_test.h"

static const char sample_config[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"#\n"
	"CONFIG_KASAN_VMALLOC=y\n"
	"# CONFIG_KASAN is not set\n"
	"CONFIG_KFENCE=m\n"
	"CONFIG_LOCALVERSION=\"-lazy\"\n"
	"CONFIG_NR_CPUS=512\n"
	"# CONFIG_DEBUG_VM is not set, really\n"
	"CONFIG_DEBUG_PAGEALLOC=y";	/* no final newline */

static void expect_value(struct __test_metadata *_metadata,
			 const char *opt, const char *want)
{
	char *v = kconfig_value(sample_config, opt);

	ASSERT_NE(NULL, v);
	EXPECT_STREQ(want, v) TH_LOG("CONFIG_%s", opt);
	free(v);
}

TEST(kconfig_values)
{
	expect_value(_metadata, "KASAN_VMALLOC", "y");
	/* "KASAN" must not match the CONFIG_KASAN_VMALLOC line */
	expect_value(_metadata, "KASAN", "not set");
	expect_value(_metadata, "KFENCE", "m");
	expect_value(_metadata, "LOCALVERSION", "\"-lazy\"");
	expect_value(_metadata, "NR_CPUS", "512");
	expect_value(_metadata, "DEBUG_PAGEALLOC", "y");
	/* absent, and a line that only looks like "is not set" */
	expect_value(_metadata, "ARM64_64K_PAGES", "not set");
	expect_value(_metadata, "DEBUG_VM", "not set");
	expect_value(_metadata, "KASA", "not set");
	EXPECT_NO_LEAKS();
}

static char *make_tmpdir(void)
{
	char *d = strdup("/tmp/lmb-test-meta-XXXXXX");

	if (d && !mkdtemp(d)) {
		free(d);
		return NULL;
	}
	return d;
}

static int write_text(const char *dir, const char *name, const char *text)
{
	char *path = text_printf("%s/%s", dir, name);
	FILE *f = path ? fopen(path, "w") : NULL;
	int r = f ? 0 : -1;

	if (f) {
		fputs(text, f);
		r = fclose(f);
	}
	free(path);
	return r;
}

static void rm_rf(const char *dir)
{
	char *cmd = text_printf("rm -rf '%s'", dir);

	if (cmd && system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

TEST(kconfig_read_plain_and_gzip)
{
	char *dir = make_tmpdir(), *plain, *gz, *cmd, *text, *v;

	ASSERT_NE(NULL, dir);
	ASSERT_EQ(0, write_text(dir, "config", sample_config));
	plain = text_printf("%s/config", dir);
	gz = text_printf("%s/config.gz", dir);
	cmd = text_printf("gzip -c '%s' > '%s'", plain, gz);
	ASSERT_EQ(0, system(cmd));

	text = kconfig_read(plain, 0);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ(sample_config, text);
	free(text);

	text = kconfig_read(gz, 1);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ(sample_config, text);
	v = kconfig_value(text, "KFENCE");
	EXPECT_STREQ("m", v);
	free(v);
	free(text);

	/* with SIGCHLD ignored pclose() cannot get gzip's status: still read */
	signal(SIGCHLD, SIG_IGN);
	text = kconfig_read(gz, 1);
	EXPECT_STREQ(sample_config, text);
	free(text);
	signal(SIGCHLD, SIG_DFL);

	/* a plain file is not gzip: an error, not garbage */
	errno = 0;
	EXPECT_EQ(NULL, kconfig_read(plain, 1));
	EXPECT_NE(0, errno);
	errno = 0;
	free(cmd);
	cmd = text_printf("%s/absent.gz", dir);
	EXPECT_EQ(NULL, kconfig_read(cmd, 1));
	EXPECT_EQ(ENOENT, errno);
	rm_rf(dir);
	free(cmd);
	free(gz);
	free(plain);
	free(dir);
	EXPECT_NO_LEAKS();
}

TEST(kconfig_load_running_kernel)
{
	struct utsname u;
	char *text, *source, *v;

	ASSERT_EQ(0, uname(&u));
	if (kconfig_load(u.release, &text, &source)) {
		ASSERT_NE(NULL, source);
		EXPECT_EQ(0, strncmp(source, "unknown (", 9)) TH_LOG("%s", source);
		free(source);
		SKIP(return, "no config for this kernel");
	}
	ASSERT_NE(NULL, text);
	ASSERT_NE(NULL, source);
	/* every kernel config says something about these */
	v = kconfig_value(text, "MMU");
	EXPECT_STREQ("y", v);
	free(v);
	EXPECT_TRUE(!strncmp(source, "/proc/config.gz", 15) ||
		    !strncmp(source, "/boot/config-", 13) ||
		    !strncmp(source, "/lib/modules/", 13)) TH_LOG("%s", source);
	free(text);
	free(source);
	EXPECT_NO_LEAKS();
}

TEST(kernel_params)
{
	char *v;

	ASSERT_EQ(1, kernel_param("a=1 debug_pagealloc=on b", "debug_pagealloc", &v));
	EXPECT_STREQ("on", v);
	free(v);
	/* the last one wins; '-' and '_' are the same in names */
	ASSERT_EQ(1, kernel_param("debug_pagealloc=on debug-pagealloc=off",
				  "debug_pagealloc", &v));
	EXPECT_STREQ("off", v);
	free(v);
	/* after "--" it is init's argument */
	ASSERT_EQ(1, kernel_param("debug_pagealloc=0 -- debug_pagealloc=1",
				  "debug_pagealloc", &v));
	EXPECT_STREQ("0", v);
	free(v);
	ASSERT_EQ(0, kernel_param("-- debug_pagealloc=1", "debug_pagealloc", &v));
	EXPECT_EQ(NULL, v);
	/* quotes group words and are dropped */
	ASSERT_EQ(1, kernel_param("x=\"a b\" dyndbg=\"file x +p\"", "dyndbg", &v));
	EXPECT_STREQ("file x +p", v);
	free(v);
	ASSERT_EQ(1, kernel_param("quiet", "quiet", &v));
	EXPECT_EQ(NULL, v);
	ASSERT_EQ(0, kernel_param("debug_pagealloc_x=on xdebug_pagealloc=on",
				  "debug_pagealloc", &v));
	ASSERT_EQ(0, kernel_param("", "debug_pagealloc", &v));

	EXPECT_EQ(1, kernel_bool("on"));
	EXPECT_EQ(1, kernel_bool("Y"));
	EXPECT_EQ(1, kernel_bool("1"));
	EXPECT_EQ(0, kernel_bool("off"));
	EXPECT_EQ(0, kernel_bool("n"));
	EXPECT_EQ(0, kernel_bool("0"));
	EXPECT_EQ(-1, kernel_bool("oz"));
	EXPECT_EQ(-1, kernel_bool(""));
	EXPECT_EQ(-1, kernel_bool(NULL));
	EXPECT_NO_LEAKS();
}

TEST(debug_pagealloc_decision_table)
{
	static const char unk[] = "unknown (see config_source)";
	static const struct {
		const char *cmdline, *config, *dflt, *want;
	} rows[] = {
		/* CONFIG_DEBUG_PAGEALLOC not set: the parameter does nothing */
		{ "debug_pagealloc=on", "not set", "not set", "off" },
		{ "quiet", "not set", "not set", "off" },
		{ NULL, "not set", "not set", "off" },
		/* =y: the command line decides, else ENABLE_DEFAULT */
		{ "debug_pagealloc=on", "y", "not set", "on" },
		{ "debug_pagealloc=1", "y", "not set", "on" },
		{ "debug_pagealloc=off", "y", "y", "off" },
		{ "debug_pagealloc=on debug_pagealloc=off", "y", "not set", "off" },
		{ "quiet", "y", "y", "on" },
		{ "quiet", "y", "not set", "off" },
		{ "debug_pagealloc=bogus", "y", "not set", "off" },
		{ "debug_pagealloc=bogus", "y", "y", "on" },
		{ "-- debug_pagealloc=on", "y", "not set", "off" },
		{ NULL, "y", "y", "unknown (" },
		/* config unreadable: only an explicit off is certain */
		{ "debug_pagealloc=off", unk, unk, "off" },
		{ "debug_pagealloc=on", unk, unk, "unknown (" },
		{ "quiet", unk, unk, "unknown (" },
		{ NULL, unk, unk, "unknown (" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char *v = debug_pagealloc_state(rows[i].cmdline, rows[i].config,
						rows[i].dflt);

		ASSERT_NE(NULL, v);
		EXPECT_EQ(0, strncmp(v, rows[i].want, strlen(rows[i].want)))
			TH_LOG("row %zu: cmdline '%s' config %s default %s: got '%s', want '%s'",
			       i, rows[i].cmdline ? rows[i].cmdline : "(unreadable)",
			       rows[i].config, rows[i].dflt, v, rows[i].want);
		/* "on"/"off" exactly, or an explained unknown */
		EXPECT_TRUE(!strcmp(v, "on") || !strcmp(v, "off") ||
			    (!strncmp(v, "unknown (", 9) && v[strlen(v) - 1] == ')'));
		free(v);
	}
	EXPECT_NO_LEAKS();
}

TEST(midr_fields_and_names)
{
	static const struct {
		uint64_t midr;
		const char *want;
	} rows[] = {
		{ 0x413fd0c1, "Arm Neoverse N1 r3p1" },
		{ 0x410fd400, "Arm Neoverse V1 r0p0" },
		{ 0x410fd4f1, "Arm Neoverse V2 r0p1" },
		{ 0x410fd490, "Arm Neoverse N2 r0p0" },
		{ 0x410fd840, "Arm Neoverse V3 r0p0" },
		{ 0x410fd083, "Arm Cortex-A72 r0p3" },
		{ 0x414fd0b0, "Arm Cortex-A76 r4p0" },
		{ 0x411fd440, "Arm Cortex-X1 r1p0" },
		{ 0xc00fac30, "Ampere AmpereOne r0p0" },
		{ 0x611f0221, "Apple M1 Icestorm r1p1" },
		{ 0x00000000410fd0c0ull, "Arm Neoverse N1 r0p0" },
		/* known implementer, unknown part; both unknown */
		{ 0x410fd990, "Arm part 0xd99 r0p0" },
		{ 0x122f3453, "implementer 0x12 part 0x345 r2p3" },
	};
	size_t i;

	EXPECT_EQ(0x41u, MIDR_IMPLEMENTER(0x413fd0c1));
	EXPECT_EQ(0x3u, MIDR_VARIANT(0x413fd0c1));
	EXPECT_EQ(0xfu, MIDR_ARCHITECTURE(0x413fd0c1));
	EXPECT_EQ(0xd0cu, MIDR_PARTNUM(0x413fd0c1));
	EXPECT_EQ(0x1u, MIDR_REVISION(0x413fd0c1));
	EXPECT_EQ(NULL, midr_implementer_name(0x12));
	EXPECT_EQ(NULL, midr_part_name(0x41, 0xd99));
	/* the same part number means different cores per implementer */
	EXPECT_STREQ("Neoverse N2", midr_part_name(0x41, 0xd49));
	EXPECT_STRNE("Neoverse N2", midr_part_name(0x6d, 0xd49));
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char *d = midr_describe(rows[i].midr);

		ASSERT_NE(NULL, d);
		EXPECT_STREQ(rows[i].want, d) TH_LOG("MIDR 0x%llx",
						     (unsigned long long)rows[i].midr);
		free(d);
	}
	EXPECT_NO_LEAKS();
}

TEST(cpu_identify_this_machine)
{
	char *model, *midr, *cpuinfo, *name;
	struct utsname u;

	ASSERT_EQ(0, uname(&u));
	ASSERT_EQ(0, cpu_identify(u.machine, &model, &midr));
	TH_LOG("cpu_model '%s' midr_el1 '%s'", model, midr);
	EXPECT_NE(0, strlen(model));
	if (!strcmp(u.machine, "aarch64") &&
	    !access("/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", R_OK)) {
		EXPECT_EQ(0, strncmp(midr, "0x", 2));
		EXPECT_NE(0, strncmp(model, "unknown", 7));
	} else if (strcmp(u.machine, "aarch64")) {
		name = text_printf("n/a (%s)", u.machine);
		EXPECT_STREQ(name, midr);
		free(name);
		/* the model is /proc/cpuinfo's model name, when it has one */
		cpuinfo = text_read_file("/proc/cpuinfo", 1 << 22);
		name = cpuinfo ? strstr(cpuinfo, "model name") : NULL;
		if (name) {
			name = strchr(name, ':') + 2;
			*strchr(name, '\n') = '\0';
			EXPECT_STREQ(name, model);
		}
		free(cpuinfo);
	}
	free(model);
	free(midr);
	EXPECT_NO_LEAKS();
}

TEST(thp_sizes_from_sysfs_tree)
{
	char *dir = make_tmpdir(), *sub, *v;

	ASSERT_NE(NULL, dir);
	v = thp_sizes_summary(dir);
	EXPECT_EQ(0, strncmp(v, "unknown (no ", 12)) TH_LOG("%s", v);
	free(v);
	/* created out of order: the summary is sorted by size */
	sub = text_printf("%s/hugepages-2048kB", dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	free(sub);
	sub = text_printf("%s/hugepages-64kB", dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	free(sub);
	sub = text_printf("%s/hugepages-128kB", dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	free(sub);
	ASSERT_EQ(0, write_text(dir, "hugepages-2048kB/enabled",
				"always [inherit] madvise never\n"));
	ASSERT_EQ(0, write_text(dir, "hugepages-64kB/enabled",
				"always inherit madvise [never]\n"));
	/* 128kB has no enabled file: not a size */
	v = thp_sizes_summary(dir);
	EXPECT_STREQ("64kB:never 2048kB:inherit", v);
	free(v);
	ASSERT_EQ(0, write_text(dir, "hugepages-128kB/enabled", "garbage\n"));
	v = thp_sizes_summary(dir);
	EXPECT_STREQ("64kB:never 128kB:? 2048kB:inherit", v);
	free(v);
	rm_rf(dir);
	free(dir);
	EXPECT_NO_LEAKS();
}

static void make_cpu(const char *dir, int cpu, const char *gov)
{
	char *p = text_printf("%s/cpu%d", dir, cpu), *q;

	mkdir(p, 0755);
	q = text_printf("%s/cpufreq", p);
	mkdir(q, 0755);
	free(q);
	q = text_printf("cpu%d/cpufreq/scaling_governor", cpu);
	write_text(dir, q, gov);
	free(q);
	free(p);
}

TEST(governor_from_sysfs_tree)
{
	char *dir = make_tmpdir(), *v;

	ASSERT_NE(NULL, dir);
	v = governor_summary(dir);
	EXPECT_STREQ("unknown (no cpufreq)", v);
	free(v);
	make_cpu(dir, 0, "performance\n");
	make_cpu(dir, 1, "performance\n");
	v = governor_summary(dir);
	EXPECT_STREQ("performance", v);
	free(v);
	make_cpu(dir, 2, "schedutil\n");
	v = governor_summary(dir);
	EXPECT_STREQ("mixed: performance x2, schedutil x1", v);
	free(v);
	rm_rf(dir);
	free(dir);
	EXPECT_NO_LEAKS();
}

TEST(pmu_from_sysfs_tree)
{
	static const char *const soft[] = {
		"software", "tracepoint", "breakpoint", "kprobe", "uprobe", "msr",
	};
	static const char *const hw[] = {
		"uncore_cha_10", "cpu", "uncore_cha_2", "uncore_cha_0",
		"armv8_pmuv3_0", "power",
	};
	char *dir = make_tmpdir(), *p, *v;
	size_t i;

	ASSERT_NE(NULL, dir);
	for (i = 0; i < ARRAY_SIZE(soft); i++) {
		p = text_printf("%s/%s", dir, soft[i]);
		ASSERT_EQ(0, mkdir(p, 0755));
		free(p);
	}
	v = pmu_summary(dir);
	EXPECT_STREQ("none (software events only)", v);
	free(v);
	for (i = 0; i < ARRAY_SIZE(hw); i++) {
		p = text_printf("%s/%s", dir, hw[i]);
		ASSERT_EQ(0, mkdir(p, 0755));
		free(p);
	}
	v = pmu_summary(dir);
	EXPECT_STREQ("armv8_pmuv3_0 cpu power uncore_cha_* (3)", v);
	free(v);
	rm_rf(dir);
	v = pmu_summary(dir);
	EXPECT_EQ(0, strncmp(v, "unknown (cannot list", 20));
	free(v);
	free(dir);
	EXPECT_NO_LEAKS();
}

TEST(pmd_size_from_granule)
{
	EXPECT_EQ(2ull << 20, pmd_size_for(4096));
	EXPECT_EQ(32ull << 20, pmd_size_for(16384));
	EXPECT_EQ(512ull << 20, pmd_size_for(65536));
	EXPECT_EQ(0, pmd_size_for(8192));
	EXPECT_NO_LEAKS();
}

TEST(meta_set_get_free)
{
	struct meta m = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ASSERT_EQ(0, meta_set(&m, "label", "two\nlines\r\n"));
	EXPECT_STREQ("two lines", meta_get(&m, "label"));
	ASSERT_EQ(0, meta_set(&m, "label", "replaced"));
	EXPECT_STREQ("replaced", meta_get(&m, "label"));
	EXPECT_EQ(1, m.n);
	EXPECT_EQ(NULL, meta_get(&m, "absent"));
	EXPECT_EQ(-1, meta_set(&m, "bad key", "x"));
	EXPECT_EQ(-1, meta_set(&m, "bad:key", "x"));
	EXPECT_EQ(-1, meta_set(&m, "", "x"));
	EXPECT_EQ(-1, meta_set(&m, "k", NULL));
	ASSERT_EQ(0, meta_set(&m, "config_KASAN", "not set"));
	f = open_memstream(&buf, &len);
	ASSERT_NE(NULL, f);
	meta_write_comments(&m, f);
	fclose(f);
	EXPECT_STREQ("# label: replaced\n# config_KASAN: not set\n", buf);
	free(buf);
	meta_free(&m);
	EXPECT_EQ(0, m.n);
	EXPECT_EQ(NULL, m.kv);
	EXPECT_NO_LEAKS();
}

static const char *const readme_keys[] = {
	"suite_version", "schema", "run_id", "label", "host", "utc_time",
	"run_start", "suite_build_id", "kernel_release", "kernel_version",
	"arch", "boot_id", "boot_id_source", "boot_time", "boot_time_source",
	"cmdline",
	"debug_pagealloc", "config_DEBUG_PAGEALLOC",
	"config_DEBUG_PAGEALLOC_ENABLE_DEFAULT", "config_DEBUG_VM",
	"config_TRANSPARENT_HUGEPAGE", "config_ARM64_4K_PAGES",
	"config_ARM64_16K_PAGES", "config_ARM64_64K_PAGES", "config_KASAN",
	"config_KASAN_VMALLOC", "config_KFENCE", "config_source",
	"thp_enabled", "thp_defrag", "thp_sizes", "cpu_model", "midr_el1",
	"nr_cpus", "topology", "governor", "pmu", "virtualized",
	"virtualized_evidence", "perf_event_paranoid",
	"base_page_size", "pmd_size", "aslr",
};

TEST(meta_collect_here)
{
	struct meta m = { 0 };
	struct utsname u;
	const char *v;
	char host[256], stamp[32], *want;
	int pid, i;
	size_t k;

	ASSERT_EQ(0, uname(&u));
	ASSERT_EQ(0, meta_collect(&m, "unit\ntest"));
	for (k = 0; k < ARRAY_SIZE(readme_keys); k++)
		EXPECT_NE(NULL, meta_get(&m, readme_keys[k]))
			TH_LOG("key %s missing", readme_keys[k]);
	EXPECT_EQ(ARRAY_SIZE(readme_keys), m.n);
	for (k = 0; k < m.n; k++) {
		const char *p;

		for (p = m.kv[k].value; *p; p++)
			ASSERT_FALSE(iscntrl((unsigned char)*p))
				TH_LOG("%s has control char 0x%x",
				       m.kv[k].key, *p);
	}
	EXPECT_STREQ(u.release, meta_get(&m, "kernel_release"));
	v = meta_get(&m, "virtualized");
	ASSERT_NE(NULL, v);
	snprintf(host, sizeof(host), " %s ", v);
	EXPECT_NE(NULL, strstr(" none qemu-tcg qemu kvm xen hyperv vmware hypervisor unknown ",
			       host)) TH_LOG("virtualized '%s' is not a kind", v);
	EXPECT_NE('\0', meta_get(&m, "virtualized_evidence")[0]);
	EXPECT_STREQ(u.version, meta_get(&m, "kernel_version"));
	EXPECT_STREQ(u.machine, meta_get(&m, "arch"));
	EXPECT_STREQ(u.nodename, meta_get(&m, "host"));
	EXPECT_STREQ("unit test", meta_get(&m, "label"));
	EXPECT_STREQ("1", meta_get(&m, "schema"));

	/*
	 * run_id: <host>-<yyyymmddThhmmssZ>-<pid>-<boot id, 8 characters>;
	 * the host name may hold '-' itself (lmb-arm64).
	 */
	v = meta_get(&m, "run_id");
	ASSERT_EQ(0, strncmp(v, u.nodename, strlen(u.nodename))) TH_LOG("run_id '%s'", v);
	ASSERT_EQ('-', v[strlen(u.nodename)]) TH_LOG("run_id '%s'", v);
	ASSERT_EQ(2, sscanf(v + strlen(u.nodename) + 1, "%31[0-9TZ]-%d", stamp, &pid))
		TH_LOG("run_id '%s'", v);
	want = text_printf("-%d-%.8s", getpid(), meta_get(&m, "boot_id"));
	ASSERT_NE(NULL, want);
	EXPECT_STREQ(want, v + strlen(v) - strlen(want)) TH_LOG("run_id '%s'", v);
	free(want);
	EXPECT_EQ(getpid(), pid);
	ASSERT_EQ(16, strlen(stamp));
	for (i = 0; i < 16; i++)
		EXPECT_TRUE(i == 8 ? stamp[i] == 'T' : i == 15 ? stamp[i] == 'Z' :
			    isdigit((unsigned char)stamp[i])) TH_LOG("%s", stamp);
	/* utc_time is the same instant, ISO 8601 */
	v = meta_get(&m, "utc_time");
	want = text_printf("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", stamp, stamp + 4,
			  stamp + 6, stamp + 9, stamp + 11, stamp + 13);
	EXPECT_STREQ(want, v);
	free(want);

	v = meta_get(&m, "debug_pagealloc");
	EXPECT_TRUE(!strcmp(v, "on") || !strcmp(v, "off") ||
		    !strncmp(v, "unknown (", 9)) TH_LOG("%s", v);
	for (k = 0; k < m.n; k++) {
		if (strncmp(m.kv[k].key, "config_", 7) ||
		    !strcmp(m.kv[k].key, "config_source"))
			continue;
		v = m.kv[k].value;
		EXPECT_TRUE(!strcmp(v, "y") || !strcmp(v, "m") ||
			    !strcmp(v, "not set") || !strncmp(v, "unknown (", 9))
			TH_LOG("%s: %s", m.kv[k].key, v);
	}
	want = text_printf("%ld", sysconf(_SC_PAGESIZE));
	EXPECT_STREQ(want, meta_get(&m, "base_page_size"));
	free(want);
	want = text_printf("%ld", sysconf(_SC_NPROCESSORS_ONLN));
	EXPECT_STREQ(want, meta_get(&m, "nr_cpus"));
	free(want);
	/* the cmdline is /proc/cmdline itself */
	want = text_read_value("/proc/cmdline");
	if (want)
		EXPECT_STREQ(want, meta_get(&m, "cmdline"));
	free(want);
	meta_free(&m);
	EXPECT_NO_LEAKS();
}

struct seen {
	char text[4096];
	int n;
};

static void collect_warning(const char *msg, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%s\n", msg);
	s->n++;
}

TEST(warnings)
{
	struct meta m = { 0 };
	struct seen s = { "", 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	/* a quiet, well set-up host */
	ASSERT_EQ(0, meta_set(&m, "debug_pagealloc", "on"));
	ASSERT_EQ(0, meta_set(&m, "thp_enabled", "madvise"));
	ASSERT_EQ(0, meta_set(&m, "governor", "performance"));
	ASSERT_EQ(0, meta_set(&m, "aslr", "0"));
	ASSERT_EQ(0, meta_set(&m, "perf_event_paranoid", "-1"));
	ASSERT_EQ(0, meta_set(&m, "pmu", "armv8_pmuv3_0"));
	ASSERT_EQ(0, meta_set(&m, "virtualized", "kvm"));
	EXPECT_EQ(0, meta_for_each_warning(&m, collect_warning, &s));

	/* an emulated CPU: its PMU is the emulator's */
	ASSERT_EQ(0, meta_set(&m, "virtualized", "qemu-tcg"));
	EXPECT_EQ(1, meta_for_each_warning(&m, collect_warning, &s));
	EXPECT_NE(NULL, strstr(s.text, "the CPU is emulated (virtualized: qemu-tcg)"));
	ASSERT_EQ(0, meta_set(&m, "virtualized", "none"));

	/* every warned-about setting */
	ASSERT_EQ(0, meta_set(&m, "debug_pagealloc", "off"));
	ASSERT_EQ(0, meta_set(&m, "thp_enabled", "never"));
	ASSERT_EQ(0, meta_set(&m, "governor", "powersave"));
	ASSERT_EQ(0, meta_set(&m, "aslr", "2"));
	ASSERT_EQ(0, meta_set(&m, "perf_event_paranoid", "2"));
	ASSERT_EQ(0, meta_set(&m, "pmu", "none (software events only)"));
	ASSERT_EQ(0, meta_set(&m, "config_KASAN", "y"));
	EXPECT_EQ(geteuid() ? 7 : 6, meta_for_each_warning(&m, collect_warning, &s));
	EXPECT_NE(NULL, strstr(s.text, "debug_pagealloc is off"));
	EXPECT_NE(NULL, strstr(s.text, "THP is disabled"));
	EXPECT_NE(NULL, strstr(s.text, "'powersave'"));
	EXPECT_NE(NULL, strstr(s.text, "ASLR is on"));
	EXPECT_NE(NULL, strstr(s.text, "no hardware PMU"));
	EXPECT_NE(NULL, strstr(s.text, "CONFIG_KASAN=y"));
	EXPECT_EQ(geteuid() != 0, strstr(s.text, "kernel-mode counters") != NULL);

	/* the report lists every key aligned, then the warnings */
	f = open_memstream(&buf, &len);
	ASSERT_NE(NULL, f);
	meta_print_info(&m, f);
	fclose(f);
	EXPECT_NE(NULL, strstr(buf, "\n  thp_enabled          never\n")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "\nwarnings:\n  - "));
	free(buf);
	meta_free(&m);
	EXPECT_NO_LEAKS();
}

TEST_HARNESS_MAIN

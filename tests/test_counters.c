// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: list parsing, real software counts, availability (never 0 for
 * unmeasured), the unlisted-raw-event rule against a fake sysfs, the
 * lazy-MMU stats source against a fake file, and inherit across fork.
 * The kselftest harness runs every TEST in its own process, so setenv()
 * in one test does not leak into another.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmb_test.h"

#include "counters.h"
#include "counters_pmu.h"

#define MISSING_STATS "/nonexistent/lazy_mmu/stats"

/*
 * Why this process cannot open even a software perf event (qemu-user does
 * not emulate perf_event_open; paranoid 3 without root), or NULL.  Asked
 * with the raw syscall, independently of the code under test.
 */
static const char *perf_unusable(void)
{
	struct perf_event_attr a = {
		.size = sizeof(a), .type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_PAGE_FAULTS, .disabled = 1,
	};
	long fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);

	if (fd >= 0) {
		close((int)fd);
		return NULL;
	}
	if (errno == ENOSYS)
		return "perf_event_open is not implemented here (qemu-user?)";
	if (errno == EACCES || errno == EPERM)
		return "perf_event_paranoid forbids even software events: run as root";
	return NULL;	/* anything else is for the test to report */
}

#define NEED_PERF() do {						\
	const char *why_ = perf_unusable();				\
	if (why_)							\
		SKIP(return, "%s", why_);				\
} while (0)

/* Index of @column in @cs, or -1. */
static long col_index(const struct counter_set *cs, const char *column)
{
	size_t i;

	for (i = 0; i < counters_count(cs); i++)
		if (!strcmp(counters_column(cs, i), column))
			return (long)i;
	return -1;
}

/* counters_parse() with stderr captured into @msg. */
static int parse_capture(const char *list, struct counter_set **cs,
			 char *msg, size_t len)
{
	struct lmb_capture cap;
	int ret;

	if (lmb_capture_begin(&cap))
		return -2;
	ret = counters_parse(list, cs);
	lmb_capture_end(&cap, msg, len);
	return ret;
}

/*
 * Touch @pages fresh 4K-mapped pages; returns the mapping.  Not ASan
 * instrumented: its shadow checks would fault in 1 shadow page per 8.
 */
__attribute__((no_sanitize_address))
static char *touch_fresh(size_t pages, size_t page)
{
	char *p = mmap(NULL, pages * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i;

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, pages * page, MADV_NOHUGEPAGE);
	for (i = 0; i < pages; i++)
		p[i * page] = 1;
	return p;
}

TEST(parse_good_lists)
{
	struct counter_set *cs;

	setenv("LMB_LAZY_STATS", MISSING_STATS, 1);

	ASSERT_EQ(0, counters_parse("none", &cs));
	EXPECT_EQ(0, counters_count(cs));
	counters_free(cs);

	ASSERT_EQ(0, counters_parse("page-faults,cs,migrations,task-clock", &cs));
	ASSERT_EQ(4, counters_count(cs));
	EXPECT_STREQ("ev_page_faults", counters_column(cs, 0));
	EXPECT_STREQ("ev_context_switches", counters_column(cs, 1));
	EXPECT_STREQ("ev_cpu_migrations", counters_column(cs, 2));
	EXPECT_STREQ("ev_task_clock", counters_column(cs, 3));
	EXPECT_EQ(NULL, counters_column(cs, 4));
	counters_free(cs);

	ASSERT_EQ(0, counters_parse("cycles:k,instructions:u,r1b:k", &cs));
	ASSERT_EQ(3, counters_count(cs));
	EXPECT_STREQ("ev_cycles_k", counters_column(cs, 0));
	EXPECT_STREQ("ev_instructions_u", counters_column(cs, 1));
	EXPECT_STREQ("ev_r1b_k", counters_column(cs, 2));
	counters_free(cs);

	/* the default set; no lazy stats file: no lazy column */
	ASSERT_EQ(0, counters_parse("default", &cs));
	EXPECT_GE(counters_count(cs), 8);
	EXPECT_EQ(0, col_index(cs, "ev_page_faults"));
	EXPECT_LT(0, col_index(cs, "ev_cycles_k"));
	EXPECT_LT(0, col_index(cs, "ev_instructions_u"));
	EXPECT_EQ(-1, col_index(cs, "ev_lazy"));
	counters_free(cs);

	/* default can be extended */
	ASSERT_EQ(0, counters_parse("default,r1b:k", &cs));
	EXPECT_LT(0, col_index(cs, "ev_r1b_k"));
	counters_free(cs);
}

TEST(parse_bad_lists)
{
	static const struct {
		const char *list, *named;
	} bad[] = {
		{ "", "''" }, { "foo", "'foo'" }, { "page-faults,,cs", "''" },
		{ "page-faults,", "''" }, { ",cs", "''" },
		{ "none,cycles", "'none'" }, { "faults,page-faults", "'page-faults'" },
		{ "cycles:x", "'cycles:x'" }, { "lazy:k", "'lazy:k'" },
		{ "default,cycles:k", "'cycles:k'" }, { "r7d:k,rzz", "'rzz'" },
	};
	struct counter_set *cs = (void *)1;
	char msg[4096];
	size_t i;

	setenv("LMB_LAZY_STATS", MISSING_STATS, 1);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("list '%s'", bad[i].list);
		EXPECT_EQ(-1, parse_capture(bad[i].list, &cs, msg, sizeof(msg)));
		EXPECT_EQ(NULL, cs);
		/* one line naming the bad item and what is accepted */
		EXPECT_NE(NULL, strstr(msg, bad[i].named));
		EXPECT_NE(NULL, strstr(msg, "accepted: default, none, lazy"));
		EXPECT_EQ(strlen(msg) - 1, (size_t)(strchr(msg, '\n') - msg));
	}
	EXPECT_EQ(-1, parse_capture(NULL, &cs, msg, sizeof(msg)));
}

/* Page faults over a fresh populated region of N 4K pages count ~N. */
TEST(page_faults_per_page)
{
	const size_t page = (size_t)sysconf(_SC_PAGESIZE), n = 2048;
	struct counter_value v[2];
	struct counter_set *cs;
	char *p;

	NEED_PERF();

	ASSERT_EQ(0, counters_parse("page-faults,task-clock", &cs));
	ASSERT_EQ(0, counters_open(cs));
	counters_enable(cs);
	p = touch_fresh(n, page);
	counters_disable(cs);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, counters_read(cs, v));
	TH_LOG("%zu pages: %.0f page faults, task-clock %.0f ns, run %.2f",
	       n, v[0].value, v[1].value, v[0].running_ratio);
	ASSERT_EQ(COUNTER_OK, v[0].status);
	EXPECT_GE(v[0].value, (double)n);
	EXPECT_LE(v[0].value, 1.1 * n + 16);
	EXPECT_EQ(1.0, v[0].running_ratio);
	ASSERT_EQ(COUNTER_OK, v[1].status);
	EXPECT_GT(v[1].value, 0);

	/* the next window is a delta: nothing touched, (almost) no faults */
	counters_enable(cs);
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	ASSERT_EQ(COUNTER_OK, v[0].status);
	EXPECT_LE(v[0].value, 4);

	/* outside a window nothing is counted */
	munmap(p, n * page);
	p = touch_fresh(n, page);
	ASSERT_NE(NULL, p);
	counters_enable(cs);
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_LE(v[0].value, 4);
	munmap(p, n * page);
	counters_free(cs);
}

/* inherit=1: faults taken by a fork child in the window are counted. */
TEST(counts_follow_fork_child)
{
	const size_t page = (size_t)sysconf(_SC_PAGESIZE), k = 2048;
	struct counter_value v;
	struct counter_set *cs;
	int status;
	pid_t pid;

	NEED_PERF();

	ASSERT_EQ(0, counters_parse("page-faults", &cs));
	ASSERT_EQ(0, counters_open(cs));
	counters_enable(cs);
	pid = fork();
	if (pid == 0)
		_exit(touch_fresh(k, page) ? 0 : 1);
	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	counters_disable(cs);
	ASSERT_EQ(0, status);
	ASSERT_EQ(0, counters_read(cs, &v));
	TH_LOG("child touching %zu pages: %.0f page faults", k, v.value);
	ASSERT_EQ(COUNTER_OK, v.status);
	EXPECT_GE(v.value, (double)k);
	EXPECT_LE(v.value, 1.1 * k + 256);
	counters_free(cs);
}

/*
 * A measuring thread pinned to a CPU (counters_pin_cpu()): page-faults counts
 * on that CPU, so the fork child's faults are counted with no event
 * inherited; task-clock stays inherited (it holds the child's time);
 * cpu-migrations stays with the thread.  The scopes are in the descriptions.
 */
TEST(pinned_cpu_counts_the_child_without_inheriting)
{
	const size_t page = (size_t)sysconf(_SC_PAGESIZE), k = 2048;
	struct counter_value v[3];
	struct counter_set *cs;
	char want[32];
	cpu_set_t set, old;
	int status, cpu;
	pid_t pid;

	NEED_PERF();

	cpu = sched_getcpu();
	ASSERT_LE(0, cpu);
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(old), &old));
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	ASSERT_EQ(0, counters_parse("page-faults,task-clock,cpu-migrations", &cs));
	counters_pin_cpu(cs, cpu);
	ASSERT_EQ(0, counters_open(cs));
	if (strstr(counters_describe(cs, 0), "CPU-wide counting refused")) {
		counters_free(cs);
		sched_setaffinity(0, sizeof(old), &old);
		SKIP(return, "privilege: CPU-wide perf events need root or perf_event_paranoid <= 0");
	}
	snprintf(want, sizeof(want), "inherit=0 scope=cpu%d ", cpu);
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), want));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 1), "inherit=1 scope=thread+children "));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 2), "inherit=0 scope=thread "));
	counters_enable(cs);
	pid = fork();
	if (pid == 0)
		_exit(touch_fresh(k, page) ? 0 : 1);
	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	counters_disable(cs);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(old), &old));
	ASSERT_EQ(0, status);
	ASSERT_EQ(0, counters_read(cs, v));
	TH_LOG("child touching %zu pages on cpu %d: %.0f page faults", k, cpu,
	       v[0].value);
	ASSERT_EQ(COUNTER_OK, v[0].status);
	EXPECT_GE(v[0].value, (double)k);
	EXPECT_LE(v[0].value, 1.1 * k + 1024);
	/* the child's CPU time: at least what touching 2048 pages takes */
	ASSERT_EQ(COUNTER_OK, v[1].status);
	EXPECT_GT(v[1].value, 0);
	counters_free(cs);
}

/*
 * cycles on a machine without a hardware PMU cannot open: unavailable with
 * a reason, never OK with 0.  Where it opens it must count something.
 */
TEST(unopenable_event_is_unavailable)
{
	struct counter_value v[2];
	struct counter_set *cs;
	const char *d;
	char *p;

	NEED_PERF();

	ASSERT_EQ(0, counters_parse("cycles:k,page-faults", &cs));
	ASSERT_EQ(0, counters_open(cs));
	d = counters_describe(cs, 0);
	TH_LOG("cycles:k: %s", d);
	counters_enable(cs);
	p = touch_fresh(64, (size_t)sysconf(_SC_PAGESIZE));
	counters_disable(cs);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, counters_read(cs, v));
	if (strstr(d, "status=unavailable")) {
		const char *reason = strstr(d, "reason=");

		EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);
		ASSERT_NE(NULL, reason);
		EXPECT_LT(strlen("reason=perf_event_open: "), strlen(reason));
	} else {
		ASSERT_NE(NULL, strstr(d, "status=ok"));
		EXPECT_EQ(COUNTER_OK, v[0].status);
		EXPECT_GT(v[0].value, 0);
	}
	EXPECT_FALSE(v[0].status == COUNTER_OK && v[0].value == 0);
	EXPECT_EQ(COUNTER_OK, v[1].status);
	EXPECT_NE(NULL, strstr(counters_describe(cs, 1), "status=ok"));
	counters_free(cs);
}

/* Only unavailable events: open says so (and the message names one). */
TEST(nothing_countable_fails_open)
{
	struct counter_set *cs;

	setenv("LMB_LAZY_STATS", MISSING_STATS, 1);
	ASSERT_EQ(0, counters_parse("lazy", &cs));
	ASSERT_EQ(1, counters_count(cs));
	EXPECT_EQ(-1, counters_open(cs));
	counters_free(cs);
}

/* In a child that cannot count kernel mode (an unprivileged user with
 * perf_event_paranoid >= 2): the default set still opens, so a run can time
 * its storms, and every event reads as unavailable, never as 0; an explicit
 * list that cannot be counted is an error. */
static int check_nothing_countable(void)
{
	struct counter_value v[64];
	struct counter_set *cs;
	size_t i;

	if (counters_parse("default", &cs) || counters_count(cs) > 64)
		return 10;
	if (counters_open(cs))
		return 11;
	counters_enable(cs);
	counters_disable(cs);
	if (counters_read(cs, v))
		return 12;
	for (i = 0; i < counters_count(cs); i++)
		if (v[i].status == COUNTER_OK)
			return 13;
	counters_free(cs);
	if (counters_parse("page-faults,task-clock", &cs))
		return 14;
	i = counters_open(cs) == -1 ? 0 : 15;
	counters_free(cs);
	return (int)i;
}

TEST(nothing_countable_in_default_set_is_a_warning)
{
	int status, paranoid = 3;
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	pid_t pid;

	if (f) {
		if (fscanf(f, "%d", &paranoid) != 1)
			paranoid = 3;
		fclose(f);
	}
	if (paranoid < 2)
		SKIP(return, "perf_event_paranoid is %d: unprivileged kernel counting is allowed here",
		     paranoid);
	setenv("LMB_LAZY_STATS", MISSING_STATS, 1);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (getuid() == 0 && (setgid(65534) || setuid(65534)))
			_exit(9);
		_exit(check_nothing_countable());
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/* ---- the raw-event rule against a fake sysfs ----------------------- */

FIXTURE(fake_sysfs) {
	char root[64];
};

FIXTURE_SETUP(fake_sysfs)
{
	snprintf(self->root, sizeof(self->root), "/tmp/lmb-sysfs-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->root));
	/* an Arm PMUv3 as QEMU/Neoverse show it: no barrier events listed */
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/type", "10\n");
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/cpus", "0-4095\n");
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/format/event",
	    "config:0-15\n");
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/events/cpu_cycles",
	    "event=0x0011\n");
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/events/l1d_tlb_refill",
	    "event=0x0005\n");
	lmb_test_put(self->root, "bus/event_source/devices/software/type", "1\n");
	setenv("LMB_SYSFS_ROOT", self->root, 1);
	setenv("LMB_LAZY_STATS", MISSING_STATS, 1);
}

FIXTURE_TEARDOWN(fake_sysfs)
{
	lmb_test_rm_tree(self->root);
}

TEST_F(fake_sysfs, finds_arm_pmu_and_its_listing)
{
	struct core_pmu pmu;
	char alias[64] = "";

	ASSERT_EQ(0, core_pmu_find(self->root, &pmu));
	EXPECT_STREQ("armv8_pmuv3_0", pmu.name);
	EXPECT_EQ(10, pmu.type);
	EXPECT_TRUE(pmu.arm);
	EXPECT_TRUE(core_pmu_lists(self->root, &pmu, 0x11, alias, sizeof(alias)));
	EXPECT_STREQ("cpu_cycles", alias);
	EXPECT_TRUE(core_pmu_lists(self->root, &pmu, 0x05, NULL, 0));
	EXPECT_FALSE(core_pmu_lists(self->root, &pmu, 0x7d, NULL, 0));
	EXPECT_FALSE(core_pmu_lists(self->root, &pmu, 0x1100, NULL, 0));
}

TEST_F(fake_sysfs, x86_terms_and_formats)
{
	const char *cpu = "bus/event_source/devices/cpu/";
	char rel[128];
	struct core_pmu pmu;

#define PUT(file, text) (snprintf(rel, sizeof(rel), "%s%s", cpu, file), \
			 lmb_test_put(self->root, rel, text))
	PUT("type", "4\n");
	PUT("format/event", "config:0-7\n");
	PUT("format/umask", "config:8-15\n");
	PUT("format/ldlat", "config1:0-15\n");
	PUT("events/cpu-cycles", "event=0x3c\n");
	PUT("events/mem-loads", "event=0xcd,umask=0x1,ldlat=3\n");
	PUT("events/topdown", "event=0x00,umask=0x4\n");
	PUT("events/mem-loads.unit", "event=0x2a\n");
#undef PUT
	/* "cpu" wins over an Arm PMU dir */
	ASSERT_EQ(0, core_pmu_find(self->root, &pmu));
	EXPECT_STREQ("cpu", pmu.name);
	EXPECT_FALSE(pmu.arm);
	EXPECT_TRUE(core_pmu_lists(self->root, &pmu, 0x3c, NULL, 0));
	EXPECT_TRUE(core_pmu_lists(self->root, &pmu, 0x400, NULL, 0));
	/* needs config1: not expressible as a raw config */
	EXPECT_FALSE(core_pmu_lists(self->root, &pmu, 0x1cd, NULL, 0));
	/* .unit/.scale files are not events */
	EXPECT_FALSE(core_pmu_lists(self->root, &pmu, 0x2a, NULL, 0));
}

TEST_F(fake_sysfs, no_pmu_at_all)
{
	struct core_pmu pmu;

	lmb_test_rm_tree(self->root);
	ASSERT_EQ(0, mkdir(self->root, 0700));
	lmb_test_put(self->root, "bus/event_source/devices/software/type", "1\n");
	EXPECT_EQ(-1, core_pmu_find(self->root, &pmu));
	EXPECT_EQ(-1, pmu.type);
	EXPECT_STREQ("", pmu.name);
	EXPECT_FALSE(core_pmu_lists(self->root, &pmu, 0x11, NULL, 0));
}

TEST_F(fake_sysfs, columns_and_descriptions)
{
	struct counter_set *cs;
	const char *d;

	ASSERT_EQ(0, counters_parse("r7d:k,cpu_cycles:k,r1b,l1d_tlb_refill", &cs));
	ASSERT_EQ(4, counters_count(cs));
	EXPECT_STREQ("ev_dsb_spec_k", counters_column(cs, 0));
	EXPECT_STREQ("ev_cpu_cycles_k", counters_column(cs, 1));
	EXPECT_STREQ("ev_r1b", counters_column(cs, 2));
	EXPECT_STREQ("ev_l1d_tlb_refill", counters_column(cs, 3));
	d = counters_describe(cs, 0);
	TH_LOG("%s", d);
	EXPECT_NE(NULL, strstr(d, "type=armv8_pmuv3_0(10) config=0x7d event=dsb_spec"));
	EXPECT_NE(NULL, strstr(d, "listed=no"));
	EXPECT_NE(NULL, strstr(d, "modifiers=k"));
	d = counters_describe(cs, 1);
	EXPECT_NE(NULL, strstr(d, "listed=yes(armv8_pmuv3_0/events/cpu_cycles)"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 3),
			       "listed=yes(armv8_pmuv3_0/events/l1d_tlb_refill)"));
	counters_free(cs);

	/* with an Arm PMU, default has the kernel-only barrier/TLB events */
	ASSERT_EQ(0, counters_parse("default", &cs));
	EXPECT_LT(0, col_index(cs, "ev_dsb_spec_k"));
	EXPECT_LT(0, col_index(cs, "ev_itlb_walk_k"));
	EXPECT_EQ(15, counters_count(cs));
	counters_free(cs);
}

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* big.LITTLE: one Arm PMU per core type; raw events follow the pinned CPU. */
TEST_F(fake_sysfs, heterogeneous_arm_follows_cpu)
{
	const char *dev = "bus/event_source/devices/";
	struct counter_set *cs;
	char rel[128];

	NEED_PERF();
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || pin_to(1))
		SKIP(return, "needs CPUs 0 and 1");
	lmb_test_rm_tree(self->root);
	ASSERT_EQ(0, mkdir(self->root, 0700));
#define PUT(pmu, file, text) (snprintf(rel, sizeof(rel), "%s%s/%s", dev, pmu, file), \
			      lmb_test_put(self->root, rel, text))
	/* types no PMU here has: opening fails, which is fine for this test */
	PUT("armv8_cortex_a53", "type", "50\n");
	PUT("armv8_cortex_a53", "cpus", "0\n");
	PUT("armv8_cortex_a53", "events/l1d_tlb_refill", "event=0x05\n");
	PUT("armv8_cortex_a72", "type", "51\n");
	PUT("armv8_cortex_a72", "cpus", "1\n");
	PUT("armv8_cortex_a72", "events/dtlb_walk", "event=0x34\n");
#undef PUT
	ASSERT_EQ(0, pin_to(0));
	ASSERT_EQ(0, counters_parse("l1d_tlb_refill:k,dtlb_walk:k,page-faults", &cs));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "type=armv8_cortex_a53(50)"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "listed=yes"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 1), "listed=no"));
	ASSERT_EQ(0, pin_to(1));
	ASSERT_EQ(0, counters_open(cs));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "type=armv8_cortex_a72(51)"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "listed=no"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 1), "listed=yes(armv8_cortex_a72/events/dtlb_walk)"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 1), "status=unavailable"));
	counters_free(cs);
}

/* The decision function: unlisted + 0 = unavailable; listed 0 is a 0. */
TEST(window_rule)
{
	struct counter_window w = {
		.count = 0, .enabled = 1000, .running = 1000,
		.zero_trusted = false, .pmu = "armv8_pmuv3_0",
	};
	struct counter_value v;
	char why[256] = "";

	EXPECT_EQ(COUNTER_UNAVAILABLE, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_EQ(COUNTER_UNAVAILABLE, v.status);
	EXPECT_STREQ("not listed by armv8_pmuv3_0 and read 0: cannot tell unimplemented from zero",
		     why);

	w.count = 5;
	EXPECT_EQ(COUNTER_OK, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_EQ(5.0, v.value);
	EXPECT_EQ(1.0, v.running_ratio);

	w.count = 0;
	w.zero_trusted = true;
	EXPECT_EQ(COUNTER_OK, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_EQ(0.0, v.value);

	/* part of the window on the PMU: no scaled count by default */
	w.count = 100;
	w.running = 250;
	why[0] = '\0';
	EXPECT_EQ(COUNTER_UNAVAILABLE, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "25.0% of the window"));
	EXPECT_NE(NULL, strstr(why, "--allow-multiplex"));

	/* multiplexing allowed: scaled, ratio recorded */
	w.allow_scaled = true;
	EXPECT_EQ(COUNTER_OK, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_EQ(400.0, v.value);
	EXPECT_EQ(0.25, v.running_ratio);

	/* never on the PMU in the window: no value, even if "trusted" */
	w.running = 0;
	why[0] = '\0';
	EXPECT_EQ(COUNTER_UNAVAILABLE, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "multiplexed"));

	w.enabled = 0;
	EXPECT_EQ(COUNTER_UNAVAILABLE, counter_judge_window(&w, &v, why, sizeof(why)));
}

/* ---- lazy-MMU stats from a fake file -------------------------------- */

FIXTURE(lazy_file) {
	char path[64];
};

FIXTURE_SETUP(lazy_file)
{
	int fd;

	snprintf(self->path, sizeof(self->path), "/tmp/lmb-lazy-XXXXXX");
	fd = mkstemp(self->path);
	ASSERT_LE(0, fd);
	close(fd);
	setenv("LMB_LAZY_STATS", self->path, 1);
}

FIXTURE_TEARDOWN(lazy_file)
{
	unlink(self->path);
}

TEST_F(lazy_file, deltas_across_the_window)
{
	struct counter_value v[3];
	struct counter_set *cs;

	NEED_PERF();

	lmb_test_write_file(self->path, "barriers 10\nFlushes 3\n\n");
	ASSERT_EQ(0, counters_parse("lazy,page-faults", &cs));
	ASSERT_EQ(3, counters_count(cs));
	EXPECT_STREQ("ev_lazy_barriers", counters_column(cs, 0));
	EXPECT_STREQ("ev_lazy_flushes", counters_column(cs, 1));
	EXPECT_STREQ("ev_page_faults", counters_column(cs, 2));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), self->path));
	ASSERT_EQ(0, counters_open(cs));

	counters_enable(cs);
	lmb_test_write_file(self->path, "barriers 17\nFlushes 3\nnew_counter 5\n");
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_EQ(COUNTER_OK, v[0].status);
	EXPECT_EQ(7.0, v[0].value);
	EXPECT_EQ(COUNTER_OK, v[1].status);
	EXPECT_EQ(0.0, v[1].value);
	EXPECT_EQ(COUNTER_OK, v[2].status);

	/* outside the window changes do not count */
	lmb_test_write_file(self->path, "barriers 1017\nFlushes 3\n");
	counters_enable(cs);
	lmb_test_write_file(self->path, "barriers 1018\n");	/* Flushes vanished */
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_EQ(COUNTER_OK, v[0].status);
	EXPECT_EQ(1.0, v[0].value);
	EXPECT_EQ(COUNTER_UNAVAILABLE, v[1].status);

	/* went backwards (reset): unavailable, not a huge number */
	counters_enable(cs);
	lmb_test_write_file(self->path, "barriers 2\nFlushes 3\n");
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);

	/* garbage during a window: unavailable, no crash */
	counters_enable(cs);
	lmb_test_write_file(self->path, "barriers \x01\x02 lots of junk\n");
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);
	EXPECT_EQ(COUNTER_UNAVAILABLE, v[1].status);
	EXPECT_EQ(COUNTER_OK, v[2].status);

	/* file removed during a window */
	lmb_test_write_file(self->path, "barriers 2\nFlushes 3\n");
	counters_enable(cs);
	unlink(self->path);
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);
	counters_free(cs);
}

TEST_F(lazy_file, default_picks_it_up)
{
	struct counter_set *cs;

	lmb_test_write_file(self->path, "enter 1\nleave 1\n");
	ASSERT_EQ(0, counters_parse("default", &cs));
	EXPECT_LT(0, col_index(cs, "ev_lazy_enter"));
	EXPECT_LT(0, col_index(cs, "ev_lazy_leave"));
	counters_free(cs);
	/* "default,lazy" does not add it twice */
	ASSERT_EQ(0, counters_parse("default,lazy", &cs));
	EXPECT_LT(0, col_index(cs, "ev_lazy_leave"));
	counters_free(cs);
}

TEST_F(lazy_file, missing_file)
{
	struct counter_set *cs;
	const char *d;

	unlink(self->path);
	/* default: silently no lazy columns */
	ASSERT_EQ(0, counters_parse("default", &cs));
	EXPECT_EQ(-1, col_index(cs, "ev_lazy"));
	counters_free(cs);
	/* asked for: one unavailable column with the reason */
	ASSERT_EQ(0, counters_parse("page-faults,lazy", &cs));
	ASSERT_EQ(2, counters_count(cs));
	EXPECT_STREQ("ev_lazy", counters_column(cs, 1));
	d = counters_describe(cs, 1);
	TH_LOG("%s", d);
	EXPECT_NE(NULL, strstr(d, "status=unavailable reason="));
	EXPECT_NE(NULL, strstr(d, "does not exist"));
	EXPECT_NE(NULL, strstr(d, self->path));
	counters_free(cs);
}

TEST_F(lazy_file, malformed_lines)
{
	static const char *const junk[] = {
		"barriers ten\n", "barriers\n", "barriers 1 2\n", "bar-riers 1\n",
		"barriers -1\n", "barriers 99999999999999999999999\n",
		"a 1\na 2\n", "a 1\nA 2\n", "", "\n\n",
		"x_this_name_is_longer_than_forty_characters_and_so_rejected 1\n",
	};
	struct counter_value v[2];
	struct counter_set *cs;
	size_t i;

	NEED_PERF();

	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		const char *d;

		TH_LOG("junk file %zu", i);
		lmb_test_write_file(self->path, junk[i]);
		ASSERT_EQ(0, counters_parse("lazy,page-faults", &cs));
		ASSERT_EQ(2, counters_count(cs));
		EXPECT_STREQ("ev_lazy", counters_column(cs, 0));
		d = counters_describe(cs, 0);
		EXPECT_NE(NULL, strstr(d, "status=unavailable reason="));
		EXPECT_NE(NULL, strstr(d, self->path));
		ASSERT_EQ(0, counters_open(cs));
		counters_enable(cs);
		counters_disable(cs);
		ASSERT_EQ(0, counters_read(cs, v));
		EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);
		EXPECT_EQ(COUNTER_OK, v[1].status);
		counters_free(cs);
	}
	/* the reason says which line */
	lmb_test_write_file(self->path, "good 1\nbad line here\n");
	ASSERT_EQ(0, counters_parse("lazy", &cs));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "line 2 of"));
	counters_free(cs);
}

/*
 * Several workers: each one's window difference of a system-wide file
 * would hold the others' work, so the lazy columns are unavailable with
 * the reason, whatever the file says; other events still count.
 */
TEST_F(lazy_file, several_workers_make_it_unavailable)
{
	struct counter_value v[2];
	struct counter_set *cs;

	lmb_test_write_file(self->path, "barriers 10\n");
	ASSERT_EQ(0, counters_parse("lazy,page-faults", &cs));
	EXPECT_EQ(0, counters_set_workers(cs, 1));
	EXPECT_EQ(1, counters_set_workers(cs, 2));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), COUNTERS_SPLIT_REASON));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "status=unavailable"));
	if (!perf_unusable()) {
		ASSERT_EQ(0, counters_open(cs));
		counters_enable(cs);
		lmb_test_write_file(self->path, "barriers 17\n");
		counters_disable(cs);
		ASSERT_EQ(0, counters_read(cs, v));
		EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);
		EXPECT_EQ(COUNTER_OK, v[1].status);
	}
	counters_free(cs);

	/* only lazy columns left: the set still opens (the run records time) */
	ASSERT_EQ(0, counters_parse("lazy", &cs));
	EXPECT_EQ(1, counters_set_workers(cs, 4));
	EXPECT_EQ(0, counters_open(cs));
	counters_enable(cs);
	lmb_test_write_file(self->path, "barriers 99\n");
	counters_disable(cs);
	ASSERT_EQ(0, counters_read(cs, v));
	EXPECT_EQ(COUNTER_UNAVAILABLE, v[0].status);
	counters_free(cs);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/* Topology and pinning through hwloc: checked against the kernel's view. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "topology.h"

/*
 * The harness runs each test in a child that leaves with _exit(), so
 * LeakSanitizer's exit-time check never sees it: check explicitly.
 */
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#define EXPECT_NO_LEAKS() EXPECT_EQ(0, __lsan_do_recoverable_leak_check())
#else
#define EXPECT_NO_LEAKS() do { } while (0)
#endif

/* Highest CPU in this thread's affinity mask, and how many there are. */
static int affinity_last(int *count)
{
	cpu_set_t set;
	int cpu, last = -1;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set))
		return -1;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			last = cpu;
	*count = CPU_COUNT(&set);
	return last;
}

static int in_affinity(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	return !sched_getaffinity(0, sizeof(set), &set) && cpu >= 0 &&
	       cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set);
}

/*
 * Each test opens its own topology (no FIXTURE: older kselftest_harness.h
 * defines fixture set-up functions without prototypes, -Wmissing-prototypes).
 */
#define OPEN_TOPO(t) do { \
	t = topo_open(); \
	ASSERT_NE(NULL, t); \
} while (0)

TEST(default_pu_is_the_last_allowed)
{
	int count, last = affinity_last(&count), pu;
	struct topo *t;

	OPEN_TOPO(t);
	pu = topo_pick_pu(t, -1);
	ASSERT_LE(0, last);
	EXPECT_EQ(last, pu);
	EXPECT_TRUE(in_affinity(pu));
	EXPECT_EQ(count, topo_nr_pus(t));
	topo_close(t);
	EXPECT_NO_LEAKS();
}

TEST(pin_moves_the_thread)
{
	int pus[CPU_SETSIZE], n, i;
	struct topo *t;

	OPEN_TOPO(t);
	n = topo_usable_pus(t, pus, CPU_SETSIZE);
	ASSERT_EQ(topo_nr_pus(t), n);
	for (i = 0; i < n; i++)
		ASSERT_TRUE(in_affinity(pus[i]));
	/* every usable PU in turn: the kernel must then run us there */
	for (i = 0; i < n; i++) {
		ASSERT_EQ(pus[i], topo_pick_pu(t, pus[i]));
		ASSERT_EQ(0, topo_pin_self(t, pus[i]));
		EXPECT_EQ(pus[i], sched_getcpu());
	}
	ASSERT_EQ(0, topo_pin_self(t, topo_pick_pu(t, -1)));
	EXPECT_EQ(topo_pick_pu(t, -1), sched_getcpu());
	topo_close(t);
	EXPECT_NO_LEAKS();
}

TEST(bogus_pu_is_refused)
{
	int core = 7, pkg = 7, numa = 7;
	struct topo *t;

	OPEN_TOPO(t);
	EXPECT_EQ(-1, topo_pick_pu(t, 100000));
	EXPECT_EQ(-1, topo_pick_pu(t, -5));
	EXPECT_EQ(-1, topo_pin_self(t, 100000));
	EXPECT_EQ(-1, topo_pin_self(t, -1));
	EXPECT_EQ(-1, topo_pu_info(t, 100000, &core, &pkg, &numa));
	/* untouched on failure */
	EXPECT_EQ(7, core);
	/* still usable afterwards */
	EXPECT_EQ(0, topo_pin_self(t, topo_pick_pu(t, -1)));
	topo_close(t);
	EXPECT_NO_LEAKS();
}

TEST(pu_info)
{
	int pu, core = -2, pkg = -2, numa = -2, id;
	struct topo *t;
	char path[128];
	FILE *f;

	OPEN_TOPO(t);
	pu = topo_pick_pu(t, -1);
	ASSERT_EQ(0, topo_pu_info(t, pu, &core, &pkg, &numa));
	EXPECT_LE(0, core);
	EXPECT_LE(0, pkg);
	EXPECT_LE(0, numa);
	EXPECT_EQ(0, topo_pu_info(t, pu, NULL, NULL, NULL));
	/* the NUMA node is the one sysfs links the CPU to */
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/node%d",
		 pu, numa);
	EXPECT_EQ(0, access(path, F_OK)) TH_LOG("%s", path);
	/* one-package machines: package 0, as sysfs says */
	snprintf(path, sizeof(path),
		 "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", pu);
	f = fopen(path, "r");
	if (f && fscanf(f, "%d", &id) == 1 && id == 0)
		EXPECT_EQ(0, pkg);
	if (f)
		fclose(f);
	topo_close(t);
	EXPECT_NO_LEAKS();
}

TEST(summary_counts_pus)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	struct topo *t;
	char want[64], *s;

	OPEN_TOPO(t);
	s = topo_summary(t);
	ASSERT_NE(NULL, s);
	TH_LOG("%s", s);
	snprintf(want, sizeof(want), " %ld PU%s", online, online == 1 ? "" : "s");
	EXPECT_NE(NULL, strstr(s, want));
	EXPECT_NE(NULL, strstr(s, "package"));
	EXPECT_EQ(NULL, strchr(s, '\n'));
	free(s);
	topo_close(t);
	EXPECT_NO_LEAKS();
}

/* A process started under taskset: only its CPUs are usable. */
TEST(restricted_affinity)
{
	int count, last = affinity_last(&count), first;
	cpu_set_t one;
	struct topo *t;
	char *s;

	if (count < 2)
		SKIP(return, "needs two CPUs");
	for (first = 0; !in_affinity(first); first++)
		;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one));
	t = topo_open();
	ASSERT_NE(NULL, t);
	EXPECT_EQ(1, topo_nr_pus(t));
	EXPECT_EQ(first, topo_pick_pu(t, -1));
	EXPECT_EQ(-1, topo_pick_pu(t, last));
	EXPECT_EQ(-1, topo_pin_self(t, last));
	s = topo_summary(t);
	EXPECT_NE(NULL, strstr(s, ", 1 of ")) TH_LOG("%s", s);
	free(s);
	topo_close(t);
	EXPECT_NO_LEAKS();
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * The io_uring workloads do what they claim:
 *  - uring-rings makes the kernel vmap and vunmap: the vmalloc tracepoints
 *    alloc_vmap_area / free_vmap_area_noflush fire once per ring per step
 *    in this thread (counted with perf_event_open).  Root on a kernel with
 *    tracefs that is not mounted: the test mounts it for its duration, in
 *    a mount namespace of its own process (the harness forks one per test),
 *    and unmounts it after - the system is left as found even if the test
 *    dies; without root or tracefs it skips and says which;
 *  - madvise-uring zaps every chunk for batches 1, 3 (not dividing the
 *    chunk count) and more than the chunk count;
 *  - with io_uring forbidden (sysctl kernel.io_uring_disabled = 2, set for
 *    a moment and restored) both skip instead of failing.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "sysfs_settings.h"
#include "uring_util.h"
#include "workloads/workloads.h"

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

/* Tracepoint id of vmalloc:@name, -1 if tracefs is not there. */
static long tracepoint_id(const char *name)
{
	char path[256];
	size_t i;
	long id;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(tracefs_dirs); i++) {
		snprintf(path, sizeof(path), "%s/events/vmalloc/%s/id",
			 tracefs_dirs[i], name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%ld", &id) != 1)
			id = -1;
		fclose(f);
		return id;
	}
	return -1;
}

/* The kernel can mount tracefs (it is in /proc/filesystems). */
static bool kernel_has_tracefs(void)
{
	char line[128];
	bool found = false;
	FILE *f = fopen("/proc/filesystems", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "\ttracefs\n") != NULL;
	fclose(f);
	return found;
}

/*
 * Mount tracefs on tracefs_dirs[0] in a new mount namespace of this (test)
 * process only.  Returns 0 when mounted; otherwise -1 with *why saying what
 * is missing, in the skip-reason form of tests/tap.bash.
 */
static int tracefs_mount_private(const char **why)
{
	static char why_buf[160];
	struct stat sb;

	if (!kernel_has_tracefs()) {
		*why = "kernel: no tracefs in /proc/filesystems (CONFIG_TRACING)";
		return -1;
	}
	if (geteuid()) {
		*why = "privilege: tracefs is not mounted and mounting it needs root (mount -t tracefs nodev /sys/kernel/tracing)";
		return -1;
	}
	if (stat(tracefs_dirs[0], &sb) || !S_ISDIR(sb.st_mode)) {
		*why = "kernel: no /sys/kernel/tracing directory to mount tracefs on";
		return -1;
	}
	/*
	 * /sys private in the new namespace: the mount below it cannot
	 * propagate back to the system's ("/" would do too, but in a chroot
	 * it is no mount point).
	 */
	if (unshare(CLONE_NEWNS) ||
	    mount("none", "/sys", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("nodev", tracefs_dirs[0], "tracefs", 0, NULL)) {
		snprintf(why_buf, sizeof(why_buf),
			 "privilege: mounting tracefs on %s in a private mount namespace failed: %s",
			 tracefs_dirs[0], strerror(errno));
		*why = why_buf;
		return -1;
	}
	return 0;
}

static int open_tracepoint(long id)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_TRACEPOINT;
	a.config = (unsigned long long)id;
	a.disabled = 1;
	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

static long long read_count(int fd)
{
	long long v = -1;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return -1;
	return v;
}

static struct wl_params params(size_t bytes)
{
	struct wl_params p = {
		.bytes = bytes, .base_page = (size_t)sysconf(_SC_PAGESIZE),
		.pmd_size = 2UL << 20, .mode = PAGE_MODE_4K,
		.chunk_bytes = 64 << 10, .batch = 8,
	};
	return p;
}

TEST(uring_rings_vmaps_each_ring)
{
	struct wl_params p = params(4UL << 20);	/* 8 rings of 512 KiB */
	struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };
	struct step_split split = { 0 };
	long alloc_id = tracepoint_id("alloc_vmap_area");
	long free_id = tracepoint_id("free_vmap_area_noflush");
	const char *why = NULL;
	bool mounted = false;
	long long allocs, frees;
	int fa, ff, ret;

	if (alloc_id < 0 || free_id < 0) {
		mounted = !tracefs_mount_private(&why);
		alloc_id = tracepoint_id("alloc_vmap_area");
		free_id = tracepoint_id("free_vmap_area_noflush");
		if (mounted && (alloc_id < 0 || free_id < 0)) {
			umount(tracefs_dirs[0]);
			SKIP(return, "kernel: tracefs has no vmalloc events");
		}
	}
	if (alloc_id < 0 || free_id < 0)
		SKIP(return, "%s", why);

	if (sysconf(_SC_PAGESIZE) != 4096)
		SKIP(return, "kernel: ring size arithmetic assumes 4K pages");
	ret = wl_uring_rings.setup(&st);
	if (ret == WL_SKIP)
		SKIP(return, "kernel: io_uring or buffer rings unavailable here");
	ASSERT_EQ(0, ret);
	fa = open_tracepoint(alloc_id);
	ff = open_tracepoint(free_id);
	if (fa < 0 || ff < 0) {
		wl_uring_rings.teardown(&st);
		SKIP(return, "kernel: perf_event_open of a tracepoint refused: %s", strerror(errno));
	}
	ioctl(fa, PERF_EVENT_IOC_ENABLE, 0);
	ioctl(ff, PERF_EVENT_IOC_ENABLE, 0);
	ret = wl_uring_rings.step(&st, &split);
	ioctl(fa, PERF_EVENT_IOC_DISABLE, 0);
	ioctl(ff, PERF_EVENT_IOC_DISABLE, 0);
	EXPECT_EQ(0, ret);
	allocs = read_count(fa);
	frees = read_count(ff);
	/* one vmap + one vunmap per ring; nothing else in this thread vmaps */
	EXPECT_EQ(8, allocs);
	EXPECT_EQ(8, frees);
	EXPECT_STREQ("map", split.name);
	EXPECT_EQ(0, wl_uring_rings.verify(&st));
	/* again: the step is repeatable */
	EXPECT_EQ(0, wl_uring_rings.step(&st, &split));
	EXPECT_EQ(0, wl_uring_rings.verify(&st));
	close(fa);
	close(ff);
	wl_uring_rings.teardown(&st);
	/* the namespace goes with this process anyway; leave it tidy too */
	if (mounted)
		EXPECT_EQ(0, umount(tracefs_dirs[0]));
}

TEST(uring_rings_rejects_sizes_and_huge_pages)
{
	struct wl_params p = params(2UL << 20);
	struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };

	p.mode = PAGE_MODE_THP;
	EXPECT_EQ(WL_SKIP, wl_uring_rings.setup(&st));
	p.mode = PAGE_MODE_4K;
	p.bytes = 3UL << 20;	/* not a multiple of the PMD size */
	EXPECT_EQ(-1, wl_uring_rings.setup(&st));
}

static void madvise_uring_batch(struct __test_metadata *_metadata, unsigned batch)
{
	struct wl_params p = params(2UL << 20);	/* 32 chunks of 64 KiB */
	struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };
	struct step_split split = { 0 };
	int ret;

	p.batch = batch;
	ret = wl_madvise_uring.setup(&st);
	if (ret == WL_SKIP)
		SKIP(return, "kernel: io_uring unavailable here");
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, wl_madvise_uring.prepare(&st));
	/* populated: verify must fail before the step */
	EXPECT_EQ(-1, wl_madvise_uring.verify(&st));
	ASSERT_EQ(0, wl_madvise_uring.prepare(&st));
	EXPECT_EQ(0, wl_madvise_uring.step(&st, &split));
	EXPECT_EQ(0, wl_madvise_uring.verify(&st));
	wl_madvise_uring.teardown(&st);
}

TEST(madvise_uring_batch_1)
{
	madvise_uring_batch(_metadata, 1);
}

TEST(madvise_uring_batch_3)
{
	madvise_uring_batch(_metadata, 3);
}

TEST(madvise_uring_batch_64)
{
	madvise_uring_batch(_metadata, 64);
}

TEST(madvise_uring_rejects_bad_chunks)
{
	struct wl_params p = params(2UL << 20);
	struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };

	p.chunk_bytes = 3 << 10;	/* not a page multiple */
	EXPECT_EQ(-1, wl_madvise_uring.setup(&st));
	p.chunk_bytes = 768 << 10;	/* does not divide 2 MiB */
	EXPECT_EQ(-1, wl_madvise_uring.setup(&st));
	p.chunk_bytes = 64 << 10;
	p.batch = 0;
	EXPECT_EQ(-1, wl_madvise_uring.setup(&st));
}

TEST(io_uring_disabled_is_a_skip)
{
	int status;
	pid_t pid;

	if (geteuid() != 0 || uring_disabled_sysctl() < 0)
		SKIP(return, "privilege/kernel: needs root and the kernel.io_uring_disabled sysctl (6.6+)");
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct wl_params p = params(2UL << 20);
		struct wl_state st = { .p = &p, .pages = p.bytes / p.base_page };
		int a, b;

		if (settings_init("/tmp/lmb-test-uring.journal") ||
		    settings_set("/proc/sys/kernel/io_uring_disabled", "2"))
			_exit(10);
		a = wl_madvise_uring.setup(&st);
		b = wl_uring_rings.setup(&st);
		settings_restore_all();
		_exit(a == WL_SKIP && b == WL_SKIP ? 0 : 11);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_NE(2, uring_disabled_sysctl());	/* put back */
}

TEST_HARNESS_MAIN

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own vmalloc stress test (lib/test_vmalloc.c,
 * CONFIG_TEST_VMALLOC): the kernel-mapping storm the arm64 lazy-MMU
 * barrier batching was measured with.  As a module it runs its tests when
 * loaded and refuses to stay (init returns -EAGAIN); built in, it runs
 * once at boot.  Either way it prints, per worker thread and test:
 *
 *   Summary: fix_size_alloc_test passed: 1 failed: 0 xfailed: 0 repeat: 1 loops: 1000000 avg: 1234567 usec
 *   All test took worker0=123456789 cycles
 *
 * (kernels before 6.16 print no "xfailed:" field).  The avg is the time
 * of one repetition of the test's loop, in microseconds.
 */
#ifndef LMB_VMALLOC_TEST_H
#define LMB_VMALLOC_TEST_H

#include <stdbool.h>
#include <stddef.h>

#define VT_NAME_MAX 48

struct vt_result {
	char test[VT_NAME_MAX];
	int worker;		/* -1 until its "All test took" line */
	int passed, failed, xfailed;	/* xfailed -1: the kernel has no such field */
	int repeat, loops;
	unsigned long long avg_us;
};

struct vt_results {
	struct vt_result *r;
	size_t n, cap;
};

/* Feed one kernel log line (any prefix before "Summary:" is ignored).
 * Returns 1 if it was a line of the test, 0 if not, -1 out of memory.
 */
int vt_parse_line(struct vt_results *res, const char *line);
/* Parse a whole text (a dmesg dump); returns the number of results or -1. */
int vt_parse_text(struct vt_results *res, const char *text);
void vt_results_free(struct vt_results *res);

/* Test names by bit of run_test_mask ("fix_size_alloc_test" = bit 0). */
const char *vt_test_name(unsigned int bit);
#define VT_NR_TESTS 13

struct vt_params {
	unsigned long run_test_mask;
	unsigned int nr_threads;
	unsigned long test_loop_count;
	unsigned int test_repeat_count;
	unsigned int nr_pages;	/* 0: the module's default (1) */
	bool sequential;	/* sequential_test_order=1 */
};

enum vt_where {
	VT_ABSENT,		/* no module, not built in: see @why */
	VT_MODULE,		/* loadable: vt_run_module() */
	VT_BUILTIN,		/* ran at boot: vt_read_boot() */
};

/* Where the test lives on this kernel; @why (NULL ok) says why absent. */
enum vt_where vt_locate(char *why, size_t cap);
/*
 * modprobe the module with @p and collect what it printed.  Returns 0,
 * WL_SKIP (1) with a warning when it cannot be loaded here (not root, no
 * module), -1 + message on failure.
 */
int vt_run_module(const struct vt_params *p, struct vt_results *res);
/* The results a built-in test printed at boot (/dev/kmsg); 0 or -1. */
int vt_read_boot(struct vt_results *res);

#endif

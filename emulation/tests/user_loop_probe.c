// SPDX-License-Identifier: GPL-2.0
/*
 * user-loop-probe [ITERATIONS]: checks the kernel/user split of the PMU's
 * instruction counter (and, under the plugin, of the plugin's) in an arm64
 * guest booted with precise icount (scripts/qemu-run.sh --suite
 * build/emu/user-loop-probe --icount 0 -- 1000000).
 *
 * Two windows, each between the suite's window markers and inside enabled
 * counters, as benchmarks/window.c has them:
 *   user-loop:    ITERATIONS passes of a loop with no system call: kernel
 *                 instructions must be ~0 (only an interrupt can add some),
 *                 user instructions ~ 3 x ITERATIONS;
 *   syscall-loop: ITERATIONS / 1000 getppid() calls: kernel instructions
 *                 are nonzero, so the counter is not simply dead.
 * Prints "window,name,iterations,instructions_k,instructions_u,cycles_k"
 * rows on stdout; a counter that cannot be opened is an error (exit 1),
 * never a 0.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "emu_marker.h"

enum { INSN_K, INSN_U, CYCLES_K, NR_COUNTERS };

static const char *const counter_names[NR_COUNTERS] = {
	"instructions:k", "instructions:u", "cycles:k",
};

static int open_counter(int which)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = which == CYCLES_K ? PERF_COUNT_HW_CPU_CYCLES :
					  PERF_COUNT_HW_INSTRUCTIONS;
	attr.disabled = 1;
	attr.exclude_user = which != INSN_U;
	attr.exclude_kernel = which == INSN_U;
	attr.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0)
		fprintf(stderr,
			"user-loop-probe: error: perf_event_open(%s) failed: %s (boot the guest with --icount: without precise icount QEMU's PMU offers no INST_RETIRED)\n",
			counter_names[which], strerror(errno));
	return fd;
}

static void user_loop(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		__asm__ __volatile__("" ::: "memory");
}

static void syscall_loop(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static int measure(int fd[], const char *name, unsigned long n,
		   void (*body)(unsigned long), int window)
{
	uint64_t v[NR_COUNTERS];
	int i;

	for (i = 0; i < NR_COUNTERS; i++)
		ioctl(fd[i], PERF_EVENT_IOC_RESET, 0);
	for (i = 0; i < NR_COUNTERS; i++)
		ioctl(fd[i], PERF_EVENT_IOC_ENABLE, 0);
	emu_window_open();
	body(n);
	emu_window_close();
	for (i = NR_COUNTERS - 1; i >= 0; i--)
		ioctl(fd[i], PERF_EVENT_IOC_DISABLE, 0);
	for (i = 0; i < NR_COUNTERS; i++) {
		if (read(fd[i], &v[i], sizeof(v[i])) != sizeof(v[i])) {
			fprintf(stderr, "user-loop-probe: error: reading %s failed: %s\n",
				counter_names[i], strerror(errno));
			return -1;
		}
	}
	printf("%d,%s,%lu,%llu,%llu,%llu\n", window, name, n,
	       (unsigned long long)v[INSN_K], (unsigned long long)v[INSN_U],
	       (unsigned long long)v[CYCLES_K]);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = 1000000;
	int fd[NR_COUNTERS], i, ret = 0;
	char *end;

	if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "-h") ||
				       !strcmp(argv[1], "--help")))) {
		fprintf(stderr, "usage: user-loop-probe [ITERATIONS] (default 1000000)\n");
		return 2;
	}
	if (argc == 2) {
		errno = 0;
		n = strtoul(argv[1], &end, 10);
		if (errno || *end || n < 1000) {
			fprintf(stderr, "user-loop-probe: error: ITERATIONS '%s' is not a number >= 1000\n",
				argv[1]);
			return 2;
		}
	}
	for (i = 0; i < NR_COUNTERS; i++) {
		fd[i] = open_counter(i);
		if (fd[i] < 0)
			return 1;
	}
	printf("window,name,iterations,instructions_k,instructions_u,cycles_k\n");
	if (measure(fd, "user-loop", n, user_loop, 0) ||
	    measure(fd, "syscall-loop", n / 1000, syscall_loop, 1))
		ret = 1;
	for (i = 0; i < NR_COUNTERS; i++)
		close(fd[i]);
	return ret;
}

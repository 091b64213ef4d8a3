/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the unit tests: workload parameters for this machine
 * and capturing what a call prints on stderr.  Include after
 * kselftest_harness.h.
 */
#ifndef LMB_TEST_H
#define LMB_TEST_H

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "workload.h"

/* PMD size the kernel reports for THP, else base_page^2/8 (one PTE page). */
static inline size_t lmb_test_pmd_size(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned long v = 0;
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "r");

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v ? (size_t)v : page * page / 8;
}

/* Parameters for a region of @pmds PMDs in @mode. */
static inline struct wl_params lmb_test_params(size_t pmds, enum page_mode mode)
{
	struct wl_params p = {
		.base_page = (size_t)sysconf(_SC_PAGESIZE),
		.pmd_size = lmb_test_pmd_size(),
		.mode = mode,
	};

	p.bytes = pmds * p.pmd_size;
	return p;
}

/* Write @text to @path (created or truncated); aborts on failure. */
static inline void lmb_test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

/* mkdir -p of the directory part of @root/@rel, then write @text to it. */
static inline void lmb_test_put(const char *root, const char *rel,
				const char *text)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	lmb_test_write_file(path, text);
}

/* rm -rf @dir (a test's temporary tree). */
static inline void lmb_test_rm_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

/* Send stderr to a temporary file between begin and end; end copies it to @buf. */
struct lmb_capture {
	int saved;
	FILE *f;
};

static inline int lmb_capture_begin(struct lmb_capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	c->saved = dup(STDERR_FILENO);
	if (!c->f || c->saved < 0 || dup2(fileno(c->f), STDERR_FILENO) < 0)
		return -1;
	return 0;
}

static inline void lmb_capture_end(struct lmb_capture *c, char *buf, size_t cap)
{
	size_t n = 0;

	fflush(stderr);
	dup2(c->saved, STDERR_FILENO);
	close(c->saved);
	if (c->f) {
		rewind(c->f);
		n = fread(buf, 1, cap - 1, c->f);
		fclose(c->f);
	}
	buf[n] = '\0';
}

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

/*
 * A fixed-seed generator for simulations that must never flake:
 * xorshift64* uniform in [0, 1), and a standard normal (Box-Muller).
 */
static inline double lmb_test_uniform(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (double)((*state * 2685821657736338717ULL) >> 11) /
	       9007199254740992.0;
}

static inline double lmb_test_gauss(uint64_t *state)
{
	double u = lmb_test_uniform(state), v = lmb_test_uniform(state);

	return sqrt(-2 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

#endif

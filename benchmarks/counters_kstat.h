/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel lazy-MMU statistics: a debugfs file of "<name> <cumulative count>"
 * lines written by the lazy-MMU instrumentation patch (system-wide counts).
 * One counter per line; a window's value is the difference between a read
 * just before the perf events are enabled and one just after they are
 * disabled, so the reads themselves stay outside the counted window.
 *
 * LMB_LAZY_STATS (environment): path of the file, default
 * /sys/kernel/debug/lazy_mmu/stats.  Tests point it at a temporary file.
 */
#ifndef LMB_COUNTERS_KSTAT_H
#define LMB_COUNTERS_KSTAT_H

#include <stddef.h>
#include <stdint.h>

#define KSTAT_DEFAULT_PATH "/sys/kernel/debug/lazy_mmu/stats"
#define KSTAT_NAME_MAX 40

struct kstat_src;

/* $LMB_LAZY_STATS or KSTAT_DEFAULT_PATH. */
const char *kstat_path(void);

/*
 * Read @path once to learn the counter names.  NULL on failure, with errno
 * set (ENOENT: absent; EINVAL: malformed) and a one-line reason in @why
 * (what is wrong and what to do).
 */
struct kstat_src *kstat_open(const char *path, char *why, size_t why_len);
size_t kstat_count(const struct kstat_src *k);
const char *kstat_name(const struct kstat_src *k, size_t i);
const char *kstat_file(const struct kstat_src *k);
/* Snapshot the file before / after a window. */
void kstat_before(struct kstat_src *k);
void kstat_after(struct kstat_src *k);
/* Counter @i over the last window: 0 and @delta, or -1 and a reason. */
int kstat_delta(const struct kstat_src *k, size_t i, uint64_t *delta,
		const char **why);
void kstat_free(struct kstat_src *k);

#endif

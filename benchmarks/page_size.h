/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --page-size values: "4k" (base pages), "thp" (PMD-sized THP through
 * MADV_HUGEPAGE) and an mTHP size such as "64k".
 *
 * An mTHP size runs as PAGE_MODE_THP (the region gets MADV_HUGEPAGE) with
 * the kernel told, through the per-size sysfs controls, to use folios of
 * that size alone for such memory: hugepages-<size>kB/enabled = madvise,
 * every other size = never.  The settings are changed through
 * sysfs_settings (restored on exit, signal, or by the next run) and put
 * back after each mTHP configuration.
 */
#ifndef LMB_PAGE_SIZE_H
#define LMB_PAGE_SIZE_H

#include <stddef.h>

#include "workload.h"

#define MTHP_DIR "/sys/kernel/mm/transparent_hugepage"

struct page_size {
	enum page_mode mode;
	size_t mthp;		/* bytes of an mTHP size; 0 for 4k / thp */
	char name[24];		/* "4k", "thp", "64k" */
};

/*
 * Parse one value.  An mTHP size must be one this kernel offers (a
 * hugepages-<size>kB folder under @thp_dir); the error lists those.
 * 0, or -1 + message.
 */
int page_size_parse(const char *s, const char *thp_dir, struct page_size *ps);

/*
 * Let only @size folios back MADV_HUGEPAGE memory (see above).  Returns 0,
 * SETTINGS_DENIED (1) when this process may not change the settings (the
 * message says the configuration is skipped), or -1 + message.
 */
int mthp_enable_only(const char *thp_dir, size_t size);
/* Put the settings back (after the configuration); 0, or -1 + message. */
int mthp_restore(void);
/*
 * Anonymous-fault allocations of @size folios so far (the kernel's
 * hugepages-<size>kB/stats/anon_fault_alloc), -1 if the kernel lacks it.
 */
long long mthp_fault_allocs(const char *thp_dir, size_t size);

/*
 * For the thp_kb column of mTHP runs: mark the fault count before a
 * populating call (setup() or prepare()), then page_size_faulted_kb()
 * after it.  The mark is -1 when the run is not an mTHP run or the
 * kernel lacks the stats; system-wide, so take it only when one thread
 * alone populates (one worker).
 */
long long page_size_fault_mark(const struct wl_params *p);
/* kB of @p->mthp_size folios faulted since @mark; -1 unknown. */
long page_size_faulted_kb(const struct wl_params *p, long long mark);

/*
 * What the pages of @region really were, for the thp_kb column: for 4k and
 * thp, AnonHugePages of its VMA (smaps); for an mTHP size, the folios of
 * that size faulted in since @prepare_mark (page_size_fault_mark() just
 * before prepare()) times the size, in kB, or, when prepare() faulted in
 * none (workloads that populate their region once, in setup(): fork,
 * mprotect, mremap), @setup_kb: what setup() faulted in (-1 unknown).
 * -1 unknown (no region, no smaps, no stats, no mark): never 0 unless
 * both prepare() and setup() were measured to fault in none.
 */
long page_size_region_kb(const struct wl_params *p, const void *region,
			 long long prepare_mark, long setup_kb);

#endif

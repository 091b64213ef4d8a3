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

#include <stdbool.h>
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
 * The thp_kb column: what the pages the step acts on were, read without
 * anything between prepare() and the window but what every page size does
 * alike (no page-table walk there: it would warm the very PTEs the step
 * touches).
 *
 * Mark the kernel's count of anonymous huge-folio faults (the mTHP size of
 * the run, else the PMD size: hugepages-<size>kB/stats/anon_fault_alloc,
 * or /proc/vmstat thp_fault_alloc before 6.10) before a populating call
 * (setup() or prepare()), then page_size_faulted_kb() after it: kB of
 * those folios faulted since (0 in 4k mode: measured).  The mark is -1
 * when the kernel lacks the count; system-wide, so take it only when one
 * thread alone populates (one worker).
 */
long long page_size_fault_mark(const struct wl_params *p);
/* kB of huge folios faulted since @mark (see above); -1 unknown. */
long page_size_faulted_kb(const struct wl_params *p, long long mark);

/*
 * thp_kb of one sample.  @fresh (WL_FRESH_PAGES: prepare() faulted the
 * region in anew): the huge folios faulted since @prepare_mark (taken just
 * before prepare()).  Otherwise the region persists: @kept_kb, what
 * page_size_kept_kb() read after setup() or after the previous window.
 * -1 unknown; never 0 unless measured.
 */
long page_size_sample_kb(const struct wl_params *p, bool fresh,
			 long long prepare_mark, long kept_kb);
/*
 * For a region that persists from setup() through the steps: read after
 * setup() and after every window, outside them.  For 4k and thp the
 * AnonHugePages of @region's VMA (smaps, a walk of its page tables); for
 * an mTHP size (which smaps cannot tell) the same walk is done, and
 * @setup_kb - what setup() faulted in - returned.  -1 unknown.
 */
long page_size_kept_kb(const struct wl_params *p, const void *region,
		       long setup_kb);

#endif

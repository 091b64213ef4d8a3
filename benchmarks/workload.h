/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One workload ("storm") = one small file behind this interface.
 *
 * The harness calls, for one run:
 *   setup()                    once, outside every window
 *   repeat (warm-up + samples):
 *     prepare()                populate etc., outside the windows
 *     [window opens: counters enabled, clock read]
 *     step()                   the operation under test and nothing else
 *     [window closes: clock read, counters disabled]
 *     verify() (if asked)      outside the windows
 *   teardown()                 once, always called if setup() succeeded
 *
 * Units are base pages: a result is always divided by wl_state.pages
 * (bytes / base page size), also in THP mode, so 4K and THP runs compare.
 *
 * Error convention: on failure a callback prints one message with
 * lmb_err() (what failed, with what value, what to do) and returns -1.
 */
#ifndef LMB_WORKLOAD_H
#define LMB_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum page_mode {
	PAGE_MODE_4K,	/* MADV_NOHUGEPAGE: base pages only */
	PAGE_MODE_THP,	/* MADV_HUGEPAGE: PMD-sized THP where the kernel allows */
};

struct wl_params {
	size_t bytes;		/* region size, multiple of the PMD size */
	size_t base_page;	/* sysconf(_SC_PAGESIZE) */
	size_t pmd_size;	/* region alignment, 2 MiB on 4K-page kernels */
	enum page_mode mode;
	/* PAGE_MODE_THP with an mTHP size: the folio size the harness enabled
	 * alone through sysfs (bytes); 0 = PMD-sized THP (see page_size.h).
	 */
	size_t mthp_size;
	/* Batched workloads (madvise-uring, madvise-chunks): bytes per
	 * operation and operations per io_uring_enter().
	 */
	size_t chunk_bytes;
	unsigned int batch;
};

/*
 * setup() returns WL_SKIP when the workload cannot run on this system (no
 * io_uring, not permitted, ...) after saying why with lmb_warn(); the
 * harness notes it and goes on.  teardown() is not called then.
 */
#define WL_SKIP 1

/* Optional intermediate timestamp a step may report (fork: copy vs exit). */
struct step_split {
	const char *name;	/* e.g. "copy"; NULL when the step has none */
	uint64_t ns;		/* time from window open to the split point */
};

struct wl_state {
	const struct wl_params *p;
	size_t pages;		/* bytes / base_page */
	void *priv;		/* owned by the workload */
	void *region;		/* the measured region, set by setup()/prepare()
				 * (the harness reads its AnonHugePages)
				 */
	uint64_t window_open_ns; /* set by the harness just before step() */
};

/*
 * What a workload is and does, for everything that picks workloads from
 * the table instead of naming them (profiles, `-w storms`, the scripts
 * through `lazymmu-bench list --names FLAG`, the tests).  `list` shows
 * them by the names in brackets.
 */
enum wl_flags {
	/* [storm] one of the user-PTE storms every study runs: `-w storms`,
	 * the quick/full profiles, scripts/ab-study.sh, scripts/emu-study.sh
	 */
	WL_STORM = 1 << 0,
	/* [region] setup()/prepare() leave st->region a region of
	 * wl_params.bytes holding the REGION_SEED pattern, which step() acts
	 * on: its rows' thp_kb tell the region's page sizes (never 0 at an
	 * mTHP size), and the lifecycle tests check it every sample
	 */
	WL_REGION = 1 << 1,
	/* [thp-kept] in THP mode the region is huge pages before every step
	 * (the step and verify() leave none split)
	 */
	WL_THP_KEPT = 1 << 2,
	/* [may-skip] setup() may return WL_SKIP: it needs something a
	 * machine may lack (io_uring, a -ctl kernel)
	 */
	WL_MAY_SKIP = 1 << 3,
	/* [fresh-pages] prepare() faults the region in anew every sample:
	 * the huge folios it faults are what the step acts on (thp_kb comes
	 * from the kernel's fault counts, page_size.h); without it the
	 * region persists from setup() through the steps
	 */
	WL_FRESH_PAGES = 1 << 4,
};

struct workload {
	const char *name;
	const char *summary;	 /* one line, for `lazymmu-bench list` */
	const char *kernel_path; /* kernel functions the step drives */
	bool batched;		 /* uses wl_params.batch: run once per --uring-batch */
	unsigned int flags;	 /* enum wl_flags */
	int (*setup)(struct wl_state *st);
	int (*prepare)(struct wl_state *st);
	int (*step)(struct wl_state *st, struct step_split *split);
	int (*verify)(struct wl_state *st);
	void (*teardown)(struct wl_state *st);
};

/* All workloads, NULL-terminated (workloads.c). */
extern const struct workload *const lmb_workloads[];

const struct workload *workload_find(const char *name);
/* The bracketed name of one flag ("storm"); NULL if @flag is not one. */
const char *workload_flag_name(unsigned int flag);
/* The flag called @name; 0 if none is. */
unsigned int workload_flag_find(const char *name);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * MADV_DONTNEED storm: setup() maps the region once, prepare() writes one
 * byte per base page again, step() drops every page with MADV_DONTNEED.
 * The VMA and the PTE pages stay; only the PTEs are zapped.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "region.h"
#include "workloads/workloads.h"

static int dontneed(struct wl_state *st)
{
	if (!madvise(st->region, st->p->bytes, MADV_DONTNEED))
		return 0;
	lmb_err("madvise storm: madvise(%p, %zu bytes, MADV_DONTNEED) failed: %s",
		st->region, st->p->bytes, strerror(errno));
	return -1;
}

static int madvise_setup(struct wl_state *st)
{
	st->region = region_create(st->p);
	return st->region ? 0 : -1;
}

static int madvise_prepare(struct wl_state *st)
{
	region_populate(st->region, st->p->bytes, st->p->base_page, REGION_SEED);
	return 0;
}

static int madvise_step(struct wl_state *st, struct step_split *split)
{
	(void)split;
	return dontneed(st);
}

/*
 * Private anonymous memory reads zero after MADV_DONTNEED.  Reading maps
 * the zero page (in THP mode the huge zero page, which a later write would
 * split), so drop the range again: the next prepare() then faults fresh
 * pages exactly as after a plain step.
 */
static int madvise_verify(struct wl_state *st)
{
	if (!region_reads_zero(st->region, st->p->bytes, st->p->base_page)) {
		lmb_err("madvise storm: the %zu-byte region at %p does not read zero after MADV_DONTNEED",
			st->p->bytes, st->region);
		return -1;
	}
	return dontneed(st);
}

const struct workload wl_madvise = {
	.name = "madvise",
	.summary = "re-populate a PMD-aligned region, time madvise(MADV_DONTNEED) of all of it",
	.kernel_path = "madvise_dontneed_single_vma > zap_vma_range_batched (6.1: zap_page_range_single) > zap_pte_range (lazy MMU section); THP: zap_huge_pmd",
	.flags = WL_STORM | WL_REGION | WL_THP_KEPT | WL_FRESH_PAGES,
	.setup = madvise_setup,
	.prepare = madvise_prepare,
	.step = madvise_step,
	.verify = madvise_verify,
	.teardown = region_teardown,
};

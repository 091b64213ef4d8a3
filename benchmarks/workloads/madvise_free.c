// SPDX-License-Identifier: GPL-2.0
/*
 * MADV_FREE storm: prepare() gives the region fresh, dirty pages (drops
 * the previous ones with MADV_DONTNEED, writes one byte per base page),
 * step() marks every page lazily freeable with MADV_FREE: the kernel walks
 * the PTEs, makes them old and clean (a write after that re-dirties the
 * page and keeps it) and moves the folios to the lazy-free LRU.  Without
 * memory pressure nothing is discarded; the VMA, the PTE pages and the
 * PTEs stay.
 *
 * Fresh pages every sample: a second MADV_FREE of pages already lazily
 * free walks the same PTEs but moves no folio, so every sample would not
 * time the same work, and verify() could not tell this step's effect
 * from the previous one's.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "region.h"
#include "workloads/workloads.h"

#define WHO "madvise-free storm"

/*
 * MADV_FREE puts small folios on a per-CPU batch of 31 (the kernel's
 * FOLIO_BATCH_SIZE) before they become lazy free; large folios go
 * at once.  Up to 31 base pages per CPU the thread may run on can be
 * missing from LazyFree right after the step.
 */
#define LAZYFREE_BATCH 31

static int advise(struct wl_state *st, int advice, const char *name)
{
	if (!madvise(st->region, st->p->bytes, advice))
		return 0;
	lmb_err(WHO ": madvise(%p, %zu bytes, %s) failed: %s%s", st->region,
		st->p->bytes, name, strerror(errno),
		errno == EINVAL && advice == MADV_FREE ?
		" (MADV_FREE needs Linux 4.5 or later)" : "");
	return -1;
}

static int free_setup(struct wl_state *st)
{
	st->region = region_create(st->p);
	return st->region ? 0 : -1;
}

static int free_prepare(struct wl_state *st)
{
	if (advise(st, MADV_DONTNEED, "MADV_DONTNEED"))
		return -1;
	region_populate(st->region, st->p->bytes, st->p->base_page, REGION_SEED);
	return 0;
}

static int free_step(struct wl_state *st, struct step_split *split)
{
	(void)split;
	return advise(st, MADV_FREE, "MADV_FREE");
}

/* CPUs this thread may run on (its batch could be on any of them). */
static long allowed_cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	n = CPU_COUNT(&set);
	return n > 0 ? n : 1;
}

/* Every page but the last per-CPU batches is lazily free, and readable. */
static int free_verify(struct wl_state *st)
{
	long page_kb = (long)(st->p->base_page >> 10);
	long region_kb = (long)(st->p->bytes >> 10);
	long slack_kb = allowed_cpus() * LAZYFREE_BATCH * page_kb;
	long kb = region_smaps_kb(st->region, "LazyFree");

	if (kb < 0) {
		lmb_err(WHO ": no LazyFree line for the region at %p in /proc/self/smaps (Linux 4.12 or later has it)",
			st->region);
		return -1;
	}
	if (kb > region_kb || kb < region_kb - slack_kb) {
		lmb_err(WHO ": LazyFree of the %ld kB region at %p is %ld kB after MADV_FREE; expected %ld kB less at most %ld kB (%d pages per CPU still in the kernel's per-CPU batch)",
			region_kb, st->region, kb, region_kb, slack_kb,
			LAZYFREE_BATCH);
		return -1;
	}
	/* Nothing was reclaimed: every page still holds its bytes, or zero. */
	if (!region_holds_pattern(st->region, st->p->bytes, st->p->base_page,
				  REGION_SEED) &&
	    !region_reads_zero(st->region, st->p->bytes, st->p->base_page)) {
		lmb_err(WHO ": the %zu-byte region at %p holds neither its bytes nor zeros after MADV_FREE",
			st->p->bytes, st->region);
		return -1;
	}
	return 0;
}

const struct workload wl_madvise_free = {
	.name = "madvise-free",
	.summary = "re-populate a PMD-aligned region with fresh pages, time madvise(MADV_FREE) of all of it",
	.kernel_path = "madvise_free_single_vma > walk_page_range > madvise_free_pte_range (lazy MMU section) > folio_mark_lazyfree; THP: madvise_free_huge_pmd",
	.flags = WL_STORM | WL_REGION | WL_THP_KEPT | WL_FRESH_PAGES,
	.setup = free_setup,
	.prepare = free_prepare,
	.step = free_step,
	.verify = free_verify,
	.teardown = region_teardown,
};

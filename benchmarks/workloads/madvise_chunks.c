// SPDX-License-Identifier: GPL-2.0
/*
 * MADV_DONTNEED in --chunk pieces, one madvise() system call per chunk:
 * the syscall baseline of madvise-uring (same chunks, same zap path, one
 * kernel entry per chunk instead of one per --uring-batch chunks).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "chunks.h"
#include "region.h"
#include "workloads/workloads.h"

#define WHO "madvise-chunks"

static int mc_setup(struct wl_state *st)
{
	if (chunks_check(st->p, WHO, false))
		return -1;
	st->region = region_create(st->p);
	return st->region ? 0 : -1;
}

static int mc_prepare(struct wl_state *st)
{
	region_populate(st->region, st->p->bytes, st->p->base_page, REGION_SEED);
	return 0;
}

static int mc_step(struct wl_state *st, struct step_split *split)
{
	size_t off, chunk = st->p->chunk_bytes;
	char *base = st->region;

	(void)split;
	for (off = 0; off < st->p->bytes; off += chunk) {
		if (madvise(base + off, chunk, MADV_DONTNEED)) {
			lmb_err(WHO ": madvise(%p, %zu bytes, MADV_DONTNEED) failed: %s",
				base + off, chunk, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int mc_verify(struct wl_state *st)
{
	return chunks_verify_zero(st, WHO);
}

const struct workload wl_madvise_chunks = {
	.name = "madvise-chunks",
	.summary = "re-populate the region, time MADV_DONTNEED of it in --chunk pieces, one madvise() per chunk (baseline of madvise-uring)",
	.kernel_path = "madvise (one syscall per chunk) > madvise_dontneed_single_vma > zap_pte_range (lazy MMU section)",
	.flags = WL_REGION | WL_FRESH_PAGES,
	.setup = mc_setup,
	.prepare = mc_prepare,
	.step = mc_step,
	.verify = mc_verify,
	.teardown = region_teardown,
};

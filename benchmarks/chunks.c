// SPDX-License-Identifier: GPL-2.0
/* Helpers of the chunked MADV_DONTNEED workloads; see chunks.h. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "chunks.h"
#include "region.h"

int chunks_check(const struct wl_params *p, const char *who, bool batched)
{
	if (region_params_check(p))
		return -1;
	if (!p->chunk_bytes || p->chunk_bytes % p->base_page ||
	    p->chunk_bytes > p->bytes || p->bytes % p->chunk_bytes) {
		lmb_err("%s: --chunk %zu bytes must be a multiple of the base page (%zu bytes) that divides the region (%zu bytes)",
			who, p->chunk_bytes, p->base_page, p->bytes);
		return -1;
	}
	if (batched && !p->batch) {
		lmb_err("%s: --uring-batch must be at least 1", who);
		return -1;
	}
	return 0;
}

int chunks_verify_zero(struct wl_state *st, const char *who)
{
	if (!region_reads_zero(st->region, st->p->bytes, st->p->base_page)) {
		lmb_err("%s: the %zu-byte region at %p does not read zero after MADV_DONTNEED of every chunk",
			who, st->p->bytes, st->region);
		return -1;
	}
	if (!madvise(st->region, st->p->bytes, MADV_DONTNEED))
		return 0;
	lmb_err("%s: madvise(%p, %zu bytes, MADV_DONTNEED) after verification failed: %s",
		who, st->region, st->p->bytes, strerror(errno));
	return -1;
}

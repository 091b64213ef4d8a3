// SPDX-License-Identifier: GPL-2.0
/* The seed-dependent allocation of `run --layout-seed` (layout_seed.h). */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "layout_seed.h"
#include "log.h"

/* SplitMix64's finaliser: neighbouring seeds get unrelated sizes. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

size_t layout_seed_bytes(uint64_t seed, size_t page)
{
	return (size_t)(1 + mix(seed) % LAYOUT_SEED_MAX_PAGES) * page;
}

int layout_seed_apply(uint64_t seed, size_t page, struct layout_alloc *a)
{
	size_t bytes = layout_seed_bytes(seed, page), off;
	unsigned char *p;

	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		lmb_err("--layout-seed %llu: mapping its %zu bytes failed: %s; free some memory or run without --layout-seed",
			(unsigned long long)seed, bytes, strerror(errno));
		a->addr = NULL;
		return -1;
	}
	/* base pages, so that the size (not THP's rounding) decides */
	madvise(p, bytes, MADV_NOHUGEPAGE);
	/*
	 * Not copied into fork children: fork's window copies every mapping
	 * of the process, and a seed must move where pages land, not add
	 * up to 512 pages of work to fork.
	 */
	if (madvise(p, bytes, MADV_DONTFORK)) {
		lmb_err("--layout-seed %llu: madvise(MADV_DONTFORK) of its %zu bytes failed: %s; fork would copy them; run without --layout-seed",
			(unsigned long long)seed, bytes, strerror(errno));
		munmap(p, bytes);
		a->addr = NULL;
		return -1;
	}
	/* every page faulted in, in order: the allocator hands them out now */
	for (off = 0; off < bytes; off += page)
		p[off] = (unsigned char)(off / page);
	a->addr = p;
	a->bytes = bytes;
	return 0;
}

void layout_seed_release(struct layout_alloc *a)
{
	if (a->addr)
		munmap(a->addr, a->bytes);
	a->addr = NULL;
}

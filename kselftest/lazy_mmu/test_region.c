// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "test_region.h"

void *region_map_aligned(size_t bytes, size_t align, int prot)
{
	size_t span = bytes + align;
	char *raw, *start;
	size_t head, tail;

	raw = mmap(NULL, span, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return MAP_FAILED;
	start = (char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	head = (size_t)(start - raw);
	tail = span - head - bytes;
	if (head)
		munmap(raw, head);
	if (tail)
		munmap(start + bytes, tail);
	return start;
}

static uint64_t tag(uint64_t seed, size_t index)
{
	/* Never zero for the seeds used, distinct per page and per seed. */
	return (seed << 32) ^ (0x5a5a000000000000ull | (uint64_t)index);
}

void region_fill(void *addr, size_t bytes, size_t page, uint64_t seed)
{
	char *c = addr;
	size_t i;

	for (i = 0; i * page < bytes; i++) {
		uint64_t t = tag(seed, i);

		memcpy(c + i * page, &t, sizeof(t));
	}
}

size_t region_check(const void *base, size_t off, size_t len, size_t page,
		    uint64_t seed, size_t *first)
{
	const char *c = base;
	size_t i, bad = 0;

	for (i = off / page; i * page < off + len; i++) {
		uint64_t t;

		memcpy(&t, c + i * page, sizeof(t));
		if (t != tag(seed, i) && !bad++)
			*first = i;
	}
	return bad;
}

size_t region_check_zero(const void *base, size_t off, size_t len,
			 size_t page, size_t *first)
{
	const unsigned char *c = base;
	size_t i, bad = 0;

	for (i = off / page; i * page < off + len; i++) {
		uint64_t head;

		memcpy(&head, c + i * page, sizeof(head));
		if ((head || c[i * page + page - 1]) && !bad++)
			*first = i;
	}
	return bad;
}

long region_anon_huge_kb(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	unsigned long lo, hi;
	char line[256];
	long kb = -1;
	int inside = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			inside = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
			continue;
		}
		if (inside && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

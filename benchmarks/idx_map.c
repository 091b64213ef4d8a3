// SPDX-License-Identifier: GPL-2.0
/* Hash index by open addressing with linear probing; see idx_map.h. */
#include <stdlib.h>

#include "idx_map.h"

#define FNV_PRIME 16777619u

uint32_t idx_hash_str(uint32_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV_PRIME;
	return (h ^ 0xff) * FNV_PRIME;	/* ends the string: "a","b" != "ab" */
}

uint32_t idx_hash_num(uint32_t h, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * FNV_PRIME;
	return h;
}

size_t idx_map_find(const struct idx_map *m, uint32_t h, idx_map_same_fn same,
		    const void *key)
{
	size_t i;

	if (!m->cap)
		return IDX_MAP_NONE;
	for (i = h & (m->cap - 1); m->slot[i]; i = (i + 1) & (m->cap - 1))
		if (m->hash[i] == h && same(key, m->slot[i] - 1))
			return m->slot[i] - 1;
	return IDX_MAP_NONE;
}

static void put(struct idx_map *m, uint32_t h, uint32_t slot)
{
	size_t i = h & (m->cap - 1);

	while (m->slot[i])
		i = (i + 1) & (m->cap - 1);
	m->slot[i] = slot;
	m->hash[i] = h;
}

/* Double the table (kept at most 3/4 full, so probes stay short). */
static int grow(struct idx_map *m)
{
	struct idx_map old = *m;
	size_t i;

	m->cap = old.cap ? 2 * old.cap : 64;
	m->slot = calloc(m->cap, sizeof(*m->slot));
	m->hash = malloc(m->cap * sizeof(*m->hash));
	if (!m->slot || !m->hash) {
		free(m->slot);
		free(m->hash);
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slot[i])
			put(m, old.hash[i], old.slot[i]);
	free(old.slot);
	free(old.hash);
	return 0;
}

int idx_map_add(struct idx_map *m, uint32_t h, size_t idx)
{
	if (idx > IDX_MAP_MAX)
		return -1;
	if (4 * (m->n + 1) > 3 * m->cap && grow(m))
		return -1;
	put(m, h, (uint32_t)(idx + 1));
	m->n++;
	return 0;
}

void idx_map_free(struct idx_map *m)
{
	free(m->slot);
	free(m->hash);
	m->slot = NULL;
	m->hash = NULL;
	m->cap = m->n = 0;
}

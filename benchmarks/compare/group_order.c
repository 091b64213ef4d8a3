// SPDX-License-Identifier: GPL-2.0
/* Sweep groups together, by size; see group_order.h. */
#include <stdlib.h>
#include <string.h>

#include "compare/group_order.h"
#include "compare/group_param.h"
#include "idx_map.h"

struct slot {
	size_t family;		/* index of the sweep's first group */
	double size;		/* size_bytes, or the index when not a number */
	size_t g;
};

static int by_family_then_size(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return x->g < y->g ? -1 : x->g > y->g;
}

struct family_key {
	const struct cmp_data *d;
	size_t g, skip;
};

static bool same_family(const void *key, size_t idx)
{
	const struct family_key *k = key;

	return cmp_same_except(k->d, idx, k->g, k->skip);
}

/* Hash of group @g's workload and parameters, all but @skip. */
static uint32_t family_hash(const struct cmp_data *d, size_t g, size_t skip)
{
	uint32_t h = idx_hash_str(IDX_HASH_INIT, d->groups[g].workload);
	size_t p;

	for (p = 0; p < d->nr_params; p++)
		if (p != skip)
			h = idx_hash_str(h, d->groups[g].params[p]);
	return h;
}

int cmp_order_size_sweeps(struct cmp_data *d)
{
	struct idx_map families = { 0 };
	size_t sz = cmp_param_index(d, "size_bytes"), i, j;
	struct cmp_group *sorted;
	struct slot *s;
	char *end;

	if (sz == d->nr_params || d->nr_groups < 2)
		return 0;
	s = calloc(d->nr_groups, sizeof(*s));
	sorted = calloc(d->nr_groups, sizeof(*sorted));
	if (!s || !sorted) {
		free(s);
		free(sorted);
		return -1;
	}
	for (i = 0; i < d->nr_groups; i++) {
		struct family_key k = { d, i, sz };
		uint32_t h = family_hash(d, i, sz);

		j = idx_map_find(&families, h, same_family, &k);
		if (j == IDX_MAP_NONE && idx_map_add(&families, h, i)) {
			free(s);
			free(sorted);
			idx_map_free(&families);
			return -1;
		}
		s[i].family = j == IDX_MAP_NONE ? i : j;
		s[i].size = strtod(d->groups[i].params[sz], &end);
		if (end == d->groups[i].params[sz] || *end)
			s[i].size = (double)i;
		s[i].g = i;
	}
	qsort(s, d->nr_groups, sizeof(*s), by_family_then_size);
	for (i = 0; i < d->nr_groups; i++)
		sorted[i] = d->groups[s[i].g];
	memcpy(d->groups, sorted, d->nr_groups * sizeof(*sorted));
	free(sorted);
	free(s);
	idx_map_free(&families);
	return 0;
}

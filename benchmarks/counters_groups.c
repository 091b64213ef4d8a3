// SPDX-License-Identifier: GPL-2.0
/* First-fit grouping of hardware events (counters_groups.h). */
#include <stdlib.h>

#include "counters_groups.h"

/* Members of group @g among the first @upto events, into @idx. */
static size_t members(const unsigned int *group_of, size_t upto, unsigned int g,
		      size_t *idx)
{
	size_t i, k = 0;

	for (i = 0; i < upto; i++)
		if (group_of[i] == g)
			idx[k++] = i;
	return k;
}

int counter_groups_plan(size_t n, group_fits_fn fits, void *ctx,
			unsigned int *group_of)
{
	unsigned int groups = 0, g;
	size_t i, k, *idx;

	if (!n)
		return 0;
	idx = malloc(n * sizeof(*idx));
	if (!idx)
		return -1;
	for (i = 0; i < n; i++) {
		for (g = 0; g < groups; g++) {
			k = members(group_of, i, g, idx);
			idx[k++] = i;
			if (fits(idx, k, ctx))
				break;
		}
		group_of[i] = g;
		if (g == groups)
			groups++;
	}
	free(idx);
	return (int)groups;
}

// SPDX-License-Identifier: GPL-2.0
/* Groups by their parameters; see group_param.h. */
#include <string.h>

#include "compare/group_param.h"

size_t cmp_param_index(const struct cmp_data *d, const char *name)
{
	size_t p;

	for (p = 0; p < d->nr_params; p++)
		if (!strcmp(d->param_names[p], name))
			break;
	return p;
}

bool cmp_same_except(const struct cmp_data *d, size_t g, size_t h, size_t skip)
{
	const struct cmp_group *a = &d->groups[g], *b = &d->groups[h];
	size_t p;

	if (strcmp(a->workload, b->workload))
		return false;
	for (p = 0; p < d->nr_params; p++)
		if (p != skip && strcmp(a->params[p], b->params[p]))
			return false;
	return true;
}

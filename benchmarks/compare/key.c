// SPDX-License-Identifier: GPL-2.0
/*
 * The key of a compare group (workload and parameters) as table cells and
 * as a name, for every report and for compare's messages.
 */
#include <stdio.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/key.h"

size_t cmp_key_columns(const struct cmp_data *d)
{
	return 1 + d->nr_params;
}

void cmp_key_heads(struct cmp_table *t, const struct cmp_data *d)
{
	size_t p;

	table_head(t, 0, "workload", false);
	for (p = 0; p < d->nr_params; p++)
		table_head(t, 1 + p, fmt_param_head(d->param_names[p]),
			   strcmp(d->param_names[p], "page_mode"));
}

void cmp_key_cells(struct cmp_table *t, size_t row, const struct cmp_data *d,
		   size_t g)
{
	char buf[FMT_LEN];
	size_t p;

	table_set(t, row, 0, "%s", d->groups[g].workload);
	for (p = 0; p < d->nr_params; p++)
		table_set(t, row, 1 + p, "%s",
			  fmt_param(buf, d->param_names[p], d->groups[g].params[p]));
}

const char *cmp_group_name(char *buf, size_t cap, const struct cmp_data *d,
			   size_t g)
{
	char par[FMT_LEN];
	size_t p, len;

	snprintf(buf, cap, "%s", d->groups[g].workload);
	for (p = 0; p < d->nr_params; p++) {
		len = strlen(buf);
		snprintf(buf + len, cap - len, " %s",
			 fmt_param(par, d->param_names[p], d->groups[g].params[p]));
	}
	return buf;
}

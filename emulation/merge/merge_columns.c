// SPDX-License-Identifier: GPL-2.0
/* Counters lmb-emu-merge carries over (see merge_columns.h). */
#include <stdlib.h>
#include <string.h>

#include "merge_columns.h"
#include "tool_msg.h"

/* The window file's first counter column (after window, status, vcpus). */
#define FIRST_COUNTER	4

static const char default_cols[] =
	"insn_k,insn_u,dsb_k,dsb_ish_k,dsb_ishst_k,isb_k,pte_pair_k,dmb_k,tlbi_k";

static int add(const struct plugin_file *pf, struct merge_cols *mc,
	       const char *name, bool from_default)
{
	int c = fields_find(&pf->header, name);
	size_t i;

	if (c < FIRST_COUNTER) {
		emu_err("%s has no counter column '%s'%s; its columns are listed in its header row (see docs/emulation.md)",
			pf->tf.path, name,
			from_default ? " (one of the default set: is the plugin older than this tool?)" : "");
		return -1;
	}
	for (i = 0; i < mc->n; i++) {
		if (mc->idx[i] == (size_t)c) {
			emu_err("--columns names '%s' twice; name each column once",
				name);
			return -1;
		}
	}
	mc->idx[mc->n++] = (size_t)c;
	return 0;
}

int merge_columns_pick(const struct plugin_file *pf, const char *spec,
		       struct merge_cols *mc)
{
	bool def = !strcmp(spec, "default");
	char *copy, *name, *save = NULL;
	size_t i;
	int ret = 0;

	memset(mc, 0, sizeof(*mc));
	mc->idx = calloc(pf->header.n, sizeof(*mc->idx));
	if (!mc->idx) {
		emu_err("out of memory");
		return -1;
	}
	if (!strcmp(spec, "all")) {
		for (i = FIRST_COUNTER; i < pf->header.n; i++)
			mc->idx[mc->n++] = i;
		return 0;
	}
	copy = strdup(def ? default_cols : spec);
	if (!copy) {
		emu_err("out of memory");
		merge_columns_free(mc);
		return -1;
	}
	for (name = strtok_r(copy, ",", &save); name && !ret;
	     name = strtok_r(NULL, ",", &save)) {
		if (mc->n == pf->header.n) {
			emu_err("--columns '%s' names more columns than %s has",
				spec, pf->tf.path);
			ret = -1;
		} else {
			ret = add(pf, mc, name, def);
		}
	}
	free(copy);
	if (!ret && !mc->n) {
		emu_err("--columns '%s' names no column; use default, all, or names such as insn_k,dsb_ishst_k",
			spec);
		ret = -1;
	}
	if (ret)
		merge_columns_free(mc);
	return ret;
}

void merge_columns_free(struct merge_cols *mc)
{
	free(mc->idx);
	memset(mc, 0, sizeof(*mc));
}

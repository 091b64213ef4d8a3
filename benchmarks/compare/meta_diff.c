// SPDX-License-Identifier: GPL-2.0
/* Which metadata differs between the compared result files. */
#include <string.h>

#include "array_size.h"
#include "compare/meta_diff.h"
#include "log.h"

static const char *const must_match[] = {
	"cpu_model", "arch", "base_page_size", "pmd_size", "debug_pagealloc",
	"thp_enabled", "thp_defrag", "suite_version", "schema",
	"config_KASAN", "config_DEBUG_VM", "config_DEBUG_PAGEALLOC",
	"config_KFENCE", "nr_cpus", "governor", "suite_build_id",
	/* the counters open during the windows: their own cost is in them */
	"events",
};

static const char *const expected[] = {
	"kernel_release", "kernel_version", "label", "cmdline", "host",
	"profile", "workloads", "size", "repeats", "warmup",
	"pinned_cpu",
};

const char *meta_diff_value(const struct csv_table *t, const char *key)
{
	const char *v = meta_get(&t->meta, key);

	return v ? v : "(absent)";
}

static bool differs(struct csv_table *const *files, size_t n, const char *key)
{
	size_t f;

	for (f = 1; f < n; f++)
		if (strcmp(meta_diff_value(files[0], key), meta_diff_value(files[f], key)))
			return true;
	return false;
}

size_t meta_diff_find(struct csv_table *const *files, size_t nr_files,
		      struct meta_diff *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(must_match) && n < max; i++) {
		if (differs(files, nr_files, must_match[i])) {
			out[n].key = must_match[i];
			out[n++].must_match = true;
		}
	}
	for (i = 0; i < ARRAY_SIZE(expected) && n < max; i++) {
		if (differs(files, nr_files, expected[i])) {
			out[n].key = expected[i];
			out[n++].must_match = false;
		}
	}
	return n;
}

size_t meta_diff_warn(struct csv_table *const *files, size_t nr_files)
{
	struct meta_diff d[ARRAY_SIZE(must_match)];
	size_t n = meta_diff_find(files, nr_files, d, ARRAY_SIZE(d)), i, f, warned = 0;

	for (i = 0; i < n && d[i].must_match; i++) {
		for (f = 1; f < nr_files; f++) {
			if (!strcmp(meta_diff_value(files[0], d[i].key),
				    meta_diff_value(files[f], d[i].key)))
				continue;
			lmb_warn("%s differs: '%s' in %s, '%s' in %s; the results may not be comparable, re-run on matching setups",
				 d[i].key, meta_diff_value(files[0], d[i].key),
				 files[0]->path, meta_diff_value(files[f], d[i].key),
				 files[f]->path);
		}
		warned++;
	}
	return warned;
}

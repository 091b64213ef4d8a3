/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment metadata: everything that can change results.  Collected once
 * per run; written as "# key: value" lines at the top of every CSV and
 * printed by `lazymmu-bench info`.  Values never contain newlines.
 */
#ifndef LMB_META_H
#define LMB_META_H

#include <stdio.h>

struct meta_kv {
	char *key;
	char *value;
};

struct meta {
	struct meta_kv *kv;
	size_t n, cap;
};

/*
 * Collect everything into @m (zero-initialised, or emptied by meta_free()),
 * in the order of results/README.md "Metadata keys".  A value that cannot be
 * read is "unknown (<reason>)"; returns -1 only when out of memory (or
 * uname() fails), with a message.
 */
int meta_collect(struct meta *m, const char *label);
/*
 * Add or replace @key (letters, digits, '_').  Control characters in @value
 * (newlines included) become spaces.  0, or -1 with a message.
 */
int meta_set(struct meta *m, const char *key, const char *value);
const char *meta_get(const struct meta *m, const char *key); /* NULL if absent */
/* "# key: value\n" for each entry. */
void meta_write_comments(const struct meta *m, FILE *f);
void meta_free(struct meta *m);

/*
 * `lazymmu-bench info`: every entry as an aligned "key  value" line, then the
 * warnings (settings that make results noisy or counters unavailable).
 */
void meta_print_info(const struct meta *m, FILE *f);
/*
 * Call @fn with each warning about the collected environment (one line,
 * what is wrong and what to do); returns how many there were.
 */
int meta_for_each_warning(const struct meta *m,
			  void (*fn)(const char *msg, void *arg), void *arg);
/* Each warning through lmb_warn(), e.g. at the start of a run. */
int meta_warn(const struct meta *m);

#endif

// SPDX-License-Identifier: GPL-2.0
/* Empty and repeated items of list options; see list_check.h. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idx_map.h"

#include "list_check.h"
#include "log.h"

struct span {
	const char *p;
	size_t len;
};

static bool same_span(const void *key, size_t idx)
{
	const struct span *k = key, *all = k + 1;	/* key, then the items */

	return all[idx].len == k->len && !memcmp(all[idx].p, k->p, k->len);
}

static uint32_t span_hash(const struct span *s)
{
	uint32_t h = IDX_HASH_INIT;
	size_t i;

	for (i = 0; i < s->len; i++)
		h = (h ^ (unsigned char)s->p[i]) * 16777619u;
	return h;
}

/*
 * The first repeated item of @it[1..n] (it[0] is scratch): its index, with
 * the earlier one in *@first; n when none, n + 1 when out of memory.
 * A hash probe per item: linear in the list.
 */
static size_t find_repeat(struct span *it, size_t n, size_t *first)
{
	struct idx_map seen = { 0 };
	size_t i, j;

	for (i = 0; i < n; i++) {
		uint32_t h = span_hash(&it[i + 1]);

		it[0] = it[i + 1];
		j = idx_map_find(&seen, h, same_span, it);
		if (j != IDX_MAP_NONE) {
			*first = j;
			break;
		}
		if (idx_map_add(&seen, h, i)) {
			i = n + 1;
			break;
		}
	}
	idx_map_free(&seen);
	return i;
}

int list_check(const char *opt, const char *list)
{
	struct span *it;
	const char *p, *comma;
	size_t i, n = 1, first = 0;

	for (p = list; *p; p++)
		n += *p == ',';
	it = malloc((n + 1) * sizeof(*it));
	if (!it) {
		lmb_err("out of memory checking the list of %s", opt);
		return -1;
	}
	for (i = 1, p = list; i <= n; i++, p = comma + 1) {
		comma = strchr(p, ',');
		it[i].p = p;
		it[i].len = comma ? (size_t)(comma - p) : strlen(p);
		if (!it[i].len) {
			lmb_err("%s '%s': item %zu of %zu is empty; remove the extra comma",
				opt, list, i, n);
			free(it);
			return -1;
		}
		if (!comma)
			break;
	}
	i = find_repeat(it, n, &first);
	if (i == n + 1)
		lmb_err("out of memory checking the list of %s", opt);
	else if (i < n)
		lmb_err("%s '%s': '%.*s' is given twice (items %zu and %zu); give each once",
			opt, list, (int)it[i + 1].len, it[i + 1].p, first + 1, i + 1);
	free(it);
	return i < n || i == n + 1 ? -1 : 0;
}

int list_check_args(const char *what, char *const *items, size_t n)
{
	struct span *it = malloc((n + 1) * sizeof(*it));
	size_t i, first = 0;

	if (!it) {
		lmb_err("%s: out of memory checking %zu arguments", what, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!*items[i]) {
			lmb_err("%s: argument %zu of %zu is empty; give a file name",
				what, i + 1, n);
			free(it);
			return -1;
		}
		it[i + 1].p = items[i];
		it[i + 1].len = strlen(items[i]);
	}
	i = find_repeat(it, n, &first);
	if (i == n + 1)
		lmb_err("%s: out of memory checking %zu arguments", what, n);
	else if (i < n)
		lmb_err("%s: '%s' is given twice (arguments %zu and %zu); give each file once (compare a copy to see a file against itself)",
			what, items[i], first + 1, i + 1);
	free(it);
	return i < n || i == n + 1 ? -1 : 0;
}

int list_each(const char *opt, const char *list,
	      int (*fn)(const char *item, size_t i, void *ctx), void *ctx)
{
	char *copy, *tok, *save = NULL;
	size_t i = 0;
	int ret = 0;

	if (list_check(opt, list))
		return -1;
	copy = strdup(list);
	if (!copy) {
		lmb_err("out of memory copying the list of %s", opt);
		return -1;
	}
	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save))
		ret = fn(tok, i++, ctx) ? -1 : 0;
	free(copy);
	return ret ? -1 : (int)i;
}

bool list_has(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return true;
	return false;
}

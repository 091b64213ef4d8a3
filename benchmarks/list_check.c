// SPDX-License-Identifier: GPL-2.0
/* Empty and repeated items of list options; see list_check.h. */
#include <stdlib.h>
#include <string.h>

#include "list_check.h"
#include "log.h"

/* Item @i of @list (length *@len), counting from 0; NULL past the end. */
static const char *item_at(const char *list, size_t i, size_t *len)
{
	const char *p = list, *comma;

	while (i--) {
		p = strchr(p, ',');
		if (!p)
			return NULL;
		p++;
	}
	comma = strchr(p, ',');
	*len = comma ? (size_t)(comma - p) : strlen(p);
	return p;
}

int list_check(const char *opt, const char *list)
{
	const char *a, *b;
	size_t i, j, la, lb, n = 0;

	while (item_at(list, n, &la))
		n++;
	for (i = 0; i < n; i++) {
		a = item_at(list, i, &la);
		if (!la) {
			lmb_err("%s '%s': item %zu of %zu is empty; remove the extra comma",
				opt, list, i + 1, n);
			return -1;
		}
		for (j = 0; j < i; j++) {
			b = item_at(list, j, &lb);
			if (la == lb && !memcmp(a, b, la)) {
				lmb_err("%s '%s': '%.*s' is given twice (items %zu and %zu); give each once",
					opt, list, (int)la, a, j + 1, i + 1);
				return -1;
			}
		}
	}
	return 0;
}

int list_check_args(const char *what, char *const *items, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!*items[i]) {
			lmb_err("%s: argument %zu of %zu is empty; give a file name",
				what, i + 1, n);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(items[i], items[j])) {
				lmb_err("%s: '%s' is given twice (arguments %zu and %zu); give each file once (compare a copy to see a file against itself)",
					what, items[i], j + 1, i + 1);
				return -1;
			}
		}
	}
	return 0;
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

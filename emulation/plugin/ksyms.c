// SPDX-License-Identifier: GPL-2.0
/* System.map reader (see ksyms.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"

struct sym {
	uint64_t addr;
	char *name;
};

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int push(struct sym **v, size_t *n, size_t *cap, uint64_t addr,
		const char *name)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		struct sym *nv = realloc(*v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[*n].addr = addr;
	(*v)[*n].name = strdup(name);
	if (!(*v)[*n].name)
		return -1;
	(*n)++;
	return 0;
}

static void free_syms(struct sym *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Sorted, one name per address (the first), into @ks. */
static int keep_unique(struct sym *v, size_t n, struct ksyms *ks)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(*v), sym_cmp);
	ks->addr = malloc(n * sizeof(*ks->addr));
	ks->name = malloc(n * sizeof(*ks->name));
	if (!ks->addr || !ks->name) {
		free(ks->addr);
		free(ks->name);
		ks->addr = NULL;
		ks->name = NULL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (k && ks->addr[k - 1] == v[i].addr) {
			free(v[i].name);
			continue;
		}
		ks->addr[k] = v[i].addr;
		ks->name[k++] = v[i].name;
	}
	ks->n = k;
	free(v);
	return 0;
}

int ksyms_load(const char *path, struct ksyms *ks, char *err, size_t errlen)
{
	uint64_t stext = 0, text = 0, etext = 0, sinit = 0, einit = 0, addr;
	struct sym *v = NULL;
	size_t n = 0, cap = 0;
	char line[512], name[256], type;
	unsigned long lineno = 0;
	FILE *f;

	memset(ks, 0, sizeof(*ks));
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open symbols file '%s': %s; give the System.map of the kernel the guest boots",
			 path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (sscanf(line, "%lx %c %255s", &addr, &type, name) != 3) {
			snprintf(err, errlen, "%s:%lu: not a System.map line ('address type name'): %.60s",
				 path, lineno, line);
			goto fail;
		}
		if (!strcmp(name, "_stext"))
			stext = addr;
		else if (!strcmp(name, "_text"))
			text = addr;
		else if (!strcmp(name, "_etext"))
			etext = addr;
		else if (!strcmp(name, "_sinittext"))
			sinit = addr;
		else if (!strcmp(name, "_einittext"))
			einit = addr;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (push(&v, &n, &cap, addr, name)) {
			snprintf(err, errlen, "out of memory reading '%s' at line %lu", path, lineno);
			goto fail;
		}
	}
	fclose(f);
	f = NULL;
	if (!n) {
		snprintf(err, errlen, "'%s' has no text symbols (types t/T/w/W); is it a System.map?", path);
		goto fail;
	}
	if (keep_unique(v, n, ks)) {
		snprintf(err, errlen, "out of memory sorting the %zu symbols of '%s'", n, path);
		goto fail;
	}
	ks->text_start = stext ? stext : text ? text : ks->addr[0];
	ks->text_end = etext ? etext : ks->addr[ks->n - 1] + 1;
	if (sinit && einit > sinit) {
		ks->init_start = sinit;
		ks->init_end = einit;
	}
	return 0;
fail:
	if (f)
		fclose(f);
	free_syms(v, n);
	return -1;
}

int ksyms_in_text(const struct ksyms *ks, uint64_t pc)
{
	return (pc >= ks->text_start && pc < ks->text_end) ||
	       (pc >= ks->init_start && pc < ks->init_end);
}

long ksyms_find(const struct ksyms *ks, uint64_t pc)
{
	size_t lo = 0, hi = ks->n;

	if (!ks->n || !ksyms_in_text(ks, pc) || pc < ks->addr[0])
		return -1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->addr[mid] <= pc)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

void ksyms_free(struct ksyms *ks)
{
	size_t i;

	for (i = 0; ks->name && i < ks->n; i++)
		free(ks->name[i]);
	free(ks->name);
	free(ks->addr);
	memset(ks, 0, sizeof(*ks));
}

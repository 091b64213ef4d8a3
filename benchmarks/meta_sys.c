// SPDX-License-Identifier: GPL-2.0
/* Metadata values summarised from sysfs (see meta_sys.h). */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "text.h"
#include "meta_sys.h"

/* Append "@sep@add" to the string *s (freeing the old one); -1 when out of memory. */
static int append(char **s, const char *sep, const char *add)
{
	char *n = text_printf("%s%s%s", *s, **s ? sep : "", add);

	free(*s);
	*s = n;
	return n ? 0 : -1;
}

struct thp_size {
	unsigned long kb;
	char *setting;
};

static int by_kb(const void *a, const void *b)
{
	const struct thp_size *x = a, *y = b;

	return (x->kb > y->kb) - (x->kb < y->kb);
}

char *thp_sizes_summary(const char *thp_dir)
{
	char *pattern = text_printf("%s/hugepages-*kB/enabled", thp_dir);
	struct thp_size *sizes = NULL;
	char *out = NULL, *item;
	size_t i, n = 0;
	glob_t g;
	int r;

	if (!pattern)
		return NULL;
	r = glob(pattern, 0, NULL, &g);
	free(pattern);
	if (r == GLOB_NOMATCH)
		return text_unknown("no %s/hugepages-*kB: kernel without THP or before mTHP (6.8)",
				   thp_dir);
	if (r)
		return text_unknown("cannot list %s", thp_dir);
	sizes = calloc(g.gl_pathc, sizeof(*sizes));
	if (!sizes)
		goto out;
	for (i = 0; i < g.gl_pathc; i++) {
		const char *base = strstr(g.gl_pathv[i], "/hugepages-");
		char *text = text_read_value(g.gl_pathv[i]);

		sizes[n].kb = strtoul(base + strlen("/hugepages-"), NULL, 10);
		sizes[n].setting = text ? text_sysfs_choice(text) : NULL;
		if (!sizes[n].setting)
			sizes[n].setting = strdup("?");
		free(text);
		if (!sizes[n++].setting)
			goto out;
	}
	qsort(sizes, n, sizeof(*sizes), by_kb);
	out = strdup("");
	for (i = 0; out && i < n; i++) {
		item = text_printf("%lukB:%s", sizes[i].kb, sizes[i].setting);
		if (!item || append(&out, " ", item)) {
			free(out);
			out = NULL;
		}
		free(item);
	}
out:
	for (i = 0; sizes && i < n; i++)
		free(sizes[i].setting);
	free(sizes);
	globfree(&g);
	return out;
}

/* Distinct strings with counts, in order of first appearance. */
struct tally {
	char **name;
	unsigned int *count;
	size_t n;
};

static int tally_add(struct tally *t, const char *name)
{
	char **nn;
	unsigned int *nc;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (!strcmp(t->name[i], name)) {
			t->count[i]++;
			return 0;
		}
	}
	nn = realloc(t->name, (t->n + 1) * sizeof(*nn));
	if (!nn)
		return -1;
	t->name = nn;
	nc = realloc(t->count, (t->n + 1) * sizeof(*nc));
	if (!nc)
		return -1;
	t->count = nc;
	t->name[t->n] = strdup(name);
	if (!t->name[t->n])
		return -1;
	t->count[t->n++] = 1;
	return 0;
}

static void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->count);
}

char *governor_summary(const char *cpu_dir)
{
	char *pattern = text_printf("%s/cpu[0-9]*/cpufreq/scaling_governor",
				   cpu_dir);
	struct tally t = { NULL, NULL, 0 };
	char *out = NULL, *v, *item;
	size_t i;
	glob_t g;
	int r;

	if (!pattern)
		return NULL;
	r = glob(pattern, 0, NULL, &g);
	free(pattern);
	if (r == GLOB_NOMATCH)
		return text_unknown("no cpufreq");
	if (r)
		return text_unknown("cannot list %s", cpu_dir);
	for (i = 0; i < g.gl_pathc; i++) {
		v = text_read_value(g.gl_pathv[i]);
		r = tally_add(&t, v ? v : "?");
		free(v);
		if (r)
			goto out;
	}
	if (t.n == 1) {
		out = strdup(t.name[0]);
		goto out;
	}
	out = strdup("");
	for (i = 0; out && i < t.n; i++) {
		item = text_printf("%s x%u", t.name[i], t.count[i]);
		if (!item || append(&out, ", ", item)) {
			free(out);
			out = NULL;
		}
		free(item);
	}
	if (out) {
		item = text_printf("mixed: %s", out);
		free(out);
		out = item;
	}
out:
	tally_free(&t);
	globfree(&g);
	return out;
}

static int software_pmu(const char *name)
{
	static const char *const soft[] = {
		"software", "tracepoint", "breakpoint", "kprobe", "uprobe",
		"msr",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(soft); i++)
		if (!strcmp(name, soft[i]))
			return 1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* Length of @name without a "_<digits>" instance suffix (0 if none). */
static size_t stem_len(const char *name)
{
	size_t n = strlen(name);

	while (n > 0 && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	if (n == strlen(name) || n < 2 || name[n - 1] != '_')
		return 0;
	return n;
}

/* "a b c_* (3)": the sorted names, numbered instances grouped. */
static char *group_names(char **names, size_t n)
{
	char *out = strdup(""), *item;
	size_t i, j, stem;

	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; out && i < n; i = j) {
		stem = stem_len(names[i]);
		for (j = i + 1; stem && j < n; j++)
			if (stem_len(names[j]) != stem ||
			    strncmp(names[i], names[j], stem))
				break;
		if (j == i + 1 || !stem)
			item = strdup(names[i]);
		else
			item = text_printf("%.*s* (%zu)", (int)stem, names[i],
					  j - i);
		if (!item || append(&out, " ", item)) {
			free(out);
			out = NULL;
		}
		free(item);
	}
	return out;
}

char *pmu_summary(const char *pmu_dir)
{
	DIR *d = opendir(pmu_dir);
	char **names = NULL, **nn, *out = NULL;
	size_t i, n = 0;
	struct dirent *e;

	if (!d)
		return text_unknown("cannot list %s: %s", pmu_dir,
				   strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || software_pmu(e->d_name))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn)
			goto out;
		names = nn;
		names[n] = strdup(e->d_name);
		if (!names[n])
			goto out;
		n++;
	}
	out = n ? group_names(names, n) :
		  strdup("none (software events only)");
out:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return out;
}

unsigned long long pmd_size_for(unsigned long base_page)
{
	if (base_page != 4096 && base_page != 16384 && base_page != 65536)
		return 0;
	return (unsigned long long)base_page * base_page / 8;
}

// SPDX-License-Identifier: GPL-2.0
/* compare: the run, boot and layout seed of every value, and unit means. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/groups.h"
#include "compare/levels.h"

static const char *const level_name[NR_LVL] = { "sample", "run", "boot", "seed" };
static const char *const level_plural[NR_LVL] = { "samples", "runs", "boots", "seeds" };

/* The column of each id level and the column of its time. */
static const char *const id_col[NR_ID_LVL] = { "run_id", "boot_id", "layout_seed" };
static const char *const time_col[NR_ID_LVL] = { "run_start", "boot_time", NULL };

const char *cmp_level_name(enum cmp_level l)
{
	return l < NR_LVL ? level_name[l] : "?";
}

const char *cmp_level_plural(enum cmp_level l)
{
	return l < NR_LVL ? level_plural[l] : "?";
}

static bool is_sample(const struct csv_table *t, size_t r)
{
	return !strcmp(csv_cell(t, r, csv_col(t, "phase")), "sample");
}

int cmp_sides_init(struct cmp_data *d)
{
	size_t f, r;

	d->sides = calloc(d->nr_files + 1, sizeof(*d->sides));
	if (!d->sides)
		return -1;
	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];
		struct cmp_side *s = &d->sides[f];
		int boot = csv_col(t, "boot_id"), seed = csv_col(t, "layout_seed");

		s->boot_known = boot >= 0;
		s->offcpu_column = csv_col(t, "offcpu") >= 0;
		for (r = 0; r < t->nr_rows; r++) {
			if (!is_sample(t, r))
				continue;
			if (!*csv_cell(t, r, boot))
				s->boot_known = false;
			if (*csv_cell(t, r, seed))
				s->seed_present = true;
		}
	}
	return 0;
}

void cmp_sides_free(struct cmp_data *d)
{
	size_t f, l, i;

	for (f = 0; d->sides && f < d->nr_files; f++) {
		for (l = 0; l < NR_ID_LVL; l++) {
			struct cmp_pool *p = &d->sides[f].pool[l];

			for (i = 0; i < p->n; i++) {
				free(p->name[i]);
				free(p->time[i]);
			}
			free(p->name);
			free(p->time);
		}
	}
	free(d->sides);
	d->sides = NULL;
}

/* Index of @name in @p, added (with @time) when new; -1 when out of memory. */
static long intern(struct cmp_pool *p, const char *name, const char *time)
{
	size_t i;

	for (i = p->n; i-- > 0;)
		if (!strcmp(p->name[i], name))
			return (long)i;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		char **n = realloc(p->name, cap * sizeof(*n)), **t;

		if (!n)
			return -1;
		p->name = n;
		t = realloc(p->time, cap * sizeof(*t));
		if (!t)
			return -1;
		p->time = t;
		p->cap = cap;
	}
	p->name[p->n] = strdup(name);
	p->time[p->n] = strdup(time);
	if (!p->name[p->n] || !p->time[p->n]) {
		free(p->name[p->n]);
		free(p->time[p->n]);
		return -1;
	}
	return (long)p->n++;
}

int cmp_levels_ids(struct cmp_data *d, size_t f, const struct csv_table *t,
		   size_t row, unsigned int ids[NR_ID_LVL])
{
	size_t l;

	for (l = 0; l < NR_ID_LVL; l++) {
		const char *tc = time_col[l] ? csv_cell(t, row, csv_col(t, time_col[l])) : "";
		long id = intern(&d->sides[f].pool[l],
				 csv_cell(t, row, csv_col(t, id_col[l])), tc);

		if (id < 0)
			return -1;
		ids[l] = (unsigned int)id;
	}
	return 0;
}

int cmp_levels_push(struct cmp_values *cv, const unsigned int *ids)
{
	size_t l, i = cv->n - 1;

	if (cv->cap_ids < cv->cap) {
		unsigned int *p = realloc(cv->ids, cv->cap * NR_ID_LVL * sizeof(*p));

		if (!p)
			return -1;
		cv->ids = p;
		cv->cap_ids = cv->cap;
	}
	for (l = 0; l < NR_ID_LVL; l++)
		cv->ids[i * NR_ID_LVL + l] = ids[l];
	return 0;
}

unsigned int cmp_value_id(const struct cmp_values *cv, size_t i, enum cmp_level l)
{
	return l == LVL_SAMPLE ? (unsigned int)i : cv->ids[i * NR_ID_LVL + LVL_ID(l)];
}

/*
 * A unit of a level lower than the seed is also told apart by the levels
 * above it (run ids are unique anyway; an empty boot_id in two seeds is
 * two units).
 */
static bool same_unit(const struct cmp_values *cv, size_t i, size_t j,
		      enum cmp_level l)
{
	size_t k;

	if (l == LVL_SAMPLE)
		return i == j;
	for (k = (size_t)l; k < NR_LVL; k++)
		if (cmp_value_id(cv, i, (enum cmp_level)k) !=
		    cmp_value_id(cv, j, (enum cmp_level)k))
			return false;
	return true;
}

size_t cmp_unit_means(const struct cmp_values *cv, enum cmp_level l, bool log_,
		      double *out, unsigned int *ids)
{
	size_t i, j, n = 0;
	size_t *first = malloc((cv->n ? cv->n : 1) * sizeof(*first));
	size_t *cnt = calloc(cv->n ? cv->n : 1, sizeof(*cnt));

	if (!first || !cnt) {
		free(first);
		free(cnt);
		return 0;
	}
	if (l == LVL_SAMPLE) {
		for (i = 0; i < cv->n; i++) {
			out[i] = log_ ? log(cv->v[i]) : cv->v[i];
			if (ids)
				ids[i] = (unsigned int)i;
		}
		free(first);
		free(cnt);
		return cv->n;
	}
	for (i = 0; i < cv->n; i++) {
		double v = log_ ? log(cv->v[i]) : cv->v[i];

		for (j = 0; j < n; j++)
			if (same_unit(cv, first[j], i, l))
				break;
		if (j == n) {
			first[n] = i;
			out[n++] = 0;
		}
		out[j] += v;
		cnt[j]++;
	}
	for (j = 0; j < n; j++) {
		out[j] /= (double)cnt[j];
		if (ids)
			ids[j] = cmp_value_id(cv, first[j], l);
	}
	free(first);
	free(cnt);
	return n;
}

size_t cmp_count_units(const struct cmp_values *cv, enum cmp_level l)
{
	double *tmp = malloc((cv->n ? cv->n : 1) * sizeof(*tmp));
	size_t n;

	if (!tmp)
		return 0;
	n = cmp_unit_means(cv, l, false, tmp, NULL);
	free(tmp);
	return n;
}

const char *cmp_unit_name(const struct cmp_data *d, size_t f, enum cmp_level l,
			  unsigned int id)
{
	const struct cmp_pool *p = &d->sides[f].pool[LVL_ID(l)];

	return id < p->n ? p->name[id] : "";
}

const char *cmp_unit_time(const struct cmp_data *d, size_t f, enum cmp_level l,
			  unsigned int id)
{
	const struct cmp_pool *p = &d->sides[f].pool[LVL_ID(l)];

	return id < p->n ? p->time[id] : "";
}

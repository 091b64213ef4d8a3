/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Levels of replication in compare's data, top down: layout seed (the
 * layout_seed column, when present), boot (boot_id), run (run_id), sample.
 * Every value of a (group, side, metric) carries the id of its run, boot
 * and seed, interned per side; a unit of a level is a distinct value of
 * its column.  A side whose sample rows lack boot_id (files written before
 * the column existed) has unknown boots: compare cannot tell whether its
 * runs share one boot or not, and never counts them as boots.
 */
#ifndef LMB_COMPARE_LEVELS_H
#define LMB_COMPARE_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

#include "compare/csv_read.h"

enum cmp_level {
	LVL_SAMPLE,
	LVL_RUN,
	LVL_BOOT,
	LVL_SEED,
	NR_LVL,
};

/* Levels with an id per value: run, boot, seed. */
#define NR_ID_LVL (NR_LVL - 1)
#define LVL_ID(l) ((l) - 1)

/* "sample", "run", "boot", "seed" and their plurals. */
const char *cmp_level_name(enum cmp_level l);
const char *cmp_level_plural(enum cmp_level l);

/* Distinct values of one level's column on one side, with a time each. */
struct cmp_pool {
	char **name;
	char **time;		/* run_start (runs) or boot_time (boots), "" unknown */
	size_t n, cap;
};

struct cmp_side {
	struct cmp_pool pool[NR_ID_LVL];
	bool boot_known;	/* every sample row has a boot_id */
	bool seed_present;	/* some sample row has a layout_seed */
	bool offcpu_column;	/* the offcpu column exists */
};

struct cmp_values;
struct cmp_data;

/* Per side: which levels are known; -1 when out of memory. */
int cmp_sides_init(struct cmp_data *d);
void cmp_sides_free(struct cmp_data *d);

/* The run, boot and seed ids of row @row of side @f (interned). */
int cmp_levels_ids(struct cmp_data *d, size_t f, const struct csv_table *t,
		   size_t row, unsigned int ids[NR_ID_LVL]);
/* Record @ids for the value just pushed to @cv; -1 when out of memory. */
int cmp_levels_push(struct cmp_values *cv, const unsigned int *ids);

/* Id at level @l (LVL_RUN..LVL_SEED) of value @i of @cv. */
unsigned int cmp_value_id(const struct cmp_values *cv, size_t i, enum cmp_level l);

/*
 * Values of @cv averaged per unit of level @l (LVL_SAMPLE: the values
 * themselves), each unit the mean of its values (of their logs when @log),
 * in order of first appearance.  @out (room for cv->n) gets them; @ids,
 * when not NULL, the unit ids.  Returns the number of units.
 */
size_t cmp_unit_means(const struct cmp_values *cv, enum cmp_level l, bool log,
		      double *out, unsigned int *ids);

/* Distinct units of level @l in @cv. */
size_t cmp_count_units(const struct cmp_values *cv, enum cmp_level l);

/* Name of unit @id of level @l on side @f. */
const char *cmp_unit_name(const struct cmp_data *d, size_t f, enum cmp_level l,
			  unsigned int id);
const char *cmp_unit_time(const struct cmp_data *d, size_t f, enum cmp_level l,
			  unsigned int id);

#endif

// SPDX-License-Identifier: GPL-2.0
/* Kalibera & Jones' unbiased estimator of nested variance components. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/varcomp.h"

/* The units of one level: mean of the values beneath, parent unit. */
struct units {
	unsigned int *id;
	double *sum;
	size_t *cnt;
	long *parent;		/* index into the next level's units, -1 = root */
	size_t n;
};

static long find(const struct units *u, unsigned int id)
{
	size_t i;

	for (i = u->n; i-- > 0;)
		if (u->id[i] == id)
			return (long)i;
	return -1;
}

static void units_free(struct units *u)
{
	free(u->id);
	free(u->sum);
	free(u->cnt);
	free(u->parent);
}

static int units_alloc(struct units *u, size_t n)
{
	u->id = calloc(n, sizeof(*u->id));
	u->sum = calloc(n, sizeof(*u->sum));
	u->cnt = calloc(n, sizeof(*u->cnt));
	u->parent = calloc(n, sizeof(*u->parent));
	u->n = 0;
	return u->id && u->sum && u->cnt && u->parent ? 0 : -1;
}

/*
 * S^2 of level @j: the children's means grouped by their parent (@np
 * parents); averages over the parents with >= 2 children.  *per: mean
 * children per such parent.
 */
static double level_s2(const struct units *c, size_t np, double *per)
{
	double s2 = 0, kids = 0;
	size_t p, i, used = 0;

	for (p = 0; p < np; p++) {
		double sum = 0, ss = 0, mean;
		size_t k = 0;

		for (i = 0; i < c->n; i++) {
			if ((size_t)c->parent[i] != p)
				continue;
			sum += c->sum[i] / (double)c->cnt[i];
			k++;
		}
		if (k < 2)
			continue;
		mean = sum / (double)k;
		for (i = 0; i < c->n; i++) {
			double m;

			if ((size_t)c->parent[i] != p)
				continue;
			m = c->sum[i] / (double)c->cnt[i] - mean;
			ss += m * m;
		}
		s2 += ss / (double)(k - 1);
		kids += (double)k;
		used++;
	}
	*per = used ? kids / (double)used : NAN;
	return used ? s2 / (double)used : NAN;
}

int varcomp_estimate(const double *v, size_t n, const unsigned int *ids,
		     size_t nr_levels, struct varcomp *out)
{
	struct units u[VARCOMP_MAX_LEVELS + 1];
	size_t j, i, k = nr_levels - 1;
	int ret = -1;

	if (nr_levels < 1 || nr_levels > VARCOMP_MAX_LEVELS)
		return -1;
	memset(out, 0, sizeof(*out));
	memset(u, 0, sizeof(u));
	out->nr_levels = nr_levels;
	for (j = 0; j < nr_levels; j++)
		if (units_alloc(&u[j], n ? n : 1))
			goto out;
	/* level 0: every sample a unit; levels >= 1 from the ids */
	for (i = 0; i < n; i++) {
		u[0].id[i] = (unsigned int)i;
		u[0].sum[i] = v[i];
		u[0].cnt[i] = 1;
		out->mean += v[i];
		for (j = 1; j < nr_levels; j++) {
			unsigned int id = ids[i * k + j - 1];
			long at = find(&u[j], id);

			if (at < 0) {
				at = (long)u[j].n++;
				u[j].id[at] = id;
			}
			u[j].sum[at] += v[i];
			u[j].cnt[at]++;
		}
	}
	u[0].n = n;
	out->mean = n ? out->mean / (double)n : NAN;
	/* parents: the unit one level up of any value beneath */
	for (i = 0; i < n; i++) {
		for (j = 0; j < nr_levels; j++) {
			long self = j ? find(&u[j], ids[i * k + j - 1]) : (long)i;

			u[j].parent[self] = j + 1 < nr_levels ?
					    find(&u[j + 1], ids[i * k + j]) : 0;
		}
	}
	for (j = 0; j < nr_levels; j++) {
		out->units[j] = u[j].n;
		out->raw[j] = level_s2(&u[j], j + 1 < nr_levels ? u[j + 1].n : 1,
				       &out->per_parent[j]);
	}
	for (j = 0; j < nr_levels; j++) {
		double t = out->raw[j];

		if (j && !isnan(t))
			t -= out->raw[j - 1] / out->per_parent[j - 1];
		out->var[j] = isnan(t) ? NAN : (t > 0 ? t : 0);
	}
	ret = 0;
out:
	for (j = 0; j < nr_levels; j++)
		units_free(&u[j]);
	return ret;
}

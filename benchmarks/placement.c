// SPDX-License-Identifier: GPL-2.0
/* Worker placement policies; see placement.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "placement.h"
#include "topology.h"

/* "0-3,8": ascending ranges or single PUs, in the order given, no repeats. */
static int parse_cpulist(const char *spec, struct placement *pl)
{
	const char *p = spec;

	pl->nr_list = 0;
	while (*p) {
		char *end;
		long lo, hi, c;
		int i;

		if (!isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		lo = strtol(p, &end, 10);
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			if (!isdigit((unsigned char)*p))
				goto bad;
			hi = strtol(p, &end, 10);
		}
		if (errno || lo > hi || hi >= PLACEMENT_MAX_PUS)
			goto bad;
		for (c = lo; c <= hi; c++) {
			for (i = 0; i < pl->nr_list; i++) {
				if (pl->list[i] == c) {
					lmb_err("--placement '%s' names CPU %ld twice; every worker needs its own CPU",
						spec, c);
					return -1;
				}
			}
			pl->list[pl->nr_list++] = (int)c;
		}
		p = end;
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			goto bad;
	}
	if (pl->nr_list)
		return 0;
bad:
	lmb_err("--placement '%s' is not a policy or a CPU list: use compact, scatter, cross-node, or CPU numbers such as 0,2 or 0-3,8 (ascending ranges, each below %d)",
		spec, PLACEMENT_MAX_PUS);
	return -1;
}

int placement_parse(const char *spec, struct placement *pl)
{
	memset(pl, 0, sizeof(*pl));
	if (!strcmp(spec, "compact"))
		pl->policy = PLACE_COMPACT;
	else if (!strcmp(spec, "scatter"))
		pl->policy = PLACE_SCATTER;
	else if (!strcmp(spec, "cross-node"))
		pl->policy = PLACE_CROSS_NODE;
	else {
		pl->policy = PLACE_LIST;
		return parse_cpulist(spec, pl);
	}
	return 0;
}

const char *placement_name(const struct placement *pl)
{
	static const char *const names[] = {
		[PLACE_COMPACT] = "compact",
		[PLACE_SCATTER] = "scatter",
		[PLACE_CROSS_NODE] = "cross-node",
		[PLACE_LIST] = "list",
	};

	return names[pl->policy];
}

/* Sort keys: rank of a PU within its core, of its core within its group. */
struct keyed {
	struct pu_loc loc;
	int k1, k2, k3, topo;	/* compared in this order */
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2 ? -1 : 1;
	if (x->k3 != y->k3)
		return x->k3 < y->k3 ? -1 : 1;
	return x->topo < y->topo ? -1 : x->topo > y->topo;
}

static int group_of(const struct pu_loc *l)
{
	return l->numa >= 0 ? l->numa : l->package;
}

/* How many entries before @i in @locs share @same(locs[j], locs[i]). */
static int rank_before(const struct pu_loc *locs, int i,
		       bool (*same)(const struct pu_loc *, const struct pu_loc *))
{
	int j, r = 0;

	for (j = 0; j < i; j++)
		r += same(&locs[j], &locs[i]);
	return r;
}

static bool same_core(const struct pu_loc *a, const struct pu_loc *b)
{
	return a->core == b->core && a->core >= 0;
}

static bool same_group_first_pu(const struct pu_loc *a, const struct pu_loc *b)
{
	/* counts cores (by their first PU) before b's core in b's group */
	return group_of(a) == group_of(b) && a->core != b->core;
}

static bool same_group(const struct pu_loc *a, const struct pu_loc *b)
{
	return group_of(a) == group_of(b);
}

static int nr_groups(const struct pu_loc *locs, int n)
{
	int i, g = 0;

	for (i = 0; i < n; i++)
		if (!rank_before(locs, i, same_group))
			g++;
	return g;
}

int placement_order(enum placement_policy policy, const struct pu_loc *locs,
		    int n, struct pu_loc *out)
{
	struct keyed *k;
	int i;

	if (policy == PLACE_COMPACT || policy == PLACE_LIST) {
		memcpy(out, locs, (size_t)n * sizeof(*out));
		return n;
	}
	if (policy == PLACE_CROSS_NODE && nr_groups(locs, n) < 2) {
		lmb_err("--placement cross-node needs 2 or more NUMA nodes (or packages) with usable CPUs; this machine has %d: use compact or scatter",
			nr_groups(locs, n));
		return -1;
	}
	k = calloc((size_t)n, sizeof(*k));
	if (!k) {
		lmb_err("placement: out of memory for %d CPUs", n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int core_rank = 0, j;

		/* rank of this PU's core among the distinct cores of its group */
		for (j = 0; j < i; j++)
			if (same_group_first_pu(&locs[j], &locs[i]) &&
			    !rank_before(locs, j, same_core))
				core_rank++;
		k[i].loc = locs[i];
		k[i].topo = i;
		if (policy == PLACE_SCATTER) {
			k[i].k1 = rank_before(locs, i, same_core);
			k[i].k2 = core_rank;
			k[i].k3 = group_of(&locs[i]);
		} else {	/* cross-node: i-th PU of each group in turn */
			k[i].k1 = rank_before(locs, i, same_group);
			k[i].k2 = group_of(&locs[i]);
			k[i].k3 = 0;
		}
	}
	qsort(k, (size_t)n, sizeof(*k), cmp_keyed);
	for (i = 0; i < n; i++)
		out[i] = k[i].loc;
	free(k);
	return n;
}

static int resolve_list(struct placement *pl, struct topo *t, struct pu_loc *locs)
{
	int i;

	for (i = 0; i < pl->nr_list; i++) {
		if (topo_pick_pu(t, pl->list[i]) < 0)
			return -1;
		locs[i].pu = pl->list[i];
		topo_pu_info(t, pl->list[i], &locs[i].core, &locs[i].package,
			     &locs[i].numa);
	}
	return pl->nr_list;
}

int placement_resolve(struct placement *pl, struct topo *t)
{
	int *pus = NULL, n, i, ret = -1;
	struct pu_loc *locs = NULL;

	n = topo_usable_pus(t, NULL, 0);
	if (pl->policy == PLACE_LIST && pl->nr_list > n)
		n = pl->nr_list;
	pus = calloc((size_t)n + 1, sizeof(*pus));
	locs = calloc((size_t)n + 1, sizeof(*locs));
	free(pl->order);
	pl->order = calloc((size_t)n + 1, sizeof(*pl->order));
	if (!pus || !locs || !pl->order) {
		lmb_err("placement: out of memory for %d CPUs", n);
		goto out;
	}
	if (pl->policy == PLACE_LIST) {
		n = resolve_list(pl, t, locs);
		if (n < 0)
			goto out;
	} else {
		n = topo_usable_pus(t, pus, n);
		for (i = 0; i < n; i++) {
			locs[i].pu = pus[i];
			if (topo_pu_info(t, pus[i], &locs[i].core, &locs[i].package,
					 &locs[i].numa)) {
				lmb_err("placement: hwloc does not know usable CPU %d",
					pus[i]);
				goto out;
			}
		}
	}
	pl->nr_order = placement_order(pl->policy, locs, n, pl->order);
	ret = pl->nr_order < 0 ? -1 : 0;
out:
	free(pus);
	free(locs);
	return ret;
}

int placement_check(const struct placement *pl, unsigned int nr, bool allow_oversubscribe)
{
	if (pl->nr_order <= 0) {
		lmb_err("placement %s has no CPU to place workers on",
			placement_name(pl));
		return -1;
	}
	if (nr <= (unsigned int)pl->nr_order || allow_oversubscribe)
		return 0;
	lmb_err("%u workers but --placement %s has only %d usable CPU%s: more workers than CPUs measures the scheduler, not the kernel path; use at most %d, or --allow-oversubscribe to share CPUs on purpose",
		nr, placement_name(pl), pl->nr_order, pl->nr_order == 1 ? "" : "s",
		pl->nr_order);
	return -1;
}

const struct pu_loc *placement_worker(const struct placement *pl, unsigned int i)
{
	return &pl->order[i % (unsigned int)pl->nr_order];
}

static void level(char *buf, size_t cap, const char *name, int v)
{
	if (v >= 0)
		snprintf(buf, cap, "%s%d", name, v);
	else
		snprintf(buf, cap, "%s-", name);
}

char *placement_describe(const struct placement *pl, unsigned int nr)
{
	size_t cap = (size_t)nr * 64 + 1, len = 0;
	char *s = malloc(cap);
	unsigned int i;

	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < nr; i++) {
		const struct pu_loc *l = placement_worker(pl, i);
		char core[16], pkg[16], node[16];

		level(core, sizeof(core), "core", l->core);
		level(pkg, sizeof(pkg), "pkg", l->package);
		level(node, sizeof(node), "node", l->numa);
		len += (size_t)snprintf(s + len, cap - len, "%s%u=pu%d/%s/%s/%s",
					i ? " " : "", i, l->pu, core, pkg, node);
	}
	return s;
}

void placement_free(struct placement *pl)
{
	free(pl->order);
	pl->order = NULL;
	pl->nr_order = 0;
}

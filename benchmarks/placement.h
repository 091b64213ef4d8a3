/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the workers of a multi-worker run go (--placement), on top of the
 * hwloc topology (topology.h).  A policy orders the usable PUs once; worker
 * i of any run takes entry i of that order, so the workers of a 2-worker
 * run sit where the first two workers of an 8-worker run sit, and one
 * description covers every point of a --sweep-threads run.
 *
 *   compact     topology order: the PUs of one core, then the next core,
 *               then the next package (SMT siblings share a core first)
 *   scatter     one PU per core before any SMT sibling, cores spread
 *               round-robin over the NUMA nodes (or packages)
 *   cross-node  worker i on NUMA node i % nodes (compact within a node);
 *               needs 2 or more NUMA nodes
 *   CPULIST     the listed PUs in the listed order: "0,2,4" or "0-3,8"
 */
#ifndef LMB_PLACEMENT_H
#define LMB_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>

struct topo;

enum placement_policy {
	PLACE_COMPACT,
	PLACE_SCATTER,
	PLACE_CROSS_NODE,
	PLACE_LIST,
};

/* Where one PU sits (see topo_pu_info(); -1 = no such level). */
struct pu_loc {
	int pu, core, package, numa;
};

#define PLACEMENT_MAX_PUS 4096

struct placement {
	enum placement_policy policy;
	int list[PLACEMENT_MAX_PUS];	/* PLACE_LIST: the PUs as given */
	int nr_list;
	struct pu_loc *order;		/* resolved: the PUs in policy order */
	int nr_order;
};

/* Parse "compact", "scatter", "cross-node" or a CPU list; -1 + message. */
int placement_parse(const char *spec, struct placement *pl);
/* The policy's name, "list" for a CPU list. */
const char *placement_name(const struct placement *pl);

/*
 * Order @locs[0..n) (the usable PUs in topology order) by @policy into
 * @out (n entries).  Pure function of its inputs, the core of the policies.
 * Returns the number stored (n), or -1 + message (cross-node on fewer than
 * 2 NUMA nodes).
 */
int placement_order(enum placement_policy policy, const struct pu_loc *locs,
		    int n, struct pu_loc *out);

/* Resolve @pl against the machine (checks a CPU list's PUs); -1 + message. */
int placement_resolve(struct placement *pl, struct topo *t);
/*
 * Check that @nr workers fit: more workers than placed PUs is an error
 * (exit 2) unless @allow_oversubscribe, then workers wrap around.
 */
int placement_check(const struct placement *pl, unsigned int nr, bool allow_oversubscribe);
/* Where worker @i runs (after a successful placement_check). */
const struct pu_loc *placement_worker(const struct placement *pl, unsigned int i);
/*
 * Metadata text for workers 0..@nr-1:
 * "0=pu0/core0/pkg0/node0 1=pu1/core1/pkg0/node0" ("-" for an absent
 * level).  A new string, NULL when out of memory.
 */
char *placement_describe(const struct placement *pl, unsigned int nr);
void placement_free(struct placement *pl);

#endif

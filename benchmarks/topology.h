/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine topology (hwloc) and CPU placement of the measuring threads.
 * PUs (processing units, i.e. hardware threads) are named by their OS index,
 * the number Linux uses (cpuN, sched_getcpu(), taskset).
 *
 * "Usable" PUs are those online, allowed by the cgroup cpuset and inside the
 * CPU affinity the process started with (taskset): where a worker may run.
 */
#ifndef LMB_TOPOLOGY_H
#define LMB_TOPOLOGY_H

struct topo;

/* Discover the topology.  NULL and a message on failure. */
struct topo *topo_open(void);
void topo_close(struct topo *t);

/*
 * One line for the metadata: "1 package, 1 NUMA node, 2 cores, 2 PUs,
 * L3 32MB" (", 2x L3 ..." when several; ", 3 of 4 PUs usable" when not all
 * are).  A new string; NULL when out of memory.
 */
char *topo_summary(struct topo *t);

/* Number of usable PUs. */
int topo_nr_pus(struct topo *t);

/*
 * The PU to pin the measuring thread to.  @requested -1: the default, the
 * last usable PU (highest OS index), which keeps it off CPU0 and its
 * interrupts when there is a choice.  Otherwise @requested is checked: the
 * OS index of a PU that exists, is online and usable.  Returns the PU, or -1
 * with a message saying why not and which PUs can be used.
 */
int topo_pick_pu(struct topo *t, int requested);

/* Bind the calling thread to PU @pu.  0, or -1 with a message. */
int topo_pin_self(struct topo *t, int pu);

/*
 * Where PU @pu sits, for placement policies (compact, scatter, cross-node):
 * *core and *package are hwloc logical indexes (unique machine-wide,
 * 0-based), *numa the NUMA node's OS index (as numactl names it); -1 where
 * the machine has no such level.  Any pointer may be NULL.  0, or -1 if @pu
 * is not a PU of the topology.
 */
int topo_pu_info(struct topo *t, int pu, int *core, int *package, int *numa);

/*
 * The usable PUs' OS indexes in topology order (PUs of a core, then cores of
 * a package, ...) into @pus (at most @max).  Returns how many are usable
 * (may exceed @max; only @max are stored).
 */
int topo_usable_pus(struct topo *t, int *pus, int max);

#endif

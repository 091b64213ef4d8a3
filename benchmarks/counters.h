/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters through libperf, opened on the measuring thread and enabled
 * around the timed step only.  A fork child's teardown is counted: on the
 * measuring CPU when the thread is pinned there (counters_pin_cpu(), the
 * run's default), else by inheritance (inherit=1).
 *
 * An event that cannot be opened, or that the PMU does not list and that
 * reads 0, is *unavailable*: it has no value (empty CSV cell), never 0.
 *
 * The availability rule in full:
 *  - an event that fails to open (ENOENT, EOPNOTSUPP, EACCES, ...) is
 *    unavailable for the whole run; counters_describe() gives the reason
 *    (strerror and a hint: no hardware PMU, perf_event_paranoid, ...);
 *  - a raw PMU event (rNNN, or an Arm PMUv3 name such as dsb_spec) that the
 *    core PMU does not list in /sys/bus/event_source/devices/<pmu>/events/
 *    (no file there whose terms, e.g. "event=0x7d", give its config), and
 *    that the core does not implement as far as the build's pmu-events
 *    table knows (pmu_events.h: by MIDR_EL1, from the kernel tree) is
 *    unavailable in every window where it reads 0: "not listed by <pmu> and
 *    read 0: cannot tell unimplemented from zero" (QEMU's arm64 PMU opens
 *    DSB_SPEC and always reads 0).  Listed events, events the core is known
 *    to implement, perf's generic hardware events and software events are
 *    trusted: their 0 is a real 0.  On an emulated CPU (virt.h: QEMU TCG,
 *    or QEMU with an unknown accelerator) what pmu-events says of the core
 *    does not count: there only the PMU's own listing makes a 0 real, for
 *    perf's generic hardware events too (instructions maps to INST_RETIRED,
 *    which QEMU counts only with -icount);
 *  - PMU (non-software) events are never multiplexed by default: at open
 *    they are split into groups that fit the PMU (counters_groups.h) and
 *    the groups take turns, one per window (sample); an event outside the
 *    window's group has no value there (COUNTER_OTHER_GROUP), and a window
 *    in which an event did not hold its counter the whole time is
 *    unavailable.  With counters_allow_multiplex() every event counts in
 *    every window, the count is scaled by enabled/running and the ratio
 *    recorded (the _run column, < 1 = scaled);
 *  - an Arm PMUv3 event name on a machine whose core PMU is not an Arm
 *    PMUv3 is unavailable (its number means something else elsewhere).
 *
 * Kernel lazy-MMU stats: when /sys/kernel/debug/lazy_mmu/stats exists
 * ("<name> <cumulative count>" lines), "default" and "lazy" add one counter
 * per line, column ev_lazy_<name>, value = the file's difference across the
 * window (system-wide; unavailable with several workers, see
 * counters_set_workers()).  Explicit "lazy" without the file, or a file that
 * exists but is unreadable or malformed (with "default" too, plus a
 * warning), gives one unavailable column ev_lazy with the reason.
 *
 * Environment (documented overrides):
 *   LMB_LAZY_STATS  path of the lazy-MMU stats file (tests use a temp file)
 *   LMB_SYSFS_ROOT  tests only: sysfs root instead of /sys, for the PMU and
 *                   for info's CPU identity, governor and pmu lines (host_paths.h)
 *
 * Threads: counters_open() attaches the events to the calling thread (and
 * the children it forks or clones afterwards): call it on the measuring
 * thread.  Enabling is one ioctl per event, nested so that task-clock and
 * the kernel-mode counts see the least of the toggling (counters.c).
 */
#ifndef LMB_COUNTERS_H
#define LMB_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters_groups.h"

enum counter_status {
	COUNTER_OK,		/* opened; value is a measurement */
	COUNTER_UNAVAILABLE,	/* could not open, or unlisted and read 0 */
	COUNTER_OTHER_GROUP,	/* another group's turn: not counted this window */
};

struct counter_value {
	enum counter_status status;
	double value;		/* count scaled by enabled/running */
	double running_ratio;	/* time_running / time_enabled (1.0 = not multiplexed) */
	int group;		/* group this window counted; -1: no PMU groups */
};

struct counter_set;

/*
 * Parse a perf-like list: "default", "none", or comma-separated names
 * (page-faults, cycles:k, instructions:u, dsb_spec, r7d, r7d:k, lazy, ...).
 * On error prints which name is bad and what is accepted; returns -1.
 * "none" gives a set with no counters.
 */
int counters_parse(const char *list, struct counter_set **out);
/* Open every event for the calling thread; failures become UNAVAILABLE
 * with a reason.  Returns -1 when nothing at all can be opened, except for
 * the "default" set, where that is a warning and the run records time only.
 */
int counters_open(struct counter_set *cs);
/*
 * Before counters_open(): the calling thread is pinned to @cpu (as are the
 * children it forks).  Count there instead of following the thread with
 * inherited events, so that a fork in a window clones no event into the
 * child and folds none back at its exit (that work was inside the fork
 * storm's window and grew with the number of events), and no thread switch
 * moves events in or out.  task-clock stays inherited (the child's CPU time
 * is the storm's; the off-CPU check needs the thread's own time),
 * cpu-migrations stays with the thread.  Needs CPU-wide perf permission
 * (root, CAP_PERFMON or perf_event_paranoid <= 0); where refused, an event
 * falls back to the thread.  Its "# event:" line says which (scope=).
 */
void counters_pin_cpu(struct counter_set *cs, int cpu);
void counters_enable(struct counter_set *cs);
void counters_disable(struct counter_set *cs);
/* Every event's count since the previous counters_read() (or the open),
 * i.e. the last window, into @vals[n].  Returns 0.
 */
int counters_read(struct counter_set *cs, struct counter_value *vals);
size_t counters_count(const struct counter_set *cs);
/*
 * Before counters_open(): let the kernel multiplex instead of rotating
 * groups; counts are then scaled and their _run ratio says by how much.
 */
void counters_allow_multiplex(struct counter_set *cs);
/* The same for every set parsed from now on (run --allow-multiplex). */
void counters_allow_multiplex_all(void);
/* Groups the PMU events were split into at open (0: none open). */
unsigned int counters_nr_groups(const struct counter_set *cs);
/*
 * Tests: regroup the open events with @fits instead of the probe of the
 * real PMU; @software_too groups software events as well.  Returns the
 * number of groups or -1.
 */
int counters_plan_groups(struct counter_set *cs, group_fits_fn fits,
			 void *ctx, bool software_too);
/*
 * A set opened by one of @nr workers that run at once (workers.h): the
 * kernel lazy-MMU stats are system-wide, so a worker's window difference
 * would hold the other workers' work too.  With @nr > 1 those columns
 * become unavailable for the run with the reason COUNTERS_SPLIT_REASON
 * (never a wrong number) and the file is no longer read.  Call before
 * counters_open(); a set left with only such columns opens without error.
 * Returns how many columns it made unavailable.
 */
#define COUNTERS_SPLIT_REASON \
	"system-wide counts cannot be split per worker; run with 1 worker"
size_t counters_set_workers(struct counter_set *cs, unsigned int nr);
/* CSV column name, e.g. "ev_page_faults", "ev_dsb_spec_k". */
const char *counters_column(const struct counter_set *cs, size_t i);
/* Where the per-core event knowledge comes from (counters_core.h). */
const char *counters_core_summary(const struct counter_set *cs, char *buf,
				  size_t len);
/* One line describing event i: type, config, modifiers, status, reason. */
const char *counters_describe(const struct counter_set *cs, size_t i);
void counters_free(struct counter_set *cs);

/* Extension: the per-window rule above, exposed for tests. */
struct counter_window {
	uint64_t count, enabled, running;	/* deltas over the window */
	bool zero_trusted;	/* false: raw PMU event the PMU does not list */
	bool allow_scaled;	/* multiplexing allowed: scale a partial window */
	const char *pmu;	/* PMU name, for the reason */
	const char *emulated;	/* NULL, or the emulator (virt.h), for the reason */
};
/* Fill @v; when unavailable, the reason goes to @why. */
enum counter_status counter_judge_window(const struct counter_window *w,
					 struct counter_value *v,
					 char *why, size_t why_len);

#endif

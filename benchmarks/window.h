/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The timed and counted window around one workload step, shared by the
 * single-threaded harness and the workers:
 *
 *   getrusage  counters_enable  [open marker  now_ns  step()  now_ns  close marker]
 *   counters_disable  getrusage
 *
 * Nothing but the step runs between the two clock reads.  The markers
 * (emu_marker.h, arm64 only) bound what the QEMU plugin counts: the step
 * alone, inside the clock reads, which are inside the PMU counters' window.
 */
#ifndef LMB_WINDOW_H
#define LMB_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "workload.h"

struct window {
	uint64_t t0;		/* clock at the window's opening */
	uint64_t ns;		/* wall time of the step */
	struct step_split split;
	int64_t sys_ns, user_ns; /* getrusage deltas, -1 unknown */
};

/*
 * Run @w's step on @st inside a window; @cs may be NULL.  @thread_only:
 * rusage of the calling thread (workers) rather than of the process and
 * its reaped children.  Returns the step's result.
 */
int window_measure(const struct workload *w, struct wl_state *st,
		   struct counter_set *cs, bool thread_only, struct window *out);

#endif

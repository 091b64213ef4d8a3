// SPDX-License-Identifier: GPL-2.0
/* The timed and counted window around one step (see window.h). */
#include <string.h>
#include <sys/resource.h>

#include "emu_marker.h"
#include "units.h"
#include "window.h"

static int64_t tv_to_ns(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000000LL + (int64_t)tv->tv_usec * 1000LL;
}

/* System and user time so far, in ns; -1 when getrusage fails. */
static void rusage_now(bool thread_only, int64_t *sys, int64_t *user)
{
	struct rusage self, kids;

	if (thread_only) {
		if (getrusage(RUSAGE_THREAD, &self))
			goto unknown;
		*sys = tv_to_ns(&self.ru_stime);
		*user = tv_to_ns(&self.ru_utime);
		return;
	}
	if (getrusage(RUSAGE_SELF, &self) || getrusage(RUSAGE_CHILDREN, &kids))
		goto unknown;
	*sys = tv_to_ns(&self.ru_stime) + tv_to_ns(&kids.ru_stime);
	*user = tv_to_ns(&self.ru_utime) + tv_to_ns(&kids.ru_utime);
	return;
unknown:
	*sys = *user = -1;
}

int window_measure(const struct workload *w, struct wl_state *st,
		   struct counter_set *cs, bool thread_only, struct window *out)
{
	int64_t sys0, user0, sys1, user1;
	uint64_t t1;
	int ret;

	memset(out, 0, sizeof(*out));
	rusage_now(thread_only, &sys0, &user0);
	if (cs)
		counters_enable(cs);
	out->t0 = now_ns();
	st->window_open_ns = out->t0;
	/* The plugin's window is the step alone: not even the clock reads. */
	emu_window_open();
	ret = w->step(st, &out->split);
	emu_window_close();
	t1 = now_ns();
	if (cs)
		counters_disable(cs);
	rusage_now(thread_only, &sys1, &user1);
	out->ns = t1 - out->t0;
	out->sys_ns = sys0 >= 0 && sys1 >= 0 ? sys1 - sys0 : -1;
	out->user_ns = user0 >= 0 && user1 >= 0 ? user1 - user0 : -1;
	return ret;
}

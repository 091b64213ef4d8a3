// SPDX-License-Identifier: GPL-2.0
/*
 * What the single measuring thread (harness.c) and the worker groups
 * (harness_workers.c) share: the stop flag, the workload label and the
 * writing of one sample row.  Calls neither of them.
 */
#include <stdio.h>
#include <string.h>

#include "harness_run.h"
#include "log.h"

volatile sig_atomic_t harness_stop_signal;

const char *harness_workload_label(const struct workload *w,
				   const struct wl_params *p)
{
	static char buf[64];

	if (!w->batched)
		return w->name;
	snprintf(buf, sizeof(buf), "%s-k%u", w->name, p->batch);
	return buf;
}

int harness_write_row(struct run *r, const struct workload *w,
		      struct sample_row *row, const char *phase, unsigned int idx)
{
	row->workload = harness_workload_label(w, &r->params);
	row->page_mode = r->size->name;
	row->size_bytes = r->params.bytes;
	row->phase = phase;
	row->sample = idx;
	if (csv_write_sample(r->csv, row))
		return -1;
	if (strcmp(phase, "sample"))
		return 0;
	r->samples++;
	return summary_add(r->sum, row->ns, row->rusage_sys_ns, row->ev);
}

int harness_group_failed(struct run *r, const struct workload *w,
			 unsigned int threads, const char *stage,
			 const char *phase, unsigned int idx, int window,
			 const char *reason)
{
	struct csv_failure f = {
		.workload = harness_workload_label(w, &r->params),
		.page_mode = r->size->name, .size_bytes = r->params.bytes,
		.threads = threads, .stage = stage, .phase = phase,
		.sample = idx, .window = window,
		.reason = reason ? reason : lmb_last_error(),
	};
	size_t len = strlen(r->failures);
	char where[48] = "";

	r->failed++;
	summary_fail(r->sum, stage);
	if (phase)
		snprintf(where, sizeof(where), " (%s %u)", phase, idx);
	if (len < sizeof(r->failures))
		snprintf(r->failures + len, sizeof(r->failures) - len,
			 "  %s %s %zuM x%u: %s%s: %.160s\n", f.workload,
			 f.page_mode, r->params.bytes >> 20, threads, stage,
			 where, f.reason);
	return csv_write_failure(r->csv, &f) ? -1 : HARNESS_GROUP_FAILED;
}

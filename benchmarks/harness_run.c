// SPDX-License-Identifier: GPL-2.0
/*
 * What the single measuring thread (harness.c) and the worker groups
 * (harness_workers.c) share: the stop flag, the workload label and the
 * writing of one sample row.  Calls neither of them.
 */
#include <stdio.h>
#include <string.h>

#include "harness_run.h"

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

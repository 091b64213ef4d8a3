// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-worker groups: the workers (workers.c) run each round together;
 * the measuring thread waits, then writes one row per worker
 * (threads = N, worker = i, cpu = where it ran) and feeds the summary
 * with every worker's sample and the round's aggregate rate.
 */
#include <stdint.h>
#include <string.h>

#include "harness_run.h"
#include "log.h"
#include "workers.h"

static int write_round(struct run *r, struct workers *ws, const struct workload *w,
		       unsigned int nr, const char *phase, unsigned int idx)
{
	uint64_t first = UINT64_MAX, last = 0, pages = 0;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		const struct worker_sample *s = workers_sample(ws, i);
		const struct counter_value *ev = workers_counters(ws, i);
		struct sample_row row = {
			.pages = s->pages, .thp_kb = s->thp_kb, .threads = nr,
			.worker = i, .cpu = s->cpu, .ns = s->ns,
			.split_name = s->split_name, .split_ns = s->split_ns,
			.rusage_sys_ns = s->rusage_sys_ns,
			.rusage_user_ns = s->rusage_user_ns,
			.ev = ev ? ev : r->ev,	/* no events: an empty set */
		};

		if (harness_write_row(r, w, &row, phase, idx))
			return -1;
		if (s->start_skew_ns < first)
			first = s->start_skew_ns;
		if (s->start_skew_ns + s->ns > last)
			last = s->start_skew_ns + s->ns;
		pages += s->pages;
	}
	if (strcmp(phase, "sample"))
		return 0;
	return summary_add_round(r->sum, pages, last - first);
}

/* The group failed: why, as far as the coordinator can tell. */
static int group_failed(struct run *r, const struct workload *w, unsigned int nr,
			const char *stage, const char *phase, unsigned int idx)
{
	return harness_group_failed(r, w, nr, stage, phase, idx, -1,
				    r->cfg->procs ? "a worker process failed; its message is on stderr" :
				    NULL);
}

int harness_run_workers(struct run *r, const struct workload *w, unsigned int nr,
			unsigned int group, unsigned int nr_groups)
{
	const struct run_config *cfg = r->cfg;
	const char *label = harness_workload_label(w, &r->params);
	struct workers_config wc = {
		.w = w, .params = &r->params, .nr = nr, .procs = cfg->procs,
		.pl = &r->pl, .events = r->cs ? cfg->events : NULL,
		.label = label, .page_mode = r->size->name,
	};
	unsigned long i, total = cfg->warmup + cfg->repeats;
	const char *phase = NULL;
	unsigned int idx = 0;
	struct workers *ws;
	int ret = 0;

	if (placement_check(&r->pl, nr, cfg->allow_oversubscribe))
		return -1;
	if (summary_begin(r->sum, label, r->size->name, r->params.bytes /
			  r->params.base_page))
		return -1;
	r->groups++;
	summary_set_workers(r->sum, nr, cfg->procs);
	if (r->size_failed[0])
		return harness_group_failed(r, w, nr, "page-size", NULL, 0, 0,
					    r->size_failed);
	ws = workers_start(&wc);
	if (!ws) {
		lmb_err("%s with %u %s could not start (see above)", label, nr,
			cfg->procs ? "processes" : "threads");
		return group_failed(r, w, nr, "setup", NULL, 0);
	}
	for (i = 0; i < total && !harness_stop_signal && !ret; i++) {
		bool warm = i < cfg->warmup;

		phase = warm ? "warmup" : "sample";
		idx = (unsigned int)(warm ? i : i - cfg->warmup);
		lmb_progress("[%u/%u] %s %s %zuM x%u: %s %u/%lu", group,
			     nr_groups, label, r->size->name,
			     r->params.bytes >> 20, nr, warm ? "warm-up" : "sample",
			     idx + 1, warm ? cfg->warmup : cfg->repeats);
		if (workers_round(ws, cfg->verify && (warm || i + 1 == total)))
			ret = group_failed(r, w, nr, "round", phase, idx);
		else
			ret = write_round(r, ws, w, nr, phase, idx);
	}
	if (workers_stop(ws) && !ret)
		ret = group_failed(r, w, nr, "teardown", NULL, 0);
	return ret;
}

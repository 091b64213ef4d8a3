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

int harness_run_workers(struct run *r, const struct workload *w, unsigned int nr,
			unsigned int group, unsigned int nr_groups)
{
	const struct run_config *cfg = r->cfg;
	struct workers_config wc = {
		.w = w, .params = &r->params, .nr = nr, .procs = cfg->procs,
		.pl = &r->pl, .events = r->cs ? cfg->events : NULL,
	};
	unsigned long i, total = cfg->warmup + cfg->repeats;
	const char *label = harness_workload_label(w, &r->params);
	struct workers *ws;
	int ret = 0;

	if (placement_check(&r->pl, nr, cfg->allow_oversubscribe))
		return -1;
	if (summary_begin(r->sum, label, r->size->name, r->params.bytes /
			  r->params.base_page))
		return -1;
	summary_set_workers(r->sum, nr, cfg->procs);
	ws = workers_start(&wc);
	if (!ws) {
		lmb_err("%s with %u %s could not start (see above)", label, nr,
			cfg->procs ? "processes" : "threads");
		return -1;
	}
	for (i = 0; i < total && !harness_stop_signal; i++) {
		bool warm = i < cfg->warmup;

		lmb_progress("[%u/%u] %s %s %zuM x%u: %s %lu/%lu", group,
			     nr_groups, label, r->size->name,
			     r->params.bytes >> 20, nr, warm ? "warm-up" : "sample",
			     warm ? i + 1 : i - cfg->warmup + 1,
			     warm ? cfg->warmup : cfg->repeats);
		ret = workers_round(ws, cfg->verify && (warm || i + 1 == total));
		if (!ret)
			ret = write_round(r, ws, w, nr, warm ? "warmup" : "sample",
					  (unsigned int)(warm ? i : i - cfg->warmup));
		if (ret)
			break;
	}
	if (workers_stop(ws))
		ret = -1;
	return ret;
}

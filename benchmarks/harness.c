// SPDX-License-Identifier: GPL-2.0
/*
 * The sample loop: for every workload and page mode, warm up, then measure
 * samples.  The window around step() holds nothing but the operation:
 *
 *   prepare()  getrusage  counters_enable  now_ns  step()  now_ns
 *   counters_disable  getrusage  counters_read  -> one CSV row
 *
 * Rows are written as measured; SIGINT/SIGTERM end the run after the
 * sample in progress and the file keeps every finished sample; a second
 * signal ends it at once.  Either way, system settings the run changed
 * (mTHP sizes) are put back (sysfs_settings.h).
 *
 * Configurations are nested: page size > workload > batch (batched
 * workloads only) > worker count (--threads/--procs/--sweep-*; none: the
 * measuring thread alone).  Multi-worker groups are in harness_workers.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "counters.h"
#include "csv.h"
#include "exit_codes.h"
#include "fault_inject.h"
#include "harness.h"
#include "harness_run.h"
#include "layout_seed.h"
#include "log.h"
#include "meta.h"
#include "page_size.h"
#include "region.h"
#include "summary.h"
#include "sysfs_settings.h"
#include "topology.h"
#include "window.h"

static void on_harness_stop_signal(int sig)
{
	if (harness_stop_signal) {
		/* A second signal ends the run at once; rows written stay valid. */
		settings_restore_signal_safe();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	harness_stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_harness_stop_signal;
	sa.sa_flags = SA_RESTART;
	sigfillset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * One sample: prepare, window, row.  0, HARNESS_GROUP_FAILED (prepare or
 * step failed: *@stage says which, *@window whether the window ran), or
 * -1 (the row cannot be written).  @kept_kb: page_size_kept_kb() of the
 * region before this sample (workloads without fresh pages).
 */
static int measure_one(struct run *r, const struct workload *w,
		       struct wl_state *st, long kept_kb, const char *phase,
		       unsigned int idx, const char **stage, int *window)
{
	const char *label = harness_workload_label(w, &r->params);
	struct sample_row row;
	struct window win;
	long long mark;
	long thp_kb;

	*stage = "prepare";
	*window = 0;
	mark = page_size_fault_mark(&r->params);
	if (fault_injected("prepare", label, r->size->name) ||
	    (w->prepare && w->prepare(st)))
		return HARNESS_GROUP_FAILED;
	thp_kb = page_size_sample_kb(&r->params, w->flags & WL_FRESH_PAGES,
				     mark, kept_kb);

	if (window_measure(w, st, r->cs, false, &win)) {
		*stage = "step";
		*window = 1;
		return HARNESS_GROUP_FAILED;
	}
	if (r->cs && counters_read(r->cs, r->ev))
		return -1;

	row = (struct sample_row){
		.pages = st->pages, .thp_kb = thp_kb, .threads = 1, .worker = 0,
		.cpu = r->cpu, .ns = win.ns, .split_name = win.split.name,
		.split_ns = win.split.ns, .rusage_sys_ns = win.sys_ns,
		.rusage_user_ns = win.user_ns, .ev = r->ev,
	};
	return harness_write_row(r, w, &row, phase, idx);
}

/* 0, or HARNESS_GROUP_FAILED after a message. */
static int verify(struct run *r, const struct workload *w, struct wl_state *st)
{
	const char *label = harness_workload_label(w, st->p);

	if (fault_injected("verify", label, r->size->name))
		return HARNESS_GROUP_FAILED;
	if (!w->verify || !w->verify(st))
		return 0;
	lmb_err("workload %s failed its verification (%s pages): the kernel did not do what the storm expects; this is a bug worth reporting with `lazymmu-bench info`",
		label, r->size->name);
	return HARNESS_GROUP_FAILED;
}

/*
 * One workload in one page mode: setup, warm-up, samples, teardown.
 * 0, HARNESS_GROUP_FAILED (recorded; the run goes on), or -1.
 */
static int run_group(struct run *r, const struct workload *w,
		     unsigned int group, unsigned int nr_groups)
{
	const struct run_config *cfg = r->cfg;
	struct wl_state st = { .p = &r->params };
	unsigned long i, total = cfg->warmup + cfg->repeats;
	const char *stage = "setup", *phase = NULL;
	bool fresh = w->flags & WL_FRESH_PAGES;
	int ret = 0, window = 0;
	long setup_kb, kept_kb = -1;
	long long mark;

	if (summary_begin(r->sum, harness_workload_label(w, &r->params),
			  r->size->name, r->params.bytes / r->params.base_page))
		return -1;
	r->groups++;
	if (r->size_failed[0])
		return harness_group_failed(r, w, 1, "page-size", NULL, 0, 0,
					    r->size_failed);
	st.pages = r->params.bytes / r->params.base_page;
	mark = page_size_fault_mark(&r->params);
	ret = w->setup ? w->setup(&st) : 0;
	setup_kb = page_size_faulted_kb(&r->params, mark);
	if (ret == WL_SKIP) {
		r->skipped++;
		return 0;
	}
	if (ret)
		return harness_group_failed(r, w, 1, stage, NULL, 0, 0, NULL);
	if (!fresh)
		kept_kb = page_size_kept_kb(&r->params, st.region, setup_kb);
	for (i = 0; i < total && !harness_stop_signal && !ret; i++) {
		bool warm = i < cfg->warmup;
		unsigned int idx = (unsigned int)(warm ? i : i - cfg->warmup);

		phase = warm ? "warmup" : "sample";
		lmb_progress("[%u/%u] %s %s %zuM: %s %lu/%lu", group, nr_groups,
			     harness_workload_label(w, &r->params),
			     r->size->name, r->params.bytes >> 20,
			     warm ? "warm-up" : "sample", idx + 1UL,
			     warm ? cfg->warmup : cfg->repeats);
		ret = measure_one(r, w, &st, kept_kb, phase, idx, &stage,
				  &window);
		if (!ret && cfg->verify && (warm || i + 1 == total)) {
			ret = verify(r, w, &st);
			stage = "verify";
			window = 0;
		}
		/* the region the next step acts on, read after this window */
		if (!ret && !fresh)
			kept_kb = page_size_kept_kb(&r->params, st.region, setup_kb);
		if (ret == HARNESS_GROUP_FAILED)
			ret = harness_group_failed(r, w, 1, stage, phase, idx,
						   window, NULL);
	}
	if (w->teardown)
		w->teardown(&st);
	return ret;
}

static int check_one_size(size_t bytes, const char *what,
			  const struct wl_params *p)
{
	struct sysinfo si;

	if (bytes % p->pmd_size) {
		lmb_err("%s %zu bytes is not a multiple of the PMD size (%zu bytes): every storm covers whole page-table pages; use e.g. %zuM",
			what, bytes, p->pmd_size,
			((bytes / p->pmd_size) + 1) * p->pmd_size >> 20);
		return -1;
	}
	if (!sysinfo(&si)) {
		unsigned long long avail = (unsigned long long)si.freeram * si.mem_unit +
			(unsigned long long)si.bufferram * si.mem_unit;
		unsigned long long total = (unsigned long long)si.totalram * si.mem_unit;

		if (bytes > total / 10 * 9) {
			lmb_err("%s %zu MiB is larger than 90%% of this machine's memory (%llu MiB); choose a smaller size",
				what, bytes >> 20, total >> 20);
			return -1;
		}
		if (bytes > avail)
			lmb_warn("%s %zu MiB is more than the free memory (%llu MiB): expect reclaim noise",
				 what, bytes >> 20, avail >> 20);
	}
	return 0;
}

static int check_size(const struct run_config *cfg, const struct wl_params *p)
{
	const char *what = cfg->sweep.nr > 1 ? "--sweep-size" : "--size";
	size_t i;

	for (i = 0; i < cfg->sweep.nr; i++)
		if (check_one_size(cfg->sweep.bytes[i], what, p))
			return -1;
	return 0;
}

static size_t meta_size(const struct meta *m, const char *key, size_t fallback)
{
	const char *v = meta_get(m, key);
	char *end;
	unsigned long long n;

	if (!v)
		return fallback;
	n = strtoull(v, &end, 10);
	return (end != v && n) ? (size_t)n : fallback;
}

static char *default_output(const struct run_config *cfg, const struct meta *m)
{
	const char *host = meta_get(m, "host");
	char stamp[32], *path = NULL;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (mkdir(cfg->outdir, 0755) && errno != EEXIST) {
		int err = errno;
		char cwd[4096];
		bool rel = cfg->outdir[0] != '/' && getcwd(cwd, sizeof(cwd));

		lmb_err("cannot create the results folder %s%s%s: %s; use --outdir DIR or -o FILE",
			rel ? cwd : "", rel && strcmp(cwd, "/") ? "/" : "",
			cfg->outdir, strerror(err));
		return NULL;
	}
	if (asprintf(&path, "%s/%s-%s-%s.csv", cfg->outdir, host ? host : "host",
		     cfg->label, stamp) < 0)
		return NULL;
	return path;
}

static void record_run_params(const struct run_config *cfg, struct meta *m, int cpu)
{
	char buf[512];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < cfg->nr_workloads; i++)
		n += snprintf(buf + n, n < sizeof(buf) ? sizeof(buf) - n : 0, "%s%s",
			      i ? "," : "", cfg->workloads[i]->name);
	meta_set(m, "workloads", buf);
	buf[0] = '\0';
	for (i = 0, n = 0; i < cfg->nr_sizes; i++)
		n += snprintf(buf + n, n < sizeof(buf) ? sizeof(buf) - n : 0, "%s%s",
			      i ? "," : "", cfg->sizes[i].name);
	meta_set(m, "page_modes", buf);
	size_sweep_describe(&cfg->sweep, buf, sizeof(buf));
	meta_set(m, "size", buf);
	if (cfg->sweep.nr > 1) {
		meta_set(m, "sweep_sizes", buf);
		meta_set(m, "sweep_order", cfg->sweep.given_order ? "given" :
			 "shuffle (a new order of the sizes for every storm)");
		snprintf(buf, sizeof(buf), "%llu",
			 (unsigned long long)cfg->sweep.seed);
		meta_set(m, "sweep_seed", cfg->sweep.given_order ? "none" : buf);
	}
	snprintf(buf, sizeof(buf), "%lu", cfg->repeats);
	meta_set(m, "repeats", buf);
	snprintf(buf, sizeof(buf), "%lu", cfg->warmup);
	meta_set(m, "warmup", buf);
	meta_set(m, "events", cfg->events);
	meta_set(m, "profile", cfg->profile ? cfg->profile : "none");
	meta_set(m, "verify", cfg->verify ? "yes" : "no");
	if (cfg->layout_seed_given) {
		snprintf(buf, sizeof(buf), "%lu", cfg->layout_seed);
		meta_set(m, "layout_seed", buf);
		snprintf(buf, sizeof(buf), "%zu",
			 layout_seed_bytes(cfg->layout_seed,
					   meta_size(m, "base_page_size",
						     (size_t)sysconf(_SC_PAGESIZE))));
		meta_set(m, "layout_bytes", buf);
	}
	snprintf(buf, sizeof(buf), "%d", cpu);
	meta_set(m, "pinned_cpu", cpu >= 0 ? buf :
		 cfg->nr_workers ? "workers placed (placement_map)" : "not pinned");
}

static void join_counts(char *buf, size_t cap, const unsigned int *v, size_t nr)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < nr && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%u", i ? "," : "", v[i]);
}

/* Metadata of multi-worker and batched runs (results/README.md). */
static int record_scale_params(const struct run_config *cfg, struct run *r,
			       struct meta *m)
{
	unsigned int i, max = 0;
	char buf[512], *map;
	bool batched = false;

	for (i = 0; i < cfg->nr_workloads; i++)
		batched |= cfg->workloads[i]->batched;
	if (batched) {
		snprintf(buf, sizeof(buf), "%zu", cfg->chunk_bytes);
		meta_set(m, "chunk_bytes", buf);
		join_counts(buf, sizeof(buf), cfg->batches, cfg->nr_batches);
		meta_set(m, "uring_batches", buf);
	}
	meta_set(m, "workers", !cfg->nr_workers ? "none" :
		 cfg->procs ? "processes" : "threads");
	if (!cfg->nr_workers)
		return 0;
	join_counts(buf, sizeof(buf), cfg->workers, cfg->nr_workers);
	meta_set(m, "worker_counts", buf);
	meta_set(m, "placement", cfg->placement);
	meta_set(m, "allow_oversubscribe", cfg->allow_oversubscribe ? "yes" : "no");
	for (i = 0; i < cfg->nr_workers; i++)
		if (cfg->workers[i] > max)
			max = cfg->workers[i];
	if (placement_check(&r->pl, max, cfg->allow_oversubscribe))
		return -1;
	map = placement_describe(&r->pl, max);
	if (!map)
		return -1;
	meta_set(m, "placement_map", map);
	free(map);
	return 0;
}

static int resolve_placement(const struct run_config *cfg, struct run *r)
{
	struct topo *t;
	int ret;

	if (!cfg->nr_workers)
		return 0;
	if (placement_parse(cfg->placement, &r->pl))
		return -1;
	t = topo_open();
	if (!t)
		return -1;
	ret = placement_resolve(&r->pl, t);
	topo_close(t);
	return ret;
}

static int pin_measuring_thread(const struct run_config *cfg)
{
	struct topo *t = topo_open();
	int pu;

	if (!t)
		return -1;
	pu = topo_pick_pu(t, cfg->cpu);
	if (pu >= 0 && topo_pin_self(t, pu))
		pu = -1;
	topo_close(t);
	return pu;
}

/* Can @w run here?  Its setup() once on this thread: 1 = it skips. */
static int probe_skip(struct run *r, const struct workload *w)
{
	struct wl_state st = { .p = &r->params };
	int ret;

	st.pages = r->params.bytes / r->params.base_page;
	ret = w->setup ? w->setup(&st) : 0;
	if (!ret && w->teardown)
		w->teardown(&st);
	if (ret == WL_SKIP)
		r->skipped++;
	return ret == WL_SKIP ? 1 : ret ? -1 : 0;
}

/*
 * One workload (one batch size) at one region size, every worker count.
 * A failed group is recorded and the next one runs: 0, or -1 when the run
 * cannot go on.
 */
static int run_workload_size(struct run *r, const struct workload *w,
			     unsigned int *group, unsigned int nr_groups)
{
	const struct run_config *cfg = r->cfg;
	size_t i;

	if (!cfg->nr_workers)
		return run_group(r, w, ++*group, nr_groups) < 0 ? -1 : 0;
	for (i = 0; i < cfg->nr_workers && !harness_stop_signal; i++)
		if (harness_run_workers(r, w, cfg->workers[i], ++*group,
					nr_groups) < 0)
			return -1;
	return 0;
}

/*
 * One workload (one batch size) at every region size, in the sweep's order.
 * Worker groups ask once, on this thread, whether the workload runs here
 * (when its setup fails here, each worker group records its own failure).
 */
static int run_workload(struct run *r, const struct workload *w,
			unsigned int *group, unsigned int nr_groups)
{
	const struct size_sweep *sw = &r->cfg->sweep;
	size_t order[SIZE_SWEEP_MAX], i;

	size_sweep_order(sw, &r->sweep_state, order);
	r->params.bytes = sw->bytes[order[0]];
	if (r->cfg->nr_workers && !r->size_failed[0] && probe_skip(r, w) > 0)
		return 0;
	for (i = 0; i < sw->nr && !harness_stop_signal; i++) {
		r->params.bytes = sw->bytes[order[i]];
		if (run_workload_size(r, w, group, nr_groups))
			return -1;
	}
	return 0;
}

static unsigned int count_groups(const struct run_config *cfg)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < cfg->nr_workloads; i++)
		n += cfg->workloads[i]->batched ? (unsigned int)cfg->nr_batches : 1;
	return n * (unsigned int)cfg->nr_sizes * (unsigned int)cfg->sweep.nr *
	       (unsigned int)(cfg->nr_workers ? cfg->nr_workers : 1);
}

static int run_size(struct run *r, unsigned int *group, unsigned int nr_groups)
{
	const struct run_config *cfg = r->cfg;
	size_t wi, bi;

	for (wi = 0; wi < cfg->nr_workloads && !harness_stop_signal; wi++) {
		const struct workload *w = cfg->workloads[wi];
		size_t nb = w->batched ? cfg->nr_batches : 1;

		for (bi = 0; bi < nb && !harness_stop_signal; bi++) {
			r->params.batch = w->batched ? cfg->batches[bi] : 0;
			if (run_workload(r, w, group, nr_groups))
				return -1;
		}
	}
	return 0;
}

/*
 * Every page size.  One that cannot be set up fails each of its groups
 * (recorded); -1 only when the run cannot go on.
 */
static int run_all(struct run *r)
{
	const struct run_config *cfg = r->cfg;
	unsigned int group = 0, nr_groups = count_groups(cfg);
	size_t si;
	int ret;

	for (si = 0; si < cfg->nr_sizes && !harness_stop_signal; si++) {
		r->size = &cfg->sizes[si];
		r->params.mode = r->size->mode;
		r->params.mthp_size = r->size->mthp;
		r->size_failed[0] = '\0';
		if (r->size->mthp) {
			ret = mthp_enable_only(MTHP_DIR, r->size->mthp);
			if (ret == SETTINGS_DENIED) {
				r->skipped++;
				continue;
			}
			if (ret)
				snprintf(r->size_failed, sizeof(r->size_failed),
					 "page size %s cannot be set up: %s",
					 r->size->name, lmb_last_error());
		}
		ret = run_size(r, &group, nr_groups);
		if (r->size->mthp && !r->size_failed[0] && mthp_restore())
			ret = -1;
		if (ret)
			return -1;
	}
	return 0;
}

/* The smallest worker count of the run; 0 without workers. */
static unsigned int min_workers(const struct run_config *cfg)
{
	unsigned int min = 0;
	size_t i;

	for (i = 0; i < cfg->nr_workers; i++)
		if (!min || cfg->workers[i] < min)
			min = cfg->workers[i];
	return min;
}

int harness_run(const struct run_config *cfg)
{
	struct run r = { .cfg = cfg, .cpu = -1 };
	struct layout_alloc layout = { 0 };
	struct meta m = { 0 };
	char *path = NULL, status[224];
	int ret = LMB_EXIT_FAIL;

	ret = meta_collect(&m, cfg->label);
	if (ret) {
		ret = ret == -2 ? LMB_EXIT_USAGE : LMB_EXIT_FAIL;
		goto out;
	}
	ret = LMB_EXIT_FAIL;
	r.params.bytes = cfg->sweep.bytes[0];
	r.sweep_state = cfg->sweep.seed;
	r.params.chunk_bytes = cfg->chunk_bytes;
	r.params.base_page = meta_size(&m, "base_page_size", (size_t)sysconf(_SC_PAGESIZE));
	r.params.pmd_size = meta_size(&m, "pmd_size", r.params.base_page * r.params.base_page / 8);
	if (check_size(cfg, &r.params)) {
		ret = LMB_EXIT_USAGE;
		goto out;
	}
	if (counters_parse(cfg->events, &r.cs)) {
		ret = LMB_EXIT_USAGE;
		goto out;
	}
	/*
	 * Put back what a killed run left changed, before anything else.  If
	 * that fails (message printed), storms that change nothing still run.
	 */
	if (settings_init(NULL))
		lmb_warn("going on without changing system settings: configurations that need it (mTHP sizes) will fail");
	if (resolve_placement(cfg, &r)) {
		ret = LMB_EXIT_USAGE;
		goto out;
	}
	if (!cfg->nr_workers) {
		r.cpu = pin_measuring_thread(cfg);
		if (r.cpu < 0 && cfg->cpu >= 0) {
			ret = LMB_EXIT_USAGE;
			goto out;
		}
	}
	if (min_workers(cfg) > 1)
		counters_set_workers(r.cs, min_workers(cfg));
	if (r.cpu >= 0)
		counters_pin_cpu(r.cs, r.cpu);
	if (r.cs && counters_open(r.cs))
		goto out;
	r.ev = calloc(r.cs ? counters_count(r.cs) + 1 : 1, sizeof(*r.ev));
	r.sum = summary_new(r.cs);
	if (!r.ev || !r.sum)
		goto out;
	record_run_params(cfg, &m, r.cpu);
	if (record_scale_params(cfg, &r, &m)) {
		ret = LMB_EXIT_USAGE;
		goto out;
	}
	/* before the storms, kept until the end: see layout_seed.h */
	if (cfg->layout_seed_given &&
	    layout_seed_apply(cfg->layout_seed, r.params.base_page, &layout))
		goto out;
	path = cfg->output ? strdup(cfg->output) : default_output(cfg, &m);
	if (!path)
		goto out;
	r.csv = csv_create(path, &m, r.cs);
	if (!r.csv)
		goto out;
	fprintf(stderr, "lazymmu-bench: writing %s\n", path);

	catch_stop_signals();
	ret = run_all(&r) ? LMB_EXIT_FAIL : LMB_EXIT_OK;
	lmb_progress("%s", "");
	if (harness_stop_signal) {
		snprintf(status, sizeof(status), "interrupted (%s) after %lu samples",
			 strsignal(harness_stop_signal), r.samples);
		ret = LMB_EXIT_INTERRUPTED;
	} else if (ret) {
		snprintf(status, sizeof(status), "failed after %lu samples",
			 r.samples);
	} else if (r.failed) {
		snprintf(status, sizeof(status),
			 "complete with failures, %lu samples, %lu of %lu groups failed (# failed: lines)",
			 r.samples, r.failed, r.groups);
		ret = LMB_EXIT_FAIL;
	} else {
		snprintf(status, sizeof(status), "complete, %lu samples", r.samples);
	}
	if (r.skipped)
		snprintf(status + strlen(status), sizeof(status) - strlen(status),
			 ", %lu configuration%s skipped (reasons on stderr)",
			 r.skipped, r.skipped == 1 ? "" : "s");
	csv_close(r.csv, status);
	summary_print(r.sum, stdout);
	if (r.failed)
		fprintf(stderr, "lazymmu-bench: %lu of %lu groups failed, the others ran:\n%s",
			r.failed, r.groups, r.failures);
	fprintf(stderr, "lazymmu-bench: %s: %s\n", path, status);
out:
	if (settings_restore_all() && !ret)
		ret = LMB_EXIT_FAIL;
	layout_seed_release(&layout);
	placement_free(&r.pl);
	summary_free(r.sum);
	free(r.ev);
	counters_free(r.cs);
	meta_free(&m);
	free(path);
	return ret;
}

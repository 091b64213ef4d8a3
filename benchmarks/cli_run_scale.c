// SPDX-License-Identifier: GPL-2.0
/* Scale and batching options of `lazymmu-bench run`; see cli_run_scale.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run_scale.h"
#include "list_check.h"
#include "log.h"
#include "units.h"
#include "workers.h"

#define MAX_BATCH 4096	/* io_uring's largest submission queue is 32768 */

/* The default; any other pointer means --placement was given. */
static const char default_placement[] = "compact";

void run_scale_defaults(struct run_config *cfg)
{
	cfg->nr_workers = 0;
	cfg->procs = false;
	cfg->placement = default_placement;
	cfg->allow_oversubscribe = false;
	cfg->chunk_bytes = 64 << 10;
	cfg->batches[0] = 8;
	cfg->nr_batches = 1;
}

struct count_list {
	const char *what;
	unsigned int limit, *out;
	size_t max, *n;
};

static int add_count(const char *item, size_t i, void *ctx)
{
	struct count_list *c = ctx;
	unsigned long v;

	if (parse_count(item, c->what, 0, &v))
		return -1;
	if (v > c->limit || i == c->max) {
		lmb_err("%s: at most %zu values, each from 1 to %u", c->what,
			c->max, c->limit);
		return -1;
	}
	c->out[i] = (unsigned int)v;
	*c->n = i + 1;
	return 0;
}

int parse_count_list(const char *s, const char *what, unsigned int limit,
		     unsigned int *out, size_t max, size_t *n)
{
	struct count_list c = {
		.what = what, .limit = limit, .out = out, .max = max, .n = n,
	};

	*n = 0;
	return list_each(what, s, add_count, &c) < 0 ? -1 : 0;
}

static int set_workers(const char *arg, const char *what, bool procs,
		       struct run_config *cfg)
{
	if (cfg->nr_workers && cfg->procs != procs) {
		lmb_err("%s: threads and processes cannot be mixed in one run (--threads/--sweep-threads vs --procs/--sweep-procs)",
			what);
		return -1;
	}
	cfg->procs = procs;
	return parse_count_list(arg, what, WORKERS_MAX, cfg->workers,
				LMB_MAX_SWEEP, &cfg->nr_workers);
}

int run_scale_option(int opt, const char *arg, struct run_config *cfg)
{
	size_t one;

	switch (opt) {
	case OPT_THREADS:
	case OPT_PROCS:
		if (set_workers(arg, opt == OPT_THREADS ? "--threads" : "--procs",
				opt == OPT_PROCS, cfg))
			return -1;
		if (cfg->nr_workers == 1)
			return 0;
		lmb_err("%s takes one number; use %s for a list",
			opt == OPT_THREADS ? "--threads" : "--procs",
			opt == OPT_THREADS ? "--sweep-threads" : "--sweep-procs");
		return -1;
	case OPT_SWEEP_THREADS:
		return set_workers(arg, "--sweep-threads", false, cfg);
	case OPT_SWEEP_PROCS:
		return set_workers(arg, "--sweep-procs", true, cfg);
	case OPT_PLACEMENT:
		if (list_check("--placement", arg))
			return -1;
		cfg->placement = arg;
		return 0;
	case OPT_OVERSUBSCRIBE:
		cfg->allow_oversubscribe = true;
		return 0;
	case OPT_CHUNK:
		return parse_size(arg, "--chunk", &cfg->chunk_bytes) ? -1 : 0;
	case OPT_URING_BATCH:
		if (parse_count_list(arg, "--uring-batch", MAX_BATCH, cfg->batches,
				     LMB_MAX_SWEEP, &one))
			return -1;
		cfg->nr_batches = one;
		return 0;
	}
	return -1;
}

/*
 * --chunk must cut every region into whole pages (madvise-chunks,
 * madvise-uring).  Checked for every run: the default divides every
 * PMD-multiple size, so only a bad --chunk is refused.
 */
static int check_chunk(const struct run_config *cfg)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), i, bytes;

	for (i = 0; i < cfg->sweep.nr; i++) {
		bytes = cfg->sweep.bytes[i];
		if (cfg->chunk_bytes && !(cfg->chunk_bytes % page) &&
		    cfg->chunk_bytes <= bytes && !(bytes % cfg->chunk_bytes))
			continue;
		lmb_err("--chunk %zu bytes must be a multiple of the base page (%zu bytes) that divides the region size (%zu bytes); use e.g. --chunk 64K",
			cfg->chunk_bytes, page, bytes);
		return -1;
	}
	return 0;
}

int run_scale_check(const struct run_config *cfg)
{
	if (cfg->nr_workers && cfg->cpu >= 0) {
		lmb_err("--cpu pins the single measuring thread; with workers use --placement %d (a CPU list)",
			cfg->cpu);
		return -1;
	}
	if (!cfg->nr_workers && cfg->placement != default_placement) {
		lmb_err("--placement %s places workers, and this run has none: add --threads N or --procs N, or pin the single measuring thread with --cpu N",
			cfg->placement);
		return -1;
	}
	return check_chunk(cfg);
}

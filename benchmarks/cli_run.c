// SPDX-License-Identifier: GPL-2.0
/* `lazymmu-bench run`: options -> struct run_config -> harness_run(). */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array_size.h"
#include "cli.h"
#include "cli_opts.h"
#include "counters.h"
#include "cli_run_scale.h"
#include "exit_codes.h"
#include "harness.h"
#include "list_check.h"
#include "log.h"
#include "profiles.h"
#include "size_sweep.h"
#include "units.h"

static const struct cli_opt run_opts[] = {
	{ .name = "workloads", .key = 'w', .has_short = true, .arg = "LIST",
	  .help = "comma list, 'all', or 'storms' (the workloads\n"
		  "flagged [storm]) (default: all; see `lazymmu-bench list`)" },
	{ .name = "size", .key = 's', .has_short = true, .arg = "SIZE",
	  .help = "region per storm, multiple of the PMD size: 64M, 1G (default 64M)" },
	{ .name = "sweep-size", .key = OPT_SWEEP_SIZE, .arg = "LIST",
	  .help = "one group per region size instead of --size, e.g.\n"
		  "2M,8M,64M,256M,1G: compare and the summary fit\n"
		  "cost = per call + per page x pages" },
	{ .name = "sweep-order", .key = OPT_SWEEP_ORDER, .arg = "O",
	  .help = "shuffle (default: a new order of the sizes for every\n"
		  "storm, so drift is not read as a size effect) or given" },
	{ .name = "seed", .key = OPT_SEED, .arg = "N",
	  .help = "seed of the shuffle (default: from the clock; recorded\n"
		  "as sweep_seed, the same seed gives the same order)" },
	{ .name = "layout-seed", .key = OPT_LAYOUT_SEED, .arg = "N",
	  .help = "before the storms, map and touch 1-512 base pages (a\n"
		  "size from N, 0-1000000000) kept to the end: where the\n"
		  "storms' memory lands varies with N, the windows do not.\n"
		  "Recorded as layout_seed (deterministic guests: run\n"
		  "several seeds per kernel)" },
	{ .name = "repeats", .key = 'r', .has_short = true, .arg = "N",
	  .help = "measured samples per storm (default 10; >= 10 to compare)" },
	{ .name = "warmup", .key = 'W', .arg = "N",
	  .help = "warm-up samples per storm, kept as phase=warmup (default 2)" },
	{ .name = "page-size", .key = 'p', .has_short = true, .arg = "LIST",
	  .help = "4k, thp, an mTHP size such as 64k (root: the run enables\n"
		  "that size alone and restores the mTHP settings), or a\n"
		  "list: 4k,thp,64k (default 4k)" },
	{ .name = "events", .key = 'e', .has_short = true, .arg = "LIST",
	  .help = "counters: default, none, or names (page-faults, cycles:k,\n"
		  "instructions:u, dsb_spec, r7d:k, lazy, ...)" },
	{ .name = "allow-multiplex", .key = 'M',
	  .help = "let the kernel time-share PMU counters: counts scaled\n"
		  "by enabled/running, flagged by _run < 1 (default: PMU\n"
		  "events in groups that fit the PMU, one group per sample)" },
	{ .name = "output", .key = 'o', .has_short = true, .arg = "FILE",
	  .help = "result file (never overwritten)" },
	{ .name = "outdir", .key = 'O', .arg = "DIR",
	  .help = "folder for the default file name (default results)\n"
		  "<host>-<label>-<UTC time>.csv" },
	{ .name = "label", .key = 'l', .has_short = true, .arg = "TEXT",
	  .help = "what this kernel is, e.g. nesting, never-nest (default run)" },
	{ .name = "profile", .key = 'P', .arg = "NAME",
	  .help = "preset (options given after it override it):",
	  .more = profile_list },
	{ .name = "cpu", .key = 'c', .arg = "N",
	  .help = "pin the measuring thread to PU N (default: last PU)" },
	{ .name = "no-verify", .key = 'V',
	  .help = "skip the checks after warm-up and last samples" },
	{ .name = "help", .key = 'h', .has_short = true,
	  .help = "this text" },
	{ .help = "\nScale (several CPUs in one run; each worker has its own region, own counters):" },
	{ .name = "threads", .key = OPT_THREADS, .arg = "N",
	  .help = "N threads of one process (one mm: unmaps shoot down\n"
		  "the other workers' TLBs)" },
	{ .name = "procs", .key = OPT_PROCS, .arg = "N",
	  .help = "N processes (private mms)" },
	{ .name = "sweep-threads", .key = OPT_SWEEP_THREADS, .arg = "L",
	  .help = "one group per thread count, e.g. 1,2,4: one CSV to plot\n"
		  "ns/page against threads" },
	{ .name = "sweep-procs", .key = OPT_SWEEP_PROCS, .arg = "L",
	  .help = "the same with processes" },
	{ .name = "placement", .key = OPT_PLACEMENT, .arg = "P",
	  .help = "compact (default), scatter, cross-node, or a CPU list\n"
		  "such as 0,2 or 0-3: where worker i runs (hwloc);\n"
		  "only with workers (one thread: --cpu N)" },
	{ .name = "allow-oversubscribe", .key = OPT_OVERSUBSCRIBE,
	  .help = "allow more workers than usable CPUs" },
	{ .help = "Batching (madvise-uring, madvise-chunks):" },
	{ .name = "chunk", .key = OPT_CHUNK, .arg = "SIZE",
	  .help = "bytes per MADV_DONTNEED operation (default 64K): a\n"
		  "multiple of the base page that divides --size" },
	{ .name = "uring-batch", .key = OPT_URING_BATCH, .arg = "L",
	  .help = "operations per io_uring_enter, a list runs each\n"
		  "(default 8; rows are named madvise-uring-k<K>)" },
};

const struct cli_cmd cli_run_cmd = {
	.name = "run",
	.intro = "usage: lazymmu-bench run [options]\n"
		 "\n"
		 "Run page-table storms and write one CSV row per sample.\n"
		 "\n",
	.outro = "\n"
		 "Exit status: 0 done, 1 a group failed (the others ran: its\n"
		 "\"# failed:\" line in the file, list on stderr) or the run failed,\n"
		 "2 bad option, 130 interrupted (the file then holds every finished\n"
		 "sample).\n",
	.opts = run_opts,
	.nr_opts = ARRAY_SIZE(run_opts),
};

static int add_workload(const char *name, size_t i, void *ctx)
{
	struct run_config *cfg = ctx;
	const struct workload *w = workload_find(name);

	(void)i;
	if (!w) {
		lmb_err("--workloads: '%s' is not a workload; run `lazymmu-bench list` to see them",
			name);
		return -1;
	}
	if (cfg->nr_workloads == LMB_MAX_WORKLOADS) {
		lmb_err("--workloads: more than %d entries", LMB_MAX_WORKLOADS);
		return -1;
	}
	cfg->workloads[cfg->nr_workloads++] = w;
	return 0;
}

/* "all" or "storms": every workload of the table, or those flagged storm. */
static int parse_workloads(const char *list, struct run_config *cfg)
{
	bool storms = !strcmp(list, "storms");
	size_t i;

	cfg->nr_workloads = 0;
	if (storms || !strcmp(list, "all")) {
		for (i = 0; lmb_workloads[i] && cfg->nr_workloads < LMB_MAX_WORKLOADS; i++)
			if (!storms || (lmb_workloads[i]->flags & WL_STORM))
				cfg->workloads[cfg->nr_workloads++] = lmb_workloads[i];
		return 0;
	}
	return list_each("--workloads", list, add_workload, cfg) < 0 ? -1 : 0;
}

static int add_page_mode(const char *name, size_t i, void *ctx)
{
	struct run_config *cfg = ctx;

	if (i == LMB_MAX_PAGE_MODES) {
		lmb_err("--page-size: at most %d page sizes", LMB_MAX_PAGE_MODES);
		return -1;
	}
	if (page_size_parse(name, MTHP_DIR, &cfg->sizes[i]))
		return -1;
	cfg->nr_sizes = i + 1;
	return 0;
}

static int parse_page_modes(const char *list, struct run_config *cfg)
{
	cfg->nr_sizes = 0;
	return list_each("--page-size", list, add_page_mode, cfg) < 0 ? -1 : 0;
}

int cli_check_label(const char *label)
{
	const char *p;

	if (!*label || strlen(label) > 64)
		goto bad;
	for (p = label; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._+-", *p))
			goto bad;
	return 0;
bad:
	lmb_err("--label '%s' must be 1-64 characters of letters, digits, '.', '_', '+' or '-' (it becomes part of the file name)",
		label);
	return -1;
}

static int apply_profile(const char *name, struct run_config *cfg)
{
	const struct profile *p = profile_find(name);

	if (!p)
		return -1;
	cfg->profile = p->name;
	cfg->repeats = p->repeats;
	cfg->warmup = p->warmup;
	if (parse_workloads(p->workloads, cfg) || parse_page_modes(p->page_modes, cfg))
		return -1;
	return parse_size(p->size, "--profile size", &cfg->bytes);
}

/*
 * One list of region sizes for the harness: the sweep, or --size alone.
 * The shuffle seed defaults to the clock.
 */
static int finish_sizes(struct run_config *cfg, bool size_given,
			bool order_given, bool seed_given)
{
	struct size_sweep *s = &cfg->sweep;

	if (s->nr && size_given) {
		lmb_err("--size %zu and --sweep-size both give the region size; use one of them",
			cfg->bytes);
		return -1;
	}
	if (!s->nr && (order_given || seed_given)) {
		lmb_err("%s orders the sizes of a sweep and this run has one size; add --sweep-size LIST",
			order_given ? "--sweep-order" : "--seed");
		return -1;
	}
	if (s->nr && seed_given && s->given_order) {
		lmb_err("--seed shuffles the sizes and --sweep-order given keeps them in order; drop one of them");
		return -1;
	}
	if (!s->nr) {
		s->bytes[0] = cfg->bytes;
		s->nr = 1;
		s->given_order = true;
	} else if (!seed_given) {
		s->seed = now_ns() ^ ((uint64_t)getpid() << 32);
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_config cfg = {
		.repeats = 10, .warmup = 2, .events = "default",
		.outdir = "results", .label = "run", .cpu = -1, .verify = true,
		.bytes = 64UL << 20,
	};
	struct cli_parser parser;
	bool size_given = false, order_given = false, seed_given = false;
	unsigned long n;
	int c;

	if (cli_parser_init(&parser, &cli_run_cmd))
		return LMB_EXIT_FAIL;
	run_scale_defaults(&cfg);
	if (parse_workloads("all", &cfg) || parse_page_modes("4k", &cfg))
		return LMB_EXIT_USAGE;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, parser.shortopts,
				parser.longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (parse_workloads(optarg, &cfg))
				return LMB_EXIT_USAGE;
			break;
		case 's':
			if (parse_size(optarg, "--size", &cfg.bytes))
				return LMB_EXIT_USAGE;
			size_given = true;
			break;
		case OPT_SWEEP_SIZE:
			if (size_sweep_parse(optarg, &cfg.sweep))
				return LMB_EXIT_USAGE;
			break;
		case OPT_SWEEP_ORDER:
			if (size_sweep_parse_order(optarg, &cfg.sweep))
				return LMB_EXIT_USAGE;
			order_given = true;
			break;
		case OPT_SEED:
			if (parse_count(optarg, "--seed", 1, &n))
				return LMB_EXIT_USAGE;
			cfg.sweep.seed = n;
			seed_given = true;
			break;
		case OPT_LAYOUT_SEED:
			if (parse_count(optarg, "--layout-seed", 1,
					&cfg.layout_seed))
				return LMB_EXIT_USAGE;
			cfg.layout_seed_given = true;
			break;
		case 'r':
			if (parse_count(optarg, "--repeats", 0, &cfg.repeats))
				return LMB_EXIT_USAGE;
			break;
		case 'W':
			if (parse_count(optarg, "--warmup", 1, &cfg.warmup))
				return LMB_EXIT_USAGE;
			break;
		case 'p':
			if (parse_page_modes(optarg, &cfg))
				return LMB_EXIT_USAGE;
			break;
		case 'e':
			if (list_check("--events", optarg))
				return LMB_EXIT_USAGE;
			cfg.events = optarg;
			break;
		case 'o':
			cfg.output = optarg;
			break;
		case 'O':
			cfg.outdir = optarg;
			break;
		case 'l':
			if (cli_check_label(optarg))
				return LMB_EXIT_USAGE;
			cfg.label = optarg;
			break;
		case 'P':
			if (apply_profile(optarg, &cfg))
				return LMB_EXIT_USAGE;
			break;
		case 'c':
			if (parse_count(optarg, "--cpu", 1, &n))
				return LMB_EXIT_USAGE;
			cfg.cpu = (int)n;
			break;
		case 'V':
			cfg.verify = false;
			break;
		case 'M':
			counters_allow_multiplex_all();
			break;
		case 'h':
			cli_usage(stdout, &cli_run_cmd);
			return LMB_EXIT_OK;
		case OPT_THREADS:
		case OPT_PROCS:
		case OPT_SWEEP_THREADS:
		case OPT_SWEEP_PROCS:
		case OPT_PLACEMENT:
		case OPT_OVERSUBSCRIBE:
		case OPT_CHUNK:
		case OPT_URING_BATCH:
			if (run_scale_option(c, optarg, &cfg))
				return LMB_EXIT_USAGE;
			break;
		default:
			cli_getopt_error(&cli_run_cmd, c, argv);
			return LMB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		lmb_err("unexpected argument '%s'; see `lazymmu-bench run --help`",
			argv[optind]);
		return LMB_EXIT_USAGE;
	}
	if (finish_sizes(&cfg, size_given, order_given, seed_given) ||
	    run_scale_check(&cfg))
		return LMB_EXIT_USAGE;
	if (cfg.repeats < 10)
		lmb_warn("--repeats %lu: fewer than 10 samples are too few to compare kernels",
			 cfg.repeats);
	return harness_run(&cfg);
}

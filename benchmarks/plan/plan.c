// SPDX-License-Identifier: GPL-2.0
/*
 * `lazymmu-bench plan`: from an A/A data set (one kernel: several boots,
 * runs per boot, samples per run), each level's variance component per
 * storm and metric (plan/varcomp.h), the design that detects a target
 * change in the least time (plan/design.h), the smallest change a time
 * budget detects, and a calibration file for compare --calibration.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "array_size.h"
#include "calibration.h"
#include "compare/group_param.h"
#include "compare/groups.h"
#include "compare/key.h"
#include "compare/side.h"
#include "compare/table.h"
#include "exit_codes.h"
#include "list_check.h"
#include "log.h"
#include "units.h"
#include "plan/design.h"
#include "plan/plan.h"
#include "plan/varcomp.h"

struct plan_args {
	const char *metrics;
	double target, power, alpha, boot_cost, run_cost, budget;
	const char *write_cal;
	struct side_paths *sides;
	size_t nr_sides;
};

static const struct cli_opt plan_opts[] = {
	{ .name = "metrics", .key = 'm', .arg = "LIST",
	  .help = "metrics to plan for (default ns_per_page)" },
	{ .name = "target", .key = 't', .arg = "PCT",
	  .help = "the change to detect, in percent (default 2)" },
	{ .name = "power", .key = 'P', .arg = "PCT",
	  .help = "the chance to detect it, in percent (default 80)" },
	{ .name = "alpha", .key = 'a', .arg = "A",
	  .help = "compare's significance level (default 0.05)" },
	{ .name = "boot-cost", .key = 'B', .arg = "SEC",
	  .help = "seconds a reboot (and kernel switch) costs\n(default 60)" },
	{ .name = "run-cost", .key = 'R', .arg = "SEC",
	  .help = "seconds a run costs per storm besides its\n"
		  "samples (default: from the gaps between the\n"
		  "run_start of runs in one boot, else 1)" },
	{ .name = "budget", .key = 'b', .arg = "SEC",
	  .help = "also: the smallest change detectable in SEC\n"
		  "seconds (both kernels)" },
	{ .name = "write-calibration", .key = 'w', .arg = "FILE",
	  .help = "write the variance components for\n"
		  "compare --calibration FILE" },
	{ .name = "help", .key = 'h', .has_short = true, .help = "this text" },
};

const struct cli_cmd cli_plan_cmd = {
	.name = "plan",
	.intro = "usage: lazymmu-bench plan [options] A/A-DATA...\n"
		 "\n"
		 "Estimates, from result files of ONE kernel (files, directories of\n"
		 "*.csv, joined as one data set), how much each level varies per storm\n"
		 "and metric: layout seeds, boots, runs within a boot, samples within a\n"
		 "run (Kalibera & Jones' unbiased estimator, shown as % of the mean).\n"
		 "Then the boots, runs per boot and samples per run a kernel A/B needs\n"
		 "to detect --target with --power in the least time, given what a\n"
		 "sample, a run and a boot cost.  The boot level needs data from\n"
		 "several boots; the run level several runs.\n"
		 "\n"
		 "options:\n",
	.outro = "\n"
		 "Exit status: 0 ok, 2 bad usage or input (also: data with one run).\n"
		 "How to read the output: docs/compare.md, \"Planning\"\n",
	.opts = plan_opts,
	.nr_opts = ARRAY_SIZE(plan_opts),
};

static int parse_args(int argc, char **argv, struct plan_args *a)
{
	struct cli_parser parser;
	double pct;
	int c;

	if (cli_parser_init(&parser, &cli_plan_cmd))
		return -1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, parser.shortopts, parser.longopts,
				NULL)) != -1) {
		switch (c) {
		case 'm':
			if (list_check("--metrics", optarg))
				return -1;
			a->metrics = optarg;
			break;
		case 't':
			if (parse_number(optarg, "--target", 0.01, 100, &pct))
				return -1;
			a->target = pct / 100;
			break;
		case 'P':
			if (parse_number(optarg, "--power", 50, 99.9, &pct))
				return -1;
			a->power = pct / 100;
			break;
		case 'a':
			if (parse_number(optarg, "--alpha", 1e-6, 0.499, &a->alpha))
				return -1;
			break;
		case 'B':
			if (parse_number(optarg, "--boot-cost", 0, 1e7, &a->boot_cost))
				return -1;
			break;
		case 'R':
			if (parse_number(optarg, "--run-cost", 0, 1e7, &a->run_cost))
				return -1;
			break;
		case 'b':
			if (parse_number(optarg, "--budget", 1, 1e9, &a->budget))
				return -1;
			break;
		case 'w':
			a->write_cal = optarg;
			break;
		case 'h':
			cli_usage(stdout, &cli_plan_cmd);
			return 1;
		default:
			cli_getopt_error(&cli_plan_cmd, c, argv);
			return -1;
		}
	}
	if (optind >= argc) {
		lmb_err("plan needs result files of one kernel (an A/A data set): lazymmu-bench plan DIR or plan a.csv b.csv ...");
		return -1;
	}
	return side_parse(argv + optind, (size_t)(argc - optind), &a->sides,
			  &a->nr_sides);
}

/* Every side's paths as one side: the A/A data set. */
static int one_side(struct plan_args *a, struct side_paths *all)
{
	size_t i, j, len = 1;

	memset(all, 0, sizeof(*all));
	for (i = 0; i < a->nr_sides; i++)
		len += strlen(a->sides[i].name) + 1;
	all->name = calloc(1, len);
	if (!all->name)
		return -1;
	for (i = 0; i < a->nr_sides; i++) {
		strcat(strcat(all->name, i ? " " : ""), a->sides[i].name);
		for (j = 0; j < a->sides[i].n; j++) {
			char **p = realloc(all->path, (all->n + 1) * sizeof(*p));

			if (!p)
				return -1;
			all->path = p;
			all->path[all->n] = strdup(a->sides[i].path[j]);
			if (!all->path[all->n])
				return -1;
			all->n++;
		}
	}
	return 0;
}

/* "2026-12-07T00:01:02.123456Z" in seconds; NAN when not that. */
static double iso_seconds(const char *s)
{
	struct tm tm;
	double sec;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%dT%d:%d:%lf%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &sec, &n) != 6 || s[n] != 'Z')
		return NAN;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + sec;
}

static int cmp_dbl(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/*
 * Median gap between the starts of consecutive runs of one boot, in
 * seconds: what a whole run of every storm costs.  NAN when unknown.
 */
static double run_gap(const struct cmp_data *d, size_t m)
{
	const struct cmp_pool *runs = &d->sides[0].pool[LVL_ID(LVL_RUN)];
	double *t = calloc(runs->n + 1, sizeof(*t)), *gap, med = NAN;
	unsigned int *boot = calloc(runs->n + 1, sizeof(*boot));
	size_t g, i, j, k = 0;

	gap = calloc(runs->n + 1, sizeof(*gap));
	if (!t || !boot || !gap)
		goto out;
	for (g = 0; g < d->nr_groups; g++) {
		const struct cmp_values *v = cmp_vals(d, &d->groups[g], 0, m);

		for (i = 0; i < v->n; i++)
			boot[cmp_value_id(v, i, LVL_RUN)] = cmp_value_id(v, i, LVL_BOOT);
	}
	for (i = 0; i < runs->n; i++)
		t[i] = iso_seconds(runs->time[i]);
	/* the next run of the same boot after run i */
	for (i = 0; i < runs->n; i++) {
		double next = INFINITY;

		for (j = 0; j < runs->n; j++)
			if (boot[j] == boot[i] && t[j] > t[i] && t[j] < next)
				next = t[j];
		if (isfinite(t[i]) && isfinite(next))
			gap[k++] = next - t[i];
	}
	if (k) {
		qsort(gap, k, sizeof(*gap), cmp_dbl);
		med = gap[k / 2];
	}
out:
	free(t);
	free(boot);
	free(gap);
	return med;
}

/* The levels present on the side, bottom up, and each value's ids. */
struct plan_levels {
	enum cmp_level lvl[VARCOMP_MAX_LEVELS];
	size_t n;
	enum cmp_level merged;	/* a level folded into the one above, or LVL_SAMPLE */
};

static size_t units_of(const struct cmp_data *d, enum cmp_level l)
{
	return d->sides[0].pool[LVL_ID(l)].n;
}

/*
 * Sample, run, then boot and seed when known.  A level with as many units
 * as the level above (one run per boot: each boot is one run) cannot be
 * told apart from it: it is folded into the level above, whose component
 * then holds both.
 */
static void levels_of(const struct cmp_data *d, struct plan_levels *pl)
{
	const struct cmp_side *s = &d->sides[0];
	bool boot = s->boot_known, seed = s->seed_present && units_of(d, LVL_SEED) > 1;

	pl->n = 0;
	pl->merged = LVL_SAMPLE;
	pl->lvl[pl->n++] = LVL_SAMPLE;
	if (boot && units_of(d, LVL_BOOT) > 1 &&
	    units_of(d, LVL_RUN) == units_of(d, LVL_BOOT))
		pl->merged = LVL_RUN;
	else
		pl->lvl[pl->n++] = LVL_RUN;
	if (boot && seed && units_of(d, LVL_SEED) == units_of(d, LVL_BOOT) &&
	    pl->merged == LVL_SAMPLE)
		pl->merged = LVL_BOOT;
	else if (boot)
		pl->lvl[pl->n++] = LVL_BOOT;
	if (seed)
		pl->lvl[pl->n++] = LVL_SEED;
}

/* The variance components of group @g, metric @m. */
static int estimate(const struct cmp_data *d, size_t g, size_t m,
		    const struct plan_levels *pl, struct varcomp *vc)
{
	const struct cmp_values *v = cmp_vals(d, &d->groups[g], 0, m);
	size_t k = pl->n - 1, i, j;
	unsigned int *ids = calloc(v->n * k + 1, sizeof(*ids));
	int ret;

	if (!ids)
		return -1;
	for (i = 0; i < v->n; i++)
		for (j = 0; j < k; j++)
			ids[i * k + j] = cmp_value_id(v, i, pl->lvl[j + 1]);
	ret = varcomp_estimate(v->v, v->n, ids, pl->n, vc);
	free(ids);
	return ret;
}

static double rel(const struct varcomp *vc, size_t j)
{
	return vc->mean > 0 ? vc->var[j] / (vc->mean * vc->mean) : NAN;
}

static const char *pct_sd(char *buf, size_t cap, double rv)
{
	if (isnan(rv))
		snprintf(buf, cap, "n/a");
	else
		snprintf(buf, cap, "%.2f%%", 100 * sqrt(rv));
	return buf;
}

static const char *secs(char *buf, size_t cap, double s)
{
	if (s >= 3600)
		snprintf(buf, cap, "%.1f h", s / 3600);
	else if (s >= 60)
		snprintf(buf, cap, "%.1f min", s / 60);
	else
		snprintf(buf, cap, "%.3g s", s);
	return buf;
}

/* Index of level @l in @pl, or -1. */
static int at(const struct plan_levels *pl, enum cmp_level l)
{
	size_t j;

	for (j = 0; j < pl->n; j++)
		if (pl->lvl[j] == l)
			return (int)j;
	return -1;
}

struct plan_ctx {
	const struct plan_args *a;
	const struct cmp_data *d;
	struct plan_levels pl;
	double gap;		/* median seconds between run starts, NAN */
	size_t ns_metric;	/* index of ns_per_page */
	bool plan_ns;		/* ... and it is planned for (not only its costs) */
	struct calibration cal;
	bool boot_unknown;	/* some storm's boot level is not estimable */
	bool unreached;		/* some storm has no design within the limits */
	size_t worst_b, worst_r, worst_s;
};

static int add_cal(struct plan_ctx *c, size_t g, size_t m,
		   const struct varcomp *vc)
{
	const struct cmp_data *d = c->d;
	const struct cmp_group *grp = &d->groups[g];
	size_t pm = cmp_param_index(d, "page_mode"), sz = cmp_param_index(d, "size_bytes");
	size_t th = cmp_param_index(d, "threads"), j;
	double size, threads;

	if (pm >= d->nr_params || sz >= d->nr_params || th >= d->nr_params ||
	    !csv_parse_number(grp->params[sz], &size) ||
	    !csv_parse_number(grp->params[th], &threads))
		return 0;
	for (j = 0; j < c->pl.n; j++) {
		struct calib_entry e = {
			.workload = grp->workload, .page_mode = grp->params[pm],
			.size_bytes = (unsigned long long)size,
			.threads = (unsigned int)threads,
			.metric = d->metrics[m].name,
			.level = (char *)cmp_level_name(c->pl.lvl[j]),
			.rel_var = rel(vc, j), .units = vc->units[j],
		};

		if (isnan(e.rel_var))
			continue;
		if (calib_add(&c->cal, &e))
			return -1;
	}
	return 0;
}

/* One storm and metric: the components' row and the design rows. */
static int plan_one(struct plan_ctx *c, size_t g, size_t m,
		    struct cmp_table *tv, struct cmp_table *td)
{
	const struct cmp_data *d = c->d;
	const struct cmp_group *grp = &d->groups[g];
	const struct cmp_values *ns = cmp_vals(d, grp, 0, c->ns_metric);
	size_t k = cmp_key_columns(d), j, row, runs, col;
	int jb = at(&c->pl, LVL_BOOT), jr = at(&c->pl, LVL_RUN), js = at(&c->pl, LVL_SAMPLE);
	int jt = jb >= 0 ? jb : at(&c->pl, LVL_SEED);
	struct plan_model pm = { .alpha = c->a->alpha, .power = c->a->power };
	struct plan_design pd;
	struct varcomp vc;
	double mean_ns = 0;
	char buf[64];

	if (!cmp_vals(d, grp, 0, m)->n)
		return 0;
	if (estimate(d, g, m, &c->pl, &vc))
		return -1;
	if (c->a->write_cal && add_cal(c, g, m, &vc))
		return -1;
	row = table_add_row(tv);
	cmp_key_cells(tv, row, d, g);
	table_set(tv, row, k, "%s", d->metrics[m].name);
	table_set(tv, row, k + 1, "%.4g", vc.mean);
	for (j = c->pl.n, col = k + 2; j-- > 0; col++)
		table_set(tv, row, col, "%s", pct_sd(buf, sizeof(buf), rel(&vc, j)));
	for (j = c->pl.n; j-- > 0; )
		table_set(tv, row, col++, "%zu", vc.units[j]);

	for (j = 0; j < ns->n; j++)
		mean_ns += ns->v[j];
	mean_ns = ns->n ? mean_ns / (double)ns->n * grp->pages[0] : NAN;
	pm.sample = rel(&vc, (size_t)js);
	/* a folded level's variance is in the one above it */
	pm.run = jr >= 0 ? rel(&vc, (size_t)jr) : 0;
	pm.boot = jt >= 0 ? rel(&vc, (size_t)jt) : NAN;
	if (isnan(pm.boot)) {
		c->boot_unknown = true;
		pm.boot = 0;
	}
	if (isnan(pm.run))
		pm.run = 0;
	pm.c_sample = isnan(mean_ns) ? 0 : mean_ns * 1e-9;
	runs = units_of(d, LVL_RUN);
	pm.c_run = c->a->run_cost;
	if (pm.c_run < 0) {
		double per = (double)ns->n / (double)(runs ? runs : 1);

		pm.c_run = isnan(c->gap) ? 1 :
			   fmax(0, c->gap / (double)d->nr_groups - per * pm.c_sample);
	}
	pm.c_boot = c->a->boot_cost;
	row = table_add_row(td);
	cmp_key_cells(td, row, d, g);
	table_set(td, row, k, "%s", d->metrics[m].name);
	table_set(td, row, k + 1, "%s", secs(buf, sizeof(buf), pm.c_sample));
	table_set(td, row, k + 2, "%s", secs(buf, sizeof(buf), pm.c_run));
	if (isnan(pm.sample) || !plan_for_target(&pm, c->a->target, &pd)) {
		table_set(td, row, k + 3, "not within %d boots x %d runs x %d",
			  PLAN_MAX_BOOTS, PLAN_MAX_RUNS, PLAN_MAX_SAMPLES);
		c->unreached = true;
	} else {
		table_set(td, row, k + 3, "%zu", pd.boots);
		table_set(td, row, k + 4, "%zu", pd.runs);
		table_set(td, row, k + 5, "%zu", pd.samples);
		table_set(td, row, k + 6, "%s", secs(buf, sizeof(buf), pd.seconds));
		table_set(td, row, k + 7, "%.2f%%", 100 * pd.detect);
		if (pd.boots > c->worst_b)
			c->worst_b = pd.boots;
		if (pd.runs > c->worst_r)
			c->worst_r = pd.runs;
		if (pd.samples > c->worst_s)
			c->worst_s = pd.samples;
	}
	if (c->a->budget > 0) {
		if (plan_for_budget(&pm, c->a->budget, &pd))
			table_set(td, row, k + 8, "%.2f%% (%zu x %zu x %zu)",
				  100 * pd.detect, pd.boots, pd.runs, pd.samples);
		else
			table_set(td, row, k + 8, "none fits");
	}
	return 0;
}

static void heads(struct plan_ctx *c, struct cmp_table *tv, struct cmp_table *td)
{
	size_t k = cmp_key_columns(c->d), j, col;
	char name[64];

	cmp_key_heads(tv, c->d);
	table_head(tv, k, "metric", false);
	table_head(tv, k + 1, "mean", true);
	for (j = c->pl.n, col = k + 2; j-- > 0; col++) {
		snprintf(name, sizeof(name), "%s sd", cmp_level_name(c->pl.lvl[j]));
		table_head(tv, col, name, true);
	}
	for (j = c->pl.n; j-- > 0; )
		table_head(tv, col++, cmp_level_plural(c->pl.lvl[j]), true);
	cmp_key_heads(td, c->d);
	table_head(td, k, "metric", false);
	table_head(td, k + 1, "sample", true);
	table_head(td, k + 2, "run", true);
	table_head(td, k + 3, "boots", true);
	table_head(td, k + 4, "runs/boot", true);
	table_head(td, k + 5, "samples/run", true);
	table_head(td, k + 6, "time", true);
	table_head(td, k + 7, "detects", true);
	table_head(td, k + 8, c->a->budget > 0 ? "in budget" : "", true);
}

static int write_cal(struct plan_ctx *c, const struct side_paths *all)
{
	char iso[32];
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;
	int ret;

	gmtime_r(&now, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	c->cal.host = strdup(meta_get(&c->d->files[0]->meta, "host") ?
			     meta_get(&c->d->files[0]->meta, "host") : "");
	c->cal.created = strdup(iso);
	c->cal.source = strdup(all->name);
	f = fopen(c->a->write_cal, "w");
	if (!f) {
		lmb_err("cannot write calibration file %s: %s", c->a->write_cal,
			strerror(errno));
		return -1;
	}
	ret = calib_write(f, &c->cal);
	if (fclose(f) || ret) {
		lmb_err("writing %s failed: %s", c->a->write_cal, strerror(errno));
		return -1;
	}
	printf("\nwrote %s: %zu variance components (compare --calibration %s)\n",
	       c->a->write_cal, c->cal.n, c->a->write_cal);
	return 0;
}

static int report(struct plan_ctx *c, const struct side_paths *all)
{
	const struct cmp_data *d = c->d;
	const struct cmp_side *s = &d->sides[0];
	struct cmp_table tv, td;
	size_t g, m, k = cmp_key_columns(d);
	int ret = -1;

	if (table_init(&tv, k + 2 + 2 * c->pl.n) || table_init(&td, k + 9))
		return -1;
	heads(c, &tv, &td);
	for (g = 0; g < d->nr_groups; g++)
		for (m = 0; m < d->nr_metrics; m++)
			if ((m != c->ns_metric || c->plan_ns) &&
			    plan_one(c, g, m, &tv, &td))
				goto out;
	printf("lazymmu-bench plan: %s\n", all->name);
	printf("  %zu runs in %s", s->pool[LVL_ID(LVL_RUN)].n,
	       s->boot_known ? "" : "unknown boots (no boot_id)");
	if (s->boot_known)
		printf("%zu boot%s", s->pool[LVL_ID(LVL_BOOT)].n,
		       s->pool[LVL_ID(LVL_BOOT)].n == 1 ? "" : "s");
	if (s->seed_present)
		printf(", %zu layout seeds", s->pool[LVL_ID(LVL_SEED)].n);
	printf("; target %.3g%% at %.3g%% power, alpha %g\n\n",
	       100 * c->a->target, 100 * c->a->power, c->a->alpha);
	printf("Variance components (Kalibera & Jones, unbiased, truncated at 0), as a standard deviation in %% of the mean:\n\n");
	if (table_print(&tv, stdout, false))
		goto out;
	printf("\nLeast-time design per side (a kernel A/B runs it for both kernels, interleaved), costs per storm:\n\n");
	if (table_print(&td, stdout, false))
		goto out;
	printf("\nsample: mean wall time of one sample's timed step; run: what a run costs per storm besides its samples (%s); a boot costs %.3g s (--boot-cost).\n",
	       c->a->run_cost >= 0 ? "--run-cost" : isnan(c->gap) ?
	       "1 s: no run_start gaps in the data, --run-cost sets it" :
	       "from the gaps between run starts", c->a->boot_cost);
	printf("detects: the smallest change compare finds with %.3g%% power at these counts (t test on the boots, 2(b-1) df).\n",
	       100 * c->a->power);
	if (c->worst_b)
		printf("All storms: %zu boots per kernel, %zu runs per boot, %zu samples per run (run --repeats) cover every storm above that has a design%s.\n",
		       c->worst_b, c->worst_r, c->worst_s,
		       c->unreached ? "; the others cannot reach the target within the limits: aim for a larger change (--target) or a quieter machine" : "");
	else
		printf("No storm reaches the target within the limits: aim for a larger change (--target), or quiet the machine.\n");
	if (c->pl.merged != LVL_SAMPLE)
		printf("Note: one %s per %s in the data: %s-to-%s and %s-to-%s variation cannot be told apart; the %s component holds both, and the designs count it per %s.\n",
		       cmp_level_name(c->pl.merged), cmp_level_name((enum cmp_level)(c->pl.merged + 1)),
		       cmp_level_name(c->pl.merged), cmp_level_name(c->pl.merged),
		       cmp_level_name((enum cmp_level)(c->pl.merged + 1)),
		       cmp_level_name((enum cmp_level)(c->pl.merged + 1)),
		       cmp_level_name((enum cmp_level)(c->pl.merged + 1)),
		       cmp_level_name((enum cmp_level)(c->pl.merged + 1)));
	if (c->boot_unknown)
		printf("WARNING: the boot-to-boot variance is unknown (%s): the designs assume it is 0, which is optimistic; a kernel A/B always crosses boots: collect an A/A over several boots.\n",
		       s->boot_known ? "the data holds one boot" : "no boot_id in the data");
	ret = c->a->write_cal ? write_cal(c, all) : 0;
out:
	table_free(&tv);
	table_free(&td);
	return ret;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_args a = { .target = 0.02, .power = 0.8, .alpha = 0.05,
			       .boot_cost = 60, .run_cost = -1 };
	struct side_paths all = { 0 };
	struct plan_ctx c = { .a = &a };
	struct csv_table *t = NULL;
	struct cmp_data d = { 0 };
	char only[1024];
	int ret = LMB_EXIT_USAGE;

	switch (parse_args(argc, argv, &a)) {
	case 1:
		ret = LMB_EXIT_OK;
		goto out;
	case -1:
		goto out;
	}
	if (one_side(&a, &all)) {
		lmb_err("out of memory");
		goto out;
	}
	t = side_load(&all);
	if (!t)
		goto out;
	snprintf(only, sizeof(only), "%s%s", a.metrics ? a.metrics : "ns_per_page",
		 a.metrics && !list_has(a.metrics, "ns_per_page") ? ",ns_per_page" : "");
	if (cmp_data_build(&d, &t, 1, only))
		goto out;
	c.d = &d;
	c.ns_metric = cmp_primary_metric(&d);
	c.plan_ns = !a.metrics || list_has(a.metrics, "ns_per_page");
	levels_of(&d, &c.pl);
	if (d.sides[0].pool[LVL_ID(LVL_RUN)].n < 2) {
		lmb_err("%s holds %zu run: plan needs several runs of one kernel (better: several runs in each of several boots) to tell the levels apart; e.g. run --repeats 10 four times, rebooting between",
			all.name, d.sides[0].pool[LVL_ID(LVL_RUN)].n);
		goto out;
	}
	c.gap = run_gap(&d, c.ns_metric);
	ret = report(&c, &all) ? LMB_EXIT_USAGE : LMB_EXIT_OK;
out:
	calib_free(&c.cal);
	cmp_data_free(&d);
	csv_table_free(t);
	side_paths_free(a.sides, a.nr_sides);
	free(all.name);
	for (size_t i = 0; i < all.n; i++)
		free(all.path[i]);
	free(all.path);
	return ret;
}

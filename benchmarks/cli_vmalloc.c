// SPDX-License-Identifier: GPL-2.0
/*
 * `lazymmu-bench vmalloc`: the kernel-mapping storm of lib/test_vmalloc.
 * Loads the module --runs times (or reads the boot results of a built-in
 * test, or a saved log) and writes one CSV row per test, worker and run:
 * workload "vmalloc.<test>", ns = the test's average time of one
 * repetition, pages = loops (x nr_pages for fix_size_alloc_test), so
 * ns_per_page is the cost of one vmalloc+vfree (per page).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "array_size.h"
#include "cli.h"
#include "cli_opts.h"
#include "csv.h"
#include "exit_codes.h"
#include "log.h"
#include "meta.h"
#include "stats.h"
#include "units.h"
#include "vmalloc_test.h"
#include "workload.h"

struct vm_opts {
	struct vt_params p;
	unsigned long runs;
	const char *from_log, *output, *outdir, *label;
	char log_kernel[256], log_cmdline[1024];	/* from --from-log */
};

static const struct cli_opt vmalloc_opts[] = {
	{ .name = "tests", .key = 't', .has_short = true, .arg = "LIST",
	  .help = "test names or bit numbers (default: fix_size_alloc_test,\n"
		  "full_fit_alloc_test,long_busy_list_alloc_test; 'list')" },
	{ .name = "threads", .key = 'T', .arg = "N",
	  .help = "nr_threads: kernel worker threads (default 1)" },
	{ .name = "loops", .key = 'L', .arg = "N",
	  .help = "test_loop_count (default 500000)" },
	{ .name = "repeat", .key = 'R', .arg = "N",
	  .help = "test_repeat_count (default 1)" },
	{ .name = "nr-pages", .key = 'N', .arg = "N",
	  .help = "nr_pages of fix_size_alloc_test (default: module's, 1)" },
	{ .name = "sequential", .key = 'S',
	  .help = "sequential_test_order=1" },
	{ .name = "runs", .key = 'r', .arg = "N",
	  .help = "module loads = samples (default 10)" },
	{ .name = "from-log", .key = 'F', .arg = "FILE",
	  .help = "parse a saved kernel log (dmesg of a QEMU guest) instead" },
	{ .name = "output", .key = 'o', .has_short = true, .arg = "FILE",
	  .help = "result file (never overwritten)" },
	{ .name = "outdir", .key = 'O', .arg = "DIR",
	  .help = "folder for the default file name (default results)" },
	{ .name = "label", .key = 'l', .has_short = true, .arg = "TEXT",
	  .help = "what this kernel is (default vmalloc)" },
	{ .name = "help", .key = 'h', .has_short = true,
	  .help = "this text" },
};

const struct cli_cmd cli_vmalloc_cmd = {
	.name = "vmalloc",
	.intro = "usage: lazymmu-bench vmalloc [options]\n"
		 "\n"
		 "Kernel-mapping storm: run the kernel's test_vmalloc (lib/test_vmalloc.c) and\n"
		 "write its per-test timings as CSV rows (workload vmalloc.<test>).\n"
		 "CONFIG_TEST_VMALLOC=m: the module is loaded --runs times (root).\n"
		 "CONFIG_TEST_VMALLOC=y: the results it printed at boot are read.\n"
		 "\n",
	.outro = "\n"
		 "Exit status: 0 done, 1 a test failed, 2 bad option, 4 skipped (no test_vmalloc\n"
		 "here, or not root; the reason is printed).\n",
	.opts = vmalloc_opts,
	.nr_opts = ARRAY_SIZE(vmalloc_opts),
};

static int parse_tests(const char *list, unsigned long *mask)
{
	char *copy = strdup(list), *tok, *save = NULL;
	int ret = 0;

	if (!copy)
		return -1;
	*mask = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned int b;
		char *end;
		unsigned long v = strtoul(tok, &end, 10);

		if (end != tok && !*end && v < VT_NR_TESTS) {
			*mask |= 1UL << v;
			continue;
		}
		for (b = 0; b < VT_NR_TESTS; b++)
			if (!strcmp(tok, vt_test_name(b)))
				break;
		if (b == VT_NR_TESTS) {
			lmb_err("--tests: '%s' is not a test_vmalloc test; `lazymmu-bench vmalloc --tests list` shows them",
				tok);
			ret = -1;
		}
		*mask |= 1UL << b;
	}
	free(copy);
	if (!ret && !*mask) {
		lmb_err("--tests '%s' names no test", list);
		ret = -1;
	}
	return ret;
}

static void list_tests(void)
{
	unsigned int b;

	for (b = 0; b < VT_NR_TESTS; b++)
		printf("%2u  %s\n", b, vt_test_name(b));
}

static int parse_opts(int argc, char **argv, struct vm_opts *o)
{
	struct cli_parser parser;
	unsigned long v;
	int c;

	if (cli_parser_init(&parser, &cli_vmalloc_cmd))
		return -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, parser.shortopts,
				parser.longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!strcmp(optarg, "list")) {
				list_tests();
				return 1;
			}
			if (parse_tests(optarg, &o->p.run_test_mask))
				return -1;
			break;
		case 'T':
		case 'R':
		case 'N':
			if (parse_count(optarg, c == 'T' ? "--threads" : c == 'R' ?
					"--repeat" : "--nr-pages", 0, &v))
				return -1;
			if (v > 65535) {
				lmb_err("%s %lu: at most 65535", argv[optind - 1], v);
				return -1;
			}
			if (c == 'T')
				o->p.nr_threads = (unsigned int)v;
			else if (c == 'R')
				o->p.test_repeat_count = (unsigned int)v;
			else
				o->p.nr_pages = (unsigned int)v;
			break;
		case 'L':
			if (parse_count(optarg, "--loops", 0, &o->p.test_loop_count))
				return -1;
			if (o->p.test_loop_count > 2147483647UL) {
				lmb_err("--loops %lu: the module takes an int", o->p.test_loop_count);
				return -1;
			}
			break;
		case 'S':
			o->p.sequential = true;
			break;
		case 'r':
			if (parse_count(optarg, "--runs", 0, &o->runs))
				return -1;
			break;
		case 'F':
			o->from_log = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'O':
			o->outdir = optarg;
			break;
		case 'l':
			o->label = optarg;
			break;
		case 'h':
			cli_usage(stdout, &cli_vmalloc_cmd);
			return 1;
		default:
			cli_getopt_error(&cli_vmalloc_cmd, c, argv);
			return -1;
		}
	}
	if (optind < argc) {
		lmb_err("unexpected argument '%s'; see `lazymmu-bench vmalloc --help`",
			argv[optind]);
		return -1;
	}
	return 0;
}

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		lmb_err("cannot open the kernel log %s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Apply one "test_vmalloc.<name>=<value>" parameter to @p. */
static void apply_param(struct vt_params *p, const char *name, const char *value)
{
	unsigned long v = strtoul(value, NULL, 0);

	if (!strcmp(name, "run_test_mask"))
		p->run_test_mask = v;
	else if (!strcmp(name, "nr_threads"))
		p->nr_threads = (unsigned int)v;
	else if (!strcmp(name, "test_loop_count"))
		p->test_loop_count = v;
	else if (!strcmp(name, "test_repeat_count"))
		p->test_repeat_count = (unsigned int)v;
	else if (!strcmp(name, "nr_pages"))
		p->nr_pages = (unsigned int)v;
	else if (!strcmp(name, "sequential_test_order"))
		p->sequential = v || !strcmp(value, "Y");
}

/* The kernel and the test_vmalloc.* parameters a saved log booted with. */
static void log_params(struct vm_opts *o, const char *text)
{
	const char *k = strstr(text, "Linux version ");
	const char *c = strstr(text, "Kernel command line: ");
	char *copy, *tok, *save = NULL;

	if (k)
		snprintf(o->log_kernel, sizeof(o->log_kernel), "%.*s",
			 (int)strcspn(k + 14, "\n"), k + 14);
	if (!c)
		return;
	c += strlen("Kernel command line: ");
	snprintf(o->log_cmdline, sizeof(o->log_cmdline), "%.*s",
		 (int)strcspn(c, "\n"), c);
	copy = strdup(o->log_cmdline);
	if (!copy)
		return;
	/* a built-in test without parameters ran with the module's defaults */
	o->p = (struct vt_params){ .run_test_mask = 7, .nr_threads = 1,
				   .test_loop_count = 1000000, .test_repeat_count = 1 };
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (strncmp(tok, "test_vmalloc.", 13) || !eq)
			continue;
		*eq = '\0';
		apply_param(&o->p, tok + 13, eq + 1);
	}
	free(copy);
}

/* The parameters of a built-in test, from /sys/module/test_vmalloc. */
static void builtin_params(struct vt_params *p)
{
	static const char *const names[] = {
		"run_test_mask", "nr_threads", "test_loop_count",
		"test_repeat_count", "nr_pages", "sequential_test_order",
	};
	char path[256], buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/module/test_vmalloc/parameters/%s",
			 names[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f))
			apply_param(p, names[i], buf);
		fclose(f);
	}
}

/* Collect results: @runs[i] is the index in @res where run i starts. */
static int collect(struct vm_opts *o, struct vt_results *res, size_t *runs,
		   size_t *nr_runs, const char **source)
{
	enum vt_where where;
	char why[512], *text;
	unsigned long i;
	int ret;

	*nr_runs = 0;
	if (o->from_log) {
		text = read_whole(o->from_log);
		if (!text)
			return -1;
		runs[(*nr_runs)++] = 0;
		ret = vt_parse_text(res, text);
		log_params(o, text);
		free(text);
		*source = "log";
		if (ret > 0)
			return 0;
		lmb_err("%s holds no test_vmalloc Summary line", o->from_log);
		return -1;
	}
	where = vt_locate(why, sizeof(why));
	if (where == VT_ABSENT) {
		lmb_warn("vmalloc: skipped: %s", why);
		return WL_SKIP;
	}
	if (where == VT_BUILTIN) {
		*source = "built-in (boot log)";
		runs[(*nr_runs)++] = 0;
		builtin_params(&o->p);
		if (o->runs > 1)
			lmb_warn("vmalloc: test_vmalloc is built in: it ran once at boot, so --runs %lu gives 1 sample per test",
				 o->runs);
		return vt_read_boot(res);
	}
	*source = "module";
	for (i = 0; i < o->runs; i++) {
		runs[(*nr_runs)++] = res->n;
		lmb_progress("vmalloc: load %lu/%lu", i + 1, o->runs);
		ret = vt_run_module(&o->p, res);
		if (ret)
			return ret;
	}
	lmb_progress("%s", "");
	return 0;
}

static void record_meta(struct meta *m, const struct vm_opts *o, const char *source)
{
	char buf[64];

	meta_set(m, "workloads", "vmalloc");
	meta_set(m, "vmalloc_source", o->from_log ? o->from_log : source);
	snprintf(buf, sizeof(buf), "%lu", o->p.run_test_mask);
	meta_set(m, "vmalloc_run_test_mask", buf);
	snprintf(buf, sizeof(buf), "%u", o->p.nr_threads);
	meta_set(m, "vmalloc_nr_threads", buf);
	snprintf(buf, sizeof(buf), "%lu", o->p.test_loop_count);
	meta_set(m, "vmalloc_test_loop_count", buf);
	snprintf(buf, sizeof(buf), "%u", o->p.test_repeat_count);
	meta_set(m, "vmalloc_test_repeat_count", buf);
	snprintf(buf, sizeof(buf), "%u", o->p.nr_pages ? o->p.nr_pages : 1);
	meta_set(m, "vmalloc_nr_pages", buf);
	meta_set(m, "vmalloc_sequential", o->p.sequential ? "yes" : "no");
	if (!o->from_log)
		return;
	/* The rows are about the kernel of the log, not the one parsing it. */
	if (o->log_kernel[0]) {
		char release[128];

		snprintf(release, sizeof(release), "%.*s",
			 (int)strcspn(o->log_kernel, " "), o->log_kernel);
		meta_set(m, "kernel_release", release);
		meta_set(m, "kernel_version", o->log_kernel);
	} else {
		meta_set(m, "kernel_release", "unknown (no 'Linux version' line in the log)");
	}
	meta_set(m, "cmdline", o->log_cmdline[0] ? o->log_cmdline :
		 "unknown (no 'Kernel command line' in the log)");
	meta_set(m, "metadata_note", "vmalloc results parsed from a saved log: host, cpu and arch metadata describe the machine that parsed it");
}

static uint64_t result_pages(const struct vt_result *r, const struct vt_params *p)
{
	uint64_t per = !strcmp(r->test, "fix_size_alloc_test") && p->nr_pages ?
		       p->nr_pages : 1;

	return (uint64_t)r->loops * per;
}

static int write_rows(struct csv_out *csv, const struct vt_results *res,
		      const size_t *runs, size_t nr_runs, const struct vm_opts *o,
		      unsigned int *threads_out)
{
	size_t run, i;
	int failed = 0;

	for (run = 0; run < nr_runs; run++) {
		size_t end = run + 1 < nr_runs ? runs[run + 1] : res->n;
		unsigned int threads = 0;
		char name[64];

		for (i = runs[run]; i < end; i++)
			if (res->r[i].worker >= 0 && (unsigned int)res->r[i].worker + 1 > threads)
				threads = (unsigned int)res->r[i].worker + 1;
		*threads_out = threads;
		for (i = runs[run]; i < end; i++) {
			const struct vt_result *r = &res->r[i];
			struct sample_row row;

			memset(&row, 0, sizeof(row));
			snprintf(name, sizeof(name), "vmalloc.%s", r->test);
			row.workload = name;
			row.page_mode = "4k";
			row.pages = result_pages(r, &o->p);
			row.thp_kb = -1;
			row.threads = threads;
			row.worker = r->worker < 0 ? 0 : (unsigned int)r->worker;
			row.cpu = -1;
			row.phase = "sample";
			row.sample = (unsigned int)run;
			row.ns = r->avg_us * 1000ULL;
			row.rusage_sys_ns = row.rusage_user_ns = -1;
			if (csv_write_sample(csv, &row))
				return -1;
			if (r->failed) {
				lmb_err("vmalloc: %s failed %d of %d times in worker %d: the kernel's vmalloc misbehaves; see dmesg",
					r->test, r->failed, r->repeat, r->worker);
				failed = 1;
			}
		}
	}
	return failed;
}

static void print_summary(const struct vt_results *res, const struct vm_opts *o)
{
	double *v = calloc(res->n ? res->n : 1, sizeof(*v));
	size_t i, j, n;

	if (!v)
		return;
	printf("%-32s %4s %12s %14s %12s\n", "test", "n", "avg usec", "loops/s", "ns/page");
	for (i = 0; i < res->n; i++) {
		const struct vt_result *r = &res->r[i];
		bool seen = false;
		double med;

		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(res->r[j].test, r->test);
		if (seen)
			continue;
		for (j = i, n = 0; j < res->n; j++)
			if (!strcmp(res->r[j].test, r->test))
				v[n++] = (double)res->r[j].avg_us;
		med = stats_median(v, n);
		printf("%-32s %4zu %12.0f %14.0f %12.2f\n", r->test, n, med,
		       med > 0 ? r->loops * 1e6 / med : 0.0,
		       med * 1000.0 / (double)result_pages(r, &o->p));
	}
	printf("avg usec: median over workers and runs of the kernel's average time of one\n"
	       "repetition; loops/s: one worker's rate (each loop allocates and frees a\n"
	       "vmalloc area, mapping and unmapping kernel PTEs).\n");
	free(v);
}

static char *output_path(const struct vm_opts *o, const struct meta *m)
{
	const char *host = meta_get(m, "host");
	char stamp[32], *path = NULL;
	time_t now = time(NULL);
	struct tm tm;

	if (o->output)
		return strdup(o->output);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	mkdir(o->outdir, 0755);
	if (asprintf(&path, "%s/%s-%s-%s.csv", o->outdir, host ? host : "host",
		     o->label, stamp) < 0)
		return NULL;
	return path;
}

int cmd_vmalloc(int argc, char **argv)
{
	struct vm_opts o = {
		.p = { .run_test_mask = 7, .nr_threads = 1,
		       .test_loop_count = 500000, .test_repeat_count = 1 },
		.runs = 10, .outdir = "results", .label = "vmalloc",
	};
	struct vt_results res = { 0 };
	const char *source = "";
	struct csv_out *csv = NULL;
	struct meta m = { 0 };
	size_t *runs = NULL, nr_runs;
	unsigned int threads = 0;
	char *path = NULL;
	int ret;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret > 0 ? LMB_EXIT_OK : LMB_EXIT_USAGE;
	if (cli_check_label(o.label))
		return LMB_EXIT_USAGE;
	runs = calloc(o.runs + 1, sizeof(*runs));
	if (!runs)
		return LMB_EXIT_FAIL;
	ret = collect(&o, &res, runs, &nr_runs, &source);
	if (ret) {
		free(runs);
		vt_results_free(&res);
		return ret == WL_SKIP ? LMB_EXIT_SKIP : LMB_EXIT_FAIL;
	}
	ret = meta_collect(&m, o.label);
	if (ret) {
		ret = ret == -2 ? LMB_EXIT_USAGE : LMB_EXIT_FAIL;
		goto out;
	}
	ret = LMB_EXIT_FAIL;
	record_meta(&m, &o, source);
	path = output_path(&o, &m);
	csv = path ? csv_create(path, &m, NULL) : NULL;
	if (!csv)
		goto out;
	ret = write_rows(csv, &res, runs, nr_runs, &o, &threads);
	csv_close(csv, ret ? "failed: a test_vmalloc test failed" : "complete");
	print_summary(&res, &o);
	fprintf(stderr, "lazymmu-bench: %s: %zu results from %s (%u kernel thread%s)\n",
		path, res.n, source, threads, threads == 1 ? "" : "s");
	ret = ret ? LMB_EXIT_FAIL : LMB_EXIT_OK;
out:
	meta_free(&m);
	free(path);
	free(runs);
	vt_results_free(&res);
	return ret;
}

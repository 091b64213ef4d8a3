// SPDX-License-Identifier: GPL-2.0
/*
 * lmb-emu-funcs: which kernel functions a difference between two guest
 * runs (kernels A and B) comes from, from the plugin's function files
 * (docs/emulation.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "funcs_report.h"
#include "funcs_side.h"
#include "funcs_stats.h"
#include "tool_msg.h"

static const char usage_text[] =
"usage: lmb-emu-funcs [--phase sample|warmup|all] [--top N] [--by COUNTER]\n"
"                     [--csv FILE] A.csv A-FUNCS.csv B.csv B-FUNCS.csv\n"
"\n"
"Per workload, page mode and size: the median over the windows of each\n"
"kernel function's instructions, dsb, isb, dmb and tlbi per page in A and\n"
"B (suite CSV and the plugin's funcs= file of one guest run each; window i\n"
"is data row i), and the functions whose median differs most.\n"
"\n"
"  --phase P    windows of rows of phase sample (default), warmup, or all\n"
"  --top N      functions per group (default 10; 0: every one that differs)\n"
"  --by C       rank by insn (default), dsb, isb, dmb or tlbi\n"
"  --csv FILE   also write the rows as CSV (never overwrites a file)\n"
"  -h, --help   this text\n"
"\n"
"Refuses (exit 2) a side whose windows and rows do not pair up one to one,\n"
"an incomplete function file, or rows of several workers.\n";

static int parse_by(const char *s)
{
	int c;

	for (c = 0; c < FN_NR; c++)
		if (!strcmp(s, fn_counter_name[c]))
			return c;
	return -1;
}

static bool parse_top(const char *s, size_t *out)
{
	unsigned long long v;

	if (!parse_count(s, &v) || v > 1000000)
		return false;
	*out = (size_t)v;
	return true;
}

static FILE *create_csv(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	FILE *f;

	if (fd < 0) {
		emu_err("--csv: cannot create %s: %s%s", path, strerror(errno),
			errno == EEXIST ? "; it exists and is never overwritten: give another name" : "");
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		emu_err("--csv: cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
	}
	return f;
}

static int run(struct funcs_opts *o, const char *csv_path)
{
	struct funcs_side sides[2];
	struct fstats st;
	FILE *csv = NULL;
	int ret = EMU_EXIT_USAGE;

	if (funcs_side_read(&sides[0], o->files[0], o->files[1]))
		return EMU_EXIT_USAGE;
	if (funcs_side_read(&sides[1], o->files[2], o->files[3]))
		goto free_a;
	if (fstats_build(&st, sides, o->phase)) {
		emu_err("out of memory computing the medians");
		ret = EMU_EXIT_FAIL;
		goto free_st;
	}
	if (csv_path) {
		csv = create_csv(csv_path);
		if (!csv)
			goto free_st;
	}
	ret = funcs_report(&st, o, stdout, csv) ? EMU_EXIT_FAIL : EMU_EXIT_OK;
	if (ret)
		emu_err("out of memory writing the tables");
	if (csv && (ferror(csv) | fclose(csv))) {
		emu_err("--csv: writing %s failed: %s; the partial file is removed",
			csv_path, strerror(errno));
		unlink(csv_path);
		ret = EMU_EXIT_FAIL;
	}
free_st:
	fstats_free(&st);
	funcs_side_free(&sides[1]);
free_a:
	funcs_side_free(&sides[0]);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "phase", required_argument, NULL, 'p' },
		{ "top", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "csv", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct funcs_opts o = { .phase = "sample", .top = 10, .by = FN_INSN };
	const char *csv_path = NULL;
	int c, i;

	emu_tool_name = "lmb-emu-funcs";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (strcmp(optarg, "sample") && strcmp(optarg, "warmup") &&
			    strcmp(optarg, "all"))
				return emu_usage_error("--phase must be sample, warmup or all, not %s", optarg);
			o.phase = optarg;
			break;
		case 't':
			if (!parse_top(optarg, &o.top))
				return emu_usage_error("--top takes a count (0: all), not %s", optarg);
			break;
		case 'b':
			o.by = parse_by(optarg);
			if (o.by < 0)
				return emu_usage_error("--by must be insn, dsb, isb, dmb or tlbi, not %s", optarg);
			break;
		case 'c':
			csv_path = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EMU_EXIT_OK;
		case ':':
			return emu_usage_error("this option needs a value: %s", argv[optind - 1]);
		default:
			return emu_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (argc - optind != 4)
		return emu_usage_error("give four files: A.csv A-FUNCS.csv B.csv B-FUNCS.csv");
	for (i = 0; i < 4; i++)
		o.files[i] = argv[optind + i];
	return run(&o, csv_path);
}

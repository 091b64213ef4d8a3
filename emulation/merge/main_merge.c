// SPDX-License-Identifier: GPL-2.0
/*
 * lmb-emu-merge: the plugin's per-window counts into the suite's CSV as
 * ev_emu_* counter columns (docs/emulation.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge_columns.h"
#include "merge_write.h"
#include "plugin_file.h"
#include "suite_csv.h"
#include "tool_msg.h"
#include "window_match.h"

static const char usage_text[] =
"usage: lmb-emu-merge [--columns default|all|NAME,...] [-o|--out FILE]\n"
"                     SUITE.csv WINDOWS.csv\n"
"       lmb-emu-merge [options] --windows WINDOWS.csv SUITE.csv\n"
"\n"
"Writes SUITE.csv with the plugin's counts of each window (the out= file of\n"
"build/emu/liblmb-emu.so) as counter columns ev_emu_<name>: window i is\n"
"data row i, warm-up rows included.\n"
"\n"
"  --columns SET   default: insn_k insn_u dsb_k dsb_ish_k dsb_ishst_k isb_k\n"
"                  pte_pair_k dmb_k tlbi_k; all: every counter of the window\n"
"                  file; or a comma list of its column names\n"
"  -o, --out FILE  output (default: SUITE-emu.csv next to SUITE.csv); never\n"
"                  overwrites a file\n"
"  --windows FILE  the window file, instead of the second argument\n"
"  -h, --help      this text\n"
"\n"
"Refuses (exit 2, nothing written) when windows and rows do not pair up\n"
"one to one, the window file is incomplete, the run had several workers,\n"
"or the CSV was merged already.  Exit status: 0 written, 1 write error,\n"
"2 bad usage or input.\n";

/* SUITE.csv -> SUITE-emu.csv (the name scripts/qemu-run.sh uses). */
static char *default_out(const char *suite)
{
	size_t len = strlen(suite);
	char *out = malloc(len + sizeof("-emu.csv"));

	if (!out)
		return NULL;
	if (len > 4 && !strcmp(suite + len - 4, ".csv"))
		len -= 4;
	memcpy(out, suite, len);
	memcpy(out + len, "-emu.csv", sizeof("-emu.csv"));
	return out;
}

static int merge_files(const char *suite_path, const char *win_path,
		 const char *out, const char *spec)
{
	struct plugin_file pf;
	struct suite_csv s;
	struct merge_cols mc;
	int ret = EMU_EXIT_USAGE;

	if (suite_read(&s, suite_path))
		return EMU_EXIT_USAGE;
	if (s.has_emu) {
		emu_err("%s already has ev_emu_* columns (merged before?); merge the suite's own CSV, not a merged one",
			suite_path);
		suite_free(&s);
		return EMU_EXIT_USAGE;
	}
	if (pf_read(&pf, win_path, PF_WINDOWS)) {
		suite_free(&s);
		return EMU_EXIT_USAGE;
	}
	if (!window_match(&s, &pf) && !merge_columns_pick(&pf, spec, &mc)) {
		ret = merge_write(out, &s, &pf, &mc, spec);
		if (!ret)
			printf("%s: %zu rows, %zu counters from %s\n", out,
			       s.nr_rows, mc.n, win_path);
		merge_columns_free(&mc);
	}
	pf_free(&pf);
	suite_free(&s);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "columns", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "windows", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = "default", *out = NULL, *win = NULL, *suite;
	char *def_out = NULL;
	int c, ret;

	emu_tool_name = "lmb-emu-merge";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			spec = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'w':
			win = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case ':':
			return emu_usage_error("option needs a value: %s", argv[optind - 1]);
		default:
			return emu_usage_error("unknown option: %s", argv[optind - 1]);
		}
	}
	if (argc - optind != (win ? 1 : 2))
		return emu_usage_error("%s", win ? "give one SUITE.csv with --windows" :
				       "give SUITE.csv and WINDOWS.csv");
	suite = argv[optind];
	if (!win)
		win = argv[optind + 1];
	if (!*spec)
		return emu_usage_error("--columns is empty");
	if (!out) {
		def_out = default_out(suite);
		if (!def_out) {
			emu_err("out of memory");
			return EMU_EXIT_FAIL;
		}
		out = def_out;
	}
	ret = merge_files(suite, win, out, spec);
	free(def_out);
	return ret;
}

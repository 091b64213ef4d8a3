/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One option table per command: getopt_long()'s long options, its short
 * option string and the --help text all come from the same rows, so they
 * cannot drift (tests/test_cli_opts.c checks both ways).
 */
#ifndef LMB_CLI_OPTS_H
#define LMB_CLI_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli_opt {
	const char *name;	/* long name without "--"; NULL: a heading */
	int key;		/* getopt_long() value (a letter, or >= 256) */
	bool has_short;		/* -<key> works too */
	const char *arg;	/* value placeholder, e.g. "LIST"; NULL: no value */
	const char *help;	/* '\n' between lines; a heading's text */
	void (*more)(FILE *f);	/* extra help lines (e.g. the profiles), or NULL */
};

struct cli_cmd {
	const char *name;	/* "run" */
	const char *intro;	/* usage line and text before the options */
	const char *outro;	/* text after them (exit statuses) */
	const struct cli_opt *opts;
	size_t nr_opts;
};

#define CLI_MAX_OPTS 40

/* getopt_long() arguments built from a command's table. */
struct cli_parser {
	struct option longopts[CLI_MAX_OPTS + 1];
	char shortopts[3 * CLI_MAX_OPTS + 2];	/* ':' first: "needs a value" */
};

/* Fill @p from @c's table; -1 + message if the table is too big. */
int cli_parser_init(struct cli_parser *p, const struct cli_cmd *c);
/* The command's --help text, options from its table. */
void cli_usage(FILE *f, const struct cli_cmd *c);
/*
 * getopt_long() returned ':' (a value is missing) or '?' (unknown option)
 * for argv[optind - 1]: say which, and where the help is.
 */
void cli_getopt_error(const struct cli_cmd *c, int key, char *const argv[]);

/* The tables (cli_run.c, compare/compare.c, cli_vmalloc.c), for tests too. */
extern const struct cli_cmd cli_run_cmd, cli_compare_cmd, cli_vmalloc_cmd;

#endif

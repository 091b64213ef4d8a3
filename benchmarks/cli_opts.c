// SPDX-License-Identifier: GPL-2.0
/* Option tables to getopt_long() arguments and --help text (cli_opts.h). */
#include <string.h>

#include "cli_opts.h"
#include "log.h"

#define HELP_COLUMN 25	/* where the help text of an option starts */

int cli_parser_init(struct cli_parser *p, const struct cli_cmd *c)
{
	size_t i, n = 0, s = 0;

	memset(p, 0, sizeof(*p));
	p->shortopts[s++] = ':';
	for (i = 0; i < c->nr_opts; i++) {
		const struct cli_opt *o = &c->opts[i];

		if (!o->name)
			continue;
		if (n == CLI_MAX_OPTS) {
			lmb_err("%s: more than %d options in its table; raise CLI_MAX_OPTS",
				c->name, CLI_MAX_OPTS);
			return -1;
		}
		p->longopts[n].name = o->name;
		p->longopts[n].has_arg = o->arg ? required_argument : no_argument;
		p->longopts[n].val = o->key;
		n++;
		if (o->has_short) {
			p->shortopts[s++] = (char)o->key;
			if (o->arg)
				p->shortopts[s++] = ':';
		}
	}
	return 0;
}

static void print_option(FILE *f, const struct cli_opt *o)
{
	const char *line = o->help, *nl;
	int len;

	if (o->has_short)
		len = fprintf(f, "  -%c, --%s", o->key, o->name);
	else
		len = fprintf(f, "      --%s", o->name);
	if (o->arg)
		len += fprintf(f, " %s", o->arg);
	/* at least two blanks between the option and its help */
	fprintf(f, "%*s", len + 2 > HELP_COLUMN ? 2 : HELP_COLUMN - len, "");
	for (;;) {
		nl = strchr(line, '\n');
		if (!nl) {
			fprintf(f, "%s\n", line);
			break;
		}
		fprintf(f, "%.*s\n%*s", (int)(nl - line), line, HELP_COLUMN, "");
		line = nl + 1;
	}
	if (o->more)
		o->more(f);
}

void cli_usage(FILE *f, const struct cli_cmd *c)
{
	size_t i;

	fputs(c->intro, f);
	for (i = 0; i < c->nr_opts; i++) {
		if (c->opts[i].name)
			print_option(f, &c->opts[i]);
		else
			fprintf(f, "%s\n", c->opts[i].help);
	}
	fputs(c->outro, f);
}

void cli_getopt_error(const struct cli_cmd *c, int key, char *const argv[])
{
	if (key == ':')
		lmb_err("option '%s' needs a value; see `lazymmu-bench %s --help`",
			argv[optind - 1], c->name);
	else
		lmb_err("unknown option '%s'; see `lazymmu-bench %s --help`",
			argv[optind - 1], c->name);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Every option the parser of run, compare and vmalloc accepts is in its
 * --help, and every option --help shows is one the parser accepts: both
 * come from the command's table (cli_opts.h); this checks the generated
 * getopt_long() arguments against the generated text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "cli_opts.h"

static char *help_of(const struct cli_cmd *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	cli_usage(f, c);
	fclose(f);
	return buf;
}

/* Is "--@name" an option of an option line of @help (2 or 6 blanks first)? */
static bool help_lists(const char *help, const char *name, int key)
{
	char want[96];

	if (key)
		snprintf(want, sizeof(want), "\n  -%c, --%s", key, name);
	else
		snprintf(want, sizeof(want), "\n      --%s", name);
	for (const char *p = strstr(help, want); p; p = strstr(p + 1, want)) {
		char next = p[strlen(want)];

		if (next == ' ' || next == '\n')
			return true;
	}
	return false;
}

static const struct option *parser_has(const struct cli_parser *p,
				       const char *name, size_t len)
{
	const struct option *o;

	for (o = p->longopts; o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	return NULL;
}

static void check_cmd(struct __test_metadata *_metadata, const struct cli_cmd *c)
{
	struct cli_parser p;
	const struct option *o;
	const char *line;
	char *help = help_of(c);
	size_t n = 0, shown = 0;

	ASSERT_NE(NULL, help);
	ASSERT_EQ(0, cli_parser_init(&p, c));
	/* parser -> help: each long option, with its short one if it has one */
	for (o = p.longopts; o->name; o++, n++) {
		bool has_short = o->val < 128 && strchr(p.shortopts, o->val);

		EXPECT_TRUE(help_lists(help, o->name, has_short ? o->val : 0))
			TH_LOG("%s: --%s is parsed but not in --help", c->name, o->name);
	}
	/* help -> parser: each option line names a parsed option */
	for (line = strchr(help, '\n'); line; line = strchr(line + 1, '\n')) {
		const char *dash = NULL;
		size_t len;

		if (!strncmp(line, "\n      --", 9))
			dash = line + 9;
		else if (!strncmp(line, "\n  -", 4) && !strncmp(line + 5, ", --", 4))
			dash = line + 9;
		if (!dash)
			continue;
		len = strcspn(dash, " \n");
		o = parser_has(&p, dash, len);
		EXPECT_NE(NULL, o)
			TH_LOG("%s: --help shows --%.*s, which the parser does not take",
			       c->name, (int)len, dash);
		if (o && line[3] == '-')
			EXPECT_EQ(line[4], o->val)
				TH_LOG("%s: --help shows -%c for --%s", c->name,
				       line[4], o->name);
		shown++;
	}
	EXPECT_EQ(n, shown);
	EXPECT_LT(5, n);
	free(help);
}

TEST(run_options_and_help_agree)
{
	check_cmd(_metadata, &cli_run_cmd);
}

TEST(compare_options_and_help_agree)
{
	check_cmd(_metadata, &cli_compare_cmd);
}

TEST(vmalloc_options_and_help_agree)
{
	check_cmd(_metadata, &cli_vmalloc_cmd);
}

/* The checks above can fail: an option missing from the text is caught. */
TEST(a_hidden_option_is_caught)
{
	static const struct cli_opt opts[] = {
		{ .name = "alpha", .key = 'a', .has_short = true, .help = "x" },
	};
	struct cli_cmd c = { .name = "t", .intro = "usage: t\n", .outro = "",
			     .opts = opts, .nr_opts = 1 };
	struct cli_parser p;
	char *help = help_of(&c);

	ASSERT_NE(NULL, help);
	ASSERT_EQ(0, cli_parser_init(&p, &c));
	EXPECT_STREQ(":a", p.shortopts);
	EXPECT_TRUE(help_lists(help, "alpha", 'a'));
	EXPECT_FALSE(help_lists(help, "alpha", 0));
	EXPECT_FALSE(help_lists(help, "alp", 'a'));
	EXPECT_FALSE(help_lists(help, "beta", 0));
	free(help);
}

TEST_HARNESS_MAIN

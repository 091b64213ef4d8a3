// SPDX-License-Identifier: GPL-2.0
/*
 * The result-file reader of compare: a valid file is read completely, every
 * kind of damage is refused with a message naming file and line, and an
 * incomplete last line (killed run) is dropped with a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare/csv_read.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

#define HEAD "# lazymmu-bench results, schema 1\n"
#define COLS "schema,run_id,label,workload,page_mode,size_bytes,pages,threads,worker,phase,sample,ns,ns_per_page,ev_page_faults,ev_page_faults_run\n"
#define ROW0 "1,r1,\"a, \"\"quoted\"\" label\",munmap,4k,8192,2,1,0,sample,0,40,20.000,4,1.0000\n"
#define ROW1 "1,r1,x,munmap,4k,8192,2,1,0,sample,1,42,21.000,,\n"

FIXTURE(reader) {
	char dir[64];
	char path[128];
	char msg[4096];
	struct lmb_capture cap;
};

FIXTURE_SETUP(reader)
{
	strcpy(self->dir, "/tmp/lmb-csvr-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/r.csv", self->dir);
}

FIXTURE_TEARDOWN(reader)
{
	unlink(self->path);
	rmdir(self->dir);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

/* Load @text; the messages printed land in self->msg. */
static struct csv_table *load(struct _test_data_reader *self, const char *text)
{
	struct csv_table *t;

	if (text)
		put(self->path, text);
	if (lmb_capture_begin(&self->cap))
		return NULL;
	t = csv_read(self->path);
	lmb_capture_end(&self->cap, self->msg, sizeof(self->msg));
	return t;
}

TEST_F(reader, valid_file)
{
	struct csv_table *t = load(self, HEAD "# label: a label\n# kernel_release: 6.18.0\n"
				   "# event: ev_page_faults type=software status=ok\n"
				   "# a free-form comment: with a colon\n"
				   COLS ROW0 ROW1 "# end: complete\n");

	ASSERT_NE(NULL, t);
	ASSERT_STREQ("", self->msg);
	ASSERT_EQ(15, t->nr_cols);
	ASSERT_EQ(2, t->nr_rows);
	ASSERT_STREQ("a, \"quoted\" label", csv_cell(t, 0, csv_col(t, "label")));
	ASSERT_STREQ("20.000", csv_cell(t, 0, csv_col(t, "ns_per_page")));
	ASSERT_STREQ("", csv_cell(t, 1, csv_col(t, "ev_page_faults")));
	ASSERT_STREQ("6.18.0", meta_get(&t->meta, "kernel_release"));
	ASSERT_EQ(NULL, meta_get(&t->meta, "a free-form comment"));
	ASSERT_EQ(1, t->nr_events);
	ASSERT_STREQ("ev_page_faults", t->events[0].column);
	ASSERT_STREQ("type=software status=ok", t->events[0].desc);
	ASSERT_EQ(1, t->nr_runs);
	ASSERT_STREQ("complete", t->runs[0].end);
	ASSERT_EQ(CSV_END_COMPLETE, t->runs[0].state);
	ASSERT_FALSE(t->truncated);
	ASSERT_EQ(-1, csv_col(t, "no_such_column"));
	ASSERT_EQ(8, t->line[1]);	/* file line numbers, comments included */
	csv_table_free(t);
}

TEST_F(reader, crlf_and_repeated_header)
{
	struct csv_table *t = load(self, "# lazymmu-bench results, schema 1\r\n"
				   COLS ROW0 COLS ROW1);

	ASSERT_NE(NULL, t);
	ASSERT_EQ(2, t->nr_rows);
	ASSERT_EQ(1, t->nr_runs);
	ASSERT_EQ(NULL, t->runs[0].end);	/* no footer: the caller warns */
	ASSERT_EQ(CSV_END_KILLED, t->runs[0].state);
	csv_table_free(t);
}

TEST_F(reader, truncated_last_line_is_dropped_with_warning)
{
	struct csv_table *t = load(self, HEAD COLS ROW0 "1,r1,x,munmap,4k,8192,2,1,0,sam");

	ASSERT_NE(NULL, t);
	ASSERT_EQ(1, t->nr_rows);
	ASSERT_TRUE(t->truncated);
	ASSERT_NE(NULL, strstr(self->msg, "warning"));
	ASSERT_NE(NULL, strstr(self->msg, "r.csv:4: last line is incomplete"));
	csv_table_free(t);
}

#define ROW2 "1,r2,x,munmap,4k,8192,2,1,0,sample,0,43,21.500,,\n"

/* Files joined with cat: every run segment keeps its own end state. */
TEST_F(reader, joined_runs_keep_each_end_state)
{
	static const struct {
		const char *text;
		size_t runs;
		enum csv_end state[3];
		size_t rows[3];
		bool truncated;
	} cases[] = {
		/* complete + killed: was "end: complete" (last line kept) */
		{ HEAD COLS ROW0 "# end: complete, 1 samples\n" HEAD COLS ROW2,
		  2, { CSV_END_COMPLETE, CSV_END_KILLED }, { 1, 1 }, false },
		/* killed + complete: was "end: complete" too */
		{ HEAD COLS ROW0 HEAD COLS ROW2 "# end: complete, 1 samples\n",
		  2, { CSV_END_KILLED, CSV_END_COMPLETE }, { 1, 1 }, false },
		{ HEAD COLS ROW0 "# end: interrupted (SIGINT) after 1 samples\n"
		  HEAD COLS ROW2 "# end: failed after 1 samples\n"
		  HEAD COLS ROW1 "# end: something else\n",
		  3, { CSV_END_INTERRUPTED, CSV_END_FAILED, CSV_END_OTHER }, { 1, 1, 1 }, false },
		/* a row cut short by a kill, then the next file's first line */
		{ HEAD COLS ROW0 "1,r1,x,munm" HEAD COLS ROW2 "# end: complete, 1 samples\n",
		  2, { CSV_END_KILLED, CSV_END_COMPLETE }, { 1, 1 }, true },
		/* a run that died before its header, joined to a good one */
		{ HEAD "# label: x\n" HEAD COLS ROW2 "# end: complete\n",
		  2, { CSV_END_KILLED, CSV_END_COMPLETE }, { 0, 1 }, false },
	};
	size_t i, r;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct csv_table *t = load(self, cases[i].text);

		ASSERT_NE(NULL, t) TH_LOG("case %zu: %s", i, self->msg);
		EXPECT_EQ(cases[i].runs, t->nr_runs) TH_LOG("case %zu", i);
		EXPECT_EQ(cases[i].truncated, t->truncated) TH_LOG("case %zu", i);
		for (r = 0; r < t->nr_runs && r < cases[i].runs; r++) {
			EXPECT_EQ(cases[i].state[r], t->runs[r].state)
				TH_LOG("case %zu run %zu", i, r);
			EXPECT_EQ(cases[i].rows[r], t->runs[r].nr_rows)
				TH_LOG("case %zu run %zu", i, r);
		}
		EXPECT_EQ(cases[i].runs - (cases[i].state[0] == CSV_END_COMPLETE) -
			  (cases[i].state[1] == CSV_END_COMPLETE && cases[i].runs > 1),
			  cases[i].runs - csv_runs_in(t, CSV_END_COMPLETE)) TH_LOG("case %zu", i);
		EXPECT_EQ(1, t->runs[0].first_line);
		csv_table_free(t);
	}
}

/* Every damaged file: NULL, and the message names the file (and line). */
static void expect_error(struct __test_metadata *_metadata,
			 struct _test_data_reader *self, const char *text,
			 const char *needle)
{
	struct csv_table *t = load(self, text);

	if (t)
		csv_table_free(t);
	ASSERT_EQ(NULL, t);
	TH_LOG("message: %s", self->msg);
	ASSERT_NE(NULL, strstr(self->msg, "error"));
	ASSERT_NE(NULL, strstr(self->msg, self->path));
	ASSERT_NE(NULL, strstr(self->msg, needle));
}

TEST_F(reader, wrong_schema)
{
	expect_error(_metadata, self, "# lazymmu-bench results, schema 2\n" COLS ROW0,
		     "r.csv:1: result file has schema 2, this lazymmu-bench reads schema 1");
	expect_error(_metadata, self, HEAD "# schema: 3\n" COLS ROW0,
		     "metadata says schema '3'");
	expect_error(_metadata, self,
		     HEAD COLS "2,r1,x,munmap,4k,8192,2,1,0,sample,0,40,20,4,1\n",
		     "r.csv:3: row has schema 2");
}

TEST_F(reader, not_a_result_file)
{
	expect_error(_metadata, self, "a,b,c\n1,2,3\n", "r.csv:1: not a lazymmu-bench result file");
	expect_error(_metadata, self, "\x7f" "ELF\x02\x01\x01", "not a lazymmu-bench result file");
}

TEST_F(reader, missing_column)
{
	expect_error(_metadata, self,
		     HEAD "schema,workload,page_mode,size_bytes,pages,threads,phase,sample\n",
		     "r.csv:2: header row has no 'ns_per_page' column");
	expect_error(_metadata, self, HEAD "schema,schema\n", "column 'schema' appears twice");
}

TEST_F(reader, non_numeric_values)
{
	expect_error(_metadata, self,
		     HEAD COLS "1,r1,x,munmap,4k,8192,2,1,0,sample,0,40,fast,4,1\n",
		     "r.csv:3: column 'ns_per_page' is 'fast', not a number");
	expect_error(_metadata, self,
		     HEAD COLS "1,r1,x,munmap,4k,8192,2,1,0,sample,0,40,-3,4,1\n",
		     "'ns_per_page' is '-3'");
	expect_error(_metadata, self,
		     HEAD COLS "1,r1,x,munmap,4k,8192,2,1,0,sample,0,40,nan,4,1\n",
		     "'ns_per_page' is 'nan'");
	expect_error(_metadata, self,
		     HEAD COLS ROW0 "1,r1,x,munmap,4k,8192,2,1,0,sample,0,40,2,0x10,1\n",
		     "r.csv:4: counter column 'ev_page_faults' is '0x10'");
	expect_error(_metadata, self,
		     HEAD COLS "1,r1,x,munmap,4k,8192,0,1,0,sample,0,40,2,4,1\n",
		     "'pages' is 0");
	expect_error(_metadata, self,
		     HEAD COLS "1,r1,x,munmap,4k,8192,2,1,0,steady,0,40,2,4,1\n",
		     "'phase' is 'steady'");
}

TEST_F(reader, ragged_and_badly_quoted_rows)
{
	expect_error(_metadata, self, HEAD COLS ROW0 "1,r1,x,munmap\n" ROW1,
		     "r.csv:4: row has 4 fields, the header has 15");
	expect_error(_metadata, self,
		     HEAD COLS "1,r1,\"x\"y,munmap,4k,8192,2,1,0,sample,0,40,2,4,1\n",
		     "r.csv:3: malformed quoting");
}

TEST_F(reader, empty_header_only_missing_directory)
{
	char dir_msg[300];

	expect_error(_metadata, self, "", "is empty");
	expect_error(_metadata, self, HEAD "# label: x\n", "has no header row");
	expect_error(_metadata, self, HEAD "schema,run_id,lab", "ends before its header row");
	unlink(self->path);
	expect_error(_metadata, self, NULL, "No such file or directory");
	ASSERT_EQ(0, mkdir(self->path, 0700));
	snprintf(dir_msg, sizeof(dir_msg), "%s is a directory", self->path);
	expect_error(_metadata, self, NULL, dir_msg);
	rmdir(self->path);
}

TEST(split_fields)
{
	char line[] = "a,\"b,c\",\"d\"\"e\",", bad1[] = "a,\"b", bad2[] = "a,\"b\"c",
	     bad3[] = "a,b\"c";
	char *f[8];

	ASSERT_EQ(4, csv_split(line, f));
	ASSERT_STREQ("a", f[0]);
	ASSERT_STREQ("b,c", f[1]);
	ASSERT_STREQ("d\"e", f[2]);
	ASSERT_STREQ("", f[3]);
	ASSERT_EQ(-1, csv_split(bad1, f));
	ASSERT_EQ(-1, csv_split(bad2, f));
	ASSERT_EQ(-1, csv_split(bad3, f));
}

TEST(parse_number)
{
	double v;

	ASSERT_TRUE(csv_parse_number("12.5", &v));
	ASSERT_EQ(12.5, v);
	ASSERT_TRUE(csv_parse_number("1e3", &v));
	ASSERT_EQ(1000, v);
	ASSERT_FALSE(csv_parse_number("", &v));
	ASSERT_FALSE(csv_parse_number("1.5x", &v));
	ASSERT_FALSE(csv_parse_number("inf", &v));
	ASSERT_FALSE(csv_parse_number("-1", &v));
	ASSERT_FALSE(csv_parse_number(" 1", &v));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/* The result writer: escaping, layout, no overwrite, crash safety. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "array_size.h"
#include "csv.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

/* Count fields of a CSV line, honouring double quotes. */
static int count_fields(const char *line)
{
	int n = 1, quoted = 0;

	for (; *line && *line != '\n'; line++) {
		if (*line == '"')
			quoted = !quoted;
		else if (*line == ',' && !quoted)
			n++;
	}
	return n;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

FIXTURE(writer) {
	char dir[64];
	char path[128];
	struct meta m;
	struct counter_set *cs;
	struct counter_value ev[1];
	struct sample_row row;
};

FIXTURE_SETUP(writer)
{
	strcpy(self->dir, "/tmp/lmb-csv-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/r.csv", self->dir);
	memset(&self->m, 0, sizeof(self->m));
	ASSERT_EQ(0, meta_set(&self->m, "host", "box,1"));
	ASSERT_EQ(0, meta_set(&self->m, "label", "nesting"));
	ASSERT_EQ(0, meta_set(&self->m, "kernel_release", "7.3.4 #1"));
	ASSERT_EQ(0, counters_parse("page-faults", &self->cs));
	ASSERT_EQ(1, counters_count(self->cs));
	memset(&self->row, 0, sizeof(self->row));
	self->row.workload = "munmap";
	self->row.page_mode = "4k";
	self->row.size_bytes = 2 << 20;
	self->row.pages = 512;
	self->row.thp_kb = -1;
	self->row.threads = 1;
	self->row.cpu = 1;
	self->row.phase = "sample";
	self->row.ns = 51200;
	self->row.rusage_sys_ns = -1;
	self->row.rusage_user_ns = -1;
	self->row.ev = self->ev;
}

FIXTURE_TEARDOWN(writer)
{
	unlink(self->path);
	rmdir(self->dir);
	counters_free(self->cs);
	meta_free(&self->m);
	EXPECT_NO_LEAKS();
}

TEST(field_escaping)
{
	char buf[64];

	csv_field(buf, sizeof(buf), "plain");
	ASSERT_STREQ("plain", buf);
	csv_field(buf, sizeof(buf), "a,b");
	ASSERT_STREQ("\"a,b\"", buf);
	csv_field(buf, sizeof(buf), "say \"hi\"");
	ASSERT_STREQ("\"say \"\"hi\"\"\"", buf);
	csv_field(buf, sizeof(buf), "#1 SMP\nx");
	ASSERT_STREQ("_1 SMP x", buf);
	csv_field(buf, 4, "abcdef");
	ASSERT_EQ(3, strlen(buf));
	csv_field(buf, sizeof(buf), NULL);
	ASSERT_STREQ("", buf);
}

TEST_F(writer, layout_and_values)
{
	struct csv_out *o = csv_create(self->path, &self->m, self->cs);
	char *text, *line, *save = NULL;
	int fields = -1, rows = 0;

	ASSERT_NE(NULL, o);
	self->ev[0] = (struct counter_value){ COUNTER_OK, 3, 1.0, 1 };
	ASSERT_EQ(0, csv_write_sample(o, &self->row));
	self->ev[0] = (struct counter_value){ COUNTER_UNAVAILABLE, 0, 0, -1 };
	self->row.split_name = "copy";
	self->row.split_ns = 100;
	ASSERT_EQ(0, csv_write_sample(o, &self->row));
	csv_close(o, "complete, 2 samples");

	text = slurp(self->path);
	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, strncmp(text, "# lazymmu-bench results, schema 1\n", 34));
	ASSERT_NE(NULL, strstr(text, "\n# event: ev_page_faults "));
	ASSERT_NE(NULL, strstr(text, "\n# end: complete, 2 samples\n"));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		if (fields < 0) {
			ASSERT_EQ(0, strncmp(line, "schema,suite_version,run_id,host,label,kernel,", 46));
			ASSERT_NE(NULL, strstr(line, ",ns,ns_per_page,"));
			ASSERT_NE(NULL, strstr(line, ",rusage_user_ns,pmu_group,ev_page_faults,ev_page_faults_run"));
			fields = count_fields(line);
			continue;
		}
		ASSERT_EQ(fields, count_fields(line));
		ASSERT_EQ(NULL, strchr(line, '#'));
		ASSERT_NE(NULL, strstr(line, "\"box,1\",nesting,7.3.4 _1,"));
		ASSERT_NE(NULL, strstr(line, ",sample,0,51200,100.000,"));
		if (rows++ == 0) {
			/* measured in PMU group 1: group, count, running ratio */
			ASSERT_NE(NULL, strstr(line, ",,,,1,3,1.0000"));
		} else {
			/* no group, unavailable: empty cells, never 0 */
			ASSERT_NE(NULL, strstr(line, ",copy,100,,,,,"));
			ASSERT_EQ(',', line[strlen(line) - 1]);
		}
	}
	ASSERT_EQ(2, rows);
	free(text);
}

TEST_F(writer, never_overwrites)
{
	struct csv_out *o = csv_create(self->path, &self->m, self->cs);
	char *before, *after;

	ASSERT_NE(NULL, o);
	csv_close(o, "complete, 0 samples");
	before = slurp(self->path);
	ASSERT_EQ(NULL, csv_create(self->path, &self->m, self->cs));
	after = slurp(self->path);
	ASSERT_STREQ(before, after);
	free(before);
	free(after);
}

TEST_F(writer, killed_run_keeps_finished_rows)
{
	int status, i, rows = 0;
	char *text, *p;
	pid_t pid;

	self->ev[0] = (struct counter_value){ COUNTER_OK, 7, 1.0, -1 };
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct csv_out *o = csv_create(self->path, &self->m, self->cs);

		for (i = 0; o && i < 3; i++)
			csv_write_sample(o, &self->row);
		_exit(o ? 0 : 1);	/* dies without csv_close() */
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	text = slurp(self->path);
	ASSERT_NE(NULL, text);
	ASSERT_EQ(NULL, strstr(text, "# end:"));
	ASSERT_EQ('\n', text[strlen(text) - 1]);
	for (p = text; (p = strstr(p, "\n1,")); p++)
		rows++;
	ASSERT_EQ(3, rows);
	free(text);
}

/* The last @n cells of @line (no quoted cells there) into @out. */
static void last_cells(char *line, int n, char **out)
{
	char *p = line + strlen(line);
	int i;

	for (i = n - 1; i >= 0; i--) {
		while (p > line && p[-1] != ',')
			p--;
		out[i] = p;
		if (p > line)
			*--p = '\0';
	}
}

/*
 * After the event columns: the boot and run levels from the metadata (empty
 * when absent), offcpu from this row's task-clock and cpu-migrations, and
 * the suite's build id.
 */
TEST_F(writer, level_columns_and_offcpu)
{
	static const struct {
		enum counter_status tc_status, mig_status;
		double tc, mig;
		const char *offcpu;
	} cases[] = {
		{ COUNTER_OK, COUNTER_OK, 51200, 0, "0" },	/* on CPU */
		{ COUNTER_OK, COUNTER_OK, 46081, 0, "0" },	/* just above 90% */
		{ COUNTER_OK, COUNTER_OK, 46079, 0, "1" },	/* just below */
		{ COUNTER_OK, COUNTER_OK, 51200, 1, "1" },	/* migrated */
		{ COUNTER_UNAVAILABLE, COUNTER_OK, 0, 0, "0" },
		{ COUNTER_UNAVAILABLE, COUNTER_OK, 0, 2, "1" },
		{ COUNTER_OK, COUNTER_UNAVAILABLE, 20000, 0, "1" },
		{ COUNTER_UNAVAILABLE, COUNTER_UNAVAILABLE, 0, 0, "" },
	};
	static const char *const levels[] = {
		"0f2e-boot", "2026-12-07T00:01:02Z", "2026-12-07T00:05:00.123456Z", "42",
	};
	struct counter_set *cs;
	struct counter_value ev[2];
	struct csv_out *o;
	char *text, *line, *save = NULL, *cell[6];
	size_t i, rows = 0;
	int header = 0;

	ASSERT_EQ(0, meta_set(&self->m, "boot_id", levels[0]));
	ASSERT_EQ(0, meta_set(&self->m, "boot_time", levels[1]));
	ASSERT_EQ(0, meta_set(&self->m, "run_start", levels[2]));
	ASSERT_EQ(0, meta_set(&self->m, "layout_seed", levels[3]));
	ASSERT_EQ(0, meta_set(&self->m, "suite_build_id", "cd53a5ee"));
	ASSERT_EQ(0, counters_parse("cpu-migrations,task-clock", &cs));
	o = csv_create(self->path, &self->m, cs);
	ASSERT_NE(NULL, o);
	self->row.ev = ev;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ev[0] = (struct counter_value){ cases[i].mig_status, cases[i].mig, 1, -1 };
		ev[1] = (struct counter_value){ cases[i].tc_status, cases[i].tc, 1, -1 };
		ASSERT_EQ(0, csv_write_sample(o, &self->row));
	}
	csv_close(o, "complete");
	counters_free(cs);

	text = slurp(self->path);
	ASSERT_NE(NULL, text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		if (!header++) {
			ASSERT_NE(NULL, strstr(line, ",ev_task_clock,ev_task_clock_run,boot_id,boot_time,run_start,layout_seed,offcpu,build_id"));
			ASSERT_EQ(0, strcmp(line + strlen(line) - 9, ",build_id"));
			continue;
		}
		ASSERT_GT(ARRAY_SIZE(cases), rows);
		last_cells(line, 6, cell);
		for (i = 0; i < 4; i++)
			EXPECT_STREQ(levels[i], cell[i]);
		EXPECT_STREQ(cases[rows].offcpu, cell[4]) TH_LOG("case %zu", rows);
		EXPECT_STREQ("cd53a5ee", cell[5]);
		rows++;
	}
	ASSERT_EQ(ARRAY_SIZE(cases), rows);
	free(text);
}

/* Files of other writers (vmalloc) and old metadata: the cells stay empty. */
TEST_F(writer, level_columns_empty_when_unknown)
{
	struct csv_out *o = csv_create(self->path, &self->m, NULL);
	char *text, *line, *save = NULL, *cell[7];
	int i, rows = 0;

	ASSERT_NE(NULL, o);
	ASSERT_EQ(0, csv_write_sample(o, &self->row));
	csv_close(o, "complete");
	text = slurp(self->path);
	ASSERT_NE(NULL, text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !strncmp(line, "schema,", 7))
			continue;
		/* rusage_user_ns 7 before the end: -1 is unknown, so empty too */
		last_cells(line, 7, cell);
		for (i = 0; i < 7; i++)
			EXPECT_STREQ("", cell[i]) TH_LOG("cell %d from the end", 7 - i);
		rows++;
	}
	ASSERT_EQ(1, rows);
	free(text);
}

TEST_HARNESS_MAIN

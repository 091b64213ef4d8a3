// SPDX-License-Identifier: GPL-2.0
/*
 * Result file writer (schema in results/README.md).  Every row goes out in
 * one write(2) as soon as it is measured, so Ctrl-C or a crash leaves a
 * valid file that holds every finished sample.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array_size.h"
#include "csv.h"
#include "log.h"
#include "offcpu.h"

#define ROW_MAX 8192

struct csv_out {
	int fd;
	char *path;
	char prefix[2048];	/* the per-run columns, already escaped */
	char levels[512];	/* ",boot_id,...,layout_seed" cells, escaped */
	char build_id[160];	/* ",build_id" cell */
	size_t nr_events;
	long task_clock, migrations;	/* event index, -1: not in the set */
	unsigned long rows;
};

/* Columns every row carries from the run's metadata, in this order. */
static const struct {
	const char *column, *meta_key;
} meta_columns[] = {
	{ "suite_version", "suite_version" },
	{ "run_id", "run_id" },
	{ "host", "host" },
	{ "label", "label" },
	{ "kernel", "kernel_release" },
	{ "arch", "arch" },
	{ "cpu_model", "cpu_model" },
	{ "debug_pagealloc", "debug_pagealloc" },
};

/*
 * After the event columns: which boot and run a row belongs to, and
 * whether its window was partly off-CPU (results/README.md).  offcpu is
 * per row; the others come from the metadata, empty when absent.
 */
static const struct {
	const char *column, *meta_key;
} level_columns[] = {
	{ "boot_id", "boot_id" },
	{ "boot_time", "boot_time" },
	{ "run_start", "run_start" },
	{ "layout_seed", "layout_seed" },
};

static const char *const sample_columns =
	"workload,page_mode,size_bytes,pages,thp_kb,threads,worker,cpu,"
	"phase,sample,ns,ns_per_page,split_name,split_ns,"
	"rusage_sys_ns,rusage_user_ns,pmu_group";

size_t csv_field(char *buf, size_t cap, const char *s)
{
	bool quote = false;
	size_t n = 0;
	const char *p;

	if (!cap)
		return 0;
	if (!s)
		s = "";
	for (p = s; *p; p++)
		if (*p == ',' || *p == '"')
			quote = true;
	if (*s == ' ' || (*s && s[strlen(s) - 1] == ' '))
		quote = true;
	if (quote && n + 1 < cap)
		buf[n++] = '"';
	for (p = s; *p; p++) {
		char c = *p;
		size_t need = (c == '"' ? 2 : 1) + (quote ? 1 : 0);

		if (n + need >= cap)
			break;
		if (c == '#')
			c = '_';
		else if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		if (c == '"')
			buf[n++] = '"';
		buf[n++] = c;
	}
	if (quote && n + 1 < cap)
		buf[n++] = '"';
	buf[n] = '\0';
	return n;
}

static int write_all(struct csv_out *o, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(o->fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			lmb_err("writing results to %s failed: %s; check free space and permissions",
				o->path, strerror(errno));
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Append printf output to buf at *n, keeping track of truncation. */
static void append(char *buf, size_t cap, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*n >= cap)
		return;
	va_start(ap, fmt);
	r = vsnprintf(buf + *n, cap - *n, fmt, ap);
	va_end(ap);
	*n += r > 0 ? (size_t)r : 0;
}

static void append_field(char *buf, size_t cap, size_t *n, const char *s)
{
	if (*n < cap)
		*n += csv_field(buf + *n, cap - *n, s);
}

static int write_header(struct csv_out *o, const struct meta *m,
			const struct counter_set *cs)
{
	FILE *f = fdopen(dup(o->fd), "w");
	size_t i;

	if (!f) {
		lmb_err("cannot write the header of %s: %s", o->path, strerror(errno));
		return -1;
	}
	fprintf(f, "# lazymmu-bench results, schema %d\n", LMB_CSV_SCHEMA);
	meta_write_comments(m, f);
	for (i = 0; i < o->nr_events; i++)
		fprintf(f, "# event: %s %s\n", counters_column(cs, i),
			counters_describe(cs, i));
	fputs("schema", f);
	for (i = 0; i < ARRAY_SIZE(meta_columns); i++)
		fprintf(f, ",%s", meta_columns[i].column);
	fprintf(f, ",%s", sample_columns);
	for (i = 0; i < o->nr_events; i++)
		fprintf(f, ",%s,%s_run", counters_column(cs, i),
			counters_column(cs, i));
	for (i = 0; i < ARRAY_SIZE(level_columns); i++)
		fprintf(f, ",%s", level_columns[i].column);
	fputs(",offcpu,build_id\n", f);
	if (fclose(f)) {
		lmb_err("writing the header of %s failed: %s", o->path, strerror(errno));
		return -1;
	}
	return 0;
}

static void build_prefix(struct csv_out *o, const struct meta *m)
{
	size_t n = 0, i, cap = sizeof(o->prefix);
	const char *v;

	append(o->prefix, cap, &n, "%d", LMB_CSV_SCHEMA);
	for (i = 0; i < ARRAY_SIZE(meta_columns); i++) {
		v = meta_get(m, meta_columns[i].meta_key);
		append(o->prefix, cap, &n, ",");
		append_field(o->prefix, cap, &n, v ? v : "");
	}
	for (i = 0, n = 0; i < ARRAY_SIZE(level_columns); i++) {
		v = meta_get(m, level_columns[i].meta_key);
		append(o->levels, sizeof(o->levels), &n, ",");
		append_field(o->levels, sizeof(o->levels), &n, v ? v : "");
	}
	v = meta_get(m, "suite_build_id");
	n = 0;
	append(o->build_id, sizeof(o->build_id), &n, ",");
	append_field(o->build_id, sizeof(o->build_id), &n, v ? v : "");
}

/* Index of the event whose column is @column, -1 when not in the set. */
static long event_index(const struct counter_set *cs, size_t nr,
			const char *column)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(counters_column(cs, i), column))
			return (long)i;
	return -1;
}

struct csv_out *csv_create(const char *path, const struct meta *m,
			   const struct counter_set *cs)
{
	struct csv_out *o = calloc(1, sizeof(*o));

	if (!o) {
		lmb_err("out of memory creating %s", path);
		return NULL;
	}
	o->path = strdup(path);
	o->nr_events = cs ? counters_count(cs) : 0;
	o->task_clock = event_index(cs, o->nr_events, "ev_task_clock");
	o->migrations = event_index(cs, o->nr_events, "ev_cpu_migrations");
	o->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		lmb_err("cannot create result file %s: %s%s", path, strerror(errno),
			errno == EEXIST ? "; choose another -o name, results are never overwritten" :
			"; check that the folder exists and is writable");
		free(o->path);
		free(o);
		return NULL;
	}
	build_prefix(o, m);
	if (!o->path || write_header(o, m, cs)) {
		close(o->fd);
		free(o->path);
		free(o);
		return NULL;
	}
	return o;
}

static void append_u64_or_empty(char *buf, size_t cap, size_t *n, int64_t v)
{
	if (v >= 0)
		append(buf, cap, n, ",%" PRId64, v);
	else
		append(buf, cap, n, ",");
}

static void append_count(char *buf, size_t cap, size_t *n, double v)
{
	if (v == floor(v) && fabs(v) < 1e18)
		append(buf, cap, n, ",%.0f", v);
	else
		append(buf, cap, n, ",%.3f", v);
}

int csv_write_sample(struct csv_out *o, const struct sample_row *r)
{
	char buf[ROW_MAX];
	size_t n = 0, i;
	int offcpu;

	append(buf, sizeof(buf), &n, "%s,", o->prefix);
	append_field(buf, sizeof(buf), &n, r->workload);
	append(buf, sizeof(buf), &n, ",");
	append_field(buf, sizeof(buf), &n, r->page_mode);
	append(buf, sizeof(buf), &n, ",%" PRIu64 ",%" PRIu64, r->size_bytes, r->pages);
	append_u64_or_empty(buf, sizeof(buf), &n, r->thp_kb);
	append(buf, sizeof(buf), &n, ",%u,%u", r->threads, r->worker);
	append_u64_or_empty(buf, sizeof(buf), &n, r->cpu);
	append(buf, sizeof(buf), &n, ",%s,%u,%" PRIu64 ",%.3f,", r->phase, r->sample,
	       r->ns, r->pages ? (double)r->ns / (double)r->pages : 0.0);
	if (r->split_name) {
		append_field(buf, sizeof(buf), &n, r->split_name);
		append(buf, sizeof(buf), &n, ",%" PRIu64, r->split_ns);
	} else {
		append(buf, sizeof(buf), &n, ",");
	}
	append_u64_or_empty(buf, sizeof(buf), &n, r->rusage_sys_ns);
	append_u64_or_empty(buf, sizeof(buf), &n, r->rusage_user_ns);
	/* the PMU group this window counted (counters.h); empty: none */
	append_u64_or_empty(buf, sizeof(buf), &n,
			    o->nr_events && r->ev[0].group >= 0 ?
			    r->ev[0].group : -1);
	for (i = 0; i < o->nr_events; i++) {
		const struct counter_value *v = &r->ev[i];

		if (v->status != COUNTER_OK) {
			append(buf, sizeof(buf), &n, ",,");
			continue;
		}
		append_count(buf, sizeof(buf), &n, v->value);
		append(buf, sizeof(buf), &n, ",%.4f", v->running_ratio);
	}
	append(buf, sizeof(buf), &n, "%s", o->levels);
	offcpu = offcpu_flag(o->task_clock >= 0 ? &r->ev[o->task_clock] : NULL,
			     o->migrations >= 0 ? &r->ev[o->migrations] : NULL,
			     r->ns);
	if (offcpu < 0)
		append(buf, sizeof(buf), &n, ",");
	else
		append(buf, sizeof(buf), &n, ",%d", offcpu);
	append(buf, sizeof(buf), &n, "%s", o->build_id);
	if (n + 1 >= sizeof(buf)) {
		lmb_err("result row for %s is longer than %d bytes; use fewer events (-e)",
			r->workload, ROW_MAX);
		return -1;
	}
	buf[n++] = '\n';
	if (write_all(o, buf, n))
		return -1;
	o->rows++;
	return 0;
}

void csv_close(struct csv_out *o, const char *status)
{
	char buf[512];
	int n;

	if (!o)
		return;
	n = snprintf(buf, sizeof(buf), "# end: %s\n", status);
	if (n > 0)
		write_all(o, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	if (fsync(o->fd) && errno != EINVAL)
		lmb_warn("fsync of %s failed: %s", o->path, strerror(errno));
	close(o->fd);
	free(o->path);
	free(o);
}

int csv_write_failure(struct csv_out *o, const struct csv_failure *f)
{
	char buf[ROW_MAX], reason[1024];
	size_t n = 0;
	char *p;

	snprintf(reason, sizeof(reason), "%s", f->reason ? f->reason : "");
	for (p = reason; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	append(buf, sizeof(buf), &n,
	       "# failed: workload=%s page_mode=%s size_bytes=%llu threads=%u stage=%s",
	       f->workload, f->page_mode, (unsigned long long)f->size_bytes,
	       f->threads, f->stage);
	if (f->phase)
		append(buf, sizeof(buf), &n, " sample=%s:%u", f->phase, f->sample);
	append(buf, sizeof(buf), &n, " window=%s reason=%s\n",
	       f->window < 0 ? "?" : f->window ? "1" : "0", reason);
	if (n >= sizeof(buf))
		buf[sizeof(buf) - 2] = '\n';
	return write_all(o, buf, strlen(buf));
}

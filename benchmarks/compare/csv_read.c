// SPDX-License-Identifier: GPL-2.0
/*
 * Result file reader: validates a CSV written by `lazymmu-bench run`
 * (results/README.md) and keeps it in memory as cells of strings.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array_size.h"
#include "compare/csv_read.h"
#include "csv.h"
#include "log.h"

#define SCHEMA_LINE "# lazymmu-bench results, schema "

/* Columns compare needs; a file without one of them cannot be compared. */
static const char *const required_cols[] = {
	"schema", "workload", "page_mode", "size_bytes", "pages", "threads",
	"phase", "sample", "ns_per_page",
};

/* Numeric columns that must hold a number in every row. */
static const char *const number_cols[] = {
	"schema", "size_bytes", "pages", "threads", "sample", "ns_per_page",
};

/* Numeric columns that may be empty (unknown / unavailable). */
static const char *const optional_number_cols[] = {
	"ns", "thp_kb", "worker", "cpu", "split_ns", "rusage_sys_ns",
	"rusage_user_ns", "pmu_group",
};

/*
 * Plain decimals ("1355.389", "16384"): up to 15 digits, at most 22 after
 * the point.  Digits and power of ten are then exact doubles, and one
 * division rounds correctly, so the result is strtod()'s, only faster.
 */
static bool parse_plain_decimal(const char *s, double *out)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};
	uint64_t mant = 0;
	int digits = 0, frac = -1;

	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > 15)
			return false;
		mant = mant * 10 + (uint64_t)(*s - '0');
		if (frac >= 0 && ++frac > 22)
			return false;
	}
	if (!digits)
		return false;
	*out = frac > 0 ? (double)mant / pow10[frac] : (double)mant;
	return true;
}

bool csv_parse_number(const char *s, double *out)
{
	const char *p;
	char *end;
	double v;

	if (!*s)
		return false;
	if (parse_plain_decimal(s, out))
		return true;
	for (p = s; *p; p++)
		if (!strchr("0123456789.eE+-", *p))
			return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0)
		return false;
	*out = v;
	return true;
}

long csv_split(char *line, char **fields)
{
	char *r = line, *w = line;
	long n = 0;

	for (;;) {
		fields[n++] = w;
		if (*r == '"') {
			r++;
			for (;;) {
				if (!*r)
					return -1;	/* unterminated quote */
				if (*r == '"' && r[1] != '"') {
					r++;
					break;	/* the closing quote */
				}
				*w++ = *r;	/* "" is one quote */
				r += *r == '"' ? 2 : 1;
			}
			if (*r && *r != ',')
				return -1;	/* text after the closing quote */
		} else {
			while (*r && *r != ',') {
				if (*r == '"')
					return -1;	/* quote inside a bare field */
				*w++ = *r++;
			}
		}
		if (!*r) {
			*w = '\0';
			return n;
		}
		*w++ = '\0';
		r++;
	}
}

size_t csv_sample_rows(const struct csv_table *t)
{
	int c = csv_col(t, "phase");
	size_t r, n = 0;

	for (r = 0; r < t->nr_rows; r++)
		n += !strcmp(csv_cell(t, r, c), "sample");
	return n;
}

struct col_key {
	const struct csv_table *t;
	const char *name;
};

static bool same_col(const void *key, size_t idx)
{
	const struct col_key *k = key;

	return !strcmp(k->t->cols[idx], k->name);
}

int csv_col(const struct csv_table *t, const char *name)
{
	struct col_key k = { t, name };
	size_t i = idx_map_find(&t->col_map, idx_hash_str(IDX_HASH_INIT, name),
				same_col, &k);

	return i == IDX_MAP_NONE ? -1 : (int)i;
}

size_t csv_runs_in(const struct csv_table *t, enum csv_end state)
{
	size_t i, n = 0;

	for (i = 0; i < t->nr_runs; i++)
		n += t->runs[i].state == state;
	return n;
}

const char *csv_end_name(enum csv_end state)
{
	switch (state) {
	case CSV_END_COMPLETE:
		return "complete";
	case CSV_END_INTERRUPTED:
		return "interrupted";
	case CSV_END_FAILED:
		return "failed";
	case CSV_END_KILLED:
		return "killed (no end line)";
	default:
		return "ended otherwise";
	}
}

static enum csv_end end_state(const char *end)
{
	if (!end)
		return CSV_END_KILLED;
	if (!strcmp(end, "complete") || !strncmp(end, "complete,", 9))
		return CSV_END_COMPLETE;
	if (!strncmp(end, "interrupted", 11))
		return CSV_END_INTERRUPTED;
	if (!strncmp(end, "failed", 6))
		return CSV_END_FAILED;
	return CSV_END_OTHER;
}

void csv_table_free(struct csv_table *t)
{
	size_t i;

	if (!t)
		return;
	free(t->text);
	free(t->row_text);
	free(t->row_cells);
	free(t->filled);
	free(t->rank);
	free(t->cell_off);
	free(t->line);
	free(t->check_cols);
	free(t->fields);
	idx_map_free(&t->col_map);
	idx_map_free(&t->reason_map);
	if (t->cols)
		free(t->cols[0]);
	free(t->cols);
	for (i = 0; i < t->nr_events; i++) {
		free(t->events[i].column);
		free(t->events[i].desc);
	}
	free(t->events);
	for (i = 0; i < t->nr_runs; i++)
		free(t->runs[i].end);
	free(t->runs);
	for (i = 0; i < t->nr_failed; i++) {
		free(t->failed[i].workload);
		free(t->failed[i].page_mode);
		free(t->failed[i].size_bytes);
		free(t->failed[i].threads);
		free(t->failed[i].stage);
		free(t->failed[i].reason);
	}
	free(t->failed);
	meta_free(&t->meta);
	free(t->path);
	free(t);
}

static size_t count_fields(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

/* Room for the fields of @line in t->fields; false when out of memory. */
static bool fields_room(struct csv_table *t, const char *line)
{
	size_t n = count_fields(line);
	char **f;

	if (n <= t->cap_fields)
		return true;
	f = realloc(t->fields, n * sizeof(*f));
	if (!f)
		return false;
	t->fields = f;
	t->cap_fields = n;
	return true;
}

static int add_event(struct csv_table *t, const char *rest)
{
	const char *sp = strchr(rest, ' ');
	size_t len = sp ? (size_t)(sp - rest) : strlen(rest);
	struct csv_event *e;

	if (t->nr_events == t->cap_events) {
		size_t cap = t->cap_events ? 2 * t->cap_events : 16;

		e = realloc(t->events, cap * sizeof(*e));
		if (!e)
			return -1;
		t->events = e;
		t->cap_events = cap;
	}
	e = &t->events[t->nr_events];
	e->column = strndup(rest, len);
	e->desc = strdup(sp ? sp + 1 : "");
	if (!e->column || !e->desc) {
		free(e->column);
		free(e->desc);
		return -1;
	}
	if (strstr(e->desc, "reason=") && !csv_event_reason(t, e->column) &&
	    idx_map_add(&t->reason_map, idx_hash_str(IDX_HASH_INIT, e->column),
			t->nr_events)) {
		free(e->column);
		free(e->desc);
		return -1;
	}
	t->nr_events++;
	return 0;
}

struct event_key {
	const struct csv_table *t;
	const char *column;
};

static bool same_event(const void *key, size_t idx)
{
	const struct event_key *k = key;

	return !strcmp(k->t->events[idx].column, k->column);
}

const char *csv_event_reason(const struct csv_table *t, const char *column)
{
	struct event_key k = { t, column };
	size_t e = idx_map_find(&t->reason_map, idx_hash_str(IDX_HASH_INIT, column),
				same_event, &k);

	return e == IDX_MAP_NONE ? NULL : strstr(t->events[e].desc, "reason=") + 7;
}

/* Keys that name what was measured: runs joined into one file must agree. */
static bool is_run_key(const char *key)
{
	static const char *const keys[] = {
		"kernel_release", "kernel_version", "label", "cpu_model", "arch",
		"base_page_size", "debug_pagealloc", "thp_enabled", "suite_version",
		"cmdline",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

static struct csv_run *cur_run(struct csv_table *t)
{
	return &t->runs[t->nr_runs - 1];
}

/* The value of " key=" in @line up to the next space (the reason: to the end). */
static char *failed_field(const char *line, const char *key, bool to_end)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	if (!strncmp(line, pat + 1, strlen(pat + 1))) {
		p = line + strlen(pat + 1);	/* the first field */
	} else {
		p = strstr(line, pat);
		if (!p)
			return NULL;
		p += strlen(pat);
	}
	return strndup(p, to_end ? strlen(p) : strcspn(p, " "));
}

/* "# failed: workload=W page_mode=M size_bytes=N threads=T stage=S ... reason=R" */
static int add_failed(struct csv_table *t, const char *val, unsigned long lineno)
{
	struct csv_failed *f = realloc(t->failed, (t->nr_failed + 1) * sizeof(*f));

	if (!f)
		return -1;
	t->failed = f;
	f = &t->failed[t->nr_failed];
	f->workload = failed_field(val, "workload", false);
	f->page_mode = failed_field(val, "page_mode", false);
	f->size_bytes = failed_field(val, "size_bytes", false);
	f->threads = failed_field(val, "threads", false);
	f->stage = failed_field(val, "stage", false);
	f->reason = failed_field(val, "reason", true);
	t->nr_failed++;
	if (f->workload && f->page_mode && f->size_bytes && f->threads &&
	    f->stage && f->reason)
		return 0;
	lmb_warn("%s:%lu: a '# failed:' line without workload=, page_mode=, size_bytes=, threads=, stage= and reason=; its group is not marked failed",
		 t->path, lineno);
	t->nr_failed--;
	free(f->workload);
	free(f->page_mode);
	free(f->size_bytes);
	free(f->threads);
	free(f->stage);
	free(f->reason);
	return 0;
}

/* A '#' line after the first: metadata, event or footer. */
static int parse_comment(struct csv_table *t, const char *line,
			 unsigned long lineno)
{
	const char *colon, *val, *p, *old;
	struct csv_run *run = cur_run(t);
	char *key;
	int ret;

	if (strncmp(line, "# ", 2))
		return 0;	/* free-form comment */
	line += 2;
	colon = strstr(line, ": ");
	if (!colon)
		return 0;
	val = colon + 2;
	if (!strncmp(line, "event: ", 7))
		return add_event(t, val);
	if (!strncmp(line, "failed: ", 8))
		return add_failed(t, val, lineno);
	if (!strncmp(line, "end: ", 5)) {
		free(run->end);
		run->end = strdup(val);
		return run->end ? 0 : -1;
	}
	for (p = line; p < colon; p++)
		if (!(*p == '_' || isalnum((unsigned char)*p)))
			return 0;	/* not a metadata key: free-form comment */
	key = strndup(line, (size_t)(colon - line));
	if (!key)
		return -1;
	old = meta_get(&t->meta, key);
	if (old && strcmp(old, val) && is_run_key(key))
		lmb_warn("%s:%lu: %s is '%s' here but '%s' earlier: this file joins runs of different setups, and compare pools their samples",
			 t->path, lineno, key, val, old);
	ret = old ? 0 : meta_set(&t->meta, key, val);
	free(key);
	return ret;
}

static int check_schema_line(const struct csv_table *t, const char *line,
			     unsigned long lineno)
{
	char *end;
	long v;

	if (strncmp(line, SCHEMA_LINE, strlen(SCHEMA_LINE))) {
		lmb_err("%s:%lu: not a lazymmu-bench result file (the first line should be '%s%d'); give a CSV written by 'lazymmu-bench run'",
			t->path, lineno, SCHEMA_LINE, LMB_CSV_SCHEMA);
		return -1;
	}
	line += strlen(SCHEMA_LINE);
	errno = 0;
	v = strtol(line, &end, 10);
	if (errno || end == line || *end) {
		lmb_err("%s:%lu: schema version '%s' is not a number; the file is damaged",
			t->path, lineno, line);
		return -1;
	}
	if (v != LMB_CSV_SCHEMA) {
		lmb_err("%s:%lu: result file has schema %ld, this lazymmu-bench reads schema %d; compare it with the lazymmu-bench version that wrote it",
			t->path, lineno, v, LMB_CSV_SCHEMA);
		return -1;
	}
	return 0;
}

/* Close the current run segment (if any) and open one at @lineno. */
static int start_run(struct csv_table *t, unsigned long lineno)
{
	struct csv_run *r = realloc(t->runs, (t->nr_runs + 1) * sizeof(*r));

	if (!r)
		return -2;
	t->runs = r;
	if (t->nr_runs) {
		cur_run(t)->last_line = lineno - 1;
		cur_run(t)->nr_rows = t->nr_rows - cur_run(t)->first_row;
	}
	r = &t->runs[t->nr_runs++];
	memset(r, 0, sizeof(*r));
	r->first_line = lineno;
	r->first_row = t->nr_rows;
	return 0;
}

/* Where check_row() finds its columns, in t->check_cols. */
enum {
	CK_NUMBER = 0,
	CK_OPTIONAL = CK_NUMBER + ARRAY_SIZE(number_cols),
	CK_WORKLOAD = CK_OPTIONAL + ARRAY_SIZE(optional_number_cols),
	CK_PHASE,
	CK_EVENTS,		/* event columns from here, ended by -1 */
};

static bool is_event_column(const char *name)
{
	return !strncmp(name, "ev_", 3);
}

static int find_check_cols(struct csv_table *t)
{
	size_t i, k = CK_EVENTS;

	t->check_cols = malloc((CK_EVENTS + t->nr_cols + 1) * sizeof(int));
	if (!t->check_cols)
		return -2;
	for (i = 0; i < ARRAY_SIZE(number_cols); i++)
		t->check_cols[CK_NUMBER + i] = csv_col(t, number_cols[i]);
	for (i = 0; i < ARRAY_SIZE(optional_number_cols); i++)
		t->check_cols[CK_OPTIONAL + i] = csv_col(t, optional_number_cols[i]);
	t->check_cols[CK_WORKLOAD] = csv_col(t, "workload");
	t->check_cols[CK_PHASE] = csv_col(t, "phase");
	for (i = 0; i < t->nr_cols; i++)
		if (is_event_column(t->cols[i]))
			t->check_cols[k++] = (int)i;
	t->check_cols[k] = -1;
	return 0;
}

static int set_header(struct csv_table *t, const char *line, unsigned long lineno)
{
	struct col_key k = { t, NULL };
	size_t i;
	long n;

	if (!fields_room(t, line))
		return -2;
	t->cols = t->fields;
	t->fields = NULL;
	t->cap_fields = 0;
	t->cols[0] = strdup(line);
	if (!t->cols[0])
		return -2;
	n = csv_split(t->cols[0], t->cols);
	if (n < 0) {
		lmb_err("%s:%lu: malformed quoting in the header row; the file is damaged",
			t->path, lineno);
		return -1;
	}
	t->nr_cols = (size_t)n;
	t->words = (t->nr_cols + 63) / 64;
	for (i = 0; i < t->nr_cols; i++) {
		uint32_t h = idx_hash_str(IDX_HASH_INIT, t->cols[i]);

		k.name = t->cols[i];
		if (idx_map_find(&t->col_map, h, same_col, &k) != IDX_MAP_NONE) {
			lmb_err("%s:%lu: column '%s' appears twice in the header row; the file is damaged",
				t->path, lineno, t->cols[i]);
			return -1;
		}
		if (idx_map_add(&t->col_map, h, i))
			return -2;
	}
	for (i = 0; i < ARRAY_SIZE(required_cols); i++) {
		if (csv_col(t, required_cols[i]) < 0) {
			lmb_err("%s:%lu: header row has no '%s' column, which compare needs; is this a lazymmu-bench result file of schema %d?",
				t->path, lineno, required_cols[i], LMB_CSV_SCHEMA);
			return -1;
		}
	}
	return find_check_cols(t);
}

/* Check one parsed row; prints the first problem. */
static int check_row(const struct csv_table *t, char **f, unsigned long lineno)
{
	const int *ck = t->check_cols;
	const char *phase;
	double v;
	size_t i;
	int c;

	for (i = 0; i < ARRAY_SIZE(number_cols); i++) {
		c = ck[CK_NUMBER + i];
		if (!csv_parse_number(f[c], &v)) {
			lmb_err("%s:%lu: column '%s' is '%s', not a number >= 0; the file is damaged or was edited",
				t->path, lineno, number_cols[i], f[c]);
			return -1;
		}
		if (!strcmp(number_cols[i], "schema") && v != LMB_CSV_SCHEMA) {
			lmb_err("%s:%lu: row has schema %g, this lazymmu-bench reads schema %d",
				t->path, lineno, v, LMB_CSV_SCHEMA);
			return -1;
		}
		if (!strcmp(number_cols[i], "pages") && v < 1) {
			lmb_err("%s:%lu: 'pages' is %g; a sample covers at least one page, the file is damaged",
				t->path, lineno, v);
			return -1;
		}
	}
	for (i = 0; i < ARRAY_SIZE(optional_number_cols); i++) {
		c = ck[CK_OPTIONAL + i];
		if (c >= 0 && *f[c] && !csv_parse_number(f[c], &v)) {
			lmb_err("%s:%lu: column '%s' is '%s', not a number >= 0 (or empty for unknown); the file is damaged or was edited",
				t->path, lineno, optional_number_cols[i], f[c]);
			return -1;
		}
	}
	for (i = CK_EVENTS; ck[i] >= 0; i++) {
		c = ck[i];
		if (*f[c] && !csv_parse_number(f[c], &v)) {
			lmb_err("%s:%lu: counter column '%s' is '%s', not a number >= 0 (or empty for unavailable); the file is damaged or was edited",
				t->path, lineno, t->cols[c], f[c]);
			return -1;
		}
	}
	if (!*f[ck[CK_WORKLOAD]]) {
		lmb_err("%s:%lu: 'workload' is empty; the file is damaged", t->path, lineno);
		return -1;
	}
	phase = f[ck[CK_PHASE]];
	if (strcmp(phase, "sample") && strcmp(phase, "warmup")) {
		lmb_err("%s:%lu: 'phase' is '%s', expected 'sample' or 'warmup'; the file is damaged",
			t->path, lineno, phase);
		return -1;
	}
	return 0;
}

/* @n more bytes of room at the end of t->text. */
static int text_room(struct csv_table *t, size_t n)
{
	size_t cap = t->text_cap ? t->text_cap : 1 << 16;
	char *p;

	if (n > SIZE_MAX / 4 - t->text_len)
		return -1;
	while (cap - t->text_len < n)
		cap *= 2;
	if (cap == t->text_cap)
		return 0;
	p = realloc(t->text, cap);
	if (!p)
		return -1;
	t->text = p;
	t->text_cap = cap;
	return 0;
}

/* Room for one more row of @filled non-empty cells spanning @row_len bytes. */
static int row_room(struct csv_table *t, size_t filled, size_t row_len)
{
	size_t i;
	void *p;

	if (t->nr_rows == t->cap_rows) {
		size_t cap = t->cap_rows ? 2 * t->cap_rows : 256;

		if (cap > SIZE_MAX / 8 / t->words)
			return -1;
		p = realloc(t->filled, cap * t->words * sizeof(*t->filled));
		if (!p)
			return -1;
		t->filled = p;
		p = realloc(t->rank, cap * t->words * sizeof(*t->rank));
		if (!p)
			return -1;
		t->rank = p;
		p = realloc(t->row_cells, cap * sizeof(*t->row_cells));
		if (!p)
			return -1;
		t->row_cells = p;
		p = realloc(t->row_text, cap * sizeof(*t->row_text));
		if (!p)
			return -1;
		t->row_text = p;
		p = realloc(t->line, cap * sizeof(*t->line));
		if (!p)
			return -1;
		t->line = p;
		t->cap_rows = cap;
	}
	if (t->nr_offs + filled > t->cap_offs) {
		size_t cap = t->cap_offs ? 2 * t->cap_offs : 4096;

		while (cap < t->nr_offs + filled)
			cap *= 2;
		p = realloc(t->cell_off, cap * t->cell_bytes);
		if (!p)
			return -1;
		t->cell_off = p;
		t->cap_offs = cap;
	}
	if (row_len > UINT16_MAX && t->cell_bytes == 2) {
		uint32_t *wide = malloc(t->cap_offs * sizeof(*wide));

		if (!wide)
			return -1;
		for (i = 0; i < t->nr_offs; i++)
			wide[i] = ((uint16_t *)t->cell_off)[i];
		free(t->cell_off);
		t->cell_off = wide;
		t->cell_bytes = 4;
	}
	return 0;
}

static bool is_header_again(const struct csv_table *t, char **f)
{
	size_t i;

	for (i = 0; i < t->nr_cols && !strcmp(f[i], t->cols[i]); i++)
		;
	return i == t->nr_cols;
}

/*
 * Pack the split row at @row: its non-empty cells, each NUL-terminated; an
 * empty cell is only a 0 bit in the row's bitmap, so a wide row of mostly
 * empty cells costs little.  Returns the bytes used; *@filled gets the
 * number of non-empty cells, and @f points into the packed row (NULL for
 * an empty cell).
 */
static size_t pack_row(char *row, char **f, size_t n, size_t *filled)
{
	char *w = row;
	size_t i, len;

	*filled = 0;
	for (i = 0; i < n; i++) {
		if (!*f[i]) {
			f[i] = NULL;	/* its text is overwritten below */
			continue;
		}
		len = strlen(f[i]) + 1;
		memmove(w, f[i], len);	/* w <= f[i]: moves left */
		f[i] = w;
		w += len;
		(*filled)++;
	}
	return (size_t)(w - row);
}

/* The bitmap, ranks and offsets of the packed row @row (fields @f). */
static void index_row(struct csv_table *t, const char *row, char **f)
{
	uint64_t *bits = &t->filled[t->nr_rows * t->words];
	uint32_t *rank = &t->rank[t->nr_rows * t->words];
	size_t i, k = 0;

	memset(bits, 0, t->words * sizeof(*bits));
	t->row_cells[t->nr_rows] = t->nr_offs;
	for (i = 0; i < t->nr_cols; i++) {
		size_t off;

		if (i % 64 == 0)
			rank[i / 64] = (uint32_t)k;
		if (!f[i])
			continue;
		off = (size_t)(f[i] - row);
		bits[i / 64] |= 1ULL << (i % 64);
		if (t->cell_bytes == 2)
			((uint16_t *)t->cell_off)[t->nr_offs + k] = (uint16_t)off;
		else
			((uint32_t *)t->cell_off)[t->nr_offs + k] = (uint32_t)off;
		k++;
	}
	t->nr_offs += k;
}

static int add_row(struct csv_table *t, const char *line, size_t len,
		   unsigned long lineno)
{
	size_t used, filled;
	char *row, **f;
	long n;

	if (!fields_room(t, line) || text_room(t, len + 1))
		return -2;
	row = t->text + t->text_len;
	memcpy(row, line, len + 1);
	f = t->fields;
	n = csv_split(row, f);
	if (n < 0) {
		lmb_err("%s:%lu: malformed quoting in a sample row; the file is damaged",
			t->path, lineno);
		return -1;
	}
	if ((size_t)n != t->nr_cols) {
		lmb_err("%s:%lu: row has %ld fields, the header has %zu; the file is damaged or mixes two headers",
			t->path, lineno, n, t->nr_cols);
		return -1;
	}
	if (is_header_again(t, f))
		return 0;	/* a repeated header (files joined with cat) */
	if (check_row(t, f, lineno))
		return -1;
	used = pack_row(row, f, t->nr_cols, &filled);
	if (row_room(t, filled, used))
		return -2;
	index_row(t, row, f);
	t->row_text[t->nr_rows] = t->text_len;
	t->line[t->nr_rows++] = lineno;
	t->text_len += used;
	return 0;
}

static FILE *open_regular(const char *path)
{
	struct stat st;
	FILE *fp;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lmb_err("cannot open result file %s: %s; check the path", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		lmb_err("%s is a directory; give one of the result .csv files in it",
			path);
		close(fd);
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (!fp) {
		lmb_err("cannot read %s: %s", path, strerror(errno));
		close(fd);
	}
	return fp;
}

/*
 * A row cut short by a killed run and joined with cat to the next file's
 * first line: "...,1.0000# lazymmu-bench results, schema 1".  Returns the
 * schema line inside @line, or NULL.
 */
static const char *joined_schema_line(const char *line)
{
	return line[0] == '#' ? NULL : strstr(line, SCHEMA_LINE);
}

static int read_line(struct csv_table *t, char *line, size_t len,
		     unsigned long lineno, bool complete, bool *header)
{
	const char *schema = joined_schema_line(line);
	int ret;

	if (schema && complete) {
		lmb_warn("%s:%lu: a line cut short (run killed while writing) is joined to the next file's first line; ignoring the cut part",
			 t->path, lineno);
		cur_run(t)->truncated = t->truncated = true;
		ret = start_run(t, lineno);
		return ret ? ret : check_schema_line(t, schema, lineno);
	}
	if (!complete && !*header && line[0] != '#') {
		lmb_err("%s:%lu: the file ends before its header row is complete; it holds no samples",
			t->path, lineno);
		return -1;
	}
	if (!complete) {
		/* the writer ends every line with '\n': cut short */
		lmb_warn("%s:%lu: last line is incomplete (run interrupted while writing?); ignoring it and using the %zu complete sample rows",
			 t->path, lineno, t->nr_rows);
		cur_run(t)->truncated = t->truncated = true;
		return 0;
	}
	if (!strncmp(line, SCHEMA_LINE, strlen(SCHEMA_LINE))) {
		ret = start_run(t, lineno);
		return ret ? ret : check_schema_line(t, line, lineno);
	}
	if (line[0] == '#')
		return parse_comment(t, line, lineno) ? -2 : 0;
	if (!len)
		return 0;
	if (!*header) {
		*header = true;
		return set_header(t, line, lineno);
	}
	return add_row(t, line, len, lineno);
}

static void close_runs(struct csv_table *t, unsigned long lineno)
{
	size_t i;

	cur_run(t)->last_line = lineno;
	cur_run(t)->nr_rows = t->nr_rows - cur_run(t)->first_row;
	for (i = 0; i < t->nr_runs; i++)
		t->runs[i].state = end_state(t->runs[i].end);
}

static int read_lines(struct csv_table *t, FILE *fp)
{
	unsigned long lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	bool header = false;
	ssize_t len;
	int ret = 0;

	errno = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		bool complete = len > 0 && line[len - 1] == '\n';

		lineno++;
		if (complete)
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (complete && (size_t)len != strlen(line)) {
			lmb_err("%s:%lu: the line holds a NUL byte; the file is damaged (not text)",
				t->path, lineno);
			ret = -1;
		} else if (lineno == 1) {
			ret = start_run(t, 1);
			ret = ret ? ret : check_schema_line(t, line, 1);
			t->schema = LMB_CSV_SCHEMA;
		} else {
			ret = read_line(t, line, (size_t)len, lineno, complete, &header);
		}
		if (ret)
			break;
	}
	if (!ret && ferror(fp)) {
		lmb_err("reading %s failed: %s", t->path, strerror(errno));
		ret = -1;
	}
	free(line);
	if (ret == -2)
		lmb_err("out of memory reading %s", t->path);
	if (ret)
		return -1;
	if (lineno == 0) {
		lmb_err("%s is empty; give a result file written by 'lazymmu-bench run'",
			t->path);
		return -1;
	}
	close_runs(t, lineno);
	if (!header) {
		lmb_err("%s:%lu: the file has no header row and no samples (the run failed before measuring?)",
			t->path, lineno);
		return -1;
	}
	return 0;
}

static int check_meta_schema(const struct csv_table *t)
{
	const char *s = meta_get(&t->meta, "schema");
	double v;

	if (s && (!csv_parse_number(s, &v) || v != LMB_CSV_SCHEMA)) {
		lmb_err("%s: metadata says schema '%s', this lazymmu-bench reads schema %d",
			t->path, s, LMB_CSV_SCHEMA);
		return -1;
	}
	return 0;
}

struct cell_key {
	const struct csv_table *t;
	int col;
	const char *s;
};

static bool same_cell(const void *key, size_t row)
{
	const struct cell_key *k = key;

	return !strcmp(csv_cell(k->t, row, k->col), k->s);
}

/* Distinct run_id values (files joined with cat hold several runs). */
static int count_run_ids(struct csv_table *t)
{
	struct cell_key k = { t, csv_col(t, "run_id"), NULL };
	struct idx_map seen = { 0 };
	size_t r;

	for (r = 0; r < t->nr_rows; r++) {
		uint32_t h;

		k.s = csv_cell(t, r, k.col);
		h = idx_hash_str(IDX_HASH_INIT, k.s);
		if (idx_map_find(&seen, h, same_cell, &k) != IDX_MAP_NONE)
			continue;
		if (idx_map_add(&seen, h, r)) {
			idx_map_free(&seen);
			lmb_err("out of memory reading %s", t->path);
			return -1;
		}
	}
	t->nr_run_ids = seen.n;
	idx_map_free(&seen);
	return 0;
}

struct csv_table *csv_read(const char *path)
{
	struct csv_table *t = calloc(1, sizeof(*t));
	FILE *fp;

	if (!t) {
		lmb_err("out of memory reading %s", path);
		return NULL;
	}
	t->cell_bytes = 2;
	t->path = strdup(path);
	if (!t->path) {
		free(t);
		lmb_err("out of memory reading %s", path);
		return NULL;
	}
	fp = open_regular(path);
	if (!fp) {
		csv_table_free(t);
		return NULL;
	}
	if (read_lines(t, fp) || check_meta_schema(t) || count_run_ids(t)) {
		fclose(fp);
		csv_table_free(t);
		return NULL;
	}
	fclose(fp);
	return t;
}

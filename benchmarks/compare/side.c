// SPDX-License-Identifier: GPL-2.0
/* compare's sides: "+" joins, directories of *.csv, read as one table. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare/meta_diff.h"
#include "compare/side.h"
#include "log.h"

static int push_path(struct side_paths *s, const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char **p, *path;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;

		p = realloc(s->path, cap * sizeof(*p));
		if (!p)
			return -1;
		s->path = p;
		s->cap = cap;
	}
	path = malloc(len);
	if (!path)
		return -1;
	if (*dir)
		snprintf(path, len, "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	else
		snprintf(path, len, "%s", name);
	s->path[s->n++] = path;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_csv(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && !strcmp(name + len - 4, ".csv") && name[0] != '.';
}

/* Every *.csv in @dir, sorted by name. */
static int add_dir(struct side_paths *s, const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t first = s->n;

	if (!dp) {
		lmb_err("cannot read directory %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(dp))) {
		if (is_csv(e->d_name) && push_path(s, dir, e->d_name)) {
			closedir(dp);
			lmb_err("out of memory listing %s", dir);
			return -1;
		}
	}
	closedir(dp);
	if (s->n == first) {
		lmb_err("directory %s holds no *.csv result file; give result files or a directory of them",
			dir);
		return -1;
	}
	qsort(s->path + first, s->n - first, sizeof(*s->path), by_name);
	return 0;
}

static int add_arg(struct side_paths *s, const char *arg)
{
	struct stat st;

	if (!stat(arg, &st) && S_ISDIR(st.st_mode))
		return add_dir(s, arg);
	if (push_path(s, "", arg)) {
		lmb_err("out of memory");
		return -1;
	}
	return 0;
}

/* Append " + @arg" (or @arg first) to the side's name. */
static int name_add(struct side_paths *s, const char *arg)
{
	size_t len = s->name ? strlen(s->name) : 0;
	char *p = realloc(s->name, len + strlen(arg) + 4);

	if (!p)
		return -1;
	s->name = p;
	sprintf(p + len, "%s%s", len ? " + " : "", arg);
	return 0;
}

/* " (N files)" when directories gave more files than arguments. */
static int name_count(struct side_paths *s, size_t args)
{
	size_t len = strlen(s->name);
	char *p;

	if (s->n == args)
		return 0;
	p = realloc(s->name, len + 32);
	if (!p)
		return -1;
	s->name = p;
	snprintf(p + len, 32, " (%zu files)", s->n);
	return 0;
}

void side_paths_free(struct side_paths *s, size_t n)
{
	size_t i, j;

	for (i = 0; s && i < n; i++) {
		for (j = 0; j < s[i].n; j++)
			free(s[i].path[j]);
		free(s[i].path);
		free(s[i].name);
	}
	free(s);
}

int side_parse(char *const *argv, size_t argc, struct side_paths **sides,
	       size_t *nr_sides)
{
	struct side_paths *s = calloc(argc + 1, sizeof(*s));
	size_t i, n = 0, args = 0;
	bool open = false;

	if (!s) {
		lmb_err("out of memory");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "+")) {
			if (!open || i + 1 >= argc || !strcmp(argv[i + 1], "+")) {
				lmb_err("a '+' joins result files of one side (a1.csv + a2.csv); argument %zu is a '+' with no file %s it (a file named '+': ./+)",
					i + 1, open ? "after" : "before");
				goto fail;
			}
			continue;
		}
		if (!open)
			args = 0;
		open = true;
		args++;
		if (add_arg(&s[n], argv[i]) || name_add(&s[n], argv[i]))
			goto fail;
		if (i + 1 < argc && !strcmp(argv[i + 1], "+"))
			continue;
		if (name_count(&s[n], args))
			goto fail;
		n++;
		open = false;
	}
	*sides = s;
	*nr_sides = n;
	return 0;
fail:
	side_paths_free(s, n + 1);
	return -1;
}

/* Column @name's index in the union @cols, added when new. */
static long union_col(char ***cols, size_t *n, const char *name)
{
	char **p;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*cols)[i], name))
			return (long)i;
	p = realloc(*cols, (*n + 1) * sizeof(*p));
	if (!p)
		return -1;
	*cols = p;
	p[*n] = (char *)name;
	return (long)(*n)++;
}

/* One block of NUL-separated strings, pointers into it in @out. */
static char *pack(char *const *s, size_t n, char **out)
{
	size_t i, len = 0;
	char *b, *p;

	for (i = 0; i < n; i++)
		len += strlen(s[i]) + 1;
	b = malloc(len ? len : 1);
	if (!b)
		return NULL;
	for (i = 0, p = b; i < n; i++) {
		size_t l = strlen(s[i]) + 1;

		memcpy(p, s[i], l);
		out[i] = p;
		p += l;
	}
	return b;
}

/* Join @t[0..n) into one table named @name. */
static struct csv_table *join(struct csv_table **t, size_t n, const char *name)
{
	struct csv_table *j = calloc(1, sizeof(*j));
	char **cols = NULL, *empty = "";
	size_t nc = 0, f, c, r, rows = 0, k;
	char **tmp = NULL;
	long *map = NULL;

	if (!j)
		return NULL;
	for (f = 0; f < n; f++) {
		rows += t[f]->nr_rows;
		for (c = 0; c < t[f]->nr_cols; c++)
			if (union_col(&cols, &nc, t[f]->cols[c]) < 0)
				goto oom;
	}
	j->schema = t[0]->schema;
	j->path = strdup(name);
	j->nr_cols = nc;
	j->cols = calloc(nc ? nc : 1, sizeof(*j->cols));
	j->cells = malloc((rows && nc ? rows * nc : 1) * sizeof(*j->cells));
	j->line = malloc((rows ? rows : 1) * sizeof(*j->line));
	tmp = malloc((nc ? nc : 1) * sizeof(*tmp));
	map = malloc((nc ? nc : 1) * sizeof(*map));
	if (!j->path || !j->cols || !j->cells || !j->line || !tmp || !map)
		goto oom;
	j->cols[0] = NULL;
	if (!pack(cols, nc, j->cols))
		goto oom;
	for (f = 0; f < n; f++) {
		for (c = 0; c < nc; c++)
			map[c] = csv_col(t[f], j->cols[c]);
		for (r = 0; r < t[f]->nr_rows; r++) {
			for (c = 0; c < nc; c++)
				tmp[c] = map[c] < 0 ? empty :
					 (char *)csv_cell(t[f], r, (int)map[c]);
			if (!pack(tmp, nc, j->cells + j->nr_rows * nc))
				goto oom;
			j->line[j->nr_rows++] = t[f]->line[r];
		}
		for (k = 0; k < t[f]->meta.n; k++)
			if (!meta_get(&j->meta, t[f]->meta.kv[k].key) &&
			    meta_set(&j->meta, t[f]->meta.kv[k].key, t[f]->meta.kv[k].value))
				goto oom;
		for (k = 0; k < t[f]->nr_events; k++) {
			struct csv_event *e = realloc(j->events,
						      (j->nr_events + 1) * sizeof(*e));

			if (!e)
				goto oom;
			j->events = e;
			e[j->nr_events].column = strdup(t[f]->events[k].column);
			e[j->nr_events].desc = strdup(t[f]->events[k].desc);
			j->nr_events++;
			if (!e[j->nr_events - 1].column || !e[j->nr_events - 1].desc)
				goto oom;
		}
		j->truncated |= t[f]->truncated;
	}
	j->cap_rows = j->nr_rows;
	/* complete only when every file is; else the first other state */
	for (f = 0; f < n && t[f]->end && !strncmp(t[f]->end, "complete", 8); f++)
		;
	if (f == n || t[f]->end) {
		j->end = strdup(f == n ? t[0]->end : t[f]->end);
		if (!j->end)
			goto oom;
	}
	free(cols);
	free(tmp);
	free(map);
	return j;
oom:
	lmb_err("out of memory joining the %zu files of %s", n, name);
	free(cols);
	free(tmp);
	free(map);
	csv_table_free(j);
	return NULL;
}

struct csv_table *side_load(const struct side_paths *s)
{
	struct csv_table **t = calloc(s->n + 1, sizeof(*t)), *j = NULL;
	size_t i;

	if (!t) {
		lmb_err("out of memory");
		return NULL;
	}
	for (i = 0; i < s->n; i++) {
		t[i] = csv_read(s->path[i]);
		if (!t[i])
			goto out;
	}
	if (s->n == 1) {
		j = t[0];
		t[0] = NULL;
		goto out;
	}
	for (i = 1; i < s->n; i++)
		if (strcmp(meta_diff_value(t[0], "kernel_release"),
			   meta_diff_value(t[i], "kernel_release")))
			lmb_warn("the files of one side ran different kernels: %s (%s) and %s (%s); a side is one kernel",
				 t[0]->path, meta_diff_value(t[0], "kernel_release"),
				 t[i]->path, meta_diff_value(t[i], "kernel_release"));
	meta_diff_warn(t, s->n);
	j = join(t, s->n, s->name);
out:
	for (i = 0; i < s->n; i++)
		csv_table_free(t[i]);
	free(t);
	return j;
}

// SPDX-License-Identifier: GPL-2.0
/* compare's sides: "+" joins, directories of *.csv, read as one table. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/*
 * Append file @path to @out as cat would, but without an incomplete last
 * line (a killed run's; the reader dropped it with a warning already).
 */
static int append(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	if (!in) {
		lmb_err("cannot open result file %s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, in)) > 0)
		if (line[len - 1] == '\n' && fwrite(line, 1, (size_t)len, out) != (size_t)len)
			ret = -1;
	if (ferror(in))
		ret = -1;
	free(line);
	fclose(in);
	return ret;
}

/* The same columns in the same order (a header the reader can repeat). */
static bool same_columns(const struct csv_table *a, const struct csv_table *b)
{
	size_t c;

	if (a->nr_cols != b->nr_cols)
		return false;
	for (c = 0; c < a->nr_cols; c++)
		if (strcmp(a->cols[c], b->cols[c]))
			return false;
	return true;
}

/* Read the files of @s joined, from a temporary copy; NULL on error. */
static struct csv_table *read_joined(const struct side_paths *s)
{
	char dir[] = "/tmp/lmb-side-XXXXXX", path[sizeof(dir) + 16];
	struct csv_table *t = NULL;
	FILE *out;
	size_t i;
	int ret = 0;

	if (!mkdtemp(dir)) {
		lmb_err("cannot create a temporary directory to join %s: %s", s->name,
			strerror(errno));
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/side.csv", dir);
	out = fopen(path, "w");
	if (!out) {
		lmb_err("cannot write %s to join %s: %s", path, s->name, strerror(errno));
		rmdir(dir);
		return NULL;
	}
	for (i = 0; i < s->n && !ret; i++)
		ret = append(out, s->path[i]);
	if (fclose(out) || ret)
		lmb_err("writing %s to join %s failed: %s", path, s->name, strerror(errno));
	else
		t = csv_read(path);
	unlink(path);
	rmdir(dir);
	if (t) {
		free(t->path);
		t->path = strdup(s->name);
		if (!t->path) {
			csv_table_free(t);
			lmb_err("out of memory");
			return NULL;
		}
	}
	return t;
}

struct csv_table *side_load(const struct side_paths *s)
{
	struct csv_table *first = NULL, *t;
	size_t i;

	if (s->n == 1)
		return csv_read(s->path[0]);
	/* each file on its own first: messages name the file and its line */
	for (i = 0; i < s->n; i++) {
		t = csv_read(s->path[i]);
		if (!t)
			goto fail;
		if (!first) {
			first = t;
			continue;
		}
		if (!same_columns(first, t)) {
			lmb_err("%s and %s have different columns (%zu and %zu): the files of one side must come from one suite version; compare them as separate sides",
				first->path, t->path, first->nr_cols, t->nr_cols);
			csv_table_free(t);
			goto fail;
		}
		if (strcmp(meta_diff_value(first, "kernel_release"),
			   meta_diff_value(t, "kernel_release")))
			lmb_warn("the files of one side ran different kernels: %s (%s) and %s (%s); a side is one kernel",
				 first->path, meta_diff_value(first, "kernel_release"),
				 t->path, meta_diff_value(t, "kernel_release"));
		csv_table_free(t);
	}
	csv_table_free(first);
	return read_joined(s);
fail:
	csv_table_free(first);
	return NULL;
}

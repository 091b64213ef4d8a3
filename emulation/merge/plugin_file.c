// SPDX-License-Identifier: GPL-2.0
/* Reading the plugin's window and function files (see plugin_file.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_file.h"
#include "tool_msg.h"

#define PF_FORMAT	1

static const char *const kind_word[] = { "windows", "funcs" };
static const char *const kind_what[] = { "window file", "function file" };
static const char *const kind_arg[] = { "out=", "funcs=" };

/* The first line: "# lmb-emu windows, format 1". */
static int check_format(const struct plugin_file *pf)
{
	const char *l = pf->tf.nr ? pf->tf.line[0] : "";
	char word[16];
	int fmt, used = 0;

	if (sscanf(l, "# lmb-emu %15[a-z], format %d%n", word, &fmt, &used) != 2 ||
	    l[used]) {
		emu_err("%s:1: not a %s of the lmb-emu plugin (its first line must be '# lmb-emu %s, format %d'); give the plugin's %s file",
			pf->tf.path, pf->what, kind_word[pf->kind], PF_FORMAT,
			kind_arg[pf->kind]);
		return -1;
	}
	if (strcmp(word, kind_word[pf->kind])) {
		emu_err("%s:1: this is the plugin's '%s' file, not its %s (%s) file; check the order of the arguments",
			pf->tf.path, word, pf->what, kind_arg[pf->kind]);
		return -1;
	}
	if (fmt != PF_FORMAT) {
		emu_err("%s:1: %s format %d, this tool reads format %d; use the tools built with the plugin that wrote it",
			pf->tf.path, pf->what, fmt, PF_FORMAT);
		return -1;
	}
	return 0;
}

static int add_meta(struct plugin_file *pf, char *line)
{
	char *colon = strstr(line, ": ");
	struct pf_meta *m;

	if (!colon)
		return 0;	/* free-form comment */
	m = realloc(pf->meta, (pf->nr_meta + 1) * sizeof(*m));
	if (!m) {
		emu_err("out of memory reading %s", pf->tf.path);
		return -1;
	}
	pf->meta = m;
	*colon = '\0';
	m[pf->nr_meta].key = line + 2;
	m[pf->nr_meta].value = colon + 2;
	pf->nr_meta++;
	return 0;
}

static int parse_end(struct plugin_file *pf, const char *val, size_t lineno)
{
	int used = 0;

	if (strchr(val, '-') ||
	    sscanf(val, "windows=%llu unmatched_open=%llu unmatched_close=%llu open_at_exit=%llu%n",
		   &pf->windows, &pf->unmatched_open, &pf->unmatched_close,
		   &pf->open_at_exit, &used) != 4 || val[used]) {
		emu_err("%s:%zu: malformed '# end:' line '%s' (expected 'windows=N unmatched_open=N unmatched_close=N open_at_exit=N'); the file is damaged",
			pf->tf.path, lineno, val);
		return -1;
	}
	pf->end = val;
	return 0;
}

static int check_header(const struct plugin_file *pf, size_t lineno)
{
	static const char *const want[2][4] = {
		{ "window", "status", "open_vcpu", "close_vcpu" },
		{ "window", "function", NULL, NULL },
	};
	const struct fields *h = &pf->header;
	size_t i;

	for (i = 0; i < 4 && want[pf->kind][i]; i++) {
		if (i >= h->n || strcmp(h->v[i], want[pf->kind][i])) {
			emu_err("%s:%zu: header row does not start with the %s columns (column %zu should be '%s'); the file is damaged or not from this plugin",
				pf->tf.path, lineno, pf->what, i + 1,
				want[pf->kind][i]);
			return -1;
		}
	}
	if (h->n <= i) {
		emu_err("%s:%zu: header row has no counter columns; the file is damaged",
			pf->tf.path, lineno);
		return -1;
	}
	return 0;
}

static bool is_text_col(size_t col)
{
	return col == 1;	/* status (windows), function (funcs) */
}

static int add_row(struct plugin_file *pf, const char *line, size_t lineno)
{
	unsigned long long v, window;
	struct fields f, *rows;
	size_t *ln, i;

	if (fields_split(&f, line)) {
		emu_err("%s:%zu: malformed quoting in a row; the file is damaged",
			pf->tf.path, lineno);
		return -1;
	}
	if (f.n != pf->header.n) {
		emu_err("%s:%zu: row has %zu fields, the header has %zu; the file is damaged",
			pf->tf.path, lineno, f.n, pf->header.n);
		goto bad;
	}
	for (i = 0; i < f.n; i++) {
		if (!is_text_col(i) && !parse_count(f.v[i], &v)) {
			emu_err("%s:%zu: column '%s' is '%s', not a count (digits only); the file is damaged or was edited",
				pf->tf.path, lineno, pf->header.v[i], f.v[i]);
			goto bad;
		}
	}
	parse_count(f.v[0], &window);
	if (pf->kind == PF_WINDOWS && window != pf->nr_rows) {
		emu_err("%s:%zu: window %llu where window %zu was expected (windows are written in order from 0); the file is damaged",
			pf->tf.path, lineno, window, pf->nr_rows);
		goto bad;
	}
	rows = realloc(pf->rows, (pf->nr_rows + 1) * sizeof(*rows));
	if (rows)
		pf->rows = rows;
	ln = realloc(pf->row_line, (pf->nr_rows + 1) * sizeof(*ln));
	if (ln)
		pf->row_line = ln;
	if (!rows || !ln) {
		emu_err("out of memory reading %s", pf->tf.path);
		goto bad;
	}
	pf->rows[pf->nr_rows] = f;
	pf->row_line[pf->nr_rows++] = lineno;
	return 0;
bad:
	fields_free(&f);
	return -1;
}

static int read_lines(struct plugin_file *pf)
{
	size_t i;

	for (i = 1; i < pf->tf.nr; i++) {
		char *l = pf->tf.line[i];
		int ret = 0;

		if (pf->tf.cut && i + 1 == pf->tf.nr) {
			emu_err("%s:%zu: the last line is incomplete: QEMU was killed while the plugin wrote it; rerun the guest to the end",
				pf->tf.path, i + 1);
			return -1;
		}
		if (!*l)
			continue;
		if (pf->end) {
			emu_err("%s:%zu: text after the '# end:' line; the file is damaged (two runs written to one file?)",
				pf->tf.path, i + 1);
			return -1;
		}
		if (!strncmp(l, "# end: ", 7))
			ret = parse_end(pf, l + 7, i + 1);
		else if (l[0] == '#')
			ret = pf->header.n ? 0 : add_meta(pf, l);
		else if (!pf->header.n)
			ret = fields_split(&pf->header, l) ? -1 :
			      check_header(pf, i + 1);
		else
			ret = add_row(pf, l, i + 1);
		if (ret)
			return -1;
	}
	return 0;
}

/* After reading: header and end line present, rows agree with the end. */
static int check_complete(const struct plugin_file *pf)
{
	size_t i;

	if (!pf->header.n) {
		emu_err("%s has no header row after its metadata: QEMU stopped before the plugin wrote it (killed?); rerun the guest",
			pf->tf.path);
		return -1;
	}
	if (!pf->end) {
		emu_err("%s has no '# end:' line: QEMU did not exit normally (killed or timed out), so the last window may be missing; rerun the guest to the end",
			pf->tf.path);
		return -1;
	}
	if (pf->kind == PF_WINDOWS && pf->nr_rows != pf->windows) {
		emu_err("%s: %zu window rows but the '# end:' line says windows=%llu; the file is damaged",
			pf->tf.path, pf->nr_rows, pf->windows);
		return -1;
	}
	for (i = 0; pf->kind == PF_FUNCS && i < pf->nr_rows; i++) {
		unsigned long long w;

		parse_count(pf->rows[i].v[0], &w);
		if (w >= pf->windows) {
			emu_err("%s:%zu: window %llu but the '# end:' line says windows=%llu; the file is damaged",
				pf->tf.path, pf->row_line[i], w, pf->windows);
			return -1;
		}
	}
	return 0;
}

int pf_read(struct plugin_file *pf, const char *path, enum pf_kind kind)
{
	memset(pf, 0, sizeof(*pf));
	pf->kind = kind;
	pf->what = kind_what[kind];
	if (text_read(&pf->tf, path, pf->what))
		return -1;
	if (check_format(pf) || read_lines(pf) || check_complete(pf)) {
		pf_free(pf);
		return -1;
	}
	return 0;
}

void pf_free(struct plugin_file *pf)
{
	size_t i;

	for (i = 0; i < pf->nr_rows; i++)
		fields_free(&pf->rows[i]);
	free(pf->rows);
	free(pf->row_line);
	free(pf->meta);
	fields_free(&pf->header);
	text_free(&pf->tf);
	memset(pf, 0, sizeof(*pf));
}

const char *pf_meta_get(const struct plugin_file *pf, const char *key)
{
	size_t i;

	for (i = 0; i < pf->nr_meta; i++)
		if (!strcmp(pf->meta[i].key, key))
			return pf->meta[i].value;
	return NULL;
}

const char *pf_bad_windows(const struct plugin_file *pf, char *buf, size_t len)
{
	size_t i;

	for (i = 0; pf->kind == PF_WINDOWS && i < pf->nr_rows; i++) {
		const char *st = pf->rows[i].v[1];

		if (strcmp(st, "ok")) {
			snprintf(buf, len, "window %zu (line %zu) has status '%s'%s",
				 i, pf->row_line[i], st,
				 !strcmp(st, "reopened") ?
				 " (an open marker came while it was open)" :
				 !strcmp(st, "open_at_exit") ?
				 " (still open when QEMU exited)" : "");
			return buf;
		}
	}
	if (pf->unmatched_open || pf->unmatched_close || pf->open_at_exit) {
		snprintf(buf, len, "the '# end:' line reports unmatched markers (%s)",
			 pf->end);
		return buf;
	}
	return NULL;
}

size_t pf_ok_windows(const struct plugin_file *pf)
{
	size_t i, n = 0;

	if (pf->kind == PF_FUNCS)
		return (size_t)pf->windows;
	for (i = 0; i < pf->nr_rows; i++)
		n += !strcmp(pf->rows[i].v[1], "ok");
	return n;
}

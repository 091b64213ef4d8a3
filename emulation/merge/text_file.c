// SPDX-License-Identifier: GPL-2.0
/* Text files as lines, CSV fields, counts (see text_file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text_file.h"
#include "tool_msg.h"

static int slurp(struct text_file *tf, const char *what, size_t *len)
{
	FILE *fp = fopen(tf->path, "r");
	struct stat st;
	size_t cap = 0, n;
	char *p;

	if (!fp) {
		emu_err("cannot open %s %s: %s; check the path", what, tf->path,
			strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		emu_err("%s %s is a directory; give the file", what, tf->path);
		fclose(fp);
		return -1;
	}
	*len = 0;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 65536;
			p = realloc(tf->buf, cap);
			if (!p) {
				emu_err("out of memory reading %s %s", what, tf->path);
				fclose(fp);
				return -1;
			}
			tf->buf = p;
		}
		n = fread(tf->buf + *len, 1, cap - *len - 1, fp);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		emu_err("reading %s %s failed: %s", what, tf->path, strerror(errno));
		fclose(fp);
		return -1;
	}
	fclose(fp);
	tf->buf[*len] = '\0';
	return 0;
}

int text_read(struct text_file *tf, const char *path, const char *what)
{
	size_t len, cap = 0;
	char *p, *end;

	memset(tf, 0, sizeof(*tf));
	tf->path = path;
	if (slurp(tf, what, &len))
		goto fail;
	if (len == 0) {
		emu_err("%s %s is empty; give the file the run wrote (an empty one means the program that writes it failed before writing)",
			what, path);
		goto fail;
	}
	if (memchr(tf->buf, '\0', len)) {
		emu_err("%s %s holds NUL bytes: not a text file; check the path",
			what, path);
		goto fail;
	}
	for (p = tf->buf, end = tf->buf + len; p < end; p++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (tf->nr == cap) {
			char **v;

			cap = cap ? 2 * cap : 1024;
			v = realloc(tf->line, cap * sizeof(*v));
			if (!v) {
				emu_err("out of memory reading %s %s", what, path);
				goto fail;
			}
			tf->line = v;
		}
		tf->line[tf->nr++] = p;
		if (!nl) {
			tf->cut = true;
			nl = end;
		}
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl;
	}
	return 0;
fail:
	text_free(tf);
	return -1;
}

void text_free(struct text_file *tf)
{
	free(tf->buf);
	free(tf->line);
	memset(tf, 0, sizeof(*tf));
}

int fields_split(struct fields *f, const char *line)
{
	size_t cap = 1;
	const char *s;
	char *r, *w;

	memset(f, 0, sizeof(*f));
	for (s = line; *s; s++)
		cap += *s == ',';
	f->buf = strdup(line);
	f->v = calloc(cap, sizeof(*f->v));
	if (!f->buf || !f->v)
		goto bad;
	r = w = f->buf;
	for (;;) {
		f->v[f->n++] = w;
		if (*r == '"') {
			for (r++;; ) {
				if (!*r)
					goto bad;
				if (r[0] == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			if (*r && *r != ',')
				goto bad;
		} else {
			while (*r && *r != ',') {
				if (*r == '"')
					goto bad;
				*w++ = *r++;
			}
		}
		if (!*r)
			break;
		*w++ = '\0';
		r++;
	}
	*w = '\0';
	return 0;
bad:
	fields_free(f);
	return -1;
}

void fields_free(struct fields *f)
{
	free(f->buf);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

int fields_find(const struct fields *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i], name))
			return (int)i;
	return -1;
}

bool parse_count(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s || strlen(s) > 19)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return true;
}

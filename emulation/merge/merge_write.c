// SPDX-License-Identifier: GPL-2.0
/* lmb-emu-merge's output file (see merge_write.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "merge_write.h"
#include "tool_msg.h"

/* @s with control characters as '_': a path cannot break a line. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 ? '_' : *s, f);
}

static void write_meta(FILE *f, const struct plugin_file *pf,
		       const struct merge_cols *mc, const char *spec)
{
	size_t i;

	fputs("# emu_windows: ", f);
	put_clean(f, pf->tf.path);
	fprintf(f, "\n# emu_windows_format: 1\n");
	for (i = 0; i < pf->nr_meta; i++)
		fprintf(f, "# emu_%s: %s\n", pf->meta[i].key, pf->meta[i].value);
	fprintf(f, "# emu_windows_end: %s\n", pf->end);
	fprintf(f, "# emu_columns: %s (%zu of the window file's %zu counters)\n",
		spec, mc->n, pf->header.n - 4);
	fprintf(f, "# emu_merge: lmb-emu-merge, window i = data row i (warm-up rows included); counts are raw per window, per page = ev_emu_* / pages\n");
}

static void write_events(FILE *f, const struct plugin_file *pf,
			 const struct merge_cols *mc)
{
	const char *ver = pf_meta_get(pf, "plugin_version");
	const char *mode = pf_meta_get(pf, "qemu_mode");
	size_t i;

	for (i = 0; i < mc->n; i++) {
		const char *name = pf->header.v[mc->idx[i]];
		size_t len = strlen(name);
		bool k = len > 2 && !strcmp(name + len - 2, "_k");

		fprintf(f, "# event: ev_emu_%s type=emulated source=lmb-emu-plugin(plugin_version=%s,qemu_mode=%s) counter=%s modifiers=%s scope=system-wide(all vCPUs between the window markers) status=ok\n",
			name, ver ? ver : "unknown", mode ? mode : "unknown",
			name, k ? "k (vaddr bit 63 set)" : "u (vaddr bit 63 clear)");
	}
}

static void write_lines(FILE *f, const struct suite_csv *s,
			const struct plugin_file *pf,
			const struct merge_cols *mc, const char *spec)
{
	size_t i, c, row = 0;

	for (i = 0; i < s->tf.nr; i++) {
		if (i == s->header_line) {
			write_meta(f, pf, mc, spec);
			write_events(f, pf, mc);
			fputs(s->tf.line[i], f);
			for (c = 0; c < mc->n; c++)
				fprintf(f, ",ev_emu_%s,ev_emu_%s_run",
					pf->header.v[mc->idx[c]],
					pf->header.v[mc->idx[c]]);
		} else if (row < s->nr_rows && i == s->rows[row].line) {
			fputs(s->tf.line[i], f);
			for (c = 0; c < mc->n; c++)
				fprintf(f, ",%s,1.0000",
					pf->rows[s->rows[row].window].v[mc->idx[c]]);
			row++;
		} else {
			fputs(s->tf.line[i], f);
		}
		fputc('\n', f);
	}
}

int merge_write(const char *out, const struct suite_csv *s,
		const struct plugin_file *pf, const struct merge_cols *mc,
		const char *spec)
{
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	FILE *f;

	if (fd < 0) {
		int exists = errno == EEXIST;

		emu_err("cannot create %s: %s%s", out, strerror(errno),
			exists ? "; it exists and is never overwritten: remove it or give another --out" :
			"; check that the folder exists and is writable");
		return exists ? EMU_EXIT_USAGE : EMU_EXIT_FAIL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		emu_err("cannot write %s: %s", out, strerror(errno));
		close(fd);
		unlink(out);
		return EMU_EXIT_FAIL;
	}
	write_lines(f, s, pf, mc, spec);
	if (ferror(f) | fclose(f)) {
		emu_err("writing %s failed: %s; the partial file is removed",
			out, strerror(errno));
		unlink(out);
		return EMU_EXIT_FAIL;
	}
	return EMU_EXIT_OK;
}

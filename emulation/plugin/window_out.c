// SPDX-License-Identifier: GPL-2.0
/* The plugin's window and function files (see window_out.h). */
#include <errno.h>
#include <string.h>

#include "window_out.h"

static void write_meta(FILE *f, const char *what, const struct emu_meta *meta,
		       size_t nr_meta)
{
	size_t i;

	fprintf(f, "# lmb-emu %s, format 1\n", what);
	for (i = 0; i < nr_meta; i++)
		fprintf(f, "# %s: %s\n", meta[i].key, meta[i].value);
}

static FILE *open_out(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");

	if (!f)
		snprintf(err, errlen, "cannot create output file '%s': %s; give a writable path",
			 path, strerror(errno));
	return f;
}

int emu_out_open(struct emu_out *o, const char *win_path, const char *funcs_path,
		 const struct emu_meta *meta, size_t nr_meta, char *err, size_t errlen)
{
	char name[64];
	unsigned int i, f;
	const char *mode;

	memset(o, 0, sizeof(*o));
	o->nr = emu_nr_counters();
	o->win = open_out(win_path, err, errlen);
	if (!o->win)
		return -1;
	if (funcs_path) {
		o->funcs = open_out(funcs_path, err, errlen);
		if (!o->funcs) {
			fclose(o->win);
			o->win = NULL;
			return -1;
		}
	}
	write_meta(o->win, "windows", meta, nr_meta);
	fprintf(o->win, "window,status,open_vcpu,close_vcpu");
	for (mode = "ku"; *mode; mode++) {
		for (i = 0; i < o->nr; i++) {
			emu_counter_name(i, name, sizeof(name));
			fprintf(o->win, ",%s_%c", name, *mode);
		}
	}
	fputc('\n', o->win);
	fflush(o->win);
	if (o->funcs) {
		write_meta(o->funcs, "funcs", meta, nr_meta);
		fprintf(o->funcs, "window,function");
		for (f = 0; f < EMU_NR_FCOUNTERS; f++)
			fprintf(o->funcs, ",%s_k", emu_fcounter_name(f));
		fputc('\n', o->funcs);
		fflush(o->funcs);
	}
	return 0;
}

void emu_out_window(struct emu_out *o, unsigned long window, const char *status,
		    unsigned int open_vcpu, unsigned int close_vcpu,
		    const uint64_t *k, const uint64_t *u)
{
	unsigned int i;

	fprintf(o->win, "%lu,%s,%u,%u", window, status, open_vcpu, close_vcpu);
	for (i = 0; i < o->nr; i++)
		fprintf(o->win, ",%llu", (unsigned long long)k[i]);
	for (i = 0; i < o->nr; i++)
		fprintf(o->win, ",%llu", (unsigned long long)u[i]);
	fputc('\n', o->win);
}

void emu_out_func(struct emu_out *o, unsigned long window, const char *func,
		  const uint64_t f[EMU_NR_FCOUNTERS])
{
	unsigned int i;
	bool any = false;

	if (!o->funcs)
		return;
	for (i = 0; i < EMU_NR_FCOUNTERS; i++)
		any |= f[i] != 0;
	if (!any)
		return;
	fprintf(o->funcs, "%lu,%s", window, func);
	for (i = 0; i < EMU_NR_FCOUNTERS; i++)
		fprintf(o->funcs, ",%llu", (unsigned long long)f[i]);
	fputc('\n', o->funcs);
}

void emu_out_flush(struct emu_out *o)
{
	fflush(o->win);
	if (o->funcs)
		fflush(o->funcs);
}

void emu_out_close(struct emu_out *o, unsigned long windows,
		   unsigned long unmatched_open, unsigned long unmatched_close,
		   unsigned long open_at_exit)
{
	FILE *files[2] = { o->win, o->funcs };
	int i;

	for (i = 0; i < 2; i++) {
		if (!files[i])
			continue;
		fprintf(files[i], "# end: windows=%lu unmatched_open=%lu unmatched_close=%lu open_at_exit=%lu\n",
			windows, unmatched_open, unmatched_close, open_at_exit);
		fclose(files[i]);
	}
	o->win = o->funcs = NULL;
}

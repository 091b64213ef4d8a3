// SPDX-License-Identifier: GPL-2.0
/* Shared pieces of the --plot writers: names, colours, gnuplot runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "array_size.h"
#include "compare/fmt.h"
#include "compare/plot_gp.h"
#include "exit_codes.h"
#include "log.h"

static const char *const colors[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
};

const char *plot_color(size_t f)
{
	return colors[f % ARRAY_SIZE(colors)];
}

const char *plot_safe(char *buf, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < cap; i++)
		buf[i] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+=- ",
				s[i]) ? s[i] : '_';
	buf[i] = '\0';
	if (!strcmp(buf, ".") || !strcmp(buf, ".."))
		buf[0] = '_';
	return buf;
}

const char *plot_file_title(char *buf, size_t cap, const struct cmp_data *d,
			    size_t f)
{
	const char *l = meta_get(&d->files[f]->meta, "label");
	const char *base = strrchr(d->files[f]->path, '/');
	char tag[FMT_LEN], lab[128], file[128];

	snprintf(buf, cap, "%s: %s (%s)", fmt_tag(tag, f),
		 plot_safe(lab, sizeof(lab), l ? l : "no label"),
		 plot_safe(file, sizeof(file), base ? base + 1 : d->files[f]->path));
	return buf;
}

FILE *plot_open(const char *dir, const char *name, const char *ext)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	f = fopen(path, "w");
	if (!f)
		lmb_err("--plot: cannot write %s: %s; check that the folder is writable",
			path, strerror(errno));
	return f;
}

void plot_terminal(FILE *gp, const char *name, int width, int height)
{
	fprintf(gp, "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
		"  set terminal pngcairo noenhanced size %d,%d font \"sans,10\"\n"
		"} else {\n"
		"  set terminal png noenhanced size %d,%d\n"
		"}\n", width, height, width, height);
	fprintf(gp, "set output \"%s.png\"\nset datafile missing \"NaN\"\n", name);
}

int plot_run_gnuplot(const char *dir, const char *arg, bool quiet)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		lmb_err("cannot start gnuplot: fork failed: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			if (quiet)
				dup2(null, STDERR_FILENO);
		}
		if (dir && chdir(dir))
			_exit(LMB_EXIT_EXEC_FAILED);
		execlp("gnuplot", "gnuplot", arg, (char *)NULL);
		_exit(errno == ENOENT ? LMB_EXIT_NOT_FOUND :
		      LMB_EXIT_EXEC_FAILED);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			lmb_err("waiting for gnuplot failed: %s", strerror(errno));
			return -1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : LMB_EXIT_KILLED;
}

int plot_render(const char *dir, const char *name)
{
	char script[4096];
	int st;

	snprintf(script, sizeof(script), "%s.gp", name);
	st = plot_run_gnuplot(dir, script, false);
	if (st) {
		lmb_err("--plot: gnuplot failed on %s/%s (status %d); see its messages above",
			dir, script, st);
		return -1;
	}
	fprintf(stderr, "lazymmu-bench: wrote %s/%s.png\n", dir, name);
	return 0;
}

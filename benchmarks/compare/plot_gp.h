/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the --plot writers share: file and gnuplot-string safe names, the
 * colour of each input file, the key title of a file, opening DIR/<name>
 * files and rendering DIR/<name>.gp to DIR/<name>.png with gnuplot.
 */
#ifndef LMB_COMPARE_PLOT_GP_H
#define LMB_COMPARE_PLOT_GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare/groups.h"

/* Colour (gnuplot "#rrggbb") of input file @f: the same in every plot. */
const char *plot_color(size_t f);

/* Copy of @s without quotes, slashes and the like (file names, strings). */
const char *plot_safe(char *buf, size_t cap, const char *s);

/* "A: <label> (<file name>)" for a key entry. */
const char *plot_file_title(char *buf, size_t cap, const struct cmp_data *d,
			    size_t f);

/* Open DIR/<name><ext> for writing; NULL with a message on failure. */
FILE *plot_open(const char *dir, const char *name, const char *ext);

/* Terminal (pngcairo when available) and output "<name>.png" of a script. */
void plot_terminal(FILE *gp, const char *name, int width, int height);

/* Run gnuplot with one argument in @dir (NULL: here); exit status or -1. */
int plot_run_gnuplot(const char *dir, const char *arg, bool quiet);

/* Render DIR/<name>.gp (it writes <name>.png) and say so; -1 on failure. */
int plot_render(const char *dir, const char *name);

#endif

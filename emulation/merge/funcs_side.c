// SPDX-License-Identifier: GPL-2.0
/* One side of lmb-emu-funcs (see funcs_side.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "funcs_side.h"
#include "tool_msg.h"
#include "window_match.h"

const char *const fn_counter_name[FN_NR] = { "insn", "dsb", "isb", "dmb", "tlbi" };

static int find_columns(struct funcs_side *fs)
{
	char name[16];
	int i, c;

	for (i = 0; i < FN_NR; i++) {
		snprintf(name, sizeof(name), "%s_k", fn_counter_name[i]);
		c = fields_find(&fs->pf.header, name);
		if (c < 2) {
			emu_err("%s has no column '%s'; is it the funcs= file of this plugin version?",
				fs->pf.tf.path, name);
			return -1;
		}
		fs->col[i] = (size_t)c;
	}
	return 0;
}

int funcs_side_read(struct funcs_side *fs, const char *suite_path,
		    const char *funcs_path)
{
	memset(fs, 0, sizeof(*fs));
	if (suite_read(&fs->suite, suite_path))
		return -1;
	if (pf_read(&fs->pf, funcs_path, PF_FUNCS)) {
		suite_free(&fs->suite);
		return -1;
	}
	if (window_match(&fs->suite, &fs->pf) || find_columns(fs)) {
		funcs_side_free(fs);
		return -1;
	}
	return 0;
}

void funcs_side_free(struct funcs_side *fs)
{
	free(fs->fid);
	pf_free(&fs->pf);
	suite_free(&fs->suite);
	memset(fs, 0, sizeof(*fs));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int funcs_names(struct funcs_side sides[2], const char ***names, size_t *nr)
{
	size_t n = sides[0].pf.nr_rows + sides[1].pf.nr_rows, k = 0, i, s;
	const char **v = malloc((n ? n : 1) * sizeof(*v));

	if (!v)
		return -1;
	for (s = 0; s < 2; s++)
		for (i = 0; i < sides[s].pf.nr_rows; i++)
			v[k++] = sides[s].pf.rows[i].v[1];
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = k = 0; i < n; i++)
		if (!k || strcmp(v[k - 1], v[i]))
			v[k++] = v[i];
	for (s = 0; s < 2; s++) {
		struct funcs_side *fs = &sides[s];

		fs->fid = calloc(fs->pf.nr_rows ? fs->pf.nr_rows : 1,
				 sizeof(*fs->fid));
		if (!fs->fid) {
			free(v);
			return -1;
		}
		for (i = 0; i < fs->pf.nr_rows; i++) {
			const char *key = fs->pf.rows[i].v[1];
			const char **hit = bsearch(&key, v, k, sizeof(*v), cmp_str);

			fs->fid[i] = (size_t)(hit - v);
		}
	}
	*names = v;
	*nr = k;
	return 0;
}

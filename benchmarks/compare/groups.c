// SPDX-License-Identifier: GPL-2.0
/* Group the samples of several result files by workload, parameters, metric. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "compare/group_order.h"
#include "compare/groups.h"
#include "idx_map.h"
#include "list_check.h"
#include "log.h"
#include "stats.h"

/* Columns that identify the run or hold measurements: not parameters. */
static const char *const not_params[] = {
	"schema", "suite_version", "run_id", "host", "label", "kernel", "arch",
	"cpu_model", "debug_pagealloc", "workload", "pages", "thp_kb", "worker",
	"cpu", "phase", "sample", "ns", "ns_per_page", "split_name", "split_ns",
	"rusage_sys_ns", "rusage_user_ns", "pmu_group", "boot_id", "boot_time",
	"run_start", "layout_seed", "offcpu", "build_id",
};

/* Parameters every file has, first and in this order. */
static const char *const fixed_params[] = { "page_mode", "size_bytes", "threads" };

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

static bool is_event(const char *col)
{
	size_t len = strlen(col);

	return !strncmp(col, "ev_", 3) &&
	       !(len > 4 && !strcmp(col + len - 4, "_run"));
}

static bool is_param(const char *col)
{
	return strncmp(col, "ev_", 3) && !in_list(col, not_params, ARRAY_SIZE(not_params));
}

/* Lookups while the data is built: each is a hash probe, not a walk. */
struct build {
	struct cmp_data *d;
	struct idx_map params;	/* name -> d->param_names[] */
	struct idx_map metrics;	/* name -> d->metrics[] */
	struct idx_map groups;	/* workload + params -> d->groups[] */
};

struct name_key {
	char *const *names;	/* param_names, or NULL for metrics */
	const struct cmp_metric *metrics;
	const char *s;
};

static bool same_name(const void *key, size_t idx)
{
	const struct name_key *k = key;

	return !strcmp(k->names ? k->names[idx] : k->metrics[idx].name, k->s);
}

static int add_param(struct build *b, const char *s)
{
	struct cmp_data *d = b->d;
	struct name_key k = { d->param_names, NULL, s };
	uint32_t h = idx_hash_str(IDX_HASH_INIT, s);
	char **p;

	if (idx_map_find(&b->params, h, same_name, &k) != IDX_MAP_NONE)
		return 0;
	p = realloc(d->param_names, (d->nr_params + 1) * sizeof(*p));
	if (!p)
		return -1;
	d->param_names = p;
	p[d->nr_params] = strdup(s);
	if (!p[d->nr_params])
		return -1;
	return idx_map_add(&b->params, h, d->nr_params++);
}

static int add_metric(struct build *b, const char *name, const char *column,
		      enum cmp_metric_kind kind)
{
	struct cmp_data *d = b->d;
	struct name_key k = { NULL, d->metrics, name };
	uint32_t h = idx_hash_str(IDX_HASH_INIT, name);
	struct cmp_metric *m;

	if (idx_map_find(&b->metrics, h, same_name, &k) != IDX_MAP_NONE)
		return 0;
	if (!(d->nr_metrics & (d->nr_metrics - 1))) {	/* 0, 1, 2, 4, ...: grow */
		m = realloc(d->metrics, (d->nr_metrics ? 2 * d->nr_metrics : 1) *
				       sizeof(*m));
		if (!m)
			return -1;
		d->metrics = m;
	}
	m = &d->metrics[d->nr_metrics];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->name = strdup(name);
	m->column = strdup(column);
	if (!m->name || !m->column) {
		free(m->name);
		free(m->column);
		return -1;
	}
	return idx_map_add(&b->metrics, h, d->nr_metrics++);
}

/* Parameter names and metrics: the union over all files, in order of appearance. */
static int collect_names(struct build *b)
{
	struct cmp_data *d = b->d;
	size_t f, c, r, i;

	for (i = 0; i < ARRAY_SIZE(fixed_params); i++)
		if (add_param(b, fixed_params[i]))
			return -1;
	if (add_metric(b, "ns_per_page", "ns_per_page", METRIC_NS_PER_PAGE))
		return -1;
	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];
		int split = csv_col(t, "split_name"), phase = csv_col(t, "phase");

		for (c = 0; c < t->nr_cols; c++)
			if (is_param(t->cols[c]) && add_param(b, t->cols[c]))
				return -1;
		for (r = 0; split >= 0 && r < t->nr_rows; r++) {
			const char *s = csv_cell(t, r, split);
			char name[256];

			if (!*s || strcmp(csv_cell(t, r, phase), "sample"))
				continue;
			snprintf(name, sizeof(name), "%s_ns_per_page", s);
			if (add_metric(b, name, s, METRIC_SPLIT))
				return -1;
		}
	}
	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];

		for (c = 0; c < t->nr_cols; c++)
			if (is_event(t->cols[c]) &&
			    add_metric(b, t->cols[c], t->cols[c], METRIC_EVENT))
				return -1;
	}
	return 0;
}

/* Where one file keeps what grouping reads; -1 = the file lacks it. */
struct file_cols {
	int phase, workload, run, sample, pages, ns_per_page, split_name,
	    split_ns, thp_kb, size_bytes;
	int *param;		/* per parameter */
	int *metric;		/* per metric: its value column */
	int *ratio;		/* per metric: its _run column (events) */
};

static void file_cols_free(struct file_cols *fc)
{
	free(fc->param);
	free(fc->metric);
	free(fc->ratio);
}

static int file_cols_find(const struct cmp_data *d, const struct csv_table *t,
			  struct file_cols *fc)
{
	size_t i;

	fc->phase = csv_col(t, "phase");
	fc->workload = csv_col(t, "workload");
	fc->run = csv_col(t, "run_id");
	fc->sample = csv_col(t, "sample");
	fc->pages = csv_col(t, "pages");
	fc->ns_per_page = csv_col(t, "ns_per_page");
	fc->split_name = csv_col(t, "split_name");
	fc->split_ns = csv_col(t, "split_ns");
	fc->thp_kb = csv_col(t, "thp_kb");
	fc->size_bytes = csv_col(t, "size_bytes");
	fc->param = malloc((d->nr_params + 1) * sizeof(int));
	fc->metric = malloc((d->nr_metrics + 1) * sizeof(int));
	fc->ratio = malloc((d->nr_metrics + 1) * sizeof(int));
	if (!fc->param || !fc->metric || !fc->ratio)
		return -1;
	for (i = 0; i < d->nr_params; i++)
		fc->param[i] = csv_col(t, d->param_names[i]);
	for (i = 0; i < d->nr_metrics; i++) {
		const struct cmp_metric *m = &d->metrics[i];
		char name[256];

		fc->metric[i] = fc->ratio[i] = -1;
		if (m->kind == METRIC_NS_PER_PAGE) {
			fc->metric[i] = fc->ns_per_page;
		} else if (m->kind == METRIC_SPLIT) {
			fc->metric[i] = fc->split_ns;
		} else {
			fc->metric[i] = csv_col(t, m->column);
			snprintf(name, sizeof(name), "%s_run", m->column);
			fc->ratio[i] = csv_col(t, name);
		}
	}
	return 0;
}

/* A row's group key: its workload and parameter cells. */
struct row_key {
	const struct cmp_data *d;
	const struct csv_table *t;
	const struct file_cols *fc;
	size_t r;
};

static bool same_group(const void *key, size_t idx)
{
	const struct row_key *k = key;
	const struct cmp_group *g = &k->d->groups[idx];
	size_t p;

	if (strcmp(g->workload, csv_cell(k->t, k->r, k->fc->workload)))
		return false;
	for (p = 0; p < k->d->nr_params; p++)
		if (strcmp(g->params[p], csv_cell(k->t, k->r, k->fc->param[p])))
			return false;
	return true;
}

/* A new group of workload @wl, its parameters still NULL; NULL when out of memory. */
static struct cmp_group *alloc_group(struct cmp_data *d, const char *wl)
{
	struct cmp_group *g;
	size_t i;

	if (!(d->nr_groups & (d->nr_groups - 1))) {	/* 0, 1, 2, 4, ...: grow */
		g = realloc(d->groups, (d->nr_groups ? 2 * d->nr_groups : 1) *
				       sizeof(*g));
		if (!g)
			return NULL;
		d->groups = g;
	}
	g = &d->groups[d->nr_groups++];
	memset(g, 0, sizeof(*g));
	g->workload = strdup(wl);
	g->params = calloc(d->nr_params ? d->nr_params : 1, sizeof(*g->params));
	g->nr_samples = calloc(d->nr_files, sizeof(*g->nr_samples));
	g->val = calloc(d->nr_files * d->nr_metrics, sizeof(*g->val));
	g->thp_frac = malloc(d->nr_files * sizeof(*g->thp_frac));
	g->pages = malloc(d->nr_files * sizeof(*g->pages));
	g->offcpu = calloc(d->nr_files, sizeof(*g->offcpu));
	g->offcpu_known = calloc(d->nr_files, sizeof(*g->offcpu_known));
	g->failed = calloc(d->nr_files, sizeof(*g->failed));
	if (!g->workload || !g->params || !g->nr_samples || !g->val ||
	    !g->thp_frac || !g->pages || !g->offcpu || !g->offcpu_known ||
	    !g->failed)
		return NULL;
	for (i = 0; i < d->nr_files; i++)
		g->thp_frac[i] = g->pages[i] = NAN;
	return g;
}

static int new_group(struct cmp_data *d, const struct row_key *k)
{
	struct cmp_group *g = alloc_group(d, csv_cell(k->t, k->r, k->fc->workload));
	size_t p;

	if (!g)
		return -1;
	for (p = 0; p < d->nr_params; p++) {
		g->params[p] = strdup(csv_cell(k->t, k->r, k->fc->param[p]));
		if (!g->params[p])
			return -1;
	}
	return 0;
}

/* Group index of row @r (a new group when none matches), or IDX_MAP_NONE. */
static size_t find_group(struct build *b, const struct csv_table *t,
			 const struct file_cols *fc, size_t r)
{
	struct row_key k = { b->d, t, fc, r };
	uint32_t h = idx_hash_str(IDX_HASH_INIT, csv_cell(t, r, fc->workload));
	size_t p, g;

	for (p = 0; p < b->d->nr_params; p++)
		h = idx_hash_str(h, csv_cell(t, r, fc->param[p]));
	g = idx_map_find(&b->groups, h, same_group, &k);
	if (g != IDX_MAP_NONE)
		return g;
	g = b->d->nr_groups;
	if (new_group(b->d, &k) || idx_map_add(&b->groups, h, g))
		return IDX_MAP_NONE;
	return g;
}

/*
 * Value of metric @m in row @r, false when the cell is empty (unavailable).
 * A counter value is used only when it counted the whole window: its _run
 * ratio is 1 (files of --allow-multiplex runs hold scaled values with a
 * ratio below 1; those are left out, so every n is of unscaled samples).
 */
static bool metric_value(const struct csv_table *t, const struct file_cols *fc,
			 size_t r, const struct cmp_metric *m, size_t mi,
			 double *out)
{
	double pages, v, ratio;

	if (m->kind == METRIC_NS_PER_PAGE)
		return csv_parse_number(csv_cell(t, r, fc->ns_per_page), out);
	if (m->kind == METRIC_SPLIT &&
	    strcmp(csv_cell(t, r, fc->split_name), m->column))
		return false;
	if (m->kind == METRIC_EVENT && fc->ratio[mi] >= 0 &&
	    csv_parse_number(csv_cell(t, r, fc->ratio[mi]), &ratio) &&
	    ratio < 0.99995)	/* written with 4 decimals */
		return false;
	if (!csv_parse_number(csv_cell(t, r, fc->metric[mi]), &v))
		return false;
	csv_parse_number(csv_cell(t, r, fc->pages), &pages);
	*out = v / pages;
	return true;
}

static int push(double **arr, size_t *n, size_t *cap, double v)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 16;
		double *p = realloc(*arr, c * sizeof(*p));

		if (!p)
			return -1;
		*arr = p;
		*cap = c;
	}
	(*arr)[(*n)++] = v;
	return 0;
}

/* Huge-page fraction of one sample row; false when thp_kb is empty. */
static bool thp_fraction(const struct csv_table *t, const struct file_cols *fc,
			 size_t r, double *out)
{
	double kb, size;

	if (!csv_parse_number(csv_cell(t, r, fc->thp_kb), &kb) ||
	    !csv_parse_number(csv_cell(t, r, fc->size_bytes), &size) ||
	    !(size >= 1024))
		return false;
	*out = kb / (size / 1024);
	return true;
}

/*
 * Items 0..n-1 with ids 0..k-1, bucketed by id, stable: the items of id i
 * are order[start[i]] .. order[start[i + 1] - 1], in item order.
 */
struct buckets {
	uint32_t *start;	/* k + 1 */
	uint32_t *order;	/* n */
};

static int bucket(struct buckets *bk, const uint32_t *id, size_t n, size_t k)
{
	size_t i;

	bk->start = calloc(k + 2, sizeof(*bk->start));
	bk->order = malloc((n ? n : 1) * sizeof(*bk->order));
	if (!bk->start || !bk->order)
		return -1;
	for (i = 0; i < n; i++)
		bk->start[id[i] + 2]++;
	for (i = 2; i < k + 2; i++)
		bk->start[i] += bk->start[i - 1];
	for (i = 0; i < n; i++)
		bk->order[bk->start[id[i] + 1]++] = (uint32_t)i;
	return 0;
}

static void buckets_free(struct buckets *bk)
{
	free(bk->start);
	free(bk->order);
}

/*
 * One file's samples.  A sample is a (group, run_id, sample) seen in the
 * file, numbered in order of first appearance; a run is a (group, run_id).
 */
struct file_samples {
	const struct csv_table *t;
	const struct file_cols *fc;
	uint32_t *row;		/* sample rows, in file order */
	uint32_t *row_sample;	/* sample of each of them */
	size_t nr_rows;
	uint32_t *group;	/* per sample */
	uint32_t *first;	/* per sample: its first row */
	uint32_t *run;		/* per sample */
	size_t n;
	uint32_t *run_group;	/* per run */
	uint32_t *run_first;	/* per run: its first row */
	size_t nr_runs;
	struct idx_map samples, runs;
};

struct sample_key {
	const struct file_samples *fs;
	uint32_t g;
	size_t r;
	bool with_sample;	/* false: compare (group, run_id) only */
};

static bool same_sample(const void *key, size_t idx)
{
	const struct sample_key *k = key;
	const struct file_samples *fs = k->fs;
	const struct csv_table *t = fs->t;
	size_t r2 = k->with_sample ? fs->first[idx] : fs->run_first[idx];
	uint32_t g2 = k->with_sample ? fs->group[idx] : fs->run_group[idx];

	return g2 == k->g &&
	       !strcmp(csv_cell(t, k->r, fs->fc->run), csv_cell(t, r2, fs->fc->run)) &&
	       (!k->with_sample ||
		!strcmp(csv_cell(t, k->r, fs->fc->sample), csv_cell(t, r2, fs->fc->sample)));
}

static void file_samples_free(struct file_samples *fs)
{
	free(fs->row);
	free(fs->row_sample);
	free(fs->group);
	free(fs->first);
	free(fs->run);
	free(fs->run_group);
	free(fs->run_first);
	idx_map_free(&fs->samples);
	idx_map_free(&fs->runs);
}

/* Run of row @r in group @g: an index (a new run when first seen). */
static size_t find_run(struct file_samples *fs, uint32_t g, size_t r)
{
	struct sample_key k = { fs, g, r, false };
	uint32_t h = idx_hash_str(idx_hash_num(IDX_HASH_INIT, g),
				  csv_cell(fs->t, r, fs->fc->run));
	size_t i = idx_map_find(&fs->runs, h, same_sample, &k);

	if (i != IDX_MAP_NONE)
		return i;
	i = fs->nr_runs;
	if (idx_map_add(&fs->runs, h, i))
		return IDX_MAP_NONE;
	fs->run_group[i] = g;
	fs->run_first[i] = (uint32_t)r;
	fs->nr_runs++;
	return i;
}

/* Sample of row @r in group @g: its index, a new one when first seen. */
static size_t find_sample(struct file_samples *fs, uint32_t g, size_t r)
{
	struct sample_key k = { fs, g, r, true };
	uint32_t h = idx_hash_str(idx_hash_num(IDX_HASH_INIT, g),
				  csv_cell(fs->t, r, fs->fc->run));
	size_t i, run;

	h = idx_hash_str(h, csv_cell(fs->t, r, fs->fc->sample));
	i = idx_map_find(&fs->samples, h, same_sample, &k);
	if (i != IDX_MAP_NONE)
		return i;
	run = find_run(fs, g, r);
	i = fs->n;
	if (run == IDX_MAP_NONE || idx_map_add(&fs->samples, h, i))
		return IDX_MAP_NONE;
	fs->group[i] = g;
	fs->first[i] = (uint32_t)r;
	fs->run[i] = (uint32_t)run;
	fs->n++;
	return i;
}

/* Every sample row of file @f: its group, run and sample. */
static int find_samples(struct build *b, struct file_samples *fs)
{
	const struct csv_table *t = fs->t;
	size_t r, n = t->nr_rows ? t->nr_rows : 1;

	fs->row = malloc(n * sizeof(*fs->row));
	fs->row_sample = malloc(n * sizeof(*fs->row_sample));
	fs->group = malloc(n * sizeof(*fs->group));
	fs->first = malloc(n * sizeof(*fs->first));
	fs->run = malloc(n * sizeof(*fs->run));
	fs->run_group = malloc(n * sizeof(*fs->run_group));
	fs->run_first = malloc(n * sizeof(*fs->run_first));
	if (!fs->row || !fs->row_sample || !fs->group || !fs->first || !fs->run ||
	    !fs->run_group || !fs->run_first)
		goto oom;
	for (r = 0; r < t->nr_rows; r++) {
		size_t g, s;

		if (strcmp(csv_cell(t, r, fs->fc->phase), "sample"))
			continue;
		g = find_group(b, t, fs->fc, r);
		if (g == IDX_MAP_NONE)
			goto oom;
		s = find_sample(fs, (uint32_t)g, r);
		if (s == IDX_MAP_NONE)
			goto oom;
		fs->row[fs->nr_rows] = (uint32_t)r;
		fs->row_sample[fs->nr_rows++] = (uint32_t)s;
	}
	return 0;
oom:
	return -1;
}

/*
 * Metric @m of every sample (the mean over its rows: one per worker), into
 * the groups' value arrays in sample order, then every run's median.
 */
static int add_metric_values(struct cmp_data *d, size_t f,
			     const struct file_samples *fs,
			     const struct buckets *by_sample,
			     const struct buckets *by_run, size_t m, double *mean,
			     const unsigned int *ids)
{
	const struct cmp_metric *mt = &d->metrics[m];
	double *tmp = mean + fs->n;
	size_t s, i, k;

	for (s = 0; s < fs->n; s++) {
		struct cmp_values *cv = cmp_vals(d, &d->groups[fs->group[s]], f, m);
		double sum = 0, v;
		size_t cnt = 0;

		for (i = by_sample->start[s]; i < by_sample->start[s + 1]; i++) {
			size_t r = fs->row[by_sample->order[i]];

			if (metric_value(fs->t, fs->fc, r, mt, m, &v)) {
				sum += v;
				cnt++;
			}
		}
		mean[s] = cnt ? sum / cnt : NAN;
		if (cnt && (push(&cv->v, &cv->n, &cv->cap, mean[s]) ||
			    cmp_levels_push(cv, ids + s * NR_ID_LVL)))
			return -1;
	}
	for (s = 0; s < fs->nr_runs; s++) {
		struct cmp_values *cv = cmp_vals(d, &d->groups[fs->run_group[s]], f, m);

		for (i = by_run->start[s], k = 0; i < by_run->start[s + 1]; i++)
			if (!isnan(mean[by_run->order[i]]))
				tmp[k++] = mean[by_run->order[i]];
		if (k && push(&cv->run, &cv->nr_runs, &cv->cap_runs,
			      stats_median(tmp, k)))
			return -1;
	}
	return 0;
}

/* Every group's median huge-page fraction and pages in file @f (NAN: none). */
static int add_row_medians(struct cmp_data *d, size_t f,
			   const struct file_samples *fs, double *tmp)
{
	uint32_t *row_group = malloc((fs->nr_rows + 1) * sizeof(*row_group));
	struct buckets bk = { 0 };
	size_t g, i, k, j;
	int ret = -1;

	if (!row_group)
		return -1;
	for (i = 0; i < fs->nr_rows; i++)
		row_group[i] = fs->group[fs->row_sample[i]];
	if (bucket(&bk, row_group, fs->nr_rows, d->nr_groups))
		goto out;
	for (g = 0; g < d->nr_groups; g++) {
		for (j = 0; j < 2; j++) {
			for (i = bk.start[g], k = 0; i < bk.start[g + 1]; i++) {
				size_t r = fs->row[bk.order[i]];
				double v;

				if (j == 0 ? thp_fraction(fs->t, fs->fc, r, &v) :
				    csv_parse_number(csv_cell(fs->t, r, fs->fc->pages), &v) && v > 0)
					tmp[k++] = v;
			}
			if (k && j == 0)
				d->groups[g].thp_frac[f] = stats_median(tmp, k);
			else if (k)
				d->groups[g].pages[f] = stats_median(tmp, k);
		}
	}
	ret = 0;
out:
	buckets_free(&bk);
	free(row_group);
	return ret;
}

/*
 * Per sample of file @f: its run, boot and seed ids (@ids, NR_ID_LVL
 * each), and whether any of its rows (workers) ran partly off-CPU.
 */
static int sample_levels(struct cmp_data *d, size_t f,
			 const struct file_samples *fs,
			 const struct buckets *by_sample, unsigned int *ids)
{
	int oc = csv_col(fs->t, "offcpu");
	size_t s, i;

	for (s = 0; s < fs->n; s++) {
		struct cmp_group *g = &d->groups[fs->group[s]];
		bool off = false, known = false;

		if (cmp_levels_ids(d, f, fs->t, fs->first[s], ids + s * NR_ID_LVL))
			return -1;
		for (i = by_sample->start[s]; oc >= 0 && i < by_sample->start[s + 1]; i++) {
			const char *c = csv_cell(fs->t, fs->row[by_sample->order[i]], oc);

			known |= *c != 0;
			off |= !strcmp(c, "1");
		}
		g->offcpu[f] += off;
		g->offcpu_known[f] += known;
	}
	return 0;
}

static int add_file(struct build *b, size_t f)
{
	struct cmp_data *d = b->d;
	struct file_samples fs = { .t = d->files[f] };
	struct buckets by_sample = { 0 }, by_run = { 0 };
	struct file_cols fc = { 0 };
	unsigned int *ids = NULL;
	double *tmp = NULL;
	size_t s, m;
	int ret = -1;

	fs.fc = &fc;
	if (fs.t->nr_rows > IDX_MAP_MAX) {
		lmb_err("%s has %zu rows; compare handles at most %zu per file",
			fs.t->path, fs.t->nr_rows, IDX_MAP_MAX);
		return -1;
	}
	if (file_cols_find(d, fs.t, &fc) || find_samples(b, &fs))
		goto out;
	tmp = malloc((2 * fs.n + fs.nr_rows + 1) * sizeof(*tmp));
	if (!tmp || bucket(&by_sample, fs.row_sample, fs.nr_rows, fs.n) ||
	    bucket(&by_run, fs.run, fs.n, fs.nr_runs))
		goto out;
	for (s = 0; s < fs.n; s++)
		d->groups[fs.group[s]].nr_samples[f]++;
	ids = malloc((fs.n + 1) * NR_ID_LVL * sizeof(*ids));
	if (!ids || sample_levels(d, f, &fs, &by_sample, ids))
		goto out;
	for (m = 0; m < d->nr_metrics; m++)
		if (add_metric_values(d, f, &fs, &by_sample, &by_run, m, tmp, ids))
			goto out;
	ret = add_row_medians(d, f, &fs, tmp);
out:
	if (ret)
		lmb_err("out of memory grouping the %zu rows of %s", fs.t->nr_rows,
			fs.t->path);
	buckets_free(&by_sample);
	buckets_free(&by_run);
	free(tmp);
	free(ids);
	file_samples_free(&fs);
	file_cols_free(&fc);
	return ret;
}

/* Keep only the metrics named in @only; -1 if it names one that no file has. */
static int select_metrics(struct cmp_data *d, const char *only)
{
	char avail[1024] = "", *name, *save = NULL, *copy = strdup(only);
	size_t i, n = 0, len = 0;
	int ret = 0;

	if (!copy)
		return -1;
	for (name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < d->nr_metrics && strcmp(d->metrics[i].name, name); i++)
			;
		if (i < d->nr_metrics)
			continue;
		for (i = 0; i < d->nr_metrics && len < sizeof(avail); i++)
			len += (size_t)snprintf(avail + len, sizeof(avail) - len, "%s%s",
						i ? ", " : "", d->metrics[i].name);
		lmb_err("--metrics: '%s' is not a metric of these files; they have: %s",
			name, avail);
		ret = -1;
		break;
	}
	free(copy);
	if (ret)
		return ret;
	for (i = 0; i < d->nr_metrics; i++) {
		if (list_has(only, d->metrics[i].name)) {
			d->metrics[n++] = d->metrics[i];
		} else {
			free(d->metrics[i].name);
			free(d->metrics[i].column);
		}
	}
	d->nr_metrics = n;
	if (!n) {
		lmb_err("--metrics '%s' names no metric; e.g. --metrics ns_per_page", only);
		return -1;
	}
	return 0;
}

size_t cmp_primary_metric(const struct cmp_data *d)
{
	size_t i;

	for (i = 0; i < d->nr_metrics; i++)
		if (d->metrics[i].kind == METRIC_NS_PER_PAGE)
			return i;
	return 0;
}

/*
 * Mark the groups of file @f's "# failed:" lines, by workload and the
 * fixed parameters; a group that wrote no sample is added (its other
 * parameters empty), so it shows as failed, never as missing.  Runs after
 * every file's samples are grouped (those groups are in the hash map; the
 * few failed ones are looked up by a walk).
 */
static int mark_failed(struct cmp_data *d, size_t f)
{
	const struct csv_table *t = d->files[f];
	size_t i, k, p;

	for (k = 0; k < t->nr_failed; k++) {
		const struct csv_failed *fl = &t->failed[k];
		const char *key[ARRAY_SIZE(fixed_params)];
		struct cmp_group *g = NULL;
		bool found = false;

		key[0] = fl->page_mode;	/* fixed_params[] order */
		key[1] = fl->size_bytes;
		key[2] = fl->threads;
		for (i = 0; i < d->nr_groups && !found; i++) {
			g = &d->groups[i];
			found = !strcmp(g->workload, fl->workload);
			for (p = 0; found && p < ARRAY_SIZE(fixed_params); p++)
				found = !strcmp(g->params[p], key[p]);
		}
		if (!found) {
			g = alloc_group(d, fl->workload);
			if (!g)
				return -1;
			for (p = 0; p < d->nr_params; p++) {
				g->params[p] = strdup(p < ARRAY_SIZE(key) ? key[p] : "");
				if (!g->params[p])
					return -1;
			}
		}
		if (!g->failed[f])
			g->failed[f] = fl;
	}
	return 0;
}

int cmp_data_build(struct cmp_data *d, struct csv_table **files, size_t nr_files,
		   const char *only)
{
	struct build b = { .d = d };
	int ret = -1;
	size_t f;

	memset(d, 0, sizeof(*d));
	d->files = files;
	d->nr_files = nr_files;
	if (collect_names(&b))
		goto oom;
	if (only && select_metrics(d, only))
		goto out;
	if (cmp_sides_init(d))
		goto oom;
	for (f = 0; f < nr_files; f++)
		if (add_file(&b, f))
			goto out;
	for (f = 0; f < nr_files; f++)
		if (mark_failed(d, f))
			goto oom;
	if (cmp_order_size_sweeps(d))
		goto oom;
	ret = 0;
	goto out;
oom:
	lmb_err("out of memory grouping the samples of %zu files", nr_files);
out:
	idx_map_free(&b.params);
	idx_map_free(&b.metrics);
	idx_map_free(&b.groups);
	return ret;
}

void cmp_data_free(struct cmp_data *d)
{
	size_t i, j;

	for (i = 0; i < d->nr_groups; i++) {
		struct cmp_group *g = &d->groups[i];

		free(g->workload);
		for (j = 0; g->params && j < d->nr_params; j++)
			free(g->params[j]);
		free(g->params);
		free(g->nr_samples);
		for (j = 0; g->val && j < d->nr_files * d->nr_metrics; j++) {
			free(g->val[j].v);
			free(g->val[j].run);
			free(g->val[j].ids);
		}
		free(g->val);
		free(g->thp_frac);
		free(g->pages);
		free(g->offcpu);
		free(g->offcpu_known);
		free(g->failed);
	}
	cmp_sides_free(d);
	free(d->groups);
	for (i = 0; i < d->nr_params; i++)
		free(d->param_names[i]);
	free(d->param_names);
	for (i = 0; i < d->nr_metrics; i++) {
		free(d->metrics[i].name);
		free(d->metrics[i].column);
	}
	free(d->metrics);
	memset(d, 0, sizeof(*d));
}

const char *cmp_event_reason(const struct cmp_data *d, const char *column)
{
	const char *reason = NULL;
	size_t f;

	for (f = 0; f < d->nr_files && !reason; f++)
		reason = csv_event_reason(d->files[f], column);
	return reason;
}

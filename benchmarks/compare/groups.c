// SPDX-License-Identifier: GPL-2.0
/* Group the samples of several result files by workload, parameters, metric. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "compare/group_order.h"
#include "compare/groups.h"
#include "log.h"
#include "stats.h"

/* Columns that identify the run or hold measurements: not parameters. */
static const char *const not_params[] = {
	"schema", "suite_version", "run_id", "host", "label", "kernel", "arch",
	"cpu_model", "debug_pagealloc", "workload", "pages", "thp_kb", "worker",
	"cpu", "phase", "sample", "ns", "ns_per_page", "split_name", "split_ns",
	"rusage_sys_ns", "rusage_user_ns", "pmu_group",
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

static int add_name(char ***names, size_t *n, const char *s)
{
	char **p;

	if (in_list(s, (const char *const *)*names, *n))
		return 0;
	p = realloc(*names, (*n + 1) * sizeof(*p));
	if (!p)
		return -1;
	*names = p;
	p[*n] = strdup(s);
	if (!p[*n])
		return -1;
	(*n)++;
	return 0;
}

static int add_metric(struct cmp_data *d, const char *name, const char *column,
		      enum cmp_metric_kind kind)
{
	struct cmp_metric *m;
	size_t i;

	for (i = 0; i < d->nr_metrics; i++)
		if (!strcmp(d->metrics[i].name, name))
			return 0;
	m = realloc(d->metrics, (d->nr_metrics + 1) * sizeof(*m));
	if (!m)
		return -1;
	d->metrics = m;
	m = &d->metrics[d->nr_metrics];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->name = strdup(name);
	m->column = strdup(column);
	d->nr_metrics++;
	return m->name && m->column ? 0 : -1;
}

static bool is_sample_row(const struct csv_table *t, size_t r)
{
	return !strcmp(csv_cell(t, r, csv_col(t, "phase")), "sample");
}

/* Parameter names and metrics: the union over all files, in order of appearance. */
static int collect_names(struct cmp_data *d)
{
	size_t f, c, r, i;

	for (i = 0; i < ARRAY_SIZE(fixed_params); i++)
		if (add_name(&d->param_names, &d->nr_params, fixed_params[i]))
			return -1;
	if (add_metric(d, "ns_per_page", "ns_per_page", METRIC_NS_PER_PAGE))
		return -1;
	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];
		int split = csv_col(t, "split_name");

		for (c = 0; c < t->nr_cols; c++)
			if (is_param(t->cols[c]) &&
			    add_name(&d->param_names, &d->nr_params, t->cols[c]))
				return -1;
		for (r = 0; split >= 0 && r < t->nr_rows; r++) {
			const char *s = csv_cell(t, r, split);
			char name[256];

			if (!*s || !is_sample_row(t, r))
				continue;
			snprintf(name, sizeof(name), "%s_ns_per_page", s);
			if (add_metric(d, name, s, METRIC_SPLIT))
				return -1;
		}
	}
	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];

		for (c = 0; c < t->nr_cols; c++)
			if (is_event(t->cols[c]) &&
			    add_metric(d, t->cols[c], t->cols[c], METRIC_EVENT))
				return -1;
	}
	return 0;
}

/* Per-file column index of each parameter (-1 when the file lacks it). */
static int *param_cols(const struct cmp_data *d, const struct csv_table *t)
{
	int *pc = malloc((d->nr_params ? d->nr_params : 1) * sizeof(*pc));
	size_t i;

	if (!pc)
		return NULL;
	for (i = 0; i < d->nr_params; i++)
		pc[i] = csv_col(t, d->param_names[i]);
	return pc;
}

/* A new group of workload @wl; its parameters are set by the caller. */
static struct cmp_group *new_group(struct cmp_data *d, const char *wl)
{
	struct cmp_group *g;
	size_t i;

	g = realloc(d->groups, (d->nr_groups + 1) * sizeof(*g));
	if (!g)
		return NULL;
	d->groups = g;
	g = &d->groups[d->nr_groups++];
	memset(g, 0, sizeof(*g));
	g->workload = strdup(wl);
	g->params = calloc(d->nr_params ? d->nr_params : 1, sizeof(*g->params));
	g->nr_samples = calloc(d->nr_files, sizeof(*g->nr_samples));
	g->val = calloc(d->nr_files * d->nr_metrics, sizeof(*g->val));
	g->thp_frac = malloc(d->nr_files * sizeof(*g->thp_frac));
	g->pages = malloc(d->nr_files * sizeof(*g->pages));
	g->failed = calloc(d->nr_files, sizeof(*g->failed));
	if (!g->workload || !g->params || !g->nr_samples || !g->val ||
	    !g->thp_frac || !g->pages || !g->failed)
		return NULL;
	for (i = 0; i < d->nr_files; i++)
		g->thp_frac[i] = g->pages[i] = NAN;
	return g;
}

static struct cmp_group *find_group(struct cmp_data *d, const struct csv_table *t,
				    size_t r, const int *pc)
{
	const char *wl = csv_cell(t, r, csv_col(t, "workload"));
	struct cmp_group *g;
	size_t i, p;

	for (i = 0; i < d->nr_groups; i++) {
		g = &d->groups[i];
		if (strcmp(g->workload, wl))
			continue;
		for (p = 0; p < d->nr_params; p++)
			if (strcmp(g->params[p], csv_cell(t, r, pc[p])))
				break;
		if (p == d->nr_params)
			return g;
	}
	g = new_group(d, wl);
	if (!g)
		return NULL;
	for (p = 0; p < d->nr_params; p++) {
		g->params[p] = strdup(csv_cell(t, r, pc[p]));
		if (!g->params[p])
			return NULL;
	}
	return g;
}

/*
 * Mark the groups of file @f's "# failed:" lines, by workload and the
 * fixed parameters; a group that wrote no sample is added (its other
 * parameters empty), so it shows as failed, never as missing.
 */
static int mark_failed(struct cmp_data *d, size_t f)
{
	const struct csv_table *t = d->files[f];
	size_t i, k, p;

	for (k = 0; k < t->nr_failed; k++) {
		const struct csv_failed *fl = &t->failed[k];
		const char *key[3];
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
			g = new_group(d, fl->workload);
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

/* One sample of one group while a file is read: sums over its workers. */
struct acc {
	size_t g;		/* index: d->groups moves when it grows */
	const char *run_id;
	const char *sample;
	double *sum;		/* nr_metrics */
	unsigned int *cnt;
};

struct accs {
	struct acc *a;
	size_t n, cap;
};

static struct acc *find_acc(struct accs *as, const struct cmp_data *d,
			    size_t g, const char *run_id,
			    const char *sample)
{
	struct acc *a;
	size_t i;

	for (i = as->n; i-- > 0;) {
		a = &as->a[i];
		if (a->g == g && !strcmp(a->run_id, run_id) &&
		    !strcmp(a->sample, sample))
			return a;
	}
	if (as->n == as->cap) {
		size_t cap = as->cap ? 2 * as->cap : 64;

		a = realloc(as->a, cap * sizeof(*a));
		if (!a)
			return NULL;
		as->a = a;
		as->cap = cap;
	}
	a = &as->a[as->n];
	a->g = g;
	a->run_id = run_id;
	a->sample = sample;
	a->sum = calloc(d->nr_metrics, sizeof(*a->sum));
	a->cnt = calloc(d->nr_metrics, sizeof(*a->cnt));
	if (!a->sum || !a->cnt) {
		free(a->sum);
		free(a->cnt);
		return NULL;
	}
	as->n++;
	return a;
}

/*
 * A counter value is used only when it counted the whole window: its _run
 * ratio is 1 (files of --allow-multiplex runs hold scaled values with a
 * ratio below 1; those are left out, so every n is of unscaled samples).
 */
static bool counted_whole_window(const struct csv_table *t, size_t r,
				 const char *column)
{
	char name[256];
	double ratio;
	int c;

	snprintf(name, sizeof(name), "%s_run", column);
	c = csv_col(t, name);
	if (c < 0 || !csv_parse_number(csv_cell(t, r, c), &ratio))
		return true;	/* no ratio: an empty value cell decides */
	return ratio >= 0.99995;	/* written with 4 decimals */
}

/* Value of metric @m in row @r, false when the cell is empty (unavailable). */
static bool metric_value(const struct csv_table *t, size_t r,
			 const struct cmp_metric *m, double *out)
{
	double pages, v;
	int c;

	csv_parse_number(csv_cell(t, r, csv_col(t, "pages")), &pages);
	switch (m->kind) {
	case METRIC_NS_PER_PAGE:
		return csv_parse_number(csv_cell(t, r, csv_col(t, "ns_per_page")), out);
	case METRIC_SPLIT:
		if (strcmp(csv_cell(t, r, csv_col(t, "split_name")), m->column))
			return false;
		c = csv_col(t, "split_ns");
		break;
	case METRIC_EVENT:
		c = csv_col(t, m->column);
		if (!counted_whole_window(t, r, m->column))
			return false;
		break;
	default:
		return false;
	}
	if (!csv_parse_number(csv_cell(t, r, c), &v))
		return false;
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

/*
 * Median of every run of the group of accs[first]: the accs from @first on
 * with the same group and run_id.  Called once per (group, run).
 */
static int add_run_medians(struct cmp_data *d, size_t f, const struct accs *as,
			   size_t first)
{
	const struct acc *a0 = &as->a[first];
	struct cmp_group *g = &d->groups[a0->g];
	double *tmp = malloc((as->n - first) * sizeof(*tmp));
	size_t i, m, k;
	int ret = 0;

	if (!tmp)
		return -1;
	for (m = 0; m < d->nr_metrics && !ret; m++) {
		struct cmp_values *cv = cmp_vals(d, g, f, m);

		for (i = first, k = 0; i < as->n; i++) {
			const struct acc *a = &as->a[i];

			if (a->g == a0->g && a->cnt[m] && !strcmp(a->run_id, a0->run_id))
				tmp[k++] = a->sum[m] / a->cnt[m];
		}
		if (k)
			ret = push(&cv->run, &cv->nr_runs, &cv->cap_runs,
				   stats_median(tmp, k));
	}
	free(tmp);
	return ret;
}

/* Is accs[i] the first of its (group, run)? */
static bool first_of_run(const struct accs *as, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (as->a[j].g == as->a[i].g && !strcmp(as->a[j].run_id, as->a[i].run_id))
			return false;
	return true;
}

static void free_accs(struct accs *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		free(as->a[i].sum);
		free(as->a[i].cnt);
	}
	free(as->a);
}

/* Huge-page fraction of one sample row; false when thp_kb is empty. */
static bool thp_fraction(const struct csv_table *t, size_t r, double *out)
{
	double kb, size;

	if (!csv_parse_number(csv_cell(t, r, csv_col(t, "thp_kb")), &kb) ||
	    !csv_parse_number(csv_cell(t, r, csv_col(t, "size_bytes")), &size) ||
	    !(size >= 1024))
		return false;
	*out = kb / (size / 1024);
	return true;
}

/* One value per sample row of a file (huge-page fraction, pages), with its group. */
struct row_vals {
	size_t *g;
	double *frac;
	size_t n, cap;
};

static int rv_push(struct row_vals *tr, size_t g, double frac)
{
	if (tr->n == tr->cap) {
		size_t cap = tr->cap ? 2 * tr->cap : 64;
		size_t *pg = realloc(tr->g, cap * sizeof(*pg));
		double *pf;

		if (!pg)
			return -1;
		tr->g = pg;
		pf = realloc(tr->frac, cap * sizeof(*pf));
		if (!pf)
			return -1;
		tr->frac = pf;
		tr->cap = cap;
	}
	tr->g[tr->n] = g;
	tr->frac[tr->n++] = frac;
	return 0;
}

/*
 * Every group's median value in file @f, stored in thp_frac[f] or (when
 * @pages) pages[f]; stays NAN without any.
 */
static int rv_medians(struct cmp_data *d, size_t f, const struct row_vals *tr,
		      bool pages)
{
	double *tmp = malloc((tr->n ? tr->n : 1) * sizeof(*tmp));
	size_t g, i, k;

	if (!tmp)
		return -1;
	for (g = 0; g < d->nr_groups; g++) {
		for (i = k = 0; i < tr->n; i++)
			if (tr->g[i] == g)
				tmp[k++] = tr->frac[i];
		if (!k)
			continue;
		if (pages)
			d->groups[g].pages[f] = stats_median(tmp, k);
		else
			d->groups[g].thp_frac[f] = stats_median(tmp, k);
	}
	free(tmp);
	return 0;
}

static int add_file(struct cmp_data *d, size_t f)
{
	struct row_vals tr = { 0 }, pg = { 0 };
	const struct csv_table *t = d->files[f];
	int run = csv_col(t, "run_id"), samp = csv_col(t, "sample");
	struct accs as = { 0 };
	int *pc = param_cols(d, t);
	size_t r, i, m;
	int ret = -1;

	if (!pc)
		return -1;
	for (r = 0; r < t->nr_rows; r++) {
		struct cmp_group *g;
		struct acc *a;
		double v;

		if (!is_sample_row(t, r))
			continue;
		g = find_group(d, t, r, pc);
		if (!g)
			goto out;
		if (thp_fraction(t, r, &v) &&
		    rv_push(&tr, (size_t)(g - d->groups), v))
			goto out;
		if (csv_parse_number(csv_cell(t, r, csv_col(t, "pages")), &v) &&
		    v > 0 && rv_push(&pg, (size_t)(g - d->groups), v))
			goto out;
		a = find_acc(&as, d, (size_t)(g - d->groups), csv_cell(t, r, run),
			     csv_cell(t, r, samp));
		if (!a)
			goto out;
		for (m = 0; m < d->nr_metrics; m++) {
			if (metric_value(t, r, &d->metrics[m], &v)) {
				a->sum[m] += v;
				a->cnt[m]++;
			}
		}
	}
	for (i = 0; i < as.n; i++) {
		struct acc *a = &as.a[i];
		struct cmp_group *g = &d->groups[a->g];

		g->nr_samples[f]++;
		for (m = 0; m < d->nr_metrics; m++) {
			struct cmp_values *cv = cmp_vals(d, g, f, m);

			if (a->cnt[m] &&
			    push(&cv->v, &cv->n, &cv->cap, a->sum[m] / a->cnt[m]))
				goto out;
		}
		if (first_of_run(&as, i) && add_run_medians(d, f, &as, i))
			goto out;
	}
	ret = rv_medians(d, f, &tr, false) || rv_medians(d, f, &pg, true) ? -1 : 0;
out:
	free(tr.g);
	free(tr.frac);
	free(pg.g);
	free(pg.frac);
	free_accs(&as);
	free(pc);
	return ret;
}

static bool in_csv_list(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return true;
	return false;
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
		if (in_csv_list(only, d->metrics[i].name)) {
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

int cmp_data_build(struct cmp_data *d, struct csv_table **files, size_t nr_files,
		   const char *only)
{
	size_t f;

	memset(d, 0, sizeof(*d));
	d->files = files;
	d->nr_files = nr_files;
	if (collect_names(d))
		goto oom;
	if (only && select_metrics(d, only))
		return -1;
	for (f = 0; f < nr_files; f++)
		if (add_file(d, f) || mark_failed(d, f))
			goto oom;
	if (cmp_order_size_sweeps(d))
		goto oom;
	return 0;
oom:
	lmb_err("out of memory grouping the samples of %zu files", nr_files);
	return -1;
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
		}
		free(g->val);
		free(g->thp_frac);
		free(g->pages);
		free(g->failed);
	}
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
	size_t f, e;

	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];

		for (e = 0; e < t->nr_events; e++) {
			const char *r;

			if (strcmp(t->events[e].column, column))
				continue;
			r = strstr(t->events[e].desc, "reason=");
			if (r && !reason)
				reason = r + 7;
		}
	}
	return reason;
}

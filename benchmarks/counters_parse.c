// SPDX-License-Identifier: GPL-2.0
/*
 * The -e list: names to counters with their perf_event_attr, the core PMU's
 * listing of raw events, the lazy-MMU stats lines; column names and the
 * one-line descriptions for the CSV "# event:" comments.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters_set.h"
#include "host_paths.h"
#include "log.h"

/* ---- parsing ------------------------------------------------------- */

static struct counter *add_counter(struct counter_set *cs)
{
	struct counter *c;

	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? 2 * cs->cap : 16;
		void *nc = realloc(cs->c, cap * sizeof(*cs->c));

		if (!nc) {
			lmb_err("out of memory for %zu counters", cap);
			return NULL;
		}
		cs->c = nc;
		cs->cap = cap;
	}
	c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

static bool column_taken(const struct counter_set *cs, const char *col)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (!strcmp(cs->c[i].spec.column, col))
			return true;
	return false;
}

/* perf_event_attr for a parsed event; raw events go to the core PMU. */
static void setup_perf_counter(struct counter_set *cs, struct counter *c)
{
	struct perf_event_attr *a = &c->attr;
	const char *root = host_sysfs_root();

	c->src = SRC_PERF;
	a->size = sizeof(*a);
	a->config = c->spec.config;
	a->disabled = 1;
	a->inherit = 1;
	a->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			 PERF_FORMAT_TOTAL_TIME_RUNNING;
	/* perf's :k / :u also leave out the hypervisor */
	a->exclude_user = c->spec.exclude_user;
	a->exclude_kernel = c->spec.exclude_kernel;
	a->exclude_hv = c->spec.exclude_user || c->spec.exclude_kernel;

	switch (c->spec.kind) {
	case EVK_SOFTWARE:
		a->type = PERF_TYPE_SOFTWARE;
		c->type_name = "software";
		return;
	case EVK_HARDWARE:
		a->type = PERF_TYPE_HARDWARE;
		c->type_name = "hardware";
		counters_check_emulated_generic(cs, c, root);
		return;
	case EVK_ARM_PMUV3:
		if (!cs->pmu.arm) {
			snprintf(c->reason, sizeof(c->reason),
				 "Arm PMUv3 event, but the core PMU here is %s",
				 cs->pmu.name[0] ? cs->pmu.name :
				 "absent (no hardware PMU on this machine)");
		}
		break;
	case EVK_RAW:
		break;
	}
	c->needs_listing = true;
	counters_target_core_pmu(cs, c, root);
}

/* The lazy-MMU stats lines as counters; @explicit: "lazy" was asked. */
static int add_lazy(struct counter_set *cs, bool explicit)
{
	char why[REASON_MAX];
	struct counter *c;
	size_t i;

	if (cs->lazy_done)
		return 0;
	cs->lazy_done = true;
	cs->kstat = kstat_open(kstat_path(), why, sizeof(why));
	if (!cs->kstat) {
		if (!explicit && errno == ENOENT)
			return 0;	/* not instrumented: no columns */
		if (!explicit)
			lmb_warn("lazy-MMU stats unusable: %s", why);
		c = add_counter(cs);
		if (!c)
			return -1;
		c->src = SRC_KSTAT_NONE;
		snprintf(c->spec.column, sizeof(c->spec.column), "ev_lazy");
		snprintf(c->reason, sizeof(c->reason), "%s", why);
		return 0;
	}
	for (i = 0; i < kstat_count(cs->kstat); i++) {
		const char *name = kstat_name(cs->kstat, i);
		char col[EVENT_COLUMN_MAX], *p;

		snprintf(col, sizeof(col), "ev_lazy_%s", name);
		for (p = col; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		c = add_counter(cs);
		if (!c)
			return -1;
		c->src = SRC_KSTAT;
		c->kstat_idx = i;
		snprintf(c->spec.column, sizeof(c->spec.column), "%s", col);
	}
	return 0;
}

static int bad_name(const char *tok, const char *list, const char *why)
{
	char accepted[1024];

	lmb_err("bad event '%s' in '%s': %s; accepted: %s", tok, list, why,
		event_names_accepted(accepted, sizeof(accepted)));
	return -1;
}

static int add_one(struct counter_set *cs, const char *tok, const char *list)
{
	struct event_spec spec;
	struct counter *c;
	char why[128];

	if (!strcmp(tok, "lazy"))
		return add_lazy(cs, true);
	if (event_spec_parse(tok, cs->arm, &spec, why, sizeof(why)))
		return bad_name(tok, list, why);
	if (column_taken(cs, spec.column))
		return bad_name(tok, list, "listed twice (same column as an earlier name)");
	c = add_counter(cs);
	if (!c)
		return -1;
	c->spec = spec;
	setup_perf_counter(cs, c);
	return 0;
}

/* Comma-separated @items; "default" expands in place. */
static int add_list(struct counter_set *cs, const char *items, const char *list)
{
	char *copy = strdup(items), *save = NULL, *tok, *p;
	int ret = 0;

	if (!copy) {
		lmb_err("out of memory parsing the event list '%s'", list);
		return -1;
	}
	/* strtok_r would skip empty items: check for them first. */
	for (p = copy; ; p++) {
		if ((*p == ',' || !*p) && (p == copy || p[-1] == ',')) {
			ret = bad_name("", list, "empty name (stray comma?)");
			goto out;
		}
		if (!*p)
			break;
	}
	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "none")) {
			ret = bad_name(tok, list, "'none' must be the whole list");
		} else if (!strcmp(tok, "default")) {
			cs->best_effort = true;
			ret = add_list(cs, event_default_list(cs->arm), list);
			if (!ret)
				ret = add_lazy(cs, false);
		} else {
			ret = add_one(cs, tok, list);
		}
	}
out:
	free(copy);
	return ret;
}

static bool multiplex_all;

void counters_allow_multiplex_all(void)
{
	multiplex_all = true;
}

int counters_parse(const char *list, struct counter_set **out)
{
	struct counter_set *cs;

	*out = NULL;
	if (!list) {
		lmb_err("no event list given; use -e default, -e none or a list such as -e page-faults,cycles:k");
		return -1;
	}
	cs = calloc(1, sizeof(*cs));
	if (!cs) {
		lmb_err("out of memory parsing the event list '%s'", list);
		return -1;
	}
	cs->allow_multiplex = multiplex_all;
	cs->cpu = -1;
	core_pmu_find(host_sysfs_root(), &cs->pmu);
	pmu_core_learn(host_sysfs_root(), &cs->pmu, &cs->core);
#ifdef __aarch64__
	cs->arm = true;
#else
	cs->arm = cs->pmu.arm;
#endif
	if (strcmp(list, "none") && add_list(cs, list, list)) {
		counters_free(cs);
		return -1;
	}
	*out = cs;
	return 0;
}

/* ---- names and descriptions ------------------------------------------ */

const char *counters_column(const struct counter_set *cs, size_t i)
{
	return i < counters_count(cs) ? cs->c[i].spec.column : NULL;
}

static const char *modifiers(const struct event_spec *s)
{
	return s->exclude_user ? "k (exclude_user)" :
	       s->exclude_kernel ? "u (exclude_kernel)" : "none (user+kernel)";
}

static const char *status_of(const struct counter_set *cs,
			     const struct counter *c)
{
	if (c->reason[0])
		return "unavailable";
	return cs->opened ? "ok" : "not-opened-yet";
}

/* printf at @c->desc + *@len, never past the buffer (truncates). */
__attribute__((format(printf, 3, 4)))
static void desc_add(struct counter *c, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= DESC_MAX - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(c->desc + *len, DESC_MAX - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < DESC_MAX - *len ? (size_t)n : DESC_MAX - 1 - *len;
}

static void describe(const struct counter_set *cs, struct counter *c)
{
	size_t len = 0;
	char *p;

	c->desc[0] = '\0';
	if (c->src == SRC_PERF) {
		desc_add(c, &len, "type=%s(%u) config=0x%llx", c->type_name,
			 c->attr.type, (unsigned long long)c->attr.config);
		if (c->spec.name)
			desc_add(c, &len, " event=%s", c->spec.name);
		desc_add(c, &len, " modifiers=%s", modifiers(&c->spec));
		if (!cs->opened || c->scope == SCOPE_THREAD_INHERIT)
			desc_add(c, &len, " inherit=1 scope=thread+children%s",
				 c->scope_refused ? "(CPU-wide counting refused)" : "");
		else if (c->scope == SCOPE_THREAD)
			desc_add(c, &len, " inherit=0 scope=thread");
		else
			desc_add(c, &len, " inherit=0 scope=cpu%d", cs->cpu);
		if (c->needs_listing && c->listed)
			desc_add(c, &len, " listed=yes(%s/events/%s)",
				 cs->pmu.name, c->listed_as);
		else if (c->needs_listing)
			desc_add(c, &len, " listed=no");
		if (c->needs_listing && cs->core.known)
			desc_add(c, &len, " core=%s(%s)",
				 c->core_name ? "implements" : "lacks",
				 c->core_name ? c->core_name :
				 cs->core.known->folder);
		if (c->emu_generic)
			desc_add(c, &len, " listed=%s%s%s zero=%s", c->listed ? "yes(" : "no",
				 c->listed ? c->listed_as : "", c->listed ? ")" : "",
				 c->listed ? "trusted" :
				 "unavailable(emulated CPU: its PMU does not list the event this maps to)");
		if (c->needs_listing && (c->listed ||
		    (c->core_name && pmu_core_zero_trusted(&cs->core))))
			desc_add(c, &len, " zero=trusted");
		else if (c->needs_listing && c->core_name)
			desc_add(c, &len,
				 " zero=unavailable(emulated CPU, %s: the emulator may not count it)",
				 virt_kind_name(cs->core.virt.kind));
		else if (c->needs_listing)
			desc_add(c, &len,
				 " zero=unavailable(cannot tell unimplemented from 0)");
	} else {
		desc_add(c, &len, "type=lazy_mmu_stats file=%s",
			 cs->kstat ? kstat_file(cs->kstat) : kstat_path());
		if (c->src == SRC_KSTAT)
			desc_add(c, &len,
				 " line=%s delta=after-minus-before scope=system-wide",
				 kstat_name(cs->kstat, c->kstat_idx));
	}
	if (c->grouped && cs->allow_multiplex)
		desc_add(c, &len,
			 " multiplex=allowed(counts scaled by enabled/running; _run < 1 flags them)");
	else if (c->grouped)
		desc_add(c, &len, " group=%u/%u(counts in samples with pmu_group=%u only)",
			 c->group, cs->nr_groups, c->group);
	desc_add(c, &len, " status=%s", status_of(cs, c));
	if (c->reason[0])
		desc_add(c, &len, " reason=%s", c->reason);
	/* one line, no '#' (the CSV comment character) */
	for (p = c->desc; *p; p++)
		if (*p == '#' || *p == '\n' || *p == '\r')
			*p = '_';
}

const char *counters_core_summary(const struct counter_set *cs, char *buf,
				  size_t len)
{
	return pmu_core_summary(&cs->core, cs->pmu.arm, buf, len);
}

const char *counters_describe(const struct counter_set *cs, size_t i)
{
	struct counter *c;

	if (i >= counters_count(cs))
		return NULL;
	c = &cs->c[i];
	describe(cs, c);
	return c->desc;
}

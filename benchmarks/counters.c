// SPDX-License-Identifier: GPL-2.0
/*
 * Counters through libperf: open each event for the calling thread
 * (inherit=1) or on its CPU (counters_pin_cpu()), disabled, toggle them around the timed step, read per-window
 * deltas and decide what is a measurement (rule in counters.h).  The -e
 * list is parsed in counters_parse.c; the set itself is in counters_set.c.
 */
#include <errno.h>
#include <perf/core.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters_set.h"
#include "log.h"
#include "text.h"

/* ---- opening --------------------------------------------------------- */

static int libperf_print(enum libperf_print_level level, const char *fmt,
			 va_list ap)
{
	char msg[256];
	size_t len;

	if (level > LIBPERF_WARN)
		return 0;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	len = strlen(msg);
	while (len && msg[len - 1] == '\n')
		msg[--len] = '\0';
	lmb_warn("libperf: %s", msg);
	return 0;
}

static void libperf_setup(void)
{
	libperf_init(libperf_print);
}

static void paranoid_hint(char *buf, size_t len)
{
	char *level = text_read_value("/proc/sys/kernel/perf_event_paranoid");

	snprintf(buf, len,
		 "perf_event_paranoid is %s; run as root or set kernel.perf_event_paranoid<=1 to count kernel mode",
		 level ? level : "unknown");
	free(level);
}

/* strerror plus what it most likely means for this event. */
static void explain_open_error(const struct counter_set *cs,
			       struct counter *c, int err)
{
	bool pmu_event = c->spec.kind != EVK_SOFTWARE;
	char hint[200];

	switch (err) {
	case EACCES:
	case EPERM:
		paranoid_hint(hint, sizeof(hint));
		break;
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
		if (pmu_event && !cs->pmu.name[0])
			snprintf(hint, sizeof(hint),
				 "no hardware PMU on this machine (no cpu or armv8_pmuv3* PMU in sysfs; a VM without a virtual PMU?)");
		else if (err == EOPNOTSUPP)
			snprintf(hint, sizeof(hint),
				 "the %s PMU cannot count this event with these modifiers",
				 c->type_name);
		else
			snprintf(hint, sizeof(hint),
				 "the %s PMU does not support this event",
				 c->type_name);
		break;
	case EINVAL:
		snprintf(hint, sizeof(hint),
			 "the kernel rejected type %u config 0x%llx",
			 c->attr.type, (unsigned long long)c->attr.config);
		break;
	case EMFILE:
	case ENFILE:
		snprintf(hint, sizeof(hint), "too many open files; raise ulimit -n");
		break;
	case ENOSYS:
		snprintf(hint, sizeof(hint),
			 "no perf_event_open here (qemu-user does not emulate it; or a kernel without CONFIG_PERF_EVENTS, or seccomp)");
		break;
	case EBUSY:
		snprintf(hint, sizeof(hint),
			 "the PMU is busy (another perf user, or the NMI watchdog: sysctl kernel.nmi_watchdog=0)");
		break;
	default:
		snprintf(hint, sizeof(hint), "see perf_event_open(2)");
		break;
	}
	snprintf(c->reason, sizeof(c->reason), "perf_event_open: %s; %s",
		 strerror(err), hint);
}

/*
 * With a measuring CPU (counters_pin_cpu()): task-clock follows the thread
 * and its children (inherit: a fork child's CPU time is the storm's, and
 * the off-CPU check needs the thread's own time); cpu-migrations the
 * thread alone (a child of a pinned thread cannot migrate); every other
 * event counts on the CPU, so none is cloned into a fork child.
 */
static enum counter_scope scope_of(const struct counter_set *cs,
				   const struct counter *c)
{
	if (cs->cpu < 0)
		return SCOPE_THREAD_INHERIT;
	if (c->spec.kind == EVK_SOFTWARE &&
	    c->spec.config == PERF_COUNT_SW_TASK_CLOCK)
		return SCOPE_THREAD_INHERIT;
	if (c->spec.kind == EVK_SOFTWARE &&
	    c->spec.config == PERF_COUNT_SW_CPU_MIGRATIONS)
		return SCOPE_THREAD;
	return SCOPE_CPU;
}

/* Open @c in its scope; 0 or -errno. */
static int open_scoped(struct counter_set *cs, struct counter *c)
{
	int err;

	c->attr.inherit = c->scope == SCOPE_THREAD_INHERIT;
	c->evsel = perf_evsel__new(&c->attr);
	if (!c->evsel)
		return -ENOMEM;
	/*
	 * cpus == NULL is libperf's own "any CPU" map (cpu = -1): it spares
	 * us perf_cpu_map__dummy_new() (6.1) vs perf_cpu_map__new_any_cpu()
	 * (6.8 and later), so one source builds against both trees.
	 */
	if (c->scope == SCOPE_CPU)
		err = perf_evsel__open(c->evsel, cs->cpus, cs->any_thread);
	else
		err = perf_evsel__open(c->evsel, NULL, cs->threads);
	if (!err)
		err = perf_evsel__read(c->evsel, 0, 0, &c->prev);
	if (err) {
		perf_evsel__close(c->evsel);
		perf_evsel__delete(c->evsel);
		c->evsel = NULL;
	}
	return err;
}

static void open_perf_counter(struct counter_set *cs, struct counter *c)
{
	int err;

	c->scope = scope_of(cs, c);
	err = -open_scoped(cs, c);
	if (c->scope == SCOPE_CPU && (err == EACCES || err == EPERM)) {
		/* no CPU-wide permission: follow the thread, as before */
		c->scope = SCOPE_THREAD_INHERIT;
		c->scope_refused = true;
		err = -open_scoped(cs, c);
	}
	if (err == ENOMEM) {
		snprintf(c->reason, sizeof(c->reason), "out of memory");
		return;
	}
	if (err) {
		explain_open_error(cs, c, err);
		return;
	}
	cs->nr_perf_open++;
}

/*
 * Nesting of counters_enable(), 0 outermost: first the events the toggling
 * cannot disturb (page faults, context switches, migrations, user-mode
 * counts), then raw PMU kernel events, then kernel cycles/instructions,
 * and task-clock innermost.
 */
static int toggle_rank(const struct counter *c)
{
	switch (c->spec.kind) {
	case EVK_SOFTWARE:
		return c->spec.config == PERF_COUNT_SW_TASK_CLOCK ? 3 : 0;
	case EVK_HARDWARE:
		return c->spec.exclude_kernel ? 0 : 2;
	case EVK_ARM_PMUV3:
	case EVK_RAW:
		break;
	}
	return c->spec.exclude_kernel ? 0 : 1;
}

/* cs->order: the open perf counters, outermost first. */
static int build_order(struct counter_set *cs)
{
	size_t i, k = 0;
	int rank;

	cs->order = calloc(cs->nr_perf_open ? cs->nr_perf_open : 1,
			   sizeof(*cs->order));
	if (!cs->order) {
		lmb_err("out of memory for %zu counters", cs->nr_perf_open);
		return -1;
	}
	for (rank = 0; rank <= 3; rank++)
		for (i = 0; i < cs->n; i++)
			if (cs->c[i].evsel && toggle_rank(&cs->c[i]) == rank)
				cs->order[k++] = &cs->c[i];
	return 0;
}

/* ---- groups that fit the PMU (counters_groups.h) --------------------- */

static bool is_pmu_event(const struct counter *c)
{
	return c->src == SRC_PERF && c->evsel && c->spec.kind != EVK_SOFTWARE;
}

struct probe {
	struct counter_set *cs;
	struct counter **ev;	/* the events being grouped, list order */
};

/* A short busy window: well under the kernel's 4 ms rotation interval. */
static unsigned long probe_spin(void)
{
	volatile unsigned long sink = 0;
	unsigned long i;

	for (i = 0; i < 20000; i++)
		sink += i;
	return sink;
}

/*
 * The real PMU: enable the candidates, spin, disable; they fit if every
 * one of them ran the whole time it was enabled.
 */
static bool probe_fits(const size_t *idx, size_t n, void *ctx)
{
	struct probe *p = ctx;
	struct perf_counts_values a[64], b;
	bool fits = true;
	size_t i;

	if (n > 64)
		return false;
	for (i = 0; i < n; i++)
		if (perf_evsel__read(p->ev[idx[i]]->evsel, 0, 0, &a[i]))
			return false;
	for (i = 0; i < n; i++)
		perf_evsel__enable(p->ev[idx[i]]->evsel);
	(void)probe_spin();
	for (i = n; i-- > 0; )
		perf_evsel__disable(p->ev[idx[i]]->evsel);
	for (i = 0; i < n; i++) {
		if (perf_evsel__read(p->ev[idx[i]]->evsel, 0, 0, &b) ||
		    b.ena == a[i].ena || b.run - a[i].run < b.ena - a[i].ena)
			fits = false;
	}
	return fits;
}

static bool groupable(const struct counter *c, bool software_too)
{
	return is_pmu_event(c) ||
	       (software_too && c->src == SRC_PERF && c->evsel);
}

static int assign_groups(struct counter_set *cs, group_fits_fn fits,
			 void *ctx_or_null, bool software_too)
{
	struct probe p = { .cs = cs };
	unsigned int *group_of;
	size_t i, n = 0;
	int groups;

	for (i = 0; i < cs->n; i++)
		cs->c[i].grouped = false;
	cs->nr_groups = 0;
	cs->cur_group = 0;
	p.ev = calloc(cs->n ? cs->n : 1, sizeof(*p.ev));
	group_of = calloc(cs->n ? cs->n : 1, sizeof(*group_of));
	if (!p.ev || !group_of) {
		free(p.ev);
		free(group_of);
		lmb_err("out of memory grouping %zu counters", cs->n);
		return -1;
	}
	for (i = 0; i < cs->n; i++)
		if (groupable(&cs->c[i], software_too))
			p.ev[n++] = &cs->c[i];
	groups = counter_groups_plan(n, fits, ctx_or_null ? ctx_or_null : &p,
				     group_of);
	for (i = 0; groups > 0 && i < n; i++) {
		p.ev[i]->grouped = true;
		p.ev[i]->group = group_of[i];
		/* the probe counted: start the first window afresh */
		perf_evsel__read(p.ev[i]->evsel, 0, 0, &p.ev[i]->prev);
	}
	if (groups >= 0)
		cs->nr_groups = (unsigned int)groups;
	free(p.ev);
	free(group_of);
	if (groups < 0)
		lmb_err("out of memory grouping %zu counters", n);
	return groups;
}

static bool all_fit(const size_t *idx, size_t n, void *ctx)
{
	(void)idx;
	(void)n;
	(void)ctx;
	return true;
}

static int plan_groups(struct counter_set *cs)
{
	int groups;

	groups = assign_groups(cs, cs->allow_multiplex ? all_fit : probe_fits,
			       NULL, false);
	if (groups > 1)
		lmb_progress("counters: the PMU does not count these %zu events at once: %d groups take turns, one per sample (no scaled counts; each counter's n is the samples of its group)",
			 cs->nr_perf_open, groups);
	return groups < 0 ? -1 : 0;
}

int counters_plan_groups(struct counter_set *cs, group_fits_fn fits,
			 void *ctx, bool software_too)
{
	return assign_groups(cs, fits, ctx, software_too);
}

void counters_allow_multiplex(struct counter_set *cs)
{
	if (cs)
		cs->allow_multiplex = true;
}

unsigned int counters_nr_groups(const struct counter_set *cs)
{
	return cs ? cs->nr_groups : 0;
}

/* Does @c count in the coming window? */
static bool counts_now(const struct counter_set *cs, const struct counter *c)
{
	return !c->grouped || c->group == cs->cur_group;
}

static int open_cpu_maps(struct counter_set *cs)
{
	char list[16];

	snprintf(list, sizeof(list), "%d", cs->cpu);
	cs->cpus = perf_cpu_map__new(list);
	cs->any_thread = perf_thread_map__new_dummy();	/* pid -1 */
	if (cs->cpus && cs->any_thread)
		return 0;
	lmb_err("out of memory creating the libperf maps of CPU %d", cs->cpu);
	return -1;
}

void counters_pin_cpu(struct counter_set *cs, int cpu)
{
	if (cs && !cs->opened)
		cs->cpu = cpu;
}

int counters_open(struct counter_set *cs)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	size_t i, usable = 0;

	if (!cs || cs->opened)
		return 0;
	pthread_once(&once, libperf_setup);
	cs->threads = perf_thread_map__new_dummy();
	if (!cs->threads) {
		lmb_err("out of memory creating a libperf thread map");
		return -1;
	}
	perf_thread_map__set_pid(cs->threads, 0, 0);	/* 0: this thread */
	if (cs->cpu >= 0 && open_cpu_maps(cs))
		return -1;
	cs->opened = true;
	counters_retarget_pmu(cs);

	for (i = 0; i < cs->n; i++) {
		struct counter *c = &cs->c[i];

		if (c->src == SRC_PERF && !c->reason[0])
			open_perf_counter(cs, c);
		if (!c->reason[0])
			usable++;
	}
	if (build_order(cs) || plan_groups(cs))
		return -1;
	if (cs->n && !usable && cs->nr_split)
		return 0;	/* the workers' owner says why (workers.c) */
	if (cs->n && !usable && cs->best_effort) {
		lmb_warn("no event of the default set can be counted here (%s: %s): this run records time only, its counter cells stay empty",
			 cs->c[0].spec.column, cs->c[0].reason);
		return 0;
	}
	if (cs->n && !usable) {
		lmb_err("none of the %zu requested events can be counted here (first: %s: %s); see `lazymmu-bench info`, or run with -e none",
			cs->n, cs->c[0].spec.column, cs->c[0].reason);
		return -1;
	}
	return 0;
}

size_t counters_set_workers(struct counter_set *cs, unsigned int nr)
{
	size_t i;

	if (!cs || nr <= 1)
		return 0;
	for (i = 0; i < cs->n; i++) {
		struct counter *c = &cs->c[i];

		if (c->src != SRC_KSTAT || c->reason[0])
			continue;
		snprintf(c->reason, sizeof(c->reason), "%u workers: %s", nr,
			 COUNTERS_SPLIT_REASON);
		cs->nr_split++;
	}
	return cs->nr_split;
}

/* ---- the window ------------------------------------------------------ */

/* libperf's toggles return ioctl()'s -1 with errno set. */
static void toggle_failed(struct counter *c, const char *what)
{
	int err = errno;

	if (c->warned)
		return;
	c->warned = true;
	lmb_warn("%s of %s failed: %s; its windows will be empty cells",
		 what, c->spec.column, strerror(err));
}

/*
 * Enabling: one PERF_EVENT_IOC_ENABLE ioctl per event (perf_evsel__enable),
 * nested: outermost first on enable, innermost first on disable, in the
 * order of toggle_rank().  An event counts the toggling of every event
 * inside it, so the innermost one sees the cleanest window.  Measured on
 * the x86 VM with 15 software events and an empty window: the innermost
 * task-clock counted 0.43 us per window this way, against 11.9 us with one
 * prctl(PR_TASK_PERF_EVENTS_ENABLE/DISABLE) pair, which walks the events in
 * open order inside the kernel (so each event counts the others' toggling)
 * and would also toggle every other perf event this thread owns.  The prctl
 * saves syscall entries (23 us vs 26 us per enable+disable pair), but that
 * cost is outside the timed window anyway (the harness reads the clock
 * after counters_enable() and before counters_disable()).  With the
 * default set here the innermost task-clock counts 0.42 us per empty
 * window.  The lazy-MMU stats are read before enabling and after
 * disabling, outside every counter.
 */
void counters_enable(struct counter_set *cs)
{
	size_t i;

	if (!cs)
		return;
	if (cs->kstat && !cs->nr_split)
		kstat_before(cs->kstat);
	for (i = 0; i < cs->nr_perf_open; i++) {
		if (!counts_now(cs, cs->order[i]))
			continue;
		if (perf_evsel__enable(cs->order[i]->evsel))
			toggle_failed(cs->order[i], "PERF_EVENT_IOC_ENABLE");
	}
}

void counters_disable(struct counter_set *cs)
{
	size_t i;

	if (!cs)
		return;
	for (i = cs->nr_perf_open; i-- > 0; ) {
		if (!counts_now(cs, cs->order[i]))
			continue;
		if (perf_evsel__disable(cs->order[i]->evsel))
			toggle_failed(cs->order[i], "PERF_EVENT_IOC_DISABLE");
	}
	if (cs->kstat && !cs->nr_split)
		kstat_after(cs->kstat);
}

enum counter_status counter_judge_window(const struct counter_window *w,
					 struct counter_value *v,
					 char *why, size_t why_len)
{
	memset(v, 0, sizeof(*v));
	v->status = COUNTER_UNAVAILABLE;
	if (!w->enabled) {
		snprintf(why, why_len, "the event was not enabled during the window");
		return v->status;
	}
	if (!w->running) {
		snprintf(why, why_len,
			 "the event never got a PMU counter during the window (multiplexed out: ask for fewer events)");
		return v->status;
	}
	if (!w->count && !w->zero_trusted && w->emulated) {
		snprintf(why, why_len,
			 "not listed by %s and read 0 on an emulated CPU (%s): the emulator may not implement it, whatever pmu-events or perf's generic events say",
			 w->pmu ? w->pmu : "the PMU", w->emulated);
		return v->status;
	}
	if (!w->count && !w->zero_trusted) {
		snprintf(why, why_len,
			 "not listed by %s and read 0: cannot tell unimplemented from zero",
			 w->pmu ? w->pmu : "the PMU");
		return v->status;
	}
	if (w->running < w->enabled && !w->allow_scaled) {
		snprintf(why, why_len,
			 "held a PMU counter for only %.1f%% of the window (another perf user took counters?): no scaled count; rerun, or use --allow-multiplex to accept scaled counts",
			 100.0 * (double)w->running / (double)w->enabled);
		return v->status;
	}
	v->status = COUNTER_OK;
	if (w->running >= w->enabled) {
		v->value = (double)w->count;
		v->running_ratio = 1.0;
	} else {
		v->value = (double)w->count * (double)w->enabled /
			   (double)w->running;
		v->running_ratio = (double)w->running / (double)w->enabled;
	}
	return v->status;
}

static void warn_once(struct counter *c, const char *why)
{
	if (c->warned)
		return;
	c->warned = true;
	lmb_warn("%s unavailable in a window (empty cell; warned once): %s",
		 c->spec.column, why);
}

static void read_perf(struct counter_set *cs, struct counter *c,
		      struct counter_value *v)
{
	struct perf_counts_values now;
	struct counter_window w;
	char why[REASON_MAX];
	int err;

	err = perf_evsel__read(c->evsel, 0, 0, &now);
	if (err) {
		v->status = COUNTER_UNAVAILABLE;
		snprintf(why, sizeof(why), "read failed: %s", strerror(-err));
		warn_once(c, why);
		return;
	}
	if (now.val < c->prev.val || now.ena < c->prev.ena ||
	    now.run < c->prev.run) {
		v->status = COUNTER_UNAVAILABLE;
		c->prev = now;
		warn_once(c, "the count went backwards (read failed?)");
		return;
	}
	w.count = now.val - c->prev.val;
	w.enabled = now.ena - c->prev.ena;
	w.running = now.run - c->prev.run;
	w.zero_trusted = !c->needs_listing || c->listed ||
			 (c->core_name && pmu_core_zero_trusted(&cs->core));
	if (c->emu_generic)
		w.zero_trusted = c->listed;
	w.pmu = cs->pmu.name[0] ? cs->pmu.name : "the PMU";
	w.emulated = virt_pmu_emulated(cs->core.virt.kind) ?
		     virt_kind_name(cs->core.virt.kind) : NULL;
	w.allow_scaled = cs->allow_multiplex;
	c->prev = now;
	if (counter_judge_window(&w, v, why, sizeof(why)) != COUNTER_OK)
		warn_once(c, why);
}

int counters_read(struct counter_set *cs, struct counter_value *vals)
{
	size_t i;

	for (i = 0; i < counters_count(cs); i++) {
		struct counter *c = &cs->c[i];
		struct counter_value *v = &vals[i];
		const char *why;
		uint64_t delta;

		memset(v, 0, sizeof(*v));
		v->status = COUNTER_UNAVAILABLE;
		if (c->reason[0])
			continue;
		if (!counts_now(cs, c)) {
			v->status = COUNTER_OTHER_GROUP;
			continue;
		}
		if (c->src == SRC_PERF && c->evsel) {
			read_perf(cs, c, v);
		} else if (c->src == SRC_KSTAT) {
			if (kstat_delta(cs->kstat, c->kstat_idx, &delta, &why)) {
				warn_once(c, why);
				continue;
			}
			v->status = COUNTER_OK;
			v->value = (double)delta;
			v->running_ratio = 1.0;
		}
	}
	for (i = 0; i < counters_count(cs); i++)
		vals[i].group = cs->nr_groups ? (int)cs->cur_group : -1;
	if (cs && cs->nr_groups)
		cs->cur_group = (cs->cur_group + 1) % cs->nr_groups;
	return 0;
}

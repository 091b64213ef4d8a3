// SPDX-License-Identifier: GPL-2.0
/* The human-readable environment report and its warnings (see meta.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array_size.h"
#include "log.h"
#include "meta.h"
#include "text.h"

#define CAP_SYS_ADMIN_BIT	21
#define CAP_PERFMON_BIT		38

/* Does this process hold CAP_PERFMON or CAP_SYS_ADMIN (or is it root)? */
static int perf_privileged(void)
{
	char *status = geteuid() ? text_read_file("/proc/self/status", 1 << 16) : NULL;
	const char *cap;
	unsigned long long eff;
	int priv;

	if (!geteuid())
		return 1;
	cap = status ? strstr(status, "\nCapEff:") : NULL;
	if (!cap) {
		free(status);
		return 0;
	}
	eff = strtoull(cap + strlen("\nCapEff:"), NULL, 16);
	priv = !!(eff & (1ull << CAP_SYS_ADMIN_BIT | 1ull << CAP_PERFMON_BIT));
	free(status);
	return priv;
}

static int is(const char *v, const char *want)
{
	return v && !strcmp(v, want);
}

static int known(const char *v)
{
	return v && strncmp(v, "unknown", 7);
}

struct warner {
	void (*fn)(const char *msg, void *arg);
	void *arg;
	int n;
};

static void warn(struct warner *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct warner *w, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	w->fn(msg ? msg : fmt, w->arg);
	free(msg);
	w->n++;
}

static void warn_perf(struct warner *w, const struct meta *m)
{
	const char *para = meta_get(m, "perf_event_paranoid");
	const char *pmu = meta_get(m, "pmu");
	const char *virt = meta_get(m, "virtualized");
	long level;
	char *end;

	if (virt && (!strcmp(virt, "qemu-tcg") || !strcmp(virt, "qemu")))
		warn(w, "the CPU is emulated (virtualized: %s): the PMU is QEMU's model, not the core's: events it does not list are unavailable when they read 0, even when pmu-events lists them for the core; cycles follow QEMU's clock, instructions exist only with -icount, and times are the emulator's, not the core's",
		     virt);
	if (pmu && !strncmp(pmu, "none", 4))
		warn(w, "no hardware PMU (pmu: %s): cycles, instructions and the arm64 barrier/TLB events will be unavailable; only software events count here",
		     pmu);
	if (!known(para))
		return;
	level = strtol(para, &end, 10);
	if (end == para || perf_privileged())
		return;
	if (level > 2)
		warn(w, "perf_event_paranoid is %ld and this process is not privileged: no perf events at all; run as root or sysctl kernel.perf_event_paranoid=1",
		     level);
	else if (level > 1)
		warn(w, "perf_event_paranoid is %ld and this process is not privileged: kernel-mode counters (_k events) are unavailable; run as root or sysctl kernel.perf_event_paranoid=1",
		     level);
}

static void warn_kernel(struct warner *w, const struct meta *m)
{
	static const char *const slow[] = { "KASAN", "DEBUG_VM" };
	const char *dp = meta_get(m, "debug_pagealloc");
	char key[32];
	size_t i;

	if (is(dp, "off"))
		warn(w, "debug_pagealloc is off: page allocations inside lazy MMU sections do not remap the linear map, so the main source of nesting is absent and the nesting designs should measure alike; to study nesting boot a CONFIG_DEBUG_PAGEALLOC=y kernel with debug_pagealloc=on");
	else if (dp && !is(dp, "on"))
		warn(w, "debug_pagealloc is %s", dp);
	for (i = 0; i < ARRAY_SIZE(slow); i++) {
		snprintf(key, sizeof(key), "config_%s", slow[i]);
		if (is(meta_get(m, key), "y"))
			warn(w, "CONFIG_%s=y slows mm paths: compare only kernels built with the same debug options",
			     slow[i]);
	}
}

static void warn_system(struct warner *w, const struct meta *m)
{
	const char *thp = meta_get(m, "thp_enabled");
	const char *gov = meta_get(m, "governor");
	const char *aslr = meta_get(m, "aslr");

	if (is(thp, "never"))
		warn(w, "THP is disabled (transparent_hugepage/enabled: never): --page-size thp runs get base pages; echo madvise > /sys/kernel/mm/transparent_hugepage/enabled");
	if (known(gov) && !is(gov, "performance"))
		warn(w, "cpufreq governor is '%s', not performance: clock changes add noise; cpupower frequency-set -g performance",
		     gov);
	if (known(aslr) && !is(aslr, "0"))
		warn(w, "ASLR is on (randomize_va_space %s): mappings move run to run; for the steadiest numbers run under setarch -R or sysctl kernel.randomize_va_space=0",
		     aslr);
}

int meta_for_each_warning(const struct meta *m,
			  void (*fn)(const char *msg, void *arg), void *arg)
{
	struct warner w = { fn, arg, 0 };

	warn_kernel(&w, m);
	warn_system(&w, m);
	warn_perf(&w, m);
	return w.n;
}

static void to_lmb_warn(const char *msg, void *arg)
{
	(void)arg;
	lmb_warn("%s", msg);
}

int meta_warn(const struct meta *m)
{
	return meta_for_each_warning(m, to_lmb_warn, NULL);
}

static void to_file(const char *msg, void *arg)
{
	fprintf(arg, "  - %s\n", msg);
}

void meta_print_info(const struct meta *m, FILE *f)
{
	size_t i, width = 0;

	for (i = 0; i < m->n; i++)
		if (strlen(m->kv[i].key) > width)
			width = strlen(m->kv[i].key);
	fprintf(f, "lazymmu-bench environment\n");
	for (i = 0; i < m->n; i++)
		fprintf(f, "  %-*s  %s\n", (int)width, m->kv[i].key,
			m->kv[i].value);
	fprintf(f, "\nwarnings:\n");
	if (!meta_for_each_warning(m, to_file, f))
		fprintf(f, "  none\n");
}

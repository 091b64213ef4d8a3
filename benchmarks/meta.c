// SPDX-License-Identifier: GPL-2.0
/*
 * Environment metadata: the key/value list, and collecting it (see meta.h).
 * Values come from meta_kconfig.c, meta_cmdline.c, meta_cpu.c, meta_sys.c
 * and topology.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "meta.h"
#include "meta_cmdline.h"
#include "meta_cpu.h"
#include "meta_kconfig.h"
#include "meta_read.h"
#include "meta_sys.h"
#include "topology.h"

#ifndef LMB_VERSION
#define LMB_VERSION "unknown"
#endif
#ifndef LMB_GIT_REV
#define LMB_GIT_REV "unknown"
#endif

#define META_SCHEMA	"1"

/* Options recorded as config_<OPTION>. */
static const char *const config_options[] = {
	"DEBUG_PAGEALLOC", "DEBUG_PAGEALLOC_ENABLE_DEFAULT", "DEBUG_VM",
	"TRANSPARENT_HUGEPAGE", "ARM64_4K_PAGES", "ARM64_16K_PAGES",
	"ARM64_64K_PAGES", "KASAN", "KASAN_VMALLOC", "KFENCE",
};

static int valid_key(const char *key)
{
	const char *p;

	if (!key || !*key)
		return 0;
	for (p = key; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

int meta_set(struct meta *m, const char *key, const char *value)
{
	struct meta_kv *kv;
	char *v;
	size_t i;

	if (!valid_key(key) || !value) {
		lmb_err("metadata key '%s' = '%s' rejected: keys are letters, digits and '_', and need a value",
			key ? key : "(null)", value ? value : "(null)");
		return -1;
	}
	v = strdup(value);
	if (!v)
		goto nomem;
	str_flatten(v);
	for (i = 0; i < m->n; i++) {
		if (!strcmp(m->kv[i].key, key)) {
			free(m->kv[i].value);
			m->kv[i].value = v;
			return 0;
		}
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;

		kv = realloc(m->kv, cap * sizeof(*kv));
		if (!kv)
			goto nomem_v;
		m->kv = kv;
		m->cap = cap;
	}
	m->kv[m->n].key = strdup(key);
	if (!m->kv[m->n].key)
		goto nomem_v;
	m->kv[m->n++].value = v;
	return 0;
nomem_v:
	free(v);
nomem:
	lmb_err("metadata: out of memory storing '%s'", key);
	return -1;
}

const char *meta_get(const struct meta *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->kv[i].key, key))
			return m->kv[i].value;
	return NULL;
}

void meta_write_comments(const struct meta *m, FILE *f)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		fprintf(f, "# %s: %s\n", m->kv[i].key, m->kv[i].value);
}

void meta_free(struct meta *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->kv[i].key);
		free(m->kv[i].value);
	}
	free(m->kv);
	m->kv = NULL;
	m->n = m->cap = 0;
}

/* Store @value (a new string, consumed; NULL = out of memory) under @key. */
static int put(struct meta *m, const char *key, char *value)
{
	int r;

	if (!value) {
		lmb_err("metadata: out of memory collecting '%s'", key);
		return -1;
	}
	r = meta_set(m, key, value);
	free(value);
	return r;
}

static int collect_identity(struct meta *m, const char *label,
			    const struct utsname *u)
{
	struct timespec now;
	char iso[32], compact[32];
	struct tm tm;
	int err = 0;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(compact, sizeof(compact), "%Y%m%dT%H%M%SZ", &tm);

	err |= meta_set(m, "suite_version", LMB_VERSION "-" LMB_GIT_REV);
	err |= meta_set(m, "schema", META_SCHEMA);
	err |= put(m, "run_id", str_printf("%s-%s-%ld", u->nodename, compact,
					   (long)getpid()));
	err |= meta_set(m, "label", label ? label : "");
	err |= meta_set(m, "host", u->nodename);
	err |= meta_set(m, "utc_time", iso);
	err |= meta_set(m, "kernel_release", u->release);
	err |= meta_set(m, "kernel_version", u->version);
	err |= meta_set(m, "arch", u->machine);
	return err;
}

/* cmdline, debug_pagealloc, config_<OPTION>, config_source. */
static int collect_kernel(struct meta *m, const char *release)
{
	char *cmdline = read_value("/proc/cmdline"), *config, *source;
	char *values[sizeof(config_options) / sizeof(config_options[0])];
	const size_t nopt = sizeof(config_options) / sizeof(config_options[0]);
	int cmdline_errno = errno, err = 0;
	size_t i;

	err |= put(m, "cmdline", cmdline ? strdup(cmdline) :
		   str_unknown("cannot read /proc/cmdline: %s",
			       strerror(cmdline_errno)));
	kconfig_load(release, &config, &source);
	for (i = 0; i < nopt; i++)
		values[i] = config ? kconfig_value(config, config_options[i]) :
			    strdup("unknown (see config_source)");
	/* values[0], [1]: DEBUG_PAGEALLOC, DEBUG_PAGEALLOC_ENABLE_DEFAULT */
	if (values[0] && values[1])
		err |= put(m, "debug_pagealloc",
			   debug_pagealloc_state(cmdline, values[0], values[1]));
	else
		err |= put(m, "debug_pagealloc", NULL);
	for (i = 0; i < nopt; i++) {
		char key[64];

		snprintf(key, sizeof(key), "config_%s", config_options[i]);
		err |= put(m, key, values[i]);
	}
	err |= put(m, "config_source", source);
	free(config);
	free(cmdline);
	return err;
}

/* thp_enabled / thp_defrag: the bracketed choice of the sysfs selector. */
static char *thp_choice(const char *file)
{
	char *path = str_printf("%s/%s", SYS_THP_DIR, file), *text, *c;

	if (!path)
		return NULL;
	text = read_value(path);
	if (!text)
		c = str_unknown("cannot read %s: %s", path, strerror(errno));
	else if (!(c = sysfs_choice(text)))
		c = str_unknown("no [choice] in %s: '%s'", path, text);
	free(text);
	free(path);
	return c;
}

static int collect_thp(struct meta *m)
{
	int err = 0;

	err |= put(m, "thp_enabled", thp_choice("enabled"));
	err |= put(m, "thp_defrag", thp_choice("defrag"));
	err |= put(m, "thp_sizes", thp_sizes_summary(SYS_THP_DIR));
	return err;
}

static int collect_pages(struct meta *m)
{
	unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
	char *pmd = read_value(SYS_THP_DIR "/hpage_pmd_size");
	int err = 0;

	err |= put(m, "base_page_size", str_printf("%lu", page));
	if (!pmd && pmd_size_for(page))
		pmd = str_printf("%llu", pmd_size_for(page));
	else if (!pmd)
		pmd = str_unknown("no %s/hpage_pmd_size and base page size %lu is not 4K, 16K or 64K",
				  SYS_THP_DIR, page);
	err |= put(m, "pmd_size", pmd);
	err |= put(m, "aslr",
		   read_value_or_unknown("/proc/sys/kernel/randomize_va_space"));
	return err;
}

static int collect_cpu(struct meta *m, const char *arch)
{
	struct topo *t = topo_open();
	char *model, *midr;
	int err = 0;

	if (cpu_identify(arch, &model, &midr)) {
		model = midr = NULL;
		err = -1;
	}
	err |= put(m, "cpu_model", model);
	err |= put(m, "midr_el1", midr);
	err |= put(m, "nr_cpus", str_printf("%ld", sysconf(_SC_NPROCESSORS_ONLN)));
	err |= put(m, "topology", t ? topo_summary(t) :
		   str_unknown("hwloc could not load the topology (see the error above)"));
	topo_close(t);
	err |= put(m, "governor", governor_summary(SYS_CPU_DIR));
	err |= put(m, "pmu", pmu_summary(SYS_PMU_DIR));
	err |= put(m, "perf_event_paranoid",
		   read_value_or_unknown("/proc/sys/kernel/perf_event_paranoid"));
	return err;
}

int meta_collect(struct meta *m, const char *label)
{
	struct utsname u;
	int err = 0;

	if (uname(&u)) {
		lmb_err("uname() failed: %s; cannot describe the kernel",
			strerror(errno));
		return -1;
	}
	err |= collect_identity(m, label, &u);
	err |= collect_kernel(m, u.release);
	err |= collect_thp(m);
	err |= collect_cpu(m, u.machine);
	err |= collect_pages(m);
	return err ? -1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/* The core PMU in sysfs: its perf type and the events it lists. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array_size.h"
#include "counters_pmu.h"
#include "text.h"

#define DEVICES "/bus/event_source/devices"

static int read_pmu_attr(const char *root, const char *pmu, const char *attr,
			 char *buf, size_t len)
{
	char path[PATH_MAX], *value;

	if (snprintf(path, sizeof(path), "%s" DEVICES "/%s/%s", root, pmu,
		     attr) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	value = text_read_value(path);
	if (!value)
		return -1;
	snprintf(buf, len, "%s", value);
	free(value);
	return 0;
}

/* Is @cpu in a cpu list such as "0-3,8"? */
static bool cpulist_has(const char *list, int cpu)
{
	const char *p = list;

	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;

		if (end == p)
			return false;
		if (*end == '-') {
			p = end + 1;
			hi = strtol(p, &end, 10);
			if (end == p)
				return false;
		}
		if (cpu >= lo && cpu <= hi)
			return true;
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return false;
	}
	return false;
}

static bool is_arm_pmu_name(const char *name)
{
	return !strncmp(name, "armv8_", 6) || !strncmp(name, "armv9_", 6);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The arm PMU to use, by name order, preferring the one covering our CPU. */
static int find_arm_pmu(const char *root, char *out, size_t out_len)
{
	char path[PATH_MAX], cpus[256];
	char *names[64];
	size_t n = 0, i, pick = 0;
	struct dirent *de;
	int cpu = sched_getcpu();
	DIR *d;

	snprintf(path, sizeof(path), "%s" DEVICES, root);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d)) && n < ARRAY_SIZE(names)) {
		if (!is_arm_pmu_name(de->d_name))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	if (!n)
		return -1;
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++) {
		if (cpu >= 0 &&
		    !read_pmu_attr(root, names[i], "cpus", cpus, sizeof(cpus)) &&
		    cpulist_has(cpus, cpu)) {
			pick = i;
			break;
		}
	}
	snprintf(out, out_len, "%s", names[pick]);
	for (i = 0; i < n; i++)
		free(names[i]);
	return 0;
}

int core_pmu_find(const char *root, struct core_pmu *pmu)
{
	static const char *const plain[] = { "cpu", "cpu_core" };
	char buf[32];
	size_t i;
	bool found = false;

	memset(pmu, 0, sizeof(*pmu));
	pmu->type = -1;
	for (i = 0; i < ARRAY_SIZE(plain) && !found; i++) {
		if (!read_pmu_attr(root, plain[i], "type", buf, sizeof(buf))) {
			snprintf(pmu->name, sizeof(pmu->name), "%s", plain[i]);
			found = true;
		}
	}
	if (!found && !find_arm_pmu(root, pmu->name, sizeof(pmu->name))) {
		pmu->arm = true;
		found = read_pmu_attr(root, pmu->name, "type", buf,
				      sizeof(buf)) == 0;
	}
	if (found) {
		char *end;
		long type = strtol(buf, &end, 10);

		if (end != buf && !*end && type >= 0 && type <= INT_MAX) {
			pmu->type = (int)type;
			return 0;
		}
	}
	memset(pmu, 0, sizeof(*pmu));
	pmu->type = -1;
	return -1;
}

/*
 * Where term @key goes in attr.config: <pmu>/format/<key> reads
 * "config:lo-hi" or "config:bit".  Anything else (config1, split ranges)
 * cannot be expressed by config alone: -1.  No format file for "event":
 * bit 0, as perf assumes for raw events.
 */
static int term_shift(const char *root, const char *pmu, const char *key)
{
	char attr[128], fmt[64];
	char *end;
	long lo;

	snprintf(attr, sizeof(attr), "format/%s", key);
	if (read_pmu_attr(root, pmu, attr, fmt, sizeof(fmt)))
		return strcmp(key, "event") ? -1 : 0;
	if (strncmp(fmt, "config:", 7))
		return -1;
	lo = strtol(fmt + 7, &end, 10);
	if (end == fmt + 7 || lo < 0 || lo > 63)
		return -1;
	if (*end == '-') {
		char *end2;

		strtol(end + 1, &end2, 10);
		if (end2 == end + 1)
			return -1;
		end = end2;
	}
	return *end ? -1 : (int)lo;
}

/* Config value of an events/ file ("event=0x0011", "event=0xcd,umask=0x1"). */
static int event_file_config(const char *root, const char *pmu,
			     char *terms, uint64_t *config)
{
	char *save = NULL, *t;

	*config = 0;
	for (t = strtok_r(terms, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(t, '=');
		unsigned long long v = 1;
		char *end;
		int shift;

		if (eq) {
			*eq = '\0';
			errno = 0;
			v = strtoull(eq + 1, &end, 0);
			if (errno || end == eq + 1 || *end)
				return -1;
		}
		shift = term_shift(root, pmu, t);
		if (shift < 0)
			return -1;
		*config |= (uint64_t)v << shift;
	}
	return 0;
}

bool core_pmu_lists(const char *root, const struct core_pmu *pmu,
		    uint64_t config, char *alias, size_t alias_len)
{
	char path[PATH_MAX], terms[256];
	struct dirent *de;
	bool listed = false;
	DIR *d;

	if (!pmu->name[0])
		return false;
	snprintf(path, sizeof(path), "%s" DEVICES "/%s/events", root, pmu->name);
	d = opendir(path);
	if (!d)
		return false;
	while (!listed && (de = readdir(d))) {
		char attr[sizeof(de->d_name) + 8];
		uint64_t c;

		if (de->d_name[0] == '.' || strchr(de->d_name, '.'))
			continue;	/* also skips foo.scale / foo.unit */
		snprintf(attr, sizeof(attr), "events/%s", de->d_name);
		if (read_pmu_attr(root, pmu->name, attr, terms, sizeof(terms)))
			continue;
		if (event_file_config(root, pmu->name, terms, &c) || c != config)
			continue;
		listed = true;
		if (alias)
			snprintf(alias, alias_len, "%s", de->d_name);
	}
	closedir(d);
	return listed;
}

int core_pmu_first_cpu(const char *root, const struct core_pmu *pmu)
{
	char list[256], *end;
	long cpu;

	if (!pmu->name[0] ||
	    (read_pmu_attr(root, pmu->name, "cpus", list, sizeof(list)) &&
	     read_pmu_attr(root, pmu->name, "cpumask", list, sizeof(list))))
		return -1;
	cpu = strtol(list, &end, 10);
	return end != list && cpu >= 0 && cpu < INT_MAX ? (int)cpu : -1;
}

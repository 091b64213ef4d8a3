// SPDX-License-Identifier: GPL-2.0
/* --page-size parsing and the mTHP sysfs controls; see page_size.h. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "array_size.h"
#include "log.h"
#include "page_size.h"
#include "region.h"
#include "sysfs_settings.h"
#include "text.h"
#include "units.h"

/* "hugepages-64kB" -> 65536; 0 if the name is not one. */
static size_t dir_size(const char *name)
{
	unsigned long kb;
	char tail[4];

	if (sscanf(name, "hugepages-%lukB%3s", &kb, tail) != 1)
		return 0;
	return (size_t)kb << 10;
}

static void offered_sizes(const char *thp_dir, char *buf, size_t cap)
{
	DIR *d = opendir(thp_dir);
	struct dirent *e;
	size_t len = 0;

	buf[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d)) && len < cap) {
		size_t sz = dir_size(e->d_name);
		char path[512];

		snprintf(path, sizeof(path), "%s/%s/enabled", thp_dir, e->d_name);
		if (sz && !access(path, F_OK))
			len += (size_t)snprintf(buf + len, cap - len, "%s%zuk",
						len ? ", " : "", sz >> 10);
	}
	closedir(d);
}

/* <digits>[K|KB|KiB|M|...] (any case), as parse_size() takes them. */
static bool size_syntax(const char *s)
{
	static const char *const suffix[] = {
		"", "b", "k", "kb", "kib", "m", "mb", "mib", "g", "gb", "gib",
	};
	size_t digits = strspn(s, "0123456789"), i;

	for (i = 0; digits && i < ARRAY_SIZE(suffix); i++)
		if (!strcasecmp(s + digits, suffix[i]))
			return true;
	return false;
}

int page_size_parse(const char *s, const char *thp_dir, struct page_size *ps)
{
	char path[512], offered[512];
	size_t sz;

	memset(ps, 0, sizeof(*ps));
	if (!strcasecmp(s, "4k") || !strcmp(s, "base")) {
		ps->mode = PAGE_MODE_4K;
		snprintf(ps->name, sizeof(ps->name), "4k");
		return 0;
	}
	if (!strcasecmp(s, "thp")) {
		ps->mode = PAGE_MODE_THP;
		snprintf(ps->name, sizeof(ps->name), "thp");
		return 0;
	}
	/* only a number with a size suffix goes on: one message either way */
	if (!size_syntax(s))
		goto bad;
	if (parse_size(s, "--page-size", &sz))
		return -1;
	if (sz < 1024 || sz % 1024)
		goto bad;
	snprintf(path, sizeof(path), "%s/hugepages-%zukB/enabled", thp_dir, sz >> 10);
	if (access(path, F_OK)) {
		offered_sizes(thp_dir, offered, sizeof(offered));
		lmb_err("--page-size %s: this kernel has no anonymous mTHP control %s; mTHP sizes offered here: %s",
			s, path, offered[0] ? offered : "none (kernel without mTHP, before 6.8)");
		return -1;
	}
	ps->mode = PAGE_MODE_THP;
	ps->mthp = sz;
	snprintf(ps->name, sizeof(ps->name), "%zuk", sz >> 10);
	return 0;
bad:
	lmb_err("--page-size '%s' is not known: use 4k, thp, or an mTHP size such as 64k (a list: 4k,thp,64k)",
		s);
	return -1;
}

int mthp_enable_only(const char *thp_dir, size_t size)
{
	DIR *d = opendir(thp_dir);
	struct dirent *e;
	char path[512];
	int ret = 0;

	if (!d) {
		lmb_err("cannot open %s: %s; this kernel lacks THP", thp_dir,
			strerror(errno));
		return -1;
	}
	if (settings_init(NULL)) {
		closedir(d);
		return -1;
	}
	/* First the size under test, so a refusal changes nothing else. */
	snprintf(path, sizeof(path), "%s/hugepages-%zukB/enabled", thp_dir, size >> 10);
	ret = settings_set(path, "madvise");
	while (!ret && (e = readdir(d))) {
		size_t sz = dir_size(e->d_name);

		if (!sz || sz == size)
			continue;
		snprintf(path, sizeof(path), "%s/%s/enabled", thp_dir, e->d_name);
		if (access(path, F_OK))
			continue;	/* a shmem-only size (8kB) */
		ret = settings_set(path, "never");
	}
	closedir(d);
	if (ret)
		mthp_restore();
	if (ret == SETTINGS_DENIED)
		lmb_warn("--page-size %zuk needs root to change the mTHP controls in %s: skipping this page size",
			 size >> 10, thp_dir);
	return ret;
}

int mthp_restore(void)
{
	return settings_restore_all() ? -1 : 0;
}

long long mthp_fault_allocs(const char *thp_dir, size_t size)
{
	char path[512], buf[32];
	long long v;
	char *end;
	FILE *f;

	snprintf(path, sizeof(path), "%s/hugepages-%zukB/stats/anon_fault_alloc",
		 thp_dir, size >> 10);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	v = strtoll(buf, &end, 10);
	return end == buf || v < 0 ? -1 : v;
}

/* The huge folio size the counts of @p are about: its mTHP size, else the PMD's. */
static size_t counted_size(const struct wl_params *p)
{
	return p->mthp_size ? p->mthp_size : p->pmd_size;
}

/* Anonymous faults of counted_size() folios; /proc/vmstat before 6.10. */
static long long huge_fault_allocs(const struct wl_params *p)
{
	long long v = mthp_fault_allocs(MTHP_DIR, counted_size(p));
	char *text, *line;

	if (v >= 0 || p->mthp_size)
		return v;
	text = text_read_file("/proc/vmstat", 1 << 20);
	line = text ? strstr(text, "\nthp_fault_alloc ") : NULL;
	if (line && sscanf(line, "\nthp_fault_alloc %lld", &v) != 1)
		v = -1;
	free(text);
	return v;
}

long long page_size_fault_mark(const struct wl_params *p)
{
	return counted_size(p) ? huge_fault_allocs(p) : -1;
}

long page_size_faulted_kb(const struct wl_params *p, long long mark)
{
	long long now;

	if (mark < 0)
		return -1;
	now = huge_fault_allocs(p);
	if (now < mark)
		return -1;
	return (long)((now - mark) * (long long)(counted_size(p) >> 10));
}

long page_size_sample_kb(const struct wl_params *p, bool fresh,
			 long long prepare_mark, long kept_kb)
{
	return fresh ? page_size_faulted_kb(p, prepare_mark) : kept_kb;
}

long page_size_kept_kb(const struct wl_params *p, const void *region,
		       long setup_kb)
{
	long kb = region ? region_anon_huge_kb(region) : -1;

	/* smaps cannot tell mTHP folios: what setup() faulted (walked alike) */
	return p->mthp_size ? setup_kb : kb;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * PMD-aligned anonymous regions, their population pattern, and probes that
 * tell whether a page is mapped / readable / writable without faulting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "array_size.h"
#include "log.h"
#include "region.h"

#define THP_DIR "/sys/kernel/mm/transparent_hugepage"
#define PROBE_MAX_PAGES 1024

static bool is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

static size_t sys_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (size_t)ps : 4096;
}

/* Map @bytes + @align, then trim the head and tail to leave @bytes aligned. */
static void *map_aligned(size_t bytes, size_t align, int prot, int flags,
			 const char *what)
{
	size_t page = sys_page_size(), span, head, tail;
	char *raw, *start;

	if (!bytes || bytes % page) {
		lmb_err("%s of %zu bytes: the size must be a positive multiple of the page size (%zu bytes)",
			what, bytes, page);
		return NULL;
	}
	if (!is_pow2(align) || align < page) {
		lmb_err("%s: alignment %zu bytes is not a power of two of at least the page size (%zu bytes)",
			what, align, page);
		return NULL;
	}
	if (bytes > SIZE_MAX - align) {
		lmb_err("%s of %zu bytes aligned to %zu bytes does not fit in the address space; choose a smaller size",
			what, bytes, align);
		return NULL;
	}
	span = bytes + align;
	raw = mmap(NULL, span, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	if (raw == MAP_FAILED) {
		lmb_err("%s: mmap of %zu bytes (%zu MiB + %zu bytes of alignment slack) failed: %s; choose a smaller --size or free memory",
			what, span, bytes >> 20, align, strerror(errno));
		return NULL;
	}
	start = (char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	head = (size_t)(start - raw);
	tail = span - head - bytes;
	if ((head && munmap(raw, head)) || (tail && munmap(start + bytes, tail))) {
		lmb_err("%s: trimming the alignment slack around %p failed: %s",
			what, (void *)start, strerror(errno));
		munmap(raw, span);
		return NULL;
	}
	return start;
}

void *region_map_aligned(size_t bytes, size_t align)
{
	return map_aligned(bytes, align, PROT_READ | PROT_WRITE, 0,
			   "mapping the storm region");
}

void *region_reserve_aligned(size_t bytes, size_t align)
{
	return map_aligned(bytes, align, PROT_NONE, MAP_NORESERVE,
			   "reserving address space");
}

/* The bracketed word of a sysfs selector ("always [madvise] never"), or NULL. */
static const char *thp_selector(const char *path)
{
	static const char *const names[] = {
		"always", "madvise", "never", "inherit",
	};
	char buf[128], *open_br, *close_br;
	FILE *f = fopen(path, "re");
	size_t i;

	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	open_br = strchr(buf, '[');
	close_br = open_br ? strchr(open_br, ']') : NULL;
	if (!close_br)
		return NULL;
	*close_br = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(open_br + 1, names[i]))
			return names[i];
	return NULL;
}

const char *region_thp_setting(void)
{
	return region_thp_setting_in(THP_DIR);
}

const char *region_thp_setting_in(const char *thp_dir)
{
	const char *top, *pmd = NULL;
	unsigned long pmd_bytes = 0;
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/enabled", thp_dir);
	top = thp_selector(path);
	if (!top || !strcmp(top, "inherit"))
		return "unknown";
	/* Since 6.8 the PMD size has its own control, "inherit" by default. */
	snprintf(path, sizeof(path), "%s/hpage_pmd_size", thp_dir);
	f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%lu", &pmd_bytes) != 1)
			pmd_bytes = 0;
		fclose(f);
	}
	if (pmd_bytes) {
		snprintf(path, sizeof(path), "%s/hugepages-%lukB/enabled",
			 thp_dir, pmd_bytes >> 10);
		pmd = thp_selector(path);
	}
	return pmd && strcmp(pmd, "inherit") ? pmd : top;
}

/* @check_pmd: warn (once) when PMD-sized THP cannot be had (not for mTHP
 * runs, which turn the PMD size off on purpose).
 */
static int set_page_mode(void *addr, size_t bytes, enum page_mode mode,
			 bool check_pmd)
{
	static bool thp_setting_checked;
	int advice = mode == PAGE_MODE_THP ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;
	const char *hint;

	if (!madvise(addr, bytes, advice)) {
		if (mode == PAGE_MODE_THP && check_pmd && !thp_setting_checked) {
			thp_setting_checked = true;
			if (!strcmp(region_thp_setting(), "never"))
				lmb_warn("PMD-sized THP is 'never' (%s/enabled or its hugepages-<PMD size>kB/enabled): --page-size thp runs on base pages (the thp_kb column shows it); write 'madvise' there to test THP",
					 THP_DIR);
		}
		return 0;
	}
	/* Without CONFIG_TRANSPARENT_HUGEPAGE every page is a base page anyway. */
	if (mode == PAGE_MODE_4K && errno == EINVAL)
		return 0;
	if (errno == EINVAL)
		hint = "this kernel may lack CONFIG_TRANSPARENT_HUGEPAGE: use --page-size 4k";
	else if (errno == ENOMEM)
		hint = "the range is not (fully) mapped: a bug in the caller";
	else
		hint = "please report this with `lazymmu-bench info`";
	lmb_err("madvise(%p, %zu bytes, %s) failed: %s; %s", addr, bytes,
		mode == PAGE_MODE_THP ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE",
		strerror(errno), hint);
	return -1;
}

int region_set_page_mode(void *addr, size_t bytes, enum page_mode mode)
{
	return set_page_mode(addr, bytes, mode, true);
}

static unsigned char pattern_byte(unsigned char seed, size_t page_index)
{
	return (unsigned char)(1 + (seed + 7 * (page_index % 255)) % 255);
}

void region_populate(void *addr, size_t bytes, size_t base_page, unsigned char seed)
{
	unsigned char *p = addr;
	size_t i, pages = bytes / base_page;

	for (i = 0; i < pages; i++)
		p[i * base_page] = pattern_byte(seed, i);
}

bool region_holds_pattern(const void *addr, size_t bytes, size_t base_page,
			  unsigned char seed)
{
	const unsigned char *p = addr;
	size_t i, pages = bytes / base_page;

	for (i = 0; i < pages; i++)
		if (p[i * base_page] != pattern_byte(seed, i))
			return false;
	return true;
}

bool region_reads_zero(const void *addr, size_t bytes, size_t base_page)
{
	const unsigned char *p = addr;
	size_t i, pages = bytes / base_page;

	for (i = 0; i < pages; i++)
		if (p[i * base_page])
			return false;
	return true;
}

/* 1 mapped, 0 not, -1 probe error. */
static int probe_mapped(const void *addr, size_t base_page)
{
	uintptr_t page = (uintptr_t)addr & ~(uintptr_t)(base_page - 1);
	unsigned char vec;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		if (!mincore((void *)page, base_page, &vec))
			return 1;
		if (errno == ENOMEM)
			return 0;
		if (errno != EAGAIN)
			break;
	}
	lmb_err("mincore(%p, %zu) failed: %s; cannot tell whether the page is mapped",
		(void *)page, base_page, strerror(errno));
	return -1;
}

/*
 * The kernel reads @addr when we write(2) it into a pipe, and writes it when
 * we read(2) the pipe into it: EFAULT tells "not readable / not writable"
 * without a signal.  A write puts back the byte that was read from @addr.
 * Returns 1 yes, 0 no, -1 probe error.
 */
static int probe_access(const int fds[2], void *addr, bool write_too)
{
	unsigned char drain;
	ssize_t n;

	n = write(fds[1], addr, 1);
	if (n < 0 && errno == EFAULT)
		return 0;
	if (n != 1) {
		lmb_err("probing %p through a pipe failed: %s", addr,
			n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	if (!write_too) {
		n = read(fds[0], &drain, 1);
		return n == 1 ? 1 : -1;
	}
	n = read(fds[0], addr, 1);
	if (n == 1)
		return 1;
	if (n < 0 && errno == EFAULT) {
		/* The byte is still in the pipe: drain it. */
		return read(fds[0], &drain, 1) == 1 ? 0 : -1;
	}
	lmb_err("probing %p through a pipe failed: %s", addr,
		n < 0 ? strerror(errno) : "short read");
	return -1;
}

static int open_probe_pipe(int fds[2])
{
	if (!pipe2(fds, O_CLOEXEC))
		return 0;
	lmb_err("pipe2() for an access probe failed: %s; raise the open-file limit (ulimit -n)",
		strerror(errno));
	return -1;
}

static void close_probe_pipe(const int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

static int probe_one(void *addr, bool write_too)
{
	int fds[2], ret;

	if (open_probe_pipe(fds))
		return -1;
	ret = probe_access(fds, addr, write_too);
	close_probe_pipe(fds);
	return ret;
}

bool addr_is_mapped(const void *addr, size_t base_page)
{
	return probe_mapped(addr, base_page) == 1;
}

bool addr_is_readable(const void *addr)
{
	return probe_one((void *)addr, false) == 1;
}

bool addr_is_writable(void *addr)
{
	return probe_one(addr, true) == 1;
}

const char *addr_probe_name(enum addr_probe what)
{
	switch (what) {
	case PROBE_MAPPED:
		return "mapped";
	case PROBE_READABLE:
		return "readable";
	case PROBE_WRITABLE:
		return "writable";
	}
	return "?";
}

struct probe_ctx {
	char *addr;
	size_t base_page;
	enum addr_probe what;
	bool want;
	int fds[2];
	void **bad;
};

/* 0 page @i answers as wanted, 1 it does not, -1 probe error. */
static int probe_page(struct probe_ctx *c, size_t i)
{
	char *page = c->addr + i * c->base_page;
	int got;

	got = c->what == PROBE_MAPPED ? probe_mapped(page, c->base_page) :
	      probe_access(c->fds, page, c->what == PROBE_WRITABLE);
	if (got < 0)
		return -1;
	if ((got == 1) == c->want)
		return 0;
	if (c->bad)
		*c->bad = page;
	return 1;
}

int region_probe(void *addr, size_t bytes, size_t base_page,
		 enum addr_probe what, bool want, void **bad)
{
	struct probe_ctx c = {
		.addr = addr, .base_page = base_page, .what = what,
		.want = want, .fds = { -1, -1 }, .bad = bad,
	};
	size_t pages = bytes / base_page, stride, i;
	int ret = 0;

	if (!pages)
		return 0;
	stride = pages > PROBE_MAX_PAGES ? pages / PROBE_MAX_PAGES : 1;
	if (what != PROBE_MAPPED && open_probe_pipe(c.fds))
		return -1;
	for (i = 0; i < pages && !ret; i += stride)
		ret = probe_page(&c, i);
	if (!ret && (pages - 1) % stride)
		ret = probe_page(&c, pages - 1);
	if (what != PROBE_MAPPED)
		close_probe_pipe(c.fds);
	return ret;
}

/* "start-end perms ..." header line of one VMA in smaps. */
static bool smaps_header(const char *line, uintptr_t *start, uintptr_t *end)
{
	unsigned long s, e;
	int n = 0;

	if (!((line[0] >= '0' && line[0] <= '9') || (line[0] >= 'a' && line[0] <= 'f')))
		return false;
	if (sscanf(line, "%lx-%lx %n", &s, &e, &n) != 2 || !n)
		return false;
	*start = s;
	*end = e;
	return true;
}

long region_smaps_kb(const void *addr, const char *field)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	uintptr_t a = (uintptr_t)addr, start, end;
	size_t cap = 0, len = strlen(field);
	char *line = NULL, *end_num;
	bool inside = false;
	long kb = -1;

	if (!f)
		return -1;
	/* Stop right after our VMA: the kernel walks page tables per VMA read. */
	while (getline(&line, &cap, f) > 0) {
		if (smaps_header(line, &start, &end)) {
			if (inside)
				break;
			inside = a >= start && a < end;
			continue;
		}
		if (!inside || strncmp(line, field, len) || line[len] != ':')
			continue;
		kb = strtol(line + len + 1, &end_num, 10);
		if (end_num == line + len + 1 || kb < 0 || strncmp(end_num, " kB", 3))
			kb = -1;
		break;
	}
	free(line);
	fclose(f);
	return kb;
}

long region_anon_huge_kb(const void *addr)
{
	return region_smaps_kb(addr, "AnonHugePages");
}

int region_params_check(const struct wl_params *p)
{
	if (!is_pow2(p->base_page) || p->base_page != sys_page_size()) {
		lmb_err("base page size %zu bytes does not match this system's %zu bytes",
			p->base_page, sys_page_size());
		return -1;
	}
	if (!is_pow2(p->pmd_size) || p->pmd_size < p->base_page) {
		lmb_err("PMD size %zu bytes is not a power of two of at least the base page (%zu bytes)",
			p->pmd_size, p->base_page);
		return -1;
	}
	if (!p->bytes || p->bytes % p->pmd_size) {
		lmb_err("region of %zu bytes is not a positive multiple of the PMD size (%zu bytes): use e.g. %zuM",
			p->bytes, p->pmd_size, (p->pmd_size >> 20) ? p->pmd_size >> 20 : 2);
		return -1;
	}
	return 0;
}

int region_apply_page_mode(void *addr, const struct wl_params *p)
{
	/* mTHP sizes have their own controls: the PMD THP setting is moot. */
	return set_page_mode(addr, p->bytes, p->mode, !p->mthp_size);
}

void *region_create(const struct wl_params *p)
{
	void *addr;

	if (region_params_check(p))
		return NULL;
	addr = region_map_aligned(p->bytes, p->pmd_size);
	if (!addr)
		return NULL;
	if (region_apply_page_mode(addr, p)) {
		munmap(addr, p->bytes);
		return NULL;
	}
	return addr;
}

void region_teardown(struct wl_state *st)
{
	region_unmap(st->region, st->p->bytes);
	st->region = NULL;
}

void *region_create_populated(const struct wl_params *p, unsigned char seed)
{
	void *addr = region_create(p);

	if (addr)
		region_populate(addr, p->bytes, p->base_page, seed);
	return addr;
}

int region_unmap(void *addr, size_t bytes)
{
	if (!addr || !munmap(addr, bytes))
		return 0;
	lmb_err("munmap(%p, %zu bytes) failed: %s; the region leaks until exit",
		addr, bytes, strerror(errno));
	return -1;
}

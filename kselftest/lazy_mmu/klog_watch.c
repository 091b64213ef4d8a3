// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "klog_watch.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_SIZE_BUFFER	10
#define KLOG_TAIL_LEN	512		/* klogctl: bytes that mark "before" */
#define KMSG_RECORD_LEN	8192		/* larger than any /dev/kmsg record */
#define KMSG_MAX_RECORDS 1000000	/* stop reading a runaway log */
#define REPORT_MAX_LINES 200		/* a report ends here at the latest */

/* The lines that open a kernel report (after the printk prefix). */
static const char *const report_starts[] = {
	"WARNING:", "BUG:", "kernel BUG at", "Oops", "Internal error:",
	"Unable to handle kernel", "general protection fault",
};

struct scan {
	struct klog_findings *f;
	const char *comm;
	bool in_report, lazy, own;
	unsigned int report_lines;
	char first[KLOG_LINE_LEN];
};

static void copy_line(char *dst, const char *src, size_t len)
{
	snprintf(dst, KLOG_LINE_LEN, "%.*s", (int)len, src);
}

/* Skip "<6>", "[   12.345678] " and blanks that syslog(2) lines carry. */
static const char *skip_prefix(const char *s, const char *end)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s < end && *s == '<') {
		const char *gt = memchr(s, '>', (size_t)(end - s));

		if (gt)
			s = gt + 1;
	}
	if (s < end && *s == '[') {
		const char *rb = memchr(s, ']', (size_t)(end - s));

		if (rb)
			s = rb + 1;
	}
	while (s < end && isspace((unsigned char)*s))
		s++;
	return s;
}

static bool has(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle)) != NULL;
}

/*
 * Lazy MMU named in text or symbols.  Our own process name is blanked out
 * first: "lazy_mmu_test" in "Comm: lazy_mmu_test" is not a lazy MMU hint.
 */
static bool mentions_lazy_mmu(const char *s, size_t len, const char *comm)
{
	char low[KMSG_RECORD_LEN], lcomm[32];
	size_t i, clen = strnlen(comm, sizeof(lcomm));
	char *hit;

	if (len > sizeof(low))
		len = sizeof(low);
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	for (i = 0; i < clen; i++)
		lcomm[i] = (char)tolower((unsigned char)comm[i]);
	while (clen && (hit = memmem(low, len, lcomm, clen)))
		memset(hit, ' ', clen);
	return has(low, len, "lazy_mmu") || has(low, len, "lazy mmu") ||
	       has(low, len, "lazymmu");
}

static void end_report(struct scan *sc)
{
	struct klog_findings *f = sc->f;

	if (!sc->in_report)
		return;
	f->reports++;
	f->lazy_reports += sc->lazy;
	f->own_reports += sc->own;
	if ((sc->lazy || sc->own) && !f->first_bad[0])
		memcpy(f->first_bad, sc->first, KLOG_LINE_LEN);
	else if (!sc->lazy && !sc->own && !f->first_other[0])
		memcpy(f->first_other, sc->first, KLOG_LINE_LEN);
	sc->in_report = false;
}

static void scan_line(struct scan *sc, const char *line, size_t len)
{
	const char *end = line + len, *s = skip_prefix(line, end);
	size_t rest = (size_t)(end - s), i;
	char own[64];

	sc->f->lines++;
	for (i = 0; i < ARRAY_SIZE(report_starts); i++) {
		size_t n = strlen(report_starts[i]);

		if (rest >= n && !memcmp(s, report_starts[i], n)) {
			end_report(sc);
			sc->in_report = true;
			sc->lazy = mentions_lazy_mmu(s, rest, sc->comm);
			sc->own = false;
			sc->report_lines = 0;
			copy_line(sc->first, s, rest);
			return;
		}
	}
	if (!sc->in_report)
		return;
	snprintf(own, sizeof(own), "Comm: %s ", sc->comm);
	sc->lazy |= mentions_lazy_mmu(s, rest, sc->comm);
	sc->own |= has(s, rest, own);
	if (has(s, rest, "---[ end trace") ||
	    ++sc->report_lines >= REPORT_MAX_LINES)
		end_report(sc);
}

/* Feed every '\n'-separated line of @buf to the scanner. */
static void scan_text(struct scan *sc, const char *buf, size_t len)
{
	const char *end = buf + len, *nl;

	while (buf < end) {
		nl = memchr(buf, '\n', (size_t)(end - buf));
		if (!nl)
			nl = end;
		scan_line(sc, buf, (size_t)(nl - buf));
		buf = nl + 1;
	}
}

static char *read_syslog(size_t *len, char *why)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf;
	int n;

	if (size <= 0) {
		snprintf(why, KLOG_WHY_LEN, "syslog(SIZE_BUFFER) failed: %s",
			 strerror(errno));
		return NULL;
	}
	buf = malloc((size_t)size);
	if (!buf) {
		snprintf(why, KLOG_WHY_LEN, "no memory for a %d-byte log copy",
			 size);
		return NULL;
	}
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		snprintf(why, KLOG_WHY_LEN, "syslog(READ_ALL) failed: %s",
			 strerror(errno));
		free(buf);
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

int klog_watch_start(struct klog_watch *w)
{
	int kmsg_errno;
	size_t len;
	char *buf;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	if (prctl(PR_GET_NAME, w->comm, 0, 0, 0))
		snprintf(w->comm, sizeof(w->comm), "?");

	w->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->fd >= 0) {
		if (lseek(w->fd, 0, SEEK_END) >= 0)
			return 0;
		kmsg_errno = errno;
		close(w->fd);
		w->fd = -1;
	} else {
		kmsg_errno = errno;
	}

	buf = read_syslog(&len, w->why);
	if (!buf) {
		char syslog_why[KLOG_WHY_LEN];

		memcpy(syslog_why, w->why, sizeof(syslog_why));
		snprintf(w->why, sizeof(w->why),
			 "cannot read the kernel log: /dev/kmsg: %s; %s (run as root, or set kernel.dmesg_restrict=0)",
			 strerror(kmsg_errno), syslog_why);
		return -1;
	}
	w->tail_len = len < KLOG_TAIL_LEN ? len : KLOG_TAIL_LEN;
	w->tail = malloc(KLOG_TAIL_LEN);
	if (!w->tail) {
		snprintf(w->why, sizeof(w->why), "no memory for the log tail");
		free(buf);
		return -1;
	}
	memcpy(w->tail, buf + len - w->tail_len, w->tail_len);
	free(buf);
	return 0;
}

static int scan_kmsg(struct klog_watch *w, struct scan *sc)
{
	char rec[KMSG_RECORD_LEN];
	unsigned long records = 0;
	ssize_t n;

	while (records++ < KMSG_MAX_RECORDS) {
		const char *text, *nl;

		n = read(w->fd, rec, sizeof(rec));
		if (n < 0 && errno == EPIPE)
			continue;	/* records were overwritten: go on */
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			snprintf(w->why, sizeof(w->why),
				 "read of /dev/kmsg failed: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		/* "prio,seq,usec,flags;text\n KEY=value\n..." */
		text = memchr(rec, ';', (size_t)n);
		if (!text)
			continue;
		text++;
		nl = memchr(text, '\n', (size_t)(rec + n - text));
		scan_line(sc, text, (size_t)((nl ? nl : rec + n) - text));
	}
	return 0;
}

static int scan_syslog(struct klog_watch *w, struct scan *sc)
{
	const char *start, *hit;
	size_t len;
	char *buf;

	buf = read_syslog(&len, w->why);
	if (!buf)
		return -1;
	/* New text follows the last copy of the old tail; all of it is new
	 * if the tail has been overwritten since.
	 */
	start = buf;
	if (w->tail_len) {
		for (hit = buf; (hit = memmem(hit, len - (size_t)(hit - buf),
					      w->tail, w->tail_len)); hit++)
			start = hit + w->tail_len;
	}
	scan_text(sc, start, len - (size_t)(start - buf));
	/* The next scan starts after what was read now. */
	w->tail_len = len < KLOG_TAIL_LEN ? len : KLOG_TAIL_LEN;
	memcpy(w->tail, buf + len - w->tail_len, w->tail_len);
	free(buf);
	return 0;
}

int klog_watch_scan(struct klog_watch *w, struct klog_findings *f)
{
	struct scan sc = { .f = f, .comm = w->comm };
	int ret;

	memset(f, 0, sizeof(*f));
	ret = w->fd >= 0 ? scan_kmsg(w, &sc) : scan_syslog(w, &sc);
	end_report(&sc);
	return ret;
}

void klog_scan_text(const char *comm, const char *text, size_t len,
		    struct klog_findings *f)
{
	struct scan sc = { .f = f, .comm = comm };

	memset(f, 0, sizeof(*f));
	scan_text(&sc, text, len);
	end_report(&sc);
}

void klog_watch_stop(struct klog_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	free(w->tail);
	w->tail = NULL;
}

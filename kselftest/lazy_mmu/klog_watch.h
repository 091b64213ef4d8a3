/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Watch the kernel log for lazy MMU trouble: remember where the log ends
 * now (klog_watch_start), later read only what was logged since and look
 * for kernel reports (WARNING:, BUG:, Oops, "Unable to handle kernel ...")
 * that either mention lazy MMU (lazy_mmu in any symbol or text, e.g. a
 * backtrace through arch_enter_lazy_mmu_mode or lazy_mmu_mode_enable) or
 * were raised in this test's own process (their "Comm:" line names it).
 *
 * /dev/kmsg is used when it can be opened (each open file has its own read
 * position, so only new records are read); otherwise the syslog(2) buffer
 * (klogctl READ_ALL), where new text is what follows the old tail.
 */
#ifndef LAZY_MMU_KLOG_WATCH_H
#define LAZY_MMU_KLOG_WATCH_H

#include <stddef.h>

#define KLOG_WHY_LEN 256
#define KLOG_LINE_LEN 200

struct klog_watch {
	int fd;			/* /dev/kmsg, or -1 when using klogctl */
	char *tail;		/* klogctl: last bytes of the log at start */
	size_t tail_len;
	char why[KLOG_WHY_LEN];	/* why the log cannot be read */
	char comm[32];		/* this process's name, as in "Comm: %s " */
};

struct klog_findings {
	unsigned int lines;		/* new log lines examined */
	unsigned int reports;		/* kernel reports among them */
	unsigned int lazy_reports;	/* ...mentioning lazy MMU */
	unsigned int own_reports;	/* ...raised in this process */
	char first_bad[KLOG_LINE_LEN];	/* first line of the first bad one */
	char first_other[KLOG_LINE_LEN]; /* first line of another report */
};

/* 0, or -1 with @w->why saying why the log cannot be read. */
int klog_watch_start(struct klog_watch *w);

/*
 * Scan what was logged since klog_watch_start() (or the previous scan).
 * 0 on success, -1 with @w->why set if reading failed.
 */
int klog_watch_scan(struct klog_watch *w, struct klog_findings *f);

void klog_watch_stop(struct klog_watch *w);

/*
 * The scanner itself, on '\n'-separated log text (syslog(2) or dmesg
 * format); @comm is the process name whose reports count as own.
 */
void klog_scan_text(const char *comm, const char *text, size_t len,
		    struct klog_findings *f);

#endif

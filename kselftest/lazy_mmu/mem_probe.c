// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mem_probe.h"

int mem_probe_open(struct mem_probe *p, size_t page)
{
	p->page = page;
	return pipe2(p->pipe, O_CLOEXEC | O_NONBLOCK);
}

void mem_probe_close(struct mem_probe *p)
{
	close(p->pipe[0]);
	close(p->pipe[1]);
}

static void drain(struct mem_probe *p)
{
	char sink[64];

	while (read(p->pipe[0], sink, sizeof(sink)) > 0)
		;
}

static int probe_mapped(struct mem_probe *p, void *addr)
{
	uintptr_t base = (uintptr_t)addr & ~(uintptr_t)(p->page - 1);
	unsigned char vec;

	if (!mincore((void *)base, p->page, &vec))
		return 1;
	return errno == ENOMEM ? 0 : -1;
}

static int probe_readable(struct mem_probe *p, void *addr)
{
	ssize_t n = write(p->pipe[1], addr, 1);

	if (n == 1) {
		drain(p);	/* keeps errno: it is only read on failure */
		return 1;
	}
	return n < 0 && errno == EFAULT ? 0 : -1;
}

static int probe_writable(struct mem_probe *p, void *addr)
{
	ssize_t n;
	int err;

	/* Not readable means not writable (PROT_WRITE implies PROT_READ). */
	n = write(p->pipe[1], addr, 1);
	if (n != 1)
		return n < 0 && errno == EFAULT ? 0 : -1;
	/* Store the same byte back: the data does not change. */
	n = read(p->pipe[0], addr, 1);
	if (n == 1)
		return 1;
	err = errno;
	drain(p);	/* a failed copy leaves the byte in the pipe */
	errno = err;
	return n < 0 && err == EFAULT ? 0 : -1;
}

int probe_page(struct mem_probe *p, void *addr, enum probe_kind kind)
{
	switch (kind) {
	case PROBE_MAPPED:
		return probe_mapped(p, addr);
	case PROBE_READABLE:
		return probe_readable(p, addr);
	case PROBE_WRITABLE:
		return probe_writable(p, addr);
	}
	errno = EINVAL;
	return -1;
}

long probe_count(struct mem_probe *p, void *addr, size_t bytes,
		 enum probe_kind kind, bool expect, void **first_bad)
{
	char *c = addr;
	long hits = 0;
	size_t off;
	int r;

	*first_bad = NULL;
	for (off = 0; off < bytes; off += p->page) {
		r = probe_page(p, c + off, kind);
		if (r < 0)
			return -1;
		if (r == expect)
			hits++;
		else if (!*first_bad)
			*first_bad = c + off;
	}
	return hits;
}

static sigjmp_buf fault_env;
static volatile sig_atomic_t fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_code = si->si_code;
	siglongjmp(fault_env, 1);
}

int probe_fault(void *addr, bool write)
{
	volatile unsigned char *b = addr;
	struct sigaction sa, old;
	unsigned char v;
	int ret = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &old))
		return -1;
	fault_code = 0;
	if (!sigsetjmp(fault_env, 1)) {
		v = *b;
		if (write)
			*b = v;
	} else {
		ret = fault_code ? fault_code : -1;
	}
	sigaction(SIGSEGV, &old, NULL);
	return ret;
}

const char *probe_kind_name(enum probe_kind kind)
{
	switch (kind) {
	case PROBE_MAPPED:
		return "mapped";
	case PROBE_READABLE:
		return "readable";
	case PROBE_WRITABLE:
		return "writable";
	}
	return "?";
}

const char *segv_code_name(int code)
{
	switch (code) {
	case 0:
		return "no fault";
	case SEGV_MAPERR:
		return "SEGV_MAPERR";
	case SEGV_ACCERR:
		return "SEGV_ACCERR";
	}
	return "other SIGSEGV code";
}

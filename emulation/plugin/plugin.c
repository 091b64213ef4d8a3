// SPDX-License-Identifier: GPL-2.0
/*
 * lmb-emu: the QEMU TCG plugin that counts, between the suite's window
 * markers, the instructions, DSB/DMB/ISB by option and TLBI by operation
 * that the guest executes, split kernel (vaddr bit 63 set) / user.
 *
 *   -plugin build/emu/liblmb-emu.so,out=WIN.csv[,symbols=System.map[,funcs=F.csv]]
 *
 * Counting: each vCPU adds to its own counters only (vCPUs run in parallel
 * threads without icount).  Instructions are counted per segment, a run of
 * instructions of one translation block that starts at the block's start
 * or after a marker (and, with funcs=, at a change of kernel function):
 * one callback at the segment's first instruction adds its length.
 * Barriers, TLBIs and markers get a callback each.  A marker on any vCPU
 * sums every vCPU's counters: the window is the difference between the
 * sums at its close and open markers (system-wide).  See docs/emulation.md.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qemu-plugin.h>

#include "emu_events.h"
#include "insn_class.h"
#include "ksyms.h"
#include "window_out.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define EMU_PLUGIN_VERSION	"1"
#define MAX_VCPUS		4096
#define MODE_K			0
#define MODE_U			1

struct vcpu {
	uint64_t *c;		/* [2][nr] */
	uint64_t *f;		/* [nr_funcs][EMU_NR_FCOUNTERS], funcs= only */
};

static struct vcpu *vcpus[MAX_VCPUS];
static unsigned int nr;			/* counters per mode */
static size_t nr_funcs;			/* symbols + 1 (0 = unknown) */
static bool funcs_on;
static struct ksyms ksyms;
static bool have_syms;
static struct emu_out out;
static pid_t owner;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool win_open;
static unsigned long next_window, unmatched_open, unmatched_close, over_limit;
static unsigned int open_vcpu;
static uint64_t *base_c, *now_c, *base_f, *now_f;
static bool kaslr_checked, child_warned;

static uint64_t load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Only the owning vCPU writes its counters: no read-modify-write race. */
static void add(uint64_t *p, uint64_t n)
{
	__atomic_store_n(p, load(p) + n, __ATOMIC_RELAXED);
}

static struct vcpu *get_vcpu(unsigned int idx)
{
	struct vcpu *v;

	if (idx >= MAX_VCPUS) {
		__atomic_fetch_add(&over_limit, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	v = __atomic_load_n(&vcpus[idx], __ATOMIC_ACQUIRE);
	if (v)
		return v;
	v = calloc(1, sizeof(*v));
	if (v) {
		v->c = calloc(2 * (size_t)nr, sizeof(*v->c));
		if (funcs_on)
			v->f = calloc(nr_funcs * EMU_NR_FCOUNTERS, sizeof(*v->f));
	}
	if (!v || !v->c || (funcs_on && !v->f)) {
		fprintf(stderr, "lmb-emu: error: out of memory for the counters of vCPU %u\n", idx);
		abort();
	}
	__atomic_store_n(&vcpus[idx], v, __ATOMIC_RELEASE);
	return v;
}

/* udata of a segment: length, mode, function. */
static void *seg_udata(unsigned int n, int mode, uint32_t func)
{
	return (void *)(uintptr_t)(n | (uint64_t)mode << 16 | (uint64_t)func << 32);
}

static void seg_cb(unsigned int idx, void *udata)
{
	uint64_t u = (uintptr_t)udata, n = u & 0xffff;
	int mode = (u >> 16) & 1;
	uint32_t func = u >> 32;
	struct vcpu *v = get_vcpu(idx);

	if (!v)
		return;
	add(&v->c[mode * nr + EMU_C_INSN], n);
	if (funcs_on && mode == MODE_K)
		add(&v->f[(size_t)func * EMU_NR_FCOUNTERS + EMU_F_INSN], n);
}

/* udata of a barrier: two counters, how many, mode, function counter, function. */
static void *bar_udata(const unsigned int idx[2], unsigned int n, int mode,
		       int fidx, uint32_t func)
{
	return (void *)(uintptr_t)(idx[0] | idx[1] << 8 | n << 16 |
				   (uint64_t)mode << 18 |
				   (uint64_t)(fidx + 1) << 19 |
				   (uint64_t)func << 32);
}

static void bar_cb(unsigned int idx, void *udata)
{
	uint64_t u = (uintptr_t)udata;
	unsigned int n = (u >> 16) & 3;
	int mode = (u >> 18) & 1, fidx = (int)((u >> 19) & 7) - 1;
	uint32_t func = u >> 32;
	struct vcpu *v = get_vcpu(idx);

	if (!v)
		return;
	add(&v->c[mode * nr + (u & 0xff)], 1);
	if (n > 1)
		add(&v->c[mode * nr + ((u >> 8) & 0xff)], 1);
	if (funcs_on && mode == MODE_K && fidx >= 0)
		add(&v->f[(size_t)func * EMU_NR_FCOUNTERS + fidx], 1);
}

/* Sum of every vCPU's counters (and function counters) into @c and @f. */
static void snapshot(uint64_t *c, uint64_t *f)
{
	size_t i, j, nf = nr_funcs * EMU_NR_FCOUNTERS;

	memset(c, 0, 2 * (size_t)nr * sizeof(*c));
	if (f)
		memset(f, 0, nf * sizeof(*f));
	for (i = 0; i < MAX_VCPUS; i++) {
		struct vcpu *v = __atomic_load_n(&vcpus[i], __ATOMIC_ACQUIRE);

		if (!v)
			continue;
		for (j = 0; j < 2 * (size_t)nr; j++)
			c[j] += load(&v->c[j]);
		for (j = 0; f && j < nf; j++)
			f[j] += load(&v->f[j]);
	}
}

static const char *func_name(size_t fn)
{
	return fn ? ksyms.name[fn - 1] : "?";
}

/* Write the open window as a row with @status; lock held. */
static void finish_window(unsigned int close_vcpu, const char *status)
{
	size_t i, fn;

	snapshot(now_c, now_f);
	for (i = 0; i < 2 * (size_t)nr; i++)
		now_c[i] -= base_c[i];
	emu_out_window(&out, next_window - 1, status, open_vcpu, close_vcpu,
		       now_c, now_c + nr);
	for (fn = 0; funcs_on && fn < nr_funcs; fn++) {
		uint64_t d[EMU_NR_FCOUNTERS];
		size_t k, at = fn * EMU_NR_FCOUNTERS;

		for (k = 0; k < EMU_NR_FCOUNTERS; k++)
			d[k] = now_f[at + k] - base_f[at + k];
		emu_out_func(&out, next_window - 1, func_name(fn), d);
	}
	emu_out_flush(&out);
}

static void mark_cb(unsigned int idx, void *udata)
{
	bool open = udata != NULL;

	if (getpid() != owner) {
		/* qemu-user: a forked child has a copy of this state. */
		if (!child_warned)
			fprintf(stderr, "lmb-emu: warning: window marker in child process %d ignored (only process %d's windows are counted; run the suite with one worker)\n",
				(int)getpid(), (int)owner);
		child_warned = true;
		return;
	}
	pthread_mutex_lock(&lock);
	if (open) {
		if (win_open) {
			unmatched_open++;
			finish_window(idx, "reopened");
		}
		snapshot(base_c, base_f);
		win_open = true;
		open_vcpu = idx;
		next_window++;
	} else if (!win_open) {
		unmatched_close++;
	} else {
		finish_window(idx, "ok");
		win_open = false;
	}
	pthread_mutex_unlock(&lock);
}

static uint32_t func_of(uint64_t vaddr, int mode)
{
	long s;

	if (!funcs_on || mode != MODE_K)
		return 0;
	s = ksyms_find(&ksyms, vaddr);
	return s < 0 ? 0 : (uint32_t)s + 1;
}

/* Warn once when the first kernel block lies outside System.map's (init) text. */
static void check_kaslr(uint64_t vaddr)
{
	if (!have_syms || __atomic_exchange_n(&kaslr_checked, true, __ATOMIC_RELAXED))
		return;
	if (!ksyms_in_text(&ksyms, vaddr))
		fprintf(stderr, "lmb-emu: warning: the first kernel code executed, at 0x%llx, is outside the System.map text 0x%llx-0x%llx and init text 0x%llx-0x%llx: boot the guest with nokaslr and give the System.map of the booted kernel, or functions will be wrong\n",
			(unsigned long long)vaddr,
			(unsigned long long)ksyms.text_start,
			(unsigned long long)ksyms.text_end,
			(unsigned long long)ksyms.init_start,
			(unsigned long long)ksyms.init_end);
}

struct seg {
	struct qemu_plugin_insn *first;
	unsigned int n;
	int mode;
	uint32_t func;
};

static void seg_flush(struct seg *s)
{
	if (s->first && s->n)
		qemu_plugin_register_vcpu_insn_exec_cb(s->first, seg_cb,
						       QEMU_PLUGIN_CB_NO_REGS,
						       seg_udata(s->n, s->mode, s->func));
	s->first = NULL;
	s->n = 0;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	struct seg s = { 0 };
	bool after_dsb_ishst = false;

	(void)id;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
		int mode = vaddr >> 63 ? MODE_K : MODE_U;
		uint32_t word = 0, func;
		struct emu_insn_class c;
		unsigned int idx[2], cnt;
		int fidx;

		if (qemu_plugin_insn_size(insn) == 4)
			memcpy(&word, qemu_plugin_insn_data(insn), 4);
		emu_classify(word, &c);
		if (mode == MODE_K)
			check_kaslr(vaddr);
		if (c.kind == EMU_K_MARK_OPEN || c.kind == EMU_K_MARK_CLOSE) {
			seg_flush(&s);
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark_cb,
				QEMU_PLUGIN_CB_NO_REGS,
				c.kind == EMU_K_MARK_OPEN ? (void *)1 : NULL);
			after_dsb_ishst = false;
			continue;
		}
		func = func_of(vaddr, mode);
		if (s.first && (s.mode != mode || s.func != func))
			seg_flush(&s);
		if (!s.first) {
			s.first = insn;
			s.mode = mode;
			s.func = func;
		}
		s.n++;
		cnt = emu_counters_of(&c, c.kind == EMU_K_ISB && after_dsb_ishst,
				      idx, &fidx);
		if (cnt)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, bar_cb,
				QEMU_PLUGIN_CB_NO_REGS,
				bar_udata(idx, cnt, mode, fidx, func));
		after_dsb_ishst = c.kind == EMU_K_DSB && c.opt == EMU_OPT_ISHST;
	}
	seg_flush(&s);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	unsigned long at_exit_open = 0;

	(void)id;
	(void)udata;
	if (getpid() != owner)
		return;
	pthread_mutex_lock(&lock);
	if (win_open) {
		finish_window(open_vcpu, "open_at_exit");
		win_open = false;
		at_exit_open = 1;
	}
	if (over_limit)
		fprintf(stderr, "lmb-emu: error: %lu callbacks came from vCPUs with an index above %d and were not counted\n",
			over_limit, MAX_VCPUS - 1);
	emu_out_close(&out, next_window, unmatched_open, unmatched_close,
		      at_exit_open);
	pthread_mutex_unlock(&lock);
}

static int usage(const char *why, const char *arg)
{
	fprintf(stderr, "lmb-emu: error: %s%s%s\n"
		"usage: -plugin liblmb-emu.so,out=WINDOWS.csv[,symbols=System.map[,funcs=FUNCS.csv]] (see docs/emulation.md)\n",
		why, arg ? ": " : "", arg ? arg : "");
	return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *out_path = NULL, *sym_path = NULL, *funcs_path = NULL;
	char err[512], vcpus_s[32];
	struct emu_meta meta[7];
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4) && argv[i][4])
			out_path = argv[i] + 4;
		else if (!strncmp(argv[i], "symbols=", 8) && argv[i][8])
			sym_path = argv[i] + 8;
		else if (!strncmp(argv[i], "funcs=", 6) && argv[i][6])
			funcs_path = argv[i] + 6;
		else if (!strcmp(argv[i], "help"))
			return usage("help asked", NULL);
		else
			return usage("unknown or empty plugin argument", argv[i]);
	}
	if (!out_path)
		return usage("out=FILE is required", NULL);
	if (funcs_path && !sym_path)
		return usage("funcs= needs symbols=System.map", funcs_path);
	if (strcmp(info->target_name, "aarch64"))
		return usage("this plugin decodes arm64 only; the target is", info->target_name);
	nr = emu_nr_counters();
	if (sym_path) {
		if (ksyms_load(sym_path, &ksyms, err, sizeof(err)))
			return usage(err, NULL);
		have_syms = true;
	}
	funcs_on = funcs_path != NULL;
	nr_funcs = funcs_on ? ksyms.n + 1 : 0;
	base_c = calloc(2 * (size_t)nr, sizeof(*base_c));
	now_c = calloc(2 * (size_t)nr, sizeof(*now_c));
	if (funcs_on) {
		base_f = calloc(nr_funcs * EMU_NR_FCOUNTERS, sizeof(*base_f));
		now_f = calloc(nr_funcs * EMU_NR_FCOUNTERS, sizeof(*now_f));
	}
	if (!base_c || !now_c || (funcs_on && (!base_f || !now_f)))
		return usage("out of memory for the window sums", NULL);
	if (info->system_emulation)
		snprintf(vcpus_s, sizeof(vcpus_s), "%d", info->system.smp_vcpus);
	else
		snprintf(vcpus_s, sizeof(vcpus_s), "one per guest thread");
	meta[0] = (struct emu_meta){ "plugin_version", EMU_PLUGIN_VERSION };
	meta[1] = (struct emu_meta){ "qemu_mode", info->system_emulation ? "system" : "user" };
	meta[2] = (struct emu_meta){ "target", info->target_name };
	meta[3] = (struct emu_meta){ "vcpus", vcpus_s };
	meta[4] = (struct emu_meta){ "symbols", sym_path ? sym_path : "none" };
	meta[5] = (struct emu_meta){ "markers", "open hint #104 (0xd5032d1f), close hint #105 (0xd5032d3f)" };
	meta[6] = (struct emu_meta){ "kernel_mode", "vaddr bit 63 set" };
	if (emu_out_open(&out, out_path, funcs_path, meta, 7, err, sizeof(err)))
		return usage(err, NULL);
	owner = getpid();
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}

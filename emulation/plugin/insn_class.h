/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classify one A64 instruction word for the emulation plugin: the window
 * markers (HINT #104 / #105, see benchmarks/emu_marker.h), DSB, DMB and ISB
 * by option, and TLBI by operation.  Pure C, no QEMU: unit-tested on the
 * host (tests/test_emu_insn_class.c).
 */
#ifndef LMB_EMU_INSN_CLASS_H
#define LMB_EMU_INSN_CLASS_H

#include <stdint.h>

/* HINT #imm = 0xd503201f | imm << 5; both are unallocated hints (= NOP). */
#define EMU_MARK_OPEN_IMM	104
#define EMU_MARK_CLOSE_IMM	105
#define EMU_HINT(imm)		(0xd503201fu | ((uint32_t)(imm) << 5))

enum emu_kind {
	EMU_K_OTHER,
	EMU_K_MARK_OPEN,
	EMU_K_MARK_CLOSE,
	EMU_K_DSB,
	EMU_K_DMB,
	EMU_K_ISB,
	EMU_K_TLBI,
};

/* Barrier options by CRm; the reserved ones (and DSB nXS, SSBB, PSSBB) are "other". */
enum emu_barrier_opt {
	EMU_OPT_OSHLD, EMU_OPT_OSHST, EMU_OPT_OSH,
	EMU_OPT_NSHLD, EMU_OPT_NSHST, EMU_OPT_NSH,
	EMU_OPT_ISHLD, EMU_OPT_ISHST, EMU_OPT_ISH,
	EMU_OPT_LD, EMU_OPT_ST, EMU_OPT_SY,
	EMU_OPT_OTHER,
	EMU_NR_OPTS
};

struct emu_insn_class {
	enum emu_kind kind;
	/* DSB/DMB: an enum emu_barrier_opt; TLBI: index for emu_tlbi_op_name() */
	unsigned int opt;
};

/* Fill @c for the instruction word @insn (little-endian value). */
void emu_classify(uint32_t insn, struct emu_insn_class *c);

/* "ish", "ishst", ... "other". */
const char *emu_barrier_opt_name(unsigned int opt);

/* Number of TLBI operations told apart; the last one is "other". */
unsigned int emu_nr_tlbi_ops(void);
const char *emu_tlbi_op_name(unsigned int op);

#endif

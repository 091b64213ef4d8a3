/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plugin's counters: their order, their names in the window file
 * (<name>_k, <name>_u) and which ones an instruction class bumps.  Pure C.
 *
 *   insn, dsb, dsb_<option>..., isb, pte_pair, dmb, dmb_<option>...,
 *   tlbi, tlbi_<operation>...
 *
 * pte_pair: an ISB whose preceding instruction in the same translation
 * block is DSB ISHST (arm64's emit_pte_barriers()).
 */
#ifndef LMB_EMU_EVENTS_H
#define LMB_EMU_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "insn_class.h"

enum {
	EMU_C_INSN = 0,
	EMU_C_DSB = 1,
	EMU_C_DSB_OPT0 = 2,
	EMU_C_ISB = EMU_C_DSB_OPT0 + EMU_NR_OPTS,
	EMU_C_PTE_PAIR,
	EMU_C_DMB,
	EMU_C_DMB_OPT0,
	EMU_C_TLBI = EMU_C_DMB_OPT0 + EMU_NR_OPTS,
	EMU_C_TLBI_OP0,
};

/* Per-function counters (funcs= file). */
enum { EMU_F_INSN, EMU_F_DSB, EMU_F_ISB, EMU_F_DMB, EMU_F_TLBI, EMU_NR_FCOUNTERS };

unsigned int emu_nr_counters(void);

/* Name of counter @i ("dsb_ishst"), in @buf of @len bytes. */
void emu_counter_name(unsigned int i, char *buf, size_t len);

const char *emu_fcounter_name(unsigned int f);

/*
 * Counters one execution of an instruction of class @c bumps (at most 2,
 * written to @idx), and its per-function counter in @fidx (-1: none).
 * Returns how many; 0 for ordinary instructions and markers.
 */
unsigned int emu_counters_of(const struct emu_insn_class *c, bool pte_pair,
			     unsigned int idx[2], int *fidx);

#endif

// SPDX-License-Identifier: GPL-2.0
/* The plugin's counters (see emu_events.h). */
#include <stdio.h>

#include "emu_events.h"

unsigned int emu_nr_counters(void)
{
	return EMU_C_TLBI_OP0 + emu_nr_tlbi_ops();
}

void emu_counter_name(unsigned int i, char *buf, size_t len)
{
	if (i == EMU_C_INSN)
		snprintf(buf, len, "insn");
	else if (i == EMU_C_DSB)
		snprintf(buf, len, "dsb");
	else if (i < EMU_C_ISB)
		snprintf(buf, len, "dsb_%s", emu_barrier_opt_name(i - EMU_C_DSB_OPT0));
	else if (i == EMU_C_ISB)
		snprintf(buf, len, "isb");
	else if (i == EMU_C_PTE_PAIR)
		snprintf(buf, len, "pte_pair");
	else if (i == EMU_C_DMB)
		snprintf(buf, len, "dmb");
	else if (i < EMU_C_TLBI)
		snprintf(buf, len, "dmb_%s", emu_barrier_opt_name(i - EMU_C_DMB_OPT0));
	else if (i == EMU_C_TLBI)
		snprintf(buf, len, "tlbi");
	else
		snprintf(buf, len, "tlbi_%s", emu_tlbi_op_name(i - EMU_C_TLBI_OP0));
}

const char *emu_fcounter_name(unsigned int f)
{
	static const char *const names[EMU_NR_FCOUNTERS] = {
		"insn", "dsb", "isb", "dmb", "tlbi",
	};

	return f < EMU_NR_FCOUNTERS ? names[f] : "?";
}

unsigned int emu_counters_of(const struct emu_insn_class *c, bool pte_pair,
			     unsigned int idx[2], int *fidx)
{
	*fidx = -1;
	switch (c->kind) {
	case EMU_K_DSB:
		idx[0] = EMU_C_DSB;
		idx[1] = EMU_C_DSB_OPT0 + c->opt;
		*fidx = EMU_F_DSB;
		return 2;
	case EMU_K_DMB:
		idx[0] = EMU_C_DMB;
		idx[1] = EMU_C_DMB_OPT0 + c->opt;
		*fidx = EMU_F_DMB;
		return 2;
	case EMU_K_ISB:
		idx[0] = EMU_C_ISB;
		idx[1] = EMU_C_PTE_PAIR;
		*fidx = EMU_F_ISB;
		return pte_pair ? 2 : 1;
	case EMU_K_TLBI:
		idx[0] = EMU_C_TLBI;
		idx[1] = EMU_C_TLBI_OP0 + c->opt;
		*fidx = EMU_F_TLBI;
		return 2;
	default:
		return 0;
	}
}

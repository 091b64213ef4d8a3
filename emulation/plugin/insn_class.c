// SPDX-License-Identifier: GPL-2.0
/*
 * A64 encodings (Arm ARM, "Barriers", "Hints", "System instructions"):
 *   HINT  1101 0101 0000 0011 0010 CRm op2 1 1111  (imm7 = CRm:op2)
 *   DSB   1101 0101 0000 0011 0011 CRm 1 00 1 1111
 *   DSB nXS 1101 0101 0000 0011 0011 imm2 10 001 1 1111
 *   DMB   1101 0101 0000 0011 0011 CRm 1 01 1 1111
 *   ISB   1101 0101 0000 0011 0011 CRm 1 10 1 1111
 *   TLBI  SYS with L=0, op0=01, CRn=1000 (CRn=1001: the nXS forms)
 */
#include <stddef.h>

#include "insn_class.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const opt_names[EMU_NR_OPTS] = {
	"oshld", "oshst", "osh", "nshld", "nshst", "nsh",
	"ishld", "ishst", "ish", "ld", "st", "sy", "other",
};

/* CRm -> option; the holes (0, 4, 8, 12) are reserved or SSBB/PSSBB. */
static const unsigned char crm_opt[16] = {
	EMU_OPT_OTHER, EMU_OPT_OSHLD, EMU_OPT_OSHST, EMU_OPT_OSH,
	EMU_OPT_OTHER, EMU_OPT_NSHLD, EMU_OPT_NSHST, EMU_OPT_NSH,
	EMU_OPT_OTHER, EMU_OPT_ISHLD, EMU_OPT_ISHST, EMU_OPT_ISH,
	EMU_OPT_OTHER, EMU_OPT_LD, EMU_OPT_ST, EMU_OPT_SY,
};

struct tlbi_op {
	unsigned char op1, crm, op2;
	const char *name;
};

/* EL1 and the common EL2 operations; anything else counts as "other". */
static const struct tlbi_op tlbi_ops[] = {
	{ 0, 1, 0, "vmalle1os" }, { 0, 1, 1, "vae1os" }, { 0, 1, 2, "aside1os" },
	{ 0, 1, 3, "vaae1os" }, { 0, 1, 5, "vale1os" }, { 0, 1, 7, "vaale1os" },
	{ 0, 2, 1, "rvae1is" }, { 0, 2, 3, "rvaae1is" }, { 0, 2, 5, "rvale1is" },
	{ 0, 2, 7, "rvaale1is" },
	{ 0, 3, 0, "vmalle1is" }, { 0, 3, 1, "vae1is" }, { 0, 3, 2, "aside1is" },
	{ 0, 3, 3, "vaae1is" }, { 0, 3, 5, "vale1is" }, { 0, 3, 7, "vaale1is" },
	{ 0, 5, 1, "rvae1os" }, { 0, 5, 3, "rvaae1os" }, { 0, 5, 5, "rvale1os" },
	{ 0, 5, 7, "rvaale1os" },
	{ 0, 6, 1, "rvae1" }, { 0, 6, 3, "rvaae1" }, { 0, 6, 5, "rvale1" },
	{ 0, 6, 7, "rvaale1" },
	{ 0, 7, 0, "vmalle1" }, { 0, 7, 1, "vae1" }, { 0, 7, 2, "aside1" },
	{ 0, 7, 3, "vaae1" }, { 0, 7, 5, "vale1" }, { 0, 7, 7, "vaale1" },
	{ 4, 0, 1, "ipas2e1is" }, { 4, 0, 5, "ipas2le1is" },
	{ 4, 3, 0, "alle2is" }, { 4, 3, 1, "vae2is" }, { 4, 3, 4, "alle1is" },
	{ 4, 3, 5, "vale2is" }, { 4, 3, 6, "vmalls12e1is" },
	{ 4, 4, 1, "ipas2e1" }, { 4, 4, 5, "ipas2le1" },
	{ 4, 7, 0, "alle2" }, { 4, 7, 1, "vae2" }, { 4, 7, 4, "alle1" },
	{ 4, 7, 5, "vale2" }, { 4, 7, 6, "vmalls12e1" },
};

unsigned int emu_nr_tlbi_ops(void)
{
	return ARRAY_SIZE(tlbi_ops) + 1;
}

const char *emu_tlbi_op_name(unsigned int op)
{
	return op < ARRAY_SIZE(tlbi_ops) ? tlbi_ops[op].name : "other";
}

const char *emu_barrier_opt_name(unsigned int opt)
{
	return opt < EMU_NR_OPTS ? opt_names[opt] : "other";
}

static unsigned int tlbi_op_of(uint32_t insn)
{
	unsigned int op1 = (insn >> 16) & 7, crm = (insn >> 8) & 0xf;
	unsigned int op2 = (insn >> 5) & 7, crn = (insn >> 12) & 0xf;
	size_t i;

	if (crn == 8)
		for (i = 0; i < ARRAY_SIZE(tlbi_ops); i++)
			if (tlbi_ops[i].op1 == op1 && tlbi_ops[i].crm == crm &&
			    tlbi_ops[i].op2 == op2)
				return (unsigned int)i;
	return ARRAY_SIZE(tlbi_ops);
}

void emu_classify(uint32_t insn, struct emu_insn_class *c)
{
	unsigned int crn = (insn >> 12) & 0xf;

	c->kind = EMU_K_OTHER;
	c->opt = 0;
	if ((insn & 0xfffff01fu) == 0xd503201fu) {
		unsigned int imm = (insn >> 5) & 0x7f;

		if (imm == EMU_MARK_OPEN_IMM)
			c->kind = EMU_K_MARK_OPEN;
		else if (imm == EMU_MARK_CLOSE_IMM)
			c->kind = EMU_K_MARK_CLOSE;
		return;
	}
	if ((insn & 0xfffff0ffu) == 0xd503309fu) {
		c->kind = EMU_K_DSB;
		c->opt = crm_opt[(insn >> 8) & 0xf];
		return;
	}
	if ((insn & 0xfffff3ffu) == 0xd503323fu) {	/* DSB <option>nXS */
		c->kind = EMU_K_DSB;
		c->opt = EMU_OPT_OTHER;
		return;
	}
	if ((insn & 0xfffff0ffu) == 0xd50330bfu) {
		c->kind = EMU_K_DMB;
		c->opt = crm_opt[(insn >> 8) & 0xf];
		return;
	}
	if ((insn & 0xfffff0ffu) == 0xd50330dfu) {
		c->kind = EMU_K_ISB;
		return;
	}
	if ((insn & 0xfff80000u) == 0xd5080000u && (crn == 8 || crn == 9)) {
		c->kind = EMU_K_TLBI;
		c->opt = tlbi_op_of(insn);
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The plugin's A64 classifier and counter table on encodings produced by
 * GNU as 2.40 (aarch64-linux-gnu-as -march=armv8.4-a).
 */
#include <string.h>

#include "kselftest_harness.h"

#include "../emulation/plugin/emu_events.h"
#include "../emulation/plugin/insn_class.h"

static void expect_tlbi(struct __test_metadata *_metadata, uint32_t w, const char *name)
{
	struct emu_insn_class c;

	emu_classify(w, &c);
	ASSERT_EQ(EMU_K_TLBI, c.kind);
	EXPECT_STREQ(name, emu_tlbi_op_name(c.opt));
}

TEST(tlbi_operations)
{
	expect_tlbi(_metadata, 0xd50883a0, "vale1is");
	expect_tlbi(_metadata, 0xd50883a5, "vale1is");
	expect_tlbi(_metadata, 0xd5088320, "vae1is");
	expect_tlbi(_metadata, 0xd50883e0, "vaale1is");
	expect_tlbi(_metadata, 0xd5088360, "vaae1is");
	expect_tlbi(_metadata, 0xd508831f, "vmalle1is");
	expect_tlbi(_metadata, 0xd5088340, "aside1is");
	expect_tlbi(_metadata, 0xd50882a0, "rvale1is");
	expect_tlbi(_metadata, 0xd50887a0, "vale1");
	expect_tlbi(_metadata, 0xd50881a0, "vale1os");
	expect_tlbi(_metadata, 0xd50c83df, "vmalls12e1is");
	expect_tlbi(_metadata, 0xd50c879f, "alle1");
}

TEST(barriers_and_markers)
{
	struct emu_insn_class c;

	emu_classify(0xd5033b9f, &c);	/* dsb ish */
	ASSERT_EQ(EMU_K_DSB, c.kind);
	EXPECT_STREQ("ish", emu_barrier_opt_name(c.opt));
	emu_classify(0xd5033a9f, &c);	/* dsb ishst */
	ASSERT_EQ(EMU_K_DSB, c.kind);
	EXPECT_STREQ("ishst", emu_barrier_opt_name(c.opt));
	emu_classify(0xd503379f, &c);	/* dsb nsh */
	EXPECT_STREQ("nsh", emu_barrier_opt_name(c.opt));
	emu_classify(0xd503309f, &c);	/* ssbb = dsb #0 */
	ASSERT_EQ(EMU_K_DSB, c.kind);
	EXPECT_STREQ("other", emu_barrier_opt_name(c.opt));
	emu_classify(0xd50339bf, &c);	/* dmb ishld */
	ASSERT_EQ(EMU_K_DMB, c.kind);
	EXPECT_STREQ("ishld", emu_barrier_opt_name(c.opt));
	emu_classify(0xd5033fdf, &c);
	EXPECT_EQ(EMU_K_ISB, c.kind);
	emu_classify(0xd5032d1f, &c);
	EXPECT_EQ(EMU_K_MARK_OPEN, c.kind);
	emu_classify(0xd5032d3f, &c);
	EXPECT_EQ(EMU_K_MARK_CLOSE, c.kind);
	EXPECT_EQ(0xd5032d1fu, EMU_HINT(EMU_MARK_OPEN_IMM));
	emu_classify(0xd503201f, &c);	/* nop */
	EXPECT_EQ(EMU_K_OTHER, c.kind);
	emu_classify(0xd50b7e20, &c);	/* dc civac: SYS, not TLBI */
	EXPECT_EQ(EMU_K_OTHER, c.kind);
	emu_classify(0xd508751f, &c);	/* ic iallu */
	EXPECT_EQ(EMU_K_OTHER, c.kind);
}

TEST(counters_bumped)
{
	struct emu_insn_class c;
	unsigned int idx[2];
	char name[64];
	int f;

	emu_classify(0xd5033fdf, &c);
	ASSERT_EQ(2u, emu_counters_of(&c, true, idx, &f));
	emu_counter_name(idx[1], name, sizeof(name));
	EXPECT_STREQ("pte_pair", name);
	EXPECT_EQ(EMU_F_ISB, f);
	ASSERT_EQ(1u, emu_counters_of(&c, false, idx, &f));
	emu_classify(0xd50883a0, &c);
	ASSERT_EQ(2u, emu_counters_of(&c, false, idx, &f));
	emu_counter_name(idx[1], name, sizeof(name));
	EXPECT_STREQ("tlbi_vale1is", name);
	emu_classify(0xd5032d1f, &c);
	EXPECT_EQ(0u, emu_counters_of(&c, false, idx, &f));
}

TEST_HARNESS_MAIN

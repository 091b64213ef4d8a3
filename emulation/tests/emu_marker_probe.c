// SPDX-License-Identifier: GPL-2.0
/*
 * emu-marker-probe [bad]: a static arm64 program that executes known
 * numbers of window markers and barriers, for tests/emu-plugin.sh to run
 * under qemu-aarch64 with the plugin.  Expected per window (all user mode,
 * markers excluded):
 *   0: insn 18, dsb 7 (ish 3, ishst 2, nsh 1, sy 1), isb 5, pte_pair 1,
 *      dmb 5 (ish 4, ishld 1)
 *   1: insn 41 (a 10-pass loop), dsb 10 (ishst 10), isb 10, pte_pair 10
 *   2: nothing (open and close back to back)
 * Barriers outside the windows (before, between, after) must not count.
 * "bad" adds a close while closed and an open while open, and exits with
 * the last window open: the plugin must report all three.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "emu_marker.h"

static void outside(void)
{
	__asm__ __volatile__("dsb ish\n\tdsb ishst\n\tisb\n\tdmb ish\n\t"
			     "dsb ishst\n\tisb\n\tdsb sy\n\tdmb ishld" ::: "memory");
}

static void window0(void)
{
	__asm__ __volatile__(
		"hint #104\n\t"
		"dsb ish\n\tdsb ish\n\tdsb ish\n\t"
		"dsb ishst\n\tisb\n\t"		/* the one PTE barrier pair */
		"dsb ishst\n\tnop\n\t"
		"isb\n\tisb\n\tisb\n\tisb\n\t"
		"dmb ish\n\tdmb ish\n\tdmb ish\n\tdmb ish\n\t"
		"dsb nsh\n\tdsb sy\n\tdmb ishld\n\t"
		"hint #105" ::: "memory");
}

static void window1(void)
{
	__asm__ __volatile__(
		"hint #104\n\t"
		"mov x9, #10\n"
		"1:\n\t"
		"dsb ishst\n\tisb\n\t"
		"subs x9, x9, #1\n\t"
		"b.ne 1b\n\t"
		"hint #105" ::: "x9", "cc", "memory");
}

int main(int argc, char **argv)
{
	bool bad = argc > 1 && !strcmp(argv[1], "bad");

	if (argc > 2 || (argc == 2 && !bad)) {
		fprintf(stderr, "usage: emu-marker-probe [bad]\n");
		return 2;
	}
	outside();
	window0();
	outside();
	window1();
	outside();
	emu_window_open();
	emu_window_close();
	outside();
	if (bad) {
		emu_window_close();	/* close while closed */
		emu_window_open();
		emu_window_open();	/* open while open */
		outside();
	}
	return 0;
}

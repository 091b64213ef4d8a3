/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel text symbols from a System.map, for attributing kernel
 * instructions to functions.  Pure C (unit-tested on the host).
 */
#ifndef LMB_EMU_KSYMS_H
#define LMB_EMU_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksyms {
	uint64_t *addr;		/* sorted, unique */
	char **name;
	size_t n;
	uint64_t text_start, text_end;	/* _stext (or _text) .. _etext */
	/* _sinittext .. _einittext: .init.text, where arm64 starts
	 * (__primary_switched); 0 .. 0 when the map lacks them
	 */
	uint64_t init_start, init_end;
};

/*
 * Read the text symbols (types t T w W) of @path.  Returns 0, or -1 with a
 * one-line reason in @err (what failed, with which value).
 */
int ksyms_load(const char *path, struct ksyms *ks, char *err, size_t errlen);

/* Is @pc in the kernel's text or init text? */
int ksyms_in_text(const struct ksyms *ks, uint64_t pc);
/* Index of the symbol containing @pc, or -1 outside the kernel text. */
long ksyms_find(const struct ksyms *ks, uint64_t pc);

void ksyms_free(struct ksyms *ks);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Window markers for the QEMU plugin (emulation/plugin, docs/emulation.md).
 *
 * On arm64, emu_window_open() executes HINT #104 (0xd5032d1f) and
 * emu_window_close() HINT #105 (0xd5032d3f).  Both are unallocated hint
 * encodings, which the architecture requires to execute as NOP, so the
 * same binary runs unchanged on hardware (Graviton, Ampere, ...); the
 * plugin counts what the guest executes between them.  Elsewhere they
 * are nothing.  The "memory" clobber keeps the compiler from moving
 * memory accesses of the step across them.
 */
#ifndef LMB_EMU_MARKER_H
#define LMB_EMU_MARKER_H

#if defined(__aarch64__)
static inline void emu_window_open(void)
{
	__asm__ __volatile__("hint #104" ::: "memory");
}

static inline void emu_window_close(void)
{
	__asm__ __volatile__("hint #105" ::: "memory");
}
#else
static inline void emu_window_open(void)
{
}

static inline void emu_window_close(void)
{
}
#endif

#endif

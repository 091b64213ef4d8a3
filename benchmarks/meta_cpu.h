/* SPDX-License-Identifier: GPL-2.0 */
/* CPU identification: the model name, and MIDR_EL1 decoding on arm64. */
#ifndef LMB_META_CPU_H
#define LMB_META_CPU_H

#include <stddef.h>
#include <stdint.h>

/* MIDR_EL1 fields (Arm ARM D23.2 "MIDR_EL1, Main ID Register"). */
#define MIDR_IMPLEMENTER(m)	((unsigned int)(((m) >> 24) & 0xff))
#define MIDR_VARIANT(m)		((unsigned int)(((m) >> 20) & 0xf))
#define MIDR_ARCHITECTURE(m)	((unsigned int)(((m) >> 16) & 0xf))
#define MIDR_PARTNUM(m)		((unsigned int)(((m) >> 4) & 0xfff))
#define MIDR_REVISION(m)	((unsigned int)((m) & 0xf))

/* Results of midr_parse(). */
enum {
	MIDR_OK = 0,
	MIDR_MALFORMED = -1,	/* empty, a sign, not hex */
	MIDR_TOO_BIG = -2,	/* beyond 64 bits, or bits 63:32 (RES0) set */
	MIDR_ABSENT = -3,	/* (readers) no such file */
};

/*
 * A sysfs midr_el1 value ("0x00000000410fd0c1"): hex digits with an
 * optional 0x, no sign, overflow checked, upper 32 bits 0.  Returns MIDR_OK
 * with *@midr set, or MIDR_MALFORMED / MIDR_TOO_BIG (*@midr untouched).
 */
int midr_parse(const char *s, uint64_t *midr);
/* Why midr_parse() refused a value, for messages. */
const char *midr_parse_why(int err);

typedef void (*cpuinfo_midr_fn)(long processor, uint64_t midr, void *arg);
/*
 * Every processor block of an arm64 /proc/cpuinfo text whose CPU
 * implementer, variant, part and revision are all numbers in range:
 * @fn(processor, MIDR, @arg) (architecture field 0xf).  A block with a bad
 * or missing field is skipped; the first one is described in @bad (may be
 * NULL).  Returns the number of bad fields and blocks.
 */
int cpuinfo_midrs(const char *text, cpuinfo_midr_fn fn, void *arg, char *bad,
		  size_t bad_len);

/* "Arm", "Ampere", ...; NULL if not in the table. */
const char *midr_implementer_name(unsigned int implementer);
/* "Neoverse N1", "AmpereOne", ...; NULL if not in the table. */
const char *midr_part_name(unsigned int implementer, unsigned int part);
/*
 * "Arm Neoverse N1 r3p1"; a part not in the table keeps its number
 * ("Arm part 0xd99 r0p0"), an unknown implementer both numbers
 * ("implementer 0x12 part 0x345 r0p0").  A new string; NULL when out of memory.
 */
char *midr_describe(uint64_t midr);

/*
 * This machine's cpu_model and midr_el1 metadata values (new strings).  arm64:
 * every CPU's MIDR_EL1 from sysfs (else /proc/cpuinfo's CPU implementer/part
 * fields), decoded; sysfs and cpuinfo are host_paths.h's (LMB_SYSFS_ROOT,
 * LMB_CPUINFO); a sysfs value that is not a MIDR is warned about (file and
 * value) and /proc/cpuinfo used instead; distinct cores are listed with their counts
 * ("4x Arm Cortex-A55 r2p0 + 4x Arm Cortex-A76 r4p0").  Elsewhere: the
 * /proc/cpuinfo model name, and midr_el1 "n/a (<arch>)".
 * @arch is uname -m.  Returns -1 when out of memory.
 */
int cpu_identify(const char *arch, char **model, char **midr);

/*
 * MIDR_EL1 of CPU @cpu: @sysroot/devices/system/cpu/cpu<N>/regs/
 * identification/midr_el1, else the "processor : <N>" block of @cpuinfo
 * (a /proc/cpuinfo path, NULL for none), else (arm64, real paths only) mrs
 * on the CPU we run on.  @how gets "sysfs", "cpuinfo" or "mrs"; @note what
 * was wrong with the sources passed over (missing, or which file held
 * which bad value), "" when sysfs answered.  Returns 0, or -1 when none said.
 */
int cpu_midr_of(const char *sysroot, const char *cpuinfo, int cpu,
		uint64_t *midr, const char **how, char *note, size_t len);

#endif

// SPDX-License-Identifier: GPL-2.0
/* CPU identification (see meta_cpu.h). */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "host_paths.h"
#include "log.h"
#include "meta_cpu.h"
#include "text.h"

#ifdef __aarch64__
#include <sys/auxv.h>
#ifndef HWCAP_CPUID
#define HWCAP_CPUID	(1 << 11)
#endif
#endif

#define MAX_KINDS	8	/* distinct MIDR values listed */

static const struct {
	unsigned int id;
	const char *name;
} implementers[] = {
	{ 0x00, "software-defined (e.g. QEMU max)" }, { 0x41, "Arm" }, { 0x42, "Broadcom" }, { 0x43, "Cavium" },
	{ 0x46, "Fujitsu" }, { 0x48, "HiSilicon" }, { 0x4e, "NVIDIA" },
	{ 0x50, "Applied Micro" }, { 0x51, "Qualcomm" }, { 0x53, "Samsung" },
	{ 0x61, "Apple" }, { 0x6d, "Microsoft" }, { 0xc0, "Ampere" },
};

static const struct {
	unsigned int implementer, part;
	const char *name;
} parts[] = {
	{ 0x41, 0xd00, "Foundation model" }, { 0x41, 0xd03, "Cortex-A53" },
	{ 0x41, 0xd04, "Cortex-A35" }, { 0x41, 0xd05, "Cortex-A55" },
	{ 0x41, 0xd06, "Cortex-A65" }, { 0x41, 0xd07, "Cortex-A57" },
	{ 0x41, 0xd08, "Cortex-A72" }, { 0x41, 0xd09, "Cortex-A73" },
	{ 0x41, 0xd0a, "Cortex-A75" }, { 0x41, 0xd0b, "Cortex-A76" },
	{ 0x41, 0xd0c, "Neoverse N1" }, { 0x41, 0xd0d, "Cortex-A77" },
	{ 0x41, 0xd0e, "Cortex-A76AE" }, { 0x41, 0xd0f, "AEMv8 model" },
	{ 0x41, 0xd40, "Neoverse V1" }, { 0x41, 0xd41, "Cortex-A78" },
	{ 0x41, 0xd42, "Cortex-A78AE" }, { 0x41, 0xd43, "Cortex-A65AE" },
	{ 0x41, 0xd44, "Cortex-X1" }, { 0x41, 0xd46, "Cortex-A510" },
	{ 0x41, 0xd47, "Cortex-A710" }, { 0x41, 0xd48, "Cortex-X2" },
	{ 0x41, 0xd49, "Neoverse N2" }, { 0x41, 0xd4a, "Neoverse E1" },
	{ 0x41, 0xd4b, "Cortex-A78C" }, { 0x41, 0xd4c, "Cortex-X1C" },
	{ 0x41, 0xd4d, "Cortex-A715" }, { 0x41, 0xd4e, "Cortex-X3" },
	{ 0x41, 0xd4f, "Neoverse V2" }, { 0x41, 0xd80, "Cortex-A520" },
	{ 0x41, 0xd81, "Cortex-A720" }, { 0x41, 0xd82, "Cortex-X4" },
	{ 0x41, 0xd83, "Neoverse V3AE" }, { 0x41, 0xd84, "Neoverse V3" },
	{ 0x41, 0xd85, "Cortex-X925" }, { 0x41, 0xd87, "Cortex-A725" },
	{ 0x41, 0xd88, "Cortex-A520AE" }, { 0x41, 0xd89, "Cortex-A720AE" },
	{ 0x41, 0xd8a, "C1-Nano" }, { 0x41, 0xd8b, "C1-Pro" },
	{ 0x41, 0xd8c, "C1-Ultra" }, { 0x41, 0xd8e, "Neoverse N3" },
	{ 0x41, 0xd90, "C1-Premium" },
	{ 0x42, 0x516, "Vulcan" },
	{ 0x43, 0x0a1, "ThunderX" }, { 0x43, 0x0a2, "ThunderX 81xx" },
	{ 0x43, 0x0a3, "ThunderX 83xx" }, { 0x43, 0x0af, "ThunderX2" },
	{ 0x46, 0x001, "A64FX" },
	{ 0x48, 0xd01, "TaiShan v110 (Kunpeng 920)" }, { 0x48, 0xd02, "HIP09" },
	{ 0x4e, 0x003, "Denver" }, { 0x4e, 0x004, "Carmel" },
	{ 0x4e, 0x010, "Olympus" },
	{ 0x50, 0x000, "X-Gene" },
	{ 0x51, 0x001, "Oryon" }, { 0x51, 0x801, "Kryo 2xx Silver" },
	{ 0x51, 0x802, "Kryo 3xx Gold" }, { 0x51, 0x803, "Kryo 3xx Silver" },
	{ 0x51, 0x804, "Kryo 4xx Gold" }, { 0x51, 0x805, "Kryo 4xx Silver" },
	{ 0x51, 0xc00, "Falkor" },
	{ 0x61, 0x022, "M1 Icestorm" }, { 0x61, 0x023, "M1 Firestorm" },
	{ 0x61, 0x024, "M1 Pro Icestorm" }, { 0x61, 0x025, "M1 Pro Firestorm" },
	{ 0x61, 0x028, "M1 Max Icestorm" }, { 0x61, 0x029, "M1 Max Firestorm" },
	{ 0x61, 0x032, "M2 Blizzard" }, { 0x61, 0x033, "M2 Avalanche" },
	{ 0x61, 0x034, "M2 Pro Blizzard" }, { 0x61, 0x035, "M2 Pro Avalanche" },
	{ 0x61, 0x038, "M2 Max Blizzard" }, { 0x61, 0x039, "M2 Max Avalanche" },
	{ 0x6d, 0xd49, "Azure Cobalt 100 (Neoverse N2)" },
	{ 0xc0, 0xac3, "AmpereOne" }, { 0xc0, 0xac4, "AmpereOne AC04" },
};

const char *midr_implementer_name(unsigned int implementer)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(implementers); i++)
		if (implementers[i].id == implementer)
			return implementers[i].name;
	return NULL;
}

const char *midr_part_name(unsigned int implementer, unsigned int part)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i].implementer == implementer && parts[i].part == part)
			return parts[i].name;
	return NULL;
}

char *midr_describe(uint64_t midr)
{
	unsigned int imp = MIDR_IMPLEMENTER(midr), part = MIDR_PARTNUM(midr);
	unsigned int var = MIDR_VARIANT(midr), rev = MIDR_REVISION(midr);
	const char *iname = midr_implementer_name(imp);
	const char *pname = midr_part_name(imp, part);

	if (iname && pname)
		return text_printf("%s %s r%up%u", iname, pname, var, rev);
	if (iname)
		return text_printf("%s part 0x%03x r%up%u", iname, part, var, rev);
	return text_printf("implementer 0x%02x part 0x%03x r%up%u",
			  imp, part, var, rev);
}

struct midr_kinds {
	uint64_t midr[MAX_KINDS];
	unsigned int count[MAX_KINDS];
	unsigned int n, more;	/* more: CPUs whose kind did not fit */
};

static void kinds_add(struct midr_kinds *k, uint64_t midr)
{
	unsigned int i;

	for (i = 0; i < k->n; i++) {
		if (k->midr[i] == midr) {
			k->count[i]++;
			return;
		}
	}
	if (k->n == MAX_KINDS) {
		k->more++;
		return;
	}
	k->midr[k->n] = midr;
	k->count[k->n++] = 1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int midr_parse(const char *s, uint64_t *midr)
{
	uint64_t v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return MIDR_MALFORMED;
	for (; *s; s++) {
		d = hex_digit(*s);
		if (d < 0)
			return MIDR_MALFORMED;
		if (v > UINT64_MAX >> 4)
			return MIDR_TOO_BIG;	/* more than 64 bits */
		v = v << 4 | (uint64_t)d;
	}
	if (v >> 32)
		return MIDR_TOO_BIG;	/* bits 63:32 are RES0 */
	*midr = v;
	return MIDR_OK;
}

const char *midr_parse_why(int err)
{
	return err == MIDR_TOO_BIG ?
	       "beyond 32 bits (MIDR_EL1 bits 63:32 are RES0): not a MIDR" :
	       "not a hex number (empty, a sign, or other characters)";
}

/*
 * A sysfs midr_el1 file: MIDR_OK with *midr, MIDR_ABSENT when there is no
 * such file, else the parse error, described in @note (file and value).
 */
static int read_sysfs_midr(const char *path, uint64_t *midr, char *note,
			   size_t len)
{
	char *v = text_read_value(path);
	int err;

	if (!v)
		return MIDR_ABSENT;
	err = midr_parse(v, midr);
	if (err)
		snprintf(note, len, "%s is '%.40s%s': %s", path, v,
			 strlen(v) > 40 ? "..." : "", midr_parse_why(err));
	free(v);
	return err;
}

/*
 * MIDR_EL1 of every CPU from sysfs (arm64 kernels since 4.7).  A value that
 * is not a MIDR is warned about (the first one, with how many more), and
 * then no sysfs value is used: the caller falls back to /proc/cpuinfo.
 */
static void midr_from_sysfs(const char *root, struct midr_kinds *k)
{
	char pattern[PATH_MAX], note[PATH_MAX + 160] = "";
	unsigned int bad = 0;
	uint64_t midr;
	glob_t g;
	size_t i;

	snprintf(pattern, sizeof(pattern),
		 "%s/devices/system/cpu/cpu[0-9]*/regs/identification/midr_el1",
		 root);
	if (glob(pattern, 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		int err = read_sysfs_midr(g.gl_pathv[i], &midr,
					  bad ? NULL : note, bad ? 0 : sizeof(note));

		if (err == MIDR_OK)
			kinds_add(k, midr);
		else if (err != MIDR_ABSENT)
			bad++;
	}
	globfree(&g);
	if (bad) {
		char more[48] = "";

		if (bad > 1)
			snprintf(more, sizeof(more), " (and %u more CPUs)", bad - 1);
		lmb_warn("%s%s; ignoring sysfs midr_el1 and identifying the CPUs from cpuinfo instead",
			 note, more);
		memset(k, 0, sizeof(*k));
	}
}

/* A "name<tabs>: value" line of /proc/cpuinfo: the value if it is @name. */
static const char *cpuinfo_field(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n))
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != ':')
		return NULL;
	line++;
	while (*line == ' ')
		line++;
	return line;
}

enum cpuinfo_key {
	CPUINFO_PROCESSOR,
	CPUINFO_IMPLEMENTER,
	CPUINFO_VARIANT,
	CPUINFO_PART,
	CPUINFO_REVISION,
	CPUINFO_KEYS
};

static const struct {
	const char *name;
	unsigned long max;
} cpuinfo_keys[] = {
	[CPUINFO_PROCESSOR] = { "processor", 1UL << 30 },
	[CPUINFO_IMPLEMENTER] = { "CPU implementer", 0xff },
	[CPUINFO_VARIANT] = { "CPU variant", 0xf },
	[CPUINFO_PART] = { "CPU part", 0xfff },
	[CPUINFO_REVISION] = { "CPU revision", 0xf },
};

/* Which enum cpuinfo_key line @l holds, its value in @v; -1: another line. */
static int cpuinfo_line(const char *l, const char **v)
{
	size_t i;

	for (i = 0; i < CPUINFO_KEYS; i++) {
		*v = cpuinfo_field(l, cpuinfo_keys[i].name);
		if (*v)
			return (int)i;
	}
	return -1;
}

/* The number of a cpuinfo value ("0x41", "3") up to @max; false if none. */
static bool cpuinfo_number(const char *v, unsigned long max, unsigned long *out)
{
	char *end;

	if (!(*v >= '0' && *v <= '9'))
		return false;	/* no sign, no space, no empty value */
	errno = 0;
	*out = strtoul(v, &end, 0);
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	return !errno && (*end == '\n' || !*end) && *out <= max;
}

int cpuinfo_midrs(const char *text, cpuinfo_midr_fn fn, void *arg, char *bad,
		  size_t bad_len)
{
	unsigned long val[CPUINFO_KEYS] = { 0 };
	unsigned int seen = 0, nr_bad = 0;
	const char *l, *v;
	long proc = -1;
	int key;

	for (l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		key = cpuinfo_line(l, &v);
		if (key < 0)
			continue;
		if (!cpuinfo_number(v, cpuinfo_keys[key].max, &val[key])) {
			if (!nr_bad++ && bad)
				snprintf(bad, bad_len, "'%s : %.*s' is not a number up to %#lx",
					 cpuinfo_keys[key].name,
					 (int)strcspn(v, "\n") > 40 ? 40 : (int)strcspn(v, "\n"),
					 v, cpuinfo_keys[key].max);
			seen |= 1u << 31;	/* this block is bad */
			continue;
		}
		if (key == CPUINFO_PROCESSOR) {
			proc = (long)val[key];
			seen = 0;
			continue;
		}
		seen |= 1u << key;
		if (key != CPUINFO_REVISION)
			continue;
		if (seen == (1u << CPUINFO_IMPLEMENTER | 1u << CPUINFO_VARIANT |
			     1u << CPUINFO_PART | 1u << CPUINFO_REVISION))
			fn(proc, val[CPUINFO_IMPLEMENTER] << 24 |
				 val[CPUINFO_VARIANT] << 20 | 0xfUL << 16 |
				 val[CPUINFO_PART] << 4 | val[CPUINFO_REVISION], arg);
		else if (!(seen & 1u << 31) && !nr_bad++ && bad)
			snprintf(bad, bad_len, "processor %ld lacks CPU implementer, variant or part",
				 proc);
		seen = 0;
	}
	return (int)nr_bad;
}

static void add_kind(long proc, uint64_t midr, void *arg)
{
	(void)proc;
	kinds_add(arg, midr);
}

/* arm64 /proc/cpuinfo: one MIDR per processor block, ending at "CPU revision". */
static void midr_from_cpuinfo(const char *path, const char *cpuinfo,
			      struct midr_kinds *k)
{
	char bad[160];
	int n = cpuinfo_midrs(cpuinfo, add_kind, k, bad, sizeof(bad));

	char more[48] = "";

	if (n > 1)
		snprintf(more, sizeof(more), " (and %d more bad fields)", n - 1);
	if (n)
		lmb_warn("%s: %s%s; those processor blocks are ignored", path, bad,
			 more);
}

/*
 * MIDR_EL1 read with mrs: the kernel emulates the access when HWCAP_CPUID is
 * set, and so does qemu-user (where sysfs and /proc/cpuinfo are the host's).
 * Only the CPU this runs on.  Returns 1 if it read one.
 */
static int midr_from_mrs(struct midr_kinds *k)
{
#ifdef __aarch64__
	uint64_t midr;

	if (!(getauxval(AT_HWCAP) & HWCAP_CPUID))
		return 0;
	__asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
	kinds_add(k, midr);
	return 1;
#else
	(void)k;
	return 0;
#endif
}

/* The first model-name-like /proc/cpuinfo field, flattened; NULL if none. */
static char *cpuinfo_model_name(const char *cpuinfo)
{
	static const char *const names[] = {
		"model name", "cpu model", "uarch", "cpu", "Processor",
	};
	const char *l, *v, *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		for (l = cpuinfo; l && *l;
		     l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
			v = cpuinfo_field(l, names[i]);
			if (!v)
				continue;
			end = strchr(v, '\n');
			return strndup(v, end ? (size_t)(end - v) : strlen(v));
		}
	}
	return NULL;
}

/* "4x A + 4x B" or just "A"; the MIDR list "0x... 0x...". */
static int describe_kinds(const struct midr_kinds *k, const char *how,
			  char **model, char **midr)
{
	char *m = strdup(""), *h = strdup(""), *d, *t;
	unsigned int i;

	for (i = 0; m && h && i < k->n; i++) {
		d = midr_describe(k->midr[i]);
		if (!d)
			break;
		if (k->n == 1 && !k->more)
			t = text_printf("%s", d);
		else
			t = text_printf("%s%s%ux %s", m, i ? " + " : "",
				       k->count[i], d);
		free(d);
		free(m);
		m = t;
		t = text_printf("%s%s0x%08llx", h, i ? " " : "",
			       (unsigned long long)k->midr[i]);
		free(h);
		h = t;
	}
	if (m && h && k->more) {
		t = text_printf("%s + %u more CPUs of other kinds", m, k->more);
		free(m);
		m = t;
	}
	if (m && h && *how) {
		t = text_printf("%s %s", h, how);
		free(h);
		h = t;
	}
	if (!m || !h || i < k->n) {
		free(m);
		free(h);
		return -1;
	}
	*model = m;
	*midr = h;
	return 0;
}

static int is_arm64(const char *arch)
{
	return !strcmp(arch, "aarch64") || !strcmp(arch, "arm64");
}

int cpu_identify(const char *arch, char **model, char **midr)
{
	const char *root = host_sysfs_root(), *path = host_cpuinfo_path();
	struct midr_kinds k = { .n = 0 };
	char *cpuinfo = path ? text_read_file(path, 1 << 22) : NULL, *name;
	const char *how = "";

	*model = *midr = NULL;
	midr_from_sysfs(root, &k);
	if (!k.n && cpuinfo) {
		midr_from_cpuinfo(path, cpuinfo, &k);
		how = "(from /proc/cpuinfo)";
	}
	if (!k.n && host_paths_real() && midr_from_mrs(&k))
		how = "(mrs on one CPU; sysfs and /proc/cpuinfo had none)";
	if (k.n) {
		free(cpuinfo);
		return describe_kinds(&k, how, model, midr);
	}
	name = cpuinfo ? cpuinfo_model_name(cpuinfo) : NULL;
	free(cpuinfo);
	if (!path) {
		/* LMB_SYSFS_ROOT without LMB_CPUINFO: never the host's CPU */
		*midr = text_unknown("no midr_el1 under LMB_SYSFS_ROOT=%s and no LMB_CPUINFO", root);
		*model = text_unknown("the fake sysfs root %s does not say; set LMB_CPUINFO to its cpuinfo",
				      root);
	} else if (is_arm64(arch)) {
		/* e.g. qemu-user: an arm64 binary on another CPU's kernel */
		*midr = text_unknown("no usable regs/identification/midr_el1 in sysfs, no CPU part in %s",
				     path);
		*model = name ? text_unknown("no MIDR_EL1; %s says '%s' (emulated?)", path, name) :
			 text_unknown("no MIDR_EL1 and no model name in %s", path);
	} else {
		*midr = text_printf("n/a (%s)", arch);
		*model = name ? strdup(name) :
			 text_unknown("no model name in %s", path);
	}
	free(name);
	if (!*model || !*midr) {
		free(*model);
		free(*midr);
		*model = *midr = NULL;
		return -1;
	}
	return 0;
}

struct block_want {
	long cpu;
	uint64_t midr;
	bool found;
};

static void want_block(long proc, uint64_t midr, void *arg)
{
	struct block_want *w = arg;

	if (proc == w->cpu && !w->found) {
		w->midr = midr;
		w->found = true;
	}
}

int cpu_midr_of(const char *sysroot, const char *cpuinfo, int cpu,
		uint64_t *midr, const char **how, char *note, size_t len)
{
	struct midr_kinds k = { .n = 0 };
	struct block_want w = { cpu, 0, false };
	char path[PATH_MAX], bad[160], *v;
	int err;

	snprintf(note, len, "no %s/devices/system/cpu/cpu%d/regs/identification/midr_el1",
		 sysroot, cpu);
	snprintf(path, sizeof(path),
		 "%s/devices/system/cpu/cpu%d/regs/identification/midr_el1",
		 sysroot, cpu);
	err = read_sysfs_midr(path, midr, note, len);
	*how = "sysfs";
	if (!err) {
		*note = '\0';
		return 0;
	}
	v = cpuinfo ? text_read_file(cpuinfo, 1 << 22) : NULL;
	if (v) {
		size_t used = strlen(note);

		if (cpuinfo_midrs(v, want_block, &w, bad, sizeof(bad)) && !w.found)
			snprintf(note + used, len - used, "; %s: %s", cpuinfo, bad);
		else if (!w.found)
			snprintf(note + used, len - used, "; no processor %d block with CPU part in %s",
				 cpu, cpuinfo);
		free(v);
		*how = "cpuinfo";
		if (w.found) {
			*midr = w.midr;
			return 0;
		}
	}
	if (host_paths_real() && midr_from_mrs(&k)) {
		*midr = k.midr[0];
		*how = "mrs";
		return 0;
	}
	return -1;
}

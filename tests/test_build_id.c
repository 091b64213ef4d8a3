// SPDX-License-Identifier: GPL-2.0
/*
 * The GNU build-id of an ELF file (build_id.h): synthetic ELF files with a
 * known note, without one, damaged or not ELF at all, and this test
 * program itself against `readelf -n`.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_id.h"
#include "kselftest_harness.h"
#include "lmb_test.h"

struct note_spec {
	const char *name;	/* "GNU" */
	uint32_t type;
	const unsigned char *desc;
	uint32_t descsz;
};

/* Append one note (4-byte aligned) at @buf + *len. */
static void put_note(unsigned char *buf, size_t *len, const struct note_spec *n)
{
	Elf64_Nhdr h = {
		.n_namesz = (uint32_t)strlen(n->name) + 1,
		.n_descsz = n->descsz, .n_type = n->type,
	};

	memcpy(buf + *len, &h, sizeof(h));
	*len += sizeof(h);
	memcpy(buf + *len, n->name, h.n_namesz);
	*len += (h.n_namesz + 3) / 4 * 4;
	memcpy(buf + *len, n->desc, n->descsz);
	*len += (n->descsz + 3) / 4 * 4;
}

/*
 * A 64-bit ELF file at @path: a PT_LOAD header, then a PT_NOTE segment
 * holding @nr notes.  @trunc > 0 cuts the file to that many bytes.
 */
static int write_elf(const char *path, const struct note_spec *notes, int nr,
		     long trunc)
{
	unsigned char file[4096] = { 0 }, seg[1024] = { 0 };
	Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
	Elf64_Phdr ph[2] = { { 0 } };
	size_t seglen = 0, off = sizeof(*eh) + sizeof(ph);
	FILE *f;
	int i;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
			       ELFDATA2LSB : ELFDATA2MSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 2;
	for (i = 0; i < nr; i++)
		put_note(seg, &seglen, &notes[i]);
	ph[0].p_type = PT_LOAD;
	ph[1].p_type = PT_NOTE;
	ph[1].p_offset = off;
	ph[1].p_filesz = seglen;
	ph[1].p_align = 4;
	memcpy(file + sizeof(*eh), ph, sizeof(ph));
	memcpy(file + off, seg, seglen);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fwrite(file, 1, trunc > 0 ? (size_t)trunc : off + seglen, f);
	return fclose(f);
}

static const unsigned char id20[20] = {
	0xcd, 0x53, 0xa5, 0xee, 0x24, 0x90, 0x91, 0x94, 0x4a, 0x69,
	0xc1, 0x8d, 0x00, 0xe6, 0x83, 0x16, 0x77, 0x8a, 0x62, 0xaa,
};

FIXTURE(elf) {
	char path[64];
};

FIXTURE_SETUP(elf)
{
	int fd;

	strcpy(self->path, "/tmp/lmb-buildid-XXXXXX");
	fd = mkstemp(self->path);
	ASSERT_LE(0, fd);
	close(fd);
}

FIXTURE_TEARDOWN(elf)
{
	unlink(self->path);
}

TEST_F(elf, finds_the_gnu_build_id_among_other_notes)
{
	static const unsigned char abi[16] = { 0 }, one[3] = { 1, 2, 3 };
	const struct note_spec notes[] = {
		{ "GNU", NT_GNU_ABI_TAG, abi, sizeof(abi) },
		{ "Xen", NT_GNU_BUILD_ID, one, sizeof(one) },	/* other owner */
		{ "GNU", NT_GNU_BUILD_ID, id20, sizeof(id20) },
	};
	char hex[BUILD_ID_HEX_MAX];

	ASSERT_EQ(0, write_elf(self->path, notes, 3, 0));
	ASSERT_EQ(1, build_id_of_file(self->path, hex));
	EXPECT_STREQ("cd53a5ee249091944a69c18d00e68316778a62aa", hex);
	/* another owner's note of the same type is not the GNU build-id */
	ASSERT_EQ(0, write_elf(self->path, &notes[1], 1, 0));
	EXPECT_EQ(0, build_id_of_file(self->path, hex));
	EXPECT_STREQ("", hex);
}

TEST_F(elf, no_note_damaged_or_not_elf)
{
	static const unsigned char abi[16] = { 0 };
	const struct note_spec gnu_abi = { "GNU", NT_GNU_ABI_TAG, abi, sizeof(abi) };
	const struct note_spec id = { "GNU", NT_GNU_BUILD_ID, id20, sizeof(id20) };
	char hex[BUILD_ID_HEX_MAX] = "x";
	FILE *f;

	ASSERT_EQ(0, write_elf(self->path, &gnu_abi, 1, 0));
	EXPECT_EQ(0, build_id_of_file(self->path, hex));
	EXPECT_STREQ("", hex);
	/* cut inside the id: no id rather than a wrong one */
	ASSERT_EQ(0, write_elf(self->path, &id, 1, sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr) + 20));
	strcpy(hex, "x");
	EXPECT_EQ(-1, build_id_of_file(self->path, hex));
	EXPECT_STREQ("", hex);
	/* cut inside the program headers */
	ASSERT_EQ(0, write_elf(self->path, &id, 1, sizeof(Elf64_Ehdr) + 10));
	EXPECT_EQ(-1, build_id_of_file(self->path, hex));
	f = fopen(self->path, "w");
	ASSERT_NE(NULL, f);
	fputs("#!/bin/sh\necho not an ELF file\n", f);
	fclose(f);
	EXPECT_EQ(-1, build_id_of_file(self->path, hex));
	EXPECT_EQ(ENOEXEC, errno);
	EXPECT_STREQ("", hex);
	EXPECT_EQ(-1, build_id_of_file("/nonexistent/lmb", hex));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_NO_LEAKS();
}

/* This program's own id, as readelf prints it (when readelf is here). */
TEST(own_binary_matches_readelf)
{
	char hex[BUILD_ID_HEX_MAX], cmd[256], line[512], want[BUILD_ID_HEX_MAX] = "";
	FILE *p;

	if (system("command -v readelf >/dev/null 2>&1"))
		SKIP(return, "missing-command: readelf (binutils)");
	snprintf(cmd, sizeof(cmd), "readelf -n /proc/%d/exe 2>/dev/null", (int)getpid());
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, " Build ID: %128s", want) == 1)
			break;
	pclose(p);
	ASSERT_EQ(1, build_id_of_file("/proc/self/exe", hex));
	EXPECT_STREQ(want, hex);
	EXPECT_LT(0, strlen(hex));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * GNU build-id from an ELF file's PT_NOTE segments (build_id.h).  Reads
 * the ELF header, the program headers and the note segments with pread():
 * nothing is mapped, and a static binary needs no dynamic loader to be
 * read this way.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_id.h"

#define NOTE_MAX	(64 * 1024)	/* larger note segments are not read */
#define PHDR_MAX	256

/* One program header, whatever the ELF class. */
struct seg {
	uint32_t type;
	uint64_t offset, filesz, align;
};

static bool read_at(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n = pread(fd, buf, len, (off_t)off);

	if (n == (ssize_t)len)
		return true;
	if (n >= 0)
		errno = ENOEXEC;	/* truncated file */
	return false;
}

/* Program header @i into @s; false with errno on a short read. */
static bool read_seg(int fd, const unsigned char *ident, uint64_t phoff,
		     uint16_t phentsize, unsigned int i, struct seg *s)
{
	if (ident[EI_CLASS] == ELFCLASS64) {
		Elf64_Phdr p;

		if (phentsize < sizeof(p) ||
		    !read_at(fd, &p, sizeof(p), phoff + (uint64_t)i * phentsize))
			return false;
		*s = (struct seg){ p.p_type, p.p_offset, p.p_filesz, p.p_align };
	} else {
		Elf32_Phdr p;

		if (phentsize < sizeof(p) ||
		    !read_at(fd, &p, sizeof(p), phoff + (uint64_t)i * phentsize))
			return false;
		*s = (struct seg){ p.p_type, p.p_offset, p.p_filesz, p.p_align };
	}
	return true;
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

/* The build-id note in @buf (one note segment); 1 found, 0 not. */
static int find_note(const unsigned char *buf, size_t len, size_t align,
		     char hex[BUILD_ID_HEX_MAX])
{
	size_t pos = 0, i;

	while (pos + sizeof(Elf32_Nhdr) <= len) {
		Elf32_Nhdr nh;	/* the same layout in both classes */
		size_t name, desc, next;

		memcpy(&nh, buf + pos, sizeof(nh));
		name = pos + sizeof(nh);
		desc = name + align_up(nh.n_namesz, align);
		next = desc + align_up(nh.n_descsz, align);
		if (desc < name || next < desc || desc + nh.n_descsz > len)
			return 0;	/* damaged: no id rather than a wrong one */
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp(buf + name, "GNU", 4) && nh.n_descsz &&
		    nh.n_descsz * 2 < BUILD_ID_HEX_MAX) {
			for (i = 0; i < nh.n_descsz; i++)
				snprintf(hex + 2 * i, 3, "%02x", buf[desc + i]);
			return 1;
		}
		pos = next;
	}
	return 0;
}

static int scan(int fd, char hex[BUILD_ID_HEX_MAX])
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const unsigned char native = ELFDATA2LSB;
#else
	const unsigned char native = ELFDATA2MSB;
#endif
	unsigned char ident[EI_NIDENT];
	uint64_t phoff;
	uint16_t phentsize, phnum;
	unsigned int i;

	if (!read_at(fd, ident, sizeof(ident), 0))
		return -1;
	if (memcmp(ident, ELFMAG, SELFMAG) ||
	    (ident[EI_CLASS] != ELFCLASS64 && ident[EI_CLASS] != ELFCLASS32) ||
	    ident[EI_DATA] != native) {
		errno = ENOEXEC;
		return -1;
	}
	if (ident[EI_CLASS] == ELFCLASS64) {
		Elf64_Ehdr eh;

		if (!read_at(fd, &eh, sizeof(eh), 0))
			return -1;
		phoff = eh.e_phoff;
		phentsize = eh.e_phentsize;
		phnum = eh.e_phnum;
	} else {
		Elf32_Ehdr eh;

		if (!read_at(fd, &eh, sizeof(eh), 0))
			return -1;
		phoff = eh.e_phoff;
		phentsize = eh.e_phentsize;
		phnum = eh.e_phnum;
	}
	for (i = 0; i < phnum && i < PHDR_MAX; i++) {
		struct seg s;
		unsigned char *buf;
		int found;

		if (!read_seg(fd, ident, phoff, phentsize, i, &s))
			return -1;
		if (s.type != PT_NOTE || !s.filesz || s.filesz > NOTE_MAX)
			continue;
		buf = malloc(s.filesz);
		if (!buf)
			return -1;
		found = read_at(fd, buf, s.filesz, s.offset) ?
			find_note(buf, s.filesz, s.align == 8 ? 8 : 4, hex) : -1;
		free(buf);
		if (found)
			return found;
	}
	return 0;
}

int build_id_of_file(const char *path, char hex[BUILD_ID_HEX_MAX])
{
	int fd, ret, err;

	hex[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = scan(fd, hex);
	err = errno;
	close(fd);
	if (ret < 0)
		hex[0] = '\0';
	errno = err;
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GNU build-id of an ELF file (the linker's NT_GNU_BUILD_ID note, what
 * `readelf -n` prints as "Build ID"): which build of the suite measured a
 * file.  Two builds of the same source can move the deterministic guest's
 * counts (where their pages land), so results record it.
 */
#ifndef LMB_BUILD_ID_H
#define LMB_BUILD_ID_H

#include <stddef.h>

#define BUILD_ID_HEX_MAX 129	/* 64 bytes of id as hex, NUL */

/*
 * The build-id of the ELF file at @path as lower-case hex into @hex.
 * Returns 1 when found, 0 when the file is ELF without a build-id note
 * (@hex empty), -1 when it cannot be read or is not an ELF file of this
 * machine's byte order (@hex empty, errno set: ENOEXEC for not ELF).
 */
int build_id_of_file(const char *path, char hex[BUILD_ID_HEX_MAX]);

#endif

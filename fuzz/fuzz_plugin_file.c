// SPDX-License-Identifier: GPL-2.0
/*
 * lmb-emu-merge's reader of the plugin's window and function files: any
 * bytes are read or refused with a message.  The first byte picks the
 * kind of file.  A file read has as many fields in every row as in its
 * header, and no more usable windows than rows (window file).
 */
#include "plugin_file.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum pf_kind kind = size && data[0] & 1 ? PF_FUNCS : PF_WINDOWS;
	struct plugin_file pf;
	char buf[256];
	size_t i;

	if (pf_read(&pf, fuzz_file(size ? data + 1 : data, size ? size - 1 : 0), kind))
		return 0;
	for (i = 0; i < pf.nr_rows; i++)
		if (pf.rows[i].n != pf.header.n)
			abort();
	if (kind == PF_WINDOWS && pf_ok_windows(&pf) > pf.nr_rows)
		abort();
	pf_bad_windows(&pf, buf, sizeof(buf));
	pf_meta_get(&pf, "qemu_mode");
	pf_free(&pf);
	return 0;
}

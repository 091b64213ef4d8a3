// SPDX-License-Identifier: GPL-2.0
/*
 * compare's result-file reader and grouping: any bytes are read or
 * refused with a message, never a crash, a leak or a wrong cell; a file
 * read is grouped against itself, as `compare f f` would.
 */
#include "compare/csv_read.h"
#include "compare/groups.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_table *t = csv_read(fuzz_file(data, size)), *two[2];
	struct cmp_data d;
	size_t r, c, samples = 0;

	if (!t)
		return 0;
	/* every cell is a string; the run segments cover every row once */
	for (r = 0; r < t->nr_rows; r++)
		for (c = 0; c < t->nr_cols; c++)
			if (strlen(csv_cell(t, r, (int)c)) > size)
				abort();
	for (r = 0; r < t->nr_runs; r++) {
		if (t->runs[r].first_row != samples)
			abort();
		samples += t->runs[r].nr_rows;
	}
	if (samples != t->nr_rows || !t->nr_runs)
		abort();
	two[0] = two[1] = t;
	if (!cmp_data_build(&d, two, 2, NULL))
		cmp_data_free(&d);
	csv_table_free(t);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Windows to rows (see window_match.h). */
#include <stdio.h>

#include "window_match.h"
#include "tool_msg.h"

int window_match(const struct suite_csv *s, const struct plugin_file *pf)
{
	size_t ok = pf_ok_windows(pf);
	const char *why;
	char buf[512];

	why = pf_bad_windows(pf, buf, sizeof(buf));
	if (why) {
		emu_err("cannot pair the windows of %s with the rows of %s: %s; %s has %zu data rows, %s %llu windows (%zu with status ok); the markers did not pair up in that guest run, rerun it",
			pf->tf.path, s->tf.path, why, s->tf.path, s->nr_rows,
			pf->tf.path, pf->windows, ok);
		return -1;
	}
	if (ok != s->nr_windows) {
		char failed[96] = "";

		if (s->nr_windows > s->nr_rows)
			snprintf(failed, sizeof(failed),
				 " and %zu failed samples whose window ran (# failed: window=1)",
				 s->nr_windows - s->nr_rows);
		emu_err("cannot pair the windows of %s with the rows of %s: %s has %zu data rows (warm-up and sample)%s but %s has %zu windows with status ok; give the suite CSV and the %s of the same guest run, in which only the suite ran, single-threaded",
			pf->tf.path, s->tf.path, s->tf.path, s->nr_rows, failed,
			pf->tf.path, ok, pf->what);
		return -1;
	}
	return 0;
}

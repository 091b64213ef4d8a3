/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LMB_LOG_H
#define LMB_LOG_H

/* "lazymmu-bench: error: <msg>\n" on stderr.  Say what failed, the value, what to do. */
void lmb_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "lazymmu-bench: warning: <msg>\n" on stderr. */
void lmb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The last lmb_err() message of this process (without the prefix), or ""
 * (for the "# failed:" lines of a run: what the failure was).
 */
const char *lmb_last_error(void);
/* Progress line on stderr, only when stderr is a terminal. */
void lmb_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

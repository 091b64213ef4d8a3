/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System settings a run changes (sysfs / procfs files such as
 * /sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled), and the
 * promise to put every one of them back:
 *
 *  - on normal exit and exit() after an error (atexit handler);
 *  - on SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGABRT when the caller lets
 *    settings_catch_signals() install handlers, or calls
 *    settings_restore_signal_safe() from its own handler;
 *  - after SIGKILL or a crash: each change is first appended to a journal
 *    file; the next run's settings_init() finds the journal of a dead run
 *    and restores the values it recorded.
 *
 * The value of a "selector" file ("always inherit madvise [never]") is the
 * bracketed word; of any other file, its first line without blanks.
 */
#ifndef LMB_SYSFS_SETTINGS_H
#define LMB_SYSFS_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#define SETTINGS_MAX		32	/* changes one run can hold */
#define SETTINGS_PATH_MAX	256
#define SETTINGS_VALUE_MAX	64

/* Journal used when settings_init() gets NULL and $LMB_SETTINGS_JOURNAL is unset. */
#define SETTINGS_JOURNAL_DEFAULT "/run/lazymmu-bench-settings.journal"

enum settings_result {
	SETTINGS_OK = 0,
	SETTINGS_ERROR = -1,	/* message printed */
	SETTINGS_DENIED = 1,	/* no permission (EACCES/EPERM/EROFS): message
				 * printed, the caller skips the configuration
				 */
};

/*
 * Repair what a killed run left behind (journal of a dead process), then
 * arm the atexit handler.  @journal: NULL = $LMB_SETTINGS_JOURNAL or the
 * default.  Returns 0, or -1 (message) when a leftover journal could not be
 * applied.  Calling it again is a no-op.
 */
int settings_init(const char *journal);
/* Install restore-and-reraise handlers for the signals listed above. */
void settings_catch_signals(void);

/*
 * Write @value to @path, first recording the current value (only the first
 * change of a path is recorded, so the original survives repeated sets).
 * Writing the value the file already has changes nothing and records nothing.
 */
enum settings_result settings_set(const char *path, const char *value);

/* Current value of @path into @buf (see above); -1 + message on error. */
int settings_read(const char *path, char *buf, size_t cap);

/* Put back every recorded value (newest first), remove the journal.
 * Returns the number of values that could not be restored (messages).
 */
int settings_restore_all(void);
/* The same with only async-signal-safe calls and no messages. */
void settings_restore_signal_safe(void);

/* Number of changes currently recorded (not yet restored). */
size_t settings_pending(void);
/* Restore from @journal if the run that wrote it is gone.  0 = nothing to
 * do or done, 1 = its run is still alive (left alone), -1 = failed.
 */
int settings_recover(const char *journal);

/* The journal a run uses: $LMB_SETTINGS_JOURNAL or the default. */
const char *settings_journal_path(void);

/* What a journal holds, for `info` and `restore` (nothing is changed). */
struct settings_journal {
	enum {
		JOURNAL_NONE,		/* no journal: nothing to restore */
		JOURNAL_PENDING,	/* left by a killed run of this boot */
		JOURNAL_LIVE,		/* its run is still going */
		JOURNAL_OLD_BOOT,	/* of an earlier boot: sysfs was reset */
		JOURNAL_BAD,		/* unreadable or not a journal */
	} state;
	long pid;			/* the run that wrote it */
	size_t nr;			/* recorded settings */
	char path[SETTINGS_PATH_MAX];	/* the first of them and its */
	char value[SETTINGS_VALUE_MAX];	/* original value */
};
void settings_journal_inspect(const char *journal, struct settings_journal *j);

#endif

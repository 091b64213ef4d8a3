// SPDX-License-Identifier: GPL-2.0
/*
 * Save / set / restore system settings; see sysfs_settings.h.
 *
 * The list of changes lives in a static array so a signal handler can walk
 * it with open/write/close only.  The journal is plain text:
 *
 *   lazymmu-bench settings journal
 *   pid <pid> boot <boot_id>
 *   <path>\t<original value>
 *   ...
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array_size.h"
#include "log.h"
#include "sysfs_settings.h"

#define JOURNAL_MAGIC "lazymmu-bench settings journal"

struct setting {
	char path[SETTINGS_PATH_MAX];
	char value[SETTINGS_VALUE_MAX];	/* original value */
	volatile sig_atomic_t changed;	/* 1 until restored */
};

static struct setting settings[SETTINGS_MAX];
static volatile sig_atomic_t nr_settings;
static char journal_path[SETTINGS_PATH_MAX];
static int journal_fd = -1;
static bool initialised;
static volatile pid_t owner;	/* the process that made the changes */

static bool is_denied(int err)
{
	return err == EACCES || err == EPERM || err == EROFS;
}

/* The selected word of "a [b] c", else the first line trimmed. */
static int parse_value(const char *text, char *buf, size_t cap)
{
	const char *open = strchr(text, '['), *close, *start = text, *end;
	size_t len;

	close = open ? strchr(open, ']') : NULL;
	if (close) {
		start = open + 1;
		end = close;
	} else {
		while (*start == ' ' || *start == '\t')
			start++;
		end = start + strcspn(start, "\n");
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
	}
	len = (size_t)(end - start);
	if (!len || len >= cap)
		return -1;
	memcpy(buf, start, len);
	buf[len] = '\0';
	return 0;
}

int settings_read(const char *path, char *buf, size_t cap)
{
	char text[512];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		lmb_err("cannot read the setting %s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0) {
		lmb_err("cannot read the setting %s: %s", path, strerror(errno));
		return -1;
	}
	text[n] = '\0';
	if (parse_value(text, buf, cap)) {
		lmb_err("the setting %s holds '%.60s', which is empty or longer than %zu characters; this is not a file lazymmu-bench can save and restore",
			path, text, cap - 1);
		return -1;
	}
	return 0;
}

/* Returns 0, or the errno of the failed open/write. */
static int write_value(const char *path, const char *value)
{
	size_t len = strlen(value);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, value, len) != (ssize_t)len)
		err = errno ? errno : EIO;
	close(fd);
	return err;
}

static void read_boot_id(char *buf, size_t cap)
{
	if (settings_read("/proc/sys/kernel/random/boot_id", buf, cap))
		snprintf(buf, cap, "unknown");
}

static int journal_open(void)
{
	char head[256], id[64];
	int len;

	if (journal_fd >= 0)
		return 0;
	journal_fd = open(journal_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (journal_fd < 0) {
		if (errno == EEXIST && settings_recover(journal_path) == 0)
			journal_fd = open(journal_path,
					  O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (journal_fd < 0) {
			lmb_err("cannot create the settings journal %s: %s; another lazymmu-bench run may be changing system settings: wait for it, or set LMB_SETTINGS_JOURNAL to a writable file",
				journal_path, strerror(errno));
			return -1;
		}
	}
	read_boot_id(id, sizeof(id));
	len = snprintf(head, sizeof(head), "%s\npid %ld boot %s\n", JOURNAL_MAGIC,
		       (long)getpid(), id);
	if (write(journal_fd, head, (size_t)len) != len || fsync(journal_fd)) {
		lmb_err("cannot write the settings journal %s: %s", journal_path,
			strerror(errno));
		close(journal_fd);
		journal_fd = -1;
		unlink(journal_path);
		return -1;
	}
	return 0;
}

static int journal_append(const struct setting *s)
{
	char line[SETTINGS_PATH_MAX + SETTINGS_VALUE_MAX + 4];
	int len = snprintf(line, sizeof(line), "%s\t%s\n", s->path, s->value);

	if (write(journal_fd, line, (size_t)len) != len || fsync(journal_fd)) {
		lmb_err("cannot write the settings journal %s: %s; not changing %s",
			journal_path, strerror(errno), s->path);
		return -1;
	}
	return 0;
}

static struct setting *find_setting(const char *path)
{
	sig_atomic_t i;

	for (i = 0; i < nr_settings; i++)
		if (settings[i].changed && !strcmp(settings[i].path, path))
			return &settings[i];
	return NULL;
}

enum settings_result settings_set(const char *path, const char *value)
{
	char current[SETTINGS_VALUE_MAX];
	struct setting *s;
	int err;

	if (!initialised && settings_init(NULL))
		return SETTINGS_ERROR;
	if (strlen(path) >= SETTINGS_PATH_MAX || strlen(value) >= SETTINGS_VALUE_MAX ||
	    !*value || strchr(value, '\n') || strchr(path, '\t')) {
		lmb_err("cannot set %s to '%s': path or value too long or malformed",
			path, value);
		return SETTINGS_ERROR;
	}
	if (settings_read(path, current, sizeof(current)))
		return SETTINGS_ERROR;
	if (!strcmp(current, value))
		return SETTINGS_OK;
	s = find_setting(path);
	if (!s) {
		if (access(path, W_OK)) {
			if (is_denied(errno)) {
				lmb_warn("no permission to change %s (%s): run as root to use this configuration; skipping it",
					 path, strerror(errno));
				return SETTINGS_DENIED;
			}
		}
		if (nr_settings == SETTINGS_MAX) {
			lmb_err("cannot change %s: already %d settings changed in this run (the limit)",
				path, SETTINGS_MAX);
			return SETTINGS_ERROR;
		}
		if (journal_open())
			return SETTINGS_ERROR;
		s = &settings[nr_settings];
		snprintf(s->path, sizeof(s->path), "%s", path);
		snprintf(s->value, sizeof(s->value), "%s", current);
		if (journal_append(s))
			return SETTINGS_ERROR;
		s->changed = 1;
		owner = getpid();
		nr_settings++;	/* visible to a signal handler only when complete */
	}
	err = write_value(path, value);
	if (!err)
		return SETTINGS_OK;
	if (is_denied(err)) {
		lmb_warn("no permission to set %s to '%s' (%s): run as root to use this configuration; skipping it",
			 path, value, strerror(err));
		return SETTINGS_DENIED;
	}
	lmb_err("cannot set %s to '%s': %s; the kernel may not accept this value (see the file for the choices)",
		path, value, strerror(err));
	return SETTINGS_ERROR;
}

void settings_restore_signal_safe(void)
{
	sig_atomic_t i;

	/* a forked child (worker, fork storm) must not undo its parent's run */
	if (!nr_settings || getpid() != owner)
		return;
	for (i = nr_settings; i-- > 0;) {
		if (!settings[i].changed)
			continue;
		if (!write_value(settings[i].path, settings[i].value))
			settings[i].changed = 0;
	}
	for (i = 0; i < nr_settings; i++)
		if (settings[i].changed)
			return;	/* keep the journal for the next run */
	if (journal_fd >= 0) {
		close(journal_fd);
		journal_fd = -1;
		unlink(journal_path);
	}
}

int settings_restore_all(void)
{
	sig_atomic_t i;
	int failed = 0;

	if (nr_settings && getpid() != owner)
		return 0;
	settings_restore_signal_safe();
	for (i = 0; i < nr_settings; i++) {
		if (!settings[i].changed)
			continue;
		failed++;
		lmb_err("could not restore %s to '%s'; do it by hand (echo %s > %s); the journal %s keeps it for the next run",
			settings[i].path, settings[i].value, settings[i].value,
			settings[i].path, journal_path);
	}
	if (!failed)
		nr_settings = 0;
	return failed;
}

size_t settings_pending(void)
{
	sig_atomic_t i;
	size_t n = 0;

	for (i = 0; i < nr_settings; i++)
		n += settings[i].changed ? 1 : 0;
	return n;
}

static void restore_at_exit(void)
{
	settings_restore_all();
}

static void restore_and_reraise(int sig)
{
	settings_restore_signal_safe();
	signal(sig, SIG_DFL);
	raise(sig);
}

void settings_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_and_reraise;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static bool pid_alive(long pid)
{
	if (pid <= 0)
		return false;
	if (pid == (long)getpid())
		return false;	/* our own leftover cannot be running */
	return !kill((pid_t)pid, 0) || errno == EPERM;
}

/*
 * The next "path\tvalue" line of @f into @path and @value; 1 = got one,
 * 0 = end, -1 = an entry too long (message; the caller goes on).
 */
static int next_entry(FILE *f, const char *journal, char *path, char *value)
{
	char line[SETTINGS_PATH_MAX + SETTINGS_VALUE_MAX + 4];

	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');

		line[strcspn(line, "\n")] = '\0';
		if (!tab || !tab[1])
			continue;
		*tab = '\0';
		if (strlen(line) >= SETTINGS_PATH_MAX ||
		    strlen(tab + 1) >= SETTINGS_VALUE_MAX) {
			lmb_err("%s: entry '%.60s' is too long; restore it by hand",
				journal, line);
			return -1;
		}
		memcpy(path, line, strlen(line) + 1);
		memcpy(value, tab + 1, strlen(tab + 1) + 1);
		return 1;
	}
	return 0;
}

/* Apply the "path\tvalue" lines of @f, in reverse (oldest value wins). */
static int apply_journal(FILE *f, const char *journal)
{
	char (*paths)[SETTINGS_PATH_MAX] = NULL;
	char (*values)[SETTINGS_VALUE_MAX] = NULL;
	size_t n = 0, i;
	int failed = 0, got;

	paths = calloc(SETTINGS_MAX, sizeof(*paths));
	values = calloc(SETTINGS_MAX, sizeof(*values));
	if (!paths || !values) {
		free(paths);
		free(values);
		return -1;
	}
	while (n < SETTINGS_MAX &&
	       (got = next_entry(f, journal, paths[n], values[n])) != 0) {
		if (got < 0)
			failed++;
		else
			n++;
	}
	for (i = n; i-- > 0;) {
		int err = write_value(paths[i], values[i]);

		if (err) {
			lmb_err("a killed lazymmu-bench run changed %s; restoring its original value '%s' failed: %s; do it by hand, then remove %s",
				paths[i], values[i], strerror(err), journal);
			failed++;
		} else {
			lmb_warn("restored %s to '%s', left changed by a killed run (journal %s)",
				 paths[i], values[i], journal);
		}
	}
	free(paths);
	free(values);
	return failed ? -1 : 0;
}

/* The journal's first two lines: its run's pid and boot id; -1 if none. */
static int read_head(FILE *f, long *pid, char *jid)
{
	char magic[64];

	if (!fgets(magic, sizeof(magic), f) ||
	    strncmp(magic, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) ||
	    fscanf(f, "pid %ld boot %63s\n", pid, jid) != 2)
		return -1;
	return 0;
}

static bool same_boot(const char *jid)
{
	char id[64];

	read_boot_id(id, sizeof(id));
	return !strcmp(id, jid);
}

int settings_recover(const char *journal)
{
	char jid[64];
	long pid = 0;
	FILE *f = fopen(journal, "re");
	int ret = 0;

	if (!f)
		return errno == ENOENT ? 0 : -1;
	if (read_head(f, &pid, jid)) {
		fclose(f);
		lmb_err("%s is not a lazymmu-bench settings journal; remove it by hand",
			journal);
		return -1;
	}
	if (pid_alive(pid)) {
		fclose(f);
		return 1;
	}
	if (same_boot(jid))
		ret = apply_journal(f, journal);
	fclose(f);
	if (!ret && unlink(journal) && errno != ENOENT) {
		lmb_err("cannot remove the settings journal %s: %s", journal,
			strerror(errno));
		ret = -1;
	}
	return ret;
}

const char *settings_journal_path(void)
{
	const char *env = getenv("LMB_SETTINGS_JOURNAL");

	return env && *env ? env : SETTINGS_JOURNAL_DEFAULT;
}

void settings_journal_inspect(const char *journal, struct settings_journal *j)
{
	char jid[64], path[SETTINGS_PATH_MAX], value[SETTINGS_VALUE_MAX];
	FILE *f = fopen(journal, "re");
	int got;

	memset(j, 0, sizeof(*j));
	if (!f) {
		j->state = errno == ENOENT ? JOURNAL_NONE : JOURNAL_BAD;
		return;
	}
	if (read_head(f, &j->pid, jid)) {
		j->state = JOURNAL_BAD;
	} else if (pid_alive(j->pid)) {
		j->state = JOURNAL_LIVE;
	} else if (!same_boot(jid)) {
		j->state = JOURNAL_OLD_BOOT;
	} else {
		j->state = JOURNAL_PENDING;
		while ((got = next_entry(f, journal, path, value)) != 0) {
			if (got < 0)
				continue;
			if (!j->nr++) {
				memcpy(j->path, path, sizeof(j->path));
				memcpy(j->value, value, sizeof(j->value));
			}
		}
	}
	fclose(f);
}

int settings_init(const char *journal)
{
	if (initialised)
		return 0;
	if (!journal)
		journal = settings_journal_path();
	if (strlen(journal) >= sizeof(journal_path)) {
		lmb_err("settings journal path '%s' is too long", journal);
		return -1;
	}
	snprintf(journal_path, sizeof(journal_path), "%s", journal);
	if (settings_recover(journal_path) < 0)
		return -1;
	atexit(restore_at_exit);
	initialised = true;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs_settings: a setting changed by a run is back after a normal exit,
 * after SIGINT/SIGTERM, and (through the journal) after SIGKILL.  The
 * "sysfs" files are regular files in a temporary folder holding the same
 * "always inherit madvise [never]" text as the THP controls.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "sysfs_settings.h"

FIXTURE(tmp) {
	char dir[64];
	char knob[128];
	char other[128];
	char journal[128];
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

FIXTURE_SETUP(tmp)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/lmb-settings-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->knob, sizeof(self->knob), "%s/enabled", self->dir);
	snprintf(self->other, sizeof(self->other), "%s/other", self->dir);
	snprintf(self->journal, sizeof(self->journal), "%s/journal", self->dir);
	write_file(self->knob, "always inherit madvise [never]\n");
	write_file(self->other, "  42 \n");
}

FIXTURE_TEARDOWN(tmp)
{
	unlink(self->knob);
	unlink(self->other);
	unlink(self->journal);
	rmdir(self->dir);
}

TEST_F(tmp, read_selected_word_and_plain_value)
{
	char v[64];

	ASSERT_EQ(0, settings_read(self->knob, v, sizeof(v)));
	EXPECT_STREQ("never", v);
	ASSERT_EQ(0, settings_read(self->other, v, sizeof(v)));
	EXPECT_STREQ("42", v);
	EXPECT_EQ(-1, settings_read("/nonexistent/lmb/knob", v, sizeof(v)));
}

TEST_F(tmp, set_then_restore_all)
{
	char v[64];

	ASSERT_EQ(0, settings_init(self->journal));
	ASSERT_EQ(SETTINGS_OK, settings_set(self->knob, "madvise"));
	ASSERT_EQ(SETTINGS_OK, settings_set(self->knob, "always"));
	ASSERT_EQ(SETTINGS_OK, settings_set(self->other, "7"));
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("always", v);
	EXPECT_EQ(2, settings_pending());
	EXPECT_EQ(0, access(self->journal, F_OK));
	EXPECT_EQ(0, settings_restore_all());
	/* the original, not the intermediate "madvise" */
	ASSERT_EQ(0, settings_read(self->knob, v, sizeof(v)));
	EXPECT_STREQ("never", v);
	ASSERT_EQ(0, settings_read(self->other, v, sizeof(v)));
	EXPECT_STREQ("42", v);
	EXPECT_EQ(0, settings_pending());
	EXPECT_NE(0, access(self->journal, F_OK));
}

TEST_F(tmp, unchanged_value_records_nothing)
{
	ASSERT_EQ(0, settings_init(self->journal));
	ASSERT_EQ(SETTINGS_OK, settings_set(self->knob, "never"));
	EXPECT_EQ(0, settings_pending());
	EXPECT_NE(0, access(self->journal, F_OK));
}

/* Child: change the knob, tell the parent, wait to be signalled. */
static pid_t changer(const char *journal, const char *knob, bool catch, int *rd)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		/* never outlive the test, whatever it asserts */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(60);
		close(fds[0]);
		if (settings_init(journal) ||
		    settings_set(knob, "always") != SETTINGS_OK)
			_exit(3);
		if (catch)
			settings_catch_signals();
		if (write(fds[1], "x", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	close(fds[1]);
	*rd = fds[0];
	return pid;
}

static void signal_changer(struct __test_metadata *_metadata, const char *journal,
			   const char *knob, bool catch, int sig, int *status)
{
	char c, v[64];
	int rd = -1;
	pid_t pid = changer(journal, knob, catch, &rd);

	ASSERT_GT(pid, 0);
	if (read(rd, &c, 1) == 1)
		read_file(knob, v, sizeof(v));
	else
		v[0] = '\0';
	close(rd);
	ASSERT_EQ(0, kill(pid, sig));
	ASSERT_EQ(pid, waitpid(pid, status, 0));
	ASSERT_STREQ("always", v);	/* the child really had changed it */
}

TEST_F(tmp, sigint_restores)
{
	char v[64];
	int status;

	signal_changer(_metadata, self->journal, self->knob, true, SIGINT, &status);
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGINT, WTERMSIG(status));
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("never", v);
	EXPECT_NE(0, access(self->journal, F_OK));
}

TEST_F(tmp, sigterm_restores)
{
	char v[64];
	int status;

	signal_changer(_metadata, self->journal, self->knob, true, SIGTERM, &status);
	EXPECT_EQ(SIGTERM, WTERMSIG(status));
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("never", v);
}

TEST_F(tmp, sigkill_is_repaired_by_next_run)
{
	char v[64];
	int status;

	signal_changer(_metadata, self->journal, self->knob, false, SIGKILL, &status);
	read_file(self->knob, v, sizeof(v));
	ASSERT_STREQ("always", v);	/* nothing can run on SIGKILL */
	ASSERT_EQ(0, access(self->journal, F_OK));
	/* the next run */
	ASSERT_EQ(0, settings_init(self->journal));
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("never", v);
	EXPECT_NE(0, access(self->journal, F_OK));
}

TEST_F(tmp, inspect_says_what_a_killed_run_left)
{
	struct settings_journal j;
	char v[64];
	int status;

	settings_journal_inspect(self->journal, &j);
	EXPECT_EQ(JOURNAL_NONE, j.state);
	signal_changer(_metadata, self->journal, self->knob, false, SIGKILL, &status);
	settings_journal_inspect(self->journal, &j);
	EXPECT_EQ(JOURNAL_PENDING, j.state);
	EXPECT_EQ(1, j.nr);
	EXPECT_STREQ(self->knob, j.path);
	EXPECT_STREQ("never", j.value);
	EXPECT_GT(j.pid, 0);
	/* inspecting changes nothing */
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("always", v);
	EXPECT_EQ(0, access(self->journal, F_OK));
	EXPECT_EQ(0, settings_recover(self->journal));
	settings_journal_inspect(self->journal, &j);
	EXPECT_EQ(JOURNAL_NONE, j.state);
}

TEST_F(tmp, live_run_journal_is_left_alone)
{
	char c, v[64];
	int rd = -1, status;
	pid_t pid = changer(self->journal, self->knob, false, &rd);

	ASSERT_GT(pid, 0);
	EXPECT_EQ(1, read(rd, &c, 1));
	close(rd);
	EXPECT_EQ(1, settings_recover(self->journal));
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("always", v);
	/* a second run may not stack its changes on the live one's */
	ASSERT_EQ(0, settings_init(self->journal));
	EXPECT_EQ(SETTINGS_ERROR, settings_set(self->other, "9"));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	EXPECT_EQ(0, settings_recover(self->journal));
	read_file(self->knob, v, sizeof(v));
	EXPECT_STREQ("never", v);
}

TEST_F(tmp, no_permission_is_denied_not_error)
{
	int status;
	pid_t pid;

	if (geteuid() != 0)
		SKIP(return, "needs root to drop to another user");
	ASSERT_EQ(0, chmod(self->dir, 0755));
	ASSERT_EQ(0, chmod(self->knob, 0644));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(5);
		if (settings_init("/tmp/lmb-settings-nobody.journal"))
			_exit(6);
		_exit(settings_set(self->knob, "always") == SETTINGS_DENIED ? 0 : 7);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(tmp, bad_value_is_an_error)
{
	ASSERT_EQ(0, settings_init(self->journal));
	EXPECT_EQ(SETTINGS_ERROR, settings_set(self->knob, ""));
	EXPECT_EQ(SETTINGS_ERROR, settings_set(self->knob, "a\nb"));
	EXPECT_EQ(SETTINGS_ERROR, settings_set("/nonexistent/lmb/knob", "x"));
	EXPECT_EQ(0, settings_pending());
}

TEST_HARNESS_MAIN

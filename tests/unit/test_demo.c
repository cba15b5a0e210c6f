/* Unit tests of demo_clean(): what killed demos left in the temporary directory goes,
 * and nothing else does (live demos, symbolic links, other names, other shapes). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/cmd/demo.h"

static char root[512];

static void path(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/%s", root, rel);
}

static void make_dir(const char *rel, mode_t mode)
{
	char p[1024];
	path(p, sizeof(p), rel);
	assert_int_equal(mkdir(p, mode), 0);
	assert_int_equal(chmod(p, mode), 0);	/* past the umask */
}

static void make_file(const char *rel)
{
	char p[1024];
	FILE *f;
	path(p, sizeof(p), rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("data\n", f);
	fclose(f);
}

static void make_link(const char *target, const char *rel)
{
	char t[1024], p[1024];
	path(t, sizeof(t), target);
	path(p, sizeof(p), rel);
	assert_int_equal(symlink(t, p), 0);
}

static bool exists(const char *rel)
{
	char p[1024];
	struct stat st;
	path(p, sizeof(p), rel);
	return lstat(p, &st) == 0;
}

/* Sets the modification time of REL (not following a link) HOURS back. */
static void age(const char *rel, int hours)
{
	char p[1024];
	struct timespec t[2];
	path(p, sizeof(p), rel);
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= hours * 3600;
	t[1] = t[0];
	assert_int_equal(utimensat(AT_FDCWD, p, t, AT_SYMLINK_NOFOLLOW), 0);
}

static int remove_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(root, sizeof(root), "%s/kabinet-unit-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	return nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void removes_only_what_dead_demos_left(void **state)
{
	char p[1024];
	int held, n;

	/* Left over: a free lock (a killed demo), with a tree and a link out of it. */
	make_dir("kabinet-demo-dead", 0700);
	make_file("kabinet-demo-dead/lock");
	make_file("kabinet-demo-dead/kabinet.db");
	make_dir("kabinet-demo-dead/sub", 0700);
	make_file("kabinet-demo-dead/sub/file");
	make_dir("outside", 0700);
	make_file("outside/file");
	make_link("outside", "kabinet-demo-dead/out");
	/* Left over: no lock (a kabinet from before the locks), untouched for two hours. */
	make_dir("kabinet-demo-old", 0700);
	make_file("kabinet-demo-old/kabinetd.log");
	age("kabinet-demo-old/kabinetd.log", 2);
	age("kabinet-demo-old", 2);

	/* Kept: a live demo holds its lock. */
	make_dir("kabinet-demo-live", 0700);
	make_file("kabinet-demo-live/lock");
	path(p, sizeof(p), "kabinet-demo-live/lock");
	held = open(p, O_RDONLY | O_CLOEXEC);
	assert_true(held >= 0);
	assert_int_equal(flock(held, LOCK_EX), 0);
	/* Kept: no lock and recent (a demo between its directory and its lock), or old
	 * but with a file written lately (an old kabinet's demo still running). */
	make_dir("kabinet-demo-new", 0700);
	make_dir("kabinet-demo-busy", 0700);
	make_file("kabinet-demo-busy/kabinetd.log");
	age("kabinet-demo-busy", 2);
	/* Kept: a link to a directory shaped like a dead demo's, and that directory. */
	make_dir("target", 0700);
	make_file("target/lock");
	make_file("target/file");
	make_link("target", "kabinet-demo-link");
	/* Kept: a file of the name, a directory others may write into, another name. */
	make_file("kabinet-demo-file");
	make_dir("kabinet-demo-open", 0777);
	make_file("kabinet-demo-open/lock");
	make_dir("kabinet-other", 0700);
	make_file("kabinet-other/lock");
	/* Kept: a lock that is a link to a file. */
	make_dir("kabinet-demo-linklock", 0700);
	make_link("outside/file", "kabinet-demo-linklock/lock");

	n = demo_clean(root);
	assert_false(exists("kabinet-demo-dead"));
	assert_false(exists("kabinet-demo-old"));
	assert_true(exists("outside/file"));
	assert_true(exists("kabinet-demo-live/lock"));
	assert_true(exists("kabinet-demo-new"));
	assert_true(exists("kabinet-demo-busy/kabinetd.log"));
	assert_true(exists("kabinet-demo-link"));
	assert_true(exists("target/lock"));
	assert_true(exists("target/file"));
	assert_true(exists("kabinet-demo-file"));
	assert_true(exists("kabinet-demo-open/lock"));
	assert_true(exists("kabinet-other/lock"));
	assert_true(exists("kabinet-demo-linklock/lock"));
	assert_int_equal(n, 2);

	/* Once its owner lets go, the live demo's directory is a dead one. */
	close(held);
	assert_int_equal(demo_clean(root), 1);
	assert_false(exists("kabinet-demo-live"));
}

static void a_missing_directory_is_no_error(void **state)
{
	char p[1024];
	path(p, sizeof(p), "nonexistent");
	assert_int_equal(demo_clean(p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(removes_only_what_dead_demos_left, setup, teardown),
		cmocka_unit_test_setup_teardown(a_missing_directory_is_no_error, setup, teardown),
	};
	return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}

/* Unit tests of the drafts of support texts (drafts.h): a draft written and read back
 * whole (Cyrillic, newlines, quotes), its modes, one per request, another login's or
 * server's never read, an empty one removing the file, and files that are not
 * believed (cut, edited, too large, not UTF-8, of another request). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabinet/drafts.h"

#define SERVER "http://127.0.0.1:8480"
#define LOGIN "demo"

static char dir[] = "/tmp/kabinet-test-drafts-XXXXXX";

static int make_tmpdir(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_STATE_HOME", dir, 1);
	return 0;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void write_file(const char *path, const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	fclose(f);
}

static void round_trip(void **state)
{
	struct draft_key k;
	struct draft d = { .topic = "Счёт за октябрь", .account_id = "acc-1",
			   .text = "Первая строка\nвторая \"в кавычках\"\tи таб", .saved = 1765000000 };
	struct draft back;
	struct stat st;
	char *slash;

	(void)state;
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN, NULL), 0);
	assert_non_null(strstr(k.path, dir));
	assert_non_null(strstr(k.path, "/new.json"));
	assert_int_equal(draft_load(&k, &back), -1);	/* none yet */
	assert_int_equal(draft_save(&k, &d), 0);
	assert_int_equal(draft_load(&k, &back), 0);
	assert_string_equal(back.topic, d.topic);
	assert_string_equal(back.account_id, "acc-1");
	assert_string_equal(back.text, d.text);
	assert_int_equal(back.saved, 1765000000);
	draft_free(&back);
	assert_null(back.text);
	/* 0600 in a 0700 directory. */
	assert_int_equal(stat(k.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	slash = strrchr(k.path, '/');
	*slash = '\0';
	assert_int_equal(stat(k.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	*slash = '/';

	/* Saved again with nothing in it: the file goes. */
	d.topic[0] = '\0';
	d.text = " \n ";
	assert_int_equal(draft_save(&k, &d), 0);
	assert_int_equal(stat(k.path, &st), -1);
	assert_int_equal(draft_load(&k, &back), -1);
	/* Sent or discarded: removed, and removing again is no error. */
	d.text = "x";
	assert_int_equal(draft_save(&k, &d), 0);
	assert_int_equal(draft_remove(&k), 0);
	assert_int_equal(draft_remove(&k), 0);
	assert_int_equal(draft_load(&k, &back), -1);
}

/* A reply's draft is its request's: another request, a new request, another login
 * or server read none of it, even when its file is copied over theirs. */
static void one_per_request(void **state)
{
	struct draft_key r1, r2, fresh, other, srv;
	struct draft d = { .text = "Спасибо, жду." }, back;
	char cmd[20000];

	(void)state;
	assert_int_equal(draft_key_init(&r1, SERVER, LOGIN, "req1"), 0);
	assert_int_equal(draft_key_init(&r2, SERVER, LOGIN, "req2"), 0);
	assert_int_equal(draft_key_init(&fresh, SERVER, LOGIN, ""), 0);
	assert_int_equal(draft_key_init(&other, SERVER, "other", "req1"), 0);
	assert_int_equal(draft_key_init(&srv, "http://127.0.0.1:8481", LOGIN, "req1"), 0);
	assert_string_not_equal(r1.path, r2.path);
	assert_string_not_equal(r1.path, other.path);
	assert_string_not_equal(r1.path, srv.path);
	assert_int_equal(draft_save(&r1, &d), 0);
	assert_int_equal(draft_load(&r2, &back), -1);
	assert_int_equal(draft_load(&fresh, &back), -1);
	assert_int_equal(draft_load(&other, &back), -1);
	assert_int_equal(draft_load(&r1, &back), 0);
	assert_string_equal(back.text, "Спасибо, жду.");
	assert_string_equal(back.topic, "");
	draft_free(&back);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", r1.path, r2.path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(draft_load(&r2, &back), -1);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\" && cp '%s' '%s'", other.path,
		 r1.path, other.path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(draft_load(&other, &back), -1);
	assert_int_equal(draft_remove(&r1), 0);
	assert_int_equal(draft_remove(&r2), 0);
	assert_int_equal(draft_remove(&other), 0);
}

/* An id that cannot name a file keeps no draft. */
static void bad_keys(void **state)
{
	struct draft_key k;

	(void)state;
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN, "../etc"), -1);
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN, "a/b"), -1);
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN, ".hidden"), -1);
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN,
					"0123456789012345678901234567890123456789012345678901234567890123"),
			 -1);
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN, "req-1_a.b"), 0);
}

/* Files that do not read as a draft of this key are ignored, never believed. */
static void not_believed(void **state)
{
	struct draft_key k;
	struct draft d = { .topic = "t", .text = "good text" }, back;
	char good[4096], *big;
	FILE *f;
	size_t n;
	static const char *const bad[] = {
		"",
		"null",
		"[]",
		"{}",
		"{\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"requestId\":\"\","
		"\"topic\":\"t\",\"accountId\":\"\",\"text\":5,\"saved\":1765000000}",
		"{\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"requestId\":\"\","
		"\"topic\":\"t\",\"accountId\":\"\",\"text\":\"x\"}",
		"{\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"requestId\":\"\","
		"\"topic\":\"t\",\"accountId\":\"\",\"text\":\"x\",\"saved\":-1}",
		"{\"server\":\"" SERVER "\",\"login\":\"someone\",\"requestId\":\"\","
		"\"topic\":\"t\",\"accountId\":\"\",\"text\":\"x\",\"saved\":1765000000}",
		"{\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"requestId\":\"req1\","
		"\"topic\":\"t\",\"accountId\":\"\",\"text\":\"x\",\"saved\":1765000000}",
		"{\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"requestId\":\"\","
		"\"topic\":\"\",\"accountId\":\"\",\"text\":\"  \",\"saved\":1765000000}",
		"{\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"requestId\":\"\","
		"\"topic\":\"t\",\"accountId\":\"\",\"text\":\"\xff\xfe\",\"saved\":1765000000}",
	};

	(void)state;
	assert_int_equal(draft_key_init(&k, SERVER, LOGIN, NULL), 0);
	assert_int_equal(draft_save(&k, &d), 0);
	f = fopen(k.path, "rb");
	assert_non_null(f);
	n = fread(good, 1, sizeof(good) - 1, f);
	fclose(f);
	good[n] = '\0';
	/* Cut anywhere: not a draft. */
	for (size_t cut = 0; cut < n; cut += 7) {
		write_file(k.path, good, cut);
		assert_int_equal(draft_load(&k, &back), -1);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(k.path, bad[i], strlen(bad[i]));
		assert_int_equal(draft_load(&k, &back), -1);
	}
	/* Larger than any draft can be. */
	big = malloc(DRAFT_FILE_MAX + 2);
	assert_non_null(big);
	memset(big, ' ', DRAFT_FILE_MAX + 1);
	memcpy(big, good, n - 1);
	big[DRAFT_FILE_MAX] = '}';
	write_file(k.path, big, DRAFT_FILE_MAX + 1);
	free(big);
	assert_int_equal(draft_load(&k, &back), -1);
	/* And the good one still reads. */
	write_file(k.path, good, n);
	assert_int_equal(draft_load(&k, &back), 0);
	assert_string_equal(back.text, "good text");
	draft_free(&back);
	assert_int_equal(draft_remove(&k), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(one_per_request),
		cmocka_unit_test(bad_keys),
		cmocka_unit_test(not_believed),
	};
	return cmocka_run_group_tests_name("drafts", tests, make_tmpdir, remove_tmpdir);
}

/* Unit tests of the overview cache: what it writes and reads back, and every file it
 * must not believe (corrupt, another login's, open to others, too large, a symlink). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabinet/cache.h"

#define SERVER "http://127.0.0.1:8480"
#define LOGIN "demo"

static char dir[] = "/tmp/kabinet-test-cache-XXXXXX";

static int make_tmpdir(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_CACHE_HOME", dir, 1);
	return 0;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void sample(struct cache_view *v, struct account *items)
{
	memset(v, 0, sizeof(*v));
	memset(items, 0, 2 * sizeof(*items));
	snprintf(items[0].id, sizeof(items[0].id), "acc-1");
	snprintf(items[0].number, sizeof(items[0].number), "590000000001");
	snprintf(items[0].region, sizeof(items[0].region), "Пермский край");
	items[0].bal = (struct balance){ .known = true, .balance = -37480, .recommended = 92480,
					 .has_days_to_lock = true, .days_to_lock = 3,
					 .has_promised = true, .promised_amount = 50000,
					 .promised_expires = "2026-05-01T00:00:00Z" };
	snprintf(items[1].id, sizeof(items[1].id), "acc-2");
	snprintf(items[1].number, sizeof(items[1].number), "590000000002");
	items[1].credit = items[1].relative = true;
	v->accounts = (struct account_list){ .items = items, .n = 2 };
	v->taken = 1700000000;
	v->bonus_known = true;
	v->bonus = (struct bonus){ .active = true, .points = 1250, .level = "STANDARD",
				   .level_name = "Standard", .burning_points = 300,
				   .burning_date = "2027-01-31" };
	v->profile_known = true;
	snprintf(v->profile.last_name, sizeof(v->profile.last_name), "Иванов");
}

static char *cache_file(void)
{
	static char path[4200];

	assert_int_equal(cache_path(SERVER, LOGIN, path, sizeof(path)), 0);
	return path;
}

static void write_file(const char *text, mode_t mode)
{
	char kdir[4200];
	int fd;

	snprintf(kdir, sizeof(kdir), "%s/kabinet", dir);
	mkdir(kdir, 0700);
	unlink(cache_file());
	fd = open(cache_file(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void round_trip(void **state)
{
	struct cache_view v, back;
	struct account items[2];
	struct stat sb;

	(void)state;
	sample(&v, items);
	assert_int_equal(cache_save(SERVER, LOGIN, &v), 0);
	assert_int_equal(stat(cache_file(), &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(cache_load(SERVER, LOGIN, &back), CACHE_OK);
	assert_int_equal(back.taken, 1700000000);
	assert_int_equal(back.accounts.n, 2);
	assert_string_equal(back.accounts.items[0].region, "Пермский край");
	assert_true(back.accounts.items[0].bal.known);
	assert_int_equal(back.accounts.items[0].bal.balance, -37480);
	assert_int_equal(back.accounts.items[0].bal.days_to_lock, 3);
	assert_true(back.accounts.items[0].bal.has_promised);
	assert_string_equal(back.accounts.items[0].bal.promised_expires, "2026-05-01T00:00:00Z");
	assert_false(back.accounts.items[1].bal.known);
	assert_true(back.accounts.items[1].credit && back.accounts.items[1].relative);
	assert_true(back.bonus_known && back.bonus.active);
	assert_int_equal(back.bonus.points, 1250);
	assert_true(back.profile_known);
	assert_string_equal(back.profile.last_name, "Иванов");
	cache_view_free(&back);
	/* Another login or server has none. */
	assert_int_equal(cache_load(SERVER, "other", &back), CACHE_NONE);
	assert_int_equal(cache_load("http://127.0.0.1:8481", LOGIN, &back), CACHE_NONE);
	assert_int_equal(cache_forget(SERVER, LOGIN), 0);
	assert_int_equal(cache_load(SERVER, LOGIN, &back), CACHE_NONE);
	assert_int_equal(cache_forget(SERVER, LOGIN), 0);
}

static const char good[] =
	"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"" LOGIN "\",\"taken\":1700000000,"
	"\"accounts\":[{\"id\":\"a\",\"number\":\"590000000001\",\"region\":\"R\","
	"\"paymentSystem\":\"ADVANCE\",\"relation\":\"OWN\","
	"\"balance\":{\"balance\":100,\"recommended\":0}}]}";

static enum cache_status parse(const char *text)
{
	struct cache_view v;
	enum cache_status st = cache_parse(text, strlen(text), SERVER, LOGIN, &v);

	if (st == CACHE_OK)
		cache_view_free(&v);
	else
		assert_int_equal(v.accounts.n, 0);
	return st;
}

/* good[] with the first `from` replaced by `to`. */
static enum cache_status parse_with(const char *from, const char *to)
{
	char text[2048];
	const char *at = strstr(good, from);

	assert_non_null(at);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
	return parse(text);
}

static void bad_texts(void **state)
{
	(void)state;
	assert_int_equal(parse(good), CACHE_OK);
	assert_int_equal(parse(""), CACHE_BAD);
	assert_int_equal(parse("[]"), CACHE_BAD);
	assert_int_equal(parse("{\"version\":1,\"accounts\":[{\"id\":"), CACHE_BAD);
	/* Whose it is, and which version, from inside the file. */
	assert_int_equal(parse_with("\"version\":1", "\"version\":2"), CACHE_BAD);
	assert_int_equal(parse_with("\"login\":\"demo\"", "\"login\":\"other\""), CACHE_BAD);
	assert_int_equal(parse_with("\"server\":\"http", "\"server\":\"https"), CACHE_BAD);
	assert_int_equal(parse_with("\"taken\":1700000000", "\"taken\":0"), CACHE_BAD);
	assert_int_equal(parse_with("\"taken\":1700000000,", ""), CACHE_BAD);
	/* Fields: never cut, never a control character, money whole and in range. */
	assert_int_equal(parse_with("\"590000000001\"", "\"5900000000012345\""), CACHE_BAD);
	assert_int_equal(parse_with("\"region\":\"R\"", "\"region\":\"R\\u001b[2J\""), CACHE_BAD);
	assert_int_equal(parse_with("\"balance\":100", "\"balance\":1.5"), CACHE_BAD);
	assert_int_equal(parse_with("\"balance\":100", "\"balance\":1e300"), CACHE_BAD);
	assert_int_equal(parse_with("\"balance\":100", "\"balance\":\"100\""), CACHE_BAD);
	assert_int_equal(parse_with("\"ADVANCE\"", "\"BARTER\""), CACHE_BAD);
	assert_int_equal(parse_with("\"id\":\"a\"", "\"id\":\"\""), CACHE_BAD);
	assert_int_equal(parse_with("\"accounts\":[", "\"accounts\":[1,"), CACHE_BAD);
	/* The same account twice. */
	assert_int_equal(parse_with("}}]}", "}},{\"id\":\"a\",\"number\":\"1\",\"region\":\"\","
					     "\"paymentSystem\":\"CREDIT\",\"relation\":\"OWN\"}]}"),
			 CACHE_BAD);
	/* A NUL inside. */
	{
		struct cache_view v;
		assert_int_equal(cache_parse("{}\0{}", 5, SERVER, LOGIN, &v), CACHE_BAD);
	}
}

static void bad_files(void **state)
{
	struct cache_view v;
	struct stat sb;
	char target[4300];

	(void)state;
	/* Corrupt: ignored and removed. */
	write_file("{\"version\":1,", 0600);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_BAD);
	assert_int_equal(stat(cache_file(), &sb), -1);
	/* Good text, but readable by the group: ignored and removed. */
	write_file(good, 0640);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_BAD);
	assert_int_equal(stat(cache_file(), &sb), -1);
	/* Good and private: read. */
	write_file(good, 0600);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_OK);
	assert_int_equal(v.accounts.items[0].bal.balance, 100);
	cache_view_free(&v);
	/* Too large: not read at all, and removed. */
	assert_int_equal(truncate(cache_file(), (off_t)CACHE_MAX_BYTES + 1), 0);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_BAD);
	assert_int_equal(stat(cache_file(), &sb), -1);
	/* A symlink in its place is not followed, and goes. */
	snprintf(target, sizeof(target), "%s/elsewhere", dir);
	write_file(good, 0600);
	assert_int_equal(rename(cache_file(), target), 0);
	assert_int_equal(symlink(target, cache_file()), 0);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_BAD);
	assert_int_equal(lstat(cache_file(), &sb), -1);
	assert_int_equal(stat(target, &sb), 0);
	/* A directory others may write to: nothing in it is believed, nothing removed. */
	write_file(good, 0600);
	snprintf(target, sizeof(target), "%s/kabinet", dir);
	assert_int_equal(chmod(target, 0777), 0);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_UNSAFE);
	assert_int_equal(stat(cache_file(), &sb), 0);
	/* Writing makes it private again. */
	{
		struct cache_view w;
		struct account items[2];
		sample(&w, items);
		assert_int_equal(cache_save(SERVER, LOGIN, &w), 0);
	}
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(cache_load(SERVER, LOGIN, &v), CACHE_OK);
	cache_view_free(&v);
}

/* The cache is kept apart per server and login; HOME is the fallback. */
static void paths(void **state)
{
	char a[4200], b[4200], c[4200];

	(void)state;
	assert_int_equal(cache_path(SERVER, "ab", a, sizeof(a)), 0);
	assert_int_equal(cache_path(SERVER "a", "b", b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	assert_non_null(strstr(a, "/kabinet/overview-"));
	setenv("XDG_CACHE_HOME", "relative", 1);
	setenv("HOME", "/home/someone", 1);
	assert_int_equal(cache_path(SERVER, "ab", c, sizeof(c)), 0);
	assert_memory_equal(c, "/home/someone/.cache/kabinet/overview-", 38);
	setenv("XDG_CACHE_HOME", dir, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(bad_texts),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(paths),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

/* Unit tests of the money intents kept on disk (intents.h): what is written and read
 * back (and never a card number), the files that are not believed, the modes, the
 * lock that keeps another process off an intent in flight, and the sums. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kabinet/intents.h"

#define SERVER "http://127.0.0.1:8480"
#define LOGIN "demo"
#define KEY1 "0123456789abcdef0123456789abcdef"
#define KEY2 "fedcba9876543210fedcba9876543210"

static char dir[] = "/tmp/kabinet-test-intents-XXXXXX";

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

static struct intent payment(const char *key, time_t created)
{
	struct intent in = { .kind = INTENT_PAY, .created = created, .n = 2 };

	snprintf(in.key, sizeof(in.key), "%s", key);
	snprintf(in.card_mask, sizeof(in.card_mask), "2200 00** **** 0004");
	snprintf(in.items[0].account_id, sizeof(in.items[0].account_id), "acc-1");
	snprintf(in.items[0].number, sizeof(in.items[0].number), "590000000001");
	in.items[0].amount = 5500;
	snprintf(in.items[1].account_id, sizeof(in.items[1].account_id), "acc-3");
	snprintf(in.items[1].number, sizeof(in.items[1].number), "740000000003");
	in.items[1].amount = 150000;
	return in;
}

static void round_trip(void **state)
{
	struct intent_store s;
	struct intent in = payment(KEY1, 1765000000), back, *all;
	struct stat st;
	char path[4400];
	size_t n;

	(void)state;
	assert_int_equal(intent_store_init(&s, SERVER, LOGIN), 0);
	assert_non_null(strstr(s.dir, dir));
	assert_int_equal(intent_save(&s, &in), 0);
	assert_int_equal(intent_load(&s, KEY1, &back), 0);
	assert_memory_equal(&in, &back, sizeof(in));
	/* 0600 in a 0700 directory. */
	snprintf(path, sizeof(path), "%s/%s.json", s.dir, KEY1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(s.dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	/* A payment id once the server named one; an older second intent sorts first. */
	snprintf(in.payment_id, sizeof(in.payment_id), "pay123");
	assert_int_equal(intent_save(&s, &in), 0);
	back = payment(KEY2, 1764000000);
	back.kind = INTENT_TRANSFER;
	snprintf(back.from_id, sizeof(back.from_id), "acc-2");
	snprintf(back.from_number, sizeof(back.from_number), "590000000002");
	assert_int_equal(intent_save(&s, &back), 0);
	n = intent_load_all(&s, &all);
	assert_int_equal(n, 2);
	assert_string_equal(all[0].key, KEY2);
	assert_int_equal(all[0].kind, INTENT_TRANSFER);
	assert_string_equal(all[0].from_number, "590000000002");
	assert_string_equal(all[1].payment_id, "pay123");
	free(all);

	/* Settled: gone, and removing again is no error. */
	assert_int_equal(intent_remove(&s, KEY1), 0);
	assert_int_equal(intent_remove(&s, KEY1), 0);
	assert_int_equal(intent_load(&s, KEY1, &back), -1);
	assert_int_equal(intent_remove(&s, KEY2), 0);
	assert_int_equal(intent_load_all(&s, &all), 0);
	assert_null(all);
}

/* Another login's or server's intents are another directory, and a file moved across
 * is not believed. */
static void logins_apart(void **state)
{
	struct intent_store a, b, c;
	struct intent in = payment(KEY1, 1765000000), back;
	char from[4400], to[4400], cmd[20000];

	(void)state;
	assert_int_equal(intent_store_init(&a, SERVER, LOGIN), 0);
	assert_int_equal(intent_store_init(&b, SERVER, "other"), 0);
	assert_int_equal(intent_store_init(&c, "http://127.0.0.1:8481", LOGIN), 0);
	assert_string_not_equal(a.dir, b.dir);
	assert_string_not_equal(a.dir, c.dir);
	assert_int_equal(intent_save(&a, &in), 0);
	assert_int_equal(intent_load(&b, KEY1, &back), -1);
	snprintf(from, sizeof(from), "%s/%s.json", a.dir, KEY1);
	snprintf(to, sizeof(to), "%s/%s.json", b.dir, KEY1);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s' '%s'", b.dir, from, to);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(intent_load(&b, KEY1, &back), -1);
	assert_int_equal(intent_remove(&a, KEY1), 0);
	assert_int_equal(intent_remove(&b, KEY1), 0);
}

static void bad_texts(void **state)
{
	struct intent out;
	struct intent in = payment(KEY1, 1765000000);
	char *good = intent_format(&in, SERVER, LOGIN);
	static const char *const bad[] = {
		"",
		"null",
		"[]",
		"{\"version\":1}",
		/* another version */
		"{\"version\":2,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\",\"amount\":100}]}",
		/* a key that is no file name of ours */
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"../../x\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\",\"amount\":100}]}",
		/* an unknown method */
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"deleteEverything\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\",\"amount\":100}]}",
		/* a fraction, a negative amount, 2^53 + 2 */
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\",\"amount\":100.5}]}",
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\",\"amount\":-100}]}",
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\",\"amount\":9007199254740994}]}",
		/* a payment with no account; a control character in a number */
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[]}",
		"{\"version\":1,\"server\":\"" SERVER "\",\"login\":\"demo\",\"key\":\"" KEY1 "\","
		"\"method\":\"createPayment\",\"created\":1,\"paymentId\":\"\",\"cardMask\":\"\","
		"\"fromAccountId\":\"\",\"fromNumber\":\"\",\"items\":[{\"accountId\":\"a\","
		"\"number\":\"1\\u001b[2J\",\"amount\":100}]}",
	};

	(void)state;
	assert_non_null(good);
	assert_int_equal(intent_parse(good, SERVER, LOGIN, &out), 0);
	assert_int_equal(intent_parse(good, SERVER, "other", &out), -1);
	/* Cut anywhere, it does not read. */
	for (size_t cut = 0; cut < strlen(good); cut += 7) {
		char *part = strndup(good, cut);
		assert_int_equal(intent_parse(part, SERVER, LOGIN, &out), -1);
		free(part);
	}
	free(good);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(intent_parse(bad[i], SERVER, LOGIN, &out), -1);
}

/* What is written holds no card number, CVC or anything but the intent's words. */
static void nothing_secret(void **state)
{
	struct intent in = payment(KEY1, 1765000000);
	char *text = intent_format(&in, SERVER, LOGIN);

	(void)state;
	assert_non_null(text);
	assert_null(strstr(text, "pan"));
	assert_null(strstr(text, "cvc"));
	assert_null(strstr(text, "code"));
	assert_non_null(strstr(text, "2200 00** **** 0004"));
	free(text);
}

/* The lock: a second process cannot take an intent held by the first, and takes it
 * once the first is gone (killed: the kernel lets go). */
static void lock_between_processes(void **state)
{
	struct intent_store s;
	int fd, p[2];
	pid_t child;
	char c;

	(void)state;
	assert_int_equal(intent_store_init(&s, SERVER, LOGIN), 0);
	fd = intent_lock(&s, KEY1);
	assert_true(fd >= 0);
	assert_int_equal(pipe(p), 0);
	child = fork();
	if (child == 0) {
		int got = intent_lock(&s, KEY1);
		c = got < 0 && errno == EWOULDBLOCK ? 'b' : 'x';
		(void)!write(p[1], &c, 1);
		_exit(0);
	}
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(c, 'b');
	waitpid(child, NULL, 0);

	/* A holder killed with SIGKILL: the lock is free again. */
	intent_unlock(fd);
	child = fork();
	if (child == 0) {
		int got = intent_lock(&s, KEY2);
		(void)got;
		(void)!write(p[1], "h", 1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(intent_lock(&s, KEY2), -1);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	fd = intent_lock(&s, KEY2);
	assert_true(fd >= 0);
	intent_unlock(fd);
	close(p[0]);
	close(p[1]);
	/* No lock for what is no key of ours. */
	assert_int_equal(intent_lock(&s, "../../etc/passwd"), -1);
}

static void sums_and_overlaps(void **state)
{
	struct intent a = payment(KEY1, 1), b = payment(KEY2, 2);
	int64_t t;

	(void)state;
	assert_true(intent_total(&a, &t));
	assert_int_equal(t, 155500);
	a.items[1].amount = INT64_MAX;
	assert_false(intent_total(&a, &t));
	assert_true(intent_overlaps(&a, &b));
	snprintf(b.items[0].account_id, sizeof(b.items[0].account_id), "acc-9");
	b.n = 1;
	assert_false(intent_overlaps(&a, &b));
	/* A transfer from one of a's accounts touches it. */
	b.kind = INTENT_TRANSFER;
	snprintf(b.from_id, sizeof(b.from_id), "acc-3");
	assert_true(intent_overlaps(&a, &b));
	assert_string_equal(intent_method(INTENT_BONUS), "spendBonuses");
	assert_int_equal(intent_kind_of("activatePromisedPayment"), INTENT_PROMISED);
	assert_int_equal(intent_kind_of("getPayment"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(logins_apart),
		cmocka_unit_test(bad_texts),
		cmocka_unit_test(nothing_secret),
		cmocka_unit_test(lock_between_processes),
		cmocka_unit_test(sums_and_overlaps),
	};
	return cmocka_run_group_tests_name("intents", tests, make_tmpdir, remove_tmpdir);
}

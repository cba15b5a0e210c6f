/* API tests of money under concurrency: many payments to one account at once end with
 * the exact sum, replays and duplicate keys racing each other move money once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PAYERS 50
#define SAME_KEY_THREADS 20
#define CONFIRMERS 10

/* More server threads than cores, so that requests really overlap in SQLite; every
 * client here is 127.0.0.1, fifty at once, so without the per-address limit (test_guard
 * tests that). */
KD_GROUP(kd, "--threads", "8", "--max-per-address", "0");

/* One request made by one thread. cmocka's assertions belong to the main thread, so a
 * thread only records what it got. */
struct job {
	struct client c;
	pthread_barrier_t *start;
	const char *method;
	char body[512];
	long http;
	char status[32];
	char payment_id[64];
	char raw[256];
};

/* A client sharing the login of `from`: the cookies are copied into the new handle's
 * jar, so 50 threads need one argon2 login, not 50. */
static void client_clone(struct client *to, struct client *from)
{
	struct curl_slist *cookies = NULL;
	client_init(to, from->kd);
	curl_easy_getinfo(from->curl, CURLINFO_COOKIELIST, &cookies);
	for (struct curl_slist *it = cookies; it; it = it->next)
		curl_easy_setopt(to->curl, CURLOPT_COOKIELIST, it->data);
	curl_slist_free_all(cookies);
	snprintf(to->csrf, sizeof(to->csrf), "%s", from->csrf);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	struct resp r = { 0 };
	const char *s;

	pthread_barrier_wait(j->start);
	j->http = api(&j->c, &r, j->method, "%s", j->body);
	s = resp_str(&r, "status");
	snprintf(j->status, sizeof(j->status), "%s", s ? s : "");
	s = resp_str(&r, "paymentId");
	snprintf(j->payment_id, sizeof(j->payment_id), "%s", s ? s : "");
	snprintf(j->raw, sizeof(j->raw), "%s", r.raw ? r.raw : "");
	resp_free(&r);
	return NULL;
}

/* Runs n prepared jobs at once and waits for all of them. */
static void run_jobs(struct job *jobs, int n)
{
	pthread_t *threads = calloc((size_t)n, sizeof(*threads));
	pthread_barrier_t start;

	assert_non_null(threads);
	pthread_barrier_init(&start, NULL, (unsigned)n);
	for (int i = 0; i < n; i++) {
		jobs[i].start = &start;
		assert_int_equal(pthread_create(&threads[i], NULL, job_run, &jobs[i]), 0);
	}
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&start);
	free(threads);
}

static void assert_job(const struct job *j, const char *status)
{
	if (j->http != 200 || strcmp(j->status, status)) {
		print_message("expected 200 %s, got %ld: %s\n", status, j->http, j->raw);
		fail();
	}
}

static const char *demo_card(struct client *c)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *first;
	api(c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	first = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "cards"), 0);
	assert_non_null(first);
	snprintf(id, sizeof(id), "%s", cJSON_GetObjectItem(first, "cardId")->valuestring);
	resp_free(&r);
	return id;
}

static void payment_body(char *buf, size_t size, const char *key, const char *account,
			 int64_t amount, const char *card_id)
{
	int n = snprintf(buf, size,
			 "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\","
			 "\"amount\":%lld}],\"source\":{\"cardId\":\"%s\"}}",
			 key, account, (long long)amount, card_id);
	assert_true(n > 0 && (size_t)n < size);
}

static void fifty_payments_at_once_sum_exactly(void **state)
{
	static struct job jobs[PAYERS];
	static char keys[PAYERS][40], ids[PAYERS][64];
	struct client c;
	char acc[64], card[64];
	int64_t before, sum = 0;

	client_init(&c, &kd);
	client_login(&c, "demo", "Kabinet-2026");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(card, sizeof(card), "%s", demo_card(&c));
	before = account_balance(&c, acc);

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < PAYERS; i++) {
		snprintf(keys[i], sizeof(keys[i]), "%s", new_uuid());
		client_clone(&jobs[i].c, &c);
		jobs[i].method = "createPayment";
		payment_body(jobs[i].body, sizeof(jobs[i].body), keys[i], acc, 100 + i, card);
		sum += 100 + i;
	}
	run_jobs(jobs, PAYERS);
	for (int i = 0; i < PAYERS; i++) {
		assert_job(&jobs[i], "SUCCEEDED");
		snprintf(ids[i], sizeof(ids[i]), "%s", jobs[i].payment_id);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(ids[k], ids[i]);
	}
	assert_int_equal(account_balance(&c, acc), before + sum);

	/* The same 50 requests again, all at once: the first answers, no money moves. */
	for (int i = 0; i < PAYERS; i++) {
		jobs[i].http = 0;
		jobs[i].status[0] = jobs[i].payment_id[0] = '\0';
	}
	run_jobs(jobs, PAYERS);
	for (int i = 0; i < PAYERS; i++) {
		assert_job(&jobs[i], "SUCCEEDED");
		assert_string_equal(jobs[i].payment_id, ids[i]);
		client_free(&jobs[i].c);
	}
	assert_int_equal(account_balance(&c, acc), before + sum);
	client_free(&c);
}

static void one_key_from_twenty_threads_pays_once(void **state)
{
	static struct job jobs[SAME_KEY_THREADS];
	struct client c;
	char acc[64], card[64], key[40];
	int64_t before;

	client_init(&c, &kd);
	client_login(&c, "demo", "Kabinet-2026");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	snprintf(card, sizeof(card), "%s", demo_card(&c));
	snprintf(key, sizeof(key), "%s", new_uuid());
	before = account_balance(&c, acc);

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < SAME_KEY_THREADS; i++) {
		client_clone(&jobs[i].c, &c);
		jobs[i].method = "createPayment";
		payment_body(jobs[i].body, sizeof(jobs[i].body), key, acc, 4321, card);
	}
	run_jobs(jobs, SAME_KEY_THREADS);
	for (int i = 0; i < SAME_KEY_THREADS; i++) {
		assert_job(&jobs[i], "SUCCEEDED");
		assert_string_equal(jobs[i].payment_id, jobs[0].payment_id);
		client_free(&jobs[i].c);
	}
	assert_int_equal(account_balance(&c, acc), before + 4321);
	client_free(&c);
}

static void racing_confirmations_credit_once(void **state)
{
	static struct job jobs[CONFIRMERS];
	struct client c;
	struct resp r = { 0 };
	char acc[64], pay_id[64];
	char *code;
	int64_t before;

	client_init(&c, &kd);
	client_login(&c, "demo", "Kabinet-2026");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	before = account_balance(&c, acc);
	api(&c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":9900}],"
	    "\"source\":{\"card\":{\"pan\":\"4000000000000002\",\"expMonth\":12,\"expYear\":2030,"
	    "\"cvc\":\"123\"}}}", new_uuid(), acc);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "PENDING_3DS");
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	code = kd_outbox_code(&kd, "4000 00** **** 0002");
	assert_non_null(code);

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < CONFIRMERS; i++) {
		client_clone(&jobs[i].c, &c);
		jobs[i].method = "confirmPayment";
		snprintf(jobs[i].body, sizeof(jobs[i].body),
			 "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	}
	run_jobs(jobs, CONFIRMERS);
	for (int i = 0; i < CONFIRMERS; i++) {
		assert_job(&jobs[i], "SUCCEEDED");
		client_free(&jobs[i].c);
	}
	assert_int_equal(account_balance(&c, acc), before + 9900);
	free(code);
	resp_free(&r);
	client_free(&c);
}

/* Logins go to kabinetd's password workers with their connections suspended: twenty
 * at once, mixed with balance reads of an existing session, all get their answers —
 * right and wrong passwords alike — and each right one its own session. */
static void logins_in_a_burst_with_reads_between(void **state)
{
	enum { N = 24 };
	struct job *jobs = calloc(N, sizeof(*jobs));
	struct client demo;
	char account[64];

	assert_non_null(jobs);
	client_init(&demo, &kd);
	client_login(&demo, "demo", "Kabinet-2026");
	snprintf(account, sizeof(account), "%s", account_id_by_number(&demo, "590000000001"));
	for (int i = 0; i < N; i++) {
		if (i % 6 == 5) {
			client_clone(&jobs[i].c, &demo);
			jobs[i].method = "getAccountBalanceV2";
			snprintf(jobs[i].body, sizeof(jobs[i].body), "{\"accountId\":\"%s\"}", account);
		} else {
			client_init(&jobs[i].c, &kd);
			jobs[i].method = "login";
			snprintf(jobs[i].body, sizeof(jobs[i].body),
				 "{\"login\":\"other\",\"passwd\":\"%s\"}",
				 i % 6 == 4 ? "Wrong-2026" : "Kabinet-2026");
		}
	}
	run_jobs(jobs, N);
	for (int i = 0; i < N; i++) {
		if (i % 6 == 5) {
			if (jobs[i].http != 200 || !strstr(jobs[i].raw, "\"balance\":")) {
				print_message("balance read %d: %ld %s\n", i, jobs[i].http, jobs[i].raw);
				fail();
			}
		} else if (i % 6 == 4) {
			if (jobs[i].http != 401) {
				print_message("wrong password %d: %ld %s\n", i, jobs[i].http, jobs[i].raw);
				fail();
			}
		} else {
			struct resp r = { 0 };
			assert_job(&jobs[i], "OK");
			/* The session it got works. */
			api(&jobs[i].c, &r, "getProfile", "{}");
			assert_status(&r, 200);
			assert_string_equal(resp_str(&r, "login"), "other");
			resp_free(&r);
		}
		client_free(&jobs[i].c);
	}
	client_free(&demo);
	free(jobs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fifty_payments_at_once_sum_exactly),
		cmocka_unit_test(one_key_from_twenty_threads_pays_once),
		cmocka_unit_test(racing_confirmations_credit_once),
		cmocka_unit_test(logins_in_a_burst_with_reads_between),
	};
	return cmocka_run_group_tests_name("concurrency", tests, group_setup, group_teardown);
}

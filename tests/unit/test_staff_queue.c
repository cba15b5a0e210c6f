/* Unit tests of model_staff_queue.c: docs/api.md's queue page and request with its
 * messages, the waiting time in words, the bodies, and replies that must be refused (a
 * status not one of the four, the subscribers' RESOLVED, a negative or fractional
 * waiting time, an account number not of 12 digits, an assignee without a login, a
 * bad request after good ones, a thread without messages). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/staff_queue.h"

#define Q1 "{\"requestId\":\"rq1\",\"topic\":\"Не работает IPTV\",\"status\":\"NEW\"," \
	"\"subscriberName\":\"Иванов Пётр Сергеевич\",\"accountNumber\":\"590000000001\"," \
	"\"createdAt\":\"2026-11-20T09:12:00Z\",\"waitingSeconds\":7500,\"assignee\":null}"
#define Q2 "{\"requestId\":\"rq2\",\"topic\":\"Счёт\",\"status\":\"WAITING_FOR_SUBSCRIBER\"," \
	"\"subscriberName\":\"Петрова\",\"accountNumber\":null," \
	"\"createdAt\":\"2026-11-19T09:12:00Z\",\"waitingSeconds\":null," \
	"\"assignee\":{\"login\":\"support1\",\"name\":\"Орлова Елена\"}}"
/* A queue's object with field F replaced: "%s" where the row takes it. */
#define ROW "{\"requestId\":\"rq1\",\"topic\":\"T\",\"status\":%s,\"subscriberName\":\"N\"," \
	"\"accountNumber\":%s,\"createdAt\":\"2026-11-20T09:12:00Z\",\"waitingSeconds\":%s," \
	"\"assignee\":%s}"

static void page(void **state)
{
	struct staff_queue_page p;
	struct model_err err;
	char age[64];

	(void)state;
	assert_int_equal(model_parse_staff_queue("{\"requests\":[" Q1 "," Q2 "],\"nextCursor\":\"c2\"}",
						 &p, &err), MODEL_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.next_cursor, "c2");
	assert_string_equal(p.items[0].id, "rq1");
	assert_string_equal(p.items[0].topic, "Не работает IPTV");
	assert_int_equal(p.items[0].status, SRQ_NEW);
	assert_string_equal(p.items[0].subscriber, "Иванов Пётр Сергеевич");
	assert_string_equal(p.items[0].account_number, "590000000001");
	assert_string_equal(p.items[0].created_at, "2026-11-20T09:12:00Z");
	assert_true(p.items[0].waiting);
	assert_int_equal(p.items[0].waiting_seconds, 7500);
	assert_string_equal(p.items[0].assignee_login, "");
	assert_null(p.items[0].msgs);
	staff_req_age(&p.items[0], 0, age, sizeof(age));
	assert_string_equal(age, "2 h 5 min");
	assert_int_equal(p.items[1].status, SRQ_WAITING);
	assert_string_equal(p.items[1].account_number, "");
	assert_false(p.items[1].waiting);
	assert_string_equal(p.items[1].assignee_login, "support1");
	assert_string_equal(p.items[1].assignee_name, "Орлова Елена");
	staff_req_age(&p.items[1], 0, age, sizeof(age));
	assert_string_equal(age, "answered");
	model_free_staff_queue(&p);

	assert_int_equal(model_parse_staff_queue("{\"requests\":[]}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next_cursor, "");
	model_free_staff_queue(&p);
}

static void thread(void **state)
{
	struct staff_request r, moved;
	struct model_err err;
	const char *json =
		"{\"requestId\":\"rq1\",\"topic\":\"T\",\"status\":\"IN_PROGRESS\",\"subscriberName\":\"N\","
		"\"accountNumber\":\"590000000001\",\"createdAt\":\"2026-11-20T09:12:00Z\","
		"\"waitingSeconds\":null,\"assignee\":null,\"accountId\":\"acc1\",\"messages\":["
		"{\"from\":\"USER\",\"at\":\"2026-11-20T09:12:00Z\",\"text\":\"a\\nb\"},"
		"{\"from\":\"SUPPORT\",\"at\":\"2026-11-20T10:12:00Z\",\"text\":\"c\","
		"\"author\":\"Орлова Елена\"}]}";
	char *bad;

	(void)state;
	assert_int_equal(model_parse_staff_request(json, &r, &err), MODEL_OK);
	assert_string_equal(r.account_id, "acc1");
	assert_int_equal(r.nmsgs, 2);
	assert_string_equal(r.msgs[0].text, "a\nb");
	assert_true(r.msgs[1].support);
	assert_string_equal(r.msgs[1].author, "Орлова Елена");
	model_move_staff_request(&moved, &r);
	assert_null(r.msgs);
	assert_int_equal(moved.nmsgs, 2);
	model_free_staff_request(&moved);
	model_free_staff_request(&r);

	/* A thread without its messages is a bad reply (a queue's row is not a thread). */
	assert_int_equal(model_parse_staff_request(Q1, &r, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "messages"));
	/* A message from nobody. */
	bad = strdup(json);
	memcpy(strstr(bad, "USER"), "USSR", 4);
	assert_int_equal(model_parse_staff_request(bad, &r, &err), MODEL_BAD);
	free(bad);
}

static void bad_replies(void **state)
{
	static const char *const rows[][4] = {
		{ "\"RESOLVED\"", "null", "null", "null" },
		{ "\"new\"", "null", "null", "null" },
		{ "7", "null", "null", "null" },
		{ "\"NEW\"", "\"59000000001\"", "null", "null" },
		{ "\"NEW\"", "\"59000000000x\"", "null", "null" },
		{ "\"NEW\"", "null", "-1", "null" },
		{ "\"NEW\"", "null", "1.5", "null" },
		{ "\"NEW\"", "null", "\"60\"", "null" },
		{ "\"NEW\"", "null", "null", "\"support1\"" },
		{ "\"NEW\"", "null", "null", "{\"name\":\"X\"}" },
		{ "\"NEW\"", "null", "null", "{\"login\":\"a\\u0007b\",\"name\":\"X\"}" },
		{ "\"NEW\"", "null", "null", "{\"login\":\"a\",\"name\":5}" },
	};
	char json[1024], row[768];
	struct staff_queue_page p;
	struct model_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		snprintf(row, sizeof(row), ROW, rows[i][0], rows[i][1], rows[i][2], rows[i][3]);
		/* After a good one: nothing is kept of it either. */
		snprintf(json, sizeof(json), "{\"requests\":[" Q1 ",%s]}", row);
		assert_int_equal(model_parse_staff_queue(json, &p, &err), MODEL_BAD);
		assert_null(p.items);
		assert_int_equal(p.n, 0);
	}
	snprintf(row, sizeof(row), ROW, "\"CLOSED\"", "null", "0", "{\"login\":\"a\",\"name\":\"X\"}");
	snprintf(json, sizeof(json), "{\"requests\":[%s]}", row);
	assert_int_equal(model_parse_staff_queue(json, &p, &err), MODEL_OK);
	assert_int_equal(p.items[0].status, SRQ_CLOSED);
	assert_true(p.items[0].waiting);
	model_free_staff_queue(&p);
	assert_int_equal(model_parse_staff_queue("{\"requests\":{}}", &p, &err), MODEL_BAD);
	assert_int_equal(model_parse_staff_queue("[]", &p, &err), MODEL_BAD);
}

static void ages(void **state)
{
	struct staff_request r = { .waiting = true };
	char age[64];
	static const struct {
		int64_t s;
		const char *words;
	} cases[] = {
		{ 0, "under a minute" }, { 59, "under a minute" }, { 60, "1 min" },
		{ 3599, "59 min" }, { 3600, "1 h 0 min" }, { 86399, "23 h 59 min" },
		{ 86400, "1 d 0 h" }, { 90061, "1 d 1 h" }, { 9007199254740991LL, "104249991374 d 7 h" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r.waiting_seconds = cases[i].s;
		staff_req_age(&r, 0, age, sizeof(age));
		assert_string_equal(age, cases[i].words);
	}
	/* The wait counts up from the server's figure; a clock gone back adds nothing. */
	r.waiting_seconds = 3540;
	staff_req_age(&r, 125, age, sizeof(age));
	assert_string_equal(age, "1 h 1 min");
	staff_req_age(&r, -30, age, sizeof(age));
	assert_string_equal(age, "59 min");
}

static void bodies(void **state)
{
	char *b;

	(void)state;
	b = model_body_staff_queue(50, "c2");
	assert_string_equal(b, "{\"limit\":50,\"cursor\":\"c2\"}");
	free(b);
	b = model_body_staff_status("rq1", SRQ_WAITING);
	assert_string_equal(b, "{\"requestId\":\"rq1\",\"status\":\"WAITING_FOR_SUBSCRIBER\"}");
	free(b);
	b = model_body_staff_status("rq1", SRQ_CLOSED);
	assert_string_equal(b, "{\"requestId\":\"rq1\",\"status\":\"CLOSED\"}");
	free(b);
	assert_string_equal(staff_req_status_code(SRQ_IN_PROGRESS), "IN_PROGRESS");
	assert_string_equal(staff_req_status_name(SRQ_WAITING), "waiting for the subscriber");
	assert_string_equal(staff_req_status_code(SRQ_STATUS_COUNT), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page),
		cmocka_unit_test(thread),
		cmocka_unit_test(bad_replies),
		cmocka_unit_test(ages),
		cmocka_unit_test(bodies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

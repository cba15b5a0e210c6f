/* Unit tests of model_support.c: docs/api.md's requests, the thread of one, the
 * bodies, the counts of characters, and replies that must be refused (a status the API
 * does not list, a sender that is nobody, an instant that is no instant, a cursor too
 * long, a message that is no object, a bad request or message after good
 * ones). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/support.h"

#define REQ1 "{\"requestId\":\"req1\",\"createdAt\":\"2026-11-17T02:08:45Z\"," \
	"\"topic\":\"Низкая скорость интернета\",\"status\":\"IN_PROGRESS\",\"accountId\":\"acc1\"," \
	"\"messages\":[{\"from\":\"USER\",\"at\":\"2026-11-17T02:08:45Z\",\"text\":\"Добрый день!\\nСтрока\"}," \
	"{\"from\":\"SUPPORT\",\"at\":\"2026-11-17T05:08:45Z\",\"text\":\"Здравствуйте\"}]}"

static void page(void **state)
{
	struct request_page p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_requests("{\"requests\":[" REQ1 "],\"nextCursor\":\"c2\"}", &p, &err),
			 MODEL_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.next_cursor, "c2");
	assert_string_equal(p.items[0].id, "req1");
	assert_string_equal(p.items[0].topic, "Низкая скорость интернета");
	assert_int_equal(p.items[0].status, REQ_IN_PROGRESS);
	assert_string_equal(p.items[0].account_id, "acc1");
	assert_int_equal(p.items[0].nmsgs, 2);
	assert_false(p.items[0].msgs[0].support);
	assert_true(p.items[0].msgs[1].support);
	assert_string_equal(p.items[0].msgs[0].text, "Добрый день!\nСтрока");
	assert_string_equal(req_last_at(&p.items[0]), "2026-11-17T05:08:45Z");
	assert_true(req_last_from_support(&p.items[0]));
	assert_string_equal(p.items[0].msgs[1].author, "");
	model_free_requests(&p);

	assert_int_equal(model_parse_requests("{\"requests\":[]}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next_cursor, "");
	model_free_requests(&p);
}

/* A SUPPORT message written through the staff API names its author; a USER message's
 * author is not read; an author that is no string is a bad reply. */
static void authors(void **state)
{
	struct request r;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_request(
				 "{\"requestId\":\"r3\",\"createdAt\":\"2026-11-17T02:08:45Z\","
				 "\"topic\":\"T\",\"status\":\"NEW\",\"accountId\":null,\"messages\":["
				 "{\"from\":\"USER\",\"at\":\"2026-11-17T02:08:45Z\",\"text\":\"a\",\"author\":\"X\"},"
				 "{\"from\":\"SUPPORT\",\"at\":\"2026-11-17T03:08:45Z\",\"text\":\"b\","
				 "\"author\":\"Орлова Елена\"}]}", &r, &err), MODEL_OK);
	assert_string_equal(r.msgs[0].author, "");
	assert_string_equal(r.msgs[1].author, "Орлова Елена");
	model_free_request(&r);
	assert_int_equal(model_parse_request(
				 "{\"requestId\":\"r3\",\"createdAt\":\"2026-11-17T02:08:45Z\","
				 "\"topic\":\"T\",\"status\":\"NEW\",\"accountId\":null,\"messages\":["
				 "{\"from\":\"SUPPORT\",\"at\":\"2026-11-17T03:08:45Z\",\"text\":\"b\","
				 "\"author\":7}]}", &r, &err), MODEL_BAD);
}

static void one(void **state)
{
	struct request r, moved;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_request(
				 "{\"requestId\":\"r2\",\"createdAt\":\"2026-11-17T02:08:45.123+03:00\","
				 "\"topic\":\"T\",\"status\":\"NEW\",\"accountId\":null,\"messages\":[]}",
				 &r, &err),
			 MODEL_OK);
	assert_string_equal(r.account_id, "");
	assert_int_equal(r.nmsgs, 0);
	assert_string_equal(req_last_at(&r), "2026-11-17T02:08:45.123+03:00");
	assert_false(req_last_from_support(&r));
	model_move_request(&moved, &r);
	assert_null(r.msgs);
	model_free_request(&moved);
	model_free_request(&r);
}

static void bad_replies(void **state)
{
	static const char *const bad[] = {
		"[]",
		"{\"requests\":{}}",
		"{\"requests\":[1]}",
		"{\"requests\":[{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\",\"topic\":\"T\","
		"\"status\":\"WAITING\",\"messages\":[]}]}",
		"{\"requests\":[{\"requestId\":\"r\",\"createdAt\":\"yesterday\",\"topic\":\"T\","
		"\"status\":\"NEW\",\"messages\":[]}]}",
		"{\"requests\":[{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\",\"topic\":\"T\","
		"\"status\":\"NEW\",\"messages\":[{\"from\":\"ADMIN\",\"at\":\"2026-11-17T02:08:45Z\","
		"\"text\":\"x\"}]}]}",
		"{\"requests\":[{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\",\"topic\":\"T\","
		"\"status\":\"NEW\",\"messages\":[{\"from\":\"USER\",\"at\":\"2026-11-17T02:08:45Z\","
		"\"text\":5}]}]}",
		"{\"requests\":[{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\",\"topic\":\"T\","
		"\"status\":\"NEW\",\"messages\":[\"hi\"]}]}",
		"{\"requests\":[{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\",\"topic\":\"T\","
		"\"status\":\"NEW\"}]}",
		"{\"requests\":[{\"createdAt\":\"2026-11-17T02:08:45Z\",\"topic\":\"T\","
		"\"status\":\"NEW\",\"messages\":[]}]}",
		"{\"requests\":[],\"nextCursor\":5}",
		/* A bad request, and a bad message, after good ones: all let go. */
		"{\"requests\":[" REQ1 "," REQ1 ",5]}",
		"{\"requests\":[" REQ1 ",{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\","
		"\"topic\":\"T\",\"status\":\"NEW\",\"messages\":[{\"from\":\"USER\","
		"\"at\":\"2026-11-17T02:08:45Z\",\"text\":\"a\"},{\"from\":\"NOBODY\"}]}]}",
	};
	struct request_page p;
	struct request r;
	struct model_err err;
	char cursor[400];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(model_parse_requests(bad[i], &p, &err), MODEL_BAD);
		assert_null(p.items);
		assert_true(err.msg[0] != '\0');
	}
	memset(cursor, 'c', sizeof(cursor));
	memcpy(cursor, "{\"requests\":[],\"nextCursor\":\"", 29);
	strcpy(cursor + sizeof(cursor) - 3, "\"}");
	assert_int_equal(model_parse_requests(cursor, &p, &err), MODEL_BAD);
	assert_int_equal(model_parse_request("{\"requestId\":\"r\",\"createdAt\":\"2026-11-17T02:08:45Z\","
					     "\"topic\":\"T\",\"status\":\"closed\",\"messages\":[]}",
					     &r, &err),
			 MODEL_BAD);
	assert_non_null(strstr(err.msg, "status"));
	assert_int_equal(model_parse_request("not json", &r, &err), MODEL_BAD);
}

static void bodies(void **state)
{
	char *b;

	(void)state;
	b = model_body_requests(50, "abc");
	assert_string_equal(b, "{\"limit\":50,\"cursor\":\"abc\"}");
	free(b);
	b = model_body_requests(0, NULL);
	assert_string_equal(b, "{}");
	free(b);
	b = model_body_create_request("Тема", NULL, "Строка 1\nСтрока 2");
	assert_string_equal(b, "{\"topic\":\"Тема\",\"text\":\"Строка 1\\nСтрока 2\"}");
	free(b);
	b = model_body_create_request("T", "acc1", "x");
	assert_non_null(strstr(b, "\"accountId\":\"acc1\""));
	free(b);
	b = model_body_request_message("req1", "\"quoted\"");
	assert_string_equal(b, "{\"requestId\":\"req1\",\"text\":\"\\\"quoted\\\"\"}");
	free(b);
	b = model_body_request_id("req1");
	assert_string_equal(b, "{\"requestId\":\"req1\"}");
	free(b);
}

static void counting(void **state)
{
	(void)state;
	assert_int_equal(support_chars("абв"), 3);
	assert_int_equal(support_chars("a\nб"), 3);
	assert_int_equal(support_chars(""), 0);
	assert_int_equal(support_chars("\xff" "a"), 2);
	assert_true(support_blank(" \t\n"));
	assert_true(support_blank(""));
	assert_false(support_blank(" ж "));
	assert_string_equal(req_status_code(REQ_RESOLVED), "RESOLVED");
	assert_string_equal(req_status_name(REQ_CLOSED), "closed");
}

/* A topic is held as long as it came: the API's 200 characters, 4 bytes each, come
 * whole, a longer one is a bad reply; a request refused after its topic was read
 * leaves nothing behind (the sanitizer build's leak check). */
static void topics_are_whole_or_bad(void **state)
{
	char topic[SUPPORT_TOPIC_BYTES + 2], json[2048];
	const char *row = "{\"requests\":[{\"requestId\":\"r1\",\"createdAt\":\"2026-11-17T02:08:45Z\","
			  "\"topic\":\"%s\",\"status\":\"%s\",\"accountId\":null,\"messages\":[]}]}";
	struct request_page p;
	struct model_err err;

	(void)state;
	memset(topic, 'x', SUPPORT_TOPIC_BYTES);
	topic[SUPPORT_TOPIC_BYTES] = '\0';
	snprintf(json, sizeof(json), row, topic, "NEW");
	assert_int_equal(model_parse_requests(json, &p, &err), MODEL_OK);
	assert_string_equal(p.items[0].topic, topic);
	model_free_requests(&p);
	snprintf(json, sizeof(json), row, "", "NEW");
	assert_int_equal(model_parse_requests(json, &p, &err), MODEL_OK);
	assert_string_equal(p.items[0].topic, "");
	model_free_requests(&p);
	snprintf(json, sizeof(json), row, topic, "SOMETIME");
	assert_int_equal(model_parse_requests(json, &p, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "status"));
	strcat(topic, "x");
	snprintf(json, sizeof(json), row, topic, "NEW");
	assert_int_equal(model_parse_requests(json, &p, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "topic is longer than 807 bytes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page),
		cmocka_unit_test(topics_are_whole_or_bad),
		cmocka_unit_test(one),
		cmocka_unit_test(authors),
		cmocka_unit_test(bad_replies),
		cmocka_unit_test(bodies),
		cmocka_unit_test(counting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* API tests of support requests: the seeded conversation, creating requests, text
 * limits counted in characters, replies, closing, paging and authorization. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"
#define SEEDED_TOPIC "Низкая скорость интернета"

KD_GROUP(kd);

/* "2026-11-22T10:00:00Z" */
static void assert_instant(const char *s)
{
	if (strlen(s) != 20 || s[4] != '-' || s[10] != 'T' || s[19] != 'Z') {
		print_message("not an RFC 3339 UTC instant: \"%s\"\n", s);
		fail();
	}
}

/* n copies of a UTF-8 character, malloc'ed. */
static char *repeat(const char *ch, size_t n)
{
	size_t len = strlen(ch);
	char *s = malloc(len * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, ch, len);
	s[len * n] = '\0';
	return s;
}

static const cJSON *find_topic(const struct resp *r, const char *topic)
{
	const cJSON *req;
	cJSON_ArrayForEach(req, json_get(r->json, "requests"))
		if (!strcmp(json_str(req, "topic"), topic))
			return req;
	return NULL;
}

/* Creates a request (asserting success) and copies its id. */
static void create(struct client *c, const char *topic, const char *text, char *id, size_t size)
{
	struct resp r = { 0 };
	api(c, &r, "createRequest", "{\"topic\":\"%s\",\"text\":\"%s\"}", topic, text);
	assert_status(&r, 200);
	snprintf(id, size, "%s", resp_str(&r, "requestId"));
	assert_true(id[0] != '\0');
	resp_free(&r);
}

static void seeded_request_listed(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *req, *msgs, *m;
	char acc1[64], id[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	api(&c, &r, "getRequests", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "requests")), 1);
	assert_null(cJSON_GetObjectItemCaseSensitive(r.json, "nextCursor"));
	req = find_topic(&r, SEEDED_TOPIC);
	assert_non_null(req);
	snprintf(id, sizeof(id), "%s", json_str(req, "requestId"));
	assert_string_equal(json_str(req, "status"), "IN_PROGRESS");
	assert_string_equal(json_str(req, "accountId"), acc1);
	assert_instant(json_str(req, "createdAt"));
	msgs = json_get(req, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	m = cJSON_GetArrayItem(msgs, 0);
	assert_string_equal(json_str(m, "from"), "USER");
	assert_instant(json_str(m, "at"));
	assert_true(strlen(json_str(m, "text")) > 0);
	m = cJSON_GetArrayItem(msgs, 1);
	assert_string_equal(json_str(m, "from"), "SUPPORT");
	assert_true(strcmp(json_str(cJSON_GetArrayItem(msgs, 0), "at"), json_str(m, "at")) < 0);

	api(&c, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "requestId"), id);
	assert_string_equal(resp_str(&r, "topic"), SEEDED_TOPIC);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "messages"), 1), "from"),
			    "SUPPORT");
	resp_free(&r);
	client_free(&c);
}

static void create_with_and_without_account(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *m;
	char acc2[64], id[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc2, sizeof(acc2), "%s", account_id_by_number(&c, "590000000002"));
	api(&c, &r, "createRequest",
	    "{\"topic\":\"Не приходят SMS\",\"text\":\"С утра не приходят SMS.\\nТелефон "
	    "перезагружал.\",\"accountId\":\"%s\"}", acc2);
	assert_status(&r, 200);
	snprintf(id, sizeof(id), "%s", resp_str(&r, "requestId"));
	assert_string_equal(resp_str(&r, "status"), "NEW");
	assert_string_equal(resp_str(&r, "topic"), "Не приходят SMS");
	assert_string_equal(resp_str(&r, "accountId"), acc2);
	assert_instant(resp_str(&r, "createdAt"));
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 1);
	m = cJSON_GetArrayItem(json_get(r.json, "messages"), 0);
	assert_string_equal(json_str(m, "from"), "USER");
	assert_string_equal(json_str(m, "text"), "С утра не приходят SMS.\nТелефон перезагружал.");
	assert_string_equal(json_str(m, "at"), resp_str(&r, "createdAt"));

	/* Newest first. */
	api(&c, &r, "getRequests", "{}");
	assert_string_equal(
		json_str(cJSON_GetArrayItem(json_get(r.json, "requests"), 0), "requestId"), id);

	api(&c, &r, "createRequest", "{\"topic\":\"Вопрос по тарифу\",\"text\":\"Как сменить "
	    "тариф?\"}");
	assert_status(&r, 200);
	snprintf(id, sizeof(id), "%s", resp_str(&r, "requestId"));
	assert_true(cJSON_IsNull(json_get(r.json, "accountId")));
	api(&c, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "NEW");
	assert_true(cJSON_IsNull(json_get(r.json, "accountId")));
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "messages"), 0), "text"),
			    "Как сменить тариф?");
	resp_free(&r);
	client_free(&c);
}

static void text_limits(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char *text = repeat("я", 4000), *longer = repeat("я", 4001), *topic = repeat("т", 201);
	char ekb[64];
	int before;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getRequests", "{\"limit\":200}");
	before = cJSON_GetArraySize(json_get(r.json, "requests"));

	/* 4000 Cyrillic characters are 8000 bytes: the limit counts characters. */
	api(&c, &r, "createRequest", "{\"topic\":\"Длинное письмо\",\"text\":\"%s\"}", text);
	assert_status(&r, 200);
	assert_string_equal(
		json_str(cJSON_GetArrayItem(json_get(r.json, "messages"), 0), "text"), text);
	api(&c, &r, "createRequest", "{\"topic\":\"Длинное письмо\",\"text\":\"%s\"}", longer);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "text");
	api(&c, &r, "createRequest", "{\"topic\":\"Пусто\",\"text\":\"\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "text");
	api(&c, &r, "createRequest", "{\"topic\":\"Пусто\",\"text\":\"  \\n \"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "text");
	api(&c, &r, "createRequest", "{\"topic\":\"Пусто\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "text");
	api(&c, &r, "createRequest", "{\"topic\":\"\",\"text\":\"Текст\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "topic");
	api(&c, &r, "createRequest", "{\"topic\":\"%s\",\"text\":\"Текст\"}", topic);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "topic");
	api(&c, &r, "createRequest", "{\"topic\":\"Тема\",\"text\":42}");
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "createRequest", "{\"topic\":\"Тема\",\"text\":\"a\\u0001b\"}");
	assert_error(&r, 422, "VALIDATION");
	c.en = true;
	api(&c, &r, "createRequest", "{\"topic\":\"Тема\",\"text\":\"%s\"}", longer);
	assert_string_equal(resp_str(&r, "errorMsg"),
			    "Field text must be 1 to 4000 characters long");
	c.en = false;

	/* accountId: own only. */
	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);
	snprintf(ekb, sizeof(ekb), "%s", account_id_by_number(&o, "660000000004"));
	api(&c, &r, "createRequest", "{\"topic\":\"Тема\",\"text\":\"Текст\",\"accountId\":\"%s\"}",
	    ekb);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "createRequest",
	    "{\"topic\":\"Тема\",\"text\":\"Текст\",\"accountId\":\"acc-nope\"}");
	assert_error(&r, 404, "NOT_FOUND");

	/* Only the first one was created. */
	api(&c, &r, "getRequests", "{\"limit\":200}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "requests")), before + 1);
	free(text);
	free(longer);
	free(topic);
	resp_free(&r);
	client_free(&o);
	client_free(&c);
}

static void reply_and_close(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *msgs;
	char *text = repeat("ё", 4000);
	char id[64], seeded[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	create(&c, "Перенос точки подключения", "Хочу перенести роутер в другую комнату.", id,
	       sizeof(id));
	api(&c, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"Удобно после 18:00.\"}",
	    id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "requestId"), id);
	assert_string_equal(resp_str(&r, "status"), "NEW");
	msgs = json_get(r.json, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(msgs, 0), "text"),
			    "Хочу перенести роутер в другую комнату.");
	assert_string_equal(json_str(cJSON_GetArrayItem(msgs, 1), "text"), "Удобно после 18:00.");
	assert_string_equal(json_str(cJSON_GetArrayItem(msgs, 1), "from"), "USER");
	api(&c, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"%s\"}", id, text);
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 3);
	api(&c, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"\"}", id);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "text");
	api(&c, &r, "addRequestMessage", "{\"text\":\"Текст\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "requestId");

	api(&c, &r, "closeRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "CLOSED");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 3);
	api(&c, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"И ещё.\"}", id);
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "closeRequest", "{\"requestId\":\"%s\"}", id);
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_string_equal(resp_str(&r, "status"), "CLOSED");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 3);

	/* A reply to the seeded request, which support is working on, keeps it so. */
	api(&c, &r, "getRequests", "{\"limit\":200}");
	assert_non_null(find_topic(&r, SEEDED_TOPIC));
	snprintf(seeded, sizeof(seeded), "%s", json_str(find_topic(&r, SEEDED_TOPIC), "requestId"));
	api(&c, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"Спасибо, жду.\"}",
	    seeded);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "IN_PROGRESS");
	msgs = json_get(r.json, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 3);
	assert_string_equal(json_str(cJSON_GetArrayItem(msgs, 1), "from"), "SUPPORT");
	assert_string_equal(json_str(cJSON_GetArrayItem(msgs, 2), "text"), "Спасибо, жду.");
	free(text);
	resp_free(&r);
	client_free(&c);
}

/* Support staff work on the database directly, so the test plays their part with the
 * sqlite3 shell (skipped where it is not installed). */
static void reply_reopens_resolved_request(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char id[64], query[1024];

	if (system("command -v sqlite3 >/dev/null 2>&1") != 0)
		skip();
	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	create(&c, "Счёт за октябрь", "Почему сумма больше обычной?", id, sizeof(id));
	snprintf(query, sizeof(query),
		 "INSERT INTO request_messages (request_id, sender, at, text) "
		 "VALUES ('%s', 'SUPPORT', strftime('%%s', 'now'), 'Включена опция.'); "
		 "UPDATE requests SET status = 'RESOLVED' WHERE id = '%s'",
		 id, id);
	kd_sql(&kd, query);
	api(&c, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_string_equal(resp_str(&r, "status"), "RESOLVED");
	api(&c, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"Я её не включал.\"}",
	    id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "IN_PROGRESS");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 3);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "messages"), 1), "from"),
			    "SUPPORT");
	/* The user may still close it. */
	api(&c, &r, "closeRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "CLOSED");
	resp_free(&r);
	client_free(&c);
}

static void foreign_requests_are_404(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char id[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	create(&c, "Личное", "Это видит только demo.", id, sizeof(id));
	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);

	api(&o, &r, "getRequests", "{}");
	assert_status(&r, 200);
	assert_null(find_topic(&r, "Личное"));
	assert_null(find_topic(&r, SEEDED_TOPIC));
	api(&o, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "requestId");
	api(&o, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"Чужое\"}", id);
	assert_error(&r, 404, "NOT_FOUND");
	api(&o, &r, "closeRequest", "{\"requestId\":\"%s\"}", id);
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "getRequest", "{\"requestId\":\"rq0000000000000000\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "closeRequest", "{\"requestId\":\"rq0000000000000000\"}");
	assert_error(&r, 404, "NOT_FOUND");

	/* demo's request is as it was. */
	api(&c, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "NEW");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 1);

	/* Without a session, nothing. */
	client_free(&o);
	client_init(&o, &kd);
	api(&o, &r, "getRequests", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&o);
	client_free(&c);
}

static void paging(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char ids[25][64], cursor[128] = "";
	int seen = 0, pages = 0, total = 0, pos = -1;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	for (int i = 0; i < 25; i++) {
		char topic[32];
		snprintf(topic, sizeof(topic), "Страница %d", i + 1);
		create(&c, topic, "Проверка листания.", ids[i], sizeof(ids[i]));
	}
	api(&c, &r, "getRequests", "{\"limit\":200}");
	total = cJSON_GetArraySize(json_get(r.json, "requests"));
	assert_true(total >= 26);

	/* Walk every page of 10: the 25 new ones come first, newest first, and every
	 * request appears exactly once. */
	do {
		const cJSON *req, *next;
		int n = 0;
		if (cursor[0])
			api(&c, &r, "getRequests", "{\"limit\":10,\"cursor\":\"%s\"}", cursor);
		else
			api(&c, &r, "getRequests", "{\"limit\":10}");
		assert_status(&r, 200);
		cJSON_ArrayForEach(req, json_get(r.json, "requests")) {
			pos++;
			n++;
			if (pos < 25)
				assert_string_equal(json_str(req, "requestId"), ids[24 - pos]);
			else
				for (int i = 0; i < 25; i++)
					assert_string_not_equal(json_str(req, "requestId"), ids[i]);
			assert_true(cJSON_GetArraySize(json_get(req, "messages")) >= 1);
		}
		seen += n;
		pages++;
		next = cJSON_GetObjectItemCaseSensitive(r.json, "nextCursor");
		if (next) {
			assert_int_equal(n, 10);
			assert_true(cJSON_IsString(next));
			snprintf(cursor, sizeof(cursor), "%s", next->valuestring);
		}
		if (!next)
			break;
	} while (pages < 100);
	assert_int_equal(seen, total);
	assert_int_equal(pages, (total + 9) / 10);

	api(&c, &r, "getRequests", "{\"limit\":10,\"cursor\":\"garbage\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "cursor");
	api(&c, &r, "getRequests", "{\"limit\":0}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "limit");
	api(&c, &r, "getRequests", "{\"limit\":201}");
	assert_error(&r, 422, "VALIDATION");
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seeded_request_listed),
		cmocka_unit_test(create_with_and_without_account),
		cmocka_unit_test(text_limits),
		cmocka_unit_test(reply_and_close),
		cmocka_unit_test(reply_reopens_resolved_request),
		cmocka_unit_test(foreign_requests_are_404),
		cmocka_unit_test(paging),
	};
	return cmocka_run_group_tests_name("support", tests, group_setup, group_teardown);
}

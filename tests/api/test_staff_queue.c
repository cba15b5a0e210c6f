/* API tests of the staff's support queue (/staff-api/): the order (open before closed,
 * the oldest unanswered first) over requests two subscribers write, a reply seen by the
 * subscriber with the staff member's name and a notice in the outbox, the statuses and
 * their refusals, assigning, paging each request once, and no subscriber's session or
 * missing one getting in. support1 and office1 log in once each, with the code
 * `kabinetd admin staff code` prints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

KD_GROUP(kd);

static struct client support1, office1;

/* --- Helpers ---------------------------------------------------------------------------- */

/* Both steps of the staff login (client_staff_login). */
static void staff_login(struct client *c, const char *login)
{
	client_init(c, &kd);
	client_staff_login(c, login);
}

/* The staff clients, logged in on first use. */
static struct client *sup(void)
{
	if (!support1.curl)
		staff_login(&support1, "support1");
	return &support1;
}

static struct client *off(void)
{
	if (!office1.curl)
		staff_login(&office1, "office1");
	return &office1;
}

/* createRequest by the subscriber; its id (static rotating buffers). */
static const char *create(struct client *c, const char *topic)
{
	static char ids[4][64];
	static int next;
	char *id = ids[next++ % 4];
	struct resp r = { 0 };

	api(c, &r, "createRequest", "{\"topic\":\"%s\",\"text\":\"Помогите, пожалуйста\"}", topic);
	assert_status(&r, 200);
	snprintf(id, 64, "%s", resp_str(&r, "requestId"));
	resp_free(&r);
	return id;
}

/* Moves the request's messages `ago` seconds into the past. */
static void age(const char *id, int ago)
{
	char sql[200];
	snprintf(sql, sizeof(sql),
		 "UPDATE request_messages SET at = at - %d WHERE request_id = '%s';"
		 "UPDATE requests SET created_at = created_at - %d WHERE id = '%s'",
		 ago, id, ago, id);
	kd_sql(&kd, sql);
}

static long set_status(struct resp *r, const char *id, const char *status)
{
	return api_staff(sup(), r, "staffSetRequestStatus",
			 "{\"requestId\":\"%s\",\"status\":\"%s\"}", id, status);
}

static long reply(struct resp *r, const char *id, const char *text)
{
	return api_staff(sup(), r, "staffReply", "{\"requestId\":\"%s\",\"text\":\"%s\"}", id,
			 text);
}

/* The whole queue (one page of 200) into r. */
static const cJSON *queue(struct resp *r)
{
	api_staff(sup(), r, "staffGetQueue", "{\"limit\":200}");
	assert_status(r, 200);
	assert_false(resp_has(r, "nextCursor"));
	return cJSON_GetObjectItemCaseSensitive(r->json, "requests");
}

/* The position of request id in the queue list, -1 when absent. */
static int position(const cJSON *list, const char *id)
{
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		if (!strcmp(json_str(it, "requestId"), id))
			return i;
		i++;
	}
	return -1;
}

/* The last message of a request object. */
static const cJSON *last_message(const cJSON *req)
{
	const cJSON *msgs = json_get(req, "messages");
	return cJSON_GetArrayItem(msgs, cJSON_GetArraySize(msgs) - 1);
}

/* --- Tests ------------------------------------------------------------------------------ */

static void open_before_closed_oldest_unanswered_first(void **state)
{
	struct client demo, other;
	struct resp r = { 0 };
	const cJSON *list, *row;
	const char *a, *b, *c, *d;

	client_init(&demo, &kd);
	client_init(&other, &kd);
	client_login(&demo, "demo", "Kabinet-2026");
	client_login(&other, "other", "Kabinet-2026");
	a = create(&demo, "Очередь: самое старое");
	b = create(&other, "Очередь: среднее");
	c = create(&demo, "Очередь: новое");
	d = create(&other, "Очередь: закрытое");
	age(a, 3000);
	age(b, 2000);
	age(c, 1000);
	age(d, 4000);
	api(&other, &r, "closeRequest", "{\"requestId\":\"%s\"}", d);
	assert_status(&r, 200);

	list = queue(&r);
	/* Unanswered oldest first, then the seeded answered one, then the closed. */
	assert_true(position(list, a) >= 0);
	assert_true(position(list, a) < position(list, b));
	assert_true(position(list, b) < position(list, c));
	assert_true(position(list, c) < position(list, "req1"));
	assert_true(position(list, "req1") < position(list, d));
	row = json_find(list, "requestId", a);
	assert_string_equal(json_str(row, "topic"), "Очередь: самое старое");
	assert_string_equal(json_str(row, "status"), "NEW");
	assert_string_equal(json_str(row, "subscriberName"), "Иванов Пётр Сергеевич");
	assert_string_equal(json_str(row, "accountNumber"), "590000000001");
	assert_true(json_int(row, "waitingSeconds") >= 3000);
	assert_true(cJSON_IsNull(json_get(row, "assignee")));
	row = json_find(list, "requestId", b);
	assert_string_equal(json_str(row, "subscriberName"), "Кузнецов Игорь Олегович");
	/* Answered requests have no unanswered message to age. */
	assert_true(cJSON_IsNull(json_get(json_find(list, "requestId", "req1"), "waitingSeconds")));
	assert_string_equal(json_str(json_find(list, "requestId", d), "status"), "CLOSED");

	/* Answered, a goes after the unanswered ones; asked again, it is as old as the new
	 * question and comes after c's older one. */
	reply(&r, a, "Смотрим");
	assert_status(&r, 200);
	list = queue(&r);
	assert_true(position(list, c) < position(list, "req1"));
	assert_true(position(list, "req1") < position(list, a));
	assert_true(position(list, a) < position(list, d));
	api(&demo, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"И ещё\"}", a);
	assert_status(&r, 200);
	list = queue(&r);
	assert_true(position(list, b) < position(list, c));
	assert_true(position(list, c) < position(list, a));
	assert_true(position(list, a) < position(list, "req1"));
	assert_true(json_int(json_find(list, "requestId", a), "waitingSeconds") < 1000);

	/* The filter. */
	api_staff(sup(), &r, "staffGetQueue", "{\"status\":\"CLOSED\",\"limit\":200}");
	assert_status(&r, 200);
	list = cJSON_GetObjectItemCaseSensitive(r.json, "requests");
	assert_true(position(list, d) >= 0);
	assert_int_equal(position(list, a), -1);
	cJSON_ArrayForEach(row, list)
		assert_string_equal(json_str(row, "status"), "CLOSED");
	api_staff(sup(), &r, "staffGetQueue", "{\"status\":\"OPEN\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "status");
	resp_free(&r);
	client_free(&demo);
	client_free(&other);
}

static void a_reply_reaches_the_subscriber_with_the_name_and_a_notice(void **state)
{
	struct client demo;
	struct resp r = { 0 };
	const cJSON *m;
	const char *id;
	int lines, n;
	char big[4002 * 2 + 1];

	client_init(&demo, &kd);
	client_login(&demo, "demo", "Kabinet-2026");
	id = create(&demo, "Ответ поддержки");
	lines = kd_outbox_count(&kd);

	/* The text rules of addRequestMessage. */
	reply(&r, id, " \\n ");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "text");
	for (n = 0; n < 4001; n++)
		memcpy(big + 2 * n, "ы", 2);
	big[2 * n] = '\0';
	reply(&r, id, big);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "text");
	reply(&r, "nope", "Да");
	assert_error(&r, 404, "NOT_FOUND");
	assert_int_equal(kd_outbox_count(&kd), lines);

	reply(&r, id, "Здравствуйте! Проверили.");
	assert_status(&r, 200);
	assert_str(&r, "status", "IN_PROGRESS");
	m = last_message(r.json);
	assert_string_equal(json_str(m, "from"), "SUPPORT");
	assert_string_equal(json_str(m, "author"), "Орлова Елена");

	/* The subscriber's side: the answer last, from support, by name; the status moved. */
	api(&demo, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_str(&r, "status", "IN_PROGRESS");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 2);
	m = last_message(r.json);
	assert_string_equal(json_str(m, "from"), "SUPPORT");
	assert_string_equal(json_str(m, "author"), "Орлова Елена");
	assert_string_equal(json_str(m, "text"), "Здравствуйте! Проверили.");
	/* The subscriber's own message and the seeded answers have no author. */
	assert_false(cJSON_HasObjectItem(cJSON_GetArrayItem(json_get(r.json, "messages"), 0),
					 "author"));
	api(&demo, &r, "getRequests", "{}");
	assert_status(&r, 200);
	m = last_message(json_find(json_get(r.json, "requests"), "requestId", id));
	assert_string_equal(json_str(m, "author"), "Орлова Елена");
	m = last_message(json_find(json_get(r.json, "requests"), "requestId", "req1"));
	assert_false(cJSON_HasObjectItem(m, "author"));

	/* One notice, to the subscriber's e-mail, naming the request. */
	assert_int_equal(kd_outbox_count(&kd), lines + 1);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND "
				     "to_addr = 'demo@kabinet.example' AND "
				     "text LIKE '%«Ответ поддержки»%'"), 1);
	resp_free(&r);
	client_free(&demo);
}

static void statuses_and_their_refusals(void **state)
{
	struct client demo;
	struct resp r = { 0 };
	const char *id;

	client_init(&demo, &kd);
	client_login(&demo, "demo", "Kabinet-2026");
	id = create(&demo, "Статусы");

	set_status(&r, id, "DONE");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "status");
	set_status(&r, id, "NEW");
	assert_error(&r, 422, "VALIDATION");
	api_staff(sup(), &r, "staffSetRequestStatus", "{\"requestId\":\"%s\"}", id);
	assert_error(&r, 422, "VALIDATION");
	set_status(&r, "nope", "CLOSED");
	assert_error(&r, 404, "NOT_FOUND");

	set_status(&r, id, "IN_PROGRESS");
	assert_status(&r, 200);
	assert_str(&r, "status", "IN_PROGRESS");
	/* Waiting for the subscriber is RESOLVED on their side; their reply reopens it. */
	set_status(&r, id, "WAITING_FOR_SUBSCRIBER");
	assert_status(&r, 200);
	assert_str(&r, "status", "WAITING_FOR_SUBSCRIBER");
	api(&demo, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_str(&r, "status", "RESOLVED");
	api(&demo, &r, "addRequestMessage", "{\"requestId\":\"%s\",\"text\":\"Не помогло\"}", id);
	assert_str(&r, "status", "IN_PROGRESS");
	api_staff(sup(), &r, "staffGetRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_str(&r, "status", "IN_PROGRESS");
	assert_string_equal(json_str(last_message(r.json), "text"), "Не помогло");

	set_status(&r, id, "CLOSED");
	assert_status(&r, 200);
	api(&demo, &r, "getRequest", "{\"requestId\":\"%s\"}", id);
	assert_str(&r, "status", "CLOSED");
	/* A closed request takes no reply, status or assignee. */
	reply(&r, id, "Ещё");
	assert_error(&r, 409, "CONFLICT");
	set_status(&r, id, "IN_PROGRESS");
	assert_error(&r, 409, "CONFLICT");
	api_staff(sup(), &r, "staffAssignRequest", "{\"requestId\":\"%s\"}", id);
	assert_error(&r, 409, "CONFLICT");
	resp_free(&r);
	client_free(&demo);
}

static void assign_to_me(void **state)
{
	struct client demo;
	struct resp r = { 0 };
	const cJSON *who;
	const char *id;

	client_init(&demo, &kd);
	client_login(&demo, "demo", "Kabinet-2026");
	id = create(&demo, "Назначение");

	api_staff(off(), &r, "staffAssignRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	who = json_get(r.json, "assignee");
	assert_string_equal(json_str(who, "login"), "office1");
	assert_string_equal(json_str(who, "name"), "Фёдоров Максим");
	api_staff(sup(), &r, "staffAssignRequest", "{\"requestId\":\"%s\"}", id);
	assert_status(&r, 200);
	who = json_get(json_find(queue(&r), "requestId", id), "assignee");
	assert_string_equal(json_str(who, "login"), "support1");
	assert_string_equal(json_str(who, "name"), "Орлова Елена");
	api_staff(sup(), &r, "staffAssignRequest", "{\"requestId\":\"nope\"}");
	assert_error(&r, 404, "NOT_FOUND");
	resp_free(&r);
	client_free(&demo);
}

static void subscribers_and_strangers_are_refused(void **state)
{
	static const char *const methods[] = { "staffGetQueue", "staffGetRequest", "staffReply",
					       "staffSetRequestStatus", "staffAssignRequest" };
	struct client demo, none;
	struct resp r = { 0 };

	client_init(&demo, &kd);
	client_init(&none, &kd);
	client_login(&demo, "demo", "Kabinet-2026");
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		/* A subscriber's session is no staff session ... */
		api_staff(&demo, &r, methods[i], "{\"requestId\":\"req1\",\"text\":\"x\"}");
		assert_error(&r, 401, "UNAUTHORIZED");
		/* ... and the methods are not the subscribers'. */
		api(&demo, &r, methods[i], "{\"requestId\":\"req1\",\"text\":\"x\"}");
		assert_error(&r, 404, "NOT_FOUND");
		api_staff(&none, &r, methods[i], "{}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	/* Nothing reached req1. */
	api(&demo, &r, "getRequest", "{\"requestId\":\"req1\"}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "messages")), 2);
	resp_free(&r);
	client_free(&demo);
	client_free(&none);
}

static void pages_list_each_request_once(void **state)
{
	struct resp r = { 0 }, all = { 0 };
	char cursor[128] = "", seen[64][64];
	const cJSON *list = queue(&all), *it;
	int total = cJSON_GetArraySize(list), n = 0, pages = 0;

	assert_true(total >= 5);
	assert_true(total <= 64);
	do {
		if (cursor[0])
			api_staff(sup(), &r, "staffGetQueue", "{\"limit\":2,\"cursor\":\"%s\"}",
				  cursor);
		else
			api_staff(sup(), &r, "staffGetQueue", "{\"limit\":2}");
		assert_status(&r, 200);
		cJSON_ArrayForEach(it, json_get(r.json, "requests")) {
			assert_true(n < total);
			for (int j = 0; j < n; j++)
				assert_string_not_equal(seen[j], json_str(it, "requestId"));
			/* In the order of the whole queue. */
			assert_string_equal(json_str(cJSON_GetArrayItem(list, n), "requestId"),
					    json_str(it, "requestId"));
			snprintf(seen[n++], 64, "%s", json_str(it, "requestId"));
		}
		cursor[0] = '\0';
		if (resp_has(&r, "nextCursor"))
			snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
		pages++;
	} while (cursor[0]);
	assert_int_equal(n, total);
	assert_int_equal(pages, (total + 1) / 2);
	api_staff(sup(), &r, "staffGetQueue", "{\"cursor\":\"v1.bad\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cursor");
	resp_free(&r);
	resp_free(&all);
}

static int staff_teardown(void **state)
{
	if (support1.curl)
		client_free(&support1);
	if (office1.curl)
		client_free(&office1);
	return group_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_before_closed_oldest_unanswered_first),
		cmocka_unit_test(a_reply_reaches_the_subscriber_with_the_name_and_a_notice),
		cmocka_unit_test(statuses_and_their_refusals),
		cmocka_unit_test(assign_to_me),
		cmocka_unit_test(subscribers_and_strangers_are_refused),
		cmocka_unit_test(pages_list_each_request_once),
	};
	return cmocka_run_group_tests_name("staff_queue", tests, group_setup, staff_teardown);
}

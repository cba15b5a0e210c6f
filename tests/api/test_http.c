/* API tests of the HTTP envelope: paths, verbs, content types, sizes, garbage. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "harness.h"

KD_GROUP(kd);

static void unknown_path_is_404(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api_raw(&c, &r, "/index.html", "GET", NULL, NULL, 0);
	assert_error(&r, 404, "NOT_FOUND");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "isError")));
	assert_non_null(resp_str(&r, "errorMsg"));
	api(&c, &r, "noSuchMethod", "{}");
	assert_error(&r, 404, "NOT_FOUND");
	api_raw(&c, &r, "/client-api/../etc/passwd", "POST", "application/json", "{}", 2);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	client_free(&c);
}

static void wrong_verb_is_405(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api_raw(&c, &r, "/client-api/checkSession", "GET", NULL, NULL, 0);
	assert_error(&r, 405, "METHOD_NOT_ALLOWED");
	api_raw(&c, &r, "/client-api/checkSession", "PUT", "application/json", "{}", 2);
	assert_error(&r, 405, "METHOD_NOT_ALLOWED");
	resp_free(&r);
	client_free(&c);
}

static void bad_bodies_are_400(void **state)
{
	static const char *const bodies[] = { "", "not json", "[]", "42", "\"str\"", "null",
					      "{\"a\":", "{} {}", "{\"a\":1,}" };
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		api_raw(&c, &r, "/client-api/checkSession", "POST", "application/json", bodies[i],
			strlen(bodies[i]));
		assert_error(&r, 400, "BAD_REQUEST");
	}
	api_raw(&c, &r, "/client-api/checkSession", "POST", "text/plain", "{}", 2);
	assert_error(&r, 400, "BAD_REQUEST");
	resp_free(&r);
	client_free(&c);
}

static void english_messages_on_request(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api(&c, &r, "noSuchMethod", "{}");
	assert_string_equal(resp_str(&r, "errorMsg"), "Неизвестный метод API");
	c.en = true;
	api(&c, &r, "noSuchMethod", "{}");
	assert_string_equal(resp_str(&r, "errorMsg"), "Unknown API method");
	resp_free(&r);
	client_free(&c);
}

static void oversize_body_is_413(void **state)
{
	struct client c;
	struct resp r = { 0 };
	size_t n = 64 * 1024 + 10;
	char *big = malloc(n + 1);
	client_init(&c, &kd);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	api_raw(&c, &r, "/client-api/checkSession", "POST", "application/json", big, n);
	assert_error(&r, 413, "PAYLOAD_TOO_LARGE");
	/* Exactly 64 KiB is still accepted. */
	n = 64 * 1024;
	big[n - 1] = '}';
	api_raw(&c, &r, "/client-api/checkSession", "POST", "application/json", big, n);
	assert_status(&r, 200);
	free(big);
	resp_free(&r);
	client_free(&c);
}

static void garbage_flood_then_normal_answer(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char body[256];
	client_init(&c, &kd);
	srand(7);
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)(rand() % (int)sizeof(body));
		for (size_t k = 0; k < n; k++)
			body[k] = (char)(rand() % 256);
		api_raw(&c, &r, i % 3 ? "/client-api/login" : "/client-api/getAccounts", "POST",
			"application/json", body, n);
		assert_true(r.status >= 400 && r.status < 500);
	}
	api(&c, &r, "checkSession", "{}");
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "isSessionLost")));
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_path_is_404),
		cmocka_unit_test(wrong_verb_is_405),
		cmocka_unit_test(bad_bodies_are_400),
		cmocka_unit_test(english_messages_on_request),
		cmocka_unit_test(oversize_body_is_413),
		cmocka_unit_test(garbage_flood_then_normal_answer),
	};
	return cmocka_run_group_tests_name("http", tests, group_setup, group_teardown);
}

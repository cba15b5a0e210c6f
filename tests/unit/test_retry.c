/* Unit tests of the loader's retry after a fault (loader.c): which replies are faults
 * worth another try and which are the server's answer, and the back-off's pauses
 * (doubling from 1 s to the cap, a tenth of noise at most, Retry-After honoured up
 * to its own cap). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>

#include "kabinet/net/api.h"
#include "kabinet/ui/loader.h"

static struct api_reply failed(enum api_fail fail)
{
	struct api_reply r = { .fail = fail, .err = APIERR_UNAVAILABLE };
	return r;
}

static struct api_reply answered(long http, enum api_err err)
{
	struct api_reply r = { .fail = API_FAIL_NONE, .http = http, .err = err };
	return r;
}

static void faults_are_retried(void **state)
{
	static const enum api_fail faults[] = {
		API_FAIL_RESOLVE, API_FAIL_CONNECT, API_FAIL_TIMEOUT, API_FAIL_BROKEN,
		API_FAIL_TRUNCATED, API_FAIL_BAD_REPLY,
	};
	struct api_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		r = failed(faults[i]);
		assert_true(ui_load_transient(&r));
	}
	r = answered(500, APIERR_INTERNAL);
	assert_true(ui_load_transient(&r));
	r = answered(503, APIERR_UNAVAILABLE);
	assert_true(ui_load_transient(&r));
	r = answered(429, APIERR_RATE_LIMITED);
	assert_true(ui_load_transient(&r));
	/* A 5xx with some other code of the API is still the server failing. */
	r = answered(502, APIERR_COUNT);
	assert_true(ui_load_transient(&r));
}

static void answers_and_local_refusals_are_not(void **state)
{
	static const enum api_fail local[] = {
		API_FAIL_TLS, API_FAIL_TOO_BIG, API_FAIL_CANCELLED, API_FAIL_EXPOSED,
	};
	static const struct {
		long http;
		enum api_err err;
	} answers[] = {
		{ 200, APIERR_OK },		{ 400, APIERR_BAD_REQUEST },
		{ 401, APIERR_UNAUTHORIZED },	{ 403, APIERR_CSRF },
		{ 403, APIERR_FORBIDDEN },	{ 404, APIERR_NOT_FOUND },
		{ 409, APIERR_CONFLICT },	{ 409, APIERR_INSUFFICIENT_FUNDS },
		{ 413, APIERR_PAYLOAD_TOO_LARGE }, { 422, APIERR_VALIDATION },
	};
	struct api_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		r = failed(local[i]);
		assert_false(ui_load_transient(&r));
	}
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		r = answered(answers[i].http, answers[i].err);
		assert_false(ui_load_transient(&r));
	}
}

static void the_pause_doubles_up_to_the_cap(void **state)
{
	static const long want[] = { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };

	(void)state;
	for (int i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++)
		assert_int_equal(ui_retry_delay_ms(i, 0, 0), want[i]);
	assert_int_equal(ui_retry_delay_ms(1000, 0, 0), UI_RETRY_MAX_S * 1000L);
	assert_int_equal(ui_retry_delay_ms(INT_MAX, 0, 0), UI_RETRY_MAX_S * 1000L);
}

static void the_noise_adds_a_tenth_at_most(void **state)
{
	(void)state;
	for (int attempt = 0; attempt < 8; attempt++) {
		long base = ui_retry_delay_ms(attempt, 0, 0);
		for (unsigned noise = 0; noise < 20000; noise += 7) {
			long ms = ui_retry_delay_ms(attempt, 0, noise);
			assert_true(ms >= base);
			assert_true(ms <= base + base / 10);
		}
		assert_true(ui_retry_delay_ms(attempt, 0, UINT_MAX) <= base + base / 10);
	}
	/* It does move: clients told apart by their noise come back apart. */
	assert_true(ui_retry_delay_ms(5, 0, 1234) != ui_retry_delay_ms(5, 0, 0));
}

static void retry_after_is_honoured(void **state)
{
	(void)state;
	/* Longer than the back-off: waited for in full. */
	assert_int_equal(ui_retry_delay_ms(0, 20, 0), 20000);
	assert_int_equal(ui_retry_delay_ms(0, 120, 999), 120000);
	/* Shorter: the back-off wins. */
	assert_int_equal(ui_retry_delay_ms(4, 3, 0), 16000);
	/* An absurd one is capped; a negative or zero one means none. */
	assert_int_equal(ui_retry_delay_ms(0, 1000000, 0), UI_RETRY_AFTER_MAX_S * 1000L);
	assert_int_equal(ui_retry_delay_ms(0, INT_MAX, 0), UI_RETRY_AFTER_MAX_S * 1000L);
	assert_int_equal(ui_retry_delay_ms(0, -5, 0), 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(faults_are_retried),
		cmocka_unit_test(answers_and_local_refusals_are_not),
		cmocka_unit_test(the_pause_doubles_up_to_the_cap),
		cmocka_unit_test(the_noise_adds_a_tenth_at_most),
		cmocka_unit_test(retry_after_is_honoured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

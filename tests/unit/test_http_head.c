/* Unit tests of what the client takes from an answer's headers: Retry-After as a
 * bounded number of seconds whatever its spelling, the session's cookies only for the
 * configured server and only of cookie-octets, and the words for a failed request
 * (the cap said as "or later"; HTTP garbage not told as a broken connection). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/net/http_head.h"

/* Messages are compared in English: nothing here calls setlocale(). */

static const time_t NOW = 1796572800;	/* Sun, 06 Dec 2026 16:00:00 GMT */

static int wait_for(const char *value, bool *capped)
{
	return http_retry_after(value, strlen(value), NOW, capped);
}

static void delta_seconds_are_taken(void **state)
{
	bool capped;

	(void)state;
	assert_int_equal(wait_for(" 120\r\n", &capped), 120);
	assert_false(capped);
	assert_int_equal(wait_for("0", &capped), 0);
	assert_int_equal(wait_for("3600", &capped), 3600);
	assert_false(capped);
}

static void a_long_wait_is_capped_at_an_hour(void **state)
{
	static const char *const longer[] = {
		"3601", "2147483647", "2147483648", "9223372036854775807",
		"99999999999999999999", "000000000000000000000000000000000000000000000000000000000000000000000099999",
	};
	bool capped;

	(void)state;
	for (size_t i = 0; i < sizeof(longer) / sizeof(longer[0]); i++) {
		assert_int_equal(wait_for(longer[i], &capped), HTTP_RETRY_AFTER_MAX);
		assert_true(capped);
	}
	/* Many zeroes are still nothing long. */
	assert_int_equal(wait_for("0000000000000000000000000000000000000000000000000000000000000000000007", &capped), 7);
	assert_false(capped);
}

static void what_is_not_a_number_or_a_date_is_no_wait(void **state)
{
	static const char *const junk[] = {
		"", "   ", "-5", "+5", "12abc", "1e9", "0x10", " 5 5", "\x01", "12\t3", "soon",
	};
	bool capped;

	(void)state;
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		assert_int_equal(wait_for(junk[i], &capped), 0);
		assert_false(capped);
	}
	/* A NUL inside is not read past. */
	assert_int_equal(http_retry_after("12\0" "34", 5, NOW, &capped), 0);
}

static void an_http_date_is_counted_from_now(void **state)
{
	bool capped;

	(void)state;
	assert_int_equal(wait_for("Sun, 06 Dec 2026 16:10:00 GMT", &capped), 600);
	assert_false(capped);
	/* A date past, or a day that is not one: no wait told. */
	assert_int_equal(wait_for("Sun, 06 Dec 2026 15:00:00 GMT", &capped), 0);
	assert_int_equal(wait_for("Sun, 06 Dec 1970 15:00:00 GMT", &capped), 0);
	/* Years ahead: the cap. */
	assert_int_equal(wait_for("Fri, 31 Dec 9999 23:59:59 GMT", &capped),
			 HTTP_RETRY_AFTER_MAX);
	assert_true(capped);
}

static const struct http_origin *origin(const char *url)
{
	static struct http_origin o;

	assert_int_equal(http_origin_of(url, &o), 0);
	return &o;
}

static enum http_cookie take(const char *line, const struct http_origin *o, char *dst,
			     size_t size)
{
	return http_take_cookie(line, strlen(line), "SESSION", o, dst, size);
}

static void the_origin_is_the_host_and_the_api_path(void **state)
{
	const struct http_origin *o;

	(void)state;
	o = origin("https://lk.example.ru:8443/kabinet/");
	assert_string_equal(o->host, "lk.example.ru");
	assert_string_equal(o->path, "/kabinet/client-api/");
	assert_true(o->https);
	o = origin("http://[::1]:8480");
	assert_string_equal(o->host, "::1");
	assert_string_equal(o->path, "/client-api/");
	assert_false(o->https);
}

static void the_servers_own_cookie_is_taken(void **state)
{
	char dst[64] = "old";

	(void)state;
	assert_int_equal(take("SESSION=abc-123_x.Y; Path=/; HttpOnly; SameSite=Strict\r\n",
			      origin("http://127.0.0.1:8480"), dst, sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "abc-123_x.Y");
	assert_int_equal(take("SESSION=s; Domain=LK.example.ru; Path=/kabinet; Secure",
			      origin("https://lk.example.ru/kabinet"), dst, sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "s");
	assert_int_equal(take("SESSION=t; Domain=.lk.example.ru",
			      origin("https://lk.example.ru"), dst, sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	/* The logout's empty one clears it. */
	assert_int_equal(take("SESSION=; Path=/; Max-Age=0", origin("http://127.0.0.1:8480"), dst,
			      sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "");
	assert_int_equal(take("CSRF-TOKEN=x", origin("http://127.0.0.1:8480"), dst, sizeof(dst)),
			 HTTP_COOKIE_OTHER);
	assert_int_equal(take("SESSIONX=x", origin("http://127.0.0.1:8480"), dst, sizeof(dst)),
			 HTTP_COOKIE_OTHER);
}

static void a_cookie_for_elsewhere_is_ignored(void **state)
{
	const struct http_origin *o = origin("https://lk.example.ru/kabinet");
	char dst[64] = "kept";

	(void)state;
	assert_int_equal(take("SESSION=x; Domain=evil.example", o, dst, sizeof(dst)),
			 HTTP_COOKIE_DOMAIN);
	/* A parent domain widens it to every host under it. */
	assert_int_equal(take("SESSION=x; domain=example.ru", o, dst, sizeof(dst)),
			 HTTP_COOKIE_DOMAIN);
	assert_int_equal(take("SESSION=x; Domain=xlk.example.ru", o, dst, sizeof(dst)),
			 HTTP_COOKIE_DOMAIN);
	assert_int_equal(take("SESSION=x; Path=/other", o, dst, sizeof(dst)), HTTP_COOKIE_PATH);
	assert_int_equal(take("SESSION=x; Path=/kabinet/client-api/login", o, dst, sizeof(dst)),
			 HTTP_COOKIE_PATH);
	assert_int_equal(take("SESSION=x; Path=/kab", o, dst, sizeof(dst)), HTTP_COOKIE_PATH);
	assert_int_equal(take("SESSION=x; Secure", origin("http://127.0.0.1:8480"), dst,
			      sizeof(dst)),
			 HTTP_COOKIE_SECURE);
	assert_string_equal(dst, "kept");
}

static void only_cookie_octets_are_taken(void **state)
{
	static const char *const bad[] = {
		"SESSION=a\tb", "SESSION=a\x01" "b", "SESSION=a\x7f", "SESSION=a\x1b[2J",
		"SESSION=a\xc2\x9b" "31m", "SESSION=a b", "SESSION=\"ab", "SESSION=ab\"", "SESSION=\"",
		"SESSION=\"a\"b\"", "SESSION=\"a b\"", "SESSION=\"\"ab\"\"", "SESSION=a,b",
		"SESSION=a\\b", "SESSION=\xd0\xb0",
	};
	const struct http_origin *o = origin("http://127.0.0.1:8480");
	char dst[8] = "kept";

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(take(bad[i], o, dst, sizeof(dst)), HTTP_COOKIE_VALUE);
	/* Too long for the client is refused, never cut. */
	assert_int_equal(take("SESSION=12345678", o, dst, sizeof(dst)), HTTP_COOKIE_LONG);
	assert_string_equal(dst, "kept");
	assert_non_null(http_cookie_why(HTTP_COOKIE_VALUE));
	assert_null(http_cookie_why(HTTP_COOKIE_TAKEN));
}

/* RFC 6265's cookie-value may be quoted: the value is kept, quotes and all, and goes
 * back as the server gave it. */
static void a_quoted_value_is_taken_as_given(void **state)
{
	const struct http_origin *o = origin("http://127.0.0.1:8480");
	char dst[64] = "kept";

	(void)state;
	assert_int_equal(take("SESSION=\"ab\"; Path=/", o, dst, sizeof(dst)), HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "\"ab\"");
	assert_int_equal(take("SESSION=\"a-b_c\" ", o, dst, sizeof(dst)), HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "\"a-b_c\"");
}

/* A cookie sent already expired deletes the one kept, whatever its value. */
static void an_expired_cookie_deletes_the_one_kept(void **state)
{
	const struct http_origin *o = origin("http://127.0.0.1:8480");
	char dst[64] = "kept";

	(void)state;
	assert_int_equal(take("SESSION=new; Max-Age=0", o, dst, sizeof(dst)), HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "");
	strcpy(dst, "kept");
	assert_int_equal(take("SESSION=new; max-age=-5", o, dst, sizeof(dst)), HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "");
	strcpy(dst, "kept");
	assert_int_equal(take("SESSION=new; Expires=Thu, 01 Jan 1970 00:00:00 GMT", o, dst,
			      sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "");
	strcpy(dst, "kept");
	assert_int_equal(take("SESSION=new; Path=/; expires=Thu, 01-Jan-1970 00:00:01 GMT", o, dst,
			      sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "");
	/* Max-Age wins over Expires; a future date, a positive age or one that is no
	 * number leave a live value. */
	assert_int_equal(take("SESSION=a; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", o,
			      dst, sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "a");
	assert_int_equal(take("SESSION=b; Expires=Fri, 01 Jan 2100 00:00:00 GMT", o, dst,
			      sizeof(dst)),
			 HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "b");
	assert_int_equal(take("SESSION=c; Max-Age=0x0", o, dst, sizeof(dst)), HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "c");
	assert_int_equal(take("SESSION=d; Expires=soon", o, dst, sizeof(dst)), HTTP_COOKIE_TAKEN);
	assert_string_equal(dst, "d");
	/* One that is ignored for its Domain deletes nothing. */
	assert_int_equal(take("SESSION=e; Max-Age=0; Domain=evil.example", o, dst, sizeof(dst)),
			 HTTP_COOKIE_DOMAIN);
	assert_string_equal(dst, "d");
}

static const char *rate_limited(int seconds, bool capped)
{
	static char buf[512];
	struct api_reply r = { .http = 429, .err = APIERR_RATE_LIMITED,
			       .err_code = "RATE_LIMITED", .retry_after = seconds,
			       .retry_capped = capped };

	return app_fail_text("lk.example.ru", &r, buf, sizeof(buf));
}

static void the_words_say_the_cap(void **state)
{
	struct api_reply r = { .fail = API_FAIL_HEADERS, .err = APIERR_UNAVAILABLE, .detail = "" };
	char buf[512];

	(void)state;
	assert_string_equal(rate_limited(HTTP_RETRY_AFTER_MAX, true),
			    "Too many attempts: try again in 60 minutes or later.");
	assert_string_equal(rate_limited(61, false), "Too many attempts: try again in 2 minutes.");
	/* A reply made elsewhere with any figure: no overflow in the rounding. */
	assert_string_equal(rate_limited(INT_MAX, false),
			    "Too many attempts: try again in 35791395 minutes.");
	assert_string_equal(rate_limited(5, false), "Too many attempts: try again in 5 seconds.");
	assert_string_equal(app_fail_text("lk.example.ru", &r, buf, sizeof(buf)),
			    "The server sent more than 256 KiB of headers: its answer was refused.");
	r.header_line = true;
	assert_string_equal(app_fail_text("lk.example.ru", &r, buf, sizeof(buf)),
			    "The server sent a header line longer than 100 KiB: its answer was "
			    "refused.");
	r.header_line = false;
	r.fail = API_FAIL_INTERIM;
	assert_string_equal(app_fail_text("lk.example.ru", &r, buf, sizeof(buf)),
			    "The server sent more than 20 interim answers (HTTP 1xx) instead of "
			    "an answer: refused.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(delta_seconds_are_taken),
		cmocka_unit_test(a_long_wait_is_capped_at_an_hour),
		cmocka_unit_test(what_is_not_a_number_or_a_date_is_no_wait),
		cmocka_unit_test(an_http_date_is_counted_from_now),
		cmocka_unit_test(the_origin_is_the_host_and_the_api_path),
		cmocka_unit_test(the_servers_own_cookie_is_taken),
		cmocka_unit_test(a_cookie_for_elsewhere_is_ignored),
		cmocka_unit_test(only_cookie_octets_are_taken),
		cmocka_unit_test(a_quoted_value_is_taken_as_given),
		cmocka_unit_test(an_expired_cookie_deletes_the_one_kept),
		cmocka_unit_test(the_words_say_the_cap),
	};
	return cmocka_run_group_tests_name("http_head", tests, NULL, NULL);
}

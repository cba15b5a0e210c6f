/* API tests of requests that mutated (fuzzed) HTTP input found closed without an answer:
 * by libmicrohttpd's "Application reported internal error" (Expect: 100-continue with
 * no body), or after the idle timeout (a Transfer-Encoding other than chunked). Each is
 * sent over a raw socket and must get its error answer, with no internal error in
 * kabinetd's log, and a valid request on a new connection is answered afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

KD_GROUP(kd);

/* The final (non-1xx) answers read from one connection. */
#define MAX_ANSWERS 4
struct answers {
	int n;
	int status[MAX_ANSWERS];
	cJSON *json[MAX_ANSWERS];	/* the body, NULL when it was not JSON */
	char raw[16384];
};

static int tcp_connect(unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Takes the answers wholly in a->raw from offset *at into a; returns false when the next
 * one is not whole yet. */
static bool parse_answer(struct answers *a, size_t len, size_t *at)
{
	const char *head = a->raw + *at, *end = strstr(head, "\r\n\r\n");
	const char *cl = strcasestr(head, "\r\nContent-Length:");
	int status;
	size_t body_len = 0;

	if (!end || sscanf(head, "HTTP/1.%*d %d", &status) != 1)
		return false;
	if (cl && cl < end)
		body_len = strtoul(cl + strlen("\r\nContent-Length:"), NULL, 10);
	end += 4;
	if ((size_t)(end - a->raw) + body_len > len)
		return false;
	*at = (size_t)(end - a->raw) + body_len;
	if (status < 200 || a->n == MAX_ANSWERS)
		return true;
	a->status[a->n] = status;
	a->json[a->n++] = cJSON_ParseWithLength(end, body_len);
	return true;
}

/* Sends req on a new connection and reads until `want` final answers have come, the
 * server closes, or 10 s pass with nothing. */
static void exchange(const char *req, int want, struct answers *a)
{
	int fd = tcp_connect(kd.port);
	size_t len = 0, at = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	memset(a, 0, sizeof(*a));
	assert_true(fd >= 0);
	assert_int_equal(send(fd, req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
	while (a->n < want && len < sizeof(a->raw) - 1 && poll(&pfd, 1, 10000) == 1) {
		ssize_t got = recv(fd, a->raw + len, sizeof(a->raw) - 1 - len, 0);
		if (got <= 0)
			break;
		len += (size_t)got;
		a->raw[len] = '\0';
		while (parse_answer(a, len, &at))
			;
	}
	close(fd);
}

static void answers_free(struct answers *a)
{
	for (int i = 0; i < a->n; i++)
		cJSON_Delete(a->json[i]);
}

/* The i-th answer is the API's error envelope with this status and errorCode. */
static void assert_answer(const struct answers *a, int i, int status, const char *code)
{
	const cJSON *c;

	if (a->n <= i) {
		print_message("answer %d never came; the connection gave:\n%s\n", i + 1, a->raw);
		fail();
	}
	assert_int_equal(a->status[i], status);
	assert_non_null(a->json[i]);
	if (!code)
		return;
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a->json[i], "isError")));
	c = cJSON_GetObjectItem(a->json[i], "errorCode");
	assert_true(cJSON_IsString(c));
	assert_string_equal(c->valuestring, code);
}

/* kabinetd's log does not say that the request handler failed. */
static void assert_no_internal_error_logged(void)
{
	char path[400], buf[4096];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof(path), "%s/kabinetd.log", kd.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f))
		found = found || strstr(buf, "internal error");
	fclose(f);
	assert_false(found);
}

/* A valid request on a new connection is answered. */
static void assert_still_serving(void)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	api(&c, &r, "checkSession", "{}");
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "isSessionLost")));
	resp_free(&r);
	client_free(&c);
}

#define CHECK_SESSION "POST /client-api/checkSession HTTP/1.1\r\nHost: kabinetd\r\n"
#define JSON_TYPE "Content-Type: application/json\r\n"

/* Expect: 100-continue with an empty body and the next request right behind it: the
 * empty body is not a JSON object, and the next request is answered on the same
 * connection. */
static void expect_with_empty_body_then_next_request(void **state)
{
	struct answers a;

	exchange(CHECK_SESSION "Expect: 100-continue\r\n" JSON_TYPE "Content-Length: 0\r\n\r\n"
		 CHECK_SESSION JSON_TYPE "Content-Length: 2\r\n\r\n{}", 2, &a);
	assert_answer(&a, 0, 400, "BAD_REQUEST");
	assert_answer(&a, 1, 200, NULL);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a.json[1], "isSessionLost")));
	answers_free(&a);
	assert_no_internal_error_logged();
	assert_still_serving();
}

/* Expect: 100-continue, the Content-Length and Content-Type lines mangled (a mutated
 * input), and the body's bytes behind the headers: the request has no body and the
 * wrong content type. */
static void expect_with_mangled_length_is_answered(void **state)
{
	struct answers a;

	exchange(CHECK_SESSION "Accept-Language: en\r\nExpect: 100-continue\r\n"
		 "CoNtent=Vypd: applkcation/jcon\r\nConten4-Leneth: 2\r\n\r\n{}", 1, &a);
	assert_answer(&a, 0, 400, "BAD_REQUEST");
	assert_string_equal(cJSON_GetObjectItem(a.json[0], "errorMsg")->valuestring,
			    "Content-Type must be application/json");
	answers_free(&a);
	assert_no_internal_error_logged();
	assert_still_serving();
}

/* The same with the right content type: the empty body is refused as not JSON. */
static void expect_without_length_is_answered(void **state)
{
	struct answers a;

	exchange(CHECK_SESSION "Expect: 100-continue\r\n" JSON_TYPE "\r\n{}", 1, &a);
	assert_answer(&a, 0, 400, "BAD_REQUEST");
	answers_free(&a);
	assert_no_internal_error_logged();
	assert_still_serving();
}

/* A Transfer-Encoding other than chunked (a mutated "chunked", a compression kabinetd
 * does not take): refused before the body, which would otherwise be read until the
 * client closed. */
static void unknown_transfer_coding_is_400(void **state)
{
	static const char *const codings[] = { "chunkgd", "gzip", "gzip, chunked" };
	char req[512];
	struct answers a;

	for (size_t i = 0; i < sizeof(codings) / sizeof(codings[0]); i++) {
		snprintf(req, sizeof(req), CHECK_SESSION JSON_TYPE "Accept-Language: en\r\n"
			 "Transfer-Encoding: %s\r\n\r\n2\r\n{}\r\n0\r\n\r\n", codings[i]);
		exchange(req, 1, &a);
		assert_answer(&a, 0, 400, "BAD_REQUEST");
		assert_string_equal(cJSON_GetObjectItem(a.json[0], "errorMsg")->valuestring,
				    "Transfer-Encoding must be chunked");
		answers_free(&a);
	}
	assert_no_internal_error_logged();
	assert_still_serving();
}

/* The same on an approval page: its empty 400. */
static void unknown_transfer_coding_on_page_is_400(void **state)
{
	struct answers a;

	exchange("POST /device HTTP/1.1\r\nHost: kabinetd\r\nTransfer-Encoding: chunkgd\r\n"
		 "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
		 "e\r\ncode=ABCD-EFGH\r\n0\r\n\r\n", 1, &a);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.status[0], 400);
	answers_free(&a);
	assert_still_serving();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expect_with_empty_body_then_next_request),
		cmocka_unit_test(expect_with_mangled_length_is_answered),
		cmocka_unit_test(expect_without_length_is_answered),
		cmocka_unit_test(unknown_transfer_coding_is_400),
		cmocka_unit_test(unknown_transfer_coding_on_page_is_400),
	};
	return cmocka_run_group_tests_name("http_fuzzed", tests, group_setup, group_teardown);
}

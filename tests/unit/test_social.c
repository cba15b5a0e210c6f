/* Unit tests of model_social.c and qr.c: the contract's answers of the social methods
 * read (providers, a flow, every poll status of each method, the links), hostile ones
 * refused whole (a user code out of its alphabet or shape, a URL that is no http(s) or
 * holds a control character or a space, times out of range, a status or reason the
 * method does not have, a provider id out of shape), names kept whole and made safe
 * when drawn; the bodies; and the QR art of a known URL (version, modules, half blocks, the
 * finder pattern's corner). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/qr.h"
#include "kabinet/model/social.h"
#include "kabinet/model/text.h"

#define FLOW(code, uri, expires, interval) "{\"deviceCode\":\"Ab3_-x9QzLk0pWmNs7VtR2yHc4FjDe8GuIo5Kb1Xa6n\"," \
	"\"userCode\":\"" code "\",\"verificationUri\":\"https://kabinet.example.ru/device\"," \
	"\"verificationUriComplete\":\"" uri "\",\"expiresIn\":" expires ",\"interval\":" interval "}"
#define URI_OK "https://kabinet.example.ru/device?code=WDJB-MJHT"

static void providers(void **state)
{
	struct social_providers p;
	struct model_err err;
	char safe[128];

	(void)state;
	assert_int_equal(model_parse_social_providers(
				 "{\"providers\":[{\"id\":\"vk\",\"name\":\"VK ID\"},"
				 "{\"id\":\"ya_id-2\",\"name\":\"Яндекс \\u001b[31mID\"}]}", &p, &err),
			 MODEL_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0].id, "vk");
	assert_string_equal(p.items[0].name, "VK ID");
	assert_string_equal(p.items[1].id, "ya_id-2");
	/* Kept whole; drawn made safe. */
	assert_string_equal(p.items[1].name, "Яндекс \033[31mID");
	text_clean(p.items[1].name, 0, safe, sizeof(safe));
	assert_null(strchr(safe, '\033'));
	model_free_social_providers(&p);
	assert_int_equal(model_parse_social_providers("{\"providers\":[]}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 0);
	model_free_social_providers(&p);
	assert_int_equal(model_parse_social_providers("{\"providers\":[{\"id\":\"VK\",\"name\":\"x\"}]}",
						      &p, &err), MODEL_BAD);
	assert_int_equal(model_parse_social_providers(
				 "{\"providers\":[{\"id\":\"a_very_long_provider\",\"name\":\"x\"}]}",
				 &p, &err), MODEL_BAD);
	assert_int_equal(model_parse_social_providers("{\"providers\":[{\"id\":\"vk\"}]}", &p, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_social_providers("{}", &p, &err), MODEL_BAD);
}

static void flow(void **state)
{
	struct social_flow f;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_social_flow(FLOW("WDJB-MJHT", URI_OK, "600", "5"), &f, &err),
			 MODEL_OK);
	assert_string_equal(f.user_code, "WDJB-MJHT");
	assert_string_equal(f.device_code, "Ab3_-x9QzLk0pWmNs7VtR2yHc4FjDe8GuIo5Kb1Xa6n");
	assert_string_equal(f.uri, "https://kabinet.example.ru/device");
	assert_string_equal(f.uri_complete, URI_OK);
	assert_int_equal(f.expires_in, 600);
	assert_int_equal(f.interval, 5);
	assert_int_equal(model_parse_social_flow(
				 FLOW("WDJB-MJHT", "http://127.0.0.1:8080/device?code=WDJB-MJHT", "1", "1"),
				 &f, &err), MODEL_OK);
}

static void hostile_flows_refused(void **state)
{
	static const char *const bad[] = {
		FLOW("wdjb-mjht", URI_OK, "600", "5"),	/* lower case */
		FLOW("WDJA-MJHT", URI_OK, "600", "5"),	/* A: a vowel, not in the alphabet */
		FLOW("WDJBMJHT", URI_OK, "600", "5"),
		FLOW("WDJB-MJHTX", URI_OK, "600", "5"),
		FLOW("WDJB_MJHT", URI_OK, "600", "5"),
		FLOW("WDJB-MJH\\u001b", URI_OK, "600", "5"),
		FLOW("WDJB-MJHT", "javascript:alert(1)", "600", "5"),
		FLOW("WDJB-MJHT", "ftp://kabinet.example.ru/device", "600", "5"),
		FLOW("WDJB-MJHT", "https://", "600", "5"),
		FLOW("WDJB-MJHT", "https://kabinet.example.ru/de vice", "600", "5"),
		FLOW("WDJB-MJHT", "https://kabinet.example.ru/\\u001b[2J", "600", "5"),
		FLOW("WDJB-MJHT", "https://kabinet.example.ru/\\u007f", "600", "5"),
		FLOW("WDJB-MJHT", "https://пример.рф/device", "600", "5"),
		FLOW("WDJB-MJHT", URI_OK, "0", "5"),
		FLOW("WDJB-MJHT", URI_OK, "3601", "5"),
		FLOW("WDJB-MJHT", URI_OK, "600", "0"),
		FLOW("WDJB-MJHT", URI_OK, "600", "301"),
		FLOW("WDJB-MJHT", URI_OK, "600", "5.5"),
		FLOW("WDJB-MJHT", URI_OK, "\"600\"", "5"),
		"{\"deviceCode\":\"a b\",\"userCode\":\"WDJB-MJHT\",\"verificationUri\":\"" URI_OK
		"\",\"verificationUriComplete\":\"" URI_OK "\",\"expiresIn\":600,\"interval\":5}",
		"{\"userCode\":\"WDJB-MJHT\",\"verificationUri\":\"" URI_OK
		"\",\"verificationUriComplete\":\"" URI_OK "\",\"expiresIn\":600,\"interval\":5}",
		"[]",
	};
	struct social_flow f;
	struct model_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&f, 'x', sizeof(f));
		assert_int_equal(model_parse_social_flow(bad[i], &f, &err), MODEL_BAD);
		assert_string_equal(f.device_code, "");	/* nothing of it kept */
	}
}

static enum social_status poll(const char *json, bool link, enum model_status want)
{
	struct social_poll p;
	struct model_err err;

	assert_int_equal(model_parse_social_poll(json, link, &p, &err), want);
	return p.status;
}

static void poll_login(void **state)
{
	struct social_poll p;
	struct model_err err;

	(void)state;
	assert_int_equal(poll("{\"status\":\"AUTHORIZATION_PENDING\"}", false, MODEL_OK), SOCIAL_PENDING);
	assert_int_equal(model_parse_social_poll("{\"status\":\"SLOW_DOWN\",\"interval\":10}", false,
						 &p, &err), MODEL_OK);
	assert_int_equal(p.status, SOCIAL_SLOW_DOWN);
	assert_int_equal(p.interval, 10);
	assert_int_equal(poll("{\"status\":\"ACCESS_DENIED\",\"reason\":\"DENIED\"}", false, MODEL_OK),
			 SOCIAL_DENIED);
	assert_int_equal(poll("{\"status\":\"ACCESS_DENIED\",\"reason\":\"NOT_LINKED\"}", false,
			      MODEL_OK), SOCIAL_NOT_LINKED);
	assert_int_equal(poll("{\"status\":\"ACCESS_DENIED\",\"reason\":\"PROVIDER_ERROR\"}", false,
			      MODEL_OK), SOCIAL_PROVIDER_ERROR);
	assert_int_equal(poll("{\"status\":\"EXPIRED_TOKEN\"}", false, MODEL_OK), SOCIAL_EXPIRED);
	assert_int_equal(poll("{\"status\":\"OK\"}", false, MODEL_OK), SOCIAL_APPROVED);
	assert_int_equal(poll("{\"status\":\"OK\",\"rememberToken\":\"t\"}", false, MODEL_OK),
			 SOCIAL_APPROVED);
	assert_int_equal(poll("{\"status\":\"OTP_REQUIRED\",\"otpId\":\"o1\"}", false, MODEL_OK),
			 SOCIAL_APPROVED);
	assert_int_equal(poll("{\"status\":\"PASSWORD_CHANGE_REQUIRED\"}", false, MODEL_OK),
			 SOCIAL_APPROVED);
	/* What the method does not have. */
	poll("{\"status\":\"ACCESS_DENIED\",\"reason\":\"LINKED_ELSEWHERE\"}", false, MODEL_BAD);
	poll("{\"status\":\"ACCESS_DENIED\"}", false, MODEL_BAD);
	poll("{\"status\":\"SLOW_DOWN\"}", false, MODEL_BAD);
	poll("{\"status\":\"SLOW_DOWN\",\"interval\":100000}", false, MODEL_BAD);
	poll("{\"status\":\"pending\"}", false, MODEL_BAD);
	poll("{}", false, MODEL_BAD);
}

#define LINK_ROW "{\"provider\":\"vk\",\"name\":\"VK ID\",\"linked\":true," \
	"\"displayName\":\"Иванов П. С.\",\"linkedAt\":\"2026-12-07T05:00:00Z\"}"

static void poll_link(void **state)
{
	struct social_poll p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_social_poll("{\"status\":\"OK\",\"link\":" LINK_ROW "}", true,
						 &p, &err), MODEL_OK);
	assert_int_equal(p.status, SOCIAL_APPROVED);
	assert_string_equal(p.link.provider, "vk");
	assert_string_equal(p.link.display_name, "Иванов П. С.");
	assert_int_equal(poll("{\"status\":\"ACCESS_DENIED\",\"reason\":\"LINKED_ELSEWHERE\"}", true,
			      MODEL_OK), SOCIAL_LINKED_ELSEWHERE);
	assert_int_equal(poll("{\"status\":\"AUTHORIZATION_PENDING\"}", true, MODEL_OK), SOCIAL_PENDING);
	poll("{\"status\":\"OK\"}", true, MODEL_BAD);
	poll("{\"status\":\"OTP_REQUIRED\"}", true, MODEL_BAD);
	poll("{\"status\":\"ACCESS_DENIED\",\"reason\":\"NOT_LINKED\"}", true, MODEL_BAD);
	poll("{\"status\":\"OK\",\"link\":{\"provider\":\"vk\",\"name\":\"VK ID\",\"linked\":false,"
	     "\"displayName\":null,\"linkedAt\":null}}", true, MODEL_BAD);
}

static void links(void **state)
{
	struct social_links l;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_social_links(
				 "{\"links\":[" LINK_ROW ",{\"provider\":\"ya\",\"name\":\"Яндекс ID\","
				 "\"linked\":false,\"displayName\":null,\"linkedAt\":null}]}", &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 2);
	assert_true(l.items[0].linked);
	assert_string_equal(l.items[0].linked_at, "2026-12-07T05:00:00Z");
	assert_false(l.items[1].linked);
	assert_string_equal(l.items[1].display_name, "");
	assert_string_equal(l.items[1].name, "Яндекс ID");
	model_free_social_links(&l);
	assert_int_equal(model_parse_social_links(
				 "{\"links\":[{\"provider\":\"vk\",\"name\":\"VK ID\",\"linked\":true,"
				 "\"displayName\":null,\"linkedAt\":null}]}", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_social_links(
				 "{\"links\":[{\"provider\":\"vk\",\"name\":\"VK ID\",\"linked\":\"yes\"}]}",
				 &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_social_links(
				 "{\"links\":[{\"provider\":\"vk\",\"name\":\"VK ID\",\"linked\":true,"
				 "\"displayName\":\"x\",\"linkedAt\":\"yesterday\"}]}", &l, &err), MODEL_BAD);
}

static void bodies(void **state)
{
	char *b;

	(void)state;
	b = model_body_social_start("vk", NULL);
	assert_string_equal(b, "{\"provider\":\"vk\"}");
	free(b);
	b = model_body_social_start("vk", "kabinet on desk");
	assert_string_equal(b, "{\"provider\":\"vk\",\"deviceName\":\"kabinet on desk\"}");
	free(b);
	b = model_body_social_poll_login("dc", true, "kabinet on desk");
	assert_string_equal(b, "{\"deviceCode\":\"dc\",\"remember\":true,\"deviceName\":\"kabinet on desk\"}");
	free(b);
	b = model_body_social_poll_login("dc", false, "kabinet on desk");
	assert_string_equal(b, "{\"deviceCode\":\"dc\",\"remember\":false}");
	free(b);
	b = model_body_social_poll_link("dc");
	assert_string_equal(b, "{\"deviceCode\":\"dc\"}");
	free(b);
	b = model_body_social_provider("ya");
	assert_string_equal(b, "{\"provider\":\"ya\"}");
	free(b);
}

/* The art's glyph at column x of line y, as the modules under it say it must be. */
static void glyph_matches(const struct qr_art *a, int x, int y)
{
	bool top = qr_art_dark(a, x, 2 * y), bottom = qr_art_dark(a, x, 2 * y + 1);
	const char *want = top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
	const char *p = a->lines[y];

	for (int i = 0; i < x; i++)
		p += (*p & 0x80) ? 3 : 1;
	assert_memory_equal(p, want, strlen(want));
}

static void qr_of_a_known_url(void **state)
{
	struct qr_art a;

	(void)state;
	assert_int_equal(qr_art_make(URI_OK, &a), 0);
	assert_int_equal(a.version, 3);
	assert_int_equal(a.modules, 29);
	assert_int_equal(a.cols, 29 + 2 * QR_QUIET);
	assert_int_equal(a.rows, 17);
	/* The quiet zone is light, the top-left finder's outer ring dark, its inner ring
	 * light, its centre dark. */
	for (int x = 0; x < a.cols; x++)
		assert_false(qr_art_dark(&a, x, 0) || qr_art_dark(&a, x, 1));
	for (int i = 0; i < 7; i++) {
		assert_true(qr_art_dark(&a, QR_QUIET + i, QR_QUIET));
		assert_true(qr_art_dark(&a, QR_QUIET, QR_QUIET + i));
		assert_true(qr_art_dark(&a, QR_QUIET + 6, QR_QUIET + i));
	}
	assert_false(qr_art_dark(&a, QR_QUIET + 1, QR_QUIET + 1));
	assert_true(qr_art_dark(&a, QR_QUIET + 3, QR_QUIET + 3));
	assert_false(qr_art_dark(&a, QR_QUIET + 7, QR_QUIET + 7));	/* the separator */
	assert_string_equal(a.lines[0], "                                 ");
	for (int y = 0; y < a.rows; y++) {
		int cols = 0;
		for (const char *p = a.lines[y]; *p; p += (*p & 0x80) ? 3 : 1)
			cols++;
		assert_int_equal(cols, a.cols);
		for (int x = 0; x < a.cols; x++)
			glyph_matches(&a, x, y);
	}
	qr_art_free(&a);
	assert_null(a.lines);
	/* Longer text, a larger version. */
	assert_int_equal(qr_art_make("https://kabinet.example.ru/device?code=WDJB-MJHT&lang=en"
				     "&from=a-rather-long-tail-to-grow", &a), 0);
	assert_true(a.version >= 5);
	assert_int_equal(a.modules, 17 + 4 * a.version);
	qr_art_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(providers),
		cmocka_unit_test(flow),
		cmocka_unit_test(hostile_flows_refused),
		cmocka_unit_test(poll_login),
		cmocka_unit_test(poll_link),
		cmocka_unit_test(links),
		cmocka_unit_test(bodies),
		cmocka_unit_test(qr_of_a_known_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

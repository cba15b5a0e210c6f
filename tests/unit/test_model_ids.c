/* Unit tests of the identifiers in API replies (model_json.c, mj_ident): ids, account
 * and phone numbers, card masks, cursors and service numbers hold to the contract's
 * shapes (docs/api.md) or the reply is bad; none is ever cut; a NUL escape does not
 * cut a string. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kabinet/model/model.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/history.h"

/* mj_ident on {"v": VALUE} (VALUE is JSON text); dst holds what was kept. */
static bool ident(enum mj_ident kind, const char *value, char *dst, size_t size)
{
	char json[512];
	struct model_err err = { "" };
	cJSON *o;
	bool ok;

	snprintf(json, sizeof(json), "{\"v\":%s}", value);
	o = mj_object(json, &err);
	assert_non_null(o);
	ok = mj_ident(o, "v", kind, true, dst, size, &err);
	cJSON_Delete(o);
	if (!ok)
		assert_non_null(strstr(err.msg, "v is"));
	return ok;
}

static bool fits(enum mj_ident kind, const char *value)
{
	char dst[256];
	return ident(kind, value, dst, sizeof(dst));
}

/* Every id kabinetd makes fits (srv_new_id, the seed, tokens, cursors); the rest
 * does not. */
static void ids_have_the_contracts_alphabet(void **state)
{
	static const char *const good[] = {
		"\"acc1\"", "\"svc11\"", "\"tar_inet100\"", "\"pay0123456789abcdef\"",
		"\"otp_0123456789abcdef\"", "\"a.b~c:d-e\"",
		"\"123456789012345678901234567890123456789012345678\"",	/* 48 */
	};
	static const char *const bad[] = {
		"\"\"", "\"acc 1\"", "\"acc/1\"", "\"acc1\\n\"", "\"acc1\\u200b\"",
		"\"acc\\u0661\"", "\"аcc1\"" /* a Cyrillic а */, "\"acc1\\u202e\"", "\"acc\\u0000x\"",
		"\"1234567890123456789012345678901234567890123456789\"",	/* 49 */
		"1", "null", "{}",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(fits(MJ_ID, good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(fits(MJ_ID, bad[i]));
	/* A cursor: kabinetd's "v1." and URL-safe base64; up to 120. */
	assert_true(fits(MJ_CURSOR, "\"v1.MjA3NzY\""));
	assert_true(fits(MJ_CURSOR, "\"v1.LTEyMw-_\""));
	assert_false(fits(MJ_CURSOR, "\"v1.MjA3NzY=\\u0000\""));
	assert_false(fits(MJ_CURSOR, "\"v1 MjA3NzY\""));
}

static void numbers_phones_and_masks_have_their_shapes(void **state)
{
	(void)state;
	assert_true(fits(MJ_ACCOUNT_NUMBER, "\"590000000001\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"5900000000010002\""));	/* 16 digits */
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"59000000001\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"5900000000\\u200b02\""));
	/* Arabic-Indic and Extended Arabic-Indic digits, fullwidth ones. */
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"\\u0665\\u0669\\u0660\\u0660\\u0660\\u0660"
					     "\\u0660\\u0660\\u0660\\u0660\\u0660\\u0661\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"59000000000\\u06f1\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"59000000000\\uff11\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"\\u202e590000000001\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "\"59000000000\\u0000\""));
	assert_false(fits(MJ_ACCOUNT_NUMBER, "590000000001"));

	assert_true(fits(MJ_PHONE, "\"+79221234522\""));
	assert_false(fits(MJ_PHONE, "\"+7922123452\\u202e2\""));
	assert_false(fits(MJ_PHONE, "\"+792212345222\""));
	assert_false(fits(MJ_PHONE, "\"89221234522\""));
	assert_false(fits(MJ_PHONE, "\"+7922\\u0661234522\""));

	assert_true(fits(MJ_CARD_MASK, "\"2200 00** **** 0004\""));
	assert_false(fits(MJ_CARD_MASK, "\"2200 00** **** 0004\\u001b[31m\""));
	assert_false(fits(MJ_CARD_MASK, "\"2200 00** **** 000\\u0664\""));
	assert_false(fits(MJ_CARD_MASK, "\"**** ****\""));
	assert_false(fits(MJ_CARD_MASK, "\"2200 0000 0000 0000 0000 0000 0004\""));
}

/* A service's number or login: any script, but nothing hidden and no look-alike
 * digit. */
static void labels_hide_nothing(void **state)
{
	static const char *const bad[] = {
		"\"+7 (342) 200\\u200b-00-01\"", "\"perm\\u00adivanov\"", "\"perm\\u2066x\\u2069\"",
		"\"perm\\u200d\"", "\"perm\\ufeff\"", "\"tv\\u0085\"", "\"tv\\u007f\"", "\"tv\\t\"",
		"\"\\u0663422000001\"", "\"\\u09e6\"", "\"x\\ud835\\udfce\"" /* a bold digit 0 */,
		"\"x\\u00b2\"", "\"x\\u0000y\"", "\"x\\u061cy\"", "\"x\\udb40\\udc41\"" /* a tag */,
	};
	(void)state;
	assert_true(fits(MJ_LABEL, "\"+7 (342) 200-00-01\""));
	assert_true(fits(MJ_LABEL, "\"Интернет-1\""));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (fits(MJ_LABEL, bad[i]))
			fail_msg("taken: %s", bad[i]);
	}
}

/* Too long for where it is kept: a bad reply, not a shorter identifier. */
static void an_identifier_is_never_cut(void **state)
{
	char dst[8];

	(void)state;
	assert_true(ident(MJ_LABEL, "\"1234567\"", dst, sizeof(dst)));
	assert_string_equal(dst, "1234567");
	assert_false(ident(MJ_LABEL, "\"12345678\"", dst, sizeof(dst)));
	assert_string_equal(dst, "");
	assert_false(ident(MJ_ID, "\"acc12345\"", dst, sizeof(dst)));
}

/* Optional: absent, null or "" is nothing; required: each is a bad reply. */
static void optional_and_required(void **state)
{
	struct model_err err = { "" };
	cJSON *o = mj_object("{\"a\":null,\"b\":\"\"}", &err);
	char dst[16] = "x";

	(void)state;
	assert_true(mj_ident(o, "a", MJ_PHONE, false, dst, sizeof(dst), &err));
	assert_string_equal(dst, "");
	assert_true(mj_ident(o, "b", MJ_PHONE, false, dst, sizeof(dst), &err));
	assert_true(mj_ident(o, "c", MJ_PHONE, false, dst, sizeof(dst), &err));
	assert_false(mj_ident(o, "a", MJ_ACCOUNT_NUMBER, true, dst, sizeof(dst), &err));
	assert_false(mj_ident(o, "b", MJ_ACCOUNT_NUMBER, true, dst, sizeof(dst), &err));
	assert_false(mj_id(o, "c", dst, sizeof(dst), &err));
	cJSON_Delete(o);
}

/* The findings through the readers: a 16-digit number, a zero-width space,
 * Arabic-Indic digits, a NUL that made two ids one. */
static void the_accounts_reply_is_bad_not_shortened(void **state)
{
	static const char *const numbers[] = {
		"5900000000010002", "5900000000\\u200b02",
		"\\u0665\\u0669\\u0660\\u0660\\u0660\\u0660\\u0660\\u0660\\u0660\\u0660\\u0660\\u0662",
	};
	struct account_list list;
	struct model_err err;
	char json[512];

	(void)state;
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		snprintf(json, sizeof(json), "{\"accounts\":[{\"accountId\":\"acc1\",\"number\":"
			 "\"%s\",\"services\":[]}]}", numbers[i]);
		assert_int_equal(model_parse_accounts(json, &list, &err), MODEL_BAD);
		assert_non_null(strstr(err.msg, "number is not an account number"));
	}
	assert_int_equal(model_parse_accounts(
		"{\"accounts\":[{\"accountId\":\"abc\",\"number\":\"590000000001\"},"
		"{\"accountId\":\"abc\\u0000def\",\"number\":\"590000000002\"}]}", &list, &err),
		MODEL_BAD);
	assert_non_null(strstr(err.msg, "accountId"));
}

/* In free text the NUL shows as U+FFFD and what follows it is kept; an escaped
 * backslash before "u0000" is text, left as it is. */
static void a_nul_in_free_text_is_a_replacement_character(void **state)
{
	struct hist_page p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_history(
		"{\"items\":[{\"id\":\"h1\",\"accountId\":\"acc1\",\"date\":\"2026-11-01\","
		"\"type\":\"PAYMENT\",\"amount\":100,\"description\":\"abc\\u0000def\"},"
		"{\"id\":\"h2\",\"accountId\":\"acc1\",\"date\":\"2026-11-01\",\"type\":\"PAYMENT\","
		"\"amount\":100,\"description\":\"C:\\\\u0000\"}],\"total\":2}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0].description, "abc\xef\xbf\xbd" "def");
	assert_string_equal(p.items[1].description, "C:\\u0000");
	model_free_history(&p);
}

static void the_profile_phone_and_card_masks(void **state)
{
	struct profile pr;
	struct card_list cards;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_profile("{\"login\":\"demo\",\"phone\":\"+79221234522\"}",
					     &pr, &err), MODEL_OK);
	assert_string_equal(pr.phone, "+79221234522");
	assert_int_equal(model_parse_profile("{\"login\":\"demo\",\"phone\":\"+7922\\u202e1234522\"}",
					     &pr, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "phone"));
	assert_int_equal(model_parse_cards("{\"cards\":[{\"cardId\":\"card1\",\"mask\":"
					   "\"2200 00** **** 0004\"}]}", &cards, &err), MODEL_OK);
	model_free_cards(&cards);
	assert_int_equal(model_parse_cards("{\"cards\":[{\"cardId\":\"card1\",\"mask\":"
					   "\"2200 00** **** 0\\u200b004\"}]}", &cards, &err),
			 MODEL_BAD);
	assert_non_null(strstr(err.msg, "mask"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids_have_the_contracts_alphabet),
		cmocka_unit_test(numbers_phones_and_masks_have_their_shapes),
		cmocka_unit_test(labels_hide_nothing),
		cmocka_unit_test(an_identifier_is_never_cut),
		cmocka_unit_test(optional_and_required),
		cmocka_unit_test(the_accounts_reply_is_bad_not_shortened),
		cmocka_unit_test(a_nul_in_free_text_is_a_replacement_character),
		cmocka_unit_test(the_profile_phone_and_card_masks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

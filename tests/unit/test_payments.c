/* Unit tests of model_payments.c and model_cards.c: the payment object as the API
 * answers it (docs/api.md's examples), bad answers refused, the card number's checks,
 * the idempotency key, and the bodies of createPayment, bindCard and confirmPayment. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kabinet/i18n.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/payments.h"
#include "kabinet/net/secure_heap.h"

static void payment_object(void **state)
{
	struct payment p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_payment(
				 "{\"paymentId\":\"pay36b0092be78716e1\",\"kind\":\"PAYMENT\",\"status\":\"SUCCEEDED\","
				 "\"amount\":12345,\"createdAt\":\"2026-11-22T10:06:56Z\",\"declineReason\":null,"
				 "\"cardId\":\"card1\",\"cardMask\":\"2200 00** **** 0004\","
				 "\"items\":[{\"accountId\":\"acc1\",\"amount\":12345}]}",
				 &p, &err),
			 MODEL_OK);
	assert_string_equal(p.id, "pay36b0092be78716e1");
	assert_int_equal(p.status, PAY_SUCCEEDED);
	assert_int_equal(p.kind, PAY_KIND_PAYMENT);
	assert_int_equal(p.amount, 12345);
	assert_int_equal(p.nitems, 1);
	assert_string_equal(p.items[0].account_id, "acc1");
	assert_string_equal(p.card_id, "card1");
	assert_string_equal(p.card_mask, "2200 00** **** 0004");
	assert_string_equal(p.decline_reason, "");

	assert_int_equal(model_parse_payment(
				 "{\"paymentId\":\"pay2\",\"kind\":\"BIND\",\"status\":\"PENDING_3DS\","
				 "\"amount\":100,\"items\":[],\"cardId\":null,\"mask\":\"4000 00** **** 0002\","
				 "\"sentTo\":\"4000 00** **** 0002\"}",
				 &p, &err),
			 MODEL_OK);
	assert_int_equal(p.status, PAY_PENDING_3DS);
	assert_int_equal(p.kind, PAY_KIND_BIND);
	assert_string_equal(p.card_id, "");
	assert_string_equal(p.card_mask, "4000 00** **** 0002");
	assert_string_equal(p.sent_to, "4000 00** **** 0002");

	assert_int_equal(model_parse_payment("{\"paymentId\":\"p\",\"status\":\"DECLINED\",\"amount\":500,"
					     "\"declineReason\":\"CARD_BLOCKED\"}",
					     &p, &err),
			 MODEL_OK);
	assert_string_equal(p.decline_reason, "CARD_BLOCKED");
}

static void bad_payment_answers(void **state)
{
	static const char *const bad[] = {
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100.5}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":1e300}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":-1}",
		"{\"paymentId\":\"p\",\"status\":\"MAYBE\",\"amount\":100}",
		"{\"status\":\"SUCCEEDED\",\"amount\":100}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"items\":{}}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"items\":[{\"amount\":1}]}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"cardId\":5}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"items\":[1,2,3,4,5,6,7,8,9,10,11]}",
		/* The mask under its older name is held to a mask's shape as cardMask is. */
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"mask\":\"4000\u200b00** **** 0002\"}",
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"mask\":\"x\"}",
		/* createdAt is an RFC 3339 instant, as a request's. */
		"{\"paymentId\":\"p\",\"status\":\"SUCCEEDED\",\"amount\":100,\"createdAt\":\"yesterday\"}",
		/* Where the code went: whole, nothing hidden in it. */
		"{\"paymentId\":\"p\",\"status\":\"PENDING_3DS\",\"amount\":100,\"sentTo\":\"4000 \u202e00** **** 0002\"}",
		"[]",
		"not json",
	};
	struct payment p;
	struct model_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.msg[0] = '\0';
		assert_int_equal(model_parse_payment(bad[i], &p, &err), MODEL_BAD);
		assert_true(err.msg[0] != '\0');
	}
}

/* sentTo (a masked phone, card or e-mail) is shown where the code went: a masked
 * e-mail of the longest host is whole, a longer text is a bad reply, never cut. */
static void sent_to_is_whole_or_bad(void **state)
{
	char host[254], json[1024];
	struct payment p;
	struct model_err err;

	(void)state;
	memset(host, 'h', sizeof(host) - 5);
	memcpy(host + sizeof(host) - 5, ".ru", 4);	/* 252 bytes */
	snprintf(json, sizeof(json), "{\"paymentId\":\"p\",\"status\":\"PENDING_3DS\","
		 "\"amount\":100,\"sentTo\":\"n***@%s\"}", host);
	assert_int_equal(model_parse_payment(json, &p, &err), MODEL_OK);
	assert_int_equal(strlen(p.sent_to), 257);
	snprintf(json, sizeof(json), "{\"paymentId\":\"p\",\"status\":\"PENDING_3DS\","
		 "\"amount\":100,\"sentTo\":\"n***@%s%s\"}", host, "long");
	assert_int_equal(model_parse_payment(json, &p, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "sentTo"));
}

static void declines_in_words(void **state)
{
	(void)state;
	assert_string_equal(pay_decline_text("INSUFFICIENT_FUNDS"), "there is not enough money on the card");
	assert_string_equal(pay_decline_text("3DS_EXPIRED"), "no confirmation code came within 5 minutes");
	assert_string_equal(pay_decline_text("SOMETHING_NEW"), "the bank declined the payment");
	assert_string_equal(pay_decline_text(NULL), "the bank declined the payment");
}

static void card_numbers(void **state)
{
	(void)state;
	assert_true(pay_luhn_ok("2200000000000004"));
	assert_true(pay_luhn_ok("4000000000000002"));
	assert_true(pay_luhn_ok("5555555555554444"));
	assert_false(pay_luhn_ok("4000000000000003"));
	assert_false(pay_luhn_ok("400000000000002"));	/* 15 digits */
	assert_false(pay_luhn_ok("40000000000000020000"));	/* 20 */
	assert_false(pay_luhn_ok("4000 0000 0000 0002"));
	assert_string_equal(pay_card_system("2200000000000004"), "MIR");
	assert_string_equal(pay_card_system("2204000000000000"), "MIR");
	assert_string_equal(pay_card_system("4000000000000002"), "VISA");
	assert_string_equal(pay_card_system("5555555555554444"), "MASTERCARD");
	assert_string_equal(pay_card_system("2221000000000009"), "MASTERCARD");
	assert_string_equal(pay_card_system("2720990000000000"), "MASTERCARD");
	assert_null(pay_card_system("3530111333300000"));	/* JCB */
	assert_null(pay_card_system("2205000000000000"));
	assert_null(pay_card_system(""));
}

static void keys_are_new_each_time(void **state)
{
	char a[PAY_KEY_SIZE], b[PAY_KEY_SIZE];

	(void)state;
	assert_int_equal(pay_new_key(a), 0);
	assert_int_equal(pay_new_key(b), 0);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "0123456789abcdef"), 32);
	assert_string_not_equal(a, b);
}

static void payment_bodies(void **state)
{
	struct pay_item items[2] = { { "acc1", 10000 }, { "acc2", 150000 } };
	struct new_card card = { "4000000000000002", 12, 2030, "123", "" };
	struct pay_receipt receipt = { true, "demo@kabinet.example" };
	cJSON *o, *src;
	char *body;

	(void)state;
	body = model_body_create_payment(items, 2, "card1", NULL, &receipt, "k0123456789abcdef");
	o = cJSON_Parse(body);
	assert_non_null(o);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "items")), 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 1),
					     "amount")->valueint,
			 150000);
	src = cJSON_GetObjectItem(o, "source");
	assert_string_equal(cJSON_GetObjectItem(src, "cardId")->valuestring, "card1");
	assert_null(cJSON_GetObjectItem(src, "card"));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "receipt"), "email")->valuestring,
			    "demo@kabinet.example");
	assert_string_equal(cJSON_GetObjectItem(o, "idempotencyKey")->valuestring, "k0123456789abcdef");
	cJSON_Delete(o);
	model_free_secret_body(body);

	receipt = (struct pay_receipt){ false, "" };
	body = model_body_create_payment(items, 1, NULL, &card, &receipt, "key12345");
	o = cJSON_Parse(body);
	src = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "source"), "card");
	assert_string_equal(cJSON_GetObjectItem(src, "pan")->valuestring, "4000000000000002");
	assert_int_equal(cJSON_GetObjectItem(src, "expMonth")->valueint, 12);
	assert_int_equal(cJSON_GetObjectItem(src, "expYear")->valueint, 2030);
	assert_string_equal(cJSON_GetObjectItem(src, "cvc")->valuestring, "123");
	assert_null(cJSON_GetObjectItem(src, "holder"));
	assert_null(cJSON_GetObjectItem(o, "receipt"));	/* none asked */
	cJSON_Delete(o);
	model_free_secret_body(body);

	body = model_body_bind_card(&card, "key12345");
	assert_non_null(strstr(body, "\"pan\":\"4000000000000002\""));
	model_free_secret_body(body);
	body = model_body_confirm_payment("pay1", "123456");
	assert_string_equal(body, "{\"paymentId\":\"pay1\",\"code\":\"123456\"}");
	model_free_secret_body(body);
}

static void cards(void **state)
{
	struct card_list l = { 0 };
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_cards("{\"cards\":[{\"cardId\":\"card1\",\"mask\":\"2200 00** **** 0004\","
					   "\"paymentSystem\":\"MIR\",\"expires\":\"12/30\"}]}",
					   &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].mask, "2200 00** **** 0004");
	assert_string_equal(l.items[0].expires, "12/30");
	model_free_cards(&l);
	/* A bad answer gives an empty list (the caller keeps its old one). */
	assert_int_equal(model_parse_cards("{\"cards\":{}}", &l, &err), MODEL_BAD);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

/* The wiping allocator keeps what it holds and zeroes what it frees. */
static void secure_heap(void **state)
{
	char *p, *q;

	(void)state;
	p = secure_malloc(32);
	strcpy(p, "4000000000000002");
	q = secure_realloc(p, 4096);
	assert_string_equal(q, "4000000000000002");
	secure_free(q);
	secure_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(payment_object),
		cmocka_unit_test(bad_payment_answers),
		cmocka_unit_test(sent_to_is_whole_or_bad),
		cmocka_unit_test(declines_in_words),
		cmocka_unit_test(card_numbers),
		cmocka_unit_test(keys_are_new_each_time),
		cmocka_unit_test(payment_bodies),
		cmocka_unit_test(cards),
		cmocka_unit_test(secure_heap),
	};
	i18n_init("en");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

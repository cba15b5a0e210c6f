/* Unit tests of model_money.c and model_cards.c: invoices and their lines, the
 * transfer's body and answer, the promised payment's offer, body and answer, bound
 * cards — docs/api.md's examples, and replies that must be refused (a fraction of a
 * kopeck, a missing field, a figure beyond 2^53, lines that do not add up). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"

static void invoices(void **state)
{
	struct invoice_list l;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_invoices(
				 "{\"invoices\":[{\"invoiceId\":\"inv2\",\"period\":\"2026-11\","
				 "\"amount\":137000,\"dueDate\":\"2026-11-01\",\"paid\":false},"
				 "{\"invoiceId\":\"inv1\",\"period\":\"2026-10\",\"amount\":80300,"
				 "\"dueDate\":\"2026-10-01\",\"paid\":true}]}",
				 &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "inv2");
	assert_string_equal(l.items[0].period, "2026-11");
	assert_int_equal(l.items[0].amount, 137000);
	assert_string_equal(l.items[0].due_date, "2026-11-01");
	assert_false(l.items[0].paid);
	assert_true(l.items[1].paid);
	model_free_invoices(&l);
	assert_int_equal(model_parse_invoices("{\"invoices\":[]}", &l, &err), MODEL_OK);
	assert_int_equal(l.n, 0);
	model_free_invoices(&l);

	/* Bad replies: a fraction, a figure beyond 2^53, a missing field, a period that is
	 * no month, paid not a bool, no list at all. */
	assert_int_equal(model_parse_invoices(
				 "{\"invoices\":[{\"invoiceId\":\"i\",\"period\":\"2026-11\","
				 "\"amount\":1370.5,\"dueDate\":\"2026-11-01\",\"paid\":false}]}",
				 &l, &err),
			 MODEL_BAD);
	assert_non_null(strstr(err.msg, "amount"));
	assert_null(l.items);
	assert_int_equal(model_parse_invoices(
				 "{\"invoices\":[{\"invoiceId\":\"i\",\"period\":\"2026-11\","
				 "\"amount\":9007199254740993,\"dueDate\":\"2026-11-01\",\"paid\":false}]}",
				 &l, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_invoices(
				 "{\"invoices\":[{\"invoiceId\":\"i\",\"period\":\"2026-11\","
				 "\"amount\":100,\"paid\":false}]}",
				 &l, &err),
			 MODEL_BAD);
	assert_non_null(strstr(err.msg, "dueDate"));
	assert_int_equal(model_parse_invoices(
				 "{\"invoices\":[{\"invoiceId\":\"i\",\"period\":\"2026-13\","
				 "\"amount\":100,\"dueDate\":\"2026-11-01\",\"paid\":false}]}",
				 &l, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_invoices(
				 "{\"invoices\":[{\"invoiceId\":\"i\",\"period\":\"2026-11\","
				 "\"amount\":100,\"dueDate\":\"2026-11-01\",\"paid\":\"no\"}]}",
				 &l, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_invoices("{}", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_invoices("[1]", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_invoices("{\"invoices\":[5]}", &l, &err), MODEL_BAD);
}

static void invoice_lines(void **state)
{
	struct invoice_detail d;
	struct model_err err;
	char *b;

	(void)state;
	assert_int_equal(model_parse_invoice(
				 "{\"invoiceId\":\"inv2\",\"accountId\":\"acc1\",\"period\":\"2026-11\","
				 "\"amount\":80000,\"dueDate\":\"2026-11-01\",\"paid\":false,\"lines\":["
				 "{\"service\":\"Интернет perm_ivanov\",\"description\":\"Домашний 300\","
				 "\"amount\":65000},{\"service\":\"Интернет perm_ivanov\","
				 "\"description\":\"Статический IP\",\"amount\":15000}]}",
				 &d, &err),
			 MODEL_OK);
	assert_string_equal(d.inv.id, "inv2");
	assert_string_equal(d.inv.account_id, "acc1");
	assert_int_equal(d.nlines, 2);
	assert_string_equal(d.lines[1].description, "Статический IP");
	assert_int_equal(d.lines[0].amount + d.lines[1].amount, d.inv.amount);
	model_free_invoice(&d);

	/* Lines that do not add up contradict the total: refused. */
	assert_int_equal(model_parse_invoice(
				 "{\"invoiceId\":\"inv2\",\"accountId\":\"acc1\",\"period\":\"2026-11\","
				 "\"amount\":80001,\"dueDate\":\"2026-11-01\",\"paid\":false,\"lines\":["
				 "{\"service\":\"s\",\"description\":\"d\",\"amount\":80000}]}",
				 &d, &err),
			 MODEL_BAD);
	assert_null(d.lines);
	/* A line's amount with a fraction; no lines at all; no account. */
	assert_int_equal(model_parse_invoice(
				 "{\"invoiceId\":\"inv2\",\"accountId\":\"acc1\",\"period\":\"2026-11\","
				 "\"amount\":100,\"dueDate\":\"2026-11-01\",\"paid\":false,\"lines\":["
				 "{\"service\":\"s\",\"description\":\"d\",\"amount\":99.5}]}",
				 &d, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_invoice(
				 "{\"invoiceId\":\"inv2\",\"accountId\":\"acc1\",\"period\":\"2026-11\","
				 "\"amount\":100,\"dueDate\":\"2026-11-01\",\"paid\":false}",
				 &d, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_invoice(
				 "{\"invoiceId\":\"inv2\",\"period\":\"2026-11\",\"amount\":0,"
				 "\"dueDate\":\"2026-11-01\",\"paid\":false,\"lines\":[]}",
				 &d, &err),
			 MODEL_BAD);
	b = model_body_invoice("inv\"2");
	assert_string_equal(b, "{\"invoiceId\":\"inv\\\"2\"}");
	free(b);
}

static void transfers(void **state)
{
	struct pay_item items[2] = { { "acc2", 50050 }, { "acc3", 1500000 } };
	struct transfer_reply t;
	struct model_err err;
	char *b;

	(void)state;
	b = model_body_transfer("acc1", items, 2, "0123456789abcdef0123456789abcdef");
	assert_string_equal(b, "{\"fromAccountId\":\"acc1\",\"items\":[{\"accountId\":\"acc2\","
			       "\"amount\":50050},{\"accountId\":\"acc3\",\"amount\":1500000}],"
			       "\"idempotencyKey\":\"0123456789abcdef0123456789abcdef\"}");
	free(b);
	assert_int_equal(model_parse_transfer("{\"transferId\":\"tr9c1e\",\"status\":\"SUCCEEDED\","
					      "\"fromBalance\":70705}",
					      &t, &err),
			 MODEL_OK);
	assert_string_equal(t.id, "tr9c1e");
	assert_int_equal(t.from_balance, 70705);
	assert_int_equal(model_parse_transfer("{\"transferId\":\"tr\",\"fromBalance\":-3}", &t,
					      &err),
			 MODEL_OK);
	assert_int_equal(t.from_balance, -3);
	assert_int_equal(model_parse_transfer("{\"transferId\":\"tr\",\"fromBalance\":707.05}", &t,
					      &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_transfer("{\"transferId\":\"tr\"}", &t, &err), MODEL_BAD);
	assert_int_equal(model_parse_transfer("{\"fromBalance\":1}", &t, &err), MODEL_BAD);
	assert_int_equal(model_parse_transfer("{\"transferId\":\"tr\",\"fromBalance\":1e300}", &t,
					      &err),
			 MODEL_BAD);
}

static void promises(void **state)
{
	struct promise_offer o;
	struct promise_reply p;
	struct model_err err;
	char *b;

	(void)state;
	assert_int_equal(model_parse_promise_offer(
				 "{\"available\":true,\"reason\":null,\"minAmount\":100,"
				 "\"maxAmount\":55000,\"days\":5,\"expiresOn\":\"2026-11-27\"}",
				 &o, &err),
			 MODEL_OK);
	assert_true(o.available);
	assert_string_equal(o.reason, "");
	assert_int_equal(o.min_amount, 100);
	assert_int_equal(o.max_amount, 55000);
	assert_int_equal(o.days, 5);
	assert_string_equal(o.expires_on, "2026-11-27");
	assert_int_equal(model_parse_promise_offer(
				 "{\"available\":false,\"reason\":\"ALREADY_USED_THIS_MONTH\","
				 "\"minAmount\":100,\"maxAmount\":55000,\"days\":5,"
				 "\"expiresOn\":\"2026-11-27\"}",
				 &o, &err),
			 MODEL_OK);
	assert_false(o.available);
	assert_string_equal(o.reason, "ALREADY_USED_THIS_MONTH");
	/* Not available without a reason, a fraction, a missing field. */
	assert_int_equal(model_parse_promise_offer(
				 "{\"available\":false,\"reason\":null,\"minAmount\":100,"
				 "\"maxAmount\":55000,\"days\":5,\"expiresOn\":\"2026-11-27\"}",
				 &o, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_promise_offer(
				 "{\"available\":true,\"reason\":null,\"minAmount\":100,"
				 "\"maxAmount\":550.5,\"days\":5,\"expiresOn\":\"2026-11-27\"}",
				 &o, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_promise_offer(
				 "{\"available\":true,\"reason\":null,\"minAmount\":100,"
				 "\"maxAmount\":55000,\"expiresOn\":\"2026-11-27\"}",
				 &o, &err),
			 MODEL_BAD);
	assert_non_null(strstr(err.msg, "days"));
	assert_int_equal(model_parse_promise_offer("{\"available\":\"yes\"}", &o, &err), MODEL_BAD);

	/* The reasons in words, and something for a reason this client does not know. */
	i18n_set_lang("en");
	assert_non_null(strstr(promise_reason_text("CREDIT_ACCOUNT"), "credit"));
	assert_non_null(strstr(promise_reason_text("ACTIVE_PROMISE"), "active"));
	assert_non_null(strstr(promise_reason_text("ALREADY_USED_THIS_MONTH"), "this month"));
	assert_non_null(strstr(promise_reason_text("NO_FEE"), "fee"));
	assert_true(promise_reason_text("SOMETHING_NEW")[0] != '\0');
	assert_true(promise_reason_text(NULL)[0] != '\0');

	b = model_body_promise("acc1", 55000, "0123456789abcdef0123456789abcdef");
	assert_string_equal(b, "{\"accountId\":\"acc1\",\"amount\":55000,"
			       "\"idempotencyKey\":\"0123456789abcdef0123456789abcdef\"}");
	free(b);
	assert_int_equal(model_parse_promise("{\"promisedPaymentId\":\"pp1\",\"amount\":55000,"
					     "\"expiresAt\":\"2026-11-27T00:00:00Z\","
					     "\"balance\":138050}",
					     &p, &err),
			 MODEL_OK);
	assert_string_equal(p.id, "pp1");
	assert_int_equal(p.amount, 55000);
	assert_string_equal(p.expires_at, "2026-11-27T00:00:00Z");
	assert_int_equal(p.balance, 138050);
	assert_int_equal(model_parse_promise("{\"promisedPaymentId\":\"pp1\",\"amount\":55000,"
					     "\"expiresAt\":\"2026-11-27T00:00:00Z\"}",
					     &p, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_promise("{\"promisedPaymentId\":\"pp1\",\"amount\":55000,"
					     "\"expiresAt\":\"2026-11-27T00:00:00Z\","
					     "\"balance\":-9007199254740993}",
					     &p, &err),
			 MODEL_BAD);
}

static void cards(void **state)
{
	struct card_list l;
	struct model_err err;
	char *b;

	(void)state;
	assert_int_equal(model_parse_cards("{\"cards\":[{\"cardId\":\"card1\",\"mask\":"
					   "\"2200 00** **** 0004\",\"paymentSystem\":\"MIR\","
					   "\"expires\":\"12/30\"}]}",
					   &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].id, "card1");
	assert_string_equal(l.items[0].mask, "2200 00** **** 0004");
	assert_string_equal(l.items[0].system, "MIR");
	assert_string_equal(l.items[0].expires, "12/30");
	model_free_cards(&l);
	assert_int_equal(model_parse_cards("{\"cards\":[]}", &l, &err), MODEL_OK);
	assert_int_equal(l.n, 0);
	model_free_cards(&l);
	assert_int_equal(model_parse_cards("{\"cards\":[{\"mask\":\"2200\"}]}", &l, &err),
			 MODEL_BAD);
	assert_non_null(strstr(err.msg, "cardId"));
	assert_int_equal(model_parse_cards("{\"cards\":[{\"cardId\":\"c\",\"mask\":5}]}", &l, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_cards("{\"cards\":{}}", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_cards("not json", &l, &err), MODEL_BAD);
	b = model_body_card_id("card1");
	assert_string_equal(b, "{\"cardId\":\"card1\"}");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(invoices),
		cmocka_unit_test(invoice_lines),
		cmocka_unit_test(transfers),
		cmocka_unit_test(promises),
		cmocka_unit_test(cards),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

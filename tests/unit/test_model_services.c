/* Unit tests of model_services.c: account details, the attach wizard's answers, a
 * service with its tariff and options, the tariffs on sale, usage, and the bodies of
 * the changes. Examples are docs/api.md's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model.h"
#include "kabinet/model/services.h"

static void account_info(void **state)
{
	struct account_info a;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_account_info(
				 "{\"ownerName\":\"Иванова М. П.\",\"address\":\"г. Челябинск\","
				 "\"contractDate\":\"2021-03-01\",\"invoiceEmail\":null,"
				 "\"number\":\"740000000003\",\"region\":\"Челябинская область\"}",
				 &a, &err),
			 MODEL_OK);
	assert_string_equal(a.owner, "Иванова М. П.");
	assert_false(a.has_invoice_email);
	assert_int_equal(model_parse_invoice_email("{\"invoiceEmail\":\"bills@example.ru\"}", &a,
						   &err),
			 MODEL_OK);
	assert_true(a.has_invoice_email);
	assert_string_equal(a.invoice_email, "bills@example.ru");
	assert_int_equal(model_parse_invoice_email("{\"invoiceEmail\":null}", &a, &err), MODEL_OK);
	assert_false(a.has_invoice_email);
	assert_int_equal(model_parse_account_info("{\"ownerName\":5}", &a, &err), MODEL_BAD);
}

static void attach_answers(void **state)
{
	struct attach_offer o;
	struct model_err err;
	char id[64];
	bool moved = false;

	(void)state;
	assert_int_equal(model_parse_attach(
				 "{\"attachId\":\"att2bf81f39465e48cd\",\"number\":\"590000000010\","
				 "\"services\":[{\"serviceId\":\"svc8\",\"type\":1,\"number\":\"perm_free1\","
				 "\"displayNumber\":\"perm_free1\"},{\"serviceId\":\"svc9\",\"type\":2,"
				 "\"number\":\"3422000010\",\"displayNumber\":\"+7 (342) 200-00-10\"}]}",
				 &o, &err),
			 MODEL_OK);
	assert_string_equal(o.attach_id, "att2bf81f39465e48cd");
	assert_int_equal(o.nservices, 2);
	assert_string_equal(o.services[1].display_number, "+7 (342) 200-00-10");
	model_free_attach(&o);
	/* Nothing to prove the right with is a bad answer, not an empty step. */
	assert_int_equal(model_parse_attach("{\"attachId\":\"a1\",\"services\":[]}", &o, &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_attached("{\"accountId\":\"acc9\",\"reattached\":true}", id,
					      sizeof(id), &moved, &err),
			 MODEL_OK);
	assert_string_equal(id, "acc9");
	assert_true(moved);
}

static void service_info(void **state)
{
	struct service_info s;
	struct model_err err;

	(void)state;
	assert_int_equal(
		model_parse_service_info(
			"{\"status\":\"ACTIVE\",\"type\":1,\"number\":\"perm_ivanov\","
			"\"displayNumber\":\"perm_ivanov\",\"tariff\":{\"tariffId\":\"tar_inet300\","
			"\"name\":\"Домашний 300\",\"monthlyFee\":65000},\"pendingTariff\":"
			"{\"tariffId\":\"tar_inet500\",\"name\":\"Домашний 500\",\"monthlyFee\":80000,"
			"\"effectiveFrom\":\"2026-12-04\"},\"voluntaryBlockEndDate\":null,"
			"\"options\":[{\"optionId\":\"opt_antivirus\",\"name\":\"Антивирус\","
			"\"monthlyFee\":9900,\"enabled\":false},{\"optionId\":\"opt_static_ip\","
			"\"name\":\"Статический IP\",\"monthlyFee\":15000,\"enabled\":true}]}",
			&s, &err),
		MODEL_OK);
	assert_int_equal(s.status, SVC_ACTIVE);
	assert_true(s.has_tariff);
	assert_true(s.tariff.fee == 65000);
	assert_true(s.has_pending);
	assert_string_equal(s.pending_from, "2026-12-04");
	assert_int_equal(s.noptions, 2);
	assert_true(s.options[1].enabled);
	assert_string_equal(s.block_end, "");
	model_free_service_info(&s);
	assert_int_equal(model_parse_service_info("{\"status\":\"ACTIVE\",\"type\":1,"
						  "\"tariff\":null,\"options\":[5]}",
						  &s, &err),
			 MODEL_BAD);
}

static void tariffs_state_only_their_figures(void **state)
{
	struct tariff_list l;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_tariffs(
				 "{\"tariffs\":[{\"tariffId\":\"t1\",\"name\":\"Домашний 100\","
				 "\"description\":\"\",\"monthlyFee\":45000,\"current\":false,"
				 "\"speedMbps\":100},{\"tariffId\":\"t2\",\"name\":\"Безлимитный\","
				 "\"monthlyFee\":30000,\"current\":true}]}",
				 &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 2);
	assert_true(l.items[0].has_speed && l.items[0].speed == 100);
	assert_false(l.items[1].has_minutes);
	assert_true(l.items[1].current);
	model_free_tariffs(&l);
	assert_int_equal(model_parse_tariffs("{\"tariffs\":[{\"tariffId\":\"t\",\"monthlyFee\":1.5}]}",
					     &l, &err),
			 MODEL_BAD);
}

static void usage_pages(void **state)
{
	struct usage u;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_usage("{\"unit\":\"MIN\",\"items\":[{\"date\":\"2026-11-18\","
					   "\"value\":52},{\"date\":\"2026-11-19\",\"value\":83}],"
					   "\"nextCursor\":\"v1.MjA3NzY\",\"total\":297}",
					   &u, &err),
			 MODEL_OK);
	assert_string_equal(u.unit, "MIN");
	assert_int_equal(u.n, 2);
	assert_true(u.total == 297);
	assert_string_equal(u.next_cursor, "v1.MjA3NzY");
	model_free_usage(&u);
	assert_int_equal(model_parse_usage("{\"unit\":\"MB\",\"items\":[{\"date\":\"2026-11-18\","
					   "\"value\":-1}]}",
					   &u, &err),
			 MODEL_BAD);
}

static void bodies_and_rules(void **state)
{
	char *b;

	(void)state;
	b = model_body_attach("Пермский край", ATTACH_BY_LOGIN, "perm_free1");
	assert_string_equal(b, "{\"region\":\"Пермский край\",\"serviceLogin\":\"perm_free1\"}");
	model_free_secret_body(b);
	b = model_body_invoice_email("acc1", NULL);
	assert_string_equal(b, "{\"accountId\":\"acc1\",\"email\":null}");
	model_free_secret_body(b);
	b = model_body_set_option("svc1", "opt_boost", true);
	assert_string_equal(b, "{\"serviceId\":\"svc1\",\"optionId\":\"opt_boost\",\"enabled\":true}");
	model_free_secret_body(b);
	b = model_body_usage("svc1", "2026-11-04", "2026-12-03", 200, "");
	assert_null(strstr(b, "cursor"));
	model_free_secret_body(b);
	assert_true(model_email_valid("bills@example.ru"));
	assert_false(model_email_valid("bills@example"));
	assert_false(model_email_valid("@example.ru"));
	assert_false(model_email_valid("a b@example.ru"));
	assert_false(model_email_valid("a@b@example.ru"));
	assert_false(model_email_valid("a@.ru"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(account_info),
		cmocka_unit_test(attach_answers),
		cmocka_unit_test(service_info),
		cmocka_unit_test(tariffs_state_only_their_figures),
		cmocka_unit_test(usage_pages),
		cmocka_unit_test(bodies_and_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of the one number reader (number.h): every kind of field a person types a
 * number into — a payment's, a transfer's and a promised payment's amount, autopay's
 * threshold, amount and day, bonus points, seconds of an option, balance --below —
 * in both languages, with the inputs that used to be changed silently (1e12, -5,
 * 12,5, 12 34, 1e1) or refused in the wrong words (1,500 in English,
 * 99999999999999); what is refused keeps *out and gets one message with the form and
 * the range in the interface's language and format. The catalog is the one built next
 * to this binary: BUILD/locale. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/autopay.h"
#include "kabinet/model/bonus.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/number.h"
#include "kabinet/model/payments.h"

#define NNBSP "\u202f"
#define NBSP "\u00a0"
#define THIN "\u2009"

static const char *const status_names[] = { "OK", "EMPTY", "FORM", "RANGE" };

static void english(void)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", "C.UTF-8", 1);
	assert_int_equal(i18n_init("en"), 0);
}

static void russian(void)
{
	english();
	assert_int_equal(i18n_init("ru"), 0);
	assert_string_equal(i18n_lang(), "ru");
}

/* parse(STYLE, KIND, TEXT) must give STATUS, and VALUE when it is OK. */
static void expect(enum money_style style, enum number_kind kind, const char *text,
		   enum number_status want, int64_t value)
{
	int64_t v = 4242;
	enum number_status st = number_parse(text, kind, style, &v);

	if (st != want)
		fail_msg("%s %s \"%s\": %s, want %s", style == MONEY_RU ? "ru" : "en",
			 kind == NUMBER_MONEY ? "money" : "whole", text, status_names[st],
			 status_names[want]);
	if (want == NUMBER_OK && v != value)
		fail_msg("\"%s\": %lld, want %lld", text, (long long)v, (long long)value);
	if (want != NUMBER_OK && v != 4242)
		fail_msg("\"%s\" was refused but changed the value", text);
}

static void english_money_as_the_interface_prints_it(void **state)
{
	enum money_style s = MONEY_EN;
	enum number_kind k = NUMBER_MONEY;

	expect(s, k, "1,500.00", NUMBER_OK, 150000);
	expect(s, k, "1,500", NUMBER_OK, 150000);
	expect(s, k, "1500.5", NUMBER_OK, 150050);
	expect(s, k, "1500", NUMBER_OK, 150000);
	expect(s, k, "+5", NUMBER_OK, 500);
	expect(s, k, " 7 ", NUMBER_OK, 700);
	expect(s, k, "0.01", NUMBER_OK, 1);
	expect(s, k, "007", NUMBER_OK, 700);
	expect(s, k, "1,234,567.89", NUMBER_OK, 123456789);
	expect(s, k, "1 500", NUMBER_OK, 150000);
	expect(s, k, "1" NBSP "500.50", NUMBER_OK, 150050);
	expect(s, k, "1" NNBSP "500", NUMBER_OK, 150000);
	expect(s, k, "1" THIN "500", NUMBER_OK, 150000);
	expect(s, k, "1 000" NNBSP "000", NUMBER_OK, 100000000);
	expect(s, k, "1,500.00 RUB", NUMBER_OK, 150000);
	expect(s, k, "500 ₽", NUMBER_OK, 50000);
	expect(s, k, "-5", NUMBER_OK, -500);
	expect(s, k, "−374.80", NUMBER_OK, -37480);
	/* Not the English form: refused, never read as something else. */
	expect(s, k, "1e12", NUMBER_FORM, 0);
	expect(s, k, "1e1", NUMBER_FORM, 0);
	expect(s, k, "12,5", NUMBER_FORM, 0);
	expect(s, k, "1,50", NUMBER_FORM, 0);
	expect(s, k, "1500,5", NUMBER_FORM, 0);
	expect(s, k, "1 500,50", NUMBER_FORM, 0);
	expect(s, k, "12 34", NUMBER_FORM, 0);
	expect(s, k, "1234 567", NUMBER_FORM, 0);
	expect(s, k, "1,2345", NUMBER_FORM, 0);
	expect(s, k, "12,34,567", NUMBER_FORM, 0);
	/* Grouped from a 0: a digit lost ("0 500" typed for "10 500"), never 500. */
	expect(s, k, "0 500", NUMBER_FORM, 0);
	expect(s, k, "0,500", NUMBER_FORM, 0);
	expect(s, k, "000 001", NUMBER_FORM, 0);
	expect(s, k, "1 000,000", NUMBER_FORM, 0);
	expect(s, k, "1.500", NUMBER_FORM, 0);
	expect(s, k, "1.2.3", NUMBER_FORM, 0);
	expect(s, k, "5.", NUMBER_FORM, 0);
	expect(s, k, ".5", NUMBER_FORM, 0);
	expect(s, k, "1'000", NUMBER_FORM, 0);
	expect(s, k, "0x10", NUMBER_FORM, 0);
	expect(s, k, "--5", NUMBER_FORM, 0);
	expect(s, k, "+-5", NUMBER_FORM, 0);
	expect(s, k, "+", NUMBER_FORM, 0);
	expect(s, k, ",", NUMBER_FORM, 0);
	expect(s, k, "1\t500", NUMBER_FORM, 0);
	expect(s, k, "5 долларов", NUMBER_FORM, 0);
	expect(s, k, "１２", NUMBER_FORM, 0);
	expect(s, k, "", NUMBER_EMPTY, 0);
	expect(s, k, "  ", NUMBER_EMPTY, 0);
	/* Well formed but beyond any amount: the range, not "not an amount". */
	expect(s, k, "99999999999999", NUMBER_RANGE, 0);
	expect(s, k, "99999999999999999999999999", NUMBER_RANGE, 0);
	expect(s, k, "10000000000000", NUMBER_OK, MONEY_MAX);
	expect(s, k, "10000000000000.01", NUMBER_RANGE, 0);
}

static void russian_money_as_the_interface_prints_it(void **state)
{
	enum money_style s = MONEY_RU;
	enum number_kind k = NUMBER_MONEY;

	expect(s, k, "1 500,50", NUMBER_OK, 150050);
	expect(s, k, "1500,5", NUMBER_OK, 150050);
	expect(s, k, "1" NNBSP "500,50" NBSP "₽", NUMBER_OK, 150050);
	expect(s, k, "1" NBSP "500", NUMBER_OK, 150000);
	expect(s, k, "1" THIN "500", NUMBER_OK, 150000);
	expect(s, k, "1,5", NUMBER_OK, 150);
	expect(s, k, "0,01", NUMBER_OK, 1);
	expect(s, k, "+15 000", NUMBER_OK, 1500000);
	expect(s, k, "7 руб", NUMBER_OK, 700);
	expect(s, k, "−374,80", NUMBER_OK, -37480);
	/* A dot is a decimal mark too: Russian never groups with it. */
	expect(s, k, "1500.5", NUMBER_OK, 150050);
	expect(s, k, "1 500.50", NUMBER_OK, 150050);
	expect(s, k, "1.500", NUMBER_FORM, 0);
	/* The English comma groups nothing here. */
	expect(s, k, "1,500", NUMBER_FORM, 0);
	expect(s, k, "1,500.00", NUMBER_FORM, 0);
	expect(s, k, "1e12", NUMBER_FORM, 0);
	expect(s, k, "12 34", NUMBER_FORM, 0);
	expect(s, k, "1,2,3", NUMBER_FORM, 0);
	expect(s, k, "1,", NUMBER_FORM, 0);
	expect(s, k, "99999999999999", NUMBER_RANGE, 0);
}

static void whole_numbers_take_no_decimals(void **state)
{
	enum number_kind k = NUMBER_WHOLE;

	expect(MONEY_EN, k, "1,250", NUMBER_OK, 1250);
	expect(MONEY_EN, k, "1 250", NUMBER_OK, 1250);
	expect(MONEY_EN, k, "+28", NUMBER_OK, 28);
	expect(MONEY_EN, k, "1,000,000", NUMBER_OK, 1000000);
	expect(MONEY_EN, k, "-5", NUMBER_OK, -5);
	expect(MONEY_EN, k, "12,5", NUMBER_FORM, 0);
	expect(MONEY_EN, k, "12.5", NUMBER_FORM, 0);
	expect(MONEY_EN, k, "12.00", NUMBER_FORM, 0);
	expect(MONEY_EN, k, "1e1", NUMBER_FORM, 0);
	expect(MONEY_EN, k, "12 34", NUMBER_FORM, 0);
	expect(MONEY_EN, k, "300 RUB", NUMBER_FORM, 0);
	expect(MONEY_RU, k, "1 250", NUMBER_OK, 1250);
	expect(MONEY_RU, k, "1" NNBSP "000" NNBSP "000", NUMBER_OK, 1000000);
	expect(MONEY_RU, k, "12,5", NUMBER_FORM, 0);
	expect(MONEY_RU, k, "1,250", NUMBER_FORM, 0);
	expect(MONEY_RU, k, "1.250", NUMBER_FORM, 0);
	expect(MONEY_RU, k, "1e1", NUMBER_FORM, 0);
	expect(MONEY_RU, k, "", NUMBER_EMPTY, 0);
	expect(MONEY_RU, k, "99999999999999999999", NUMBER_RANGE, 0);
}

/* No text is read as two different numbers in the two languages: what both take,
 * they take alike. Every text of up to 6 characters over the characters that matter. */
static void no_text_means_two_numbers(void **state)
{
	static const char alphabet[] = "0159,. -";
	const size_t n = sizeof(alphabet) - 1;
	char text[8];
	size_t total = 1;

	for (int len = 1; len <= 6; len++) {
		total *= n;
		for (size_t i = 0; i < total; i++) {
			size_t x = i;
			for (int c = 0; c < len; c++, x /= n)
				text[c] = alphabet[x % n];
			text[len] = '\0';
			for (int kind = NUMBER_MONEY; kind <= NUMBER_WHOLE; kind++) {
				int64_t en = 0, ru = 0;
				if (number_parse(text, kind, MONEY_EN, &en) == NUMBER_OK &&
				    number_parse(text, kind, MONEY_RU, &ru) == NUMBER_OK && en != ru)
					fail_msg("\"%s\": %lld in English, %lld in Russian", text,
						 (long long)en, (long long)ru);
			}
		}
	}
}

/* What the screen prints is read back as the same number. */
static void what_is_printed_reads_back(void **state)
{
	static const int64_t values[] = { 0, 1, 99, 100, 123456, -37480, 150000000, MONEY_MAX };
	char buf[64];

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		expect(MONEY_RU, NUMBER_MONEY, money_format(values[i], MONEY_RU, buf, sizeof(buf)),
		       NUMBER_OK, values[i]);
		expect(MONEY_EN, NUMBER_MONEY, money_format(values[i], MONEY_EN, buf, sizeof(buf)),
		       NUMBER_OK, values[i]);
	}
}

/* What a money field is filled with (a promised payment's most) is read back as the
 * same number, in both languages, and looks as a person would type it. */
static void a_filled_field_reads_back(void **state)
{
	static const int64_t values[] = { 0, 5, 99, 100, 55050, 150000000, -37480, MONEY_MAX,
					  -MONEY_MAX };
	char buf[64];

	(void)state;
	number_field_text(55000, MONEY_EN, buf, sizeof(buf));
	assert_string_equal(buf, "550");
	number_field_text(55050, MONEY_EN, buf, sizeof(buf));
	assert_string_equal(buf, "550.50");
	number_field_text(55050, MONEY_RU, buf, sizeof(buf));
	assert_string_equal(buf, "550,50");
	number_field_text(5, MONEY_RU, buf, sizeof(buf));
	assert_string_equal(buf, "0,05");
	number_field_text(-37480, MONEY_RU, buf, sizeof(buf));
	assert_string_equal(buf, "-374,80");
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		number_field_text(values[i], MONEY_RU, buf, sizeof(buf));
		expect(MONEY_RU, NUMBER_MONEY, buf, NUMBER_OK, values[i]);
		number_field_text(values[i], MONEY_EN, buf, sizeof(buf));
		expect(MONEY_EN, NUMBER_MONEY, buf, NUMBER_OK, values[i]);
	}
}

/* The least and the greatest int64_t have a magnitude too, with one sign; a short
 * buffer is cut, not overrun. */
static void a_filled_field_at_the_extremes(void **state)
{
	char buf[32], small[5];

	(void)state;
	number_field_text(-50, MONEY_RU, buf, sizeof(buf));
	assert_string_equal(buf, "-0,50");
	number_field_text(-1, MONEY_EN, buf, sizeof(buf));
	assert_string_equal(buf, "-0.01");
	number_field_text(-20000, MONEY_EN, buf, sizeof(buf));
	assert_string_equal(buf, "-200");
	number_field_text(INT64_MIN, MONEY_RU, buf, sizeof(buf));
	assert_string_equal(buf, "-92233720368547758,08");
	number_field_text(INT64_MAX, MONEY_EN, buf, sizeof(buf));
	assert_string_equal(buf, "92233720368547758.07");
	number_field_text(123456, MONEY_EN, small, sizeof(small));
	assert_string_equal(small, "1234");
}

/* Every kind of field, with the rule its code gives it. */
struct field {
	const char *name;
	struct number_rule rule;
};

static const struct field fields[] = {
	{ "payment", { NUMBER_MONEY, PAY_AMOUNT_MIN, PAY_AMOUNT_MAX } },
	{ "transfer", { NUMBER_MONEY, PAY_AMOUNT_MIN, PAY_AMOUNT_MAX } },
	{ "promised payment", { NUMBER_MONEY, 100, 30000 } },
	{ "autopay threshold", { NUMBER_MONEY, AP_THRESHOLD_MIN, AP_MONEY_MAX } },
	{ "autopay amount", { NUMBER_MONEY, AP_AMOUNT_MIN, AP_MONEY_MAX } },
	{ "autopay day", { NUMBER_WHOLE, AP_DAY_MIN, AP_DAY_MAX } },
	{ "bonus points", { NUMBER_WHOLE, BONUS_SPEND_MIN, BONUS_SPEND_MAX } },
	{ "seconds", { NUMBER_WHOLE, 0, 86400 } },
	{ "balance --below", { NUMBER_MONEY, -MONEY_MAX, MONEY_MAX } },
};

/* The inputs are refused by every field, in both languages, with its one
 * message; *out stays. */
static void every_field_refuses_the_inputs_that_were_changed(void **state)
{
	static const char *const bad[] = { "1e12", "12 34", "1e1", "99999999999999", "12,5,",
					   "abc", "" };
	char why[256], again[256];

	for (int ru = 0; ru <= 1; ru++) {
		if (ru)
			russian();
		else
			english();
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
			for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
				int64_t v = 4242;
				if (number_take(bad[i], &fields[f].rule, &v, why, sizeof(why)) == NUMBER_OK)
					fail_msg("%s took \"%s\"", fields[f].name, bad[i]);
				assert_int_equal(v, 4242);
				number_explain(&fields[f].rule, again, sizeof(again));
				assert_string_equal(why, again);
			}
	}
}

/* -5 and 12,5: refused where they do not belong, by the range or by the form. */
static void signs_and_decimals_by_field(void **state)
{
	char why[256];
	int64_t v;

	for (int ru = 0; ru <= 1; ru++) {
		if (ru)
			russian();
		else
			english();
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			const struct field *fl = &fields[f];
			bool negative_ok = fl->rule.min < 0;
			v = 4242;
			assert_int_equal(number_take("-5", &fl->rule, &v, why, sizeof(why)),
					 negative_ok ? NUMBER_OK : NUMBER_RANGE);
			if (negative_ok)
				assert_int_equal(v, -500);
			/* 12,5 is 12.50 RUB in Russian, nothing in English, never 125. */
			v = 4242;
			if (fl->rule.kind == NUMBER_MONEY && ru && fl->rule.max >= 1250) {
				assert_int_equal(number_take("12,5", &fl->rule, &v, why, sizeof(why)),
						 NUMBER_OK);
				assert_int_equal(v, 1250);
			} else if (number_take("12,5", &fl->rule, &v, why, sizeof(why)) == NUMBER_OK) {
				fail_msg("%s took 12,5 as %lld", fl->name, (long long)v);
			}
			/* +1 is one of whatever the field counts. */
			v = 4242;
			if (number_take("+1", &fl->rule, &v, why, sizeof(why)) == NUMBER_OK)
				assert_int_equal(v, fl->rule.kind == NUMBER_MONEY ? 100 : 1);
			else
				assert_true(fl->rule.min > (fl->rule.kind == NUMBER_MONEY ? 100 : 1));
		}
	}
}

static void take_checks_the_range_at_both_ends(void **state)
{
	const struct number_rule pay = fields[0].rule, day = fields[5].rule, pts = fields[6].rule;
	char why[256];
	int64_t v;

	english();
	assert_int_equal(number_take("1", &pay, &v, why, sizeof(why)), NUMBER_OK);
	assert_int_equal(v, 100);
	assert_string_equal(why, "");
	assert_int_equal(number_take("15,000.00", &pay, &v, why, sizeof(why)), NUMBER_OK);
	assert_int_equal(v, 1500000);
	assert_int_equal(number_take("0.99", &pay, &v, why, sizeof(why)), NUMBER_RANGE);
	assert_int_equal(number_take("15,000.01", &pay, &v, why, sizeof(why)), NUMBER_RANGE);
	assert_int_equal(number_take("28", &day, &v, why, sizeof(why)), NUMBER_OK);
	assert_int_equal(v, 28);
	assert_int_equal(number_take("29", &day, &v, why, sizeof(why)), NUMBER_RANGE);
	assert_int_equal(number_take("0", &day, &v, why, sizeof(why)), NUMBER_RANGE);
	assert_int_equal(number_take("1,000,000", &pts, &v, why, sizeof(why)), NUMBER_OK);
	assert_int_equal(v, 1000000);
	assert_int_equal(number_take("1,000,001", &pts, &v, why, sizeof(why)), NUMBER_RANGE);
	russian();
	assert_int_equal(number_take("15 000,00", &pay, &v, why, sizeof(why)), NUMBER_OK);
	assert_int_equal(v, 1500000);
	assert_int_equal(number_take("1 000 000", &pts, &v, why, sizeof(why)), NUMBER_OK);
	assert_int_equal(v, 1000000);
}

/* The one message names the form and the range, in the language and its format. */
static void the_message_names_the_form_and_the_range(void **state)
{
	char why[256];
	int64_t v;

	english();
	number_take("1e12", &fields[0].rule, &v, why, sizeof(why));
	assert_string_equal(why, "An amount from 1.00 to 15,000.00 RUB, e.g. 1,500.50.");
	number_take("99999999999999", &fields[0].rule, &v, why, sizeof(why));
	assert_string_equal(why, "An amount from 1.00 to 15,000.00 RUB, e.g. 1,500.50.");
	number_take("12,5", &fields[6].rule, &v, why, sizeof(why));
	assert_string_equal(why, "A whole number from 1 to 1,000,000, e.g. 1,500.");
	number_take("1e1", &fields[5].rule, &v, why, sizeof(why));
	assert_string_equal(why, "A whole number from 1 to 28.");
	number_take("lots", &fields[8].rule, &v, why, sizeof(why));
	assert_string_equal(why, "An amount from −10,000,000,000,000.00 to 10,000,000,000,000.00 RUB, "
				 "e.g. 1,500.50.");
	russian();
	number_take("1e12", &fields[0].rule, &v, why, sizeof(why));
	assert_string_equal(why, "Сумма от 1,00 до 15" NNBSP "000,00" NBSP "₽, например 1 500,50.");
	number_take("12,5", &fields[6].rule, &v, why, sizeof(why));
	assert_string_equal(why, "Целое число от 1 до 1" NNBSP "000" NNBSP "000, например 1 500.");
	number_take("1e1", &fields[5].rule, &v, why, sizeof(why));
	assert_string_equal(why, "Целое число от 1 до 28.");
	number_take("", &fields[3].rule, &v, why, sizeof(why));
	assert_string_equal(why, "Сумма от 0,00 до 15" NNBSP "000,00" NBSP "₽, например 1 500,50.");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(english_money_as_the_interface_prints_it),
		cmocka_unit_test(russian_money_as_the_interface_prints_it),
		cmocka_unit_test(whole_numbers_take_no_decimals),
		cmocka_unit_test(no_text_means_two_numbers),
		cmocka_unit_test(what_is_printed_reads_back),
		cmocka_unit_test(a_filled_field_reads_back),
		cmocka_unit_test(a_filled_field_at_the_extremes),
		cmocka_unit_test(every_field_refuses_the_inputs_that_were_changed),
		cmocka_unit_test(signs_and_decimals_by_field),
		cmocka_unit_test(take_checks_the_range_at_both_ends),
		cmocka_unit_test(the_message_names_the_form_and_the_range),
	};
	char self[PATH_MAX], locale[PATH_MAX + 16];

	(void)argc;
	/* BUILD/tests/unit/test_number -> BUILD/locale, whatever BUILD is. */
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(locale, sizeof(locale), "%s/../../locale", dirname(self));
	setenv("KABINET_LOCALEDIR", locale, 1);
	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}

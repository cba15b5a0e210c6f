/* The one reader of numbers a person types: amounts of money, points, days, counts,
 * seconds — in the forms, on the : command line and in the subcommands' options. It
 * takes the forms the interface itself prints in its language and nothing else, and
 * never drops a character: a text it does not take is refused whole, with one
 * message naming the accepted form and the allowed range, and the field keeps it.
 *
 * Accepted, in both languages: ASCII digits; a leading + (or a minus, read as a
 * negative number, refused by a range that starts above zero); the whole part
 * either ungrouped or grouped in threes (the first group 1 to 3 digits, each later
 * one exactly 3) by a space, a no-break space, a narrow no-break space or a thin
 * space (or a mix of them); spaces around. English also groups with a comma and
 * marks decimals with a dot (1,500.50); Russian marks decimals with a comma, or a
 * dot, which Russian never groups with (1 500,50; 1500.5). Money has at most two
 * decimals, and may end in the unit the interface prints (RUB, ₽); a whole number
 * has none. Nothing else: 1e12, 12 34, 1'000, 1.500 in English, 0x10. So no text is
 * read as two different numbers in the two languages: what both take, they take
 * alike (1,500 is 1500 in English and refused in Russian; 1,5 the other way). */
#ifndef KABINET_NUMBER_H
#define KABINET_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/money.h"

enum number_kind {
	NUMBER_MONEY,	/* roubles with up to two decimals, read as kopecks */
	NUMBER_WHOLE,	/* points, days, counts, seconds */
};

enum number_status {
	NUMBER_OK,
	NUMBER_EMPTY,	/* nothing but spaces */
	NUMBER_FORM,	/* not a number in an accepted form */
	NUMBER_RANGE,	/* a number in an accepted form, outside the range */
};

/* The characters a number field takes: far more than any number needs, so that what
 * is typed is kept whole and refused with its reason rather than cut. */
#define NUMBER_TEXT_MAX 32

/* What a field takes: its kind and the range, both ends included (kopecks for
 * money). */
struct number_rule {
	enum number_kind kind;
	int64_t min, max;
};

/* Reads text as a number of `kind` written in `style`'s language into *out.
 * NUMBER_RANGE here means beyond any number a field takes (over MONEY_MAX kopecks,
 * or MONEY_MAX for a whole number); *out is set only for NUMBER_OK. Pure: no locale. */
enum number_status number_parse(const char *text, enum number_kind kind, enum money_style style,
				int64_t *out);

/* Reads text against a rule in the interface's language: NUMBER_OK with *out, or the
 * status with the message for people in why (see number_explain). */
enum number_status number_take(const char *text, const struct number_rule *rule, int64_t *out,
			       char *why, size_t size);
/* Kopecks as a money field is filled with them, in style's language: "550", "550.50"
 * (English), "550,50" (Russian): no grouping, no unit, read back by number_parse(). */
void number_field_text(int64_t kopecks, enum money_style style, char *buf, size_t size);
/* The one message of a refusal: the form and the range in the interface's language
 * and number format: "An amount from 1.00 to 15,000.00 RUB, e.g. 1,500.50." */
void number_explain(const struct number_rule *rule, char *why, size_t size);

#endif

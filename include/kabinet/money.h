/* Money as integer kopecks, formatted for the screen (the client reads what people
 * type with number.h). Shared by the client and the server; never touches floating
 * point. */
#ifndef KABINET_MONEY_H
#define KABINET_MONEY_H

#include <stddef.h>
#include <stdint.h>

enum money_style {
	MONEY_RU,	/* 1 234,56 ₽ (narrow no-break space as group separator) */
	MONEY_EN,	/* 1,234.56 RUB */
};

/* Largest magnitude accepted anywhere: 10^15 kopecks, far above any real balance
 * and far below INT64_MAX, so sums of a few values never overflow. */
#define MONEY_MAX INT64_C(1000000000000000)

/* Formats kopecks into buf; returns buf. Always NUL-terminates when size > 0. */
char *money_format(int64_t kopecks, enum money_style style, char *buf, size_t size);

#endif

/* Money as integer kopecks, formatted for the screen (the client reads what people
 * type with number.h). Shared by the client and the server; never touches floating
 * point. */
#ifndef KABINET_MONEY_H
#define KABINET_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum money_style {
	MONEY_RU,	/* 1 234,56 ₽ (narrow no-break space as group separator) */
	MONEY_EN,	/* 1,234.56 RUB */
};

/* Largest magnitude accepted anywhere: 10^15 kopecks, far above any real balance
 * and far below INT64_MAX, so sums of a few values never overflow. */
#define MONEY_MAX INT64_C(1000000000000000)

/* Checked arithmetic on figures from the wire (kopecks, points, days, counts): they
 * come within ±2^53 (docs/api.md), and so must whatever is computed from them, so
 * that a result is exact in JSON as well. Each helper gives true with the result in
 * *out, or false (*out untouched) when the result leaves ±2^53 or int64_t: the
 * server's figures are beyond what can be added, a bad answer. Never undefined
 * behaviour, never a wrapped figure. */
#define FIGURE_LIMIT INT64_C(9007199254740992)	/* 2^53: beyond it, not a figure */

static inline bool figure_fits(int64_t v)
{
	return v > -FIGURE_LIMIT && v < FIGURE_LIMIT;
}

static inline bool figure_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r) || !figure_fits(r))
		return false;
	*out = r;
	return true;
}

static inline bool figure_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r) || !figure_fits(r))
		return false;
	*out = r;
	return true;
}

static inline bool figure_mul(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r) || !figure_fits(r))
		return false;
	*out = r;
	return true;
}

/* Formats kopecks into buf; returns buf. Always NUL-terminates when size > 0. */
char *money_format(int64_t kopecks, enum money_style style, char *buf, size_t size);

#endif

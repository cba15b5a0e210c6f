/* Figures for people (see format.h), over money.h's format and the interface's
 * language. */
#include "kabinet/model/format.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"

char *format_money(int64_t kopecks, char *buf, size_t size)
{
	/* Drawing folds ₽, the minus and the narrow spaces under ascii_only. */
	return money_format(kopecks, i18n_money_style(), buf, size);
}

char *format_number(int64_t n, char *buf, size_t size)
{
	/* money_format groups the whole part; drop the kopecks and the unit. */
	char tmp[64];
	char *cut;
	int64_t k;

	if (__builtin_mul_overflow(n, 100, &k)) {	/* beyond kopecks: the plain digits */
		snprintf(buf, size, "%lld", (long long)n);
		return buf;
	}
	money_format(k, i18n_money_style(), tmp, sizeof(tmp));
	cut = strpbrk(tmp, i18n_money_style() == MONEY_RU ? "," : ".");
	if (cut)
		*cut = '\0';
	snprintf(buf, size, "%s", tmp);
	return buf;
}

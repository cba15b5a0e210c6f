/* Money as integer kopecks, formatted for the screen (what people type is read by
 * the client's number reader, number.h). */
#include "kabinet/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

char *money_format(int64_t kopecks, enum money_style style, char *buf, size_t size)
{
	const char *group = style == MONEY_RU ? "\u202f" : ",";
	const char *dec = style == MONEY_RU ? "," : ".";
	const char *unit = style == MONEY_RU ? "\u00a0₽" : " RUB";
	char digits[32], grouped[96];
	bool neg = kopecks < 0;
	uint64_t mag = neg ? (uint64_t)0 - (uint64_t)kopecks : (uint64_t)kopecks;
	size_t n, i, out = 0, glen = strlen(group);

	if (size == 0)
		return buf;
	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(mag / 100));
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(grouped + out, group, glen);
			out += glen;
		}
		grouped[out++] = digits[i];
	}
	grouped[out] = '\0';
	snprintf(buf, size, "%s%s%s%02u%s", neg ? "−" : "", grouped, dec,
		 (unsigned)(mag % 100), unit);
	return buf;
}

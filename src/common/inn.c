/* The check of a company's INN (inn.h), one rule for kabinetd and kabinet. */
#include "kabinet/inn.h"

#include <stddef.h>

/* The weights of the first nine digits, in order. */
static const int inn_weights[INN_COMPANY_DIGITS - 1] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

bool inn_valid(const char *s)
{
	int sum = 0;

	if (!s)
		return false;
	for (size_t i = 0; i < INN_COMPANY_DIGITS; i++)
		if (!is_digit(s[i]))
			return false;
	if (s[INN_COMPANY_DIGITS] != '\0')
		return false;
	for (size_t i = 0; i < INN_COMPANY_DIGITS - 1; i++)
		sum += inn_weights[i] * (s[i] - '0');
	return sum % 11 % 10 == s[INN_COMPANY_DIGITS - 1] - '0';
}

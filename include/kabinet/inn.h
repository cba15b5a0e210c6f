/* A company's taxpayer number (INN of a legal entity), as kabinetd refuses a wrong one
 * and kabinet says so next to the field (src/common/inn.c).
 *
 * The rule: exactly 10 ASCII digits d1..d10, nothing before, between or after them,
 * where d10 is the check digit of the first nine:
 *     d10 = (2*d1 + 4*d2 + 10*d3 + 3*d4 + 5*d5 + 9*d6 + 4*d7 + 6*d8 + 8*d9) mod 11 mod 10
 * (a remainder of 10 gives the check digit 0). A person's 12-digit INN is not a
 * company's and is refused. */
#ifndef KABINET_INN_H
#define KABINET_INN_H

#include <stdbool.h>

#define INN_COMPANY_DIGITS 10

/* Whether s (NULL refused) is a company's INN by the rule above. */
bool inn_valid(const char *s);

#endif

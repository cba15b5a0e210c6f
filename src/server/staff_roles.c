/* Staff roles by name and the dispatcher's role check: pure, so that the unit tests
 * can take it alone. */
#include "kabinet/server/staff.h"

#include <string.h>

unsigned staff_role_bit(const char *name)
{
	if (name && !strcmp(name, "support"))
		return STAFF_ROLE_SUPPORT;
	if (name && !strcmp(name, "office"))
		return STAFF_ROLE_OFFICE;
	return 0;
}

const char *staff_role_name(unsigned bit)
{
	return bit == STAFF_ROLE_SUPPORT ? "support" : bit == STAFF_ROLE_OFFICE ? "office" : NULL;
}

bool staff_role_allows(unsigned method_flags, unsigned bit)
{
	return staff_role_name(bit) && (method_flags & bit);
}

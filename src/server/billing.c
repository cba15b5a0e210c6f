/* One day of billing: monthly fees, autopay, promised payments, blocking for debt. */
#include "kabinet/server/admin.h"

int billing_run(sqlite3 *db, const char *date, char *err, size_t errsize)
{
	return 0;
}

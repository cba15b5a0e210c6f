/* The demo and scale seeds of a fresh database. */
#include "kabinet/server/admin.h"

int seed_demo(sqlite3 *db, char *err, size_t errsize)
{
	return 0;
}

int seed_scale(sqlite3 *db, int accounts, int history, char *err, size_t errsize)
{
	return 0;
}

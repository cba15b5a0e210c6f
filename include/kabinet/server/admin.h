/* kabinetd's offline work on a database: demo and scale seeds, and billing days. */
#ifndef KABINET_SERVER_ADMIN_H
#define KABINET_SERVER_ADMIN_H

#include <sqlite3.h>
#include <stddef.h>

/* Seeds return 0 when they filled the database, 1 when it already had data (nothing
 * is changed then), -1 on error with a message in err. db is db_thread(). */
int seed_demo(sqlite3 *db, char *err, size_t errsize);
int seed_scale(sqlite3 *db, int accounts, int services_n, int history, char *err,
	       size_t errsize);

/* Runs the billing of one day (YYYY-MM-DD), in one transaction; running the same day
 * twice does nothing the second time. Returns 0, or -1 with a message in err. */
int billing_run(sqlite3 *db, const char *date, char *err, size_t errsize);

#endif

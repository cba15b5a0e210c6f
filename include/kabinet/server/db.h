/* kabinetd's SQLite storage: one connection per thread, cached prepared statements,
 * versioned migrations and small query helpers. */
#ifndef KABINET_SERVER_DB_H
#define KABINET_SERVER_DB_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opens (and creates and migrates) the database once for the process. Returns 0 or -1
 * with a message in err. */
int db_init(const char *path, char *err, size_t errsize);
/* This thread's connection, opened on first use. NULL when it cannot be opened. */
sqlite3 *db_thread(void);
/* Closes every thread's connection (at shutdown, after all threads stopped). */
void db_close_all(void);

/* A cached prepared statement for a static SQL string, reset and with bindings cleared.
 * The statement belongs to the cache: do not finalize it. Keyed by the string's address,
 * so pass string literals. Returns NULL on a prepare error (logged). */
sqlite3_stmt *db_stmt(sqlite3 *db, const char *sql);

/* Binds by position with a printf-like type string: 'i' int64, 's' text (NULL -> NULL),
 * 'n' NULL. Example: db_bind(st, "si", id, amount). */
void db_bind(sqlite3_stmt *st, const char *types, ...);
/* The same with the values in a va_list. */
void db_bind_va(sqlite3_stmt *st, const char *types, va_list ap);

/* Runs a statement without rows (INSERT/UPDATE/DELETE). Returns SQLITE_DONE on success. */
int db_exec(sqlite3 *db, const char *sql, const char *types, ...);
/* Runs a query expected to yield one integer; returns def when there is no row or NULL. */
int64_t db_int(sqlite3 *db, const char *sql, int64_t def, const char *types, ...);

/* Silences this thread's log of failed statements (a read-only dry run). */
void db_quiet(bool on);

/* Resets every statement still stepping on this connection (end of a call). */
void db_reset_all(sqlite3 *db);

int db_begin(sqlite3 *db, bool write);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);

/* Column text, or NULL for SQL NULL. */
const char *db_text(sqlite3_stmt *st, int col);

#endif

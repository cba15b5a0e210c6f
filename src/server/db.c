/* kabinetd's SQLite storage: per-thread connections, a prepared-statement cache
 * keyed by the SQL literal's address, migrations, and small query helpers. */
#include "kabinet/server/db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/log.h"
#include "kabinet/server/schema.h"
#include "kabinet/server/srv.h"

#define STMT_CACHE 512	/* power of two, above the number of distinct statements */

struct conn {
	sqlite3 *db;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	struct conn *next;
};

static const char *db_path;
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *conns;
static _Thread_local struct conn *this_conn;
/* Set during a read-only dry run, whose failing writes are expected, not news. */
static _Thread_local bool quiet;

void db_quiet(bool on)
{
	quiet = on;
}

/* fold_case(text) in SQL: srv_fold_case() of the text (NULL stays NULL), so that a
 * search ignores case in Russian as well as in ASCII, where lower() folds ASCII only. */
static void sql_fold_case(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	char *out;

	(void)argc;
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	out = sqlite3_malloc(n + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	memcpy(out, in, (size_t)n + 1);
	srv_fold_case(out);
	sqlite3_result_text(ctx, out, n, sqlite3_free);
}

static int open_conn(const char *path, sqlite3 **out)
{
	sqlite3 *db;
	int rc = sqlite3_open_v2(path, &db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return rc;
	}
	/* Several threads and several processes share the file: wait for locks rather
	 * than fail, and keep readers off the writer's way with WAL. */
	sqlite3_busy_timeout(db, 10000);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		     "PRAGMA foreign_keys=ON;", NULL, NULL, NULL);
	sqlite3_create_function(db, "fold_case", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				sql_fold_case, NULL, NULL);
	*out = db;
	return SQLITE_OK;
}

int db_init(const char *path, char *err, size_t errsize)
{
	sqlite3 *db;
	int version, count, rc;
	const char *const *steps = schema_migrations(&count);

	db_path = path;
	rc = open_conn(path, &db);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "%s: %s", path, sqlite3_errstr(rc));
		return -1;
	}
	/* Migrate under an exclusive lock so two processes starting together agree. */
	if (sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsize, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	version = (int)db_int(db, "PRAGMA user_version", 0, "");
	if (version > count) {
		snprintf(err, errsize, "%s: schema version %d is newer than this kabinetd (%d)",
			 path, version, count);
		goto fail;
	}
	for (; version < count; version++) {
		char *msg = NULL, pragma[64];
		if (sqlite3_exec(db, steps[version], NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errsize, "%s: migration %d: %s", path, version + 1,
				 msg ? msg : "failed");
			sqlite3_free(msg);
			goto fail;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", version + 1);
		sqlite3_exec(db, pragma, NULL, NULL, NULL);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsize, "%s: %s", path, sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_close(db);
	return 0;
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return -1;
}

sqlite3 *db_thread(void)
{
	struct conn *c;

	if (this_conn)
		return this_conn->db;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (open_conn(db_path, &c->db) != SQLITE_OK) {
		log_msg("database: cannot open %s", db_path);
		free(c);
		return NULL;
	}
	pthread_mutex_lock(&conns_lock);
	c->next = conns;
	conns = c;
	pthread_mutex_unlock(&conns_lock);
	this_conn = c;
	return c->db;
}

void db_close_all(void)
{
	pthread_mutex_lock(&conns_lock);
	while (conns) {
		struct conn *c = conns;
		conns = c->next;
		for (int i = 0; i < STMT_CACHE; i++)
			sqlite3_finalize(c->cache[i].st);
		sqlite3_close(c->db);
		free(c);
	}
	this_conn = NULL;
	pthread_mutex_unlock(&conns_lock);
}

static struct conn *conn_of(sqlite3 *db)
{
	return this_conn && this_conn->db == db ? this_conn : NULL;
}

sqlite3_stmt *db_stmt(sqlite3 *db, const char *sql)
{
	struct conn *c = conn_of(db);
	sqlite3_stmt *st;
	size_t h, i;

	if (!c) {
		/* A connection outside the per-thread set (admin commands): cache nothing. */
		log_msg("database: db_stmt on an uncached connection");
		return NULL;
	}
	h = ((uintptr_t)sql >> 3) * 2654435761u;
	for (i = 0; i < STMT_CACHE; i++) {
		size_t slot = (h + i) & (STMT_CACHE - 1);
		if (c->cache[slot].sql == sql) {
			st = c->cache[slot].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
		if (!c->cache[slot].sql) {
			if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
			    SQLITE_OK) {
				log_msg("database: prepare failed: %s: %s", sqlite3_errmsg(db), sql);
				return NULL;
			}
			c->cache[slot].sql = sql;
			c->cache[slot].st = st;
			return st;
		}
	}
	log_msg("database: statement cache full");
	return NULL;
}

void db_bind_va(sqlite3_stmt *st, const char *types, va_list ap)
{
	for (int i = 0; types[i]; i++) {
		switch (types[i]) {
		case 'i':
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s)
				sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i + 1);
			break;
		}
		default:
			sqlite3_bind_null(st, i + 1);
			break;
		}
	}
}

void db_bind(sqlite3_stmt *st, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	db_bind_va(st, types, ap);
	va_end(ap);
}

/* Statements for connections without a cache are prepared and finalized per call. */
static sqlite3_stmt *stmt_for(sqlite3 *db, const char *sql, bool *own)
{
	sqlite3_stmt *st = NULL;
	*own = conn_of(db) == NULL;
	if (!*own)
		return db_stmt(db, sql);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		log_msg("database: prepare failed: %s: %s", sqlite3_errmsg(db), sql);
		return NULL;
	}
	return st;
}

static void stmt_done(sqlite3_stmt *st, bool own)
{
	if (own)
		sqlite3_finalize(st);
	else
		sqlite3_reset(st);
}

int db_exec(sqlite3 *db, const char *sql, const char *types, ...)
{
	bool own;
	sqlite3_stmt *st = stmt_for(db, sql, &own);
	va_list ap;
	int rc;

	if (!st)
		return SQLITE_ERROR;
	va_start(ap, types);
	db_bind_va(st, types, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW && !quiet)
		log_msg("database: %s: %s", sqlite3_errmsg(db), sql);
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	stmt_done(st, own);
	return rc;
}

int64_t db_int(sqlite3 *db, const char *sql, int64_t def, const char *types, ...)
{
	bool own;
	sqlite3_stmt *st = stmt_for(db, sql, &own);
	va_list ap;
	int64_t v = def;

	if (!st)
		return def;
	va_start(ap, types);
	db_bind_va(st, types, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	stmt_done(st, own);
	return v;
}

int db_begin(sqlite3 *db, bool write)
{
	return sqlite3_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL);
}

int db_commit(sqlite3 *db)
{
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

void db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

const char *db_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

void db_reset_all(sqlite3 *db)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
}

/* One API call as the method handlers see it: the parsed body, the caller's session,
 * the response being built, and helpers that read and validate request fields. */
#ifndef KABINET_SERVER_CALL_H
#define KABINET_SERVER_CALL_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "kabinet/apierr.h"

struct call {
	sqlite3 *db;
	const cJSON *in;	/* the request body, always a JSON object */
	cJSON *out;		/* the response object; handlers add fields to it */
	const char *method;
	bool en;		/* Accept-Language: en -> English errorMsg */
	int64_t now;		/* srv_now() at the start of the call */
	char today[11];		/* today's date in the server's clock */
	int64_t today_day;	/* the same as a day number */
	int64_t profile_id;	/* 0 without a session */
	int64_t session_id;	/* the subscriber's or, under /staff-api/, the staff's */
	bool staff;		/* a /staff-api/ call */
	int64_t staff_id;	/* 0 without a staff session */
	unsigned staff_role;	/* its STAFF_ROLE_* bit (staff.h) */
	const char *client_uuid;	/* from the envelope, may be NULL */
	const char *user_agent;		/* may be NULL */
	const char *remote_addr;
	const char *session_cookie;	/* raw SESSION cookie, may be NULL (checkSession) */
	const char *view_token;		/* a staff view's VIEW-TOKEN header, NULL when none */
	char view_id[32];		/* the view the call runs in, "" outside one */

	/* Failure, set through call_fail(). */
	enum api_err err;
	const char *field;
	char msg[512];
	int retry_after;	/* seconds, for RATE_LIMITED */
	bool keep_on_error;	/* commit the transaction even though the call failed
				 * (failure counters, voided codes) */

	/* A new session to hand out (login): raw token and CSRF value go to cookies. */
	char set_session[48];
	char set_csrf[48];
	bool clear_session;	/* logout: expire the cookies */

	/* Outbox lines to append to the --outbox file once the transaction commits. */
	cJSON *outbox;

	/* M_SECRETS: the dry run's argon2id results, reused by the real run so that the
	 * slow hashing never happens while the write lock is held. */
	bool dry_run;
	struct {
		char hash[160];
		const char *password;
		bool ok;
	} verified[4];
	int nverified;
	struct {
		const char *password;
		char hash[160];
	} hashed[2];
	int nhashed;
};

/* The handler's verdict. */
#define CALL_OK 0
#define CALL_FAIL -1

typedef int (*method_fn)(struct call *c);

enum method_flags {
	M_PUBLIC = 1 << 0,	/* no session, no CSRF */
	M_WRITE = 1 << 1,	/* runs in BEGIN IMMEDIATE */
	M_IDEMPOTENT = 1 << 2,	/* requires idempotencyKey; replays stored responses */
	M_SECRETS = 1 << 3,	/* verifies or hashes passwords: a read-only dry run does the
				 * argon2id work first, outside the write lock */
	M_LOOK = 1 << 4,	/* checks the session without keeping it alive (last_seen) */
	M_VIEW = 1 << 5,	/* a read that a staff view may call (staff_view.c); a view's
				 * call of a method without it is refused: unmarked is refused */
	/* Bits 8 and up: the staff roles a /staff-api/ method allows (staff.h). */
};

struct method {
	const char *name;
	method_fn fn;
	unsigned flags;
};

/* Each module's methods, ended by { NULL }. */
/* Stored answers of idempotent calls are kept this long (seconds), per profile and
 * key: twice the contract's minimum of 24 hours. */
#define IDEMPOTENCY_TTL (48 * 3600)
/* The method a key voided by checkIdempotencyKey is stored under: no call has it. */
#define IDEMPOTENCY_VOID "VOID"

extern const struct method auth_methods[];
extern const struct method profile_methods[];
extern const struct method account_methods[];
extern const struct method service_methods[];
extern const struct method money_methods[];
extern const struct method payment_methods[];
extern const struct method autopay_methods[];
extern const struct method bonus_methods[];
extern const struct method support_methods[];
extern const struct method audit_methods[];
extern const struct method first_login_methods[];
extern const struct method charge_methods[];
extern const struct method social_methods[];
extern const struct method notify_methods[];
/* Staff API parts (/staff-api/ only, staff.c's staff_find_method()): the support
 * queue, the office's companies, the subscribers' lookup and views. */
extern const struct method staff_queue_methods[];
extern const struct method staff_office_methods[];
extern const struct method staff_view_methods[];

const struct method *call_find_method(const char *name);

/* Records a failure with a Russian and an English message; returns CALL_FAIL so that
 * handlers can `return call_fail(...)`. field may be NULL. */
int call_fail(struct call *c, enum api_err err, const char *field, const char *ru,
	      const char *en);
/* The same with printf formatting applied to both messages (same arguments). */
int call_failf(struct call *c, enum api_err err, const char *field, const char *ru,
	       const char *en, ...) __attribute__((format(printf, 4, 6)))
	__attribute__((format(printf, 5, 6)));
/* An internal error (SQLite failed): logs the cause, answers 500 INTERNAL. */
int call_internal(struct call *c, const char *what);

/* argon2id for handlers: use these rather than srv_password_*. In an M_SECRETS call
 * the dry run computes and remembers, and the real run finds the result again (same
 * hash and password); anywhere else they simply compute. */
bool call_password_verify(struct call *c, const char *hash, const char *password);
int call_password_hash(struct call *c, const char *password, char *out);

/* Field readers. Each returns CALL_OK or CALL_FAIL with the error set:
 * absent required field -> VALIDATION "required"; wrong JSON type -> BAD_REQUEST;
 * out of range -> VALIDATION. When optional and absent, *out keeps its value and the
 * reader returns CALL_OK with *present (when given) false. */
int in_str(struct call *c, const char *name, bool required, size_t min_chars,
	   size_t max_chars, const char **out);
/* An integer JSON number (no fraction, no exponent beyond int64) in [min, max]. */
int in_int(struct call *c, const char *name, bool required, int64_t min, int64_t max,
	   int64_t *out);
int in_bool(struct call *c, const char *name, bool required, bool *out);
/* A YYYY-MM-DD date; *day receives its day number. */
int in_date(struct call *c, const char *name, bool required, const char **out, int64_t *day);
/* An object or array member (type-checked), NULL when optional and absent. */
int in_obj(struct call *c, const char *name, bool required, const cJSON **out);
int in_array(struct call *c, const char *name, bool required, size_t min_items,
	     size_t max_items, const cJSON **out);
/* The same readers on a nested object (items[i] etc.); `path` names the field in errors,
 * e.g. "items[2].amount". */
int in_int_at(struct call *c, const cJSON *obj, const char *name, const char *path,
	      int64_t min, int64_t max, int64_t *out);
int in_str_at(struct call *c, const cJSON *obj, const char *name, const char *path,
	      bool required, size_t min_chars, size_t max_chars, const char **out);

/* Paging: reads `limit` (default 50, 1..200) and `cursor` (opaque, NULL when absent).
 * Cursors are produced by page_cursor() from an integer position (e.g. the last row's
 * sort key); page_cursor_pos() decodes it and rejects a tampered one with VALIDATION. */
int in_page(struct call *c, int64_t *limit, int64_t *after, bool *has_cursor);
/* Adds "nextCursor" encoding pos to c->out. */
void page_set_next(struct call *c, int64_t pos);
/* The same with a cursor bound to `bind` (at most 32 characters, say the order and a hash
 * of the filters): in_page_bound() takes back only a cursor bound to the same string and
 * refuses any other (VALIDATION "cursor"), so a cursor cannot cross to another listing. */
int in_page_bound(struct call *c, const char *bind, int64_t *limit, int64_t *after,
		  bool *has_cursor);
void page_set_next_bound(struct call *c, int64_t pos, const char *bind);

/* Response helpers: add values to an object. NULL text becomes JSON null. */
void out_str(cJSON *obj, const char *name, const char *value);
void out_int(cJSON *obj, const char *name, int64_t value);
void out_bool(cJSON *obj, const char *name, bool value);
void out_null(cJSON *obj, const char *name);
/* A column of a row: text, integer or NULL, as JSON. */
void out_col_str(cJSON *obj, const char *name, sqlite3_stmt *st, int col);
void out_col_int(cJSON *obj, const char *name, sqlite3_stmt *st, int col);

/* Queries for handlers. call_query() is db_stmt() and db_bind() (its types and values)
 * in one: the statement, or NULL with INTERNAL set (logged as `what`).
 * call_row() runs such a query for one row: CALL_OK with *st on the row (the caller
 * resets it when done) or NULL when there is none, INTERNAL when the query fails.
 * call_rows() runs such a query and adds an object a row to list, filled by row() from
 * the row's columns; CALL_OK, or INTERNAL when the query fails on the way.
 * call_children() does the same for the children of list's objects, read in one query
 * in list's order: column 0 is the parent's member `key`, and each row's object goes to
 * the parent's array member `array`. */
sqlite3_stmt *call_query(struct call *c, const char *what, const char *sql,
			 const char *types, ...);
int call_row(struct call *c, sqlite3_stmt **st, const char *what, const char *sql,
	     const char *types, ...);
typedef void (*row_fn)(cJSON *obj, sqlite3_stmt *st);
int call_rows(struct call *c, cJSON *list, row_fn row, const char *what, const char *sql,
	      const char *types, ...);
int call_children(struct call *c, cJSON *list, const char *key, const char *array, row_fn row,
		  const char *what, const char *sql, const char *types, ...);
/* A page of the caller's list kept newest first by a position (a seq): reads `limit`
 * and `cursor` (in_page), then runs sql with ?1 the caller's profile, ?2 whether a cursor
 * was given (1 or 0), ?3 the cursor's position and ?4 limit + 1; its column 0 is the
 * row's position, the others row()'s, and it must order by the position descending.
 * Adds an object a row to list, up to limit, and "nextCursor" when a row is left over.
 * *first and *last receive the positions of the page's first and last rows (both 0 for
 * an empty page), for a query of the page's children over that run (call_children).
 * CALL_OK, or CALL_FAIL with the error set (a bad limit or cursor, INTERNAL). */
int call_page(struct call *c, cJSON *list, row_fn row, int64_t *first, int64_t *last,
	      const char *what, const char *sql);
/* The same with ?1 bound to key rather than the caller's profile (a list that is not
 * one profile's, such as the staff's support queue). */
int call_page_by(struct call *c, int64_t key, cJSON *list, row_fn row, int64_t *first,
		 int64_t *last, const char *what, const char *sql);

/* Authorization: the account row id when accountId belongs to the caller's profile,
 * otherwise NOT_FOUND (the same for unknown and foreign ids). */
int call_own_account(struct call *c, const char *account_id);
/* The same for a service: checks that its account belongs to the caller. */
int call_own_service(struct call *c, const char *service_id);

#endif

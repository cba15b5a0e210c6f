/* From an HTTP request to a method call: parse the body, check the session and CSRF
 * (the subscribers' under /client-api/, the staff's and their role under /staff-api/:
 * neither kind of session is taken by the other's API), run the handler in one
 * transaction, replay idempotent results, build the answer. */
#include "kabinet/server/dispatch.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/log.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/staff.h"

/* Where a kind of session lives: its cookies and its table. lookup gives the session's
 * id, owner, CSRF value, creation, last call and the owner's role ('' for subscribers). */
struct session_kind {
	const char *cookie, *csrf_cookie, *path;
	const char *lookup, *drop, *touch;
};

static const struct session_kind subscriber_sessions = {
	"SESSION", "CSRF-TOKEN", "/",
	"SELECT id, profile_id, csrf, created_at, last_seen, '' FROM sessions "
	"WHERE token_hash = ?",
	"DELETE FROM sessions WHERE id = ?",
	"UPDATE sessions SET last_seen = ? WHERE id = ?",
};

/* A disabled member of staff has no session. */
static const struct session_kind staff_sessions = {
	"STAFF-SESSION", "STAFF-CSRF-TOKEN", "/staff-api",
	"SELECT s.id, s.staff_id, s.csrf, s.created_at, s.last_seen, st.role "
	"FROM staff_sessions s JOIN staff st ON st.id = s.staff_id AND st.disabled = 0 "
	"WHERE s.token_hash = ?",
	"DELETE FROM staff_sessions WHERE id = ?",
	"UPDATE staff_sessions SET last_seen = ? WHERE id = ?",
};

static const struct session_kind *session_kind(bool staff)
{
	return staff ? &staff_sessions : &subscriber_sessions;
}

static char *error_body(enum api_err err, const char *msg, const char *field)
{
	cJSON *o = cJSON_CreateObject();
	char *s;
	cJSON_AddBoolToObject(o, "isError", 1);
	cJSON_AddStringToObject(o, "errorCode", apierr_name(err));
	cJSON_AddStringToObject(o, "errorMsg", msg);
	if (field)
		cJSON_AddStringToObject(o, "field", field);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

void dispatch_error(struct dispatch_res *res, enum api_err err, bool en, const char *ru,
		    const char *en_msg)
{
	res->status = apierr_http_status(err);
	res->body = error_body(err, en ? en_msg : ru, NULL);
}

static void set_cookies(struct call *c, struct dispatch_res *res, bool tls)
{
	const struct session_kind *k = session_kind(c->staff);
	const char *secure = tls ? "; Secure" : "";
	if (c->set_session[0]) {
		snprintf(res->cookies[0], sizeof(res->cookies[0]),
			 "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s", k->cookie, c->set_session,
			 k->path, secure);
		snprintf(res->cookies[1], sizeof(res->cookies[1]),
			 "%s=%s; Path=%s; SameSite=Strict%s", k->csrf_cookie, c->set_csrf, k->path,
			 secure);
	} else if (c->clear_session) {
		snprintf(res->cookies[0], sizeof(res->cookies[0]),
			 "%s=; Path=%s; Max-Age=0; HttpOnly; SameSite=Strict%s", k->cookie, k->path,
			 secure);
		snprintf(res->cookies[1], sizeof(res->cookies[1]),
			 "%s=; Path=%s; Max-Age=0; SameSite=Strict%s", k->csrf_cookie, k->path, secure);
	}
}

/* The caller of the session: a subscriber's profile, or a member of staff and role. */
static void set_owner(struct call *c, int64_t session, int64_t owner, const char *role)
{
	c->session_id = session;
	if (c->staff) {
		c->staff_id = owner;
		c->staff_role = staff_role_bit(role);
	} else {
		c->profile_id = owner;
	}
}

/* Finds the session of the API's kind and checks CSRF. Touches last_seen at most once
 * a second (never for M_LOOK), in its own tiny transaction, so that reads stay reads. */
static int check_session(struct call *c, const struct dispatch_req *req, bool touch)
{
	const struct session_kind *k = session_kind(c->staff);
	int64_t idle = c->staff ? STAFF_SESSION_IDLE : srv_cfg.session_idle;
	int64_t max = c->staff ? STAFF_SESSION_MAX : srv_cfg.session_max;
	char hash[65], role[16];
	sqlite3_stmt *st;
	int64_t session, owner, created, seen;
	const char *csrf;
	bool csrf_ok;

	if (!req->session_cookie || !*req->session_cookie || strlen(req->session_cookie) > 64)
		goto lost;
	srv_token_hash(req->session_cookie, hash);
	st = db_stmt(c->db, k->lookup);
	if (!st)
		return call_internal(c, "session lookup");
	db_bind(st, "s", hash);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		goto lost;
	}
	session = sqlite3_column_int64(st, 0);
	owner = sqlite3_column_int64(st, 1);
	csrf = db_text(st, 2);
	created = sqlite3_column_int64(st, 3);
	seen = sqlite3_column_int64(st, 4);
	snprintf(role, sizeof(role), "%s", db_text(st, 5) ? db_text(st, 5) : "");
	csrf_ok = req->csrf_header && csrf && srv_streq_ct(req->csrf_header, csrf);
	sqlite3_reset(st);

	if (c->now - seen >= idle || c->now - created >= max) {
		db_exec(c->db, k->drop, "i", session);
		goto lost;
	}
	if (!csrf_ok)
		return call_fail(c, APIERR_CSRF, NULL, "Неверный CSRF-токен", "Invalid CSRF token");
	set_owner(c, session, owner, role);
	if (touch && c->now - seen >= 1)
		db_exec(c->db, k->touch, "ii", c->now, session);
	return CALL_OK;
lost:
	return call_fail(c, APIERR_UNAUTHORIZED, NULL,
			 "Сессия истекла, войдите снова", "Session expired, please log in again");
}

/* The idempotency fingerprint: the method and the body without the key and the
 * envelope fields a client may vary between retries. */
static void body_hash(struct call *c, char *out)
{
	static const char *const skip[] = { "idempotencyKey", "client_uuid", "current_page",
					    "page_uuid" };
	cJSON *copy = cJSON_Duplicate(c->in, 1);
	char *json;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state s;

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(copy, skip[i]);
	json = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, (const unsigned char *)c->method, strlen(c->method) + 1);
	if (json)
		crypto_hash_sha256_update(&s, (const unsigned char *)json, strlen(json));
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
	cJSON_free(json);
}

/* Returns 1 and fills res when the key was seen (a replay or a mismatch), 0 to run. */
static int idempotent_replay(struct call *c, const char *key, const char *hash,
			     struct dispatch_res *res)
{
	sqlite3_stmt *st = db_stmt(c->db, "SELECT body_hash, http_status, response FROM idempotency "
					  "WHERE profile_id = ? AND key = ? AND created_at > ?");
	int found = 0;
	if (!st)
		return 0;
	db_bind(st, "isi", c->profile_id, key, c->now - IDEMPOTENCY_TTL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		if (strcmp(db_text(st, 0), hash)) {
			call_fail(c, APIERR_IDEMPOTENCY_MISMATCH, "idempotencyKey",
				  "Ключ идемпотентности уже использован для другого запроса",
				  "This idempotency key was already used for a different request");
			found = -1;
		} else {
			res->status = sqlite3_column_int(st, 1);
			res->body = strdup(db_text(st, 2));
		}
	}
	sqlite3_reset(st);
	return found;
}

/* Runs the handler once in a read-only transaction that is rolled back, only for the
 * argon2id work it does (call_password_*), then forgets everything else it did: the
 * real run repeats the cheap part under the write lock and finds the results ready.
 * Password checks then never hold up other writers (payments, other logins). */
static void dry_run(struct call *c, const struct method *m)
{
	c->dry_run = true;
	db_quiet(true);
	sqlite3_exec(c->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	if (db_begin(c->db, false) == SQLITE_OK) {
		m->fn(c);
		db_reset_all(c->db);
		db_rollback(c->db);
	}
	sqlite3_exec(c->db, "PRAGMA query_only = 0", NULL, NULL, NULL);
	db_quiet(false);
	c->dry_run = false;
	c->err = APIERR_OK;
	c->field = NULL;
	c->msg[0] = '\0';
	c->retry_after = 0;
	c->keep_on_error = false;
	c->set_session[0] = c->set_csrf[0] = '\0';
	c->clear_session = false;
	cJSON_Delete(c->out);
	c->out = cJSON_CreateObject();
	cJSON_Delete(c->outbox);
	c->outbox = NULL;
	/* The call happens now, in the real run: a session made by it must not start
	 * already aged by the hashing. */
	c->now = srv_now();
	srv_date(c->now, c->today);
	c->today_day = srv_parse_date(c->today);
}

static void run(struct call *c, const struct method *m, const struct dispatch_req *req,
		struct dispatch_res *res)
{
	const char *key = NULL;
	char hash[65];
	int rc;

	if (c->view_token) {
		if (staff_view_enter(c, m) != CALL_OK)
			return;
	} else if (!(m->flags & M_PUBLIC) && check_session(c, req, !(m->flags & M_LOOK)) != CALL_OK)
		return;
	if (c->staff && !(m->flags & M_PUBLIC) && !staff_role_allows(m->flags, c->staff_role)) {
		call_fail(c, APIERR_WRONG_ROLE, NULL, "Этот метод не для вашей роли",
			  "This method is not for your role");
		return;
	}
	if (m->flags & M_IDEMPOTENT) {
		if (in_str(c, "idempotencyKey", true, 8, 64, &key) != CALL_OK)
			return;
		body_hash(c, hash);
	}
	if (m->flags & M_SECRETS)
		dry_run(c, m);
	rc = db_begin(c->db, m->flags & (M_WRITE | M_IDEMPOTENT));
	if (rc != SQLITE_OK) {
		c->retry_after = 1;
		call_fail(c, APIERR_UNAVAILABLE, NULL, "Сервер занят, повторите запрос",
			  "The server is busy, please retry");
		return;
	}
	if (key) {
		/* Keys past their lifetime are forgotten, so they can be used again. */
		db_exec(c->db, "DELETE FROM idempotency WHERE profile_id = ? AND created_at <= ?", "ii",
			c->profile_id, c->now - IDEMPOTENCY_TTL);
		int seen = idempotent_replay(c, key, hash, res);
		if (seen) {
			db_rollback(c->db);
			return;
		}
	}
	rc = m->fn(c);
	db_reset_all(c->db);
	if (rc == CALL_OK && key) {
		char *json = cJSON_PrintUnformatted(c->out);
		if (!json || db_exec(c->db, "INSERT INTO idempotency (profile_id, key, method, "
					    "body_hash, http_status, response, created_at) "
					    "VALUES (?, ?, ?, ?, 200, ?, ?)", "issssi",
				     c->profile_id, key, c->method, hash, json, c->now) != SQLITE_DONE)
			rc = call_internal(c, "storing idempotent response");
		cJSON_free(json);
	}
	if (rc == CALL_OK || c->keep_on_error) {
		if (db_commit(c->db) != SQLITE_OK) {
			db_rollback(c->db);
			c->retry_after = 1;
			call_fail(c, APIERR_UNAVAILABLE, NULL, "Сервер занят, повторите запрос",
				  "The server is busy, please retry");
			return;
		}
		srv_outbox_flush(c);
	} else {
		db_rollback(c->db);
	}
}

static const struct method *find_method(const char *name, bool staff)
{
	return staff ? staff_find_method(name) : call_find_method(name);
}

bool dispatch_is_slow(const char *method, bool staff)
{
	const struct method *m = find_method(method, staff);
	return m && (m->flags & M_SECRETS);
}

void dispatch_call(const struct dispatch_req *req, struct dispatch_res *res)
{
	struct call c = { .method = req->method, .en = req->en, .user_agent = req->user_agent,
			  .remote_addr = req->remote_addr, .err = APIERR_OK, .staff = req->staff };
	const struct method *m = find_method(req->method, req->staff);
	cJSON *in = NULL;
	const cJSON *uuid;

	memset(res, 0, sizeof(*res));
	if (!m) {
		dispatch_error(res, APIERR_NOT_FOUND, req->en, "Неизвестный метод API",
			       "Unknown API method");
		return;
	}
	c.db = db_thread();
	if (!c.db) {
		dispatch_error(res, APIERR_UNAVAILABLE, req->en, "База данных недоступна",
			       "The database is unavailable");
		return;
	}
	/* The body must be exactly one JSON object: no trailing text, no NUL inside. */
	if (strlen(req->body) == req->body_len)
		in = cJSON_ParseWithOpts(req->body, NULL, 1);
	if (!in || !cJSON_IsObject(in)) {
		cJSON_Delete(in);
		dispatch_error(res, APIERR_BAD_REQUEST, req->en,
			       "Тело запроса должно быть JSON-объектом",
			       "The request body must be a JSON object");
		return;
	}
	c.in = in;
	c.session_cookie = req->session_cookie;
	c.view_token = req->view_token;
	c.out = cJSON_CreateObject();
	c.now = srv_now();
	srv_date(c.now, c.today);
	c.today_day = srv_parse_date(c.today);
	uuid = cJSON_GetObjectItemCaseSensitive(in, "client_uuid");
	if (cJSON_IsString(uuid) && uuid->valuestring && strlen(uuid->valuestring) <= 64)
		c.client_uuid = uuid->valuestring;

	run(&c, m, req, res);
	db_reset_all(c.db);
	staff_view_leave(&c);

	if (!res->body) {
		if (c.err != APIERR_OK) {
			res->status = apierr_http_status(c.err);
			res->body = error_body(c.err, c.msg, c.field);
			res->retry_after = c.retry_after;
		} else {
			res->status = 200;
			res->body = cJSON_PrintUnformatted(c.out);
		}
	}
	if (c.err == APIERR_OK || c.keep_on_error)
		set_cookies(&c, res, req->tls);
	cJSON_Delete(c.out);
	cJSON_Delete(c.outbox);
	cJSON_Delete(in);
}

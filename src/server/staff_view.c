/* Staff looking at a subscriber: staffFindSubscribers (names and masked contacts only,
 * rate-limited per member of staff), and the read-only views of a subscriber's cabinet
 * (staffOpenView, staffCloseView). A view is a token that /client-api/ takes in the
 * VIEW-TOKEN header as a third kind of caller, beside the subscriber's session: its
 * profile only, methods marked M_VIEW only (anything unmarked is refused), each call
 * recorded in the audit trail (audit.h), on a connection that cannot write. A view lives
 * while the staff session that opened it does, for STAFF_VIEW_TTL at most, and until
 * closed. Opening one sends the subscriber a notice (STAFF_VIEW, notify.h). */
#include "kabinet/server/staff.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/server/audit.h"
#include "kabinet/server/auth.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/notify.h"
#include "kabinet/server/srv.h"

/* A view ends this long after it was opened. */
#define STAFF_VIEW_TTL (15 * 60)
/* Lookups a member of staff may make in LOOKUP_WINDOW seconds. */
#define LOOKUP_LIMIT 30
#define LOOKUP_WINDOW 60
/* Results of one lookup at most. */
#define LOOKUP_MAX 20

/* --- Lookup ------------------------------------------------------------------------------ */

/* The lookup rate limit: RATE_LIMITED with Retry-After when the window is full, else
 * the lookup is counted (old ones forgotten). */
static int lookup_allowed(struct call *c)
{
	sqlite3_stmt *st;
	int64_t n = 0, oldest = c->now;

	if (db_exec(c->db, "DELETE FROM staff_lookups WHERE at <= ?", "i",
		    c->now - LOOKUP_WINDOW) != SQLITE_DONE ||
	    call_row(c, &st, "staff lookups", "SELECT COUNT(*), MIN(at) FROM staff_lookups "
					      "WHERE staff_id = ?", "i", c->staff_id) != CALL_OK)
		return call_internal(c, "staff lookups");
	if (st) {
		n = sqlite3_column_int64(st, 0);
		if (n)
			oldest = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	}
	if (n >= LOOKUP_LIMIT) {
		c->retry_after = (int)(oldest + LOOKUP_WINDOW - c->now);
		if (c->retry_after < 1)
			c->retry_after = 1;
		return call_fail(c, APIERR_RATE_LIMITED, NULL,
				 "Слишком много поисков, подождите минуту",
				 "Too many lookups, wait a minute");
	}
	if (db_exec(c->db, "INSERT INTO staff_lookups (staff_id, at) VALUES (?, ?)", "ii",
		    c->staff_id, c->now) != SQLITE_DONE)
		return call_internal(c, "staff lookup count");
	return CALL_OK;
}

/* The profiles a query names, at most LOOKUP_MAX, into ids; returns how many or -1. An
 * account number (12 digits), a phone, an e-mail or a login is matched whole; anything
 * else also by the start of the full name "Surname Name Middle", case aside. */
static int find_profiles(struct call *c, const char *query, int64_t *ids)
{
	char phone[16] = "", folded[256], name[256];
	int n = 0;
	sqlite3_stmt *st;

	if (srv_all_digits(query, 12, 12))
		st = call_query(c, "lookup by account",
				"SELECT DISTINCT profile_id FROM accounts "
				"WHERE number = ? AND profile_id IS NOT NULL", "s", query);
	else if (!strchr(query, '@') && auth_parse_phone(query, phone))
		st = call_query(c, "lookup by phone", "SELECT id FROM profiles WHERE phone = ?",
				"s", phone);
	else
		st = call_query(c, "lookup by name",
				"SELECT id, email = ?1 OR login = ?1, "
				"trim(last_name || ' ' || name || ' ' || middle_name) FROM profiles "
				"ORDER BY last_name, name, middle_name, id", "s", query);
	if (!st)
		return -1;
	snprintf(folded, sizeof(folded), "%s", query);
	srv_fold_case(folded);
	while (n < LOOKUP_MAX && sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_count(st) == 3 && !sqlite3_column_int(st, 1)) {
			snprintf(name, sizeof(name), "%s", db_text(st, 2));
			srv_fold_case(name);
			if (strncmp(name, folded, strlen(folded)))
				continue;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return n;
}

/* The opaque handle by which staff name a profile, made on first need. */
static int profile_handle(struct call *c, int64_t profile_id, char *handle)
{
	sqlite3_stmt *st;
	srv_new_id("sub_", handle);
	if (db_exec(c->db, "INSERT OR IGNORE INTO profile_handles (profile_id, handle) "
			   "VALUES (?, ?)", "is", profile_id, handle) != SQLITE_DONE ||
	    call_row(c, &st, "profile handle",
		     "SELECT handle FROM profile_handles WHERE profile_id = ?", "i",
		     profile_id) != CALL_OK ||
	    !st)
		return call_internal(c, "profile handle");
	snprintf(handle, 32, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return CALL_OK;
}

/* A result: the handle, the full name, masked contacts and the accounts' numbers. */
static int out_subscriber(struct call *c, cJSON *list, int64_t profile_id)
{
	char handle[32], masked[96];
	cJSON *o = cJSON_CreateObject(), *accounts;
	sqlite3_stmt *st, *acc;

	cJSON_AddItemToArray(list, o);
	if (profile_handle(c, profile_id, handle) != CALL_OK ||
	    call_row(c, &st, "subscriber",
		     "SELECT trim(last_name || ' ' || name || ' ' || middle_name), "
		     "phone, email FROM profiles WHERE id = ?",
		     "i", profile_id) != CALL_OK || !st)
		return call_internal(c, "subscriber");
	out_str(o, "subscriber", handle);
	out_col_str(o, "name", st, 0);
	out_str(o, "phone", db_text(st, 1) ? srv_mask_contact(db_text(st, 1), masked,
							      sizeof(masked)) : NULL);
	out_str(o, "email", db_text(st, 2) ? srv_mask_contact(db_text(st, 2), masked,
							      sizeof(masked)) : NULL);
	sqlite3_reset(st);
	accounts = cJSON_AddArrayToObject(o, "accounts");
	acc = call_query(c, "subscriber accounts", "SELECT number FROM accounts "
						   "WHERE profile_id = ? ORDER BY number",
			 "i", profile_id);
	if (!acc)
		return CALL_FAIL;
	while (sqlite3_step(acc) == SQLITE_ROW)
		cJSON_AddItemToArray(accounts, cJSON_CreateString(db_text(acc, 0)));
	sqlite3_reset(acc);
	return CALL_OK;
}

static int m_find_subscribers(struct call *c)
{
	const char *query;
	char q[256];
	int64_t ids[LOOKUP_MAX];
	int n;
	cJSON *list;

	if (in_str(c, "query", true, 1, 200, &query) != CALL_OK)
		return CALL_FAIL;
	if (lookup_allowed(c) != CALL_OK)
		return CALL_FAIL;
	while (*query == ' ')
		query++;
	snprintf(q, sizeof(q), "%s", query);
	for (size_t len = strlen(q); len && q[len - 1] == ' '; len--)
		q[len - 1] = '\0';
	if (!*q)
		return call_fail(c, APIERR_VALIDATION, "query", "Что искать?", "What to look for?");
	n = find_profiles(c, q, ids);
	if (n < 0)
		return CALL_FAIL;
	list = cJSON_AddArrayToObject(c->out, "subscribers");
	for (int i = 0; i < n; i++)
		if (out_subscriber(c, list, ids[i]) != CALL_OK)
			return CALL_FAIL;
	return CALL_OK;
}

/* --- Views ------------------------------------------------------------------------------- */

/* The reason of a view, trimmed of spaces, into out: 3 to 200 characters, no control
 * characters (a line break included). */
static int in_reason(struct call *c, char *out, size_t size)
{
	const char *raw;
	size_t len;
	long chars = 0;

	if (in_str(c, "reason", true, 1, 1000, &raw) != CALL_OK)
		return CALL_FAIL;
	while (*raw == ' ')
		raw++;
	len = strlen(raw);
	while (len && raw[len - 1] == ' ')
		len--;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)raw[i];
		if (ch < 0x20 || ch == 0x7f)
			return call_fail(c, APIERR_VALIDATION, "reason",
					 "Причина не должна содержать управляющих символов",
					 "The reason must not contain control characters");
		if ((ch & 0xc0) != 0x80)
			chars++;
	}
	if (chars < 3 || chars > 200 || len >= size)
		return call_fail(c, APIERR_VALIDATION, "reason",
				 "Причина — от 3 до 200 символов (номер обращения или текст)",
				 "The reason is 3 to 200 characters (a ticket number or text)");
	memcpy(out, raw, len);
	out[len] = '\0';
	return CALL_OK;
}

/* The profile behind a handle, NOT_FOUND when there is none. */
static int handle_profile(struct call *c, const char *handle, int64_t *profile_id, char *name,
			  size_t size)
{
	sqlite3_stmt *st;
	if (call_row(c, &st, "view subscriber",
		     "SELECT p.id, trim(p.last_name || ' ' || p.name || ' ' || p.middle_name) "
		     "FROM profile_handles h "
		     "JOIN profiles p ON p.id = h.profile_id WHERE h.handle = ?",
		     "s", handle) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_NOT_FOUND, "subscriber", "Абонент не найден",
				 "No such subscriber");
	*profile_id = sqlite3_column_int64(st, 0);
	snprintf(name, size, "%s", db_text(st, 1));
	sqlite3_reset(st);
	return CALL_OK;
}

/* The subscriber hears of a view opened, as the profile's STAFF_VIEW setting says. */
static int view_notice(struct call *c, int64_t profile_id, const char *staff_name,
		       const char *reason)
{
	char text[1600];
	snprintf(text, sizeof(text), "Сотрудник оператора %s открыл ваши данные для просмотра "
		 "(причина: «%s»). Кто и когда смотрел — в личном кабинете, журнал доступа.",
		 staff_name, reason);
	return notify_send(c, profile_id, NOTIFY_STAFF_VIEW, text);
}

static int m_open_view(struct call *c)
{
	const char *handle;
	char reason[1024], name[256], login[80], staff_name[256], id[32], token[48], hash[65],
		at[24];
	int64_t profile_id = 0;
	sqlite3_stmt *st;
	struct audit_view v;

	if (in_str(c, "subscriber", true, 1, 64, &handle) != CALL_OK ||
	    in_reason(c, reason, sizeof(reason)) != CALL_OK ||
	    handle_profile(c, handle, &profile_id, name, sizeof(name)) != CALL_OK ||
	    call_row(c, &st, "view staff", "SELECT login, name FROM staff WHERE id = ?", "i",
		     c->staff_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_internal(c, "staff vanished");
	snprintf(login, sizeof(login), "%s", db_text(st, 0));
	snprintf(staff_name, sizeof(staff_name), "%s", db_text(st, 1));
	sqlite3_reset(st);

	/* Views that have ended are forgotten (their audit rows stay). */
	if (db_exec(c->db, "DELETE FROM staff_views WHERE opened_at <= ? OR staff_session_id "
			   "NOT IN (SELECT id FROM staff_sessions)", "i",
		    c->now - STAFF_VIEW_TTL) != SQLITE_DONE)
		return call_internal(c, "old views");
	srv_new_id("vw_", id);
	srv_new_token(token);
	srv_token_hash(token, hash);
	v = (struct audit_view){ .view_id = id, .profile_id = profile_id, .staff_login = login,
				 .staff_name = staff_name, .reason = reason, .opened_at = c->now,
				 .remote_addr = c->remote_addr };
	if (db_exec(c->db, "INSERT INTO staff_views (id, token_hash, staff_session_id, profile_id, "
			   "opened_at) VALUES (?, ?, ?, ?, ?)", "ssiii",
		    id, hash, c->session_id, profile_id, c->now) != SQLITE_DONE ||
	    audit_view_opened(c->db, &v) != 0 ||
	    view_notice(c, profile_id, staff_name, reason) != 0) {
		sodium_memzero(token, sizeof(token));
		return call_internal(c, "view open");
	}
	out_str(c->out, "view", id);
	out_str(c->out, "viewToken", token);
	out_str(c->out, "expiresAt", srv_instant(c->now + STAFF_VIEW_TTL, at));
	out_str(c->out, "name", name);
	sodium_memzero(token, sizeof(token));
	return CALL_OK;
}

static int m_close_view(struct call *c)
{
	const char *id;
	if (in_str(c, "view", true, 1, 64, &id) != CALL_OK)
		return CALL_FAIL;
	/* This session's views past their time are gone already: closing one is not found. */
	if (db_exec(c->db, "DELETE FROM staff_views WHERE staff_session_id = ? AND opened_at <= ?",
		    "ii", c->session_id, c->now - STAFF_VIEW_TTL) != SQLITE_DONE)
		return call_internal(c, "view close");
	if (db_exec(c->db, "DELETE FROM staff_views WHERE id = ? AND staff_session_id = ?", "si",
		    id, c->session_id) != SQLITE_DONE)
		return call_internal(c, "view close");
	if (!sqlite3_changes(c->db))
		return call_fail(c, APIERR_NOT_FOUND, "view", "Просмотр не найден или уже закрыт",
				 "No such view, or it has ended");
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

int staff_view_enter(struct call *c, const struct method *m)
{
	char hash[65];
	sqlite3_stmt *st;
	int64_t opened, created, seen;

	if (!(m->flags & M_VIEW) || (m->flags & (M_PUBLIC | M_WRITE | M_IDEMPOTENT | M_SECRETS)))
		return call_fail(c, APIERR_READ_ONLY_VIEW, NULL,
				 "Просмотр только для чтения: изменения недоступны",
				 "A read-only view: changes are not allowed");
	if (!*c->view_token || strlen(c->view_token) > 64)
		goto ended;
	srv_token_hash(c->view_token, hash);
	if (call_row(c, &st, "view lookup",
		     "SELECT v.id, v.profile_id, v.opened_at, s.created_at, s.last_seen "
		     "FROM staff_views v JOIN staff_sessions s ON s.id = v.staff_session_id "
		     "JOIN staff st ON st.id = s.staff_id AND st.disabled = 0 "
		     "WHERE v.token_hash = ?", "s", hash) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		goto ended;
	snprintf(c->view_id, sizeof(c->view_id), "%s", db_text(st, 0));
	c->profile_id = sqlite3_column_int64(st, 1);
	opened = sqlite3_column_int64(st, 2);
	created = sqlite3_column_int64(st, 3);
	seen = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	if (c->now - opened >= STAFF_VIEW_TTL || c->now - seen >= STAFF_SESSION_IDLE ||
	    c->now - created >= STAFF_SESSION_MAX) {
		c->profile_id = 0;
		c->view_id[0] = '\0';
		goto ended;
	}
	if (audit_method_called(c->db, c->view_id, c->method, c->now) != 0)
		return call_internal(c, "view audit");
	/* Whatever the method does, nothing it runs in the view can write. */
	sqlite3_exec(c->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	return CALL_OK;
ended:
	return call_fail(c, APIERR_UNAUTHORIZED, NULL, "Просмотр закончен, откройте его снова",
			 "The view has ended, open it again");
}

void staff_view_leave(struct call *c)
{
	if (c->view_id[0])
		sqlite3_exec(c->db, "PRAGMA query_only = 0", NULL, NULL, NULL);
}

const struct method staff_view_methods[] = {
	{ "staffFindSubscribers", m_find_subscribers, M_WRITE | STAFF_ROLES_ALL },
	{ "staffOpenView", m_open_view, M_WRITE | STAFF_ROLES_ALL },
	{ "staffCloseView", m_close_view, M_WRITE | STAFF_ROLES_ALL },
	{ NULL, NULL, 0 },
};

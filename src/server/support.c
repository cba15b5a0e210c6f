/* Support requests and their conversations. Users open, add to and close requests;
 * support staff answer through the staff API (staff_queue.c), their messages carrying
 * the member's display name (older rows have none). */
#include <stdio.h>
#include <string.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/support.h"

#define TOPIC_MAX 200
#define TEXT_MAX SUPPORT_TEXT_MAX

/* Fills r with a request row's fields (id, created_at, topic, status, account_id from
 * column col on) and an empty message list. */
static void request_fill(cJSON *r, sqlite3_stmt *st, int col)
{
	char at[24];
	out_col_str(r, "requestId", st, col);
	out_str(r, "createdAt", srv_instant(sqlite3_column_int64(st, col + 1), at));
	out_col_str(r, "topic", st, col + 2);
	out_col_str(r, "status", st, col + 3);
	out_col_str(r, "accountId", st, col + 4);
	cJSON_AddArrayToObject(r, "messages");
}

/* A message's row: its request's id, then sender, at, text, author (NULL: none). */
static void message_row(cJSON *m, sqlite3_stmt *st)
{
	char at[24];
	out_col_str(m, "from", st, 1);
	out_str(m, "at", srv_instant(sqlite3_column_int64(st, 2), at));
	out_col_str(m, "text", st, 3);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		out_col_str(m, "author", st, 4);
}

int support_messages_out(struct call *c, cJSON *obj, const char *request_id)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, "messages");

	if (!list)
		list = cJSON_AddArrayToObject(obj, "messages");
	return call_rows(c, list, message_row, "request messages",
			 "SELECT request_id, sender, at, text, author FROM request_messages "
			 "WHERE request_id = ? ORDER BY id",
			 "s", request_id);
}

static int request_not_found(struct call *c)
{
	return call_fail(c, APIERR_NOT_FOUND, "requestId", "Обращение не найдено",
			 "Support request not found");
}

/* The caller's request row (request_fill's columns from 0), stepped onto; NULL with
 * NOT_FOUND for an unknown or foreign id. The caller resets the statement. */
static sqlite3_stmt *request_row(struct call *c, const char *request_id)
{
	sqlite3_stmt *st;

	if (call_row(c, &st, "request",
		     "SELECT id, created_at, topic, status, account_id "
		     "FROM requests WHERE id = ? AND profile_id = ?",
		     "si", request_id, c->profile_id) == CALL_OK && !st)
		request_not_found(c);
	return st;
}

/* Adds the caller's request with all its messages to c->out. */
static int request_out(struct call *c, const char *request_id)
{
	sqlite3_stmt *st = request_row(c, request_id);

	if (!st)
		return CALL_FAIL;
	request_fill(c->out, st, 0);
	sqlite3_reset(st);
	return support_messages_out(c, c->out, request_id);
}

/* A request of a page: after its position, request_fill's columns. */
static void request_page_row(cJSON *r, sqlite3_stmt *st)
{
	request_fill(r, st, 1);
}

static int get_requests(struct call *c)
{
	int64_t first, last;
	cJSON *list = cJSON_AddArrayToObject(c->out, "requests");

	if (call_page(c, list, request_page_row, &first, &last, "requests",
		      "SELECT seq, id, created_at, topic, status, account_id FROM requests "
		      "WHERE profile_id = ?1 AND (?2 = 0 OR seq < ?3) "
		      "ORDER BY seq DESC LIMIT ?4") != CALL_OK)
		return CALL_FAIL;
	if (!first)
		return CALL_OK;

	/* The page is a contiguous run of the caller's seq numbers, so one query fetches
	 * every message of the page, in the page's order. */
	return call_children(c, list, "requestId", "messages", message_row, "request messages",
			     "SELECT r.id, m.sender, m.at, m.text, m.author FROM requests r "
			     "JOIN request_messages m ON m.request_id = r.id "
			     "WHERE r.profile_id = ? AND r.seq BETWEEN ? AND ? "
			     "ORDER BY r.seq DESC, m.id",
			     "iii", c->profile_id, last, first);
}

static int get_request(struct call *c)
{
	const char *id = NULL;
	if (in_str(c, "requestId", true, 1, 64, &id) != CALL_OK)
		return CALL_FAIL;
	return request_out(c, id);
}

/* A text of only spaces says nothing: treat it as missing. */
int support_in_text(struct call *c, const char *name, size_t max, const char **out)
{
	if (in_str(c, name, true, 1, max, out) != CALL_OK)
		return CALL_FAIL;
	if ((*out)[strspn(*out, " \t\n")] == '\0')
		return call_failf(c, APIERR_VALIDATION, name, "Поле %s обязательно",
				  "Field %s is required", name);
	return CALL_OK;
}

static int add_message(struct call *c, const char *request_id, const char *text)
{
	if (db_exec(c->db, "INSERT INTO request_messages (request_id, sender, at, text) "
			   "VALUES (?, 'USER', ?, ?)", "sis", request_id, c->now, text) != SQLITE_DONE)
		return call_internal(c, "request message");
	return CALL_OK;
}

static int create_request(struct call *c)
{
	const char *topic = NULL, *text = NULL, *account_id = NULL;
	char id[32];

	if (support_in_text(c, "topic", TOPIC_MAX, &topic) != CALL_OK ||
	    support_in_text(c, "text", TEXT_MAX, &text) != CALL_OK ||
	    in_str(c, "accountId", false, 1, 64, &account_id) != CALL_OK ||
	    (account_id && call_own_account(c, account_id) != CALL_OK))
		return CALL_FAIL;
	srv_new_id("rq", id);
	if (db_exec(c->db, "INSERT INTO requests (id, profile_id, account_id, topic, status, "
			   "created_at) VALUES (?, ?, ?, ?, 'NEW', ?)", "sissi", id, c->profile_id,
		    account_id, topic, c->now) != SQLITE_DONE)
		return call_internal(c, "request");
	if (add_message(c, id, text) != CALL_OK)
		return CALL_FAIL;
	return request_out(c, id);
}

/* The status of the caller's request, into status (16 bytes); NOT_FOUND otherwise. */
static int request_status(struct call *c, const char *request_id, char *status)
{
	sqlite3_stmt *st = request_row(c, request_id);

	if (!st)
		return CALL_FAIL;
	snprintf(status, 16, "%s", db_text(st, 3));
	sqlite3_reset(st);
	return CALL_OK;
}

static int fail_closed(struct call *c)
{
	return call_fail(c, APIERR_CONFLICT, "requestId", "Обращение закрыто",
			 "The support request is closed");
}

static int add_request_message(struct call *c)
{
	const char *id = NULL, *text = NULL;
	char status[16];

	if (in_str(c, "requestId", true, 1, 64, &id) != CALL_OK ||
	    support_in_text(c, "text", TEXT_MAX, &text) != CALL_OK ||
	    request_status(c, id, status) != CALL_OK)
		return CALL_FAIL;
	if (!strcmp(status, "CLOSED"))
		return fail_closed(c);
	if (add_message(c, id, text) != CALL_OK)
		return CALL_FAIL;
	/* A reply to a resolved request means it is not resolved after all. */
	if (!strcmp(status, "RESOLVED") &&
	    db_exec(c->db, "UPDATE requests SET status = 'IN_PROGRESS' WHERE id = ?", "s", id) !=
		    SQLITE_DONE)
		return call_internal(c, "request reopen");
	return request_out(c, id);
}

static int close_request(struct call *c)
{
	const char *id = NULL;
	char status[16];

	if (in_str(c, "requestId", true, 1, 64, &id) != CALL_OK ||
	    request_status(c, id, status) != CALL_OK)
		return CALL_FAIL;
	if (!strcmp(status, "CLOSED"))
		return call_fail(c, APIERR_CONFLICT, "requestId", "Обращение уже закрыто",
				 "The support request is already closed");
	if (db_exec(c->db, "UPDATE requests SET status = 'CLOSED' WHERE id = ?", "s", id) !=
	    SQLITE_DONE)
		return call_internal(c, "request close");
	return request_out(c, id);
}

const struct method support_methods[] = {
	{ "getRequests", get_requests, M_VIEW },
	{ "getRequest", get_request, M_VIEW },
	{ "createRequest", create_request, M_WRITE },
	{ "addRequestMessage", add_request_message, M_WRITE },
	{ "closeRequest", close_request, M_WRITE },
	{ NULL, NULL, 0 },
};

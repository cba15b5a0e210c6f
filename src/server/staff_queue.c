/* The support queue of the staff API (/staff-api/, both roles): every subscriber's
 * requests, open ones first and the oldest unanswered first; a request's thread; a reply
 * from support under the member's display name, with a notice to the subscriber in the
 * outbox; the status; assigning a request to oneself. Staff name the statuses their own
 * way: the stored RESOLVED is WAITING_FOR_SUBSCRIBER here, while the subscribers' API
 * keeps calling it RESOLVED (the value their clients know). */
#include <stdio.h>
#include <string.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/notify.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/staff.h"
#include "kabinet/server/support.h"

/* A request's sort key in the queue, largest first: open requests whose last message is
 * the subscriber's (by the oldest unanswered message, oldest first), then the other open
 * ones (by their last message, oldest first), then the closed ones (newest first). The
 * group takes the top bits, a time in seconds the next 34, the request's seq the last 27
 * (each inverted where the order is ascending). */
#define QUEUE_KEY                                                                          \
	"CASE WHEN status = 'CLOSED' THEN (created_at << 27) | seq "                       \
	"WHEN last_sender = 'USER' THEN (2 << 61) | ((17179869183 - waiting) << 27) "      \
	"  | (134217727 - seq) "                                                           \
	"ELSE (1 << 61) | ((17179869183 - last_at) << 27) | (134217727 - seq) END"

/* Every request with its key and the queue's columns (queue_row()), ?1 being now; the
 * query goes on with a WHERE on k. */
#define QUEUE_FROM                                                                         \
	"WITH q AS (SELECT r.seq, r.id, r.created_at, r.topic, r.status, r.account_id, "   \
	"  r.profile_id, r.assignee_id, "                                                  \
	"  (SELECT m.sender FROM request_messages m WHERE m.request_id = r.id "            \
	"   ORDER BY m.id DESC LIMIT 1) AS last_sender, "                                  \
	"  (SELECT COALESCE(MAX(m.at), r.created_at) FROM request_messages m "             \
	"   WHERE m.request_id = r.id) AS last_at, "                                       \
	"  (SELECT MIN(m.at) FROM request_messages m WHERE m.request_id = r.id AND m.id > "\
	"   (SELECT COALESCE(MAX(s.id), 0) FROM request_messages s "                       \
	"    WHERE s.request_id = r.id AND s.sender = 'SUPPORT')) AS waiting "             \
	"  FROM requests r), "                                                             \
	"k AS (SELECT q.*, " QUEUE_KEY " AS pos FROM q) "                                  \
	"SELECT k.pos, k.id, k.topic, "                                                    \
	"  CASE k.status WHEN 'RESOLVED' THEN 'WAITING_FOR_SUBSCRIBER' ELSE k.status END, "\
	"  p.last_name || ' ' || p.name || "                                               \
	"  CASE p.middle_name WHEN '' THEN '' ELSE ' ' || p.middle_name END, "             \
	"  COALESCE(a.number, (SELECT MIN(number) FROM accounts WHERE profile_id = p.id)), "\
	"  k.created_at, CASE WHEN k.last_sender = 'USER' THEN ?1 - k.waiting END, "       \
	"  st.login, st.name, k.account_id "                                               \
	"FROM k JOIN profiles p ON p.id = k.profile_id "                                   \
	"LEFT JOIN accounts a ON a.id = k.account_id "                                     \
	"LEFT JOIN staff st ON st.id = k.assignee_id "

#define QUEUE_PAGE(filter)                                                                 \
	QUEUE_FROM "WHERE (?2 = 0 OR k.pos < ?3)" filter " ORDER BY k.pos DESC LIMIT ?4"

/* The statuses as staff name them and as they are stored; the page query of each. */
static const struct {
	const char *name, *stored, *page_sql;
} statuses[] = {
	{ "NEW", "NEW", QUEUE_PAGE(" AND k.status = 'NEW'") },
	{ "IN_PROGRESS", "IN_PROGRESS", QUEUE_PAGE(" AND k.status = 'IN_PROGRESS'") },
	{ "WAITING_FOR_SUBSCRIBER", "RESOLVED", QUEUE_PAGE(" AND k.status = 'RESOLVED'") },
	{ "CLOSED", "CLOSED", QUEUE_PAGE(" AND k.status = 'CLOSED'") },
};
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

/* The index in statuses[] of the value of field `name` (first: the lowest index taken),
 * NSTATUSES when optional and absent. */
static int in_status(struct call *c, const char *name, bool required, size_t first,
		     size_t *out)
{
	const char *s = NULL;

	*out = NSTATUSES;
	if (in_str(c, name, required, 1, 32, &s) != CALL_OK)
		return CALL_FAIL;
	if (!s)
		return CALL_OK;
	for (size_t i = first; i < NSTATUSES; i++)
		if (!strcmp(s, statuses[i].name)) {
			*out = i;
			return CALL_OK;
		}
	return call_fail(c, APIERR_VALIDATION, name, "Неизвестный статус", "Unknown status");
}

/* A queue row from QUEUE_FROM's columns. */
static void queue_row(cJSON *r, sqlite3_stmt *st)
{
	char at[24];
	cJSON *who;

	out_col_str(r, "requestId", st, 1);
	out_col_str(r, "topic", st, 2);
	out_col_str(r, "status", st, 3);
	out_col_str(r, "subscriberName", st, 4);
	out_col_str(r, "accountNumber", st, 5);
	out_str(r, "createdAt", srv_instant(sqlite3_column_int64(st, 6), at));
	out_col_int(r, "waitingSeconds", st, 7);
	if (sqlite3_column_type(st, 8) == SQLITE_NULL) {
		out_null(r, "assignee");
		return;
	}
	who = cJSON_AddObjectToObject(r, "assignee");
	out_col_str(who, "login", st, 8);
	out_col_str(who, "name", st, 9);
}

static int m_get_queue(struct call *c)
{
	static const char *const all_sql = QUEUE_PAGE("");
	int64_t first, last;
	size_t s;

	if (in_status(c, "status", false, 0, &s) != CALL_OK)
		return CALL_FAIL;
	return call_page_by(c, c->now, cJSON_AddArrayToObject(c->out, "requests"), queue_row,
			    &first, &last, "support queue",
			    s < NSTATUSES ? statuses[s].page_sql : all_sql);
}

static int request_not_found(struct call *c)
{
	return call_fail(c, APIERR_NOT_FOUND, "requestId", "Обращение не найдено",
			 "Support request not found");
}

/* The request `id` with its thread into c->out: the queue's fields, accountId and
 * messages. */
static int thread_out(struct call *c, const char *id)
{
	sqlite3_stmt *st;

	if (call_row(c, &st, "support request", QUEUE_FROM "WHERE k.id = ?2", "is", c->now, id) !=
	    CALL_OK)
		return CALL_FAIL;
	if (!st)
		return request_not_found(c);
	queue_row(c->out, st);
	out_col_str(c->out, "accountId", st, 10);
	sqlite3_reset(st);
	return support_messages_out(c, c->out, id);
}

/* The request's requestId from the body, its stored status (16 bytes) and profile. A
 * CLOSED request is a CONFLICT unless closed_ok. */
static int in_request(struct call *c, const char **id, char *status, int64_t *profile_id,
		      bool closed_ok)
{
	sqlite3_stmt *st;

	if (in_str(c, "requestId", true, 1, 64, id) != CALL_OK ||
	    call_row(c, &st, "support request", "SELECT status, profile_id FROM requests "
		     "WHERE id = ?", "s", *id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return request_not_found(c);
	snprintf(status, 16, "%s", db_text(st, 0));
	*profile_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (!closed_ok && !strcmp(status, "CLOSED"))
		return call_fail(c, APIERR_CONFLICT, "requestId", "Обращение закрыто",
				 "The support request is closed");
	return CALL_OK;
}

static int m_get_request(struct call *c)
{
	const char *id = NULL;

	if (in_str(c, "requestId", true, 1, 64, &id) != CALL_OK)
		return CALL_FAIL;
	return thread_out(c, id);
}

/* The subscriber hears of an answer (no text of it: only where to read it) as the
 * profile's SUPPORT_ANSWER setting says: by default by e-mail, else by SMS. */
static int notify(struct call *c, int64_t profile_id, const char *id)
{
	char text[600];
	sqlite3_stmt *st;

	if (call_row(c, &st, "request topic", "SELECT topic FROM requests WHERE id = ?", "s",
		     id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return CALL_OK;
	snprintf(text, sizeof(text), "Поддержка ответила на ваше обращение «%s». Ответ — в личном "
		 "кабинете, раздел «Обращения».", db_text(st, 0));
	sqlite3_reset(st);
	return notify_send(c, profile_id, NOTIFY_SUPPORT_ANSWER, text) == 0
		       ? CALL_OK : call_internal(c, "outbox");
}

static int m_reply(struct call *c)
{
	const char *id = NULL, *text = NULL;
	char status[16];
	int64_t profile_id;

	if (in_request(c, &id, status, &profile_id, false) != CALL_OK ||
	    support_in_text(c, "text", SUPPORT_TEXT_MAX, &text) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "INSERT INTO request_messages (request_id, sender, at, text, author) "
			   "SELECT ?, 'SUPPORT', ?, ?, name FROM staff WHERE id = ?", "sisi", id,
		    c->now, text, c->staff_id) != SQLITE_DONE)
		return call_internal(c, "support reply");
	/* Answered: a new request is being worked on now. */
	if (!strcmp(status, "NEW") &&
	    db_exec(c->db, "UPDATE requests SET status = 'IN_PROGRESS' WHERE id = ?", "s", id) !=
		    SQLITE_DONE)
		return call_internal(c, "request status");
	if (notify(c, profile_id, id) != CALL_OK)
		return CALL_FAIL;
	return thread_out(c, id);
}

static int m_set_status(struct call *c)
{
	const char *id = NULL;
	char status[16];
	int64_t profile_id;
	size_t s;

	/* NEW is no status to set: only the queue's filter knows it. */
	if (in_request(c, &id, status, &profile_id, false) != CALL_OK ||
	    in_status(c, "status", true, 1, &s) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "UPDATE requests SET status = ? WHERE id = ?", "ss", statuses[s].stored,
		    id) != SQLITE_DONE)
		return call_internal(c, "request status");
	return thread_out(c, id);
}

static int m_assign(struct call *c)
{
	const char *id = NULL;
	char status[16];
	int64_t profile_id;

	if (in_request(c, &id, status, &profile_id, false) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "UPDATE requests SET assignee_id = ? WHERE id = ?", "is", c->staff_id,
		    id) != SQLITE_DONE)
		return call_internal(c, "request assign");
	return thread_out(c, id);
}

const struct method staff_queue_methods[] = {
	{ "staffGetQueue", m_get_queue, STAFF_ROLES_ALL },
	{ "staffGetRequest", m_get_request, STAFF_ROLES_ALL },
	{ "staffReply", m_reply, M_WRITE | STAFF_ROLES_ALL },
	{ "staffSetRequestStatus", m_set_status, M_WRITE | STAFF_ROLES_ALL },
	{ "staffAssignRequest", m_assign, M_WRITE | STAFF_ROLES_ALL },
	{ NULL, NULL, 0 },
};

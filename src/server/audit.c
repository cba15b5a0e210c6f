/* The audit trail (audit.h): its two writers for the staff side, and getAccessLog, by
 * which a subscriber reads who looked at their profile. The trail is only ever added
 * to here; the database refuses the rest. */
#include "kabinet/server/audit.h"

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"

int audit_view_opened(sqlite3 *db, const struct audit_view *v)
{
	return db_exec(db, "INSERT INTO audit_views (id, profile_id, staff_login, staff_name, "
			   "reason, opened_at, remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "sisssis", v->view_id, v->profile_id, v->staff_login, v->staff_name,
		       v->reason, v->opened_at, v->remote_addr) == SQLITE_DONE ? 0 : -1;
}

int audit_method_called(sqlite3 *db, const char *view_id, const char *method, int64_t at)
{
	return db_exec(db, "INSERT INTO audit_calls (view_id, method, at) VALUES (?, ?, ?)",
		       "ssi", view_id, method, at) == SQLITE_DONE ? 0 : -1;
}

/* A view's fields from column col on (id, staff_login, staff_name, reason, opened_at),
 * with an empty list of methods. */
static cJSON *view_fill(cJSON *v, sqlite3_stmt *st, int col)
{
	char at[24];
	out_col_str(v, "viewId", st, col);
	out_col_str(v, "staffLogin", st, col + 1);
	out_col_str(v, "staffName", st, col + 2);
	out_col_str(v, "reason", st, col + 3);
	out_str(v, "openedAt", srv_instant(sqlite3_column_int64(st, col + 4), at));
	cJSON_AddArrayToObject(v, "methods");
	return v;
}

/* A method looked at: its view's id, then the name and when it was first called. */
static void method_row(cJSON *m, sqlite3_stmt *st)
{
	char at[24];
	out_col_str(m, "method", st, 1);
	out_str(m, "firstAt", srv_instant(sqlite3_column_int64(st, 2), at));
}

static int get_access_log(struct call *c)
{
	int64_t limit, after = 0, first = 0, last = 0, n = 0;
	bool has_cursor;
	cJSON *list;
	sqlite3_stmt *st;
	int rc;

	if (in_page(c, &limit, &after, &has_cursor) != CALL_OK)
		return CALL_FAIL;
	list = cJSON_AddArrayToObject(c->out, "views");
	st = call_query(c, "access log",
			"SELECT seq, id, staff_login, staff_name, reason, opened_at "
			"FROM audit_views WHERE profile_id = ?1 AND (?2 = 0 OR seq < ?3) "
			"ORDER BY seq DESC LIMIT ?4",
			"iiii", c->profile_id, (int64_t)has_cursor, after, limit + 1);
	if (!st)
		return CALL_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			page_set_next(c, last);
			break;
		}
		last = sqlite3_column_int64(st, 0);
		if (n++ == 0)
			first = last;
		cJSON_AddItemToArray(list, view_fill(cJSON_CreateObject(), st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return call_internal(c, "access log");
	if (n == 0)
		return CALL_OK;

	/* The page is a contiguous run of the caller's seq numbers: one query reads the
	 * methods of all its views, each name once, in the order first called. */
	return call_children(c, list, "viewId", "methods", method_row, "access log methods",
			     "SELECT v.id, a.method, MIN(a.at) FROM audit_views v "
			     "JOIN audit_calls a ON a.view_id = v.id "
			     "WHERE v.profile_id = ? AND v.seq BETWEEN ? AND ? "
			     "GROUP BY v.seq, a.method ORDER BY v.seq DESC, MIN(a.id)",
			     "iii", c->profile_id, last, first);
}

const struct method audit_methods[] = {
	{ "getAccessLog", get_access_log, 0 },
	{ NULL, NULL, 0 },
};

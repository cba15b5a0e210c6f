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

int audit_office_action(sqlite3 *db, int64_t profile_id, const char *staff_login,
			const char *staff_name, const char *what, const char *method,
			int64_t at, const char *remote_addr)
{
	char id[40];
	struct audit_view v = { srv_new_id("ofc_", id), profile_id, staff_login, staff_name,
				what, at, remote_addr };
	if (audit_view_opened(db, &v) != 0)
		return -1;
	return audit_method_called(db, id, method, at);
}

/* A view of a page: after its position, id, staff_login, staff_name, reason and
 * opened_at, with an empty list of methods. */
static void view_row(cJSON *v, sqlite3_stmt *st)
{
	char at[24];
	out_col_str(v, "viewId", st, 1);
	out_col_str(v, "staffLogin", st, 2);
	out_col_str(v, "staffName", st, 3);
	out_col_str(v, "reason", st, 4);
	out_str(v, "openedAt", srv_instant(sqlite3_column_int64(st, 5), at));
	cJSON_AddArrayToObject(v, "methods");
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
	int64_t first, last;
	cJSON *list = cJSON_AddArrayToObject(c->out, "views");

	if (call_page(c, list, view_row, &first, &last, "access log",
		      "SELECT seq, id, staff_login, staff_name, reason, opened_at "
		      "FROM audit_views WHERE profile_id = ?1 AND (?2 = 0 OR seq < ?3) "
		      "ORDER BY seq DESC LIMIT ?4") != CALL_OK)
		return CALL_FAIL;
	if (!first)
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
	{ "getAccessLog", get_access_log, M_VIEW },
	{ NULL, NULL, 0 },
};

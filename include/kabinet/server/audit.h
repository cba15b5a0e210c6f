/* The audit trail of staff access to a subscriber's data: a row for every read-only
 * view a staff member opens on a profile (who, why, when, from where) and a row for
 * every method called in it. The rows are append-only by construction: the schema's
 * triggers (migration 6) abort any UPDATE or DELETE of them, and nothing in kabinetd
 * deletes them, so staff cannot wipe their tracks. The subscriber reads their own
 * profile's rows with getAccessLog (client API, src/server/audit.c).
 *
 * The staff side calls these within its call's transaction, so a view that fails to be
 * recorded is not opened and a method whose call is not recorded does not answer: on
 * -1, roll back (call_internal()). */
#ifndef KABINET_SERVER_AUDIT_H
#define KABINET_SERVER_AUDIT_H

#include <sqlite3.h>
#include <stdint.h>

/* A view as it is opened. The texts are copied into the row as they are now: a staff
 * member renamed later still shows under the name they had. */
struct audit_view {
	const char *view_id;		/* the view's opaque id, unique (the view session's
					 * own, e.g. srv_new_id("vw", ...)) */
	int64_t profile_id;		/* the subscriber's profile looked at */
	const char *staff_login;
	const char *staff_name;		/* the display name the subscriber is shown */
	const char *reason;		/* the ticket number or free text given */
	int64_t opened_at;		/* the call's c->now */
	const char *remote_addr;	/* the staff client's address, NULL when unknown */
};

/* Records that a view was opened. 0, or -1 when the row could not be written (a
 * view_id used before, an unknown profile, SQLite failing). */
int audit_view_opened(sqlite3 *db, const struct audit_view *v);
/* Records that `method` (the API method's name) was called in the view view_id at
 * `at`. 0, or -1 when the row could not be written (an unknown view, SQLite failing). */
int audit_method_called(sqlite3 *db, const char *view_id, const char *method, int64_t at);

/* An action of the office's staff on a company's profile (staff_office.c) is a row of
 * the same trail, so that the company reads it with getAccessLog like a view: a view
 * row whose reason says what was done (`what`, fixed text) with one method row, the
 * office method's name, both at `at`. Its id is new ("ofc_..."); remote_addr may be
 * NULL. 0, or -1 as above. */
int audit_office_action(sqlite3 *db, int64_t profile_id, const char *staff_login,
			const char *staff_name, const char *what, const char *method,
			int64_t at, const char *remote_addr);

#endif

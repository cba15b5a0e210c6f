/* The staff's side of the client (kabinet --staff): its screens, and what they share
 * (staff.c): the login's end, the logout, the top line, and the read-only view of a
 * subscriber's cabinet (opened with a reason, the subscribers' own screens run under
 * the view's table with a banner, closed on Esc, `:back` or when the server ends it). */
#ifndef KABINET_UI_STAFF_H
#define KABINET_UI_STAFF_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/ui/engine.h"

struct app;
struct api_reply;
struct staff_who;

/* The staff's screens: the login (password, then the authenticator's code), 1 the
 * support queue, 2 the subscribers (find, view), 3 the companies (office only). */
extern const struct screen_ops staff_login_screen;
extern const struct screen_ops staff_queue_screen;
extern const struct screen_ops staff_subscribers_screen;
extern const struct screen_ops staff_companies_screen;


/* The tables the staff's side switches between, given by main.c before the run. */
void staff_tables(const struct ui_screens *support, const struct ui_screens *office,
		  const struct ui_screens *view);
/* The staff login went through: who it is, and the staff's screens for the role,
 * the queue first. */
void staff_logged_in(struct app *app, const struct staff_who *who);
/* The staff's logout (the tables' logout): a view open is closed first; the session
 * ends on the server and here, and the login screen comes back. */
void staff_logout(struct app *app);
/* The top lines: " kabinet · staff support1 (Орлова Елена) · host", and a view's
 * banner "Viewing NAME as support1 · REASON · read-only · Esc: back". */
void staff_top(struct app *app, char *buf, size_t size);
void staff_view_top(struct app *app, char *buf, size_t size);

/* Opens the view of the subscriber (a handle of staffFindSubscribers) with the
 * reason: on the server's yes the subscriber's overview comes up under the view's
 * table; `back` is the screen Esc returns to. On a refusal, refused() is given the
 * answer (to show it by the reason, with what was typed kept) and nothing changes.
 * False when the request could not even be sent (said in the bottom line). */
bool staff_view_open(struct app *app, const char *subscriber, const char *reason,
		     const struct screen_ops *back,
		     void (*refused)(struct app *app, const struct api_reply *reply));
/* Closes the view (Esc, `:back`: the view table's leave): on the server and here,
 * the subscriber's data dropped, the screen it was opened from in front. */
void staff_view_leave(struct app *app);
/* The server ended the view (a 401 in it: 15 minutes, the staff session's end): the
 * same, and said so. */
void staff_view_ended(struct app *app);

/* `:find TEXT` (staff_find.c): screen 2 with the subscribers that TEXT finds. */
void staff_find(struct app *app, const char *text);
/* `:find TEXT` in a view: the view is closed first (staff_view_leave). */
void staff_view_find(struct app *app, const char *text);

#endif

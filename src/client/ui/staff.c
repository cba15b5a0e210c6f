/* What the staff's screens share (staff.h): the end of the staff login (the table of
 * the role), the staff's logout, the top line, and the read-only view of a subscriber's
 * cabinet. A view runs the subscribers' own screens under the view's table: the
 * network sends the view's token instead of a session (api_set_view_token), every
 * change is refused before any request (app_read_only while app->view.open), the top
 * line is the banner, and Esc or `:back` on a screen of the menu closes it. The
 * subscriber's data never outlives the view (app_forget_data on both ends). */
#include "kabinet/ui/staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/staff.h"
#include "kabinet/model/text.h"
#include "kabinet/model/wipe.h"
#include "kabinet/net/api.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/messages.h"

/* The view being opened: one at a time. */
static struct {
	bool busy;
	const struct screen_ops *front;	/* the reason's form, in front when asked */
	const struct screen_ops *back;	/* where Esc returns */
	void (*refused)(struct app *app, const struct api_reply *reply);
	char reason[sizeof(((struct app *)0)->view.reason)];
} opening;

/* The screen a view returns to. */
static const struct screen_ops *view_back;

/* The tables (staff_tables()). */
static const struct ui_screens *support_table, *office_table, *view_table;

void staff_tables(const struct ui_screens *support, const struct ui_screens *office,
		  const struct ui_screens *view)
{
	support_table = support;
	office_table = office;
	view_table = view;
}

static const struct ui_screens *staff_table(const struct app *app)
{
	return app->staff.office ? office_table : support_table;
}

void staff_logged_in(struct app *app, const struct staff_who *who)
{
	snprintf(app->staff.login, sizeof(app->staff.login), "%s", who->login);
	snprintf(app->staff.name, sizeof(app->staff.name), "%s", who->name);
	app->staff.office = who->office;
	ui_set_screens(staff_table(app), &staff_queue_screen);
}

/* The texts are the server's: the drawing makes them safe (ui_put). */
void staff_top(struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, " kabinet · %s %s (%s) · %s", _("staff"), app->staff.login,
		 app->staff.name, app->host);
}

/* The columns the engine keeps on the right of the top line while the view's menu
 * is folded into it ("[1 Overview] "): the widest title's, when the menu does not
 * fit the terminal's width on its line. */
static int folded_menu_cols(void)
{
	int w = 0, widest = 0;

	for (size_t i = 0; view_table && i < view_table->nmenu; i++) {
		int t = ui_width(_(view_table->menu[i].title));
		w += (i ? 1 : 0) + 2 + t;
		if (t > widest)
			widest = t;
	}
	return w > COLS ? widest + 6 : 0;
}

/* The banner of a view, as much of it as the top line holds: in full, then without
 * the staff login, then without the reason too, then the name alone with that it is
 * read-only and how to leave (cut by the drawing after that). */
void staff_view_top(struct app *app, char *buf, size_t size)
{
	char name[256], reason[256];
	int room = COLS - folded_menu_cols();

	/* The name and the reason are the server's and the staff member's: one line of
	 * them (a long reason is cut here, the drawing makes them safe). */
	text_copy(name, sizeof(name), app->view.name);
	text_copy(reason, sizeof(reason), app->view.reason);
	/* TRANSLATORS: the banner of a staff member's read-only view of a subscriber's
	 * cabinet: the subscriber's name, the staff login, the reason given. */
	snprintf(buf, size, _(" Viewing %s as %s · %s · read-only · Esc: back"), name,
		 app->staff.login, reason);
	if (ui_width(buf) <= room)
		return;
	/* TRANSLATORS: the same banner, narrower: the subscriber's name, the reason. */
	snprintf(buf, size, _(" Viewing %s · %s · read-only · Esc: back"), name, reason);
	if (ui_width(buf) <= room)
		return;
	/* TRANSLATORS: the same banner, narrower still: the subscriber's name. */
	snprintf(buf, size, _(" Viewing %s · read-only · Esc: back"), name);
	if (ui_width(buf) <= room)
		return;
	/* TRANSLATORS: the same banner, narrowest: the subscriber's name. */
	snprintf(buf, size, _(" %s · read-only · Esc: back"), name);
}

static void close_on_server(struct app *app, const char *view);

/* The view is gone, here and (told after what was in flight is cancelled) on the
 * server: its token, what it said of the subscriber (app->view wiped whole, the
 * data), its table. */
static void view_gone(struct app *app)
{
	char view[sizeof(app->view.id)];

	snprintf(view, sizeof(view), "%s", app->view.id);
	api_cancel_all(app->api);
	api_set_view_token(app->api, NULL);
	model_wipe(&app->view, sizeof(app->view));
	app_forget_data(app);
	ui_load_link_reset();
	close_on_server(app, view);
	ui_set_screens(staff_table(app), view_back ? view_back : &staff_subscribers_screen);
}

/* staffCloseView's answer: the view ended on the server either way (a 404 is a view
 * that ended by itself); a 401 is the staff session's end. */
static void closed(void *ud, const struct api_reply *reply)
{
	(void)ud;
	if (reply->err == APIERR_UNAUTHORIZED)
		ui_session_ended();
}

static void close_on_server(struct app *app, const char *view)
{
	char *body = model_staff_close_view_body(view);

	if (body)
		api_call(app->api, "staffCloseView", body, API_WRITE | API_STAFF, closed, app);
	free(body);
}

void staff_view_leave(struct app *app)
{
	char name[256];

	if (!app->view.open)
		return;
	text_copy(name, sizeof(name), app->view.name);
	view_gone(app);
	ui_message(UI_MSG_INFO, _("The view of %s is closed."), name);
}

void staff_view_ended(struct app *app)
{
	if (!app->view.open)
		return;
	app->start_note[0] = '\0';	/* the staff's session goes on */
	view_gone(app);
	ui_message(UI_MSG_WARNING, "%s", _("The view has ended (15 minutes, or the staff session): open it again."));
}

void staff_view_find(struct app *app, const char *text)
{
	staff_view_leave(app);
	staff_find(app, text);
}

/* staffOpenView's answer. */
static void opened(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;
	struct staff_view_opened v = { 0 };
	struct model_err err = { 0 };
	char text[512];

	opening.busy = false;
	if (!app_reply_ok(reply)) {
		if (reply->err == APIERR_UNAUTHORIZED) {
			ui_session_ended();
			return;
		}
		if (opening.refused && ui_front() == opening.front)
			opening.refused(app, reply);
		else
			ui_message(UI_MSG_ERROR, "%s", app_reply_text(app, reply, text, sizeof(text)));
		return;
	}
	if (model_staff_view_opened(reply->body, &v, &err) != MODEL_OK) {
		/* A view the server opened is closed there: nobody looks through it. */
		if (v.view[0])
			close_on_server(app, v.view);
		model_wipe(&v, sizeof(v));
		ui_message(UI_MSG_ERROR, _("The view could not be opened: %s"), err.msg);
		return;
	}
	/* The reason's form was left meanwhile (another screen, a reply typed): what is
	 * in front now stays, and the view is closed unused. */
	if (ui_front() != opening.front) {
		close_on_server(app, v.view);
		model_wipe(&v, sizeof(v));
		ui_message(UI_MSG_INFO, "%s", _("The view was not opened: its reason's form was left."));
		return;
	}
	app_forget_data(app);
	api_set_view_token(app->api, v.token);
	app->view.open = true;
	snprintf(app->view.id, sizeof(app->view.id), "%s", v.view);
	snprintf(app->view.name, sizeof(app->view.name), "%s", v.name);
	snprintf(app->view.reason, sizeof(app->view.reason), "%s", opening.reason);
	model_wipe(&v, sizeof(v));
	view_back = opening.back;
	ui_clear_info_message();	/* "Opening the view...": the banner says it now */
	ui_set_screens(view_table, NULL);	/* the subscriber's overview */
}

bool staff_view_open(struct app *app, const char *subscriber, const char *reason,
		     const struct screen_ops *back,
		     void (*refused)(struct app *app, const struct api_reply *reply))
{
	char *body;

	if (opening.busy) {
		ui_message(UI_MSG_WARNING, "%s", _("A view is being opened already: wait for it."));
		return false;
	}
	body = model_staff_open_view_body(subscriber, reason);
	if (!body || !api_call(app->api, "staffOpenView", body, API_WRITE | API_STAFF, opened, app)) {
		free(body);
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return false;
	}
	free(body);
	opening.busy = true;
	opening.front = ui_front();
	opening.back = back;
	opening.refused = refused;
	snprintf(opening.reason, sizeof(opening.reason), "%s", reason);
	ui_message(UI_MSG_INFO, "%s", _("Opening the view..."));
	return true;
}

void staff_logout(struct app *app)
{
	api_cancel_all(app->api);
	if (app->view.open)
		view_gone(app);
	api_call(app->api, "staffLogout", "{}", API_WRITE | API_STAFF, NULL, NULL);
	api_forget_staff_session(app->api);
	memset(&app->staff, 0, sizeof(app->staff));
	/* The messages may name subscribers: the next at this terminal does not read them. */
	ui_messages_clear();
	app_forget_data(app);
	ui_load_link_reset();
	ui_set_screens(support_table, &staff_login_screen);
	ui_message(UI_MSG_INFO, "%s", _("Logged out."));
}

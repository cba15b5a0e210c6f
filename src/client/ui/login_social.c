/* Social login and linking's device screen, over the login form (login_social_show)
 * or over screen 8's social accounts (social_link_device): for a login the server's
 * providers first (getSocialProviders, by their names), then the flow of the chosen
 * one (startDeviceLogin or startSocialLink): the user code large, the address to
 * open, the QR code of the address with the code in it drawn in half blocks black on
 * white (ui_ink_on_paper), the time left counting down; the poll (pollDeviceLogin or
 * pollSocialLink) goes every `interval` seconds, SLOW_DOWN raising it. Each end is
 * said in words and stays on the screen (Enter starts a new code, Esc goes back); an
 * approved login goes on in login.c as a password login's answer would
 * (login_social_answer), a link made to the caller's done(). Where the QR code cannot
 * be drawn (a window too small for it, a terminal that is not UTF-8, ascii_only) the
 * address with the code alone, with a note. The device code is a secret: wiped when
 * the flow ends. Esc stops polling; the login form keeps what was typed. */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/remember.h"
#include "kabinet/model/model.h"
#include "kabinet/model/qr.h"
#include "kabinet/model/social.h"
#include "kabinet/model/text.h"
#include "kabinet/model/wipe.h"

/* The text column beside the QR code needs this many columns. */
#define TEXT_MIN 34

enum phase {
	P_PICK,		/* the providers (a login only) */
	P_START,	/* the flow asked for */
	P_WAIT,		/* the code shown, polling */
	P_END,		/* an end said in words */
};

static const struct screen_ops social_login_screen, social_link_screen;

static struct {
	bool link;			/* linking from screen 8; else a login */
	enum phase phase;
	struct social_providers providers;
	bool providers_in;		/* getSocialProviders answered */
	size_t sel;
	char provider[SOCIAL_ID_MAX + 1];
	char provider_name[128];
	struct social_flow flow;
	struct qr_art qr;
	bool have_qr;
	struct timespec started;	/* the flow's answer came */
	long next_poll_ms;		/* since started */
	int interval;			/* seconds */
	long shown_left;		/* the countdown as last drawn */
	unsigned gen;			/* replies of an older request are dropped */
	bool busy;
	char msg[640];			/* the end, or a poll's passing trouble */
	enum ui_msg msg_kind;
	social_linked_fn linked;
} sc;

static void say(enum ui_msg kind, const char *text)
{
	snprintf(sc.msg, sizeof(sc.msg), "%s", text);
	sc.msg_kind = kind;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* The flow's secrets and art go; the screen stays. */
static void flow_forget(void)
{
	model_wipe(&sc.flow, sizeof(sc.flow));
	qr_art_free(&sc.qr);
	sc.have_qr = false;
	sc.gen++;
	sc.busy = false;
}

static void end_with(enum ui_msg kind, const char *text)
{
	flow_forget();
	sc.phase = P_END;
	say(kind, text);
}

static long elapsed_ms(void)
{
	return ui_ms_since(&sc.started);
}

static long seconds_left(void)
{
	long left = sc.flow.expires_in - elapsed_ms() / 1000;
	return left > 0 ? left : 0;
}

/* --- requests --- */

struct req {
	struct app *app;
	unsigned gen;
};

/* Sends body (freed, wiped when secret) to method; done gets the reply while the
 * request is still the current one. */
static bool send(struct app *app, const char *method, char *body, bool secret,
		 api_done_fn done)
{
	bool have = body != NULL;
	struct req *r = have ? malloc(sizeof(*r)) : NULL;
	unsigned flags = sc.link ? API_WRITE : API_NO_RELOGIN;
	unsigned id = 0;

	if (r) {
		*r = (struct req){ app, ++sc.gen };
		id = api_call(app->api, method, body, flags, done, r);
	}
	secret ? model_free_secret_body(body) : free(body);
	if (!id) {
		free(r);
		end_with(UI_MSG_ERROR, have ? _("Cannot connect to the server.") : _("Out of memory."));
		return false;
	}
	sc.busy = true;
	return true;
}

/* The request's app when its reply is still awaited, else NULL (req freed). */
static struct app *taken(void *ud)
{
	struct req *r = ud;
	struct app *app = r->gen == sc.gen ? r->app : NULL;

	free(r);
	if (app)
		sc.busy = false;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return app;
}

/* A refusal or a failure said in words; a session ended while linking goes to the
 * login form. */
static void refused(struct app *app, const struct api_reply *reply)
{
	char text[512];

	if (sc.link && reply->fail == API_FAIL_NONE && reply->err == APIERR_UNAUTHORIZED) {
		flow_forget();
		ui_session_ended();
		return;
	}
	end_with(UI_MSG_ERROR, app_reply_text(app, reply, text, sizeof(text)));
}

/* The request's app when its reply is current and the server's yes, else NULL (a
 * refusal said). */
static struct app *answered(void *ud, const struct api_reply *reply)
{
	struct app *app = taken(ud);

	if (app && !app_reply_ok(reply)) {
		refused(app, reply);
		return NULL;
	}
	return app;
}

static void not_understood(void)
{
	end_with(UI_MSG_ERROR, _("The server's answer could not be understood."));
}

/* --- the end of a flow, in words --- */

static void say_end(enum social_status st)
{
	char text[512];

	switch (st) {
	case SOCIAL_DENIED:
		snprintf(text, sizeof(text), "%s",
			 sc.link ? _("The link was denied on the approval page.")
				 : _("The login was denied on the approval page."));
		break;
	case SOCIAL_NOT_LINKED:
		snprintf(text, sizeof(text),
			 _("This %s account is not linked to any profile: log in with your "
			   "password and link it on screen 8 (Profile, key l)."), sc.provider_name);
		break;
	case SOCIAL_LINKED_ELSEWHERE:
		snprintf(text, sizeof(text),
			 _("This %s account is already linked to another profile."), sc.provider_name);
		break;
	case SOCIAL_PROVIDER_ERROR:
		snprintf(text, sizeof(text),
			 _("%s could not be reached, or its answer could not be verified. Try "
			   "again later."), sc.provider_name);
		break;
	default:
		snprintf(text, sizeof(text), "%s",
			 _("The code has expired. Enter gives a new one."));
		break;
	}
	end_with(st == SOCIAL_EXPIRED ? UI_MSG_WARNING : UI_MSG_ERROR, text);
}

/* --- polling --- */

static void on_poll(void *ud, const struct api_reply *reply);

static void poll_now(struct app *app)
{
	char device[128];
	char *body = sc.link ? model_body_social_poll_link(sc.flow.device_code)
			     : model_body_social_poll_login(sc.flow.device_code,
							    login_remember_asked(app),
							    remember_device_name(device, sizeof(device)));

	send(app, sc.link ? "pollSocialLink" : "pollDeviceLogin", body, true, on_poll);
}

static void schedule(void)
{
	sc.next_poll_ms = elapsed_ms() + sc.interval * 1000L;
}

/* The approved flow handed on: the screen goes first, so that what comes next (the
 * overview, the code step, the list of links) is in front. */
static void approved(struct app *app, const struct api_reply *reply, const struct social_poll *p)
{
	social_linked_fn linked = sc.linked;
	struct social_link link = p->link;

	flow_forget();
	ui_pop();
	if (!sc.link)
		login_social_answer(app, reply->body);
	else if (linked)
		linked(app, &link);
}

/* A fault on the way (the network, the server busy): the flow goes on, said. */
static void poll_fault(struct app *app, const struct api_reply *reply)
{
	char text[512], line[640];

	snprintf(line, sizeof(line), _("Could not ask the server (%s); trying again."),
		 app_reply_text(app, reply, text, sizeof(text)));
	say(UI_MSG_WARNING, line);
	schedule();
}

static void on_poll(void *ud, const struct api_reply *reply)
{
	struct app *app = taken(ud);
	struct social_poll p;
	struct model_err err;

	if (!app)
		return;
	if (reply->fail != API_FAIL_NONE && reply->fail != API_FAIL_BAD_REPLY) {
		poll_fault(app, reply);
		return;
	}
	if (!app_reply_ok(reply)) {
		refused(app, reply);
		return;
	}
	if (model_parse_social_poll(reply->body, sc.link, &p, &err) != MODEL_OK) {
		not_understood();
		return;
	}
	sc.msg[0] = '\0';
	if (p.status == SOCIAL_APPROVED)
		approved(app, reply, &p);
	else if (p.status == SOCIAL_PENDING || p.status == SOCIAL_SLOW_DOWN) {
		if (p.status == SOCIAL_SLOW_DOWN)
			sc.interval = p.interval;
		schedule();
	} else {
		say_end(p.status);
	}
}

/* --- starting a flow --- */

static void on_flow(void *ud, const struct api_reply *reply)
{
	struct model_err err;

	if (!answered(ud, reply))
		return;
	if (model_parse_social_flow(reply->body, &sc.flow, &err) != MODEL_OK) {
		not_understood();
		return;
	}
	sc.have_qr = qr_art_make(sc.flow.uri_complete, &sc.qr) == 0;
	clock_gettime(CLOCK_MONOTONIC, &sc.started);
	sc.interval = sc.flow.interval;
	sc.shown_left = -1;
	sc.msg[0] = '\0';
	sc.phase = P_WAIT;
	schedule();
}

static void start_flow(struct app *app)
{
	char device[128];
	char *body = sc.link ? model_body_social_provider(sc.provider)
			     : model_body_social_start(sc.provider,
						       remember_device_name(device, sizeof(device)));

	flow_forget();
	sc.msg[0] = '\0';
	sc.phase = P_START;
	send(app, sc.link ? "startSocialLink" : "startDeviceLogin", body, false, on_flow);
}

/* --- the providers (a login) --- */

static void on_providers(void *ud, const struct api_reply *reply)
{
	struct model_err err;

	if (!answered(ud, reply))
		return;
	model_free_social_providers(&sc.providers);
	if (model_parse_social_providers(reply->body, &sc.providers, &err) != MODEL_OK) {
		not_understood();
		return;
	}
	sc.providers_in = true;
	sc.sel = 0;
	if (sc.providers.n == 0)
		end_with(UI_MSG_INFO, _("This server offers no social login: log in with your "
					"password."));
}

static void choose(struct app *app)
{
	const struct social_provider *p = sc.sel < sc.providers.n ? &sc.providers.items[sc.sel]
								 : NULL;

	if (!p)
		return;
	snprintf(sc.provider, sizeof(sc.provider), "%s", p->id);
	text_copy(sc.provider_name, sizeof(sc.provider_name), p->name);
	start_flow(app);
}

/* --- drawing --- */

/* An ASCII text (a URL) in pieces of `cols` columns from y, at most `rows`: the rows
 * used. */
static int put_broken(WINDOW *w, int y, int x, int cols, int rows, attr_t attr, const char *s)
{
	int used = 0;
	size_t n = strlen(s);

	for (size_t at = 0; at < n && used < rows && cols > 0; at += (size_t)cols, used++) {
		char piece[SOCIAL_URL_MAX + 1];
		snprintf(piece, sizeof(piece), "%.*s", cols, s + at);
		ui_put_attr(w, y + used, x, cols, UI_LEFT, attr, 0, piece);
	}
	return used;
}

static int put_code(WINDOW *w, int y, int x, int cols)
{
	char spaced[2 * sizeof(sc.flow.user_code)];
	size_t n = 0;

	for (const char *c = sc.flow.user_code; *c && n + 2 < sizeof(spaced); c++) {
		spaced[n++] = *c;
		spaced[n++] = c[1] ? ' ' : '\0';
	}
	spaced[n] = '\0';
	ui_put_attr(w, y, x, cols, UI_LEFT, A_BOLD, 0, spaced);
	return 1;
}

static void put_left(WINDOW *w, int y, int x, int cols)
{
	char line[128];
	long left = seconds_left();

	snprintf(line, sizeof(line), _("Time left: %ld:%02ld"), left / 60, left % 60);
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT, line);
	sc.shown_left = left;
}

/* Why the QR code is not drawn, or NULL when it fits in rows x cols. */
static const char *qr_absent(int rows, int cols)
{
	if (!sc.have_qr)
		return _("The QR code could not be made: open the address.");
	if (ui_text_flags())
		return _("No QR code on a terminal that is not UTF-8 or under ascii_only: open "
			 "the address.");
	if (sc.qr.rows > rows || sc.qr.cols + 2 + TEXT_MIN > cols)
		return _("The window is too small for the QR code: open the address.");
	return NULL;
}

static void draw_qr(WINDOW *w, int y, int x)
{
	attr_t attr;
	short pair;

	ui_ink_on_paper(&attr, &pair);
	for (int i = 0; i < sc.qr.rows; i++)
		ui_put_attr(w, y + i, x, sc.qr.cols, UI_LEFT, attr, pair, sc.qr.lines[i]);
}

/* The code, the address and the time left in a column from y: the rows used. */
static int draw_text(WINDOW *w, int y, int x, int cols, int rows, const char *note)
{
	int y0 = y, end = y + rows;

	y += ui_put_wrapped(w, y, x, cols, end - y < 2 ? end - y : 2, AREA_DEFAULT,
			    note ? _("On a phone or computer, open this address:")
				 : _("Scan the QR code, or open this address:"));
	if (y < end)
		y += put_broken(w, y, x, cols, end - y, A_BOLD, note ? sc.flow.uri_complete
								    : sc.flow.uri);
	if (y + 1 < end) {
		y += ui_put_wrapped(w, y + 1, x, cols, 1, AREA_DEFAULT, _("and enter the code:")) + 1;
		y += put_code(w, y, x + 2, cols - 2);
	}
	if (y + 1 < end) {
		put_left(w, y + 1, x, cols);
		y += 2;
	}
	if (sc.msg[0] && y < end)
		y += ui_put_wrapped(w, y, x, cols, end - y < 3 ? end - y : 3,
				    sc.msg_kind == UI_MSG_WARNING ? AREA_WARNING : AREA_DEFAULT,
				    sc.msg);
	if (note && y + 1 < end)
		y += ui_put_wrapped(w, y + 1, x, cols, end - y - 1 < 2 ? end - y - 1 : 2,
				    AREA_DEFAULT, note) + 1;
	return y - y0;
}

static void draw_wait(WINDOW *w, int y, int rows, int cols)
{
	const char *note = qr_absent(rows - y, cols - 2);

	if (note) {
		draw_text(w, y, 1, cols - 2, rows - y, note);
		return;
	}
	draw_qr(w, y, 1);
	draw_text(w, y + 1, sc.qr.cols + 3, cols - sc.qr.cols - 4, rows - y - 1, NULL);
}

static void draw_pick(WINDOW *w, int y, int rows, int cols)
{
	if (!sc.providers_in) {
		ui_put(w, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("Asking the server for its providers..."));
		return;
	}
	y += ui_put_wrapped(w, y, 1, cols - 2, 2, AREA_DEFAULT, _("Log in with:")) + 1;
	for (size_t i = 0; i < sc.providers.n && y < rows; i++, y++)
		ui_put(w, y, 3, cols - 4, UI_LEFT, i == sc.sel ? AREA_CURSOR : AREA_DEFAULT,
		       sc.providers.items[i].name);
}

static void social_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char title[256];

	(void)app;
	if (sc.phase == P_PICK)
		snprintf(title, sizeof(title), "%s", _("Log in with a social account"));
	else
		snprintf(title, sizeof(title), sc.link ? _("Link %s") : _("Log in with %s"),
			 sc.provider_name);
	ui_put_attr(pane, 0, 1, cols - 2, UI_LEFT, A_BOLD, 0, title);
	if (rows < 3)
		return;
	if (sc.phase == P_PICK)
		draw_pick(pane, 2, rows, cols);
	else if (sc.phase == P_START)
		ui_put(pane, 2, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("Asking the server for a code..."));
	else if (sc.phase == P_WAIT)
		draw_wait(pane, 2, rows, cols);
	else
		ui_put_wrapped(pane, 2, 1, cols - 2, rows - 2,
			       sc.msg_kind == UI_MSG_ERROR ? AREA_ERROR : AREA_DEFAULT, sc.msg);
}

/* --- keys, time --- */

static void back(void)
{
	flow_forget();
	ui_pop();
}

static enum ui_key_result social_key(struct app *app, enum action act, int key)
{
	(void)key;
	if (act == ACT_CANCEL || act == ACT_BACK) {
		back();
		return UI_DONE;
	}
	if (sc.phase == P_PICK && (act == ACT_MOVE_UP || act == ACT_MOVE_DOWN)) {
		if (act == ACT_MOVE_UP && sc.sel > 0)
			sc.sel--;
		else if (act == ACT_MOVE_DOWN && sc.sel + 1 < sc.providers.n)
			sc.sel++;
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	}
	if (act == ACT_ENTER && sc.phase == P_PICK && !sc.busy)
		choose(app);
	else if (act == ACT_ENTER && sc.phase == P_END && sc.provider[0])
		start_flow(app);
	return act == ACT_ENTER ? UI_DONE : UI_PASS;
}

static int social_tick(struct app *app)
{
	long until;

	if (sc.phase != P_WAIT)
		return -1;
	if (seconds_left() == 0 && !sc.busy) {
		say_end(SOCIAL_EXPIRED);
		return -1;
	}
	if (seconds_left() != sc.shown_left)
		ui_dirty(UI_DIRTY_PANE);
	if (!sc.busy && elapsed_ms() >= sc.next_poll_ms)
		poll_now(app);
	until = 1000 - elapsed_ms() % 1000;
	if (!sc.busy && sc.next_poll_ms - elapsed_ms() < until)
		until = sc.next_poll_ms - elapsed_ms();
	return until > 0 ? (int)until : 1;
}

static void social_close(struct app *app)
{
	(void)app;
	flow_forget();
	model_free_social_providers(&sc.providers);
}

static void open_as(bool link, const char *provider, const char *name, social_linked_fn done)
{
	unsigned gen;

	flow_forget();
	model_free_social_providers(&sc.providers);
	gen = sc.gen;
	memset(&sc, 0, sizeof(sc));
	sc.gen = gen;	/* a reply of an earlier flow still finds nobody */
	sc.link = link;
	sc.linked = done;
	snprintf(sc.provider, sizeof(sc.provider), "%s", provider ? provider : "");
	text_copy(sc.provider_name, sizeof(sc.provider_name), name ? name : "");
	ui_push(link ? &social_link_screen : &social_login_screen);
}

void login_social_show(struct app *app)
{
	open_as(false, NULL, NULL, NULL);
	send(app, "getSocialProviders", model_body_empty(), false, on_providers);
}

void social_link_device(struct app *app, const char *provider, const char *name,
			social_linked_fn done)
{
	open_as(true, provider, name, done);
	start_flow(app);
}

static const struct ui_hint pick_hints[] = {
	{ ACT_ENTER, N_("choose") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint wait_hints[] = {
	{ ACT_CANCEL, N_("stop") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint end_hints[] = {
	{ ACT_ENTER, N_("new code") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *social_hints_now(struct app *app)
{
	(void)app;
	if (sc.phase == P_PICK)
		return sc.providers.n ? pick_hints : wait_hints;
	if (sc.phase == P_END)
		return sc.provider[0] ? end_hints : wait_hints;
	return wait_hints;
}

/* Moving in the list, Enter where it does something, Esc; help and redraw. */
static bool social_accepts(struct app *app, enum action act)
{
	switch (act) {
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		return sc.phase == P_PICK;
	case ACT_ENTER:
		return (sc.phase == P_PICK && sc.providers.n) || (sc.phase == P_END && sc.provider[0]);
	case ACT_CANCEL:
	case ACT_BACK:
	case ACT_HELP:
	case ACT_REDRAW:
	case ACT_QUIT:
	case ACT_COMMAND_PROMPT:
		return true;
	default:
		return false;
	}
}

static const struct screen_ops social_login_screen = {
	.name = "login",
	.title = N_("Log in with a social account"),
	.keymap = KEYMAP_LOGIN,
	.close = social_close,
	.draw = social_draw,
	.key = social_key,
	.tick = social_tick,
	.hints = wait_hints,
	.hints_now = social_hints_now,
	.accepts = social_accepts,
};

static const struct screen_ops social_link_screen = {
	.name = "profile",
	.title = N_("Link a social account"),
	.keymap = KEYMAP_PROFILE,
	.close = social_close,
	.draw = social_draw,
	.key = social_key,
	.tick = social_tick,
	.hints = wait_hints,
	.hints_now = social_hints_now,
	.accepts = social_accepts,
};

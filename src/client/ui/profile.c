/* Screen 8, Profile: the person's name, login, e-mail, phone and region, two-step
 * login (turned on or off after a confirmation), and the remembered devices with their
 * first and last use, this one marked; revoking one asks first, and revoking this very device
 * logs out here. The forms that edit the data, the password and a contact are in
 * profile_forms.c; who from support looked at the data (a opens it) in
 * profile_access.c; the notification settings (s opens them) in profile_notify.c; the
 * social accounts (l opens them) in profile_social.c. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/cache.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring.h"
#include "kabinet/options.h"
#include "kabinet/model/profile.h"

enum { R_PROFILE, R_DEVICES };
enum col { COL_NAME, COL_FIRST, COL_USED, COL_THIS, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct device_list devices;
	bool devices_known;
	bool open;
} pf;

static void load(struct app *app)
{
	ui_load_begin(&pf.load);
	ui_load_call(app, &pf.load, "getProfile", model_body_empty(), R_PROFILE, NULL);
	ui_load_call(app, &pf.load, "getDevices", model_body_empty(), R_DEVICES, NULL);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)key;
	snprintf(buf, size, "%s", kind == R_PROFILE ? _("The profile") : _("The remembered devices"));
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;

	if (kind == R_PROFILE) {
		struct profile p;
		if (model_parse_profile(reply->body, &p, &err) != MODEL_OK) {
			ui_load_bad_reply(app, &pf.load, kind, key, err.msg);
			return;
		}
		app->profile = p;
		app->profile_known = true;
		ui_dirty(UI_DIRTY_TOP);
	} else {
		struct device_list fresh;
		if (model_parse_devices(reply->body, &fresh, &err) != MODEL_OK) {
			ui_load_bad_reply(app, &pf.load, kind, key, err.msg);
			return;
		}
		model_free_devices(&pf.devices);
		pf.devices = fresh;
		pf.devices_known = true;
		ui_list_set_rows(&pf.list, pf.devices.n, false);
		ui_list_changed(&pf.list);
	}
}

void profile_changed(struct app *app, const char *profile_json)
{
	struct profile p;
	struct model_err err;

	if (profile_json && model_parse_profile(profile_json, &p, &err) == MODEL_OK) {
		app->profile = p;
		app->profile_known = true;
	}
	ui_dirty(UI_DIRTY_ALL);
	if (pf.open)
		load(app);
}

/* +79221234522 as people write it: +7 (922) 123-45-22. */
static void phone_text(const char *p, char *buf, size_t size)
{
	if (strlen(p) == 12 && p[0] == '+' && p[1] == '7')
		snprintf(buf, size, "+7 (%.3s) %.3s-%.2s-%.2s", p + 2, p + 5, p + 8, p + 10);
	else
		snprintf(buf, size, "%s", p);
}

/* --- the devices --- */

/* An instant of the server's (RFC 3339, UTC) as this computer's date, without the
 * year within this one; with_time, its time and zone too ("Nov 22 13:00 MSK"). */
static void when_text(const char *iso, bool with_time, char *buf, size_t size)
{
	struct tm tm = { 0 }, local;
	char day[48], date[64], zone[16];
	time_t t;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min) != 5) {
		ui_date(iso, false, buf, size);	/* "" stays "" */
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	localtime_r(&t, &local);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1,
		 local.tm_mday);
	ui_date(day, true, date, sizeof(date));
	if (!with_time) {
		snprintf(buf, size, "%s", date);
		return;
	}
	if (!strftime(zone, sizeof(zone), "%Z", &local))
		zone[0] = '\0';
	snprintf(buf, size, "%s %02d:%02d%s%s", date, local.tm_hour, local.tm_min,
		 zone[0] ? " " : "", zone);
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct device *d = row < pf.devices.n ? &pf.devices.items[row] : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!d)
		return;
	switch ((enum col)col) {
	case COL_NAME:
		snprintf(buf, size, "%s", d->name);
		break;
	case COL_FIRST:
		when_text(d->first_used, false, buf, size);
		break;
	case COL_USED:
		when_text(d->last_used, true, buf, size);
		break;
	case COL_THIS:
		snprintf(buf, size, "%s", d->current ? _("this device") : "");
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud;
	return col == COL_THIS && row < pf.devices.n && pf.devices.items[row].current ? AREA_POSITIVE
										       : AREA_DEFAULT;
}

static const struct ui_col pf_cols[COL_COUNT] = {
	[COL_NAME] = { .title = N_("Device"), .align = UI_LEFT, .min = 12 },
	[COL_FIRST] = { .title = N_("First used"), .align = UI_LEFT, .drop = 3 },
	[COL_USED] = { .title = N_("Last used"), .align = UI_LEFT, .drop = 2 },
	[COL_THIS] = { .title = N_("Current"), .align = UI_LEFT, .drop = 1 },
};

static const struct ui_list_ops pf_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

/* This device was revoked: its session ended on the server and its saved login is
 * dead, so both go here too. */
static void logged_out_here(struct app *app)
{
	struct keyring_status st;

	if (app->use_keyring)
		keyring_forget(app->server, app->login, &st);
	cache_forget(app->server, app->login);
	app->remember = app->remembered = false;
	api_cancel_all(app->api);
	api_forget_session(app->api);
	app_forget_data(app);
	snprintf(app->start_note, sizeof(app->start_note), "%s",
		 _("This device was revoked, so you are logged out here: log in again."));
	ui_session_ended();
}

static void revoked(struct app *app, const struct api_reply *reply, void *ud)
{
	bool *current = ud;

	(void)reply;
	if (*current) {
		logged_out_here(app);
		return;
	}
	profile_changed(app, NULL);
}

static void revoke_settle(struct app *app, void *ud)
{
	(void)ud;
	profile_changed(app, NULL);
}

static bool revoke_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	if (reply->err == APIERR_NOT_FOUND) {
		ui_message(UI_MSG_WARNING, "%s",
			   _("This device is not on the list any more: the list is read again."));
		profile_changed(app, NULL);
		return true;
	}
	return false;
}

static void revoke(struct app *app, const struct device *d)
{
	struct ui_change c = { .act = ACT_REVOKE_DEVICE, .method = "revokeDevice", .done = revoked,
			       .refused = revoke_refused, .settle = revoke_settle, .ud_free = free };
	bool *current = malloc(sizeof(*current));

	if (!current)
		return;
	*current = d->current;
	snprintf(c.question, sizeof(c.question), _("Revoke the device %s?"), d->name);
	snprintf(c.detail, sizeof(c.detail), "%s",
		 d->current ? _("This is the device you are using now: its saved login stops\n"
				"working and this session ends, so you are logged out here.")
			    : _("Its saved login stops working and its sessions end;\n"
				"logging in there will need the password again."));
	if (!d->current)
		snprintf(c.done_msg, sizeof(c.done_msg), _("The device %s is revoked."), d->name);
	c.body = model_body_device(d->id);
	c.ud = current;
	ui_change(app, &c);
}

/* --- two-step login --- */

static void two_step_done(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	profile_changed(app, reply->body);
}

static bool two_step_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)app, (void)ud;
	if (reply->err == APIERR_CONFLICT) {
		ui_message(UI_MSG_WARNING, "%s",
			   _("Two-step login needs a phone (the codes go by SMS): add one first."));
		return true;
	}
	return false;
}

static void toggle_two_step(struct app *app)
{
	struct ui_change c = { .act = ACT_TOGGLE_TWO_STEP, .method = "updateProfile",
			       .done = two_step_done, .refused = two_step_refused,
			       .settle = revoke_settle };
	struct profile p = app->profile;
	char phone[64];

	p.two_step = !p.two_step;
	phone_text(p.phone, phone, sizeof(phone));
	if (p.two_step) {
		snprintf(c.question, sizeof(c.question), "%s", _("Turn two-step login on?"));
		snprintf(c.detail, sizeof(c.detail),
			 _("Every login with the password will also ask for a code\n"
			   "sent by SMS to %s. A remembered device is not asked."),
			 p.phone[0] ? phone : "—");
		snprintf(c.done_msg, sizeof(c.done_msg), "%s",
			 _("Two-step login is on: the next login will ask for a code."));
	} else {
		snprintf(c.question, sizeof(c.question), "%s", _("Turn two-step login off?"));
		snprintf(c.detail, sizeof(c.detail), "%s",
			 _("Logging in will ask only for the password."));
		snprintf(c.done_msg, sizeof(c.done_msg), "%s", _("Two-step login is off."));
	}
	c.body = model_body_update_profile(&p);
	ui_change(app, &c);
}

/* --- the screen --- */

/* The labels' column: the widest label and two spaces. */
static int label_width(void)
{
	const char *labels[] = { _("Name"), _("Login"), _("E-mail"), _("Phone"), _("Region"),
				 _("Two-step login") };
	int lw = 0;

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (ui_width(labels[i]) > lw)
			lw = ui_width(labels[i]);
	return lw + 2;
}

static void field_line(WINDOW *w, int y, int cols, const char *label, const char *value,
		       enum color_area area)
{
	int lw = label_width();

	if (lw > cols / 2)
		lw = cols / 2;
	ui_put(w, y, 1, lw, UI_LEFT, AREA_DEFAULT, label);
	ui_put(w, y, 1 + lw, cols - lw - 2, UI_LEFT, area, value);
}

static void pf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct profile *p = &app->profile;
	char line[1024], phone[64];
	int y = 0;

	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&pf.load, app->profile_known, _("Profile"), _("Profile"), line,
				   sizeof(line)));
	y++;
	if (!app->profile_known) {
		ui_load_draw_wait(pane, y, cols, &pf.load, _("Loading the profile..."));
		return;
	}
	snprintf(line, sizeof(line), "%s %s%s%s", p->last_name, p->name, p->middle_name[0] ? " " : "",
		 p->middle_name);
	field_line(pane, y++, cols, _("Name"), line, AREA_DEFAULT);
	field_line(pane, y++, cols, _("Login"), p->login, AREA_DEFAULT);
	field_line(pane, y++, cols, _("E-mail"), p->email[0] ? p->email : _("none"), AREA_DEFAULT);
	phone_text(p->phone, phone, sizeof(phone));
	field_line(pane, y++, cols, _("Phone"), p->phone[0] ? phone : _("none"), AREA_DEFAULT);
	field_line(pane, y++, cols, _("Region"), p->region, AREA_DEFAULT);
	field_line(pane, y++, cols, _("Two-step login"),
		   p->two_step ? _("on: a login also asks for a code by SMS")
			       : _("off: a login asks only for the password"),
		   p->two_step ? AREA_POSITIVE : AREA_DEFAULT);
	y++;
	if (y >= rows)
		return;
	/* The devices are loaded with the profile: until they come, their heading follows
	 * the same rule (a failure of the profile's part is not theirs). */
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    pf.devices_known ? _("Remembered devices")
				     : ui_load_header(&pf.load, false, _("Remembered devices"), NULL,
						      line, sizeof(line)));
	if (!pf.devices_known) {
		if (!pf.load.failed)
			ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("Loading the devices..."));
	} else if (pf.devices.n == 0) {
		ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT,
			       _("No device is remembered: \"remember me\" at login makes one."));
	} else {
		ui_list_draw(&pf.list, pane, y, pf.load.failed && rows > y + 2 ? rows - y - 1 : rows - y,
			     cols);
	}
	if (pf.load.failed && rows > y + 1)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&pf.load, line, sizeof(line)));
}

static enum ui_key_result pf_key(struct app *app, enum action act, int key)
{
	(void)key;
	switch (act) {
	case ACT_EDIT_PROFILE:
	case ACT_TOGGLE_TWO_STEP:
		if (!app->profile_known)
			ui_message(UI_MSG_INFO, "%s", _("Wait until the profile has loaded."));
		else if (act == ACT_EDIT_PROFILE)
			profile_form_show(app, PROFILE_FORM_EDIT);
		else
			toggle_two_step(app);
		return UI_DONE;
	case ACT_ACCESS_LOG:
		profile_access_show(app);
		return UI_DONE;
	case ACT_NOTIFICATION_SETTINGS:
		profile_notify_show(app);
		return UI_DONE;
	case ACT_SOCIAL_ACCOUNTS:
		profile_social_show(app);
		return UI_DONE;
	case ACT_CHANGE_PASSWORD:
		profile_form_show(app, PROFILE_FORM_PASSWORD);
		return UI_DONE;
	case ACT_CHANGE_CONTACT:
		profile_form_show(app, PROFILE_FORM_CONTACT);
		return UI_DONE;
	case ACT_REVOKE_DEVICE:
		if (!pf.devices_known)
			ui_message(UI_MSG_INFO, "%s", _("Wait until the devices have loaded."));
		else if (pf.list.sel < pf.devices.n)
			revoke(app, &pf.devices.items[pf.list.sel]);
		else
			ui_message(UI_MSG_INFO, "%s", _("No device is remembered."));
		return UI_DONE;
	default:
		return ui_list_key(&pf.list, act) ? UI_DONE : UI_PASS;
	}
}

/* Unlinking is the social accounts' own (profile_social.c). */
static bool pf_accepts(struct app *app, enum action act)
{
	return act != ACT_SOCIAL_UNLINK && ui_list_accepts(app, act);
}

static void pf_search(struct app *app, const char *text, int dir)
{
	(void)app;
	ui_list_search_say(&pf.list, ui_list_search(&pf.list, text, dir, opt.wrap_search), dir);
}

static void pf_open(struct app *app)
{
	pf.load.done = loaded;
	pf.load.what = what_of;
	pf.devices_known = false;
	pf.open = true;
	ui_list_init(&pf.list, pf_cols, COL_COUNT, &pf_list_ops, app);
	load(app);
}

static void pf_close(struct app *app)
{
	(void)app;
	ui_load_drop(&pf.load);
	model_free_devices(&pf.devices);
	pf.devices_known = false;
	pf.open = false;
}

static void pf_reload(struct app *app)
{
	load(app);
}

static const struct ui_hint pf_hints[] = {
	{ ACT_EDIT_PROFILE, N_("edit") },
	{ ACT_CHANGE_PASSWORD, N_("password") },
	{ ACT_CHANGE_CONTACT, N_("e-mail/phone") },
	{ ACT_TOGGLE_TWO_STEP, N_("two-step") },
	{ ACT_REVOKE_DEVICE, N_("revoke") },
	{ ACT_ACCESS_LOG, N_("who looked") },
	{ ACT_NOTIFICATION_SETTINGS, N_("notifications") },
	{ ACT_SOCIAL_ACCOUNTS, N_("social") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

const struct screen_ops profile_screen = {
	.name = "profile",
	.title = N_("Profile"),
	.keymap = KEYMAP_PROFILE,
	.top_level = true,
	.open = pf_open,
	.close = pf_close,
	.draw = pf_draw,
	.key = pf_key,
	.reload = pf_reload,
	.hints = pf_hints,
	.search = pf_search,
	.accepts = pf_accepts,
};

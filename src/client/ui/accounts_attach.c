/* Attaching an account, the web cabinet's four steps over screen 2: the region (a
 * list of Russia's regions filtered as it is typed, starting at the profile's), the
 * account number, a phone or a service login (which one is told as it is typed), the
 * service to prove the right with, its password — then the result. Esc steps back
 * with what was typed kept; the server's errors stand next to the field they name. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/login.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/region_pick.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/regions.h"
#include "kabinet/model/text.h"

/* attachAccountConfirm voids an attempt at the fifth wrong password (docs/api.md). */
#define WRONG_MAX 5

enum step { S_REGION, S_WHO, S_SERVICE, S_PASSWORD, S_RESULT };

static struct {
	struct ui_steps steps;
	/* The region: a filter and the regions it leaves. */
	struct ui_edit filter;
	size_t *shown;
	size_t nshown;
	struct ui_list regions;
	char region[128];
	/* Who: the number, phone or login. */
	struct ui_field who;
	struct ui_form who_form;
	/* The service. */
	struct attach_offer offer;
	struct ui_list services;
	/* Its password. */
	struct ui_field password;
	struct ui_form password_form;
	int wrong;		/* wrong passwords for this attempt */
	/* The result. */
	char account_id[64];
	char number[16];
	bool reattached;
	bool open;
	uint64_t print;		/* of the number and password as the wizard opened */
} at;

/* --- the region --- */

static void filter_regions(const char *keep)
{
	char typed[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&at.filter, typed, sizeof(typed));
	at.nshown = 0;
	for (size_t i = 0; i < regions_count(); i++)
		if (regions_match(regions_name(i), typed))
			at.shown[at.nshown++] = i;
	ui_list_set_rows(&at.regions, at.nshown, false);
	at.regions.sel = 0;
	for (size_t k = 0; keep && k < at.nshown; k++)
		if (!strcmp(regions_name(at.shown[k]), keep))
			at.regions.sel = k;
}

static void region_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	(void)ud;
	(void)col;
	snprintf(buf, size, "%s", row < at.nshown ? regions_name(at.shown[row]) : "");
}

static const struct ui_col region_cols[] = {
	{ .title = N_("Region"), .align = UI_LEFT },
};
static const struct ui_list_ops region_ops = { .cell = region_cell };

/* --- the service --- */

static void service_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct service *s = row < at.offer.nservices ? &at.offer.services[row] : NULL;

	(void)ud;
	buf[0] = '\0';
	if (s)
		snprintf(buf, size, "%s", col == 0 ? model_service_type_name(s->type) : s->display_number);
}

static const struct ui_col service_cols[] = {
	{ .title = N_("Service"), .align = UI_LEFT },
	{ .title = N_("Number or login"), .align = UI_LEFT, .min = 8 },
};
static const struct ui_list_ops service_ops = { .cell = service_cell };

static const struct service *chosen_service(void)
{
	return at.services.sel < at.offer.nservices ? &at.offer.services[at.services.sel] : NULL;
}

/* --- steps --- */

static void go(struct app *app, enum step s)
{
	ui_steps_go(&at.steps, app, s);
}

static enum attach_by who_kind(const char *text)
{
	switch (login_detect_kind(text)) {
	case LOGIN_KIND_ACCOUNT:
		return ATTACH_BY_NUMBER;
	case LOGIN_KIND_PHONE:
		return ATTACH_BY_PHONE;
	default:
		return ATTACH_BY_LOGIN;
	}
}

static const char *who_kind_name(enum attach_by by)
{
	switch (by) {
	case ATTACH_BY_NUMBER:
		return _("account number");
	case ATTACH_BY_PHONE:
		return _("phone number");
	default:
		return _("service login");
	}
}

static void who_text(char *out, size_t size)
{
	char raw[UI_EDIT_MAX * 4 + 1];
	const char *s = raw;
	size_t n;

	ui_edit_get(&at.who.edit, raw, sizeof(raw));
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	snprintf(out, size, "%.*s", (int)n, s);
}

static void update_who_note(void)
{
	char text[UI_EDIT_MAX * 4 + 1];

	who_text(text, sizeof(text));
	snprintf(at.who.note, sizeof(at.who.note), "%s", text[0] ? who_kind_name(who_kind(text)) : "");
}

static void found(struct app *app, const struct api_reply *reply, void *ud)
{
	struct model_err err;

	(void)app;
	(void)ud;
	model_free_attach(&at.offer);
	if (model_parse_attach(reply->body, &at.offer, &err) != MODEL_OK) {
		snprintf(at.who.error, sizeof(at.who.error),
			 _("the server's answer could not be understood (%s)"), err.msg);
		return;
	}
	at.wrong = 0;
	ui_edit_wipe(&at.password.edit);
	at.password.error[0] = at.password.note[0] = '\0';
	ui_list_set_rows(&at.services, at.offer.nservices, false);
	at.services.sel = 0;
	/* One service to prove the right with: nothing to choose. */
	go(app, at.offer.nservices == 1 ? S_PASSWORD : S_SERVICE);
}

/* What attachAccount's refusals mean, next to the field. */
static bool find_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	app_reply_text(app, reply, text, sizeof(text));
	if (reply->err == APIERR_CONFLICT)
		snprintf(text, sizeof(text), "%s", _("This account is attached to your profile already."));
	else if (reply->err == APIERR_NOT_FOUND)
		snprintf(text, sizeof(text), _("No such account in %s: check the region and what you typed."),
			 at.region);
	if (reply->field && !strcmp(reply->field, "region")) {
		go(app, S_REGION);
		ui_message(UI_MSG_ERROR, "%s", text);
		return true;
	}
	text_copy(at.who.error, sizeof(at.who.error), text);
	go(app, S_WHO);
	return true;
}

static void find(struct app *app)
{
	char text[UI_EDIT_MAX * 4 + 1];
	struct ui_change c = { .act = ACT_ATTACH_ACCOUNT, .method = "attachAccount",
			       .done = found, .refused = find_refused };

	who_text(text, sizeof(text));
	at.who.error[0] = '\0';
	if (!text[0]) {
		snprintf(at.who.error, sizeof(at.who.error), "%s",
			 _("Type the account number, a phone or a service login."));
		return;
	}
	/* Finding the account changes nothing yet: no question here. */
	c.body = model_body_attach(at.region, who_kind(text), text);
	ui_change(app, &c);
}

static void attached(struct app *app, const struct api_reply *reply, void *ud)
{
	struct model_err err;

	(void)ud;
	ui_edit_wipe(&at.password.edit);
	if (model_parse_attached(reply->body, at.account_id, sizeof(at.account_id), &at.reattached,
				 &err) != MODEL_OK)
		at.account_id[0] = '\0';
	snprintf(at.number, sizeof(at.number), "%s", at.offer.number);
	go(app, S_RESULT);
	ui_moved(app, UI_MOVED_ACCOUNTS, (const char *[]){ at.account_id }, at.account_id[0] ? 1 : 0);
}

/* Whether it was attached is not known: the list says. */
static void attach_settle(struct app *app, void *ud)
{
	(void)ud;
	ui_edit_wipe(&at.password.edit);
	ui_moved(app, UI_MOVED_ACCOUNTS, NULL, 0);
}

static bool confirm_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];
	bool password = reply->field && !strcmp(reply->field, "servicePassword");

	(void)ud;
	ui_edit_wipe(&at.password.edit);
	app_reply_text(app, reply, text, sizeof(text));
	if (reply->err == APIERR_VALIDATION && password) {
		int left = WRONG_MAX - ++at.wrong;
		snprintf(at.password.error, sizeof(at.password.error),
			 ngettext("Wrong password: %d attempt left.", "Wrong password: %d attempts left.",
				  (unsigned long)(left > 0 ? left : 0)),
			 left > 0 ? left : 0);
		return true;
	}
	if (reply->err == APIERR_LIMIT_EXCEEDED || reply->err == APIERR_NOT_FOUND) {
		/* This attempt is over: find the account again, with what was typed. */
		snprintf(at.who.error, sizeof(at.who.error), "%s",
			 reply->err == APIERR_LIMIT_EXCEEDED
				 ? _("Five wrong passwords: this attempt is over. Press Enter to try again.")
				 : _("This attempt has expired (30 minutes). Press Enter to try again."));
		go(app, S_WHO);
		return true;
	}
	if (reply->err == APIERR_CONFLICT)
		snprintf(text, sizeof(text), "%s", _("This account was attached to your profile meanwhile."));
	text_copy(at.password.error, sizeof(at.password.error), text);
	return true;
}

static void confirm(struct app *app)
{
	const struct service *s = chosen_service();
	char password[UI_EDIT_MAX * 4 + 1];
	struct ui_change c = { .act = ACT_ATTACH_ACCOUNT, .method = "attachAccountConfirm",
			       .done = attached, .refused = confirm_refused,
			       .settle = attach_settle };

	if (!s)
		return;
	ui_edit_get(&at.password.edit, password, sizeof(password));
	at.password.error[0] = '\0';
	if (!password[0]) {
		snprintf(at.password.error, sizeof(at.password.error), "%s",
			 _("Type the service's password from the contract."));
		return;
	}
	snprintf(c.question, sizeof(c.question), _("Attach account %s to your profile?"),
		 at.offer.number);
	snprintf(c.detail, sizeof(c.detail), _("%s\nProved with the password of: %s %s"), at.region,
		 model_service_type_name(s->type), s->display_number);
	c.body = model_body_attach_confirm(at.offer.attach_id, s->id, password);
	model_wipe(password, sizeof(password));
	ui_change(app, &c);
}

/* --- the screen --- */

static int region_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		       int *cx)
{
	int y0 = y;

	(void)app;
	ui_put(w, y, x, 8, UI_LEFT, AREA_DEFAULT, _("Find:"));
	*cx = x + 9 + ui_edit_draw(w, y, x + 9, cols - 10 > 40 ? 40 : cols - 10, &at.filter,
				   AREA_FIELD_ACTIVE);
	*cy = y;
	y += 2;
	if (at.nshown)
		ui_list_draw(&at.regions, w, y, rows - y, getmaxx(w));
	else
		ui_put(w, y, x, cols, UI_LEFT, AREA_WARNING, _("No region has that in its name."));
	return rows - y0;
}

static enum ui_key_result region_key(struct app *app, enum action act, int key)
{
	if (act == ACT_ENTER) {
		if (at.regions.sel < at.nshown) {
			snprintf(at.region, sizeof(at.region), "%s", regions_name(at.shown[at.regions.sel]));
			go(app, S_WHO);
		}
		return UI_DONE;
	}
	if (ui_edit_key(&at.filter, key) == UI_EDIT_CHANGED) {
		filter_regions(NULL);
		return UI_DONE;
	}
	if (act == ACT_HELP && !ui_key_is_text(key))
		return UI_PASS;	/* F1; `?` went into the filter */
	/* Typing takes the letters: the list moves with the arrows and pages. */
	if (key == KEY_UP || key == KEY_DOWN || key == KEY_PPAGE || key == KEY_NPAGE ||
	    !ui_key_is_text(key))
		ui_list_key(&at.regions, key == KEY_UP ? ACT_MOVE_UP
					 : key == KEY_DOWN ? ACT_MOVE_DOWN
					 : key == KEY_PPAGE ? ACT_PAGE_UP
					 : key == KEY_NPAGE ? ACT_PAGE_DOWN : act);
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static int who_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		    int *cx)
{
	char line[512];

	(void)app, (void)rows, (void)cy, (void)cx;
	snprintf(line, sizeof(line), _("Region: %s"), at.region);
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT, line);
	ui_put(w, y + 2, x, cols, UI_LEFT, AREA_DEFAULT,
	       _("The account number (12 digits), a phone of the account or a service login:"));
	return 4;
}

static void who_enter(struct app *app)
{
	(void)app;
	ui_form_focus(&at.who_form, 0);
}

static void who_typed(struct app *app)
{
	(void)app;
	update_who_note();
}

/* The account found, from row y: returns the row after it. */
static int account_line(WINDOW *w, int y, int x, int cols)
{
	char line[512];

	snprintf(line, sizeof(line), _("Account %s, %s"), at.offer.number, at.region);
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT, line);
	return y + 1;
}

static int service_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	int y0 = y;

	(void)app, (void)cy, (void)cx;
	y = account_line(w, y, x, cols) + 1;
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT, _("Whose password from the contract will you type?"));
	y += 2;
	ui_list_draw(&at.services, w, y, rows - y, getmaxx(w));
	return rows - y0;
}

static enum ui_key_result service_key(struct app *app, enum action act, int key)
{
	(void)key;
	if (act == ACT_ENTER) {
		if (chosen_service())
			go(app, S_PASSWORD);
		return UI_DONE;
	}
	if (act == ACT_BACK) {
		ui_steps_back(&at.steps, app);
		return UI_DONE;
	}
	return ui_list_key(&at.services, act) ? UI_DONE : UI_PASS;
}

static int password_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			 int *cx)
{
	const struct service *s = chosen_service();
	char line[512];
	int y0 = y;

	(void)app, (void)rows, (void)cy, (void)cx;
	y = account_line(w, y, x, cols);
	if (s) {
		snprintf(line, sizeof(line), _("The password of %s %s, as the contract gives it:"),
			 model_service_type_name(s->type), s->display_number);
		ui_put(w, ++y, x, cols, UI_LEFT, AREA_DEFAULT, line);
	}
	return y + 2 - y0;
}

/* Back past the services' step when there was one service only. */
static void password_back(struct app *app)
{
	ui_edit_wipe(&at.password.edit);
	go(app, at.offer.nservices == 1 ? S_WHO : S_SERVICE);
}

static int result_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		       int *cx)
{
	char line[512];

	(void)app, (void)rows, (void)cy, (void)cx;
	snprintf(line, sizeof(line),
		 at.reattached ? _("Account %s is attached: it was moved here from another profile.")
			       : _("Account %s is attached."),
		 at.number);
	ui_put(w, y, x, cols, UI_LEFT, AREA_POSITIVE, line);
	ui_put(w, y + 2, x, cols, UI_LEFT, AREA_DEFAULT, _("Press Enter to see it in the list of accounts."));
	return 3;
}

static enum ui_key_result result_key(struct app *app, enum action act, int key)
{
	(void)app, (void)key;
	if (act == ACT_HELP)
		return UI_PASS;
	if (act == ACT_ENTER || act == ACT_BACK)
		ui_pop();
	return UI_DONE;
}

/* What a step of one field, or the outcome, takes: Enter, Esc and the help. */
static bool field_accepts(struct app *app, enum action act)
{
	(void)app;
	return act == ACT_HELP || act == ACT_ENTER || act == ACT_CANCEL;
}

/* The regions: the list moves with the arrows and pages; letters go into the filter. */
static bool region_accepts(struct app *app, enum action act)
{
	return field_accepts(app, act) || act == ACT_MOVE_UP || act == ACT_MOVE_DOWN ||
	       act == ACT_PAGE_UP || act == ACT_PAGE_DOWN;
}

/* The services: a list's keys, nothing typed. */
static bool service_accepts(struct app *app, enum action act)
{
	return region_accepts(app, act) || act == ACT_MOVE_TOP || act == ACT_MOVE_BOTTOM ||
	       act == ACT_BACK || act == ACT_QUIT || act == ACT_REDRAW ||
	       act == ACT_COMMAND_PROMPT;
}

static const struct ui_key_doc region_keys[] = {
	{ N_("Typing"), N_("Narrows the list to the regions with these letters"), ACT_NONE },
	{ NULL, N_("Choose the region"), ACT_ENTER },
	{ NULL, N_("Back to the step before; from the first, out"), ACT_CANCEL },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc field_keys[] = {
	{ N_("Typing"), N_("Goes into the field"), ACT_NONE },
	{ NULL, N_("On to the next step, once what is typed is right"), ACT_ENTER },
	{ NULL, N_("Back to the step before; from the first, out"), ACT_CANCEL },
	{ NULL, NULL, ACT_NONE },
};

/* A list's keys are the keymap's: no lines of the step's own in the help. */
static const struct ui_key_doc list_keys[] = {
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_step steps[] = {
	[S_REGION] = { .title = N_("1. region"), .draw = region_draw, .key = region_key,
		       .back = UI_STEP_OUT, .hints = region_pick_hints, .keys = region_keys,
		       .accepts = region_accepts, .paste_into = &at.filter },
	[S_WHO] = { .title = N_("2. which account"), .form = &at.who_form, .draw = who_draw,
		    .enter = who_enter, .typed = who_typed, .submit = find, .back = S_REGION,
		    .hints = ui_step_hints_next, .keys = field_keys, .accepts = field_accepts,
		    .holds_keys = true },
	[S_SERVICE] = { .title = N_("3. the service to prove the right with"),
			.draw = service_draw, .key = service_key, .back = S_WHO,
			.hints = ui_step_hints_next, .keys = list_keys, .accepts = service_accepts },
	[S_PASSWORD] = { .title = N_("4. the service's password"), .form = &at.password_form,
			 .draw = password_draw, .submit = confirm, .on_back = password_back,
			 .hints = ui_step_hints_next, .keys = field_keys, .accepts = field_accepts,
			 .holds_keys = true },
	[S_RESULT] = { .title = N_("done"), .draw = result_draw, .key = result_key,
		       .back = UI_STEP_OUT, .hints = ui_step_hints_next, .keys = list_keys,
		       .accepts = field_accepts },
};

static void at_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&at.steps, app, pane, rows, cols);
}

static enum ui_key_result at_key(struct app *app, enum action act, int key)
{
	return ui_steps_key(&at.steps, app, act, key);
}

static bool at_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return ui_steps_cursor(&at.steps, y, x);
}

static void at_open(struct app *app)
{
	const char *start = app->profile_known && app->profile.region[0] ? app->profile.region : NULL;

	free(at.shown);
	model_free_attach(&at.offer);
	memset(&at, 0, sizeof(at));
	at.steps = (struct ui_steps){ .title = N_("Attach an account: %s"), .steps = steps,
				      .count = sizeof(steps) / sizeof(steps[0]),
				      .screen_key = at_key };
	at.shown = calloc(regions_count(), sizeof(*at.shown));
	ui_list_init(&at.regions, region_cols, 1, &region_ops, NULL);
	ui_list_init(&at.services, service_cols, 2, &service_ops, NULL);
	at.who = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Account") };
	at.who.edit.max = 64;
	at.who_form = (struct ui_form){ &at.who, 1, 0, NULL, NULL };
	at.password = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("Password") };
	at.password.edit.masked = true;
	at.password.edit.max = 128;
	at.password_form = (struct ui_form){ &at.password, 1, 0, NULL, NULL };
	if (at.shown)
		filter_regions(start);
	go(app, S_REGION);
	at.open = true;
	at.print = ui_edit_print(ui_edit_print(UI_PRINT_START, &at.who.edit), &at.password.edit);
}

static bool at_typed(struct app *app)
{
	(void)app;
	return at.open && at.steps.at != S_RESULT &&
	       ui_edit_print(ui_edit_print(UI_PRINT_START, &at.who.edit), &at.password.edit) !=
		       at.print;
}

static void at_close(struct app *app)
{
	(void)app;
	at.open = false;
	ui_edit_wipe(&at.password.edit);
	model_free_attach(&at.offer);
	free(at.shown);
	at.shown = NULL;
}

UI_STEPS_CALLBACKS(at, at.steps)

const struct screen_ops attach_screen = {
	.name = "attach",
	.title = N_("Attach an account"),
	.keymap = KEYMAP_ATTACH,
	.text_input = true,
	.open = at_open,
	.close = at_close,
	.draw = at_draw,
	.key = at_key,
	.cursor = at_cursor,
	.hints = ui_step_hints_next,
	.typed = at_typed,
	UI_STEPS_OPS(at),
};

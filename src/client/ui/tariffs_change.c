/* Screen 3's changes, each through the one change path (change.c): a tariff (from
 * tomorrow), an option on or off, a voluntary block with its last day asked in a
 * small form in the lists' place, and the removal of a block. What is known to be
 * refused is said before anything is asked; the server's refusals are told in words;
 * afterwards the screen shows the answer at once and reads the service again. */
#include "kabinet/ui/tariffs.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/paste.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/services.h"

/* The change under way (change.c runs one at a time). */
static struct {
	char service[64];
	struct tariff_ref tariff;	/* changeTariff: the new one */
	char option[64];		/* setServiceOption */
	char option_name[128];
	int64_t option_fee;
	bool enable;
	int64_t until;			/* setVoluntaryBlock: the last day */
} pc;

/* The form of a voluntary block. */
enum { F_DATE, F_BUTTON, F_COUNT };

static struct {
	bool open;
	char service[64];
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	int cy, cx;			/* the cursor at the last draw, -1 when none */
} bf;

static bool english(void)
{
	return i18n_money_style() != MONEY_RU;
}

static void quoted(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, _("\"%s\""), name);
}

static bool is(const char *field, const char *name)
{
	return field && !strcmp(field, name);
}

/* The entry of the change under way, if it is still kept (r may have dropped it). */
static struct tf_entry *entry(void)
{
	return tariffs_entry(pc.service);
}

static void settle(struct app *app, void *ud)
{
	(void)ud;
	tariffs_form_close();
	tariffs_reread(app, pc.service, false);
}

static void not_loaded(void)
{
	ui_message(UI_MSG_INFO, "%s", _("Wait until the service has loaded."));
}

/* One change at a time: the one under way keeps its own details (pc). */
static bool busy(void)
{
	if (!ui_change_busy())
		return false;
	ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
	return true;
}

/* --- the tariff --- */

static void tariff_done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct tf_entry *e = entry();
	struct model_err err;
	char from[16] = "", date[32], name[192], title[192];
	int64_t day;

	(void)ud;
	tariffs_service_title(app, pc.service, title, sizeof(title));
	quoted(pc.tariff.name, name, sizeof(name));
	if (model_parse_effective_from(reply->body, from, sizeof(from), &err) == MODEL_OK &&
	    date_iso_day(from, &day)) {
		date_text(day, false, date, sizeof(date));
		ui_message(UI_MSG_INFO, _("From %s the tariff of %s is %s."), date, title, name);
	} else {
		ui_message(UI_MSG_INFO, _("The tariff of %s becomes %s."), title, name);
	}
	if (e && e->info_known) {
		e->info.has_pending = true;
		e->info.pending = pc.tariff;
		snprintf(e->info.pending_from, sizeof(e->info.pending_from), "%s", from);
		tariffs_entry_changed(app, e, true);
	}
	tariffs_reread(app, pc.service, false);
}

static bool tariff_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char name[192], title[192], text[512];

	(void)ud;
	quoted(pc.tariff.name, name, sizeof(name));
	tariffs_service_title(app, pc.service, title, sizeof(title));
	if (reply->err == APIERR_CONFLICT && is(reply->field, "tariffId")) {
		ui_message(UI_MSG_WARNING, _("%s is the tariff of %s already."), name, title);
	} else if (reply->err == APIERR_CONFLICT) {
		ui_message(UI_MSG_WARNING, _("The tariff cannot be changed now: %s"),
			   app_reply_text(app, reply, text, sizeof(text)));
	} else if (reply->err == APIERR_NOT_FOUND && is(reply->field, "tariffId")) {
		ui_message(UI_MSG_WARNING, _("%s is not on sale any more: the list is read again."), name);
		tariffs_reread(app, pc.service, true);
		return true;
	} else {
		return false;
	}
	tariffs_reread(app, pc.service, false);
	return true;
}

void tariffs_change_tariff(struct app *app, struct tf_entry *e, size_t index)
{
	struct ui_change c = { .act = ACT_CHANGE_TARIFF, .method = "changeTariff" };
	const struct tariff_offer *t;
	char title[192], name[192], cur[192], fee[64], diff[64], date[32], line[512];
	size_t n;
	int64_t day;

	if (busy())
		return;
	if (!e->info_known || !e->tariffs_known) {
		not_loaded();
		return;
	}
	if (index >= e->tariffs.n)
		return;
	t = &e->tariffs.items[index];
	tariffs_service_title(app, e->id, title, sizeof(title));
	quoted(t->name, name, sizeof(name));
	if (e->info.status != SVC_ACTIVE && e->info.status != SVC_VOLUNTARY_BLOCKED) {
		ui_message(UI_MSG_WARNING, _("The tariff cannot be changed now: the service is %s."),
			   model_service_status_name(e->info.status));
		return;
	}
	if (t->current) {
		ui_message(UI_MSG_INFO, _("%s is the tariff of %s already."), name, title);
		return;
	}
	if (e->info.has_pending && !strcmp(e->info.pending.id, t->id)) {
		if (date_iso_day(e->info.pending_from, &day))
			date_text(day, false, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "%s", e->info.pending_from);
		ui_message(UI_MSG_INFO, _("%s is chosen already: it takes effect on %s."), name, date);
		return;
	}
	snprintf(c.question, sizeof(c.question), _("Change the tariff of %s?"), title);
	ui_money(t->fee, fee, sizeof(fee));
	n = (size_t)snprintf(c.detail, sizeof(c.detail), _("New tariff: %s, %s a month"), name, fee);
	if (e->info.has_tariff && n < sizeof(c.detail)) {
		tariffs_diff_money(t->fee, e->info.tariff.fee, diff, sizeof(diff));
		n += (size_t)snprintf(c.detail + n, sizeof(c.detail) - n, " (%s)", diff);
	}
	date_text(date_today() + 1, false, date, sizeof(date));
	if (e->info.has_tariff) {
		quoted(e->info.tariff.name, cur, sizeof(cur));
		snprintf(line, sizeof(line), _("It takes effect tomorrow, %s;\nuntil then %s stays."),
			 date, cur);
	} else {
		snprintf(line, sizeof(line), _("It takes effect tomorrow, %s."), date);
	}
	if (n < sizeof(c.detail))
		n += (size_t)snprintf(c.detail + n, sizeof(c.detail) - n, ".\n%s", line);
	if (e->info.has_pending && n < sizeof(c.detail)) {
		quoted(e->info.pending.name, cur, sizeof(cur));
		snprintf(c.detail + n, sizeof(c.detail) - n, "\n%s",
			 _("It replaces the change chosen before."));
		n = strlen(c.detail);
		snprintf(c.detail + n, sizeof(c.detail) - n, " (%s)", cur);
	}
	snprintf(pc.service, sizeof(pc.service), "%s", e->id);
	snprintf(pc.tariff.id, sizeof(pc.tariff.id), "%s", t->id);
	snprintf(pc.tariff.name, sizeof(pc.tariff.name), "%s", t->name);
	pc.tariff.fee = t->fee;
	c.body = model_body_change_tariff(e->id, t->id);
	c.done = tariff_done;
	c.refused = tariff_refused;
	c.settle = settle;
	ui_change(app, &c);
}

/* --- options --- */

static void option_done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct tf_entry *e = entry();
	char name[192], fee[64];

	(void)reply;
	(void)ud;
	quoted(pc.option_name, name, sizeof(name));
	ui_money(pc.option_fee, fee, sizeof(fee));
	if (pc.enable)
		ui_message(UI_MSG_INFO, _("The option %s is connected: %s a month."), name, fee);
	else
		ui_message(UI_MSG_INFO, _("The option %s is disconnected."), name);
	for (size_t i = 0; e && e->info_known && i < e->info.noptions; i++)
		if (!strcmp(e->info.options[i].id, pc.option))
			e->info.options[i].enabled = pc.enable;
	if (e)
		tariffs_entry_changed(app, e, true);
	tariffs_reread(app, pc.service, false);
}

static bool option_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char name[192], text[512];

	(void)ud;
	quoted(pc.option_name, name, sizeof(name));
	if (reply->err != APIERR_CONFLICT)
		return false;
	if (is(reply->field, "enabled"))
		ui_message(UI_MSG_WARNING, pc.enable ? _("The option %s is connected already.") : _("The option %s is off already."),
			   name);
	else
		ui_message(UI_MSG_WARNING, _("Options can be changed only while the service is active: %s"),
			   app_reply_text(app, reply, text, sizeof(text)));
	tariffs_reread(app, pc.service, false);
	return true;
}

void tariffs_toggle_option(struct app *app, struct tf_entry *e, size_t index)
{
	struct ui_change c = { .act = ACT_TOGGLE_OPTION, .method = "setServiceOption" };
	const struct service_option *o;
	char title[192], name[192], fee[64], total[64];
	int64_t monthly = 0;

	if (busy())
		return;
	if (!e->info_known) {
		not_loaded();
		return;
	}
	if (index >= e->info.noptions)
		return;
	o = &e->info.options[index];
	if (e->info.status != SVC_ACTIVE) {
		ui_message(UI_MSG_WARNING, _("Options can be changed only while the service is active (now: %s)."),
			   model_service_status_name(e->info.status));
		return;
	}
	tariffs_service_title(app, e->id, title, sizeof(title));
	quoted(o->name, name, sizeof(name));
	ui_money(o->fee, fee, sizeof(fee));
	/* What the service costs a month afterwards: without it, nothing is asked. */
	if (!sums_service_month(&e->info, true, index, &monthly)) {
		ui_message(UI_MSG_ERROR, _("The option cannot be changed here: %s."),
			   sums_beyond_text());
		return;
	}
	ui_money(monthly, total, sizeof(total));
	if (!o->enabled) {
		snprintf(c.question, sizeof(c.question), _("Connect the option %s to %s?"), name, title);
		snprintf(c.detail, sizeof(c.detail),
			 _("It costs %s a month, from today.\nThe service then costs %s a month."), fee,
			 total);
	} else {
		snprintf(c.question, sizeof(c.question), _("Disconnect the option %s from %s?"), name, title);
		snprintf(c.detail, sizeof(c.detail),
			 _("You stop paying %s a month for it.\nThe service then costs %s a month."), fee,
			 total);
	}
	snprintf(pc.service, sizeof(pc.service), "%s", e->id);
	snprintf(pc.option, sizeof(pc.option), "%s", o->id);
	snprintf(pc.option_name, sizeof(pc.option_name), "%s", o->name);
	pc.option_fee = o->fee;
	pc.enable = !o->enabled;
	c.body = model_body_set_option(e->id, o->id, pc.enable);
	c.done = option_done;
	c.refused = option_refused;
	c.settle = settle;
	ui_change(app, &c);
}

/* --- the voluntary block --- */

bool tariffs_form_open(void)
{
	return bf.open;
}

bool tariffs_form_typed(void)
{
	return bf.open && bf.fields[F_DATE].edit.len > 0;
}

void tariffs_form_close(void)
{
	if (bf.open)
		ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	bf.open = false;
}

/* The field is checked as it is left, and once more on Enter. */
static void validate(struct ui_form *form, size_t index, void *ud)
{
	struct ui_field *f = &form->fields[F_DATE];
	int64_t today = date_today(), day = 0;
	char text[64], date[32];

	(void)ud;
	if (index != F_DATE)
		return;
	ui_edit_get(&f->edit, text, sizeof(text));
	switch (tariffs_block_date(text, english(), today, &day)) {
	case TARIFFS_DATE_OK:
		f->error[0] = '\0';
		pc.until = day;
		break;
	case TARIFFS_DATE_EMPTY:
		snprintf(f->error, sizeof(f->error), "%s", _("Type the last day of the block."));
		break;
	case TARIFFS_DATE_FORMAT:
		snprintf(f->error, sizeof(f->error), "%s",
			 english() ? _("Type the date as YYYY-MM-DD or DD.MM.YYYY.")
				   : _("Type the date as DD.MM.YYYY."));
		break;
	case TARIFFS_DATE_NO_SUCH:
		snprintf(f->error, sizeof(f->error), "%s", _("There is no such day in the calendar."));
		break;
	case TARIFFS_DATE_NOT_AFTER_TODAY:
		date_input(today + 1, date, sizeof(date));
		snprintf(f->error, sizeof(f->error),
			 _("Tomorrow at the earliest: %s."), date);
		break;
	case TARIFFS_DATE_TOO_FAR:
		date_input(today + TARIFFS_BLOCK_MAX_DAYS, date, sizeof(date));
		snprintf(f->error, sizeof(f->error), _("At most %d days ahead: %s at the latest."),
			 TARIFFS_BLOCK_MAX_DAYS, date);
		break;
	}
}

static void block_done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct tf_entry *e = entry();
	enum service_status st = SVC_VOLUNTARY_BLOCKED;
	struct model_err err;
	char end[16] = "", title[192], date[32];
	int64_t day = pc.until;

	(void)ud;
	tariffs_form_close();
	if (model_parse_service_status(reply->body, &st, end, sizeof(end), &err) == MODEL_OK)
		date_iso_day(end, &day);
	tariffs_service_title(app, pc.service, title, sizeof(title));
	date_text(day, false, date, sizeof(date));
	ui_message(UI_MSG_INFO, _("The service %s is blocked till %s inclusive."), title, date);
	if (e && e->info_known) {
		e->info.status = st;
		date_iso(day, e->info.block_end);
		tariffs_entry_changed(app, e, true);
	}
	tariffs_reread(app, pc.service, false);
}

static bool block_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	app_reply_text(app, reply, text, sizeof(text));
	if (bf.open && is(reply->field, "until")) {
		/* Next to the field, with what was typed kept. */
		text_copy(bf.fields[F_DATE].error, sizeof(bf.fields[F_DATE].error), text);
		ui_form_focus(&bf.form, F_DATE);
		ui_dirty(UI_DIRTY_PANE);
		return true;
	}
	if (reply->err != APIERR_CONFLICT)
		return false;
	tariffs_form_close();
	ui_message(UI_MSG_WARNING, _("The service cannot be blocked now: %s"), text);
	tariffs_reread(app, pc.service, false);
	return true;
}

static void submit(struct app *app)
{
	struct ui_change c = { .act = ACT_VOLUNTARY_BLOCK, .method = "setVoluntaryBlock" };
	char title[192], date[32], again[32], until[11];

	if (busy())
		return;
	validate(&bf.form, F_DATE, NULL);
	if (bf.fields[F_DATE].error[0]) {
		ui_form_focus(&bf.form, F_DATE);
		return;
	}
	tariffs_service_title(app, bf.service, title, sizeof(title));
	date_text(pc.until, false, date, sizeof(date));
	date_text(pc.until + 1, false, again, sizeof(again));
	snprintf(c.question, sizeof(c.question), _("Block the service %s till %s?"), title, date);
	snprintf(c.detail, sizeof(c.detail),
		 _("It stops working now and is not charged till %s inclusive.\n"
		   "It works again on %s, or when you remove the block earlier."),
		 date, again);
	snprintf(pc.service, sizeof(pc.service), "%s", bf.service);
	date_iso(pc.until, until);
	c.body = model_body_block(bf.service, until);
	c.done = block_done;
	c.refused = block_refused;
	c.settle = settle;
	ui_change(app, &c);
}

static void open_form(struct tf_entry *e)
{
	memset(&bf, 0, sizeof(bf));
	bf.open = true;
	snprintf(bf.service, sizeof(bf.service), "%s", e->id);
	bf.fields[F_DATE] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Last day") };
	bf.fields[F_DATE].edit.max = 16;
	snprintf(bf.fields[F_DATE].note, sizeof(bf.fields[F_DATE].note), "%s",
		 english() ? _("YYYY-MM-DD or DD.MM.YYYY") : _("DD.MM.YYYY"));
	bf.fields[F_BUTTON] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Block") };
	bf.form = (struct ui_form){ .fields = bf.fields, .count = F_COUNT, .validate = validate };
	bf.cy = bf.cx = -1;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void unblock_done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct tf_entry *e = entry();
	enum service_status st = SVC_ACTIVE;
	struct model_err err;
	char end[16], title[192];

	(void)ud;
	model_parse_service_status(reply->body, &st, end, sizeof(end), &err);
	tariffs_service_title(app, pc.service, title, sizeof(title));
	if (st == SVC_BLOCKED)
		ui_message(UI_MSG_WARNING,
			   _("The block of %s is removed, but the balance is negative: it is blocked for debt now."),
			   title);
	else
		ui_message(UI_MSG_INFO, _("The block of %s is removed: it works again."), title);
	if (e && e->info_known) {
		e->info.status = st;
		e->info.block_end[0] = '\0';
		tariffs_entry_changed(app, e, true);
	}
	/* Blocked for debt: the server blocked every active service of the account
	 * (docs/api.md), not only this one. */
	if (st == SVC_BLOCKED)
		tariffs_account_blocked(app, pc.service);
	tariffs_reread(app, pc.service, false);
}

static bool unblock_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	if (reply->err != APIERR_CONFLICT)
		return false;
	ui_message(UI_MSG_WARNING, _("The block cannot be removed: %s"),
		   app_reply_text(app, reply, text, sizeof(text)));
	tariffs_reread(app, pc.service, false);
	return true;
}

static void unblock(struct app *app, struct tf_entry *e)
{
	struct ui_change c = { .act = ACT_VOLUNTARY_BLOCK, .method = "removeVoluntaryBlock" };
	const struct account *a = tariffs_account_of(app, e->id);
	char title[192], money[64];
	size_t n;

	tariffs_service_title(app, e->id, title, sizeof(title));
	snprintf(c.question, sizeof(c.question), _("Remove the voluntary block of %s?"), title);
	n = (size_t)snprintf(c.detail, sizeof(c.detail), "%s",
			     _("It works again at once and is charged again."));
	/* An advance account below zero blocks it for debt at once (the API's rule). */
	if (a && !a->credit && n < sizeof(c.detail)) {
		if (a->bal.known && a->bal.balance < 0)
			snprintf(c.detail + n, sizeof(c.detail) - n,
				 _("\nThe balance of %s is %s, so it is blocked\nfor debt at once, until the account is topped up."),
				 a->number, ui_money(a->bal.balance, money, sizeof(money)));
		else if (!a->bal.known)
			snprintf(c.detail + n, sizeof(c.detail) - n, "%s",
				 _("\nShould the balance be negative, it is blocked for debt instead."));
	}
	snprintf(pc.service, sizeof(pc.service), "%s", e->id);
	c.body = model_body_service(e->id);
	c.done = unblock_done;
	c.refused = unblock_refused;
	c.settle = settle;
	ui_change(app, &c);
}

void tariffs_block(struct app *app, struct tf_entry *e)
{
	if (busy())
		return;
	if (!e->info_known) {
		not_loaded();
		return;
	}
	switch (e->info.status) {
	case SVC_ACTIVE:
		open_form(e);
		break;
	case SVC_VOLUNTARY_BLOCKED:
		unblock(app, e);
		break;
	case SVC_BLOCKED:
		ui_message(UI_MSG_WARNING, "%s",
			   _("A service blocked for debt cannot be blocked voluntarily: top up the account first."));
		break;
	default:
		ui_message(UI_MSG_WARNING, _("Only an active service can be blocked (now: %s)."),
			   model_service_status_name(e->info.status));
		break;
	}
}

enum ui_key_result tariffs_form_key(struct app *app, enum action act, int key)
{
	enum ui_form_result r;

	if (act == ACT_CANCEL) {
		if (ui_discard_ask(app, act, key))
			return UI_DONE;
		tariffs_form_close();
		ui_message(UI_MSG_INFO, "%s", _("Nothing was changed."));
		return UI_DONE;
	}
	/* Tab goes between the lists elsewhere on this screen; here, between fields. */
	if (act == ACT_SWITCH_LIST)
		act = key == KEY_BTAB ? ACT_PREV_FIELD : ACT_NEXT_FIELD;
	r = ui_form_key(&bf.form, act, key);
	if (r == UI_FORM_PASS)
		return UI_PASS;
	if (r == UI_FORM_SUBMIT)
		submit(app);
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

enum ui_paste_result tariffs_form_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &bf.form, tariffs_form_key, text, len);
}

int tariffs_form_draw(WINDOW *w, int y, int rows, int cols)
{
	int64_t today = date_today();
	char line[512], from[32], to[32];
	int used = 0, cy, cx, h, focus_row;

	bf.cy = bf.cx = -1;
	if (rows < 1)
		return 0;
	ui_put_attr(w, y + used++, 1, cols - 2, UI_LEFT, A_BOLD, 0, _("Voluntary block"));
	date_input(today + 1, from, sizeof(from));
	date_input(today + TARIFFS_BLOCK_MAX_DAYS, to, sizeof(to));
	snprintf(line, sizeof(line), _("Its last day: from %s to %s (at most %d days ahead)."), from,
		 to, TARIFFS_BLOCK_MAX_DAYS);
	h = ui_form_height(&bf.form, &focus_row);
	/* The two lines wrap where the form still fits under them, else they are cut. */
	for (int i = 0; i < 2; i++) {
		const char *text = i ? line : _("The service stops working and is not charged "
						 "till the day you give.");
		int need = ui_put_wrapped(NULL, 0, 0, cols - 2, 3, AREA_DEFAULT, text);
		int room = rows - used - (1 - i) - 1 - h;
		if (used >= rows)
			break;
		used += ui_put_wrapped(w, y + used, 1, cols - 2, need <= room ? need : 1,
				       AREA_DEFAULT, text);
	}
	used++;
	if (used + h > rows)
		return used;
	used += ui_form_draw(w, y + used, 1, cols - 2, &bf.form, &cy, &cx);
	bf.cy = cy;
	bf.cx = cx;
	return used;
}

bool tariffs_form_cursor(int *y, int *x)
{
	if (!bf.open || bf.cy < 0)
		return false;
	*y = bf.cy;
	*x = bf.cx;
	return true;
}

/* Screen 3, Tariffs & services: one service at a time, [ and ] going through every
 * service of every account. A header says which service it is, its tariff and fee, a
 * pending change and a block; under it the tariffs on sale next to the current one
 * and the service's options, two list views that Tab goes between, or the usage chart
 * (u). What was loaded for a service is kept until r or a change, so coming back sends
 * nothing; loading goes through one loader: getServiceInfo and getAvailableTariffs in
 * one round, after getAccounts when the accounts are not known yet. */
#include "kabinet/ui/tariffs.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/options.h"
#include "kabinet/model/services.h"

enum req_kind { R_ACCOUNTS, R_NAMES, R_INFO, R_TARIFFS, R_USAGE /* + the period */ };

#define USAGE_PAGE 200

struct tariffs_state tariffs_now = { .period = USAGE_30 };
static struct tariffs_state *const tv = &tariffs_now;

/* What is kept of the services. */
static struct {
	struct tf_entry **cache;
	size_t ncache;
	unsigned data_gen;	/* app->data_gen the cache belongs to */
	bool open;
} tf;

/* --- the services of every account, in order --- */

size_t tariffs_service_count(const struct app *app)
{
	return model_count_services(&app->accounts);
}

static const struct service *service_at(const struct app *app, size_t index,
					const struct account **acc)
{
	for (size_t i = 0; i < app->accounts.n; i++) {
		const struct account *a = &app->accounts.items[i];
		if (index < a->nservices) {
			if (acc)
				*acc = a;
			return &a->services[index];
		}
		index -= a->nservices;
	}
	return NULL;
}

const struct service *tariffs_service_find(const struct app *app, const char *id, size_t *index,
					  const struct account **acc)
{
	size_t n = 0;

	for (size_t i = 0; i < app->accounts.n; i++) {
		const struct account *a = &app->accounts.items[i];
		for (size_t k = 0; k < a->nservices; k++, n++)
			if (!strcmp(a->services[k].id, id)) {
				if (index)
					*index = n;
				if (acc)
					*acc = a;
				return &a->services[k];
			}
	}
	return NULL;
}

const struct account *tariffs_account_of(const struct app *app, const char *service_id)
{
	const struct account *a = NULL;
	return tariffs_service_find(app, service_id, NULL, &a) ? a : NULL;
}

void tariffs_service_title(const struct app *app, const char *service_id, char *buf,
			   size_t size)
{
	const struct service *s = tariffs_service_find(app, service_id, NULL, NULL);
	const struct tf_entry *e = tariffs_entry(service_id);
	const char *type, *number;

	if (!s && !(e && e->info_known)) {
		snprintf(buf, size, "%s", service_id);
		return;
	}
	type = model_service_type_name(e && e->info_known ? e->info.type : s->type);
	number = e && e->info_known ? e->info.display_number : s->display_number;
	/* An IPTV service's number may be just "IPTV". */
	if (!number[0] || !strcasecmp(number, type))
		snprintf(buf, size, "%s", type);
	else
		snprintf(buf, size, "%s %s", type, number);
}

/* --- what is kept of each service --- */

static void entry_free(struct tf_entry *e)
{
	model_free_service_info(&e->info);
	model_free_tariffs(&e->tariffs);
	for (int p = 0; p < USAGE_PERIODS; p++)
		usage_range_free(&e->usage[p]);
	free(e);
}

static void drop_cache(void)
{
	for (size_t i = 0; i < tf.ncache; i++)
		entry_free(tf.cache[i]);
	free(tf.cache);
	tf.cache = NULL;
	tf.ncache = 0;
}

struct tf_entry *tariffs_entry(const char *service_id)
{
	for (size_t i = 0; i < tf.ncache; i++)
		if (!strcmp(tf.cache[i]->id, service_id))
			return tf.cache[i];
	return NULL;
}

static struct tf_entry *entry_make(const char *service_id)
{
	struct tf_entry *e = tariffs_entry(service_id), **grown;

	if (e)
		return e;
	e = calloc(1, sizeof(*e));
	grown = e ? realloc(tf.cache, (tf.ncache + 1) * sizeof(*grown)) : NULL;
	if (!grown) {
		free(e);
		return NULL;
	}
	tf.cache = grown;
	snprintf(e->id, sizeof(e->id), "%s", service_id);
	tf.cache[tf.ncache++] = e;
	return e;
}

/* Requests a closed screen dropped, or Esc cancelled, are not in flight any more. */
static void forget_loading(struct tf_entry *e)
{
	/* What a dropped request was to tell is asked again when the service shows. */
	e->stale |= e->info_loading || e->tariffs_loading;
	e->info_loading = e->tariffs_loading = false;
	for (int p = 0; p < USAGE_PERIODS; p++)
		if (e->usage[p].loading)
			usage_range_free(&e->usage[p]);
}

struct tf_entry *tariffs_current(void)
{
	return tv->id[0] ? tariffs_entry(tv->id) : NULL;
}

int tariffs_service_type(const struct app *app, const struct tf_entry *e)
{
	const struct service *s = e ? tariffs_service_find(app, e->id, NULL, NULL) : NULL;

	if (e && e->info_known)
		return e->info.type;
	return s ? s->type : 0;
}

/* --- loading --- */

/* A new round when nothing is in flight; else the request joins the one under way
 * (the replies of a round are never dropped by a request for another service). */
static void round_start(void)
{
	if (tv->load.pending == 0)
		ui_load_begin(&tv->load);
}

static void fetch_usage(struct app *app, struct tf_entry *e, enum usage_period p,
			const char *cursor)
{
	struct usage_range *u = &e->usage[p];
	char from[11], to[11];

	date_iso(u->from, from);
	date_iso(u->to, to);
	ui_load_call(app, &tv->load, "getUsage", model_body_usage(e->id, from, to, USAGE_PAGE, cursor),
		     R_USAGE + (int)p, e->id);
}

/* Asks for what the shown service lacks: nothing when all is kept. */
static void fetch(struct app *app, struct tf_entry *e)
{
	struct usage_range *u = &e->usage[tv->period];
	int64_t today = date_today();
	bool usage = tv->chart && usage_recorded(tariffs_service_type(app, e)) && !u->loading &&
		     (!u->known || u->to != today);

	bool stale = e->stale && !e->info_loading;

	if ((e->info_known || e->info_loading) && (e->tariffs_known || e->tariffs_loading) &&
	    !usage && !stale)
		return;
	round_start();
	if ((!e->info_known || stale) && !e->info_loading) {
		e->info_loading = true;
		ui_load_call(app, &tv->load, "getServiceInfo", model_body_service(e->id), R_INFO, e->id);
	}
	if ((!e->tariffs_known || stale) && !e->tariffs_loading) {
		e->tariffs_loading = true;
		ui_load_call(app, &tv->load, "getAvailableTariffs", model_body_service(e->id),
			     R_TARIFFS, e->id);
	}
	if (usage) {
		if (!usage_range_begin(u, usage_period_days(tv->period), today))
			ui_load_fail(&tv->load, _("The usage"), _("Out of memory."), false);
		else
			fetch_usage(app, e, tv->period, NULL);
	}
}

void tariffs_reread(struct app *app, const char *service_id, bool tariffs)
{
	struct tf_entry *e = tariffs_entry(service_id);

	if (!e)
		return;
	e->stale = true;
	round_start();
	if (!e->info_loading) {
		e->info_loading = true;
		ui_load_call(app, &tv->load, "getServiceInfo", model_body_service(e->id), R_INFO, e->id);
	}
	if (tariffs && !e->tariffs_loading) {
		e->tariffs_loading = true;
		ui_load_call(app, &tv->load, "getAvailableTariffs", model_body_service(e->id),
			     R_TARIFFS, e->id);
	}
}

/* The tariffs list starts on the current tariff. */
static void select_current_tariff(const struct tf_entry *e)
{
	for (size_t i = 0; e && e->tariffs_known && i < e->tariffs.n; i++)
		if (e->tariffs.items[i].current)
			tv->tlist.sel = i;
}

/* The lists show the current service's rows. */
static void lists_follow(const struct tf_entry *e, bool fresh)
{
	ui_list_set_rows(&tv->tlist, e && e->tariffs_known ? e->tariffs.n : 0, false);
	ui_list_set_rows(&tv->olist, e && e->info_known ? e->info.noptions : 0, false);
	if (fresh) {
		tv->tlist.sel = tv->tlist.top = 0;
		tv->olist.sel = tv->olist.top = 0;
		select_current_tariff(e);
	}
	tv->tlist.inactive = tv->options_focus;
	tv->olist.inactive = !tv->options_focus;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);	/* the hints follow */
}

/* The service shown: the chosen one while it is there, else the first. */
static void show(struct app *app, bool fresh)
{
	const struct service *s = tv->id[0] ? tariffs_service_find(app, tv->id, NULL, NULL) : NULL;
	struct tf_entry *e;

	if (!s) {
		s = service_at(app, 0, NULL);
		fresh = true;
	}
	if (!s) {
		tv->id[0] = '\0';
		lists_follow(NULL, true);
		return;
	}
	snprintf(tv->id, sizeof(tv->id), "%s", s->id);
	e = entry_make(tv->id);
	lists_follow(e, fresh);
	if (e)
		fetch(app, e);
}

void tariffs_entry_changed(struct app *app, struct tf_entry *e, bool fresh)
{
	/* The accounts' tariff names and statuses (screens 1 and 2, warnings) follow
	 * what the service says now, never what was kept of it. */
	for (size_t i = 0; fresh && e->info_known && i < app->accounts.n; i++)
		for (size_t k = 0; k < app->accounts.items[i].nservices; k++) {
			struct service *s = &app->accounts.items[i].services[k];
			if (strcmp(s->id, e->id))
				continue;
			s->status = e->info.status;
			if (e->info.has_tariff)
				snprintf(s->tariff, sizeof(s->tariff), "%s", e->info.tariff.name);
			app->accounts_gen++;
			app->services_gen++;
		}
	if (e == tariffs_current()) {
		lists_follow(e, false);
		ui_list_changed(&tv->tlist);
		ui_list_changed(&tv->olist);
	}
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

void tariffs_account_blocked(struct app *app, const char *service_id)
{
	const struct account *found = NULL;

	if (!tariffs_service_find(app, service_id, NULL, &found) || !found)
		return;
	for (size_t i = 0; i < app->accounts.n; i++) {
		struct account *a = &app->accounts.items[i];
		if (a != found)
			continue;
		for (size_t k = 0; k < a->nservices; k++) {
			struct tf_entry *e = tariffs_entry(a->services[k].id);
			if (a->services[k].status == SVC_ACTIVE)
				a->services[k].status = SVC_BLOCKED;
			if (e)
				e->stale = true;
		}
	}
	app->accounts_gen++;
	app->services_gen++;
	ui_dirty(UI_DIRTY_PANE);
}

void tariffs_account_moved(struct app *app, const char *account_id)
{
	const struct account *a = app_find_account(app, account_id);
	const struct tf_entry *now = tariffs_current();

	for (size_t k = 0; a && k < a->nservices; k++) {
		struct tf_entry *e = tariffs_entry(a->services[k].id);
		if (e)
			e->stale = e->info_known || e->tariffs_known;
		if (e && e == now && tf.open)
			tariffs_reread(app, e->id, true);
	}
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	char title[192];

	tariffs_service_title(app, key, title, sizeof(title));
	switch (kind) {
	case R_ACCOUNTS:
		snprintf(buf, size, "%s", _("The list of accounts"));
		break;
	case R_NAMES:
		snprintf(buf, size, "%s", _("The tariff names"));
		break;
	case R_INFO:
		snprintf(buf, size, _("The service %s"), title);
		break;
	case R_TARIFFS:
		snprintf(buf, size, _("The tariffs of %s"), title);
		break;
	default:
		snprintf(buf, size, _("The usage of %s"), title);
		break;
	}
}

static void failed_item(struct app *app, int kind, const char *key)
{
	struct tf_entry *e = tariffs_entry(key);

	(void)app;
	if (!e)
		return;
	if (kind == R_INFO)
		e->info_loading = false;
	else if (kind == R_TARIFFS)
		e->tariffs_loading = false;
	else if (kind >= R_USAGE && kind < R_USAGE + USAGE_PERIODS)
		usage_range_free(&e->usage[kind - R_USAGE]);
}

static bool take_usage(struct app *app, struct tf_entry *e, enum usage_period p,
		       const struct api_reply *reply, struct model_err *err)
{
	struct usage page;
	struct usage_range *u = &e->usage[p];
	enum page_verdict v;

	if (!u->loading)
		return true;	/* dropped meanwhile */
	if (model_parse_usage(reply->body, &page, err) != MODEL_OK)
		return false;
	v = page_guard_next(&u->guard, page.n, reply->body_len, page.next_cursor);
	if (!page_guard_stops(v))
		usage_range_take(u, &page);
	if (v == PAGE_NEXT) {
		fetch_usage(app, e, p, page.next_cursor);
	} else if (v == PAGE_LAST) {
		u->loading = false;
		u->known = true;
	} else {
		/* Stopped by the guard: the chart is not shown half-made. */
		char why[256];
		page_guard_text(&u->guard, v, why, sizeof(why));
		usage_range_free(u);
		ui_load_fail(&tv->load, _("The usage"), why, false);
	}
	model_free_usage(&page);
	return true;
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct tf_entry *e = tariffs_entry(key);
	struct model_err err;
	bool ok = true;

	if (kind == R_ACCOUNTS) {
		if (ui_load_took_accounts(app, &tv->load, kind, key, reply)) {
			ui_load_tariff_names(app, &tv->load, R_NAMES);
			show(app, false);
		}
		return;
	}
	if (kind == R_NAMES) {
		if (model_apply_tariff_names(reply->body, &app->accounts, &err) != MODEL_OK)
			ui_load_bad_reply(app, &tv->load, kind, key, err.msg);
		app->accounts_gen++;
		app->services_gen++;
		return;
	}
	if (!e)
		return;
	if (kind == R_INFO) {
		struct service_info info;
		e->info_loading = false;
		ok = model_parse_service_info(reply->body, &info, &err) == MODEL_OK;
		if (ok) {
			model_free_service_info(&e->info);
			e->info = info;
			e->info_known = true;
			e->stale = false;
			e->loaded = time(NULL);
		}
	} else if (kind == R_TARIFFS) {
		struct tariff_list list;
		bool first = !e->tariffs_known;
		e->tariffs_loading = false;
		ok = model_parse_tariffs(reply->body, &list, &err) == MODEL_OK;
		if (ok) {
			model_free_tariffs(&e->tariffs);
			e->tariffs = list;
			e->tariffs_known = true;
			if (first && e == tariffs_current()) {
				ui_list_set_rows(&tv->tlist, list.n, false);
				select_current_tariff(e);
			}
		}
	} else if (kind >= R_USAGE && kind < R_USAGE + USAGE_PERIODS) {
		ok = take_usage(app, e, (enum usage_period)(kind - R_USAGE), reply, &err);
	}
	if (!ok) {
		ui_load_bad_reply(app, &tv->load, kind, key, err.msg);
		return;
	}
	tariffs_entry_changed(app, e, kind == R_INFO);
}

/* --- keys --- */

static void move_service(struct app *app, int dir)
{
	size_t n = tariffs_service_count(app), index = 0;

	if (n < 2 || !tariffs_service_find(app, tv->id, &index, NULL))
		return;
	index = (index + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(tv->id, sizeof(tv->id), "%s", service_at(app, index, NULL)->id);
	show(app, true);
}

static void switch_list(bool options)
{
	tv->options_focus = options;
	tv->tlist.inactive = options;
	tv->olist.inactive = !options;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static enum ui_key_result tf_key(struct app *app, enum action act, int key)
{
	struct tf_entry *e = tariffs_current();

	if (tariffs_form_open())
		return tariffs_form_key(app, act, key);
	/* The engine refuses a change under read-only, before anything is asked. */
	if (action_changes(act) && app_read_only(app))
		return UI_PASS;
	switch (act) {
	case ACT_NEXT_SERVICE:
	case ACT_PREV_SERVICE:
		move_service(app, act == ACT_NEXT_SERVICE ? 1 : -1);
		return UI_DONE;
	case ACT_SWITCH_LIST:
		if (!tv->chart)
			switch_list(!tv->options_focus);
		return UI_DONE;
	case ACT_SHOW_USAGE:
	case ACT_USAGE_PERIOD:
		if (act == ACT_USAGE_PERIOD && tv->chart)
			tv->period = (enum usage_period)((tv->period + 1) % USAGE_PERIODS);
		else
			tv->chart = act == ACT_USAGE_PERIOD || !tv->chart;
		ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
		if (e)
			fetch(app, e);
		return UI_DONE;
	default:
		break;
	}
	if (!e)
		return UI_PASS;
	switch (act) {
	case ACT_CHANGE_TARIFF:
		if (tv->options_focus || tv->chart) {
			tv->chart = false;
			switch_list(false);
			ui_message(UI_MSG_INFO, "%s", _("Choose the tariff in the list, then press the key again."));
			return UI_DONE;
		}
		tariffs_change_tariff(app, e, tv->tlist.sel);
		return UI_DONE;
	case ACT_TOGGLE_OPTION:
		if (!tv->options_focus || tv->chart) {
			tv->chart = false;
			switch_list(true);
			ui_message(UI_MSG_INFO, "%s", _("Choose the option in the list, then press the key again."));
			return UI_DONE;
		}
		tariffs_toggle_option(app, e, tv->olist.sel);
		return UI_DONE;
	case ACT_VOLUNTARY_BLOCK:
		tariffs_block(app, e);
		return UI_DONE;
	case ACT_ENTER:
		if (!tv->chart && !tv->options_focus)
			tariffs_details(app, e);
		return UI_DONE;
	default:
		if (tv->chart)
			return UI_PASS;
		return ui_list_key(tv->options_focus ? &tv->olist : &tv->tlist, act) ? UI_DONE : UI_PASS;
	}
}

static void tf_search(struct app *app, const char *text, int dir)
{
	struct ui_list *l = tv->options_focus ? &tv->olist : &tv->tlist;

	(void)app;
	if (tv->chart || tariffs_form_open()) {
		ui_message(UI_MSG_INFO, "%s", _("The chart has nothing to search: u shows the lists."));
		return;
	}
	ui_list_search_say(l, ui_list_search(l, text, dir, opt.wrap_search), dir);
}

static bool tf_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return tariffs_form_open() && tariffs_form_cursor(y, x);
}

/* --- the screen's life --- */

static void tf_open(struct app *app)
{
	tf.open = true;
	if (tf.data_gen != app->data_gen) {
		/* Another session's data (a logout, another server) is not this one's. */
		drop_cache();
		tf.data_gen = app->data_gen;
	}
	tv->load.done = loaded;
	tv->load.what = what_of;
	tv->load.failed_item = failed_item;
	tariffs_lists_init(app);
	/* A new round: what failed before is not this time's, and what a change asked
	 * for while the screen was closed is asked again if need be. */
	ui_load_begin(&tv->load);
	for (size_t i = 0; i < tf.ncache; i++)
		forget_loading(tf.cache[i]);
	if (!app->accounts_known) {
		ui_load_accounts(app, &tv->load, R_ACCOUNTS);
		return;
	}
	show(app, true);
}

static void tf_close(struct app *app)
{
	(void)app;
	tf.open = false;
	ui_load_drop(&tv->load);	/* replies still in flight find nobody */
	for (size_t i = 0; i < tf.ncache; i++)
		forget_loading(tf.cache[i]);
	tariffs_form_close();
}

/* r: every service kept is read again when shown, its figures drawn meanwhile, so that
 * a refresh that meets a fault blanks nothing; the usage is read anew. */
static void reread_all(void)
{
	for (size_t i = 0; i < tf.ncache; i++) {
		struct tf_entry *e = tf.cache[i];
		e->stale = e->info_known || e->tariffs_known;
		e->info_loading = e->tariffs_loading = false;
		for (int p = 0; p < USAGE_PERIODS; p++)
			usage_range_free(&e->usage[p]);
	}
}

static void tf_reload(struct app *app)
{
	ui_load_begin(&tv->load);
	reread_all();
	if (!app->accounts_known) {
		ui_load_accounts(app, &tv->load, R_ACCOUNTS);
		return;
	}
	show(app, false);
}

void tariffs_show_service(struct app *app, const char *service_id)
{
	snprintf(tv->id, sizeof(tv->id), "%s", service_id);
	tv->chart = false;
	tv->options_focus = false;
	if (ui_front() == &tariffs_screen)
		show(app, true);
	else
		ui_switch(&tariffs_screen);
}

static const struct ui_hint tf_hints[] = {
	{ ACT_CHANGE_TARIFF, N_("tariff") },
	{ ACT_TOGGLE_OPTION, N_("option") },
	{ ACT_VOLUNTARY_BLOCK, N_("block") },
	{ ACT_SHOW_USAGE, N_("usage") },
	{ ACT_NEXT_SERVICE, N_("next service") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint tf_hints_blocked[] = {
	{ ACT_CHANGE_TARIFF, N_("tariff") },
	{ ACT_VOLUNTARY_BLOCK, N_("unblock") },
	{ ACT_SHOW_USAGE, N_("usage") },
	{ ACT_NEXT_SERVICE, N_("next service") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint tf_hints_chart[] = {
	{ ACT_USAGE_PERIOD, N_("7/30/90 days") },
	{ ACT_SHOW_USAGE, N_("tariffs") },
	{ ACT_NEXT_SERVICE, N_("next service") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint tf_hints_form[] = {
	{ ACT_ENTER, N_("block") },
	{ ACT_CANCEL, N_("cancel") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *tf_hints_now(struct app *app)
{
	const struct tf_entry *e = tariffs_current();

	(void)app;
	if (tariffs_form_open())
		return tf_hints_form;
	if (tv->chart)
		return tf_hints_chart;
	if (e && e->info_known && e->info.status == SVC_VOLUNTARY_BLOCKED)
		return tf_hints_blocked;
	return tf_hints;
}

static bool tf_typed(struct app *app)
{
	(void)app;
	return tariffs_form_typed();
}

/* The lists' actions (Tab goes between them, not on the chart); with the block form
 * open, the form's, Tab going between its fields. */
static bool tf_accepts(struct app *app, enum action act)
{
	if (tariffs_form_open())
		return act == ACT_SWITCH_LIST || ui_form_accepts(app, act);
	if (act == ACT_SWITCH_LIST)
		return !tv->chart;
	return ui_list_accepts(app, act);
}

static const struct ui_key_doc tf_form_keys[] = {
	{ N_("Typing"), N_("Goes into the last day"), ACT_NONE },
	{ NULL, N_("Go to the next or previous field"), ACT_SWITCH_LIST },
	{ NULL, N_("Block the service till that day (asked first)"), ACT_ENTER },
	{ NULL, N_("Close the form: nothing is changed"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *tf_own_keys(struct app *app)
{
	(void)app;
	return tariffs_form_open() ? tf_form_keys : NULL;
}

static bool tf_typing(struct app *app)
{
	(void)app;
	return tariffs_form_open();
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result tariffs_paste(struct app *app, const char *text, size_t len)
{
	return tariffs_form_open() ? tariffs_form_paste(app, text, len) : UI_PASTE_NONE;
}

const struct screen_ops tariffs_screen = {
	.name = "tariffs",
	.title = N_("Tariffs & services"),
	.keymap = KEYMAP_TARIFFS,
	.top_level = true,
	.open = tf_open,
	.close = tf_close,
	.draw = tariffs_draw,
	.key = tf_key,
	.reload = tf_reload,
	.cursor = tf_cursor,
	.hints = tf_hints,
	.hints_now = tf_hints_now,
	.search = tf_search,
	.typed = tf_typed,
	.accepts = tf_accepts,
	.own_keys = tf_own_keys,
	.typing = tf_typing,
	.paste = tariffs_paste,
};

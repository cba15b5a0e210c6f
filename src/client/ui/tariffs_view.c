/* Screen 3 drawn (see tariffs.c): the header of the service shown (which one, its
 * tariff and fee, a pending change, a block), the tariffs on sale next to the current
 * one with the differences at a glance, the options, and the line that says when the
 * data came or what failed. Only the columns some tariff states are shown. */
#include "kabinet/ui/tariffs.h"
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/services.h"

static struct tariffs_state *const tv = &tariffs_now;

/* The current tariff among those on sale (NULL when it is not on sale any more). */
static const struct tariff_offer *current_offer(const struct tf_entry *e)
{
	for (size_t i = 0; e && e->tariffs_known && i < e->tariffs.n; i++)
		if (e->tariffs.items[i].current)
			return &e->tariffs.items[i];
	return NULL;
}

/* --- the tariffs list --- */

enum tcol { TC_NAME, TC_FEE, TC_DFEE, TC_SPEED, TC_DSPEED, TC_CHANNELS, TC_DCHANNELS,
	    TC_MINUTES, TC_DMINUTES, TC_GB, TC_DGB, TC_NOTE, TC_DESC, TC_COUNT };

static bool states(int col)
{
	const struct tf_entry *e = tariffs_current();

	for (size_t i = 0; e && e->tariffs_known && i < e->tariffs.n; i++) {
		const struct tariff_offer *t = &e->tariffs.items[i];
		if ((col == TC_SPEED && t->has_speed) || (col == TC_CHANNELS && t->has_channels) ||
		    (col == TC_MINUTES && t->has_minutes) || (col == TC_GB && t->has_gigabytes))
			return true;
	}
	return false;
}

static bool no_speed(void *ud) { (void)ud; return !states(TC_SPEED); }
static bool no_channels(void *ud) { (void)ud; return !states(TC_CHANNELS); }
static bool no_minutes(void *ud) { (void)ud; return !states(TC_MINUTES); }
static bool no_gb(void *ud) { (void)ud; return !states(TC_GB); }
/* The note says from when a chosen tariff applies: only while one is chosen. */
static bool no_pending(void *ud)
{
	const struct tf_entry *e = tariffs_current();

	(void)ud;
	return !e || !e->info_known || !e->info.has_pending;
}
/* The description takes room the figures need below 100 columns. */
static bool narrow(void *ud) { (void)ud; return tv->cols < 100; }

/* Narrow, a feature's "±" goes first, then the fee's, then the features themselves; a
 * "±" never stays without the figure it tells the difference of (with_prev). */
static const struct ui_col t_cols[TC_COUNT] = {
	[TC_NAME] = { .title = N_("Tariff"), .align = UI_LEFT },
	[TC_FEE] = { .title = N_("Per month"), .align = UI_RIGHT, .whole = true },
	[TC_DFEE] = { .title = "±", .align = UI_RIGHT, .drop = 3, .whole = true,
		      .with_prev = true },
	[TC_SPEED] = { .title = N_("Speed"), .align = UI_RIGHT, .drop = 2, .whole = true,
		       .hidden = no_speed },
	[TC_DSPEED] = { .title = "±", .align = UI_RIGHT, .drop = 4, .whole = true,
			.hidden = no_speed, .with_prev = true },
	[TC_CHANNELS] = { .title = N_("Channels"), .align = UI_RIGHT, .drop = 2, .whole = true,
			  .hidden = no_channels },
	[TC_DCHANNELS] = { .title = "±", .align = UI_RIGHT, .drop = 4, .whole = true,
			   .hidden = no_channels, .with_prev = true },
	[TC_MINUTES] = { .title = N_("Minutes"), .align = UI_RIGHT, .drop = 2, .whole = true,
			 .hidden = no_minutes },
	[TC_DMINUTES] = { .title = "±", .align = UI_RIGHT, .drop = 4, .whole = true,
			  .hidden = no_minutes, .with_prev = true },
	[TC_GB] = { .title = N_("Internet"), .align = UI_RIGHT, .drop = 2, .whole = true,
		    .hidden = no_gb },
	[TC_DGB] = { .title = "±", .align = UI_RIGHT, .drop = 4, .whole = true, .hidden = no_gb,
		     .with_prev = true },
	[TC_NOTE] = { .title = " ", .align = UI_LEFT, .drop = 1, .hidden = no_pending },
	[TC_DESC] = { .title = N_("Description"), .align = UI_LEFT, .drop = 5, .min = 20,
		      .hidden = narrow },
};

static void figure(bool has, int64_t v, const char *fmt, char *buf, size_t size)
{
	char num[48];

	if (!has) {
		snprintf(buf, size, "—");
		return;
	}
	ui_number(v, num, sizeof(num));
	snprintf(buf, size, fmt, num);
}

static void diff(bool has, int64_t v, bool cur_has, int64_t cur, const char *fmt, char *buf,
		 size_t size)
{
	if (has && cur_has)
		tariffs_diff_figure(v, cur, fmt, buf, size);
}

static void t_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct tf_entry *e = tariffs_current();
	const struct tariff_offer *t, *c;
	bool cur_fee;
	int64_t fee;

	(void)ud;
	buf[0] = '\0';
	if (!e || !e->tariffs_known || row >= e->tariffs.n)
		return;
	t = &e->tariffs.items[row];
	c = current_offer(e);
	/* The fee to compare with is the service's own, on sale or not. */
	cur_fee = (e->info_known && e->info.has_tariff) || c;
	fee = e->info_known && e->info.has_tariff ? e->info.tariff.fee : c ? c->fee : 0;
	switch ((enum tcol)col) {
	case TC_NAME:
		snprintf(buf, size, "%s %s", t->current ? "•" : " ", t->name);
		break;
	case TC_FEE:
		ui_money(t->fee, buf, size);
		break;
	case TC_DFEE:
		/* The current one's difference would be nothing: it says what it is. */
		if (t->current)
			snprintf(buf, size, "%s", _("current"));
		else if (cur_fee)
			tariffs_diff_money(t->fee, fee, buf, size);
		break;
	case TC_SPEED:
		figure(t->has_speed, t->speed, _("%s Mbit/s"), buf, size);
		break;
	case TC_DSPEED:
		if (!t->current && c)
			diff(t->has_speed, t->speed, c->has_speed, c->speed, _("%s Mbit/s"), buf, size);
		break;
	case TC_CHANNELS:
		figure(t->has_channels, t->channels, "%s", buf, size);
		break;
	case TC_DCHANNELS:
		if (!t->current && c)
			diff(t->has_channels, t->channels, c->has_channels, c->channels, "%s", buf, size);
		break;
	case TC_MINUTES:
		figure(t->has_minutes, t->minutes, _("%s min"), buf, size);
		break;
	case TC_DMINUTES:
		if (!t->current && c)
			diff(t->has_minutes, t->minutes, c->has_minutes, c->minutes, _("%s min"), buf,
			     size);
		break;
	case TC_GB:
		figure(t->has_gigabytes, t->gigabytes, _("%s GB"), buf, size);
		break;
	case TC_DGB:
		if (!t->current && c)
			diff(t->has_gigabytes, t->gigabytes, c->has_gigabytes, c->gigabytes, _("%s GB"),
			     buf, size);
		break;
	case TC_NOTE:
		if (e->info_known && e->info.has_pending && !strcmp(e->info.pending.id, t->id)) {
			char date[32];
			int64_t day;
			if (date_iso_day(e->info.pending_from, &day))
				date_text(day, true, date, sizeof(date));
			else
				snprintf(date, sizeof(date), "%s", e->info.pending_from);
			snprintf(buf, size, _("from %s"), date);
		}
		break;
	case TC_DESC:
		snprintf(buf, size, "%s", t->description);
		break;
	case TC_COUNT:
		break;
	}
}

static enum color_area t_area(void *ud, size_t row, int col)
{
	char buf[64];

	t_cell(ud, row, col, buf, sizeof(buf));
	if (col == TC_NOTE && buf[0])
		return AREA_WARNING;	/* chosen, not yet in effect */
	if (col == TC_DFEE && (!strncmp(buf, "−", strlen("−")) || !strcmp(buf, _("current"))))
		return AREA_POSITIVE;	/* cheaper, or the one paid now */
	if ((col == TC_DSPEED || col == TC_DCHANNELS || col == TC_DMINUTES || col == TC_DGB) &&
	    buf[0] == '+')
		return AREA_POSITIVE;	/* more */
	return AREA_DEFAULT;
}

static void t_search_text(void *ud, size_t row, char *buf, size_t size)
{
	const struct tf_entry *e = tariffs_current();

	(void)ud;
	buf[0] = '\0';
	if (e && e->tariffs_known && row < e->tariffs.n)
		snprintf(buf, size, "%s", e->tariffs.items[row].description);
}

static const struct ui_list_ops t_ops = {
	.cell = t_cell,
	.area = t_area,
	.search_text = t_search_text,
};

/* --- the options list --- */

enum ocol { OC_NAME, OC_STATE, OC_FEE, OC_COUNT };

static const struct ui_col o_cols[OC_COUNT] = {
	[OC_NAME] = { .title = N_("Option"), .align = UI_LEFT },
	[OC_STATE] = { .title = N_("State"), .align = UI_LEFT, .drop = 1 },
	[OC_FEE] = { .title = N_("Per month"), .align = UI_RIGHT, .whole = true },
};

static void o_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct tf_entry *e = tariffs_current();
	const struct service_option *o;

	(void)ud;
	buf[0] = '\0';
	if (!e || !e->info_known || row >= e->info.noptions)
		return;
	o = &e->info.options[row];
	switch ((enum ocol)col) {
	case OC_NAME:
		snprintf(buf, size, "[%s] %s", o->enabled ? "x" : " ", o->name);
		break;
	case OC_STATE:
		snprintf(buf, size, "%s", o->enabled ? _("connected") : _("off"));
		break;
	case OC_FEE:
		ui_money(o->fee, buf, size);
		break;
	case OC_COUNT:
		break;
	}
}

static enum color_area o_area(void *ud, size_t row, int col)
{
	const struct tf_entry *e = tariffs_current();

	(void)ud;
	if (col == OC_STATE && e && e->info_known && row < e->info.noptions &&
	    e->info.options[row].enabled)
		return AREA_POSITIVE;
	return AREA_DEFAULT;
}

static const struct ui_list_ops o_ops = {
	.cell = o_cell,
	.area = o_area,
};

/* --- drawing --- */

static void quoted(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, _("\"%s\""), name);
}

/* The first line: which service, whose, its status; its place among all on the right. */
static void draw_title(struct app *app, WINDOW *w, int y, int cols)
{
	const struct account *acc = NULL;
	const struct service *s;
	const struct tf_entry *e = tariffs_current();
	char line[512], title[192], pos[32];
	size_t index = 0;
	enum service_status st;
	int pw, x;

	s = tariffs_service_find(app, tv->id, &index, &acc);
	if (!s)
		return;
	st = e && e->info_known ? e->info.status : s->status;
	tariffs_service_title(app, tv->id, title, sizeof(title));
	snprintf(line, sizeof(line), _("%s · account %s · "), title, acc ? acc->number : "?");
	snprintf(pos, sizeof(pos), "< %zu/%zu >", index + 1, tariffs_service_count(app));
	pw = ui_width(pos);
	if (pw + 2 > cols / 3)
		pw = 0;
	x = 1 + ui_put_attr(w, y, 1, cols - 2 - (pw ? pw + 1 : 0), UI_LEFT, A_BOLD, 0, line);
	ui_put(w, y, x, cols - x - 1 - (pw ? pw + 1 : 0), UI_LEFT,
	       st == SVC_ACTIVE ? AREA_POSITIVE : AREA_WARNING, model_service_status_name(st));
	if (pw)
		ui_put(w, y, cols - pw - 1, pw, UI_RIGHT, AREA_DEFAULT, pos);
}

/* The header: title, tariff and fee, a pending change, a block. Returns the rows. */
static int draw_header(struct app *app, WINDOW *w, int y, int rows, int cols)
{
	const struct tf_entry *e = tariffs_current();
	const struct service *s = tariffs_service_find(app, tv->id, NULL, NULL);
	const struct account *acc = tariffs_account_of(app, tv->id);
	char line[768], figures[768], name[192], fee[64], all[64], date[32];
	int used = 0;
	int64_t day;

	if (rows < 1)
		return 0;
	draw_title(app, w, y, cols);
	used++;
	if (used >= rows)
		return used;
	if (e && e->info_known) {
		const struct service_info *in = &e->info;
		int64_t options = 0, month = 0;
		bool summed = sums_service_month(in, false, SIZE_MAX, &options) &&
			      sums_service_month(in, true, SIZE_MAX, &month);
		if (!in->has_tariff) {
			snprintf(line, sizeof(line), "%s", _("No tariff."));
		} else {
			quoted(in->tariff.name, name, sizeof(name));
			ui_money(in->tariff.fee, fee, sizeof(fee));
			if (!summed) {
				/* No figure for the sum: a wrapped one would look true. */
				snprintf(line, sizeof(line), _("Tariff %s: %s a month; with the options: %s"),
					 name, fee, sums_beyond_text());
			} else if (options) {
				ui_money(month, all, sizeof(all));
				snprintf(line, sizeof(line),
					 _("Tariff %s: %s a month, %s with the options"), name, fee, all);
			} else {
				snprintf(line, sizeof(line), _("Tariff %s: %s a month"), name, fee);
			}
		}
		/* Figures kept while their refresh failed are not presented as current;
		 * narrow, the fee with the options goes first, then the fee, for that. */
		if (e->stale && !e->info_loading && tv->load.failed) {
			snprintf(figures, sizeof(figures), "%s", line);
			ui_load_header(&tv->load, true, NULL, figures, line, sizeof(line));
			if (in->has_tariff && ui_width(line) > cols - 2) {
				snprintf(figures, sizeof(figures), _("Tariff %s: %s a month"), name, fee);
				ui_load_header(&tv->load, true, NULL, figures, line, sizeof(line));
			}
			if (in->has_tariff && ui_width(line) > cols - 2) {
				snprintf(figures, sizeof(figures), _("Tariff %s"), name);
				ui_load_header(&tv->load, true, NULL, figures, line, sizeof(line));
			}
		}
	} else if (s && s->tariff[0]) {
		quoted(s->tariff, name, sizeof(name));
		snprintf(line, sizeof(line), _("Tariff %s"), name);
		/* The fee comes with the service's own answer: what became of it. */
		if (e && !e->info_loading && tv->load.failed) {
			snprintf(figures, sizeof(figures), "%s", line);
			ui_load_header(&tv->load, false, figures, NULL, line, sizeof(line));
		}
	} else {
		snprintf(line, sizeof(line), "%s",
			 e && !e->info_loading ? _("Not loaded (r: try again).") : _("Loading the service..."));
	}
	ui_put(w, y + used++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	if (!e || !e->info_known)
		return used;
	if (e->info.has_pending && used < rows) {
		if (date_iso_day(e->info.pending_from, &day))
			date_text(day, true, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "%s", e->info.pending_from);
		quoted(e->info.pending.name, name, sizeof(name));
		ui_money(e->info.pending.fee, fee, sizeof(fee));
		snprintf(line, sizeof(line), _("From %s the tariff becomes %s, %s a month."), date,
			 name, fee);
		ui_put(w, y + used++, 1, cols - 2, UI_LEFT, AREA_WARNING, line);
	}
	if (used >= rows)
		return used;
	line[0] = '\0';
	switch (e->info.status) {
	case SVC_VOLUNTARY_BLOCKED:
		if (date_iso_day(e->info.block_end, &day)) {
			date_text(day, false, date, sizeof(date));
			snprintf(line, sizeof(line),
				 _("Blocked at your request till %s, not charged meanwhile."), date);
		} else {
			snprintf(line, sizeof(line), "%s",
				 _("Blocked at your request, not charged meanwhile."));
		}
		break;
	case SVC_BLOCKED:
		snprintf(line, sizeof(line),
			 _("Blocked for debt while the balance of %s is below zero."),
			 acc ? acc->number : "?");
		break;
	case SVC_OPERATOR_BLOCK:
		snprintf(line, sizeof(line), "%s", _("Blocked by the operator: ask support (screen 7)."));
		break;
	case SVC_NOT_CONNECTED:
		snprintf(line, sizeof(line), "%s", _("Not connected yet, not charged."));
		break;
	default:
		break;
	}
	if (line[0])
		ui_put(w, y + used++, 1, cols - 2, UI_LEFT,
		       e->info.status == SVC_VOLUNTARY_BLOCKED ? AREA_WARNING : AREA_ERROR, line);
	return used;
}

/* The first key of an action on this screen ("c"). */
static void key_of(enum action act, char *buf, size_t size)
{
	keys_for_action(KEYMAP_TARIFFS, act, buf, size);
	if (strchr(buf, ','))
		*strchr(buf, ',') = '\0';
}

/* A list's title: highlighted while it has the keys; the keys that act on it. */
static void draw_section(WINDOW *w, int y, int cols, const char *title, bool focus,
			 enum action act, const char *what)
{
	char text[256], key[64], tab[64];
	int x;

	snprintf(text, sizeof(text), " %s ", title);
	x = 1 + ui_put(w, y, 1, cols - 2, UI_LEFT, focus ? AREA_MENU_ACTIVE : AREA_DEFAULT, text);
	if (focus && !what)
		return;	/* its change is refused now (read-only) */
	key_of(focus ? act : ACT_SWITCH_LIST, key, sizeof(key));
	if (!focus)
		key_of(ACT_SWITCH_LIST, tab, sizeof(tab));
	if (!key[0])
		return;
	if (focus)
		snprintf(text, sizeof(text), " %s: %s", key, what);
	else
		snprintf(text, sizeof(text), _(" %s: go here"), tab);
	ui_put(w, y, x, cols - x - 1, UI_LEFT, AREA_DEFAULT, text);
}

static int draw_list(WINDOW *w, struct ui_list *l, int y, int rows, int cols, bool known,
		     size_t n, const char *loading, const char *empty)
{
	if (rows < 1)
		return 0;
	if (!known || n == 0) {
		ui_put(w, y, 3, cols - 4, UI_LEFT, AREA_DEFAULT, known ? empty : loading);
		return 1;
	}
	return ui_list_draw(l, w, y, rows, cols);
}

static void draw_lists(struct app *app, WINDOW *w, int y, int rows, int cols)
{
	const struct tf_entry *e = tariffs_current();
	bool tk = e && e->tariffs_known, ok = e && e->info_known;
	int nt = tk ? (int)e->tariffs.n : 0, no = ok ? (int)e->info.noptions : 0;
	int need_t = 1 + (nt ? 1 + nt : 1), need_o = 1 + (no ? 1 + no : 1), t_rows, o_rows, used;

	(void)app;
	/* Both whole when they fit; else the list with the keys gets the room. */
	if (need_t + 1 + need_o <= rows) {
		t_rows = need_t;
	} else {
		int least = 1 + (nt ? 2 : 1);
		int other = 1 + (no ? 2 : 1);
		t_rows = tv->options_focus ? least : rows - 1 - other;
		if (tv->options_focus && rows - 1 - need_o > t_rows)
			t_rows = rows - 1 - need_o;
		if (t_rows > need_t)
			t_rows = need_t;
		if (t_rows < 1)
			t_rows = 1;
	}
	o_rows = rows - t_rows - 1;
	draw_section(w, y, cols, _("Tariffs"), !tv->options_focus, ACT_CHANGE_TARIFF,
		     app_read_only(app) ? NULL : _("change to the selected one"));
	draw_list(w, &tv->tlist, y + 1, t_rows - 1, cols, tk, (size_t)nt, e && e->tariffs_loading ? _("Loading the tariffs...") : _("Not loaded (r: try again)."),
		  _("No tariffs on sale for this service."));
	if (o_rows < 1)
		return;
	draw_section(w, y + t_rows + 1, cols, _("Options"), tv->options_focus, ACT_TOGGLE_OPTION,
		     app_read_only(app) ? NULL : _("connect or disconnect"));
	used = t_rows + 2 + draw_list(w, &tv->olist, y + t_rows + 2, o_rows - 1, cols, ok,
				      (size_t)no,
				      e && e->info_loading ? _("Loading the options...")
							   : _("Not loaded (r: try again)."),
				      _("This service has no options."));
	/* Room to spare, and no room for the description column: the selected tariff's
	 * description at the bottom. */
	if (tk && nt && narrow(NULL) && !tv->options_focus && rows - used >= 2 &&
	    tv->tlist.sel < e->tariffs.n && e->tariffs.items[tv->tlist.sel].description[0]) {
		const struct tariff_offer *t = &e->tariffs.items[tv->tlist.sel];
		char line[512], name[192];
		quoted(t->name, name, sizeof(name));
		snprintf(line, sizeof(line), "%s: %s", name, t->description);
		ui_put(w, y + rows - 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
}

static void draw_status(WINDOW *w, int y, int cols)
{
	const struct tf_entry *e = tariffs_current();
	char line[768], when[32];
	struct tm tm;

	if (tv->load.failed) {
		ui_put(w, y, 1, cols - 2, UI_LEFT, AREA_ERROR, ui_load_status(&tv->load, line, sizeof(line)));
		return;
	}
	/* Loaded means all a change needs: the service and its tariffs (the usage has
	 * its own line). Until then the lists below say what is still coming. */
	if (!e || !e->loaded || !e->tariffs_known)
		return;
	localtime_r(&e->loaded, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	snprintf(line, sizeof(line), _("Loaded at %s"), when);
	ui_put(w, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
}

void tariffs_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	int y, body;

	tv->cols = cols;
	if (!app->accounts_known) {
		ui_load_draw_accounts_wait(pane, cols, &tv->load);
		return;
	}
	if (!tv->id[0]) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("No services on your accounts yet (screen 2 attaches an account)."));
		return;
	}
	/* The last row tells when the data came or what failed. */
	body = rows >= 6 ? rows - 1 : rows;
	y = draw_header(app, pane, 0, body, cols);
	if (y + 1 < body && tariffs_current()) {
		y++;
		if (tariffs_form_open())
			tariffs_form_draw(pane, y, body - y, cols);
		else if (tv->chart)
			usage_draw(pane, y, body - y, cols, &tariffs_current()->usage[tv->period],
				   tariffs_service_type(app, tariffs_current()), tv->period,
				   tariffs_current()->usage[tv->period].loading);
		else
			draw_lists(app, pane, y, body - y, cols);
	}
	if (body < rows)
		draw_status(pane, rows - 1, cols);
}

/* Enter on a tariff: all it says of itself. */
void tariffs_details(struct app *app, struct tf_entry *e)
{
	char text[2048] = "", title[192], cell[512], key[64];
	const struct tariff_offer *t;
	size_t n = 0;
	bool chosen;

	if (!e->tariffs_known || tv->tlist.sel >= e->tariffs.n)
		return;
	t = &e->tariffs.items[tv->tlist.sel];
	quoted(t->name, title, sizeof(title));
	if (t->current)
		n = (size_t)snprintf(text, sizeof(text), "%s", _("The service's tariff now."));
	t_cell(NULL, tv->tlist.sel, TC_NOTE, cell, sizeof(cell));
	chosen = cell[0] != '\0';
	if (chosen)
		n = (size_t)snprintf(text, sizeof(text), _("Chosen: the service's tariff %s."), cell);
	for (int c = TC_FEE; c <= TC_DESC && n < sizeof(text); c++) {
		bool diff_col = !strcmp(t_cols[c].title, "±");
		/* The description is told here even when the list has no room for it. */
		if (c == TC_NOTE || (diff_col && t->current) ||
		    (c != TC_DESC && t_cols[c].hidden && t_cols[c].hidden(NULL)))
			continue;
		t_cell(NULL, tv->tlist.sel, c, cell, sizeof(cell));
		if (!cell[0])
			continue;
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s: %s", n ? "\n" : "",
				      diff_col ? _("Difference") : _(t_cols[c].title), cell);
	}
	key_of(ACT_CHANGE_TARIFF, key, sizeof(key));
	if (!t->current && !chosen && key[0] && !app_read_only(app) && n < sizeof(text)) {
		char hint[128];
		snprintf(hint, sizeof(hint), _("%s: change to this tariff"), key);
		snprintf(text + n, sizeof(text) - n, "\n\n%s", hint);
	}
	ui_dialog_info(title, text);
}

void tariffs_lists_init(struct app *app)
{
	ui_list_init(&tv->tlist, t_cols, TC_COUNT, &t_ops, app);
	ui_list_init(&tv->olist, o_cols, OC_COUNT, &o_ops, app);
}

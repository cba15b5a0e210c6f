/* Spending bonus points on an account (spendBonuses), a form over screen 6: the
 * account (its balance beside it, [ and ] choose another), the points checked as they
 * are typed against the API's limits and the points held, and what the balance will
 * be afterwards. Sent through the one change path with the intent's idempotency key,
 * replayed after a lost answer; the key is kept across retries of one intent and made
 * anew once the server may hold an answer for other content (docs/api.md
 * "Idempotency"). */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/model/bonus.h"
#include "kabinet/i18n.h"
#include "kabinet/model/number.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/text.h"

static const struct screen_ops spend_screen;

enum { F_ACCOUNT, F_POINTS, F_SEND, F_COUNT };

/* What a change in flight was for: its answer may come after the form closed, or when
 * another form is open (gen). */
struct sent {
	unsigned gen;
	char account[64];
	int64_t points;
};

static struct {
	unsigned gen;			/* counts the forms opened */
	bool open;
	char account[64];
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	int cy, cx;
	struct pay_intent intent;
	struct sent last;		/* the content sent with the key */
	uint64_t print;		/* of the points as the form opened */
} sp;

static char *points_text(int64_t n, char *buf, size_t size)
{
	char num[32];

	ui_number(n, num, sizeof(num));
	snprintf(buf, size, ngettext("%s point", "%s points", (unsigned long)(n % 1000000)), num);
	return buf;
}

/* The choice field shows the account; its balance is the note. */
static void show_choice(struct app *app)
{
	const struct account *a = app_find_account(app, sp.account);
	struct ui_field *f = &sp.fields[F_ACCOUNT];
	char text[MODEL_REGION_MAX + 64], fit[256], money[64];

	if (a)
		snprintf(text, sizeof(text), "%s · %s", a->number, a->region);
	else
		snprintf(text, sizeof(text), "%s", "—");
	/* A form's field is at most 32 columns: the region gives way, the number never. */
	ui_trim(text, 31, fit, sizeof(fit));
	ui_edit_set(&f->edit, fit);
	f->edit.cur = 0;
	f->edit.scroll = 0;
	f->note[0] = '\0';
	if (a && a->bal.known)
		snprintf(f->note, sizeof(f->note), _("balance %s"),
			 ui_money(a->bal.balance, money, sizeof(money)));
	sp.fields[F_POINTS].note[0] = '\0';
	if (app->bonus_known)
		snprintf(sp.fields[F_POINTS].note, sizeof(sp.fields[F_POINTS].note), _("of %s"),
			 points_text(app->bonus.points, text, sizeof(text)));
}

/* The points typed, checked: false with the reason in err. */
static bool points_of(struct app *app, int64_t *out, char *err, size_t size)
{
	static const struct number_rule rule = { NUMBER_WHOLE, BONUS_SPEND_MIN, BONUS_SPEND_MAX };
	char text[UI_EDIT_MAX * 4 + 1], b[64];
	int64_t n;

	ui_edit_get(&sp.fields[F_POINTS].edit, text, sizeof(text));
	if (number_take(text, &rule, &n, err, size) != NUMBER_OK)
		return false;
	if (app->bonus_known && n > app->bonus.points) {
		snprintf(err, size, _("More than you have: %s."),
			 points_text(app->bonus.points, b, sizeof(b)));
		return false;
	}
	*out = n;
	return true;
}

static void validate(struct ui_form *form, size_t i, void *ud)
{
	struct app *app = ud;
	int64_t n;

	(void)form;
	if (i == F_POINTS)
		points_of(app, &n, sp.fields[F_POINTS].error, sizeof(sp.fields[F_POINTS].error));
}

static bool ours(const struct sent *s)
{
	return s && sp.open && s->gen == sp.gen;
}

static void money_moved(struct app *app, const struct sent *s)
{
	const char *ids[1] = { s->account };

	ui_moved(app, UI_MOVED_MONEY | UI_MOVED_BONUS, ids, 1);
}

static void done(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	struct account *a = app_find_account(app, s->account);
	struct bonus_spent r;
	struct model_err err;
	char pts[64], left[64], bal[64];

	points_text(s->points, pts, sizeof(pts));
	if (model_parse_bonus_spent(reply->body, &r, &err) == MODEL_OK) {
		ui_money(r.account_balance, bal, sizeof(bal));
		points_text(r.points, left, sizeof(left));
		ui_message(UI_MSG_INFO, _("Spent %s: account %s has %s now; %s left."), pts,
			   a ? a->number : "?", bal, left);
		if (a) {
			a->bal.balance = r.account_balance;
			a->bal.known = true;
			app->accounts_gen++;
		}
		if (app->bonus_known)
			app->bonus.points = r.points;
	} else {
		ui_message(UI_MSG_INFO, _("Spent %s on account %s."), pts, a ? a->number : "?");
	}
	money_moved(app, s);
	if (ours(s)) {
		pay_intent_new(&sp.intent);
		if (ui_front() == &spend_screen)
			ui_pop();
	}
}

/* No answer, even after replaying: whether the points were spent is not known. The
 * balance and the points are read again; the server may hold an answer for the key. */
static void settle(struct app *app, void *ud)
{
	const struct sent *s = ud;

	if (ours(s))
		sp.intent.stored = true;
	money_moved(app, s);
}

static void field_error(size_t field, const char *text)
{
	text_copy(sp.fields[field].error, sizeof(sp.fields[field].error), text);
	ui_form_focus(&sp.form, field);
	ui_dirty(UI_DIRTY_PANE);
}

/* The server's refusals next to the field they are about, the form kept. A refused
 * call stored nothing: the key stays for the corrected intent. */
static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	const char *f = reply->field ? reply->field : "";
	char text[512];

	if (!ours(s))
		return false;
	app_reply_text(app, reply, text, sizeof(text));
	switch (reply->err) {
	case APIERR_LIMIT_EXCEEDED:
		/* The points we knew were old: they are read again. */
		field_error(F_POINTS, text);
		bonus_reload(app);
		return true;
	case APIERR_CONFLICT:
		ui_message(UI_MSG_WARNING, _("No points were spent: %s"), text);
		bonus_reload(app);
		if (ui_front() == &spend_screen)
			ui_pop();
		return true;
	case APIERR_NOT_FOUND:
		field_error(F_ACCOUNT, _("This account is not in your profile any more."));
		return true;
	case APIERR_IDEMPOTENCY_MISMATCH:
		/* An earlier try of this form did reach the server. */
		pay_intent_new(&sp.intent);
		money_moved(app, s);
		field_error(F_SEND, _("An earlier try may have gone through: check the points and "
				      "the balance, then press Enter to spend them anew."));
		return true;
	default:
		break;
	}
	if (!strcmp(f, "points")) {
		field_error(F_POINTS, text);
		return true;
	}
	if (!strcmp(f, "accountId")) {
		field_error(F_ACCOUNT, text);
		return true;
	}
	return false;
}

static void submit(struct app *app)
{
	const struct account *a = app_find_account(app, sp.account);
	struct ui_change c = { .act = ACT_SPEND_BONUSES, .method = "spendBonuses", .done = done,
			       .refused = refused, .settle = settle, .ud_free = free,
			       .replay = true };
	struct sent *s;
	char pts[64], sum[64], bal[64], after[64], left[64];
	int64_t n = 0, worth;

	if (ui_change_busy()) {
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return;
	}
	for (size_t i = 0; i < F_COUNT; i++)
		sp.fields[i].error[0] = '\0';
	if (!a)
		field_error(F_ACCOUNT, _("Choose the account to pay with the points."));
	if (!points_of(app, &n, sp.fields[F_POINTS].error, sizeof(sp.fields[F_POINTS].error)))
		ui_form_focus(&sp.form, F_POINTS);
	for (size_t i = 0; i < F_COUNT; i++)
		if (sp.fields[i].error[0]) {
			ui_form_focus(&sp.form, i);
			return;
		}
	/* Other content for a key the server may have an answer for: a new intent. */
	if (!pay_intent_ready(&sp.intent, strcmp(sp.last.account, sp.account) || sp.last.points != n))
		return;
	if (!(s = calloc(1, sizeof(*s)))) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	s->gen = sp.gen;
	snprintf(s->account, sizeof(s->account), "%s", sp.account);
	s->points = n;
	sp.last = *s;

	points_text(n, pts, sizeof(pts));
	ui_money(n * BONUS_POINT_KOPECKS, sum, sizeof(sum));
	snprintf(c.question, sizeof(c.question), _("Spend %s on account %s?"), pts, a->number);
	points_text(app->bonus.points - n, left, sizeof(left));
	/* The balance afterwards only when it can be worked out; else the plain lines. */
	if (a->bal.known && sums_points_worth(n, &worth) &&
	    figure_add(a->bal.balance, worth, &worth)) {
		ui_money(a->bal.balance, bal, sizeof(bal));
		ui_money(worth, after, sizeof(after));
		snprintf(c.detail, sizeof(c.detail),
			 _("%s, %s.\nThey pay %s: the balance becomes %s (now %s).\nThen you have %s."),
			 a->number, a->region, sum, after, bal, left);
	} else {
		snprintf(c.detail, sizeof(c.detail), _("%s, %s.\nThey pay %s.\nThen you have %s."), a->number,
			 a->region, sum, left);
	}
	c.body = model_body_spend_bonuses(sp.account, n, sp.intent.key);
	c.pi = &sp.intent;
	{
		struct pay_item item = { .amount = n };
		snprintf(item.account_id, sizeof(item.account_id), "%s", sp.account);
		ui_intent_make(app, &c.intent, INTENT_BONUS, NULL, &item, 1, NULL);
	}
	c.ud = s;
	ui_change(app, &c);
}

static void other_account(struct app *app, int dir)
{
	size_t n = app->accounts.n, i;

	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		if (!strcmp(app->accounts.items[i].id, sp.account))
			break;
	i = i == n ? 0 : (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(sp.account, sizeof(sp.account), "%s", app->accounts.items[i].id);
	sp.fields[F_ACCOUNT].error[0] = '\0';
	show_choice(app);
	ui_dirty(UI_DIRTY_PANE);
}

/* --- the screen --- */

static void sp_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct account *a = app_find_account(app, sp.account);
	char line[1024], k1[32], k2[32], a1[64], a2[64], a3[64];
	int y = 0, cy, cx;
	int64_t n, worth;

	show_choice(app);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, _("Spend bonus points"));
	if (y < rows) {
		keys_first(KEYMAP_BONUS, ACT_PREV_ACCOUNT, k1, sizeof(k1));
		keys_first(KEYMAP_BONUS, ACT_NEXT_ACCOUNT, k2, sizeof(k2));
		snprintf(line, sizeof(line),
			 _("One point pays one rouble. %s and %s choose the account."), k1, k2);
		y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT, line);
	}
	y++;
	sp.cy = sp.cx = -1;
	y += ui_form_draw(pane, y, 1, cols - 2, &sp.form, &cy, &cx);
	if (cy >= 0 && cy < rows) {
		sp.cy = cy;
		sp.cx = cx;
	}
	/* What the balance will be, as the points are typed. */
	if (++y < rows && a && sp.fields[F_POINTS].edit.len &&
	    points_of(app, &n, line, sizeof(line))) {
		ui_money(n * BONUS_POINT_KOPECKS, a1, sizeof(a1));
		if (a->bal.known && sums_points_worth(n, &worth) &&
		    figure_add(a->bal.balance, worth, &worth)) {
			ui_money(worth, a2, sizeof(a2));
			ui_money(a->bal.balance, a3, sizeof(a3));
			snprintf(line, sizeof(line), _("Afterwards account %s has %s (now %s)."),
				 a->number, a2, a3);
		} else {
			snprintf(line, sizeof(line), _("Account %s gets %s."), a->number, a1);
		}
		ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT, line);
	}
}

static enum ui_key_result sp_key(struct app *app, enum action act, int key)
{
	size_t f = sp.form.focus;
	enum ui_form_result r;

	if (act == ACT_CANCEL) {
		/* Points waiting to be sent again stop; a request in flight is cancelled by
		 * the engine. Either way the outcome is then not known, and said so. */
		if (ui_change_stop(app))
			return UI_DONE;
		if (ui_change_busy())
			return UI_PASS;
		ui_pop();
		return UI_DONE;
	}
	/* While the points are on their way the form stays as it was sent. */
	if (ui_change_busy())
		return ui_key_is_text(key) || act == ACT_ENTER ? UI_DONE : UI_PASS;
	if (act == ACT_BACK && (!ui_key_is_text(key) || f == F_ACCOUNT)) {
		ui_pop();
		return UI_DONE;
	}
	/* ] and [ choose the account from any field; the arrows and Space on it too. */
	if ((act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT) && key != KEY_LEFT &&
	    key != KEY_RIGHT) {
		other_account(app, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	}
	if (f == F_ACCOUNT) {
		if (key == KEY_RIGHT || key == KEY_LEFT || key == KEYS_CHR(' ')) {
			other_account(app, key == KEY_LEFT ? -1 : 1);
			return UI_DONE;
		}
		if (act == ACT_ENTER)
			act = ACT_NEXT_FIELD;
		else if (act != ACT_NEXT_FIELD && act != ACT_PREV_FIELD && key != KEY_UP &&
			 key != KEY_DOWN)
			/* The choice is not typed into. */
			return (ui_key_is_text(key) && act != ACT_HELP) || key == KEY_BACKSPACE || key == KEY_DC
				       ? UI_DONE
				       : UI_PASS;
	}
	r = ui_form_key(&sp.form, act, key);
	/* Checked as it is typed. */
	if (r == UI_FORM_HANDLED && sp.form.focus == F_POINTS &&
	    (ui_key_is_text(key) || key == KEY_BACKSPACE || key == KEY_DC || key == 127 ||
	     key == 8))
		validate(&sp.form, F_POINTS, app);
	if (r == UI_FORM_SUBMIT)
		submit(app);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return r == UI_FORM_PASS && (!ui_key_is_text(key) || act == ACT_HELP) ? UI_PASS : UI_DONE;
}

static bool sp_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (sp.cy < 0 || sp.form.focus != F_POINTS)
		return false;
	*y = sp.cy;
	*x = sp.cx;
	return true;
}

static void sp_open(struct app *app)
{
	/* Money sent earlier and never settled is asked about first. */
	ui_intents_settle(app);
	memset(sp.fields, 0, sizeof(sp.fields));
	sp.fields[F_ACCOUNT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Account") };
	sp.fields[F_POINTS] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Points") };
	sp.fields[F_POINTS].edit.max = NUMBER_TEXT_MAX;
	sp.fields[F_SEND] = (struct ui_field){ .kind = UI_FIELD_BUTTON,
					       .label = N_("Spend the points") };
	sp.form = (struct ui_form){ sp.fields, F_COUNT, F_POINTS, validate, app };
	sp.gen++;
	sp.open = true;
	show_choice(app);
	sp.print = ui_form_print(&sp.form, 1u << F_ACCOUNT);
}

static bool sp_typed(struct app *app)
{
	(void)app;
	return sp.open && !pay_intent_sent(&sp.intent) &&
	       ui_form_print(&sp.form, 1u << F_ACCOUNT) != sp.print;
}

static void sp_close(struct app *app)
{
	ui_intent_leave(app, &sp.intent);
	sp.open = false;
}

/* r: the balances and the points read again. */
static void sp_reload(struct app *app)
{
	const char *ids[1] = { sp.account };

	if (sp.account[0])
		ui_moved(app, UI_MOVED_BALANCES, ids, 1);
	bonus_reload(app);
}

void bonus_spend_show(struct app *app, const char *account_id)
{
	const struct account *a = pay_form_account(app, ACT_SPEND_BONUSES, account_id);

	if (!a)
		return;
	snprintf(sp.account, sizeof(sp.account), "%s", a->id);
	/* A new form is a new intent. */
	pay_intent_new(&sp.intent);
	if (!pay_intent_ready(&sp.intent, false))
		return;
	if (ui_front() == &spend_screen)
		ui_pop();
	ui_push(&spend_screen);
	/* The balance beside the account is read fresh. */
	{
		const char *ids[1] = { sp.account };
		if (!a->bal.known)
			ui_moved(app, UI_MOVED_BALANCES, ids, 1);
	}
}

static const struct ui_hint sp_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_NEXT_ACCOUNT, N_("next account") },
	{ ACT_ENTER, N_("spend") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static bool sp_accepts(struct app *app, enum action act)
{
	return act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT || act == ACT_REFRESH ||
	       ui_form_accepts(app, act);
}

static const struct ui_key_doc sp_keys[] = {
	{ "] [", N_("Another account"), ACT_NONE },
	{ N_("Space, Left, Right"), N_("Another account (on the Account line)"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the points"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *sp_own_keys(struct app *app)
{
	(void)app;
	return sp_keys;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result sp_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &sp.form, sp_key, text, len);
}

static const struct screen_ops spend_screen = {
	.name = "bonus",
	.title = N_("Spend bonus points"),
	.keymap = KEYMAP_BONUS,
	.text_input = true,
	.open = sp_open,
	.close = sp_close,
	.draw = sp_draw,
	.key = sp_key,
	.reload = sp_reload,
	.cursor = sp_cursor,
	.hints = sp_hints,
	.typed = sp_typed,
	.accepts = sp_accepts,
	.own_keys = sp_own_keys,
	.paste = sp_paste,
};

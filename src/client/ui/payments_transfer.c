/* A transfer between the profile's own accounts (transferFunds), a form over screen
 * 4: the source (its balance beside it), the destination, the amount — each checked
 * as it is left, the reason next to the field. Sent through the one change path with
 * the intent's idempotency key, replayed after a lost answer; the key is kept across
 * retries of one intent and made anew once the server may have stored an answer for
 * other content (docs/api.md "Idempotency"). */
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
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/number.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/text.h"

static const struct screen_ops transfer_screen;

enum { F_FROM, F_TO, F_AMOUNT, F_SEND, F_COUNT };

/* What a change in flight was for: its answer may come after the form closed, or
 * when another form is open (gen). */
struct sent {
	unsigned gen;
	char from[64], to[64];
	int64_t amount;
};

static struct {
	unsigned gen;			/* counts the forms opened */
	bool open;
	char from[64], to[64];
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	int cy, cx;
	struct pay_intent intent;
	struct sent last;		/* the content sent with the key */
	uint64_t print;			/* of the amount as the form opened */
} tf;

static struct account *find(struct app *app, const char *id)
{
	return id[0] ? app_find_account(app, id) : NULL;
}

/* "590000000001 · Пермский край" */
static void account_text(const struct account *a, char *buf, size_t size)
{
	if (a)
		snprintf(buf, size, "%s · %s", a->number, a->region);
	else
		snprintf(buf, size, "%s", "—");
}

/* The choice fields show the accounts chosen, the source's balance beside it. */
static void set_choice(struct ui_field *f, const struct account *a)
{
	char text[MODEL_REGION_MAX + 64], fit[256];

	/* A form's field is at most 32 columns: the region gives way, the number never. */
	account_text(a, text, sizeof(text));
	ui_trim(text, 31, fit, sizeof(fit));
	ui_edit_set(&f->edit, fit);
	f->edit.cur = 0;
	f->edit.scroll = 0;
}

static void show_choices(struct app *app)
{
	const struct account *from = find(app, tf.from), *to = find(app, tf.to);
	char money[64];

	set_choice(&tf.fields[F_FROM], from);
	set_choice(&tf.fields[F_TO], to);
	tf.fields[F_FROM].note[0] = tf.fields[F_TO].note[0] = '\0';
	if (from && from->bal.known)
		snprintf(tf.fields[F_FROM].note, sizeof(tf.fields[F_FROM].note), _("balance %s"),
			 ui_money(from->bal.balance, money, sizeof(money)));
	if (to && to->bal.known)
		snprintf(tf.fields[F_TO].note, sizeof(tf.fields[F_TO].note), _("balance %s"),
			 ui_money(to->bal.balance, money, sizeof(money)));
}

/* The amount typed, checked: 0 with the reason in err, or 1 with *out. */
static bool amount_of(struct app *app, int64_t *out, char *err, size_t size)
{
	static const struct number_rule rule = { NUMBER_MONEY, PAY_AMOUNT_MIN, PAY_AMOUNT_MAX };
	const struct account *from = find(app, tf.from);
	char text[UI_EDIT_MAX * 4 + 1], money[64];
	int64_t k;

	ui_edit_get(&tf.fields[F_AMOUNT].edit, text, sizeof(text));
	if (number_take(text, &rule, &k, err, size) != NUMBER_OK)
		return false;
	if (from && from->bal.known && k > from->bal.balance) {
		ui_money(from->bal.balance > 0 ? from->bal.balance : 0, money, sizeof(money));
		snprintf(err, size, _("More than account %s has: %s available."), from->number, money);
		return false;
	}
	*out = k;
	return true;
}

static void validate(struct ui_form *form, size_t i, void *ud)
{
	struct app *app = ud;
	int64_t k;

	(void)form;
	if (i == F_AMOUNT)
		amount_of(app, &k, tf.fields[F_AMOUNT].error, sizeof(tf.fields[F_AMOUNT].error));
	else if (i == F_TO && (!tf.to[0] || !strcmp(tf.to, tf.from)))
		snprintf(tf.fields[F_TO].error, sizeof(tf.fields[F_TO].error), "%s",
			 _("Choose an account other than the source."));
}

/* The next (dir 1) or previous account after `id`, skipping `skip`. */
static void cycle(struct app *app, char *id, size_t size, const char *skip, int dir)
{
	size_t n = app->accounts.n, i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		if (!strcmp(app->accounts.items[i].id, id))
			break;
	if (i == n)
		i = 0;
	for (size_t step = 0; step < n; step++) {
		i = (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
		if (strcmp(app->accounts.items[i].id, skip)) {
			snprintf(id, size, "%s", app->accounts.items[i].id);
			return;
		}
	}
}

static void choose(struct app *app, size_t field, int dir)
{
	if (field == F_FROM) {
		cycle(app, tf.from, sizeof(tf.from), "", dir);
		if (!strcmp(tf.from, tf.to))
			cycle(app, tf.to, sizeof(tf.to), tf.from, 1);
	} else {
		cycle(app, tf.to, sizeof(tf.to), tf.from, dir);
	}
	tf.fields[F_FROM].error[0] = tf.fields[F_TO].error[0] = '\0';
	show_choices(app);
	/* The source's balance bounds the amount: checked again when one was typed. */
	tf.fields[F_AMOUNT].error[0] = '\0';
	if (tf.fields[F_AMOUNT].edit.len)
		validate(&tf.form, F_AMOUNT, app);
}

static bool ours(const struct sent *s)
{
	return s && tf.open && s->gen == tf.gen;
}

static void money_moved(struct app *app, const struct sent *s)
{
	const char *ids[2] = { s->from, s->to };

	ui_moved(app, UI_MOVED_MONEY, ids, 2);
}

static void done(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	struct account *from = app_find_account(app, s->from), *to = app_find_account(app, s->to);
	struct transfer_reply t;
	struct model_err err;
	char sum[64], bal[64];

	ui_money(s->amount, sum, sizeof(sum));
	if (model_parse_transfer(reply->body, &t, &err) == MODEL_OK) {
		ui_money(t.from_balance, bal, sizeof(bal));
		ui_message(UI_MSG_INFO, _("Transferred %s to %s; %s has %s now."), sum,
			   to ? to->number : "?", from ? from->number : "?", bal);
		if (from) {
			from->bal.balance = t.from_balance;
			from->bal.known = true;
			app->accounts_gen++;
		}
	} else {
		ui_message(UI_MSG_INFO, _("Transferred %s from %s to %s."), sum,
			   from ? from->number : "?", to ? to->number : "?");
	}
	money_moved(app, s);
	if (ours(s)) {
		pay_intent_new(&tf.intent);
		if (ui_front() == &transfer_screen)
			ui_pop();
	}
}

/* No answer, even after replaying: whether the money moved is not known. The balances
 * are read again; the server may hold an answer for the key now. */
static void settle(struct app *app, void *ud)
{
	const struct sent *s = ud;

	if (ours(s))
		tf.intent.stored = true;
	money_moved(app, s);
	if (ours(s))
		show_choices(app);
}

static void field_error(size_t field, const char *text)
{
	text_copy(tf.fields[field].error, sizeof(tf.fields[field].error), text);
	ui_form_focus(&tf.form, field);
	ui_dirty(UI_DIRTY_PANE);
}

/* The server's refusals next to the field they are about, the form kept. A refused
 * call stored nothing: the key stays for the corrected intent. */
static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	const struct account *from;
	char text[512], money[64], why[384];
	const char *f = reply->field ? reply->field : "";

	if (!ours(s))
		return false;
	from = app_find_account(app, s->from);
	switch (reply->err) {
	case APIERR_INSUFFICIENT_FUNDS:
		if (from && from->bal.known) {
			ui_money(from->bal.balance > 0 ? from->bal.balance : 0, money, sizeof(money));
			snprintf(text, sizeof(text), _("More than account %s has: %s available."),
				 from->number, money);
		} else {
			snprintf(text, sizeof(text), _("Not enough money on the account: %s"),
				 app_reply_text(app, reply, why, sizeof(why)));
		}
		field_error(F_AMOUNT, text);
		/* The balance we knew was old: it is read again. */
		money_moved(app, s);
		return true;
	case APIERR_NOT_FOUND:
		if (!strcmp(f, "fromAccountId")) {
			field_error(F_FROM, _("This account is not in your profile any more."));
			return true;
		}
		if (!strncmp(f, "items[", 6)) {
			field_error(F_TO, _("This account is not in your profile any more."));
			return true;
		}
		return false;
	case APIERR_IDEMPOTENCY_MISMATCH:
		/* An earlier try of this form did reach the server. */
		pay_intent_new(&tf.intent);
		money_moved(app, s);
		field_error(F_SEND, _("An earlier try of this transfer may have gone through: check the "
				      "balances, then press Enter to send it as a new transfer."));
		return true;
	default:
		break;
	}
	app_reply_text(app, reply, text, sizeof(text));
	if (strstr(f, ".amount")) {
		field_error(F_AMOUNT, text);
		return true;
	}
	if (strstr(f, ".accountId")) {
		field_error(F_TO, text);
		return true;
	}
	if (!strcmp(f, "fromAccountId")) {
		field_error(F_FROM, text);
		return true;
	}
	return false;
}

static void submit(struct app *app)
{
	const struct account *from = find(app, tf.from), *to = find(app, tf.to);
	struct ui_change c = { .act = ACT_TRANSFER, .method = "transferFunds", .done = done,
			       .refused = refused, .settle = settle, .ud_free = free,
			       .replay = true };
	struct pay_item item;
	struct sent *s;
	char sum[64], bal[64], after[64];
	int64_t k = 0, left;

	if (ui_change_busy()) {
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return;
	}
	for (size_t i = 0; i < F_COUNT; i++)
		tf.fields[i].error[0] = '\0';
	validate(&tf.form, F_TO, app);
	amount_of(app, &k, tf.fields[F_AMOUNT].error, sizeof(tf.fields[F_AMOUNT].error));
	if (!from)
		field_error(F_FROM, _("Choose the account to take the money from."));
	for (size_t i = 0; i < F_COUNT; i++)
		if (tf.fields[i].error[0]) {
			ui_form_focus(&tf.form, i);
			return;
		}
	/* Other content for a key the server may have an answer for: a new intent. */
	if (!pay_intent_ready(&tf.intent, strcmp(tf.last.from, tf.from) ||
						  strcmp(tf.last.to, tf.to) || tf.last.amount != k))
		return;
	if (!(s = calloc(1, sizeof(*s)))) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	s->gen = tf.gen;
	snprintf(s->from, sizeof(s->from), "%s", tf.from);
	snprintf(s->to, sizeof(s->to), "%s", tf.to);
	s->amount = k;
	tf.last = *s;

	ui_money(k, sum, sizeof(sum));
	snprintf(c.question, sizeof(c.question), _("Transfer %s from account %s to account %s?"), sum,
		 from->number, to->number);
	/* The balance afterwards only when it can be worked out; else the plain lines. */
	if (from->bal.known && figure_sub(from->bal.balance, k, &left)) {
		ui_money(from->bal.balance, bal, sizeof(bal));
		ui_money(left, after, sizeof(after));
		snprintf(c.detail, sizeof(c.detail),
			 _("From: %s, %s\nTo: %s, %s\nThe balance of %s becomes %s (now %s)."),
			 from->number, from->region, to->number, to->region, from->number, after, bal);
	} else {
		snprintf(c.detail, sizeof(c.detail), _("From: %s, %s\nTo: %s, %s"), from->number,
			 from->region, to->number, to->region);
	}
	snprintf(item.account_id, sizeof(item.account_id), "%s", tf.to);
	item.amount = k;
	c.body = model_body_transfer(tf.from, &item, 1, tf.intent.key);
	c.pi = &tf.intent;
	ui_intent_make(app, &c.intent, INTENT_TRANSFER, tf.from, &item, 1, NULL);
	c.ud = s;
	ui_change(app, &c);
}

/* The first key of an action in the payments keymap ("]" of "], Right"). */
/* --- the screen --- */

static void tf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[256], k1[32], k2[32];
	int y = 0, cy, cx;

	show_choices(app);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, _("Transfer between your accounts"));
	keys_first(KEYMAP_PAYMENTS, ACT_PREV_ACCOUNT, k1, sizeof(k1));
	keys_first(KEYMAP_PAYMENTS, ACT_NEXT_ACCOUNT, k2, sizeof(k2));
	snprintf(line, sizeof(line), _("On an account field %s and %s choose another one."), k1,
		 k2);
	if (y < rows)
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	y++;
	tf.cy = tf.cx = -1;
	ui_form_draw(pane, y, 1, cols - 2, &tf.form, &cy, &cx);
	if (cy >= 0 && cy < rows) {
		tf.cy = cy;
		tf.cx = cx;
	}
}

static bool is_choice(size_t f)
{
	return f == F_FROM || f == F_TO;
}

static enum ui_key_result tf_key(struct app *app, enum action act, int key)
{
	size_t f = tf.form.focus;
	enum ui_form_result r;

	/* Money waiting to be sent again stops first; a request in flight is cancelled by
	 * the engine. Either way the outcome is then not known, and said so. */
	if (act == ACT_CANCEL && ui_change_stop(app))
		return UI_DONE;
	if (act == ACT_CANCEL && ui_change_busy())
		return UI_PASS;
	if (act == ACT_CANCEL || (act == ACT_BACK && !ui_key_is_text(key)) ||
	    (act == ACT_BACK && is_choice(f))) {
		ui_pop();
		return UI_DONE;
	}
	if (is_choice(f)) {
		if (act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT || key == KEY_RIGHT ||
		    key == KEY_LEFT || key == KEYS_CHR(' ')) {
			choose(app, f, act == ACT_PREV_ACCOUNT || key == KEY_LEFT ? -1 : 1);
			ui_dirty(UI_DIRTY_PANE);
			return UI_DONE;
		}
		if (act == ACT_ENTER)
			act = ACT_NEXT_FIELD;
		else if (act != ACT_NEXT_FIELD && act != ACT_PREV_FIELD && key != KEY_UP &&
			 key != KEY_DOWN)
			/* The choice is not typed into: other keys do nothing here. */
			return (ui_key_is_text(key) && act != ACT_HELP) || key == KEY_BACKSPACE || key == KEY_DC
				       ? UI_DONE
				       : UI_PASS;
	}
	r = ui_form_key(&tf.form, act, key);
	if (r == UI_FORM_SUBMIT)
		submit(app);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return r == UI_FORM_PASS && (!ui_key_is_text(key) || act == ACT_HELP) ? UI_PASS : UI_DONE;
}

static bool tf_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (tf.cy < 0 || tf.form.focus != F_AMOUNT)
		return false;
	*y = tf.cy;
	*x = tf.cx;
	return true;
}

static void tf_open(struct app *app)
{
	/* Money sent earlier and never settled is asked about first. */
	ui_intents_settle(app);
	memset(tf.fields, 0, sizeof(tf.fields));
	tf.fields[F_FROM] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("From account") };
	tf.fields[F_TO] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("To account") };
	tf.fields[F_AMOUNT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Amount (RUB)") };
	tf.fields[F_AMOUNT].edit.max = NUMBER_TEXT_MAX;
	tf.fields[F_SEND] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Transfer") };
	tf.form = (struct ui_form){ tf.fields, F_COUNT, F_AMOUNT, validate, app };
	tf.gen++;
	tf.open = true;
	show_choices(app);
	tf.print = ui_form_print(&tf.form, 1u << F_FROM | 1u << F_TO);
}

static bool tf_typed(struct app *app)
{
	(void)app;
	return tf.open && !pay_intent_sent(&tf.intent) &&
	       ui_form_print(&tf.form, 1u << F_FROM | 1u << F_TO) != tf.print;
}

static void tf_close(struct app *app)
{
	ui_intent_leave(app, &tf.intent);
	tf.open = false;
}

static void tf_reload(struct app *app)
{
	const char *ids[2] = { tf.from, tf.to };

	ui_moved(app, UI_MOVED_BALANCES, ids, 2);
}

void transfer_show(struct app *app, const char *from_account_id)
{
	const struct account *a = pay_form_account(app, ACT_TRANSFER, from_account_id);

	if (!a)
		return;
	if (app->accounts.n < 2) {
		ui_message(UI_MSG_INFO, "%s", _("A transfer needs two accounts, and this profile has fewer."));
		return;
	}
	snprintf(tf.from, sizeof(tf.from), "%s", a->id);
	tf.to[0] = '\0';
	cycle(app, tf.to, sizeof(tf.to), tf.from, 1);
	/* A new form is a new intent. */
	pay_intent_new(&tf.intent);
	if (!pay_intent_ready(&tf.intent, false))
		return;
	if (ui_front() == &transfer_screen)
		ui_pop();
	ui_push(&transfer_screen);
}

static const struct ui_hint tf_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("transfer") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static bool tf_accepts(struct app *app, enum action act)
{
	return act == ACT_REFRESH || ui_form_accepts(app, act);
}

static const struct ui_key_doc tf_keys[] = {
	{ N_("Space, Left, Right, ], ["), N_("Another account (on the From account and To account lines)"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the amount"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *tf_own_keys(struct app *app)
{
	(void)app;
	return tf_keys;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result tf_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &tf.form, tf_key, text, len);
}

static const struct screen_ops transfer_screen = {
	.name = "payments",
	.title = N_("Transfer between your accounts"),
	.keymap = KEYMAP_PAYMENTS,
	.text_input = true,
	.open = tf_open,
	.close = tf_close,
	.draw = tf_draw,
	.key = tf_key,
	.reload = tf_reload,
	.cursor = tf_cursor,
	.hints = tf_hints,
	.typed = tf_typed,
	.accepts = tf_accepts,
	.own_keys = tf_own_keys,
	.paste = tf_paste,
};

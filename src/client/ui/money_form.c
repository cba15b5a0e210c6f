/* The money-form scaffold (money_form.h): one form over an account that moves money,
 * described by its file. Here: the accounts chosen and their choice fields (the
 * number and the region cut to the field, the balance beside it; not typed into:
 * Space, Left, Right, ] and [ choose another), the amount read by the one number
 * reader against the form's rule and its own check, Esc and back, the change sent
 * through the one change path with the intent's idempotency key (kept across
 * retries of one intent, made anew once the server may hold an answer for other
 * content: docs/api.md "Idempotency"), its outcome kept for the form that sent it
 * (done: a new intent and the form closed; not known: the key marked stored and
 * what the form shows read again; an idempotency mismatch said next to a field),
 * the cursor, a paste, and whether closing would lose what was typed. What the form
 * says (its lines, its confirmation, its answers and refusals) is its file's. */
#include "kabinet/ui/money_form.h"

#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/moved.h"

#include "kabinet/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/model.h"
#include "kabinet/model/text.h"

/* The fields: the choices, the amount, the button. */
static size_t money_form_amount(const struct money_form *mf)
{
	return mf->d->choices;
}

static bool is_choice(const struct money_form *mf, size_t field)
{
	return field < mf->d->choices;
}

/* The choice fields are shown text, not typed: what typed() leaves aside. */
static unsigned choice_bits(const struct money_form *mf)
{
	unsigned bits = 0;

	for (size_t i = 0; i < mf->d->choices; i++)
		bits |= 1u << i;
	return bits;
}

static bool shown(const struct money_form *mf)
{
	return !mf->d->shown || mf->d->shown(mf);
}

const struct account *money_form_account(struct app *app, const struct money_form *mf,
					 unsigned i)
{
	return mf->account[i][0] ? app_find_account(app, mf->account[i]) : NULL;
}

/* --- the accounts --- */

/* "590000000001 · Пермский край", the balance beside it. */
static void show_account(struct ui_field *f, const struct account *a)
{
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
}

void money_form_show(struct app *app, struct money_form *mf)
{
	for (size_t i = 0; i < mf->d->choices; i++)
		show_account(&mf->fields[i], money_form_account(app, mf, (unsigned)i));
	if (mf->d->notes)
		mf->d->notes(app, mf);
}

bool money_form_next_account(struct app *app, struct money_form *mf, int dir)
{
	size_t n = app->accounts.n, i;

	if (n < 2)
		return false;
	for (i = 0; i < n; i++)
		if (!strcmp(app->accounts.items[i].id, mf->account[0]))
			break;
	i = i == n ? 0 : (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(mf->account[0], sizeof(mf->account[0]), "%s", app->accounts.items[i].id);
	return true;
}

/* --- the amount --- */

bool money_form_amount_of(struct app *app, struct money_form *mf, int64_t *out, char *err,
			  size_t size)
{
	char text[UI_EDIT_MAX * 4 + 1];
	int64_t k;

	ui_edit_get(&mf->fields[money_form_amount(mf)].edit, text, sizeof(text));
	if (number_take(text, &mf->rule, &k, err, size) != NUMBER_OK)
		return false;
	if (mf->d->check && !mf->d->check(app, mf, k, err, size))
		return false;
	*out = k;
	return true;
}

void money_form_fill(struct money_form *mf, int64_t k)
{
	size_t f = money_form_amount(mf);
	char text[32];

	number_field_text(k, i18n_money_style(), text, sizeof(text));
	ui_edit_set(&mf->fields[f].edit, text);
	mf->fields[f].error[0] = '\0';
	mf->form.focus = f;
	mf->print = ui_form_print(&mf->form, choice_bits(mf));
}

/* The form's check of a field as it is left. */
static void validate(struct ui_form *form, size_t i, void *ud)
{
	struct money_form *mf = ud;
	struct ui_field *f = &mf->fields[i];
	int64_t k;

	(void)form;
	if (i == money_form_amount(mf))
		money_form_amount_of(mf->app, mf, &k, f->error, sizeof(f->error));
	else if (mf->d->left)
		mf->d->left(mf->app, mf, i);
}

void money_form_error(struct money_form *mf, size_t field, const char *text)
{
	text_copy(mf->fields[field].error, sizeof(mf->fields[field].error), text);
	ui_form_focus(&mf->form, field);
	ui_dirty(UI_DIRTY_PANE);
}

/* --- the change and its outcome --- */

bool money_form_ours(const struct money_sent *s)
{
	return s && s->mf->open && s->gen == s->mf->gen;
}

void money_form_moved(struct app *app, const struct money_sent *s)
{
	const char *ids[MONEY_FORM_ACCOUNTS];
	unsigned n = s->mf->d->accounts;

	for (unsigned i = 0; i < n; i++)
		ids[i] = s->account[i];
	ui_moved(app, s->mf->d->moved, ids, n);
}

static void done(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct money_sent *s = ud;
	struct money_form *mf = s->mf;

	mf->d->done(app, s, reply);
	money_form_moved(app, s);
	if (money_form_ours(s)) {
		pay_intent_new(&mf->intent);
		if (ui_front() == mf->d->screen)
			ui_pop();
	}
}

/* No answer, even after replaying: whether the money moved is not known. What it can
 * have moved is read again; the server may hold an answer for the key now. */
static void settle(struct app *app, void *ud)
{
	const struct money_sent *s = ud;
	struct money_form *mf = s->mf;

	if (money_form_ours(s))
		mf->intent.stored = true;
	money_form_moved(app, s);
	if (money_form_ours(s) && mf->d->reread)
		mf->d->reread(app, mf);
}

/* The server's refusals next to the field they are about, the form kept (the form's
 * own). A refused call stored nothing: the key stays for the corrected intent, but
 * for a mismatch: an earlier try of this form did reach the server. */
static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct money_sent *s = ud;
	struct money_form *mf = s->mf;

	if (reply->err != APIERR_IDEMPOTENCY_MISMATCH)
		return mf->d->refused(app, s, reply);
	if (!money_form_ours(s))
		return false;
	pay_intent_new(&mf->intent);
	money_form_moved(app, s);
	if (mf->d->reread)
		mf->d->reread(app, mf);
	money_form_error(mf, mf->d->mismatch_field, _(mf->d->mismatch_text));
	return true;
}

/* Whether what would be sent differs from what was sent with the key. */
static bool changed(const struct money_form *mf, int64_t k)
{
	for (unsigned i = 0; i < mf->d->accounts; i++)
		if (strcmp(mf->last.account[i], mf->account[i]))
			return true;
	return mf->last.amount != k;
}

/* The fields checked, the first one wrong focused; else the confirmation. */
static bool checked(struct app *app, struct money_form *mf, int64_t *k)
{
	struct ui_field *amount = &mf->fields[money_form_amount(mf)];

	for (size_t i = 0; i < mf->form.count; i++)
		mf->fields[i].error[0] = '\0';
	if (mf->d->ready && !mf->d->ready(app, mf))
		return false;
	money_form_amount_of(app, mf, k, amount->error, sizeof(amount->error));
	for (size_t i = 0; i < mf->form.count; i++)
		if (mf->fields[i].error[0]) {
			ui_form_focus(&mf->form, i);
			return false;
		}
	return true;
}

static void submit(struct app *app, struct money_form *mf)
{
	struct ui_change c = { .act = mf->d->act, .method = mf->d->method, .done = done,
			       .refused = refused, .settle = settle, .ud_free = free,
			       .replay = true };
	struct money_sent *s;
	int64_t k = 0;

	if (ui_change_busy()) {
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return;
	}
	if (!checked(app, mf, &k))
		return;
	/* Other content for a key the server may have an answer for: a new intent. */
	if (!pay_intent_ready(&mf->intent, changed(mf, k)))
		return;
	if (!(s = calloc(1, sizeof(*s)))) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	s->mf = mf;
	s->gen = mf->gen;
	memcpy(s->account, mf->account, sizeof(s->account));
	s->amount = k;
	mf->last = *s;
	mf->d->confirm(app, mf, k, &c);
	c.pi = &mf->intent;
	c.ud = s;
	ui_change(app, &c);
}

/* --- the screen --- */

bool money_form_push(struct money_form *mf)
{
	/* A new form is a new intent. */
	pay_intent_new(&mf->intent);
	if (!pay_intent_ready(&mf->intent, false))
		return false;
	if (ui_front() == mf->d->screen)
		ui_pop();
	ui_push(mf->d->screen);
	return true;
}

void money_form_open(struct app *app, struct money_form *mf)
{
	const struct money_form_desc *d = mf->d;
	size_t n = d->choices + 2;

	/* Money sent earlier and never settled is asked about first. */
	ui_intents_settle(app);
	memset(mf->fields, 0, sizeof(mf->fields));
	for (size_t i = 0; i < n; i++)
		mf->fields[i] = (struct ui_field){
			.kind = i + 1 < n ? UI_FIELD_TEXT : UI_FIELD_BUTTON, .label = d->labels[i]
		};
	mf->fields[money_form_amount(mf)].edit.max = NUMBER_TEXT_MAX;
	mf->form = (struct ui_form){ mf->fields, n, money_form_amount(mf), validate, mf };
	mf->app = app;
	mf->rule = d->rule;
	mf->gen++;
	mf->open = true;
	money_form_show(app, mf);
	mf->print = ui_form_print(&mf->form, choice_bits(mf));
	if (d->opened)
		d->opened(app, mf);
}

void money_form_close(struct app *app, struct money_form *mf)
{
	ui_intent_leave(app, &mf->intent);
	if (mf->d->closed)
		mf->d->closed(app, mf);
	mf->open = false;
}

int money_form_draw_fields(struct money_form *mf, WINDOW *pane, int y, int rows, int cols)
{
	int cy, cx, n;

	mf->cy = mf->cx = -1;
	n = ui_form_draw(pane, y, 1, cols - 2, &mf->form, &cy, &cx);
	if (cy >= 0 && cy < rows) {
		mf->cy = cy;
		mf->cx = cx;
	}
	return n;
}

static bool deleting(int key)
{
	return key == KEY_BACKSPACE || key == KEY_DC || key == 127 || key == 8;
}

/* A key on a choice field: another account, or on to the next field; it is not typed
 * into. False when the form is to take the key (as *act). */
static bool choice_key(struct app *app, struct money_form *mf, enum action *act, int key,
		       enum ui_key_result *r)
{
	if (*act == ACT_NEXT_ACCOUNT || *act == ACT_PREV_ACCOUNT || key == KEY_RIGHT ||
	    key == KEY_LEFT || key == KEYS_CHR(' ')) {
		mf->d->choose(app, mf, mf->form.focus,
			      *act == ACT_PREV_ACCOUNT || key == KEY_LEFT ? -1 : 1);
		ui_dirty(UI_DIRTY_PANE);
		*r = UI_DONE;
		return true;
	}
	if (*act == ACT_ENTER) {
		*act = ACT_NEXT_FIELD;
		return false;
	}
	if (*act == ACT_NEXT_FIELD || *act == ACT_PREV_FIELD || key == KEY_UP || key == KEY_DOWN)
		return false;
	/* Other keys do nothing here. */
	*r = (ui_key_is_text(key) && *act != ACT_HELP) || key == KEY_BACKSPACE || key == KEY_DC
		     ? UI_DONE
		     : UI_PASS;
	return true;
}

/* A key for the form's fields. */
static enum ui_key_result fields_key(struct app *app, struct money_form *mf, enum action act,
				     int key)
{
	size_t amount = money_form_amount(mf);
	enum ui_form_result r;

	r = ui_form_key(&mf->form, act, key);
	/* Checked as it is typed. */
	if (mf->d->check_typed && r == UI_FORM_HANDLED && mf->form.focus == amount &&
	    (ui_key_is_text(key) || deleting(key)))
		validate(&mf->form, amount, mf);
	if (r == UI_FORM_SUBMIT)
		submit(app, mf);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return r == UI_FORM_PASS && (!ui_key_is_text(key) || act == ACT_HELP) ? UI_PASS : UI_DONE;
}

enum ui_key_result money_form_key(struct app *app, struct money_form *mf, enum action act,
				  int key)
{
	bool on = shown(mf);
	enum ui_key_result r;

	/* Money waiting to be sent again stops first; a request in flight is cancelled by
	 * the engine. Either way the outcome is then not known, and said so. */
	if (act == ACT_CANCEL && ui_change_stop(app))
		return UI_DONE;
	if (act == ACT_CANCEL && ui_change_busy())
		return UI_PASS;
	/* While the change is on its way the form stays as it was sent. */
	if (act != ACT_CANCEL && mf->d->hold_busy && ui_change_busy())
		return ui_key_is_text(key) || act == ACT_ENTER ? UI_DONE : UI_PASS;
	if (act == ACT_CANCEL ||
	    (act == ACT_BACK && (!on || !ui_key_is_text(key) || is_choice(mf, mf->form.focus)))) {
		ui_pop();
		return UI_DONE;
	}
	/* ] and [ choose the account from any field; the arrows stay the field's. */
	if (mf->d->anywhere && (act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT) &&
	    key != KEY_LEFT && key != KEY_RIGHT) {
		mf->d->choose(app, mf, 0, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	}
	if (!on)
		return mf->d->off_key(app, mf, act, key);
	if (is_choice(mf, mf->form.focus) && choice_key(app, mf, &act, key, &r))
		return r;
	return fields_key(app, mf, act, key);
}

bool money_form_cursor(const struct money_form *mf, int *y, int *x)
{
	if (mf->cy < 0 || !shown(mf) || mf->form.focus != money_form_amount(mf))
		return false;
	*y = mf->cy;
	*x = mf->cx;
	return true;
}

bool money_form_typed(const struct money_form *mf)
{
	return mf->open && !pay_intent_sent(&mf->intent) &&
	       ui_form_print(&mf->form, choice_bits(mf)) != mf->print;
}

/* The form's keys, F5, and ] [ where they choose from any field. */
bool money_form_accepts(struct app *app, const struct money_form *mf, enum action act)
{
	return (mf->d->anywhere && (act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT)) ||
	       act == ACT_REFRESH || ui_form_accepts(app, act);
}

/* A paste goes to the field the keys go to (ui/paste.h). */
enum ui_paste_result money_form_paste(struct app *app, struct money_form *mf,
				      enum ui_key_result (*key)(struct app *, enum action, int),
				      const char *text, size_t len)
{
	return ui_form_paste_keys(app, shown(mf) ? &mf->form : NULL, key, text, len);
}

/* The money-form scaffold (ui/money_form.c): what the forms that move money over an
 * account (spending bonus points, a transfer, a promised payment) share. A form is
 * a description (struct money_form_desc: its fields' labels, its amount's rule, the
 * API method, what it says) and a state (struct money_form); the scaffold owns the
 * accounts chosen and the choice fields that show them, the amount read by the one
 * number reader into integer kopecks (or points), the change through the one change
 * path with the intent's idempotency key (replayed after a lost answer, a new key
 * once the server may hold an answer for other content), the outcome kept for the
 * form that sent it, the keys, the cursor, a paste, and typed() and close(). The
 * form's file draws its own lines and says what its confirmation, its answer and its
 * refusals mean. */
#ifndef KABINET_UI_MONEY_FORM_H
#define KABINET_UI_MONEY_FORM_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/actions.h"
#include "kabinet/model/number.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/settle.h"

struct app;
struct account;
struct api_reply;
struct money_form;

/* The accounts a form works on (the source and the destination of a transfer). */
enum { MONEY_FORM_ACCOUNTS = 2, MONEY_FORM_FIELDS = MONEY_FORM_ACCOUNTS + 2 };

/* What a change in flight was for: its answer may come after the form closed, or
 * when it was opened again (gen). */
struct money_sent {
	struct money_form *mf;
	unsigned gen;
	char account[MONEY_FORM_ACCOUNTS][64];
	int64_t amount;
};

struct money_form_desc {
	const struct screen_ops *screen;
	enum action act;		/* the change's action (ACT_TRANSFER) */
	const char *method;		/* "transferFunds" */
	unsigned accounts;		/* how many accounts it works on: 1 or 2 */
	/* The fields, in this order: `choices` account choices (shown as text, not typed
	 * into; choice i shows account[i]), the amount, the button. */
	size_t choices;
	const char *labels[MONEY_FORM_FIELDS];	/* N_(): the choices', the amount's, the button's */
	struct number_rule rule;	/* the amount's kind and bounds as the form opens */
	unsigned moved;			/* UI_MOVED_*: what a change can have moved */
	bool anywhere;			/* ] and [ choose the first account from any field */
	bool check_typed;		/* the amount is checked as it is typed, not only as it is left */
	bool hold_busy;			/* while the change is under way the form stays as it was sent */
	size_t mismatch_field;		/* where an idempotency mismatch is said, */
	const char *mismatch_text;	/* and in what words (N_()) */
	const struct ui_key_doc *keys;	/* the help overlay's own keys */

	/* The form as it opens, after the fields (may be NULL). */
	void (*opened)(struct app *app, struct money_form *mf);
	/* As it closes (may be NULL). */
	void (*closed)(struct app *app, struct money_form *mf);
	/* The notes beside the fields beyond the choices' balances (may be NULL). */
	void (*notes)(struct app *app, struct money_form *mf);
	/* Whether the form is shown now (NULL: always); when not, off_key() takes the
	 * keys that are not Esc nor back, and the cursor and a paste have no field. */
	bool (*shown)(const struct money_form *mf);
	enum ui_key_result (*off_key)(struct app *app, struct money_form *mf, enum action act,
				      int key);
	/* ] [ (anywhere, or on a choice field: its index) chose another account: dir 1
	 * the next, -1 the previous. */
	void (*choose)(struct app *app, struct money_form *mf, size_t field, int dir);
	/* Beyond the rule, the amount against what the form knows (the points held, the
	 * source's balance): false with the reason in err (may be NULL). */
	bool (*check)(struct app *app, struct money_form *mf, int64_t amount, char *err,
		      size_t size);
	/* A choice field checked as it is left (may be NULL). */
	void (*left)(struct app *app, struct money_form *mf, size_t field);
	/* Before a send, the choices checked (their errors by money_form_error()); false
	 * stops the send without a word. */
	bool (*ready)(struct app *app, struct money_form *mf);
	/* The confirmation (c->question, c->detail), the body with mf->intent.key and the
	 * intent (c->intent) of sending amount. */
	void (*confirm)(struct app *app, struct money_form *mf, int64_t amount,
			struct ui_change *c);
	/* It was done: the bottom line and the balances it tells. */
	void (*done)(struct app *app, const struct money_sent *s, const struct api_reply *reply);
	/* The server said no (an idempotency mismatch is the scaffold's): true when it was
	 * told; a form checks money_form_ours(s) where the form is to show it. */
	bool (*refused)(struct app *app, const struct money_sent *s, const struct api_reply *reply);
	/* What the form shows is read again after an outcome not known (may be NULL). */
	void (*reread)(struct app *app, struct money_form *mf);
};

struct money_form {
	const struct money_form_desc *d;
	struct app *app;
	unsigned gen;			/* counts the forms opened */
	bool open;
	char account[MONEY_FORM_ACCOUNTS][64];
	struct number_rule rule;
	struct ui_field fields[MONEY_FORM_FIELDS];
	struct ui_form form;
	int cy, cx;
	struct pay_intent intent;
	struct money_sent last;		/* the content sent with the key */
	uint64_t print;			/* of the amount as the form opened or was filled */
};

/* Opens the form over the screen in front with a new intent (another copy of it in
 * front is closed first); false, said in the bottom line, when no key could be made. */
bool money_form_push(struct money_form *mf);
/* The account chosen i (NULL when none, or not in the list). */
const struct account *money_form_account(struct app *app, const struct money_form *mf,
					 unsigned i);
/* The account after the first one (dir 1) or before it (-1) becomes the first; false
 * when the profile has fewer than two. */
bool money_form_next_account(struct app *app, struct money_form *mf, int dir);
/* The choice fields show their accounts and balances, then the form's notes. */
void money_form_show(struct app *app, struct money_form *mf);
/* The amount typed, checked: false with the reason in err. */
bool money_form_amount_of(struct app *app, struct money_form *mf, int64_t *out, char *err,
			  size_t size);
/* The amount field holds k as it is typed back (550, 550,50 / 550.50), with the
 * focus; what the form holds then is what it opened with. */
void money_form_fill(struct money_form *mf, int64_t k);
/* A reason next to a field, the focus on it. */
void money_form_error(struct money_form *mf, size_t field, const char *text);
/* Whether a change's outcome is for the form open now. */
bool money_form_ours(const struct money_sent *s);
/* What a change can have moved is read again (s's accounts). */
void money_form_moved(struct app *app, const struct money_sent *s);
/* Draws the fields from row y, the cursor kept; returns the rows used. */
int money_form_draw_fields(struct money_form *mf, WINDOW *pane, int y, int rows, int cols);

/* The screen's callbacks. */
void money_form_open(struct app *app, struct money_form *mf);
void money_form_close(struct app *app, struct money_form *mf);
enum ui_key_result money_form_key(struct app *app, struct money_form *mf, enum action act,
				  int key);
bool money_form_cursor(const struct money_form *mf, int *y, int *x);
bool money_form_typed(const struct money_form *mf);
bool money_form_accepts(struct app *app, const struct money_form *mf, enum action act);
enum ui_paste_result money_form_paste(struct app *app, struct money_form *mf,
				      enum ui_key_result (*key)(struct app *, enum action, int),
				      const char *text, size_t len);

/* The callbacks of a screen_ops for the form held in the file's static `mf`:
 * MONEY_FORM_CALLBACKS(mf) defines mf_open, mf_close, ... and MONEY_FORM_OPS(mf)
 * names them in the screen's initializer, beside its name, title, keymap, draw,
 * reload and hints. */
#define MONEY_FORM_CALLBACKS(mf)                                                        \
	static void mf##_open(struct app *app) { money_form_open(app, &mf); }           \
	static void mf##_close(struct app *app) { money_form_close(app, &mf); }         \
	static enum ui_key_result mf##_key(struct app *app, enum action act, int key)   \
	{                                                                               \
		return money_form_key(app, &mf, act, key);                              \
	}                                                                               \
	static bool mf##_cursor(struct app *app, int *y, int *x)                        \
	{                                                                               \
		(void)app;                                                              \
		return money_form_cursor(&mf, y, x);                                    \
	}                                                                               \
	static bool mf##_typed(struct app *app)                                         \
	{                                                                               \
		(void)app;                                                              \
		return money_form_typed(&mf);                                           \
	}                                                                               \
	static bool mf##_accepts(struct app *app, enum action act)                      \
	{                                                                               \
		return money_form_accepts(app, &mf, act);                               \
	}                                                                               \
	static const struct ui_key_doc *mf##_own_keys(struct app *app)                  \
	{                                                                               \
		(void)app;                                                              \
		return mf.d->keys;                                                      \
	}                                                                               \
	static enum ui_paste_result mf##_paste(struct app *app, const char *text,       \
						size_t len)                             \
	{                                                                               \
		return money_form_paste(app, &mf, mf##_key, text, len);                 \
	}

#define MONEY_FORM_OPS(mf)                                                              \
	.text_input = true, .open = mf##_open, .close = mf##_close, .key = mf##_key,    \
	.cursor = mf##_cursor, .typed = mf##_typed, .accepts = mf##_accepts,            \
	.own_keys = mf##_own_keys, .paste = mf##_paste

#endif

/* The terminal engine: screens behind struct screen_ops (one per file), the layout
 * and the event loop, and the drawing helpers every screen uses (one width function,
 * the line editor, forms, the confirmation dialog). Screens never call curses
 * refresh functions or the network loop themselves; the engine does. */
#ifndef KABINET_UI_H
#define KABINET_UI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>

#include "kabinet/actions.h"
#include "kabinet/keys.h"

#include "kabinet/config.h"
#include "kabinet/intents.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/text.h"

struct app;

enum ui_key_result {
	UI_PASS,	/* not the screen's: the engine runs the action */
	UI_DONE,	/* handled */
};

/* A key hint of the bottom line: the action's first key and a short label. */
struct ui_hint {
	enum action act;
	const char *label;	/* N_() */
};

/* A key a screen reads itself rather than through an action of its keymap (Space on
 * a checkbox, digits in an amount), for the help overlay; or, with act set, what an
 * action of the keymap does on this screen (F5 sends a new code): the action's line
 * says `what` instead, with its keys (`keys` NULL) or these. */
struct ui_key_doc {
	const char *keys;	/* N_(): "Space", "Left, Right" */
	const char *what;	/* N_() */
	enum action act;	/* ACT_NONE, or the action this line stands for */
};

/* One screen. The engine calls these and nothing else of the screen.
 * draw() gets the main pane already erased; key() gets the raw key and the action
 * the screen's keymap gives it (ACT_NONE when unbound), so form screens can take
 * letters before the keymap does. tick() runs on every turn of the loop and returns
 * how soon (ms) it wants to run again, or -1; cursor() says where the terminal
 * cursor goes (false hides it). Optional members may be NULL. */
struct screen_ops {
	const char *name;		/* as its keymap is named: "overview" */
	const char *title;		/* N_("Overview"): the menu and the top line */
	enum keymap keymap;
	bool top_level;			/* `back` here asks whether to quit */
	bool text_input;		/* letters go into its fields, not to bindings */
	void (*open)(struct app *app);
	void (*close)(struct app *app);
	void (*draw)(struct app *app, WINDOW *pane, int rows, int cols);
	enum ui_key_result (*key)(struct app *app, enum action act, int key);
	void (*reload)(struct app *app);	/* r / F5 */
	int (*tick)(struct app *app);
	bool (*cursor)(struct app *app, int *y, int *x);
	const struct ui_hint *hints;	/* ends with { ACT_NONE, NULL } */
	/* When set, the hints of the moment instead (a screen with steps). */
	const struct ui_hint *(*hints_now)(struct app *app);
	/* Search: `text` after /, NULL for n and N; dir 1 forward, -1 back. NULL: the
	 * screen has nothing to search. */
	void (*search)(struct app *app, const char *text, int dir);
	/* Whether the form holds text typed here (not only what it was opened with) that
	 * closing it would throw away: then Esc, q, Ctrl-C, another screen, a logout or a
	 * quit ask "Discard what you typed?" first. NULL: nothing is ever typed here. */
	bool (*typed)(struct app *app);
	/* Whether it takes the action now (NULL: every action of its keymap): the bottom
	 * line's hints and the help overlay list only what it takes (ui_accepts). */
	bool (*accepts)(struct app *app, enum action act);
	/* The keys it reads itself (ends with { NULL, NULL, ACT_NONE }), listed first in
	 * the help overlay. May be NULL. */
	const struct ui_key_doc *(*own_keys)(struct app *app);
	/* Whether letters type now (a form open over a list); NULL: text_input says.
	 * The help then lists no key that types for an action. */
	bool (*typing)(struct app *app);
	/* Pasted text for the focused field (see ui_form_paste); NULL: the screen has no
	 * text field, and a paste is dropped. */
	enum ui_paste_result (*paste)(struct app *app, const char *text, size_t len);
};

/* What the help overlay and the bottom line offer (help.c), so that the two cannot
 * drift apart: whether screen s takes act now (its accepts(); a search needs a screen
 * that searches). */
bool ui_accepts(struct app *app, const struct screen_ops *s, enum action act);
/* The same, and act is not a change refused now (read-only, cached figures): what the
 * bottom line's hints show. The help lists such a change as refused. */
bool ui_offers(struct app *app, const struct screen_ops *s, enum action act);
/* A form's accepts(): moving between the fields, Enter, Esc, help, redraw, the
 * command line, quit (a form that reads F5 says so in its own). */
bool ui_form_accepts(struct app *app, enum action act);
/* A screen of lists with no fields: every action of its keymap but moving between
 * fields. */
bool ui_list_accepts(struct app *app, enum action act);
/* A form's own keys: typing, `?` off a text field. */
const struct ui_key_doc *ui_form_own_keys(struct app *app);
/* Whether letters type on screen s now (text_input, or its typing()): the help, the
 * hints and the bottom line name no key that types there. */
bool ui_types(struct app *app, const struct screen_ops *s);
/* The own keys of a one-time code step: digits, F5 for a new code, Esc back. */
const struct ui_key_doc *ui_code_own_keys(struct app *app);
/* The own keys of a wizard's step: typing, Enter on, Esc back, `?`; the code step's
 * when code_step. */
const struct ui_key_doc *ui_wizard_own_keys(struct app *app, bool code_step);

extern const struct screen_ops login_screen;
extern const struct screen_ops overview_screen;
extern const struct screen_ops tariffs_screen;
extern const struct screen_ops help_screen;
extern const struct screen_ops accounts_screen;
extern const struct screen_ops account_screen;
extern const struct screen_ops attach_screen;
extern const struct screen_ops autopay_screen;
extern const struct screen_ops support_screen;
extern const struct screen_ops profile_screen;

struct account;
/* Screen 2 with an account's details over it (Enter on the overview). */
void accounts_show(struct app *app, const char *account_id);
/* The details of an account, over the screen in front. */
void account_show(struct app *app, const char *account_id);
/* Whether the details in front are that account's. */
bool account_shows(const char *account_id);
/* Asks to detach the account (a confirmation naming it, its region and services). */
void accounts_detach(struct app *app, const struct account *a);
/* An account was attached (or may have been: id "") or detached: the list is read
 * again, the account selected, and the balances the list lacks are read. */
void accounts_changed(struct app *app, const char *account_id);

/* Opens screen 3 on a service (Enter on a service of screen 2). */
void tariffs_show_service(struct app *app, const char *service_id);

/* --- screen 4, Payments, and the forms over it --- */

extern const struct screen_ops payments_screen;

/* The top-up form (pay.c) over the screen in front: account_id (NULL: none picked
 * yet) picked with `amount` kopecks (0: its recommended payment). */
void pay_show(struct app *app, const char *account_id, int64_t amount);
/* `:pay NUMBER AMOUNT` and `p`: the form with that account (by number) and amount. */
void pay_show_number(struct app *app, const char *number, int64_t amount);
/* Binding a card (pay.c): the new card form, then 3-D Secure when asked; `done` runs
 * (may be NULL) once a card was bound. */
void pay_bind_card(struct app *app, void (*done)(struct app *app));
/* Where a form that moves money starts (a transfer, a promise, points): refused under
 * read-only with act's name, else the account asked for (NULL: the first one); NULL,
 * said in the bottom line, when the form is not to open. */
const struct account *pay_form_account(struct app *app, enum action act, const char *account_id);
/* One idempotency key per intent of a form that moves money (pay.c): kept while the
 * intent is the same, so that a repeat finds the server's first answer; new for a new
 * form, after a final outcome, or when the content changed of a key the server may hold
 * an answer for. */
struct pay_intent {
	char key[PAY_KEY_SIZE];	/* "" when no randomness could be had */
	bool stored;		/* the server may hold an answer for the key */
	bool unknown;		/* sent, and no answer says what became of it */
	bool held;		/* recorded on disk and held by this form (settle.c) */
};
/* A new intent: a fresh key, nothing stored; the old one, if it was sent and not
 * settled, is left to settle.c (ui_intent_leave). */
void pay_intent_new(struct pay_intent *in);
/* Before a send: a new key when there is none, or when `changed` and the server may
 * hold an answer for the old one. False, said in the bottom line, when no key could be
 * made (then nothing is to be sent). */
bool pay_intent_ready(struct pay_intent *in, bool changed);

/* --- what a change moved (moved.c) --- */

/* What a change can have changed, for ui_moved(): */
#define UI_MOVED_BALANCES 0x01u	/* the accounts' balances only (a form's r) */
#define UI_MOVED_MONEY	  0x02u	/* money moved on the accounts: their balances and promised
				 * payments, the history, their invoices, the services debt
				 * blocked, autopay's next runs */
#define UI_MOVED_BONUS	  0x04u	/* the bonus points */
#define UI_MOVED_ACCOUNTS 0x08u	/* the list of accounts (attached: account_ids[0], if known) */
#define UI_MOVED_CARDS	  0x10u	/* the bound cards */
/* A change was done, or may have been (no answer came): what it can have changed is
 * read again, on every screen that shows it — now on a screen that is open (in front,
 * or under the form), and fresh when one that is not opens. The done() and settle()
 * of every change call it. */
void ui_moved(struct app *app, unsigned what, const char *const *account_ids, size_t n);
/* The screens' parts of it. A new balance of the account: the overview measures its
 * row again (a promised payment needs its column). */
void overview_moved(struct app *app, const char *account_id);
/* Screen 4, when open: the history's first page and its count are read again
 * (`history`), or a new balance is measured in its column. */
void payments_moved(struct app *app, bool history);
/* The invoices of the account, when they are open, are read again (paid now?). */
void invoices_moved(struct app *app, const char *account_id);
/* The bound cards, when they are open, are read again. */
void cards_moved(struct app *app);

/* A new card's fields in a form (pay_card.c): four ui_fields in this order, which the
 * form holds among its own. */
enum pay_card_field { PAY_PAN, PAY_EXP, PAY_CVC, PAY_HOLDER, PAY_CARD_FIELDS };
struct new_card;
struct ui_field;
struct ui_edit;
void pay_card_init(struct ui_field *card);
/* After a key changed field `which`: the number regrouped in fours with its system in
 * the note, the expiry's slash put in. */
void pay_card_typed(struct ui_field *card, int which);
/* Checks field `which` as it is left; false with the reason in its error. */
bool pay_card_check(struct ui_field *card, int which);
/* The card for one request (wipe it after), and its mask for people. */
void pay_card_read(const struct ui_field *card, struct new_card *out);
void pay_card_mask(const struct ui_field *card, char *out, size_t size);
/* Wipes the CVC, or with `all` every field of the card. */
void pay_card_wipe(struct ui_field *card, bool all);
/* The digits of an editor (a card number without its spaces). */
void pay_digits(const struct ui_edit *e, char *out, size_t size);

/* Sub-screens of screen 4 (payments_cards.c, payments_invoices.c, payments_transfer.c, payments_promised.c); each works
 * in the payments keymap. account_id NULL: the first account. */
void cards_show(struct app *app);
void invoices_show(struct app *app, const char *account_id);
void transfer_show(struct app *app, const char *from_account_id);
void promised_show(struct app *app, const char *account_id);
/* Runs an action of the payments keymap from any of its screens (p, t, P, b, c, i)
 * for the account in question (may be NULL); false when act is not one of them. */
bool payments_run(struct app *app, enum action act, const char *account_id);

/* --- money intents that outlive their forms (settle.c, intents.h) --- */

struct intent;
/* Before the first send of a money change (the change path calls it): the intent,
 * with pi's key, is written to the state directory and held by this process (pi->held:
 * the form's reference; one more for the send, let go by ui_intent_sent). False, said
 * in the bottom line, when it could not be written: then nothing is to be sent. */
bool ui_intent_begin(struct app *app, struct pay_intent *pi, struct intent *in);
/* in takes pi's key and the time it was first sent (now when it never was). */
void ui_intent_recall(struct app *app, const struct pay_intent *pi, struct intent *in);
/* The send of ui_intent_begin() is over (answered, or given up). */
void ui_intent_sent(const char *key);
/* An answer of the server settled it (done, declined, refused): forgotten on disk. */
void ui_intent_settled(struct app *app, const char *key);
/* createPayment or bindCard answered PENDING_3DS: the payment's id is kept with it. */
void ui_intent_pending(struct app *app, const char *key, const char *payment_id);
/* The form holding pi closes or takes a new key (app NULL: the last one seen): an
 * intent still unsettled is said in the bottom line and asked about now. */
void ui_intent_leave(struct app *app, struct pay_intent *pi);
/* Asks about every unsettled intent of this server and login that no process holds:
 * at the start, when screen 4 or a money form opens, on r. Nothing under read-only or
 * without a session. */
void ui_intents_settle(struct app *app);
/* Another unsettled intent of like's kind touching one of its accounts (like's own key
 * aside), into *out. */
bool ui_intent_unsettled(struct app *app, const struct intent *like, struct intent *out);
/* An intent of this kind waiting for the bank's code (it has a payment id), for that
 * account (NULL or "": any), into *out. */
bool ui_intent_waiting_code(struct app *app, enum intent_kind kind, const char *account_id,
			    struct intent *out);
/* Fills an intent for the change path: its kind, the source (transfers; else NULL),
 * the accounts with their amounts (kopecks, or points), the card's mask (or NULL);
 * the accounts' numbers are taken from the app. The key and time come at the send. */
void ui_intent_make(struct app *app, struct intent *in, enum intent_kind kind,
		    const char *from_id, const struct pay_item *items, size_t n,
		    const char *card_mask);
/* A form takes over an intent sent earlier (one waiting for its code): pi gets its
 * key and holds it. False, said in the bottom line, when it was settled meanwhile or
 * another kabinet holds it. */
bool ui_intent_adopt(struct app *app, struct pay_intent *pi, const struct intent *in);
/* "55,00 ₽ to 740000000003 at 14:32", "Transfer of ...": the intent for people. */
void ui_intent_words(const struct intent *in, char *buf, size_t size);
/* The line of the intent's notice ("...: paid"); false when it has none. */
bool ui_intent_notice(const char *key, char *buf, size_t size);
/* Draws the notices of this run, newest first, from row y up to rows; returns the rows
 * used. How many there are: ui_intents_shown(). */
int ui_intents_draw(struct app *app, WINDOW *w, int y, int rows, int cols);
size_t ui_intents_shown(void);

/* --- screen 5, Autopay (autopay.c, autopay_form.c) --- */

struct ap_rule;
struct ap_rules;
struct ap_account_state;
/* The create wizard (rule NULL: account, kind, figures, card) or the edit form of a
 * rule (figures, card), over screen 5; refused under read-only. */
void autopay_form_show(struct app *app, const struct ap_rule *rule);
/* Screen 5's rules as last read (empty before the first answer). */
const struct ap_rules *autopay_rules(void);
/* What billing will see of an account (its balance, fee, the server's today); false
 * while it is not known. */
bool autopay_account_state(struct app *app, const char *account_id,
			   struct ap_account_state *out);
/* A rule was created or changed: screen 5 reads its rules again. */
void autopay_changed(struct app *app);

/* --- screen 6, Bonus (bonus.c), and the form that spends points (bonus_spend.c) --- */

extern const struct screen_ops bonus_screen;
/* The program's status is read again when screen 6 is open (points were spent, or
 * may have been); false when it is not open. */
bool bonus_reload(struct app *app);
/* The form that spends points on an account (account_id NULL: the first), over the
 * screen in front; refused under read-only. */
void bonus_spend_show(struct app *app, const char *account_id);

/* --- screen 7, Support (support.c), and its form (support_form.c) --- */

struct request;
/* The form of a new request (r NULL) or of a reply to r, over the screen in front. */
void support_form_show(struct app *app, const struct request *r);
/* A request as the server now has it (created, answered, closed): the list and the
 * thread show it; `opened` shows its thread. */
void support_changed(struct app *app, const struct request *r, bool opened);
/* Something was sent and no answer came: the list is read again. */
void support_reload(struct app *app);
/* What was read (support_seen.c), per server (host) and request: whether an answer of
 * support came after the request was last opened; its messages up to now are read. */
bool support_unread(const char *host, const struct request *r);
void support_mark_read(const char *host, const struct request *r);

/* --- the engine (engine.c) --- */

/* What needs drawing again. */
#define UI_DIRTY_TOP	0x1u
#define UI_DIRTY_MENU	0x2u
#define UI_DIRTY_PANE	0x4u
#define UI_DIRTY_BOTTOM	0x8u
#define UI_DIRTY_ALL	0xfu

enum ui_msg {
	UI_MSG_INFO,
	UI_MSG_WARNING,
	UI_MSG_ERROR,
};

/* Starts the terminal, runs the loop with `first` in front until quit, restores the
 * terminal. `warnings` (may be NULL) are shown in the bottom line after start.
 * Returns the exit status (0, or 1 when the terminal could not start). */
int ui_run(struct app *app, const struct screen_ops *first, const char *const *warnings,
	   size_t nwarnings);
/* Replaces the whole stack of screens with `s` (login -> overview). */
void ui_switch(const struct screen_ops *s);
/* Puts `s` over the current screen (help); ui_pop() takes it away. */
void ui_push(const struct screen_ops *s);
void ui_pop(void);
/* The screen in front, and the one under it (NULL at the bottom). */
const struct screen_ops *ui_front(void);
const struct screen_ops *ui_below(void);
void ui_dirty(unsigned what);
/* The message of the bottom line; it stays until the next one. */
void ui_message(enum ui_msg kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_clear_message(void);
/* The same when the message is only information (not a warning or an error). */
void ui_clear_info_message(void);
/* Runs an action of the engine's (screens, help, quit, ...). Actions that change
 * something are refused under read_only, before any request. */
void ui_action(struct app *app, enum action act);
/* Runs an action as if its key were pressed on the screen in front (the : prompt):
 * the screen first, then the engine; refused under read_only the same way. */
void ui_run_action(struct app *app, enum action act);
/* After a config line ran (:set, :bind, :color): colors, the language, the layout,
 * the request timeout. */
void ui_config_changed(struct app *app);
/* After `:set OPTION` changed an option: what it does in a running session (a new
 * server logs out first and asks for a login there; read_only turns on for good; the
 * login form takes login and remember), then ui_config_changed(). What cannot change
 * in a running session was refused before it was stored. */
void ui_option_changed(struct app *app, const char *option);
/* Ends the loop after this turn with the exit status. */
void ui_quit(int status);
/* Restores the terminal; safe to call more than once and before ui_run. The first
 * thing any fatal path calls. */
void ui_restore_terminal(void);
/* Restores the terminal, prints the message to stderr and exits with status 1. */
void ui_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* While a "Discard what you typed?" answered yes runs: what closes now was thrown
 * away on purpose (a form's close drops its draft instead of keeping it). */
bool ui_discarding(void);
/* A key that would throw away what the screen in front holds (its typed()), in a
 * place that is not a pop of the screen (those ask by themselves): asks first and
 * returns true (the key is done for now; yes runs it again, confirmed). False when
 * nothing would be lost or it was confirmed: go on. */
bool ui_discard_ask(struct app *app, enum action act, int key);

/* A confirmation dialog over the screen: `question` and the lines of `detail`
 * (may be NULL). done() runs once with the answer. */
typedef void (*ui_confirm_fn)(struct app *app, bool yes, void *ud);
void ui_confirm(const char *question, const char *detail, bool default_yes, ui_confirm_fn done,
		void *ud);
/* A dialog that only tells: `title`, the lines of `detail`, one button that closes it
 * (Enter, Esc, q). */
void ui_dialog_info(const char *title, const char *detail);

/* The menu of screens: every screen of the product in order. */
struct ui_menu_item {
	enum action act;		/* screen-overview, ... */
	const char *title;		/* N_() */
	const struct screen_ops *ops;
};
const struct ui_menu_item *ui_menu(size_t *count);

/* --- drawing (draw.c) --- */

enum ui_align { UI_LEFT = TEXT_LEFT, UI_RIGHT = TEXT_RIGHT, UI_CENTER = TEXT_CENTER };

/* How the screen folds text to ASCII (text.h): everything when the environment's
 * locale is not UTF-8, the symbols under `set ascii_only`, nothing otherwise. Every
 * string drawn goes through text.c with these flags, so server text is made safe
 * (controls, escapes, bidi overrides, bad UTF-8) on its one way to the terminal. */
unsigned ui_text_flags(void);
/* Columns the UTF-8 text takes on the terminal, as drawn (see text_width). Never
 * strlen. */
int ui_width(const char *s);
/* Fits UTF-8 text into exactly `cols` columns: trims at a character boundary with an
 * ellipsis when too wide, pads with spaces as `align` says. Writes NUL-terminated
 * UTF-8 to out (cut at a character boundary when out is too small) and returns the
 * columns it takes. cols <= 0 gives "". */
int ui_fit(const char *s, int cols, enum ui_align align, char *out, size_t size);
/* The same, without padding: trims only. */
int ui_trim(const char *s, int cols, char *out, size_t size);
/* Draws text fitted into `cols` columns at y, x with the area's style; clips at
 * the window's edge. Returns the columns drawn. */
int ui_put(WINDOW *w, int y, int x, int cols, enum ui_align align, enum color_area area,
	   const char *s);
/* Text of several lines (a message, a reason) in `cols` columns from y: broken between
 * words and at newlines, at most `rows` rows, the last one cut when more is left.
 * Returns the rows used (with w NULL, the rows it would use, drawing nothing). */
int ui_put_wrapped(WINDOW *w, int y, int x, int cols, int rows, enum color_area area,
		   const char *s);
/* The same with explicit attributes and color pair (a highlighted negative figure). */
int ui_put_attr(WINDOW *w, int y, int x, int cols, enum ui_align align, attr_t attr, short pair,
		const char *s);
/* The attributes (color pair and A_*) of an area: colors only when the terminal has
 * them, NO_COLOR is unset or empty and `set color` is on. */
attr_t ui_attr(enum color_area area);
short ui_pair(enum color_area area);
void ui_style(WINDOW *w, enum color_area area);
/* (Re)builds the color pairs from the config; after :color and :set color. */
void ui_colors_init(void);
bool ui_colors_on(void);
/* Money for the screen: 1 234,56 ₽ / 1,234.56 RUB (drawn as 1 234,56 RUB under
 * ascii_only). */
char *ui_money(int64_t kopecks, char *buf, size_t size);
/* A date (YYYY-MM-DD, or an RFC 3339 instant) in the interface's language:
 * 27.11.2026 / Nov 27, 2026; with `brief`, a date of this year without the year
 * (27.11 / Nov 27). Text that is no date is returned as it is. Returns buf. */
char *ui_date(const char *iso, bool brief, char *buf, size_t size);
/* An integer with group separators in the interface's language: 1 250 / 1,250. */
char *ui_number(int64_t n, char *buf, size_t size);
/* "…", or "~" when text is folded to ASCII; a horizontal line. */
const char *ui_ellipsis(void);
void ui_hline(WINDOW *w, int y, int x, int cols);
/* A box around the window's edge (ACS, or ASCII under ascii_only). */
void ui_box(WINDOW *w);

/* --- the line editor, forms and dialogs (dialog.c) --- */

#define UI_EDIT_MAX 512

struct ui_edit {
	wchar_t buf[UI_EDIT_MAX + 1];
	size_t len, cur;	/* in characters */
	size_t max;		/* accepted length; 0 means UI_EDIT_MAX */
	int scroll;		/* first column shown */
	bool masked;		/* draws a bullet per character */
	bool digits;		/* a code's field: takes only 0-9, beeps at anything else */
};

enum ui_edit_result {
	UI_EDIT_IGNORED,	/* not an editing key */
	UI_EDIT_MOVED,		/* the cursor moved */
	UI_EDIT_CHANGED,	/* the text changed */
};

/* A printable character key (KEYS_CHR with a code point >= space). */
bool ui_key_is_text(int key);
enum ui_edit_result ui_edit_key(struct ui_edit *e, int key);
void ui_edit_set(struct ui_edit *e, const char *utf8);
/* The text as UTF-8; returns its length in bytes (cut to fit size). */
size_t ui_edit_get(const struct ui_edit *e, char *out, size_t size);
/* Zeroes the text (passwords) and empties it. */
void ui_edit_wipe(struct ui_edit *e);
/* Draws the text into `cols` columns, scrolled to keep the cursor visible; returns
 * the cursor's column relative to x. */
int ui_edit_draw(WINDOW *w, int y, int x, int cols, struct ui_edit *e, enum color_area area);

enum ui_field_kind {
	UI_FIELD_TEXT,
	UI_FIELD_SECRET,	/* masked; the screen wipes it after use */
	UI_FIELD_TOGGLE,	/* [x] / [ ], Space toggles */
	UI_FIELD_BUTTON,	/* Enter presses it */
};

struct ui_field {
	enum ui_field_kind kind;
	const char *label;	/* N_() */
	struct ui_edit edit;
	bool on;		/* a toggle's state */
	bool hidden;		/* not drawn, not focused */
	bool disabled;		/* drawn dim, not focused (a button waiting for a countdown) */
	char text[160];		/* a button's text when set, instead of the label */
	char note[128];		/* after the field, dim: "phone number" */
	char error[256];	/* under the field, in the error style */
};

enum ui_form_result {
	UI_FORM_PASS,		/* not a form key */
	UI_FORM_HANDLED,
	UI_FORM_SUBMIT,		/* Enter on a text field or a button */
};

/* validate() runs when a field is left (focus moves away); it fills field->error. */
struct ui_form {
	struct ui_field *fields;
	size_t count;
	size_t focus;
	void (*validate)(struct ui_form *form, size_t index, void *ud);
	void *ud;
};

enum ui_form_result ui_form_key(struct ui_form *f, enum action act, int key);
/* Moves the focus to a field (skipping hidden and disabled ones forward). */
void ui_form_focus(struct ui_form *f, size_t index);
/* A field's text without the spaces around it (what a name or a contact is taken
 * as). */
void ui_field_text(const struct ui_field *f, char *out, size_t size);
/* Sets a field's error (server text made safe), or clears it with NULL. */
void ui_field_error(struct ui_field *f, const char *text);
/* Checks every field with the form's validate(), as if each were left; false with the
 * focus on the first one at fault. */
bool ui_form_check(struct ui_form *f);
/* The rows the form takes, and the row of its focused field among them. */
int ui_form_height(const struct ui_form *f, int *focus_row);
/* Draws the form at y, x in cols columns: label, field, note, error line; rows
 * outside the window (y may be negative: a form scrolled) are left out.
 * Returns the rows used; *cy, *cx get the cursor position of the focused field
 * (-1 when it shows no cursor). */
int ui_form_draw(WINDOW *w, int y, int x, int cols, const struct ui_form *f, int *cy, int *cx);
/* A fingerprint of what the form's text and secret fields hold (typed.c), the fields
 * whose bit is set in `skip` aside (choices shown as text): taken as the form opens,
 * compared for its typed(). ui_edit_print() adds one editor to a print begun with
 * UI_PRINT_START. */
#define UI_PRINT_START 14695981039346656037u
uint64_t ui_form_print(const struct ui_form *f, unsigned skip);
uint64_t ui_edit_print(uint64_t h, const struct ui_edit *e);
/* A money form's intent went to the server (its outcome settles by itself): what the
 * form holds was sent, and closing it loses nothing. */
struct pay_intent;
bool pay_intent_sent(const struct pay_intent *pi);

/* --- the multi-line editor (textarea.c) --- */

/* Text of several lines (a support request, a reply): wrapped between words to the
 * width it is drawn in, the cursor moved by characters (Left, Right), by the rows as
 * drawn (Up, Down, PgUp, PgDn; the column kept), to the row's ends (Home, End); Enter
 * puts in a new line. Tab and the rest are the caller's (ui_textarea_key says
 * IGNORED). `limit` is the API's limit in characters: the counter shows it, and
 * text up to four times longer may be typed (then the counter says how much is
 * over), so that what is too long is refused with the reason rather than cut. */
struct ui_textarea {
	wchar_t *buf;		/* len characters and a NUL; NULL while empty */
	size_t len, cap, cur;
	size_t limit;		/* characters the API takes */
	int width, page;	/* columns and rows of the last draw: Up/Down, PgUp/PgDn */
	size_t top;		/* the first row drawn */
	int goal;		/* the column Up and Down keep, -1 none */
};

/* A row as drawn: characters [from, to) of the text, without the newline. */
struct ui_ta_row {
	size_t from, to;
};

void ui_textarea_init(struct ui_textarea *t, size_t limit);
/* Zeroes and frees the text. */
void ui_textarea_free(struct ui_textarea *t);
void ui_textarea_set(struct ui_textarea *t, const char *utf8);
/* The text as UTF-8, malloc'ed (NULL when out of memory). */
char *ui_textarea_get(const struct ui_textarea *t);
enum ui_edit_result ui_textarea_key(struct ui_textarea *t, int key);
/* The rows of the text wrapped to `width` columns (at least one row), malloc'ed into
 * *rows; returns their number, 0 when out of memory. */
size_t ui_textarea_wrap(const struct ui_textarea *t, int width, struct ui_ta_row **rows);
/* The cursor's row and column in the text wrapped to `width`. */
void ui_textarea_cursor(const struct ui_textarea *t, int width, size_t *row, int *col);
/* "123 / 4000"; true when the text is over the limit. */
bool ui_textarea_counter(const struct ui_textarea *t, char *buf, size_t size);
/* Draws the text in the rectangle (y, x, rows, cols), scrolled to keep the cursor in
 * view; *cy, *cx get the cursor's place (when focused). */
void ui_textarea_draw(WINDOW *w, int y, int x, int rows, int cols, struct ui_textarea *t,
		      bool focused, int *cy, int *cx);

/* --- pastes (paste.c, textarea.c; the engine's side in input.c) --- */

/* What became of a paste (or of a burst of keys taken as one) a screen was given. */
enum ui_paste_result {
	UI_PASTE_NONE,		/* no text field has the focus: nothing taken, nothing said */
	UI_PASTE_TAKEN,		/* the text went in (a cut said in the bottom line) */
	UI_PASTE_SECRET,	/* a secret field has the focus: nothing taken, nothing said */
};
/* Into a one-line editor at its cursor: tabs and newlines become spaces, other controls
 * are left out, a code's field takes the digits only; cut at the field's length. */
enum ui_paste_result ui_edit_paste(struct ui_edit *e, const char *text, size_t len);
/* Into the focused field of a form: a text field as above, a secret one refuses. */
enum ui_paste_result ui_form_paste(struct ui_form *f, const char *text, size_t len);
/* Into the multi-line editor: tabs and newlines kept, cut at what it takes. */
enum ui_paste_result ui_textarea_paste(struct ui_textarea *t, const char *text, size_t len);
/* The same typed through the screen's own key function (ACT_NONE and each character),
 * so that what the screen does as a field is typed (a note, a check, a card number's
 * groups) is done: into `e`, which must be the field the keys go to; stops where the
 * field stops taking them. UI_PASTE_NONE when it took nothing. */
enum ui_paste_result ui_paste_keys(struct app *app, struct ui_edit *e,
				   enum ui_key_result (*key)(struct app *app, enum action act,
							     int key),
				   const char *text, size_t len);
/* The same into the focused field of `f` (NULL: none has the focus); a secret field
 * refuses, a toggle or a button takes nothing. */
enum ui_paste_result ui_form_paste_keys(struct app *app, struct ui_form *f,
					enum ui_key_result (*key)(struct app *app,
								  enum action act, int key),
					const char *text, size_t len);
/* The : and / line, as a one-line field. */
enum ui_paste_result ui_prompt_paste(const char *text, size_t len);
/* What is given next is a burst of typed keys, not a paste (on) or no more (off): only
 * a multi-line field (ui_textarea_paste) takes a burst as text; the one-line ones give
 * UI_PASTE_NONE, and the keys run as keys. */
void ui_paste_burst(bool on);
/* Whether the window is too small to show a screen (keys and pastes are ignored). */
bool ui_too_small(void);
/* The engine's side: the terminal's input read through the key sequence reader, the
 * Esc delay (`escdelay`), bracketed pastes and bursts given to the screen in front. */
void ui_input_start(void);
void ui_input_stop(void);
/* The bytes that turn bracketed paste off, for the fatal-signal path. */
const char *ui_input_off_seq(void);
/* How soon (ms) the loop must come back for a sequence cut short, or `timeout`. */
int ui_input_timeout(int timeout);
/* Reads what the terminal sent; keys go to on_key (false: stop reading). Returns how
 * many bytes came. */
int ui_input_read(struct app *app, bool (*on_key)(struct app *app, int key));

/* The accounts of a payment (pay_picks.c): every account of the profile, picked with
 * Space (up to 10), each with the amount typed for it, checked as it is typed. */
struct pay_pick {
	char id[64];
	bool on;
	struct ui_edit amount;
	char error[160];	/* why the amount is not taken */
};
struct pay_picks {
	struct pay_pick *items;
	size_t n, sel, top;
	bool amount_col;	/* the keys go into the selected account's amount */
};
/* One pick per account of the app; want_id (may be NULL) picked with want_amount
 * (0: its recommended payment, as every other account starts). */
void pay_picks_make(struct pay_picks *p, const struct app *app, const char *want_id,
		    int64_t want_amount);
void pay_picks_free(struct pay_picks *p);
/* The amount of a pick in kopecks; false with the reason in its error. */
bool pay_pick_amount(struct pay_pick *pk, int64_t *out);
/* How many are picked, the total of their amounts, whether every amount is good. */
size_t pay_picks_total(const struct pay_picks *p, int64_t *total, bool *all_ok);
/* The ids of the accounts picked, up to max (what a payment moves money on). */
size_t pay_picks_ids(const struct pay_picks *p, const char **ids, size_t max);
/* The list from row y, the total on the last row; where the cursor goes. */
void pay_picks_draw(struct pay_picks *p, struct app *app, WINDOW *w, int y, int rows, int cols,
		    int *cy, int *cx);
/* A key; *next when Enter found every amount good. */
enum ui_key_result pay_picks_key(struct pay_picks *p, enum action act, int key, bool *next);

/* The 3-D Secure step (pay_code.c): the code of a PENDING_3DS payment, the attempts
 * left, the countdown; a lost answer settled with getPayment. outcome() gets the
 * payment as the bank left it (SUCCEEDED or DECLINED; PENDING_3DS again only when the
 * step is not in front). */
struct pay_code {
	struct payment pay;
	struct ui_field field;
	struct ui_form form;
	int left;			/* attempts */
	time_t until;			/* the code's end */
	bool active;			/* the step is in front (its owner says) */
	int settle_tries;		/* getPayment asked; keys wait meanwhile */
	time_t settle_at;		/* when to ask again; 0: not */
	bool ask_again;			/* Enter asks rather than sends the code */
	bool sent;			/* a code went to the bank for this payment */
	enum action act;		/* pay or bind-card: what read-only refuses */
	void (*outcome)(struct app *app, const struct payment *p);
};
void pay_code_init(struct pay_code *c, enum action act,
		   void (*outcome)(struct app *app, const struct payment *p));
/* A payment waits for its code (a new one gets three attempts and five minutes). */
void pay_code_start(struct pay_code *c, const struct payment *p);
void pay_code_draw(struct pay_code *c, WINDOW *w, int rows, int cols, int *cy, int *cx);
enum ui_key_result pay_code_key(struct pay_code *c, struct app *app, enum action act, int key);
/* The countdown and the asking; how soon to call again (ms), or -1. */
int pay_code_tick(struct pay_code *c, struct app *app);
void pay_code_wipe(struct pay_code *c);

/* The : command line (prompt.c): open it, feed it keys while it is open, draw it
 * into the bottom line. Commands go through the shared config parser. */
void ui_prompt_open(void);
/* The same line for `/`: what is typed is a search, for the screen in front. */
void ui_prompt_open_search(void);
/* Searches the screen in front (text NULL: n/N), or says it has nothing to search. */
void ui_search(struct app *app, const char *text, int dir);
bool ui_can_search(void);
bool ui_prompt_active(void);
void ui_prompt_key(struct app *app, int key);
/* Returns the cursor's column. */
int ui_prompt_draw(WINDOW *w, int cols);

/* The confirmation dialog's state (dialog.c), run by the engine. */
bool ui_dialog_active(void);
void ui_dialog_key(struct app *app, enum action act, int key);
void ui_dialog_draw(int lines, int cols);
/* Opens it (ui_confirm() in the engine calls this). */
void ui_dialog_open(const char *question, const char *detail, bool default_yes,
		    ui_confirm_fn done, void *ud);

/* --- the list view (list.c) --- */

#define UI_LIST_COLS_MAX 16

/* One column of a list. */
struct ui_col {
	const char *title;	/* N_() */
	enum ui_align align;
	int drop;		/* left out when narrow: the highest first; 0 never */
	int min;		/* may be cut down to this many columns before any goes; 0 never */
	int width;		/* a fixed width (no measuring), or 0 for the widest cell */
	bool whole;		/* a figure: shown whole, or as an ellipsis, never cut */
	bool (*hidden)(void *ud);	/* may be NULL: left out while it says so */
	/* Goes with the column before it (a "±" after its figure): left out whenever that
	 * one is, so that no column stands under a heading that does not say what it is,
	 * and while no row has anything in it. */
	bool with_prev;
};

/* What the screen tells the list about its rows. */
struct ui_list_ops {
	/* The text of a cell (made safe when drawn). */
	void (*cell)(void *ud, size_t row, int col, char *buf, size_t size);
	/* The color area of a cell, or AREA_DEFAULT; may be NULL. */
	enum color_area (*area)(void *ud, size_t row, int col);
	/* A row the screen draws whole (a heading over a group): true when it did; may be
	 * NULL. Its cells are not measured when heading() says it is one. */
	bool (*draw_row)(void *ud, WINDOW *w, int y, int cols, size_t row, bool selected);
	bool (*heading)(void *ud, size_t row);
	/* More text a search finds the row by (a heading's), or NULL. */
	void (*search_text)(void *ud, size_t row, char *buf, size_t size);
	/* A shorter text of a cell ("Card pmt" for "Card payment"), drawn when the full one
	 * does not fit its column; buf left empty when there is none; may be NULL. A column
	 * with such texts is cut no narrower than the widest of them. */
	void (*brief)(void *ud, size_t row, int col, char *buf, size_t size);
};

struct ui_list {
	const struct ui_col *cols;
	int ncols;
	const struct ui_list_ops *ops;
	void *ud;
	size_t n;		/* rows */
	size_t sel;		/* the selected row */
	size_t top;		/* the first row shown */
	int page;		/* rows shown at the last draw */
	bool inactive;		/* another list of the screen has the keys: the selection
				 * is not drawn */
	char pattern[256];	/* the last search */
	/* The widest cell of each column, of rows 0 .. measured-1. */
	int natural[UI_LIST_COLS_MAX];
	size_t measured;
	bool measure_valid;
	unsigned measure_flags;
	const char *measure_lang;
	/* The widest brief text of each column (0: none), of rows 0 .. measured-1. */
	int brief_w[UI_LIST_COLS_MAX];
	/* Whether any of those rows has text in the column (a companion with none goes). */
	bool filled[UI_LIST_COLS_MAX];
};

void ui_list_init(struct ui_list *l, const struct ui_col *cols, int ncols,
		  const struct ui_list_ops *ops, void *ud);
/* The number of rows; `appended` when the rows before are as they were (a page more of
 * a history), so that only the new ones are measured. The selection stays in range. */
void ui_list_set_rows(struct ui_list *l, size_t n, bool appended);
/* What the rows show changed: measured again at the next draw. */
void ui_list_changed(struct ui_list *l);
/* One row changed (a figure came): only it is measured; a column grows, never
 * shrinks, until the next ui_list_changed(). */
void ui_list_row_changed(struct ui_list *l, size_t row);
/* Draws the headings at y and the rows under them, in `rows` rows and `cols` columns
 * of w; returns the rows used. Asks for the cells of the rows shown only. */
int ui_list_draw(struct ui_list *l, WINDOW *w, int y, int rows, int cols);
/* Moves the selection for j/k, PgUp/PgDn, g/G; false for any other action. */
bool ui_list_key(struct ui_list *l, enum action act);

enum ui_search_result { UI_SEARCH_FOUND, UI_SEARCH_WRAPPED, UI_SEARCH_NONE, UI_SEARCH_EMPTY };
/* Selects the next row (dir >= 0) or the previous one whose text has `text` in it,
 * as it is or as drawn (transliterated on a terminal that is not UTF-8), ignoring
 * case (Cyrillic too, ё as е): match.h. text NULL repeats the last search (n/N); a new
 * search may match the selected row. Goes on from the other end when `wrap`. */
enum ui_search_result ui_list_search(struct ui_list *l, const char *text, int dir, bool wrap);
/* Says the outcome in the bottom line. */
void ui_list_search_say(const struct ui_list *l, enum ui_search_result r, int dir);

/* --- loading a screen's data (loader.c) --- */

struct api_reply;

/* A screen's loader: it says what a reply means (done), names a request for a
 * failure (what) and marks the row a failed request was for (failed_item); the loader
 * keeps the rest. Replies of an older load (ui_load_begin again, ui_load_drop) are
 * dropped; an ended session goes back to the login form; the first failure, with what
 * it was for, stays until the next load. */
struct ui_loader {
	void (*done)(struct app *app, int kind, const char *key, const struct api_reply *reply);
	void (*what)(struct app *app, int kind, const char *key, char *buf, size_t size);
	void (*failed_item)(struct app *app, int kind, const char *key);	/* may be NULL */

	unsigned gen;
	int pending;		/* requests of this load in flight */
	bool failed;		/* something of this load failed */
	bool cancelled;		/* the first failure was Esc */
	int nfailed;
	char error[512];	/* the first failure: "what: why" */
	int ntransient;		/* failures of them that were faults (retried) */
	int ndone;		/* replies of this load taken without a failure */
	char fault[512];	/* why the last fault happened */
	/* Reads that failed for the network's or the server's sake (ui_load_transient),
	 * waiting to be sent again by the retry below; loader.c's own. */
	struct load_req *again;
	struct ui_loader *next_waiting;
};

/* A new load: what is still in flight of the old one is dropped when it comes. */
void ui_load_begin(struct ui_loader *l);
/* The screen is closed: replies in flight find nobody. */
void ui_load_drop(struct ui_loader *l);
/* Asks for something (a read); `body` (JSON text, may be NULL when out of memory) is
 * wiped and freed. `kind` and `key` (an id, may be NULL) come back to done(). */
bool ui_load_call(struct app *app, struct ui_loader *l, const char *method, char *body, int kind,
		  const char *key);
/* The tariff names of every service of app->accounts, in batches of 100; each batch
 * comes back to done() with `kind`. */
void ui_load_tariff_names(struct app *app, struct ui_loader *l, int kind);
/* A reply done() could not understand (the model's reason). */
void ui_load_bad_reply(struct app *app, struct ui_loader *l, int kind, const char *key,
		       const char *why);
/* Notes a failure ("what: text"; a cancel is told as itself). */
void ui_load_fail(struct ui_loader *l, const char *what, const char *text, bool cancelled);
/* Every reply of this load is in, and none failed. */
bool ui_load_complete(const struct ui_loader *l);
/* The line that says what failed and how to try again; "" when nothing failed. */
const char *ui_load_status(const struct ui_loader *l, char *buf, size_t size);
/* The one rule for a screen's header line (its title or count): it never says "0"
 * nor "loading..." once the load failed, nor presents figures a failed load kept as
 * current. `shown`: the screen shows figures (of this load or kept from an older one);
 * `title` names what is loaded ("Support requests"; NULL: the state alone); `figures`
 * is the header while all is well ("3 requests"). The result, in buf:
 *   nothing shown, loading:         "title — loading..."
 *   nothing shown, the load failed: "title — could not be loaded" (Esc: "loading stopped")
 *   shown, a refresh failed whole:  "figures — not updated"
 *   shown, part of the load failed: "figures — not all loaded"
 *   shown otherwise:                "figures" */
const char *ui_load_header(const struct ui_loader *l, bool shown, const char *title,
			   const char *figures, char *buf, size_t size);

/* Faults survived: a read that fails because the server cannot be reached or did not
 * answer as the API does (no connection, a timeout, a connection that broke, a cut
 * answer, a proxy's error page, 5xx, 429) is sent again by the loader by itself, after
 * 1, 2, 4, ... up to 30 seconds (a Retry-After longer than that is waited for), with
 * the rest of the screen kept as it was; the bottom line says since when the server
 * is out of reach and when the next try is. A considered answer of the server (a 4xx
 * with its error code) is never sent again, nor is anything but a read: changes go
 * through ui_change(), which never repeats one blindly. */
#define UI_RETRY_MAX_S 30		/* the longest pause of the back-off */
#define UI_RETRY_AFTER_MAX_S 600	/* the longest Retry-After taken */
/* Whether the reply is a fault that a later try may not meet. */
bool ui_load_transient(const struct api_reply *reply);
/* The pause (ms) before try `attempt` (0: the first retry): 1 s doubled each time up to
 * UI_RETRY_MAX_S, plus up to a tenth more from `noise` (any random number) so that
 * many clients do not come back at once; never less than `retry_after` seconds (up to
 * UI_RETRY_AFTER_MAX_S). */
long ui_retry_delay_ms(int attempt, int retry_after, unsigned noise);
/* The engine's loop: sends the failed reads again when their time comes; how soon
 * (ms) to call again, or -1. Redraws the bottom line as the countdown moves. */
int ui_load_tick(struct app *app);
/* Whether a retry is waiting for its time. */
bool ui_load_retrying(void);
/* r: the waiting reads go at once (the screen in front reloads as well). */
void ui_load_retry_now(void);
/* Esc: the waiting reads are sent no more (until r). False when none waited. */
bool ui_load_stop_retry(void);
/* Forgets the fault (logout, another server). */
void ui_load_link_reset(void);
/* The bottom line's note while the server is out of reach: "Offline since 14:32 —
 * retrying in 8 s (r: now)"; "" when it is not. `busy`: requests are in flight. */
const char *ui_load_offline_note(bool busy, char *buf, size_t size);

/* --- changes (change.c) --- */

/* A change a screen asks for. Refused under read-only before anything is sent (with
 * act's name); confirmed with `question` and `detail` unless question is ""; then
 * sent (API_WRITE). One at a time. */
struct ui_change {
	enum action act;
	const char *method;
	char *body;			/* taken: wiped and freed whatever happens */
	char question[256];
	char detail[2048];
	char done_msg[256];		/* the bottom line after it was done, or "" */
	/* It was done: show the new state (and refresh what it moved). */
	void (*done)(struct app *app, const struct api_reply *reply, void *ud);
	/* The server said no: true when the screen told it (next to a field); else its
	 * words go to the bottom line. May be NULL. */
	bool (*refused)(struct app *app, const struct api_reply *reply, void *ud);
	/* No answer (Esc, a broken connection): whether it was done is not known; read the
	 * state again. May be NULL. */
	void (*settle)(struct app *app, void *ud);
	void *ud;
	/* Frees ud once the change is over, whichever way it ended (answered, refused, not
	 * asked, declined); may be NULL. */
	void (*ud_free)(void *ud);
	/* Money (STYLE: "settle after a lost answer"): the body carries the intent's
	 * idempotency key, so when no answer comes the very same body is sent again,
	 * after 1, 2, 4, ... seconds, until the server answers (it answers the first
	 * outcome again and nothing is paid twice) or Esc stops it; then settle(). */
	bool replay;
	/* The form's intent (money only, with replay): `intent` is recorded on disk before
	 * the first send and kept until an answer settles it (settle.c). When no answer
	 * came, checkIdempotencyKey asks what became of it: the call's answer goes to
	 * done() as if it had come, and when nothing was done the key is void, pi gets a
	 * new one and voided() runs (may be NULL). While pi->unknown (that question got
	 * no answer either) the change asks the question again instead of sending. */
	struct pay_intent *pi;
	struct intent intent;
	void (*voided)(struct app *app, void *ud);
};
/* Returns false when it was refused at once (read-only, another change under way). */
bool ui_change(struct app *app, const struct ui_change *c);
bool ui_change_busy(void);
/* The engine's loop: a money change waiting to be sent again goes when its time
 * comes. Returns how soon (ms) to call again, or -1. */
int ui_change_tick(struct app *app);
/* Esc while a money change waits to be sent again: it is sent no more, and its
 * settle() says the outcome is not known. False when none waits. */
bool ui_change_stop(struct app *app);
/* The form whose intent pi is closes while its change is under way: the change goes on
 * with a copy of its own, and what it could not settle is asked about by settle.c. */
void ui_change_forget_form(const struct pay_intent *pi);

/* --- screen 8, Profile (profile.c), and its forms (profile_forms.c) --- */

enum profile_form { PROFILE_FORM_EDIT, PROFILE_FORM_PASSWORD, PROFILE_FORM_CONTACT };
void profile_form_show(struct app *app, enum profile_form which);
/* The profile changed (reply: its new profile object, or NULL): screen 8 shows it and
 * reads the devices again. */
void profile_changed(struct app *app, const char *profile_json);

/* --- a one-time code step (otp.c): registration, recovery, a new contact --- */

enum { UI_OTP_CODE, UI_OTP_CONFIRM, UI_OTP_RESEND, UI_OTP_FIELDS };

/* The code typed, where it went, its five minutes and the countdown before another
 * can be sent, the wrong attempts left; a new code through resendOtp. */
struct ui_otp {
	struct ui_field fields[UI_OTP_FIELDS];
	struct ui_form form;
	enum action act;		/* what read-only refuses (the flow's action) */
	char otp_id[64];
	char sent_to[MODEL_SENT_TO_MAX + 1];
	time_t resend_at, expires_at;	/* monotonic seconds */
	long shown_resend, shown_expiry;
	int wrong;			/* wrong codes for this otpId */
	bool dead;			/* voided or no longer valid: only a new code helps */
};

enum ui_otp_event { UI_OTP_NONE, UI_OTP_SEND };

void ui_otp_init(struct ui_otp *o, enum action act, const char *confirm_label);
/* A code was sent: otp_id, where to (shown), seconds before another may be sent. */
void ui_otp_start(struct ui_otp *o, const char *otp_id, const char *sent_to, int resend_after);
/* Draws where the code went, how long it is valid and the form; returns the rows. */
int ui_otp_draw(struct ui_otp *o, WINDOW *w, int y, int x, int cols, int *cy, int *cx);
/* A key; UI_OTP_SEND when the code is to be sent (ui_otp_code() then gives it). A new
 * code (r, F5 or the button) is asked here. */
enum ui_otp_event ui_otp_key(struct ui_otp *o, struct app *app, enum action act, int key,
			     bool *handled);
/* The code typed (7 bytes), when it has 6 digits; else false with the reason next to
 * it. */
bool ui_otp_code(struct ui_otp *o, char *code);
/* A refusal of the method that took the code: true when it was about the code (said
 * next to it, with the attempts left or why it is no longer valid). */
bool ui_otp_refused(struct ui_otp *o, struct app *app, const struct api_reply *r);
/* The countdowns; how soon to call again (ms), or -1. */
int ui_otp_tick(struct ui_otp *o);
void ui_otp_wipe(struct ui_otp *o);
/* A phone-or-e-mail field: which of the two it is, in its note, as it is typed. */
void ui_contact_note(struct ui_field *f);
/* A new password's field against the API's rules (first NULL), or its repetition
 * against the first (`differ` says they differ); the reason next to it. */
void ui_password_check(struct ui_field *f, const struct ui_field *first, const char *differ);
/* The password rules from row y, each ticked off as `pw` meets it, and whether `again`
 * is the same; rows below `rows` are left out. */
void ui_password_rules(WINDOW *w, int y, int x, int cols, int rows, const struct ui_edit *pw,
		       const struct ui_edit *again);

/* --- the login screen's pure helpers (login.c), for unit tests --- */

enum login_kind {
	LOGIN_KIND_EMPTY,
	LOGIN_KIND_NAME,	/* a login name */
	LOGIN_KIND_EMAIL,
	LOGIN_KIND_PHONE,
	LOGIN_KIND_ACCOUNT,	/* a 12-digit account number */
};

/* Registration (login_register.c) and recovery (login_recover.c), over the login form. */
extern const struct screen_ops register_screen;
extern const struct screen_ops recover_screen;
/* A registration logged in as `login`: the start path of a normal login. */
void login_registered(struct app *app, const char *login);
/* Logs in from the form with this login and password (after a recovery): the code
 * step follows when the profile asks for one. The password is wiped. */
void login_with(struct app *app, const char *login, char *password);

/* While the overview shows cached figures without a session (the saved login failed
 * for want of the network): tries the saved login again, or goes to the form when
 * the keyring has none any more. */
void login_resume(struct app *app);

/* `:set login` and `:set remember` while the login form is in front. */
void login_option_changed(struct app *app, const char *option);

/* Which kind of login the server will take the text for (the rules of `login`). */
enum login_kind login_detect_kind(const char *text);
const char *login_kind_name(enum login_kind kind);	/* translated */

/* --- the messages of the bottom line, read whole (messages.c) --- */

#define UI_MESSAGES_MAX 50	/* messages kept */

/* M and :messages: the last messages and the warnings of the start, over the screen
 * in front (again: closed). */
extern const struct screen_ops messages_screen;
void ui_messages_show(void);
/* Keeps a message said in the bottom line (ui_message does); the same one twice in a
 * row is kept once. */
void ui_messages_add(enum ui_msg kind, const char *text);
/* How many are kept, and the i-th, 0 the newest (NULL past the last). */
size_t ui_messages_count(void);
const char *ui_messages_nth(size_t i, enum ui_msg *kind);
/* The warnings of the start (copied), every one of them kept whatever the count. */
void ui_messages_set_warnings(const char *const *warnings, size_t n);
size_t ui_messages_warnings(void);
const char *ui_messages_warning(size_t i);
/* Forgets everything (tests). */
void ui_messages_clear(void);
/* For the top line: "M: 3 warnings " until the messages were opened, else "".
 * `key` is the key of the messages action ("" when none: ":messages" is named). */
void ui_messages_top_note(const char *key, char *buf, size_t size);
/* A message wider than `cols` is cut to leave room for a mark saying so and naming
 * `key` ("… (M: more)"); one that fits is left as it is. */
void ui_messages_fit(char *text, size_t size, int cols, const char *key);

#endif

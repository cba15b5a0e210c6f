/* The terminal engine: screens behind struct screen_ops, the layout and the event
 * loop (engine.c), what the help overlay and the bottom line offer (help.c), the
 * terminal's input (input.c), and the screen table it is given (struct ui_screens:
 * the menu, the login screen, the toolkit's hooks; ui/screens.c fills it). The engine
 * names no screen. Screens never call curses refresh functions or the network loop
 * themselves; the engine does. */
#ifndef KABINET_UI_ENGINE_H
#define KABINET_UI_ENGINE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kabinet/actions.h"
#include "kabinet/keys.h"

struct app;

/* The monotonic clock, which no change of the wall clock moves: whole seconds, and the
 * milliseconds from `t` to now (negative while `t` is still ahead). */
time_t ui_now_s(void);
long ui_ms_since(const struct timespec *t);

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

/* What became of a paste (or of a burst of keys taken as one) a screen was given. */
enum ui_paste_result {
	UI_PASTE_NONE,		/* no text field has the focus: nothing taken, nothing said */
	UI_PASTE_TAKEN,		/* the text went in (a cut said in the bottom line) */
	UI_PASTE_SECRET,	/* a secret field has the focus: nothing taken, nothing said */
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
	/* The screen of no session (the login form): the one a run starts with and a
	 * logout or an ended session goes to (struct ui_screens' `login`); no menu
	 * above it, no person on the top line, the menu's screens refused before a
	 * login. */
	bool no_session;
	/* `:set OPTION` changed an option while this screen is at the bottom of the
	 * stack (the login form takes login and remember). NULL: nothing to do. */
	void (*option_changed)(struct app *app, const char *option);
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

struct ui_screens;
/* Starts the terminal, runs the loop with the screens' login screen in front until
 * quit, restores the terminal. `warnings` (may be NULL) are shown in the bottom line
 * after start. Returns the exit status, or UI_NO_TERMINAL when the terminal could not
 * start (nothing was shown; *no_cursor: TERM cannot move the cursor). */
#define UI_NO_TERMINAL (-1)
int ui_run(struct app *app, const struct ui_screens *screens, const char *const *warnings,
	   size_t nwarnings, bool *no_cursor);
/* The session ended (a logout, a session the server ended, a revoked device, a new
 * server): the whole stack is replaced with the login screen. */
void ui_session_ended(void);
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

/* The menu of screens: every screen of the product in order. */
struct ui_menu_item {
	enum action act;		/* screen-overview, ... */
	const char *title;		/* N_() */
	const struct screen_ops *ops;
};

struct ui_moved_screens;
/* The screens the engine runs, given to ui_run by the program (ui/screens.c): the
 * engine, and the toolkit through ui_screens(), name no screen themselves. */
struct ui_screens {
	const struct ui_menu_item *menu;	/* the top-level screens, in order */
	size_t nmenu;
	const struct screen_ops *login;		/* no_session: the first, after a logout */
	/* The screens' part of what a change moved (moved.h). */
	const struct ui_moved_screens *moved;
	/* `:pay NUMBER AMOUNT` (prompt.c): the top-up form with both filled in. */
	void (*pay_number)(struct app *app, const char *number, int64_t amount);
	/* A keymap between each screen's and generic's ("staff": 1, 2, 3 open the
	 * staff's screens); KEYMAP_GENERIC (0) for none. */
	enum keymap keymap;
	/* The top line's left part instead of " kabinet · person · host" once someone
	 * is logged in (the staff's login; a view's banner); NULL for that. */
	void (*top)(struct app *app, char *buf, size_t size);
	/* What Esc and `back` do on a screen of the menu with nothing over it (a view
	 * closes and the staff's screens come back); NULL: `back` asks to quit. */
	void (*leave)(struct app *app);
	/* A session ended (ui_session_ended): instead of the login screen (a view's
	 * 401: the view ended, the staff's screens come back). NULL: the login. */
	void (*session_ended)(struct app *app);
	/* The logout of this table's session (the staff's); NULL: the subscriber's. */
	void (*logout)(struct app *app);
	/* `:find TEXT` (prompt.c): the staff's lookup of subscribers. NULL: refused. */
	void (*find)(struct app *app, const char *text);
	/* `:date DATE` (prompt.c): the payment history from that day (YYYY-MM-DD) back.
	 * NULL: refused. */
	void (*history_date)(struct app *app, const char *iso);
};
/* The screens given to ui_run (a table without screens before it). */
const struct ui_screens *ui_screens(void);
/* Runs another table of screens from now on (the staff's, a view's): the stack is
 * replaced with `first`, or the table's first screen of the menu when NULL. */
void ui_set_screens(const struct ui_screens *screens, const struct screen_ops *first);
/* Whether act opens a screen of a menu (screen-overview, screen-queue, ...) that the
 * table running now does not have: such an action is not offered nor run. */
bool ui_menu_foreign(enum action act);
/* The overlay of the keys (help.c): the engine opens it on `help`. */
extern const struct screen_ops help_screen;

/* --- the terminal's input (input.c) --- */

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

#endif

/* The engine: the terminal's life (start, restore on every exit path), the layout
 * (top line, menu, main pane, bottom line), the one event loop that waits on the
 * network and the terminal together, and the one redraw path. It names no screen:
 * screens are run through struct screen_ops, and the menu of top-level screens and
 * the login screen (no_session: the first screen of a run, where a logout or an ended
 * session goes, ui_session_ended) come from the screen table that ui_run is given
 * (ui/screens.c). Nothing here prints to stderr: a terminal that cannot start is
 * main.c's to explain. */
#include "kabinet/ui/engine.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/messages.h"
#include "kabinet/ui/prompt.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cache.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"

#define STACK_MAX 8
#define MIN_COLS 20
#define MIN_LINES 5
#define BUSY_TICK_MS 100
#define IDLE_TICK_MS 1000
/* While answers stream in, the screen is drawn at most this often (a key is drawn at
 * once): 10 000 balances through 6 connections would otherwise be 2 000 draws. */
#define FRAME_MS 30

static struct {
	struct app *app;
	const struct ui_screens *screens;	/* given to ui_run */
	const struct screen_ops *stack[STACK_MAX];
	int depth;
	bool started;		/* curses is running */
	SCREEN *term;
	WINDOW *top, *menu, *pane, *bottom;
	int nlines, ncols;
	bool too_small;
	bool menu_folded;
	unsigned dirty;
	char msg[512];
	enum ui_msg msg_kind;
	int spin;
	bool was_busy;
	struct timespec last_spin;
	struct timespec last_draw;
	bool keyed;		/* a key came since the last draw */
	bool quit;
	int status;
	bool types_drawn;	/* letters typed on the screen in front at the last draw */
} ui;

/* --- the terminal's life --- */

static volatile sig_atomic_t got_signal;

static bool terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}
static struct termios saved_tty;
static bool saved_tty_ok;
/* What a fatal signal writes to the terminal: the exit sequences of this terminal,
 * taken from terminfo at start, so the handler needs no curses call. */
static char fatal_seq[256];
static size_t fatal_seq_len;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_fatal(int sig)
{
	if (fatal_seq_len)
		(void)!write(STDOUT_FILENO, fatal_seq, fatal_seq_len);
	if (saved_tty_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_seq(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (fatal_seq_len + n < sizeof(fatal_seq)) {
		memcpy(fatal_seq + fatal_seq_len, s, n);
		fatal_seq_len += n;
	}
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the signal wakes the loop's poll at once. */
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	/* Ctrl-\ and the rest that end the process: the terminal is left as found. */
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGSYS, &sa, NULL);
	sigaction(SIGXCPU, &sa, NULL);
	sigaction(SIGXFSZ, &sa, NULL);
}

void ui_restore_terminal(void)
{
	if (!ui.started)
		return;
	ui.started = false;
	if (ui.top)
		delwin(ui.top);
	if (ui.menu)
		delwin(ui.menu);
	if (ui.pane)
		delwin(ui.pane);
	if (ui.bottom)
		delwin(ui.bottom);
	ui.top = ui.menu = ui.pane = ui.bottom = NULL;
	ui_input_stop();
	curs_set(1);
	endwin();
	fflush(stdout);
}

void ui_die(const char *fmt, ...)
{
	va_list ap;

	ui_restore_terminal();
	fputs("kabinet: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Whether TERM is known (*no_cursor: and cannot move its cursor, as TERM=dumb: nothing
 * can be drawn where it belongs). Asked of terminfo alone before newterm, which on an
 * unknown TERM leaves its screen's memory behind. */
static bool terminal_known(bool *no_cursor)
{
	int err = 0;
	char *cup;

	*no_cursor = false;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	cup = tigetstr((char *)"cup");
	*no_cursor = !cup || cup == (char *)-1;
	del_curterm(cur_term);
	return !*no_cursor;
}

static bool start_terminal(bool *no_cursor)
{
	if (!terminal_known(no_cursor))
		return false;
	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0)
		saved_tty_ok = true;
	/* newterm, not initscr: an unknown TERM is an error we report, not an exit. */
	ui.term = newterm(NULL, stdout, stdin);
	if (!ui.term)
		return false;
	set_term(ui.term);
	ui.started = true;
	atexit(ui_restore_terminal);
	add_seq("sgr0");
	add_seq("cnorm");
	add_seq("rmcup");
	if (fatal_seq_len + strlen(ui_input_off_seq()) < sizeof(fatal_seq)) {
		memcpy(fatal_seq + fatal_seq_len, ui_input_off_seq(), strlen(ui_input_off_seq()));
		fatal_seq_len += strlen(ui_input_off_seq());
	}
	install_signals();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	/* The keypad is input.c's: it knows every terminal's keys, whatever TERM says. */
	keypad(stdscr, FALSE);
	ui_input_start();
	nodelay(stdscr, TRUE);
	curs_set(0);
	ui_colors_init();
	return true;
}

/* --- layout --- */

/* The screen at the bottom of the stack: login or one of the menu's. */
static const struct screen_ops *base(void)
{
	return ui.depth ? ui.stack[0] : NULL;
}

const struct ui_screens *ui_screens(void)
{
	static const struct ui_screens none;

	return ui.screens ? ui.screens : &none;
}

/* The menu of the screens given to ui_run. */
static size_t menu_count(void)
{
	return ui_screens()->nmenu;
}

static const struct ui_menu_item *menu_item(size_t i)
{
	return &ui_screens()->menu[i];
}

/* Whether no one is logged in: the login screen is at the bottom. */
static bool at_login(void)
{
	return base() && base()->no_session;
}

static void layout(void);

void ui_session_ended(void)
{
	if (ui_screens()->session_ended)
		ui_screens()->session_ended(ui.app);
	else if (ui_screens()->login)
		ui_switch(ui_screens()->login);
}

void ui_set_screens(const struct ui_screens *screens, const struct screen_ops *first)
{
	ui.screens = screens;
	keys_set_layer(screens->keymap);
	if (!first && screens->nmenu)
		first = screens->menu[0].ops;
	if (first)
		ui_switch(first);
	ui.dirty = UI_DIRTY_ALL;
	if (ui.top)
		layout();	/* the menu of the new table may fold otherwise */
}

bool ui_menu_foreign(enum action act)
{
	if (!action_opens_screen(act))
		return false;
	for (size_t i = 0; i < menu_count(); i++)
		if (menu_item(i)->act == act)
			return false;
	return true;
}

/* The first key bound to the action ("1"), "" when none is. On a screen where letters
 * type now (ui_types: its fields, a form open over its list), keys that type (letters,
 * "?") are skipped: they go into the fields there. */
static void first_key_of(const struct screen_ops *s, enum keymap map, enum action act,
			 char *buf, size_t size)
{
	char keys[256], *save = NULL;

	keys_for_action(map, act, keys, sizeof(keys));
	buf[0] = '\0';
	for (char *k = strtok_r(keys, ", ", &save); k; k = strtok_r(NULL, ", ", &save)) {
		if (ui_types(ui.app, s) && ui_key_is_text(keys_parse(k)))
			continue;
		snprintf(buf, size, "%s", k);
		return;
	}
}

static void first_key(enum keymap map, enum action act, char *buf, size_t size)
{
	first_key_of(NULL, map, act, buf, size);
}

/* The menu's width: items one space apart. */
static int menu_width(void)
{
	int w = 0;
	char key[KEYS_NAME_MAX * 2];

	for (size_t i = 0; i < menu_count(); i++) {
		first_key(keys_layer(), menu_item(i)->act, key, sizeof(key));
		w += (i ? 1 : 0) + ui_width(key) + (key[0] ? 1 : 0) + ui_width(_(menu_item(i)->title));
	}
	return w;
}

static void free_windows(void)
{
	WINDOW **w[] = { &ui.top, &ui.menu, &ui.pane, &ui.bottom };

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (*w[i]) {
			delwin(*w[i]);
			*w[i] = NULL;
		}
}

static void layout(void)
{
	int pane_y;

	free_windows();
	ui.nlines = LINES;
	ui.ncols = COLS;
	ui.too_small = ui.ncols < MIN_COLS || ui.nlines < MIN_LINES;
	ui.dirty = UI_DIRTY_ALL;
	if (ui.too_small)
		return;
	ui.menu_folded = at_login() || menu_width() > ui.ncols;
	pane_y = ui.menu_folded ? 1 : 2;
	/* Parts of stdscr, not windows of their own: a window costs a cell array as
	 * large as itself (134 KiB for the pane at 120x40), a part only its line
	 * pointers. Nothing is drawn to stdscr itself but the too-small notice. */
	ui.top = derwin(stdscr, 1, ui.ncols, 0, 0);
	if (!ui.menu_folded)
		ui.menu = derwin(stdscr, 1, ui.ncols, 1, 0);
	ui.pane = derwin(stdscr, ui.nlines - pane_y - 1, ui.ncols, pane_y, 0);
	ui.bottom = derwin(stdscr, 1, ui.ncols, ui.nlines - 1, 0);
	if (!ui.top || !ui.pane || !ui.bottom || (!ui.menu_folded && !ui.menu)) {
		free_windows();
		ui.too_small = true;	/* out of memory: draw the one-line notice */
	}
}

/* --- the stack of screens --- */

const struct screen_ops *ui_front(void)
{
	return ui.depth ? ui.stack[ui.depth - 1] : NULL;
}

const struct screen_ops *ui_below(void)
{
	return ui.depth > 1 ? ui.stack[ui.depth - 2] : NULL;
}

void ui_switch(const struct screen_ops *s)
{
	while (ui.depth) {
		const struct screen_ops *old = ui.stack[--ui.depth];
		if (old->close)
			old->close(ui.app);
	}
	ui.stack[ui.depth++] = s;
	if (s->open)
		s->open(ui.app);
	/* The menu may fold differently once someone is logged in. */
	layout();
}

void ui_push(const struct screen_ops *s)
{
	if (ui.depth >= STACK_MAX)
		return;
	ui.stack[ui.depth++] = s;
	if (s->open)
		s->open(ui.app);
	ui.dirty = UI_DIRTY_ALL;
}

/* --- what is typed is not lost by one key --- */

/* A key of the screen in front that may close it (Esc, q) runs "armed": when the
 * screen pops itself while it holds typed text, the pop is held back and the question
 * asked; yes runs the same key again, confirmed. Leaving by the engine's actions
 * (another screen, logout, quit) asks before it starts. */
static struct {
	bool armed;
	bool blocked;			/* the armed key's pop was held back */
	bool confirmed;			/* a yes runs: nothing asks again */
	const struct screen_ops *front;
	enum action act;
	int key;
	bool as_key;			/* yes runs the key on front, else the engine's act */
} leave;

static void run_key_now(struct app *app, const struct screen_ops *front, enum action act,
			int key);

static bool holds_typed(const struct screen_ops *s)
{
	return s && s->typed && s->typed(ui.app);
}

bool ui_discarding(void)
{
	return leave.confirmed;
}

static void discard_answer(struct app *app, bool yes, void *ud)
{
	(void)ud;
	if (!yes)
		return;	/* the form stays as it was, its text and focus with it */
	leave.confirmed = true;
	if (!leave.as_key)
		ui_action(app, leave.act);
	else if (ui_front() == leave.front)
		run_key_now(app, leave.front, leave.act, leave.key);
	/* A quit said yes to stays confirmed for the screens closed at the end (a draft
	 * is dropped, not written again). */
	if (!ui.quit)
		leave.confirmed = false;
}

static void ask_discard(const struct screen_ops *front, enum action act, int key, bool as_key)
{
	leave.front = front;
	leave.act = act;
	leave.key = key;
	leave.as_key = as_key;
	ui_confirm(_("Discard what you typed?"), NULL, false, discard_answer, NULL);
}

bool ui_discard_ask(struct app *app, enum action act, int key)
{
	(void)app;
	if (leave.confirmed || !holds_typed(ui_front()))
		return false;
	ask_discard(ui_front(), act, key, true);
	return true;
}

/* Whether a screen from stack[from] up holds typed text. */
static bool typed_from(int from)
{
	for (int i = from; i < ui.depth; i++)
		if (holds_typed(ui.stack[i]))
			return true;
	return false;
}

/* An engine's action that closes the screens from stack[from] up (another screen,
 * logout, quit: all of them): true when it waits for the question. */
static bool leave_asked_from(enum action act, int from)
{
	if (leave.confirmed || !typed_from(from))
		return false;
	ask_discard(ui_front(), act, 0, false);
	return true;
}

static bool leave_asked(enum action act)
{
	return leave_asked_from(act, 0);
}

void ui_pop(void)
{
	const struct screen_ops *old;

	if (ui.depth <= 1)
		return;
	if (leave.armed && ui.stack[ui.depth - 1] == leave.front && holds_typed(leave.front)) {
		leave.blocked = true;
		return;
	}
	old = ui.stack[--ui.depth];
	if (old->close)
		old->close(ui.app);
	ui.dirty = UI_DIRTY_ALL;
}

void ui_dirty(unsigned what)
{
	ui.dirty |= what;
}

void ui_quit(int status)
{
	ui.quit = true;
	ui.status = status;
}

void ui_message(enum ui_msg kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui.msg, sizeof(ui.msg), fmt, ap);
	va_end(ap);
	/* One line: newlines of a server message become spaces. */
	for (char *p = ui.msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	ui.msg_kind = kind;
	ui.dirty |= UI_DIRTY_BOTTOM;
	ui_messages_add(kind, ui.msg);	/* to be read whole with M and :messages */
}

void ui_clear_message(void)
{
	if (ui.msg[0]) {
		ui.msg[0] = '\0';
		ui.dirty |= UI_DIRTY_BOTTOM;
	}
}

void ui_clear_info_message(void)
{
	if (ui.msg_kind == UI_MSG_INFO)
		ui_clear_message();
}

void ui_confirm(const char *question, const char *detail, bool default_yes, ui_confirm_fn done,
		void *ud)
{
	ui_dialog_open(question, detail, default_yes, done, ud);
}

void ui_config_changed(struct app *app)
{
	static const char *lang;
	const struct screen_ops *front = ui_front();

	if (ui.started)
		ui_colors_init();
	api_set_lang(app->api, i18n_lang());
	api_set_timeout(app->api, opt.request_timeout);
	api_set_insecure_http(app->api, opt.insecure_http);
	if (ui.started)
		layout();	/* the menu's width follows the language */
	/* Names the server sends (bonus levels) follow the language too. */
	if (lang && strcmp(lang, i18n_lang()) && !at_login() && front &&
	    front->reload)
		front->reload(app);
	lang = i18n_lang();
}

/* --- actions the engine runs --- */

static void quit_answer(struct app *app, bool yes, void *ud)
{
	(void)app;
	(void)ud;
	if (yes)
		ui_quit(0);
}

static void ask_quit(void)
{
	if (leave_asked(ACT_QUIT))
		return;
	if (!opt.confirm_quit || leave.confirmed) {
		ui_quit(0);
		return;
	}
	ui_confirm(_("Quit kabinet?"), NULL, true, quit_answer, NULL);
}

/* --- settings changed in a running session (:set) --- */

static bool logged_in(void)
{
	return base() && !at_login();
}

/* What cannot change now is refused before it is stored, with the reason. */
static int set_guard(const char *option, const char *value, struct diag *d)
{
	bool on = false;

	if (!strcmp(option, "read_only")) {
		if (options_parse_bool(value, &on) == 0 && !on && app_read_only(ui.app)) {
			diag_add(d, "%s", _("read_only stays on until kabinet is started again"));
			return -1;
		}
	} else if (!strcmp(option, "password_command") || !strcmp(option, "keyring") ||
		   !strcmp(option, "staff")) {
		diag_add(d, _("%s is read at start: set it in the config or on the command line"),
			 option);
		return -1;
	} else if (!strcmp(option, "server")) {
		/* Taken only if it fits: the old server is not left for one that cannot be
		 * used. A new server closes every screen: not while a form holds typed
		 * text. */
		struct app probe;
		const char *why;
		if (typed_from(0)) {
			diag_add(d, "server: %s",
				 _("close the form first: what is typed in it would be lost"));
			return -1;
		}
		/* The staff's session (and a view) end with a logout of their own. */
		if (ui.app->staff_mode && !at_login()) {
			diag_add(d, "server: %s", _("log out of the staff session first"));
			return -1;
		}
		if (app_set_server(&probe, value, &why) < 0) {
			diag_add(d, "server: %s", why);
			return -1;
		}
	} else if (!strcmp(option, "ca_file")) {
		/* Taken by the api now, or refused with the reason (nothing changed). */
		char err[512];
		if (api_set_ca_file(ui.app->api, value, err, sizeof(err)) < 0) {
			diag_add(d, "ca_file: %s", err);
			return -1;
		}
	} else if (!strcmp(option, "login") && logged_in()) {
		diag_add(d, "%s", _("login: log out first (:logout) to log in as someone else"));
		return -1;
	}
	return 0;
}

/* The new server takes over once the old one has been told of the logout (or failed
 * to hear it): the session there is dropped either way. */
static void take_new_server(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;

	const char *why;

	(void)reply;
	/* opt.server is in the normal form already, as app_set_server keeps it. */
	if (app_set_server(app, opt.server, &why) < 0) {
		ui_message(UI_MSG_ERROR, "server: %s", why);
		return;
	}
	if (api_set_server(app->api, app->server) < 0) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	app_forget_data(app);
	ui_load_link_reset();
	ui_session_ended();
	ui_message(UI_MSG_INFO, _("The server is now %s: log in to it."), app->host);
}

static void server_changed(struct app *app)
{
	if (!strcmp(opt.server, app->server)) {
		ui_message(UI_MSG_INFO, _("The server is %s already."), app->host);
		return;
	}
	if (!logged_in()) {
		take_new_server(app, NULL);
		return;
	}
	api_cancel_all(app->api);
	if (!api_call(app->api, "logout", "{}", API_WRITE, take_new_server, app))
		take_new_server(app, NULL);
	api_forget_session(app->api);
	ui_message(UI_MSG_INFO, "%s", _("Logging out before the server changes..."));
}

void ui_option_changed(struct app *app, const char *option)
{
	if (!strcmp(option, "server")) {
		server_changed(app);
	} else if (!strcmp(option, "cache")) {
		/* Off removes the file at once; on writes what is shown, if fresh. */
		if (!app->cached_at)
			app_save_cache(app);
		else if (!opt.cache)
			cache_forget(app->server, app->login);
	} else if (!strcmp(option, "read_only")) {
		/* On for the rest of the run, whatever a later `set` says. */
		app->read_only = app->read_only || opt.read_only;
		ui_dirty(UI_DIRTY_ALL);
	} else if (base() && base()->option_changed) {
		base()->option_changed(app, option);
	}
	ui_config_changed(app);
}

static void open_screen(struct app *app, const struct ui_menu_item *item)
{
	if (at_login()) {
		ui_message(UI_MSG_INFO, "%s", _("Log in first."));
		return;
	}
	if (app->awaiting_login) {
		ui_message(UI_MSG_INFO, "%s",
			   _("Not logged in yet: the other screens open once the saved login is through."));
		return;
	}
	/* Asked only when something that closes holds typed text: the screens over this
	 * one when it is open already, else all of them. */
	if (leave_asked_from(item->act, base() == item->ops ? 1 : 0))
		return;
	if (base() == item->ops) {
		while (ui.depth > 1)
			ui_pop();
		return;
	}
	(void)app;
	ui_switch(item->ops);
}

void ui_action(struct app *app, enum action act)
{
	const struct screen_ops *front = ui_front();

	if (act <= ACT_NONE || act >= ACT_COUNT)
		return;
	if (action_changes(act) && app_read_only(app)) {
		ui_message(UI_MSG_ERROR, app_refused_fmt(app), action_help(act));
		return;
	}
	/* Cached figures are for reading: nothing acts on them without a fresh list. */
	if (action_changes(act) && app_cache_only(app)) {
		ui_message(UI_MSG_INFO, _("Still updating: '%s' waits for the fresh figures."),
			   action_help(act));
		return;
	}
	for (size_t i = 0; i < menu_count(); i++)
		if (menu_item(i)->act == act) {
			open_screen(app, menu_item(i));
			return;
		}
	if (ui_menu_foreign(act)) {
		ui_message(UI_MSG_INFO, _("'%s' is not a screen here."), action_help(act));
		return;
	}
	switch (act) {
	case ACT_QUIT:
		ask_quit();
		return;
	case ACT_HELP:
		if (front == &help_screen)
			ui_pop();
		else
			ui_push(&help_screen);
		return;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		ui.dirty = UI_DIRTY_ALL;
		return;
	case ACT_REFRESH:
		/* Everything waiting for a retry goes now, not only the screen in front. */
		ui_load_retry_now();
		if (front && front->reload)
			front->reload(app);
		return;
	case ACT_COMMAND_PROMPT:
		ui_prompt_open();
		return;
	case ACT_CANCEL:
		/* Esc cancels and closes; it never quits (q and Q do, with a question). */
		if (api_busy(app->api)) {
			/* What was cancelled may have more to say (a change whose outcome is
			 * not known): its word stays. */
			ui_clear_message();
			ui_load_stop_retry();
			api_cancel_all(app->api);
			/* A money change waiting for its next send stops too (and says that
			 * its outcome is not known): Esc stops everything. */
			ui_change_stop(app);
			if (!ui.msg[0])
				ui_message(UI_MSG_INFO, "%s", _("Cancelled."));
		} else if (ui_load_stop_retry()) {
			if (!ui_change_stop(app))
				ui_message(UI_MSG_INFO, "%s", _("No more tries for now (r: try again)."));
		} else if (ui.depth > 1) {
			ui_pop();
		} else if (ui_screens()->leave && !at_login()) {
			ui_screens()->leave(app);
		}
		return;
	case ACT_BACK:
		if (ui.depth > 1)
			ui_pop();
		else if (ui_screens()->leave && !at_login())
			ui_screens()->leave(app);
		else if (front && front->top_level)
			ask_quit();
		return;
	case ACT_LOGOUT:
		if (at_login() || leave_asked(act))
			return;
		if (ui_screens()->logout) {
			ui_screens()->logout(app);
			return;
		}
		/* What was loading for this session goes first: the logout is not to wait
		 * behind it, nor a new login after it. */
		api_cancel_all(app->api);
		/* Before the saved login got through there is no session to end. */
		if (!app->awaiting_login)
			api_call(app->api, "logout", "{}", API_WRITE, NULL, NULL);
		app->awaiting_login = false;
		api_forget_session(app->api);
		app_forget_data(app);
		ui_load_link_reset();
		ui_session_ended();
		ui_message(UI_MSG_INFO, "%s", _("Logged out."));
		return;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_MOVE_TOP:
	case ACT_MOVE_BOTTOM:
	case ACT_ENTER:
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
		return;	/* nothing to move here */
	case ACT_SEARCH:
		/* The search line takes what is typed after /, so no key of the search
		 * runs as a command. */
		ui_prompt_open_search();
		return;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		ui_search(app, NULL, act == ACT_SEARCH_NEXT ? 1 : -1);
		return;
	case ACT_MESSAGES:
		ui_messages_show();
		return;
	default:
		/* An action of another screen (typed at the : prompt, or a binding), or of
		 * this keymap that the form or list in front has no use for. */
		ui_message(UI_MSG_INFO, _("'%s' does not work on this screen."), action_help(act));
		return;
	}
}

bool ui_can_search(void)
{
	const struct screen_ops *front = ui_front();
	return front && front->search;
}

void ui_search(struct app *app, const char *text, int dir)
{
	const struct screen_ops *front = ui_front();

	if (!front || !front->search) {
		ui_message(UI_MSG_INFO, "%s", _("Nothing to search on this screen."));
		return;
	}
	front->search(app, text, dir);
}

/* --- drawing --- */

static void draw_top(struct app *app)
{
	char left[768], right[256];
	const struct screen_ops *b = base();
	int rw;

	werase(ui.top);
	wbkgdset(ui.top, (chtype)(' ' | ui_attr(AREA_TITLE) | COLOR_PAIR(ui_pair(AREA_TITLE))));
	ui_style(ui.top, AREA_TITLE);
	mvwhline(ui.top, 0, 0, ' ', ui.ncols);
	if (b && b->no_session)
		snprintf(left, sizeof(left), " kabinet · %s", app->host);
	else if (ui_screens()->top)
		ui_screens()->top(app, left, sizeof(left));
	else
		snprintf(left, sizeof(left), " kabinet · %s · %s", app_person(app), app->host);
	right[0] = '\0';
	if (ui.menu_folded && b) {
		char key[KEYS_NAME_MAX * 2];
		for (size_t i = 0; i < menu_count(); i++)
			if (menu_item(i)->ops == b) {
				first_key(keys_layer(), menu_item(i)->act, key, sizeof(key));
				snprintf(right, sizeof(right), "[%s%s%s] ", key, key[0] ? " " : "",
					 _(menu_item(i)->title));
			}
	}
	/* A view's banner says it is read-only itself. */
	if (app_read_only(app) && !app->view.open) {
		size_t n = strlen(right);
		snprintf(right + n, sizeof(right) - n, "%s ", _("read-only"));
	}
	{
		/* The warnings of the start are counted here until they were read. */
		char key[KEYS_NAME_MAX * 2];
		size_t n = strlen(right);
		first_key_of(ui_front(), ui_front() ? ui_front()->keymap : KEYMAP_GENERIC,
			     ACT_MESSAGES, key, sizeof(key));
		ui_messages_top_note(key, right + n, sizeof(right) - n);
	}
	rw = ui_width(right);
	if (rw > ui.ncols / 2)
		rw = ui.ncols / 2;
	ui_put(ui.top, 0, 0, ui.ncols - rw - (rw ? 1 : 0), UI_LEFT, AREA_TITLE, left);
	if (rw)
		ui_put(ui.top, 0, ui.ncols - rw, rw, UI_RIGHT, AREA_TITLE, right);
	wnoutrefresh(ui.top);
}

static void draw_menu(void)
{
	int x = menu_width() < ui.ncols ? 1 : 0;
	const struct screen_ops *b = base();

	werase(ui.menu);
	ui_style(ui.menu, AREA_MENU);
	for (size_t i = 0; i < menu_count() && x < ui.ncols; i++) {
		char key[KEYS_NAME_MAX * 2], item[256];
		bool cur = menu_item(i)->ops && menu_item(i)->ops == b;
		first_key(keys_layer(), menu_item(i)->act, key, sizeof(key));
		snprintf(item, sizeof(item), "%s%s%s", key, key[0] ? " " : "", _(menu_item(i)->title));
		x += ui_put(ui.menu, 0, x, ui.ncols - x, UI_LEFT, cur ? AREA_MENU_ACTIVE : AREA_MENU,
			    item);
		x += 1;
	}
	wnoutrefresh(ui.menu);
}

/* One hint of the bottom line, "KEY label" (after two spaces when not the first):
 * false when its action is not taken here now (read-only, a closed request) or has no
 * key. */
static bool hint_text(struct app *app, const struct screen_ops *front, const struct ui_hint *h,
		      bool after, char *buf, size_t size)
{
	char key[KEYS_NAME_MAX * 2];
	if (!ui_offers(app, front, h->act))
		return false;
	first_key_of(front, front->keymap, h->act, key, sizeof(key));
	if (!key[0])
		return false;
	/* q on a screen of a menu that leaves (a view) goes back, it does not quit. */
	snprintf(buf, size, "%s%s %s", after ? "  " : "", key,
		 h->act == ACT_BACK && ui.depth == 1 && ui_screens()->leave ? _("back")
									    : _(h->label));
	return true;
}

/* The width the help key's hint takes after others, 0 when the screen has none. */
static int hint_help_width(struct app *app, const struct screen_ops *front,
			   const struct ui_hint *list)
{
	char one[256];
	for (const struct ui_hint *h = list; h && h->label; h++)
		if (h->act == ACT_HELP)
			return hint_text(app, front, h, true, one, sizeof(one)) ? ui_width(one) : 0;
	return 0;
}

/* The bottom line: progress while busy, else the message; the keys of the screen on
 * the right when there is room, the help key's among them while any is. */
static void draw_bottom(struct app *app)
{
	static const char spinner[] = "|/-\\";
	const struct screen_ops *front = ui_front();
	char left[768], hints[512], note[256];
	enum color_area area = AREA_STATUS;
	int busy = api_busy(app->api), lw, hw;
	size_t hn = 0;

	werase(ui.bottom);
	ui_style(ui.bottom, AREA_STATUS);
	hints[0] = '\0';
	/* The login form says what its own requests met; the note is for what was loaded. */
	if (!at_login())
		ui_load_offline_note(busy != 0, note, sizeof(note));
	else
		note[0] = '\0';
	if (busy) {
		snprintf(left, sizeof(left), "%c %s", spinner[ui.spin % 4],
			 note[0] ? note : _("Waiting for the server...  Esc: cancel"));
	} else if (ui.msg[0]) {
		snprintf(left, sizeof(left), "%s", ui.msg);
		area = ui.msg_kind == UI_MSG_ERROR     ? AREA_ERROR
		       : ui.msg_kind == UI_MSG_WARNING ? AREA_WARNING
						       : AREA_STATUS;
	} else if (note[0]) {
		/* Out of reach, and nothing newer to say: said until the server answers. */
		snprintf(left, sizeof(left), "%s", note);
		area = AREA_WARNING;
	} else {
		left[0] = '\0';
	}
	lw = ui_width(left);
	/* The hints that fit beside the message, in their order (the first matter
	 * most); the message or the progress matters more than any of them. The help
	 * key's is kept room for while it is to come: it lists the hints left out. */
	const struct ui_hint *list = !front ? NULL
				     : front->hints_now ? front->hints_now(app)
							: front->hints;
	int help_w = hint_help_width(app, front, list);
	bool full = false;
	for (const struct ui_hint *h = list; h && h->label && hn < sizeof(hints); h++) {
		char one[256];
		if ((full && h->act != ACT_HELP) || !hint_text(app, front, h, hn > 0, one, sizeof(one)))
			continue;
		if (h->act == ACT_HELP)
			help_w = 0;
		if (ui_width(hints) + ui_width(one) + help_w + (lw ? lw + 2 : 0) > ui.ncols) {
			full = true;	/* the rest is left out, but for the help key */
			continue;
		}
		hn += (size_t)snprintf(hints + hn, sizeof(hints) - hn, "%s", one);
	}
	hw = ui_width(hints);
	if (!busy && ui.msg[0]) {
		/* A message cut at the edge says so, and how to read it whole. */
		char key[KEYS_NAME_MAX * 2];
		first_key_of(front, front ? front->keymap : KEYMAP_GENERIC, ACT_MESSAGES, key,
			     sizeof(key));
		ui_messages_fit(left, sizeof(left), hw ? ui.ncols - hw - 2 : ui.ncols, key);
	}
	ui_put(ui.bottom, 0, 0, hw ? ui.ncols - hw - 2 : ui.ncols, UI_LEFT, area, left);
	if (hw)
		ui_put(ui.bottom, 0, ui.ncols - hw, hw, UI_RIGHT, AREA_STATUS, hints);
	wnoutrefresh(ui.bottom);
}

static void draw_too_small(void)
{
	werase(stdscr);
	ui_put(stdscr, 0, 0, COLS, UI_LEFT, AREA_DEFAULT, _("The window is too small."));
	wnoutrefresh(stdscr);
}

static void draw(struct app *app)
{
	const struct screen_ops *front = ui_front();
	int cy = -1, cx = -1;
	bool cursor = false;
	unsigned dirty = ui.dirty;

	ui.dirty = 0;
	if (ui.too_small) {
		if (dirty) {
			draw_too_small();
			curs_set(0);
			doupdate();
		}
		return;
	}
	if (!dirty)
		return;
	/* The top line names the messages' key, another one while letters type. */
	if (ui_types(app, front) != ui.types_drawn) {
		ui.types_drawn = !ui.types_drawn;
		dirty |= UI_DIRTY_TOP;
	}
	if (dirty == UI_DIRTY_ALL) {
		werase(stdscr);	/* blank under the windows (it held the too-small notice) */
		wnoutrefresh(stdscr);
	}
	if (dirty & UI_DIRTY_TOP)
		draw_top(app);
	if ((dirty & UI_DIRTY_MENU) && ui.menu)
		draw_menu();
	if (dirty & UI_DIRTY_PANE) {
		int rows, cols;
		getmaxyx(ui.pane, rows, cols);
		werase(ui.pane);
		if (front && front->draw)
			front->draw(app, ui.pane, rows, cols);
		wnoutrefresh(ui.pane);
	}
	if (ui_prompt_active()) {
		werase(ui.bottom);
		cx = ui_prompt_draw(ui.bottom, ui.ncols);
		wmove(ui.bottom, 0, cx);
		wnoutrefresh(ui.bottom);
		cursor = true;
	} else if (dirty & UI_DIRTY_BOTTOM) {
		draw_bottom(app);
	}
	if (ui_dialog_active()) {
		ui_dialog_draw(ui.nlines, ui.ncols);
		cursor = false;
	} else if (!cursor && front && front->cursor && front->cursor(app, &cy, &cx)) {
		int rows, cols;
		getmaxyx(ui.pane, rows, cols);
		if (cy >= 0 && cy < rows && cx >= 0 && cx < cols) {
			wmove(ui.pane, cy, cx);
			wnoutrefresh(ui.pane);
			cursor = true;
		}
	}
	curs_set(cursor ? 1 : 0);
	doupdate();
}

/* --- the loop --- */

/* An action for the screen in front, then for the engine. What moves money or changes
 * a service is refused here, before a screen sees it: no screen can forget it. */
static void run_key_now(struct app *app, const struct screen_ops *front, enum action act,
			int key)
{
	if (action_changes(act) && (app_read_only(app) || app_cache_only(app))) {
		ui_action(app, act);
		return;
	}
	if (front && front->key && front->key(app, act, key) == UI_DONE)
		return;
	ui_action(app, act);
}

/* The same, armed when the key may close a form that holds typed text. */
static void run_key(struct app *app, const struct screen_ops *front, enum action act, int key)
{
	if (leave.confirmed || (act != ACT_CANCEL && act != ACT_BACK) || !holds_typed(front)) {
		run_key_now(app, front, act, key);
		return;
	}
	leave.armed = true;
	leave.blocked = false;
	leave.front = front;
	run_key_now(app, front, act, key);
	leave.armed = false;
	if (leave.blocked)
		ask_discard(front, act, key, true);
}

/* Ctrl-C in the full screen: what Esc does on a form that holds typed text (asked
 * first; a form over a list on a screen of the menu too), else what q does on a list
 * (quit, asked when confirm_quit is on). A screen whose form Esc does not close (the
 * login) quits, its typed text asked about first. */
static void interrupt(struct app *app)
{
	const struct screen_ops *front = ui_front();

	ui.keyed = true;
	if (ui_prompt_active()) {
		ui_prompt_key(app, KEYS_ESC);
		ui.dirty |= UI_DIRTY_BOTTOM;
	} else if (ui_dialog_active()) {
		ui_dialog_key(app, ACT_CANCEL, KEYS_ESC);
	} else if (holds_typed(front)) {
		ui_clear_message();
		if (api_busy(app->api) || ui_load_retrying())
			ui_action(app, ACT_CANCEL);
		else if (ui.depth > 1)
			run_key(app, front, ACT_CANCEL, KEYS_ESC);
		else if (!front->key || front->key(app, ACT_CANCEL, KEYS_ESC) != UI_DONE)
			ask_quit();
	} else {
		ask_quit();
	}
}

void ui_run_action(struct app *app, enum action act)
{
	/* No key: a screen that reads the key itself (a form) sees none typed. */
	run_key(app, ui_front(), act, 0);
}

static void handle_key(struct app *app, int key)
{
	const struct screen_ops *front = ui_front();
	enum action act;

	ui.keyed = true;
	if (key == KEY_RESIZE) {
		layout();
		return;
	}
	/* Ctrl-C read as a key (a terminal without ISIG) is the same as its signal. */
	if (key == KEYS_CHR(3)) {
		interrupt(app);
		return;
	}
	if (ui_prompt_active()) {
		ui_prompt_key(app, key);
		ui.dirty |= UI_DIRTY_BOTTOM;
		return;
	}
	if (ui_dialog_active()) {
		ui_dialog_key(app, keys_action(KEYMAP_DIALOG, key), key);
		return;
	}
	if (!front)
		return;
	act = keys_action(front->keymap, key);
	/* Esc while waiting cancels, on every screen; so it does a retry's wait. */
	if (act == ACT_CANCEL && (api_busy(app->api) || ui_load_retrying())) {
		ui_action(app, ACT_CANCEL);
		return;
	}
	if (ui.too_small && act != ACT_QUIT)
		return;	/* nothing to act on while nothing can be seen */
	ui_clear_message();
	run_key(app, front, act, key);
}

bool ui_too_small(void)
{
	return ui.started && ui.too_small;
}

static bool take_key(struct app *app, int key)
{
	handle_key(app, key);
	return !ui.quit;
}

time_t ui_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

long ui_ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000L + (now.tv_nsec - t->tv_nsec) / 1000000L;
}

int ui_run(struct app *app, const struct ui_screens *screens, const char *const *warnings,
	   size_t nwarnings, bool *no_cursor)
{
	ui.app = app;
	ui.screens = screens;
	keys_set_layer(screens->keymap);
	*no_cursor = false;
	if (!start_terminal(no_cursor))
		return UI_NO_TERMINAL;
	config_set_guard(set_guard);
	layout();
	ui_config_changed(app);	/* remembers the language of the start */
	ui_messages_set_warnings(warnings, nwarnings);
	if (nwarnings == 1)
		ui_message(UI_MSG_WARNING, "%s", warnings[0]);
	else if (nwarnings > 1)
		ui_message(UI_MSG_WARNING,
			   ngettext("(%zu more warning) %s", "(%zu more warnings) %s",
				    (unsigned long)(nwarnings - 1)),
			   nwarnings - 1, warnings[0]);
	clock_gettime(CLOCK_MONOTONIC, &ui.last_spin);
	ui_session_ended();	/* no session yet: the login screen first */

	while (!ui.quit) {
		const struct screen_ops *front;
		int timeout = IDLE_TICK_MS, busy, frame_left = 0;

		busy = api_busy(app->api);
		/* Answers of a load still coming: they are drawn with the next frame, a
		 * key or the last answer at once. */
		if (ui.dirty && busy && !ui.keyed && ui_ms_since(&ui.last_draw) < FRAME_MS) {
			frame_left = FRAME_MS - (int)ui_ms_since(&ui.last_draw);
		} else {
			if (ui.dirty)
				clock_gettime(CLOCK_MONOTONIC, &ui.last_draw);
			draw(app);
			ui.keyed = false;
		}
		if (got_signal == SIGINT) {
			got_signal = 0;
			interrupt(app);
			continue;
		}
		if (got_signal)
			break;
		if (busy)
			timeout = BUSY_TICK_MS;
		{
			int t = ui_change_tick(app);
			if (t >= 0 && t < timeout)
				timeout = t;
			t = ui_load_tick(app);
			if (t >= 0 && t < timeout)
				timeout = t;
		}
		front = ui_front();
		if (front && front->tick) {
			int t = front->tick(app);
			if (t >= 0 && t < timeout)
				timeout = t;
		}
		if (ui.dirty)
			timeout = frame_left;
		timeout = ui_input_timeout(timeout);
		int keys_read = 0;

		api_wait(app->api, STDIN_FILENO, timeout);
		api_dispatch(app->api);
		if (!ui.quit)
			keys_read = ui_input_read(app, take_key);
		/* A terminal that hung up wakes the wait for ever, "readable" or with a
		 * bare POLLHUP that the wait does not count; without SIGHUP (a debugger
		 * holding the session) that would spin. Leave as SIGHUP would. */
		if (!keys_read && terminal_gone()) {
			got_signal = SIGHUP;
			break;
		}
		busy = api_busy(app->api);
		if (busy && ui_ms_since(&ui.last_spin) >= BUSY_TICK_MS) {
			ui.spin++;
			clock_gettime(CLOCK_MONOTONIC, &ui.last_spin);
			ui.dirty |= UI_DIRTY_BOTTOM;
		}
		if ((busy != 0) != ui.was_busy) {
			ui.was_busy = busy != 0;
			ui.dirty |= UI_DIRTY_BOTTOM;
		}
	}
	/* Requests still in flight are dropped; their callbacks see a cancel. */
	api_cancel_all(app->api);
	/* Ended by a signal: what is typed is kept (drafts), whatever was asked. */
	if (got_signal)
		leave.confirmed = false;
	while (ui.depth) {
		const struct screen_ops *old = ui.stack[--ui.depth];
		if (old->close)
			old->close(app);
	}
	ui_restore_terminal();
	if (got_signal)
		return 128 + got_signal;
	return ui.status;
}

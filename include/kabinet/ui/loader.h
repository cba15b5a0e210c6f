/* The one way a screen loads its data (loader.c), and the faults it survives. */
#ifndef KABINET_UI_LOADER_H
#define KABINET_UI_LOADER_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

struct app;

struct api_reply;
struct ap_fee_book;

/* A screen's loader: it says what a reply means (done), names a request for a
 * failure (what) and marks the row a failed request was for (failed_item); the loader
 * keeps the rest. Replies of an older load (ui_load_begin again, ui_load_drop) are
 * dropped; an ended session goes back to the login form; the first failure, with what
 * it was for, stays until the next load. */
struct ui_loader {
	void (*done)(struct app *app, int kind, const char *key, const struct api_reply *reply);
	void (*what)(struct app *app, int kind, const char *key, char *buf, size_t size);
	void (*failed_item)(struct app *app, int kind, const char *key);	/* may be NULL */
	unsigned flags;		/* API_STAFF for the staff API's reads; else 0 */

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
/* The list of accounts read on the side of a screen's own data (getAccounts); its
 * reply comes back to done() with `kind`, to be given to ui_load_took_accounts(). */
bool ui_load_accounts(struct app *app, struct ui_loader *l, int kind);
/* That reply taken into app->accounts (true), or told as a bad reply through
 * ui_load_bad_reply() (false, the accounts as they were). */
bool ui_load_took_accounts(struct app *app, struct ui_loader *l, int kind, const char *key,
			   const struct api_reply *reply);
/* The bound cards read for a screen (getBoundCards), their reply back to done() with
 * `kind`; ui_load_took_cards() takes it into *cards (the old list freed) and sets
 * *known (true), or tells it as a bad reply (false, the cards as they were). */
struct card_list;
bool ui_load_cards(struct app *app, struct ui_loader *l, int kind);
bool ui_load_took_cards(struct app *app, struct ui_loader *l, int kind, const char *key,
			const struct api_reply *reply, struct card_list *cards, bool *known);
/* getServiceInfo of every service in the book (autopay.h's fee plans), each reply
 * back to done() with `kind` and the service's id as key, to be given to
 * ui_load_took_plan(): the plan taken into the book (true), or told as a bad reply
 * (false). */
void ui_load_plans(struct app *app, struct ui_loader *l, int kind, const struct ap_fee_book *b);
bool ui_load_took_plan(struct app *app, struct ui_loader *l, int kind, const char *key,
		       const struct api_reply *reply, struct ap_fee_book *b);
/* A reply done() could not understand (the model's reason). */
void ui_load_bad_reply(struct app *app, struct ui_loader *l, int kind, const char *key,
		       const char *why);
/* Notes a failure ("what: text"; a cancel is told as itself). */
void ui_load_fail(struct ui_loader *l, const char *what, const char *text, bool cancelled);
/* Every reply of this load is in, and none failed. */
bool ui_load_complete(const struct ui_loader *l);
/* The line that says what failed and how to try again; "" when nothing failed. */
const char *ui_load_status(const struct ui_loader *l, char *buf, size_t size);
/* What a part of a screen shows while its load has nothing to show yet, at row y of
 * w from column 1, cols - 2 wide: `loading` ("Loading the cards...") while it loads,
 * the line of ui_load_status() in the error color once the load failed. */
void ui_load_draw_wait(WINDOW *w, int y, int cols, const struct ui_loader *l,
		       const char *loading);
/* The pane of a screen that shows nothing before the list of accounts is there, while
 * it is not: "Loading the accounts..." at row 1, or the load's error with "Press r to
 * try again." under it. */
void ui_load_draw_accounts_wait(WINDOW *w, int cols, const struct ui_loader *l);
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

#endif

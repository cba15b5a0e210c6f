/* The application state the screens share: the network session, what the server
 * told us (accounts with balances, bonus, profile), how the run was started
 * (server, login, read-only, where credentials come from). Plain data; the
 * screens fill it through the API and draw it. */
#ifndef KABINET_APP_H
#define KABINET_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "kabinet/model/model.h"

struct api;
struct api_reply;

/* How the login screen starts. */
enum app_start {
	APP_START_FORM,		/* ask in the form */
	APP_START_PASSWORD,	/* log in at once with app->start_secret (password_command, --demo) */
	APP_START_TOKEN,	/* loginByToken with the token found in the keyring */
};

/* The staff side (kabinet --staff): who is logged in to the staff API. */
struct app_staff {
	char login[256];	/* as staffLoginConfirm said it ("support1") */
	char name[256];		/* the display name ("Орлова Елена") */
	bool office;		/* role "office": the companies too */
};

/* A staff member's read-only view of a subscriber's cabinet, while one is open: the
 * subscribers' screens read through api_set_view_token() and every change is
 * refused before any request (app_read_only). */
struct app_view {
	bool open;
	char id[128];		/* the view's id, for staffCloseView */
	char name[256];		/* the subscriber's name, for the banner */
	char reason[1024];	/* the reason given, as sent */
};

struct app {
	struct api *api;
	bool staff_mode;	/* kabinet --staff (or `set staff yes`): the staff API */
	/* The code of the staff login's second step when the program has it (the demo:
	 * its kabinetd computes it), into buf; 0, or -1 for none. NULL: typed. */
	int (*staff_code)(char *buf, size_t size);
	struct app_staff staff;
	struct app_view view;
	char server[512];	/* base URL, in its normal form (url.h) */
	char host[256];		/* host[:port] of the server, for the top line */
	char login[1024];	/* the login given (--login, config, --demo) or typed: up to
				 * 254 characters of 4 bytes */
	bool read_only;		/* --read-only or `set read_only` */
	bool use_keyring;	/* false with --no-keyring or `set keyring no` */
	bool remember;		/* "remember me" as the login screen last had it */

	/* Start-up credentials, wiped by the login screen once used. */
	enum app_start start;
	char *start_secret;	/* password or token (malloc'ed), or NULL */
	const char *start_from;	/* translated store name for the bottom line */
	char start_note[256];	/* why the form is asked (a keyring that is locked, ...) */

	/* Which store the session's credential came from or went to (bottom line). */
	const char *store;

	/* What the server said. `*_known` is false until the first answer. */
	struct account_list accounts;
	bool accounts_known;
	unsigned accounts_gen;	/* counts changes of accounts (list, figures, tariffs) */
	unsigned accounts_list_gen;	/* counts new lists of accounts (getAccounts) */
	unsigned services_gen;	/* counts changes of services' statuses and tariff names */
	struct bonus bonus;
	bool bonus_known;
	struct profile profile;
	bool profile_known;
	struct autopay_list autopay_declined;	/* rules whose last run was declined */
	time_t updated;		/* when the overview last got every answer; 0 never */
	/* The overview cache (cache.h). cached_at is when the figures shown were taken,
	 * while some may still be the cached ones (0 once a load got every answer);
	 * cache_list says the list of accounts itself is the cached one, so nothing may
	 * act on it; awaiting_login says there is no session yet (the saved login is
	 * being tried, or failed for want of the network: cache_note says why). */
	time_t cached_at;
	bool cache_list;
	bool awaiting_login;
	char cache_note[512];
	bool remembered;	/* the keyring holds this session's token */
	unsigned loading;	/* overview requests in flight */
	/* Counts app_forget_data(): what a screen keeps beyond its own life (screen 3's
	 * services) belongs to one session's data and is dropped when this moves on. */
	unsigned data_gen;
	bool demo;		/* --demo: a private server of this run */
	/* Whether a remember token could be kept here (keyring_probe at start); when
	 * not, with the keyring used, keyring_note says why for the login form. */
	bool keyring_ok;
	char keyring_note[256];
};

/* Sets server (the URL's normal form, see url.h) and host from a URL. Returns 0, or
 * -1 with a translated reason in *why, leaving both as they were. */
int app_set_server(struct app *app, const char *url, const char **why);
/* Gives the api the options of the connection's security (ca_file, insecure_http)
 * and request_timeout. Returns 0, or -1 with the reason in err (an unreadable
 * ca_file), the api left as it was. */
int app_api_options(struct api *api, char *err, size_t errsize);
/* "host[:port]" of a URL into buf; returns buf. */
char *app_host_of(const char *url, char *buf, size_t size);
/* The account with that id, or NULL (also for a NULL or empty id). */
struct account *app_find_account(struct app *app, const char *id);
/* Takes a fresh list of accounts (getAccounts): what the old list knew of an account
 * that is still there (figures, tariff names) stays until new figures come, so a
 * refresh does not blank the screen. fresh is emptied. */
void app_take_accounts(struct app *app, struct account_list *fresh);
/* getAccountBalanceV2's answer for the account `id`, kept on that account when the
 * list still has it (the accounts' generation moves); *taken (may be NULL) is that
 * account, else NULL. False, err filled, when the answer could not be read. */
bool app_take_balance(struct app *app, const char *id, const char *body,
		      struct account **taken, struct model_err *err);
/* Drops the data of the previous session (logout, login as someone else). */
void app_forget_data(struct app *app);
/* Takes the figures of the overview cache (emptied): drawn at once, marked with
 * their age, refused to anything that would act on them. */
struct cache_view;
void app_take_cache(struct app *app, struct cache_view *v);
/* Writes the overview to the cache when this login is remembered and `set cache` is
 * on; removes it when the option is off. Never fails loudly: the cache is a nicety. */
void app_save_cache(struct app *app);
/* Whether an action that changes something must wait for the fresh figures. */
bool app_cache_only(const struct app *app);
/* Wipes and frees the start-up secret. */
void app_clear_start(struct app *app);
/* The name shown for the person: "Иванов Пётр Сергеевич", else the login. */
const char *app_person(const struct app *app);
/* What went wrong with a call, for people: our own translated text for the failures
 * and error codes we know (the name not found, no connection, TLS, a broken or cut
 * answer, wrong password, too many attempts, ...), else the server's errorMsg (which
 * is untrusted text: whoever prints it goes through text.c). Returns buf. The same
 * words on the full screen and from the subcommands. */
const char *app_fail_text(const char *host, const struct api_reply *reply, char *buf,
			  size_t size);
/* The same, naming the host of a server URL (the subcommands). */
const char *app_fail_text_url(const char *url, const struct api_reply *reply, char *buf,
			      size_t size);
const char *app_reply_text(const struct app *app, const struct api_reply *reply, char *buf,
			   size_t size);
/* Whether what moves money or changes a service is refused: --read-only, or
 * `set read_only`, which in a running session can only turn it on; and always
 * while a staff view of a subscriber's cabinet is open. */
bool app_read_only(const struct app *app);
/* The words of a change refused by app_read_only(), with `%s` for the action's
 * help text: a staff view's own, else read-only mode's. */
const char *app_refused_fmt(const struct app *app);
/* True when the reply is a success. */
bool app_reply_ok(const struct api_reply *reply);

#endif

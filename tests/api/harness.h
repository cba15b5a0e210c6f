/* API test harness: starts a private kabinetd on an ephemeral loopback port with a fresh
 * database, and talks to it over real HTTP with libcurl (cookies, CSRF header). */
#ifndef KABINET_TESTS_HARNESS_H
#define KABINET_TESTS_HARNESS_H

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct kd {
	pid_t pid;
	unsigned port;
	char dir[256];		/* private temporary directory, removed by kd_stop */
	char db[320];
	char outbox[320];
	char url[64];		/* http://127.0.0.1:PORT */
};

/* The kabinetd binary under test: $KABINETD, else $KABINET_BUILD/kabinetd, else
 * build/kabinetd. */
const char *kd_binary(void);
/* Splits $KABINETD_WRAPPER (a command prefix such as valgrind) on spaces into argv, at
 * most max words, the words kept in buf; returns how many, 0 when it is unset. */
int kd_wrapper_args(char **argv, int max, char *buf, size_t size);
/* Starts kabinetd with --seed demo --outbox and the extra arguments (NULL-terminated),
 * e.g. kd_start(&kd, "--today", "2026-11-22", NULL). Returns 0 or -1. Runs kd_binary()
 * behind the kd_wrapper_args() prefix. */
int kd_start(struct kd *kd, ...);
/* The group setup and teardown of a test file whose tests share one kabinetd:
 * curl_global_init and kd_start with the extra arguments (NULL-terminated); kd_stop and
 * curl_global_cleanup, returning kd_stop's status. */
int kd_group_start(struct kd *kd, ...);
int kd_group_stop(struct kd *kd);
/* Declares `static struct kd var` and the static group_setup and group_teardown that
 * start and stop it with kd_group_start and kd_group_stop, the extra kabinetd arguments
 * given without the NULL:
 *     KD_GROUP(kd, "--today", TODAY);
 *     ... cmocka_run_group_tests(tests, group_setup, group_teardown);
 * (The last line declares group_teardown again, so that the call takes its ';'.) */
#define KD_GROUP(var, ...)                                                                 \
	static struct kd var;                                                              \
	static int group_setup(void **state)                                               \
	{                                                                                  \
		return kd_group_start(&var, ##__VA_ARGS__, NULL);                          \
	}                                                                                  \
	static int group_teardown(void **state)                                            \
	{                                                                                  \
		return kd_group_stop(&var);                                                \
	}                                                                                  \
	static int group_teardown(void **state)
/* Takes the port from kabinetd's first line of stdout ("kabinetd listening on
 * http://127.0.0.1:PORT") into kd->port and kd->url; -1 when the line is not that. */
int kd_listening(struct kd *kd, const char *line);
/* SIGTERM, wait; returns the exit status (or 128+signal). Removes the directory. */
int kd_stop(struct kd *kd);
/* Runs `kabinetd admin ...` on the server's database, args NULL-terminated; returns the
 * exit status. */
int kd_admin(struct kd *kd, ...);
/* The sqlite3 shell on the server's database, for what no API method shows or changes
 * (stored times moved back, rows counted). `query` is plain SQL, one or more statements,
 * not a printf format (LIKE patterns keep their %); it waits up to 10 s for the server's
 * locks. The test fails when sqlite3 does. kd_sql_str returns the output without the last
 * newline (malloc'ed), kd_sql_int its leading integer, kd_sql nothing. */
char *kd_sql_str(struct kd *kd, const char *query);
int64_t kd_sql_int(struct kd *kd, const char *query);
void kd_sql(struct kd *kd, const char *query);
/* The code of the newest outbox line whose "to" contains `to` (NULL: any); malloc'ed or
 * NULL when there is none. Waits up to 2 s for the line to appear. */
char *kd_outbox_code(struct kd *kd, const char *to);
/* Number of lines in the outbox file. */
int kd_outbox_count(struct kd *kd);

struct client {
	CURL *curl;
	struct kd *kd;
	char csrf[128];		/* from the CSRF-TOKEN cookie, sent as the header */
	bool en;		/* Accept-Language: en */
	bool no_csrf;		/* leave the header out (CSRF tests) */
	char view[64];		/* a staff view's token, sent as VIEW-TOKEN; "" for none */
	char real_ip[48];	/* sent as X-Real-IP (a proxy's header); "" for none */
};

struct resp {
	long status;
	cJSON *json;		/* NULL when the body was not JSON */
	char *raw;
	long retry_after;	/* -1 when absent */
};

void client_init(struct client *c, struct kd *kd);
void client_free(struct client *c);
/* POST /client-api/<method> with the printf-formatted JSON body. Returns r->status.
 * Frees the previous contents of r first, so one struct resp can be reused. */
long api(struct client *c, struct resp *r, const char *method, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same under another path prefix ("/staff-api/"), the body's arguments in ap. */
long api_va(struct client *c, struct resp *r, const char *prefix, const char *method,
	    const char *fmt, va_list ap);
/* POST /staff-api/<method> with the printf-formatted JSON body, the CSRF header taken
 * from the STAFF-CSRF-TOKEN cookie. Returns r->status. */
long api_staff(struct client *c, struct resp *r, const char *method, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The value of the cookie `name` in the client's jar into buf, "" when there is none. */
void client_cookie(struct client *c, const char *name, char *buf, size_t size);
/* The same with a raw body and content type (bad-input tests). */
long api_raw(struct client *c, struct resp *r, const char *path, const char *verb,
	     const char *ctype, const char *body, size_t len);
void resp_free(struct resp *r);

/* The errorCode of an error response, "" when absent. */
const char *resp_code(const struct resp *r);
const char *resp_str(const struct resp *r, const char *name);
int64_t resp_int(const struct resp *r, const char *name);
/* The whole response pretty-printed, for failure messages. */
const char *resp_dump(const struct resp *r);

/* Whether the response has a member `name` (of any value, null included). */
bool resp_has(const struct resp *r, const char *name);

/* Members of a JSON object that must be there: the test fails, printing the object, when
 * `name` is missing (json_get) or is not a string (json_str) or a number (json_int). */
const cJSON *json_get(const cJSON *o, const char *name);
const char *json_str(const cJSON *o, const char *name);
int64_t json_int(const cJSON *o, const char *name);
/* The first object of the array `list` whose string member `field` is `value`, or NULL. */
const cJSON *json_find(const cJSON *list, const char *field, const char *value);

/* Logs in (asserting success) with a fresh cookie jar. */
void client_login(struct client *c, const char *login, const char *passwd);
/* Logs a member of staff in to the staff API (password Staff-2026, the code from
 * `kabinetd admin staff code LOGIN` on the client's server), asserting success. A code
 * is taken once: a member logs in once per 30 seconds. */
void client_staff_login(struct client *c, const char *login);

/* Finds the account of the caller's getAccounts whose number is `number`; returns its
 * accountId (static buffer) or fails the test. */
const char *account_id_by_number(struct client *c, const char *number);

/* Sleeps ms milliseconds, through signals. */
void msleep(long ms);

/* The status of the service of `type` on the caller's account `number`, as getAccounts
 * shows it ("" when there is none; static buffer). */
const char *account_service_status(struct client *c, const char *number, int type);

/* The balance of the caller's account (getAccountBalanceV2; asserts 200 and a number). */
int64_t account_balance(struct client *c, const char *account_id);

/* A fresh random UUID string for idempotency keys (static rotating buffers). */
const char *new_uuid(void);

/* Assertion helpers that print the response on failure. */
/* The response's string member `name` is want. */
void assert_str(const struct resp *r, const char *name, const char *want);
/* The error response names the request field want ("field": want). */
void assert_field(const struct resp *r, const char *want);
/* The client has no session: getProfile answers 401 UNAUTHORIZED. */
void assert_no_session(struct client *c);
/* Each of the n methods, called with {} by a client without a session, answers 401
 * UNAUTHORIZED. */
void assert_need_session(struct kd *kd, const char *const *methods, size_t n);
#define assert_status(r, want)                                                            \
	do {                                                                                \
		if ((r)->status != (want)) {                                                \
			print_message("expected HTTP %ld, got %ld: %s\n", (long)(want),     \
				      (r)->status, resp_dump(r));                           \
			fail();                                                             \
		}                                                                           \
	} while (0)
#define assert_error(r, want_status, want_code)                                           \
	do {                                                                                \
		assert_status(r, want_status);                                              \
		if (strcmp(resp_code(r), (want_code))) {                                    \
			print_message("expected %s, got %s: %s\n", (want_code), resp_code(r), \
				      resp_dump(r));                                        \
			fail();                                                             \
		}                                                                           \
	} while (0)

#endif

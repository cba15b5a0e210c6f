/* The client's data model: API JSON in, plain C structs out (and request bodies out).
 * The reader of the server's replies (the network layer reads only the error envelope,
 * net/envelope.c, and is given model_parse_login to read a login's answer); never
 * touches ncurses. cJSON is used besides by the subcommands' --json output, by the files kept on disk (the cache, drafts, intents)
 * and, for its allocator, by the secure heap. */
#ifndef KABINET_MODEL_H
#define KABINET_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/wipe.h"

/* Parse results. A malformed reply (missing field, wrong type, money with a fraction)
 * is MODEL_BAD with a message naming the field, never a crash or a guess. */
enum model_status { MODEL_OK, MODEL_BAD };

struct model_err {
	char msg[160];
};

enum service_type {
	SVC_INTERNET = 1,
	SVC_PHONE = 2,
	SVC_RENTAL = 6,
	SVC_IPTV = 8,
	SVC_ALLO = 15,
	SVC_MOBILE = 16,
};

enum service_status {
	SVC_ACTIVE,
	SVC_BLOCKED,		/* for debt */
	SVC_VOLUNTARY_BLOCKED,
	SVC_OPERATOR_BLOCK,
	SVC_NOT_CONNECTED,
	SVC_STATUS_UNKNOWN,
};

/* A service's number or login (docs/api.md: 1 to 64 characters), in bytes of UTF-8. */
#define MODEL_SERVICE_NUMBER_MAX 256

struct service {
	char id[64];
	int type;
	/* A number or login: the API's 64 characters, each up to 4 bytes of UTF-8. */
	char number[MODEL_SERVICE_NUMBER_MAX + 1];
	char display_number[MODEL_SERVICE_NUMBER_MAX + 1];	/* number when not sent */
	bool display_sent;	/* displayNumber came (else it is a copy of number) */
	enum service_status status;
	char status_code[32];	/* the API's word for it: ACTIVE, BLOCKED, ... */
	char tariff[128];	/* from getServiceTariffName, "" until known */
};

struct balance {
	bool known;		/* false until getAccountBalanceV2 answered */
	bool failed;		/* the last try failed or was cancelled (not known) */
	int64_t balance;	/* kopecks, signed */
	int64_t recommended;	/* required: a reply without it is bad */
	bool has_days_to_lock;
	int64_t days_to_lock;
	bool has_promised;
	int64_t promised_amount;
	char promised_expires[32];	/* RFC 3339 */
};

/* The most bytes of UTF-8 an account's region and address may have (docs/api.md):
 * such text goes out whole in --json, so longer is a bad reply, never cut. */
#define MODEL_REGION_MAX 400
#define MODEL_ADDRESS_MAX 1000

struct account {
	char id[64];
	char number[16];
	char region[MODEL_REGION_MAX + 1];
	char address[MODEL_ADDRESS_MAX + 1];
	bool credit;		/* paymentSystem CREDIT (else ADVANCE) */
	bool relative;		/* relation RELATIVE (else OWN) */
	struct service *services;
	size_t nservices;
	struct balance bal;
};

/* Items found by id in lists of thousands: an open-addressing table of pointers to
 * structs whose first member is their id (struct account, struct service). */
struct model_ids {
	void **slots;
	size_t cap;		/* a power of two; 0 when not built (lookups are then linear) */
};

struct account_list {
	struct account *items;
	size_t n;
	/* Built by model_parse_accounts and model_index_accounts; a list put together by
	 * hand has none and is searched from the start. */
	struct model_ids accounts_by_id, services_by_id;
};

struct bonus {
	bool active;		/* status ACTIVE (else MISSING) */
	int64_t points;
	char level[16];		/* BASIC, STANDARD, PRIVILEGE */
	char level_name[64];
	char level_expires[16];
	int64_t burning_points;	/* the soonest burning batch, 0 when none */
	char burning_date[16];
};

struct profile {
	char login[64];
	char last_name[64], name[64], middle_name[64];
	char email[128], phone[32], region[128];
	bool two_step;
};

/* An autopay rule whose last run was declined (getAutopayRules), for the overview's
 * warnings. */
struct autopay_declined {
	char account_id[64];
	char date[16];		/* YYYY-MM-DD of the run */
	int64_t amount;		/* what it tried to pay, kopecks */
};

struct autopay_list {
	struct autopay_declined *items;
	size_t n;
};

/* Where a code went (sentTo): a masked phone, card or e-mail (its first character,
 * "***" and a host of up to 253 characters), in bytes; read whole or the reply is bad. */
#define MODEL_SENT_TO_MAX 260

/* The answer of login / confirmOtp / loginByToken. */
struct login_reply {
	bool otp_required;
	char otp_id[64];
	char sent_to[MODEL_SENT_TO_MAX + 1];
	int resend_after;
	char remember_token[128];	/* "" when none; wipe with model_wipe() after use */
	/* PASSWORD_CHANGE_REQUIRED: a one-time password from the office was right; the
	 * handle (a secret, wiped after use) goes with the new password to
	 * setInitialPassword, which logs in. */
	bool password_change;
	char handle[64];
};

enum model_status model_parse_accounts(const char *json, struct account_list *out,
				       struct model_err *err);
void model_free_accounts(struct account_list *list);
/* Indexes a list made otherwise (the cache's): returns 0, 1 when an account id is
 * repeated (the first is indexed), -1 when out of memory (lookups stay linear). */
int model_index_accounts(struct account_list *list);
/* The account or service with that id, or NULL; a service listed under two accounts
 * (a server's mistake) is found under the first. */
struct account *model_find_account(const struct account_list *list, const char *id);
/* Stepping through "all accounts" and then each account in turn ([ and ] on screen 4
 * and its chart): the id after `id` (dir > 0) or before it (dir < 0), "" standing for
 * all of them; an id the list no longer has counts as "". */
const char *model_account_step(const struct account_list *list, const char *id, int dir);
struct service *model_find_service(const struct account_list *list, const char *id);
enum model_status model_parse_balance(const char *json, struct balance *out,
				      struct model_err *err);
/* {"tariffNames":{serviceId:name}} into the matching services of the list. */
enum model_status model_apply_tariff_names(const char *json, struct account_list *list,
					   struct model_err *err);
/* Keeps only the enabled rules whose lastRun.status is DECLINED. */
enum model_status model_parse_declined_autopay(const char *json, struct autopay_list *out,
					       struct model_err *err);
void model_free_autopay(struct autopay_list *list);
enum model_status model_parse_bonus(const char *json, struct bonus *out, struct model_err *err);
enum model_status model_parse_profile(const char *json, struct profile *out,
				      struct model_err *err);
/* setInitialPassword's body: the handle and the new password (model_free_secret_body). */
char *model_body_initial_password(const char *handle, const char *password);
enum model_status model_parse_login(const char *json, struct login_reply *out,
				    struct model_err *err);

/* What the API takes in `login` (characters): the client says what is wrong in the
 * interface's language before asking, instead of showing the server's own words. */
#define MODEL_LOGIN_MAX 254
#define MODEL_PASSWORD_MAX 256
/* NULL when login and passwd are within the API's rules; else why not, translated.
 * Either may be NULL (not checked). */
const char *model_login_problem(const char *login, const char *passwd);

/* Request bodies (malloc'ed JSON text; NULL on out of memory). Secrets inside are the
 * caller's to wipe: free with model_free_secret_body(), which zeroes before freeing. */
char *model_body_login(const char *login, const char *passwd, bool remember,
		       const char *device_name);
char *model_body_otp(const char *otp_id, const char *code);
char *model_body_resend(const char *otp_id);
/* resendOtp's {"resendAfter":N}: the seconds until the next resend, or `def` when
 * the reply does not say (or says something out of range). */
int model_parse_resend_after(const char *json, int def);
char *model_body_account(const char *account_id);
/* "{}": the body of a method that takes nothing (malloc'ed; NULL without memory). */
char *model_body_empty(void);
/* getServiceTariffName takes 1 to 100 ids a call (docs/api.md): a body for the ids
 * skip .. skip+max-1 in the list's order; model_count_services() says how many there
 * are in all. */
#define MODEL_TARIFF_BATCH 100
size_t model_count_services(const struct account_list *list);
char *model_body_services(const struct account_list *list, size_t skip, size_t max);
void model_free_secret_body(char *body);

/* The deviceId of getDevices' entry marked "current"; -1 when none. */
int model_current_device(const char *json, char *id, size_t size);
char *model_body_device(const char *device_id);

/* `kabinet balance --json`: {"accounts":[{accountId, number, region, paymentSystem,
 * relation, balance, recommendedPayment, daysToLock, promisedPayment}], "below",
 * "anyBelow"}; a NULL below leaves those two out. malloc'ed text. */
char *model_balance_json(const struct account_list *list, const int64_t *below, bool any_below);

/* `kabinet accounts --json`: {"accounts":[{accountId, number, region, address,
 * paymentSystem, relation, services:[{serviceId, type, number, displayNumber, status,
 * tariff}]}]}, in the API's words (tariff null when its name is not known).
 * malloc'ed text. */
char *model_accounts_json(const struct account_list *list);

const char *model_service_type_name(int type);	/* translated: «Интернет» / "Internet" */
const char *model_service_status_name(enum service_status s);
/* A service's status as the API writes it (ACTIVE, ...); SVC_STATUS_UNKNOWN else. */
enum service_status model_service_status(const char *code);

#endif

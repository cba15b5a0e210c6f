/* The model of autopay (docs/api.md "Autopay"): the rule object in, the bodies of
 * create / update / enable / delete out, "what happens next": when billing will run a
 * rule and what it will charge, worked out the way `kabinetd admin bill` does, and all
 * of it in words. Pure like model.h: no network (model_autopay.c, autopay_next.c,
 * autopay_words.c). */
#ifndef KABINET_AUTOPAY_H
#define KABINET_AUTOPAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"
#include "kabinet/model/services.h"

/* What the API takes (createAutopayRule). */
#define AP_THRESHOLD_MIN INT64_C(0)
#define AP_AMOUNT_MIN INT64_C(100)		/* 1 rouble */
#define AP_MONEY_MAX INT64_C(1500000)		/* 15 000 roubles: also one payment's most */
#define AP_DAY_MIN 1
#define AP_DAY_MAX 28				/* every month has the 28th */

enum ap_kind { AP_THRESHOLD, AP_MONTHLY, AP_DEBT, AP_KIND_COUNT };

struct ap_rule {
	char id[64];
	char account_id[64];
	char card_id[64];
	char card_mask[32];
	enum ap_kind kind;
	int64_t threshold;		/* THRESHOLD only */
	int64_t amount;			/* THRESHOLD: the payment; MONTHLY: the balance to reach */
	int day;			/* MONTHLY only */
	bool enabled;
	bool has_last;			/* lastRun is not null */
	char last_date[16];		/* YYYY-MM-DD */
	bool last_declined;		/* DECLINED, else SUCCEEDED */
	int64_t last_amount;		/* charged, or tried */
	char last_reason[32];		/* why it was declined (the API's word), or "" */
};

struct ap_rules {
	struct ap_rule *items;
	size_t n;
};

/* The API's word for a kind (THRESHOLD, ...), and back (false when none). */
const char *ap_kind_code(enum ap_kind k);
bool ap_kind_parse(const char *code, enum ap_kind *out);
/* The kind in words, translated: "threshold", "monthly", "debt". */
const char *ap_kind_text(enum ap_kind k);

/* getAutopayRules: {"rules":[rule, ...]}. Strict: a figure the kind needs missing, or
 * one it does not use given, is a bad reply. */
enum model_status model_parse_autopay_rules(const char *json, struct ap_rules *out,
					    struct model_err *err);
/* One rule (the answer of create and update). */
enum model_status model_parse_autopay_rule(const char *json, struct ap_rule *out,
					   struct model_err *err);
void model_free_autopay_rules(struct ap_rules *l);
/* The account's rule of that kind, or NULL. */
const struct ap_rule *ap_rules_find(const struct ap_rules *l, const char *account_id,
				    enum ap_kind k);
/* Whether the rules (a struct ap_rules *) hold one of the account's: the choice of
 * ap_fee_book_make() for the accounts whose next runs are replayed. */
bool ap_rules_have_account(const struct account *a, void *rules);

/* Bodies (malloc'ed JSON; NULL when out of memory). create sends only the figures of
 * the kind; update sends the figures of the rule's kind and the card (card_id NULL:
 * kept); toggle sends only `enabled`. */
char *model_body_autopay_create(const char *account_id, const char *card_id, enum ap_kind k,
				int64_t threshold, int64_t amount, int day);
char *model_body_autopay_update(const struct ap_rule *r, const char *card_id);
char *model_body_autopay_enable(const char *rule_id, bool enabled);
char *model_body_autopay_delete(const char *rule_id);

/* --- what happens next (autopay_next.c) --- */

/* --- billing's replay of the monthly fee (autopay_next.c) --- */

/* What a service costs on the billing run of a 1st, as getServiceInfo shows it now and
 * billing's rules 1, 2 and 4 play it forward (docs/api.md "Billing"): an ACTIVE or
 * BLOCKED (for debt) service is charged its tariff and enabled options; a voluntary
 * block "until D" ends with the run of D + 1; a pending tariff is the one charged from
 * its effectiveFrom; any other status is charged nothing. Days are ap_date_days()'s. */
struct ap_fee_plan {
	int64_t from;			/* the first day charged: INT64_MIN now, INT64_MAX never */
	int64_t fee;			/* the tariff and enabled options now */
	int64_t pending_from;		/* the pending tariff's day, INT64_MAX without one */
	int64_t pending_fee;		/* the pending tariff and the enabled options */
};

/* The plan of a parsed getServiceInfo; false when a sum is beyond ±2^53 or a date of
 * it is no date. */
bool ap_fee_plan_make(const struct service_info *s, struct ap_fee_plan *out);
/* What the run of `day` (a 1st) charges the n services: the sum of their plans; false
 * when it is beyond ±2^53. The one figure behind the chart's forecast and autopay's. */
bool ap_fee_on(const struct ap_fee_plan *plans, size_t n, int64_t day, int64_t *out);
/* The first 1st after `after` and up to `until` whose fee differs from the fee of
 * `after` (the day into *day, the fee into *fee); false when none does. */
bool ap_fee_change(const struct ap_fee_plan *plans, size_t n, int64_t after, int64_t until,
		   int64_t *day, int64_t *fee);

/* The plans of some accounts' services, account by account, each filled when its
 * getServiceInfo is in (the screens and `kabinet autopay` load them alike). */
struct ap_fee_book {
	struct ap_fee_plan *plans;
	char (*account)[64];		/* the account of each plan */
	char (*service)[64];		/* its service */
	bool *known;
	size_t n;
};

/* The services of the accounts `want` takes (NULL: all) into b, none known yet; false
 * when out of memory (b empty). */
bool ap_fee_book_make(struct ap_fee_book *b, const struct account_list *accounts,
		      bool (*want)(const struct account *a, void *ud), void *ud);
/* Takes a getServiceInfo answer for the service of that id: false with err set when
 * it is a bad reply or its sums are beyond; true (nothing kept) for a service not in b. */
bool ap_fee_book_take(struct ap_fee_book *b, const char *service_id, const char *json,
		      struct model_err *err);
/* The plans of an account (NULL or "": of every account in b) once every one of its
 * services is known (false before, and for an account b holds no service of). */
bool ap_fee_book_account(const struct ap_fee_book *b, const char *account_id,
			 const struct ap_fee_plan **plans, size_t *n);
void ap_fee_book_free(struct ap_fee_book *b);

/* What billing will see of an account: today's balance and fees. */
struct ap_account_state {
	char today[11];			/* the server's today, YYYY-MM-DD ("" unknown) */
	int64_t balance;		/* kopecks, signed */
	int64_t fee;			/* the monthly fee now, charged on the 1st */
	/* Its services' plans when all are known (each 1st charges ap_fee_on() of them);
	 * NULL: `fee` on every 1st. */
	const struct ap_fee_plan *plans;
	size_t nplans;
	bool credit;			/* CREDIT payment system */
	int64_t promised;		/* an active promised payment, 0 when none */
	char promised_back[11];		/* the day billing takes it back, YYYY-MM-DD */
};

enum ap_next_kind {
	AP_NEXT_RUNS,			/* on `date`, charging `amount` */
	AP_NEXT_DISABLED,		/* billing skips the rule */
	AP_NEXT_STAYS_ABOVE,		/* not while the balance stays at or above `above` */
	AP_NEXT_NOT_CREDIT,		/* a DEBT rule on an advance account never runs */
	AP_NEXT_UNKNOWN,		/* today is not known, or a bad date */
	AP_NEXT_BEYOND,			/* the figures are beyond what can be added */
};

struct ap_next {
	enum ap_next_kind kind;
	char date[11];			/* YYYY-MM-DD */
	int64_t amount;
	int64_t above;
};

/* How far ahead ap_next() looks: beyond it a rule "stays above". */
#define AP_NEXT_DAYS 800

/* The first billing run after today that would charge the rule, at today's balance
 * and fees: the billing of a day runs at its start (today's has run), a promised
 * payment goes back on its day, then the fee on the 1st (the plans' on that day: a
 * pending tariff and a voluntary block's end counted), then autopay (docs/api.md,
 * "Billing"). Other rules of the account are not counted. */
void ap_next(const struct ap_rule *r, const struct ap_account_state *s, struct ap_next *out);

/* Calendar helpers: days since 1970-01-01 of a YYYY-MM-DD (INT64_MIN when it is no
 * date), and back. */
int64_t ap_date_days(const char *iso);
void ap_days_date(int64_t days, char out[11]);

/* --- in words (autopay_words.c), translated; money as `money` formats it --- */

typedef char *(*ap_money_fn)(int64_t kopecks, char *buf, size_t size);
/* "10th" / "10-го": a day of the month. */
void ap_day_words(int day, char *buf, size_t size);
/* The figures: "when the balance falls below 100,00 ₽, pay 500,00 ₽", "on the 10th,
 * top up to 1 500,00 ₽", "on the billing day, pay what is due". */
void ap_rule_words(const struct ap_rule *r, ap_money_fn money, char *buf, size_t size);
/* The next run: "on 10.12: 2 039,50 ₽", "not while the balance stays above 100,00 ₽",
 * "none: the rule is off", ... */
void ap_next_words(const struct ap_next *n, enum ap_kind k, ap_money_fn money, char *buf,
		   size_t size);
/* The rule in a narrow column, its sums whole: "10th: up to 1,500.00 RUB", "below
 * 100.00 RUB: pay 500.00 RUB"; empty where the rule has no sum. */
void ap_rule_brief(const struct ap_rule *r, ap_money_fn money, char *buf, size_t size);
/* The next run, shorter, for a narrow column, where the words hold a sum: "Jan 10, 2027:
 * 537,80 RUB", "when below 100.00 RUB"; empty where there is no shorter. */
void ap_next_brief(const struct ap_next *n, enum ap_kind k, ap_money_fn money, char *buf,
		   size_t size);
/* The last run: "10.11.2026, 1 440,00 ₽, paid" / "..., DECLINED", or "not run yet". */
void ap_last_words(const struct ap_rule *r, ap_money_fn money, char *buf, size_t size);

#endif

/* libFuzzer targets for every reader of the client's replies (src/client/model*.c).
 * One binary, one target per reader: the Makefile names it build-fuzz/fuzz-NAME (a link)
 * for each READER(NAME) below, and the name it runs under picks the reader (or
 * FUZZ_READER=NAME in the environment), so that each reader is fuzzed on its own, with
 * its own corpus (fuzz/corpus/NAME) and regressions (fuzz/regressions/NAME).
 *
 * Beyond "no crash" (ASan, UBSan, LeakSanitizer), each target checks what the reader
 * promises: on MODEL_OK every string is NUL-terminated within its buffer, ids are not
 * empty, counts agree with the arrays, figures are within ±2^53 and enums within their
 * range; on MODEL_BAD the message says something. A broken promise aborts (a crash for
 * libFuzzer). Everything allocated is freed, whatever the answer was. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/access.h"
#include "kabinet/model/autopay.h"
#include "kabinet/model/bonus.h"
#include "kabinet/model/charges.h"
#include "kabinet/model/model.h"
#include "kabinet/model/notify.h"
#include "kabinet/net/envelope.h"
#include "kabinet/model/services.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/history.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/profile.h"
#include "kabinet/model/staff_find.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/staff_office.h"
#include "kabinet/model/support.h"
#include "kabinet/model/staff_queue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define EXACT 9007199254740992.0	/* 2^53 */

static void broken(const char *what, const char *name)
{
	fprintf(stderr, "fuzz: broken promise: %s (%s)\n", what, name);
	abort();
}

/* A char array of a struct: NUL within its size. */
#define STR(a) check_str((a), sizeof(a), #a)
/* An id: as STR, and of the contract's shape (docs/api.md): 1 to 48 of A-Z a-z 0-9
 * - _ . ~ : (a NUL escape in it read as U+FFFD fails it, so none is cut short). */
#define ID(a) (STR(a), check_shape((a), 1, 48, ID_ALPHABET, "id out of shape", #a))
#define ID_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~:"
/* An account number: 12 ASCII digits ("" allowed where the field is optional). */
#define NUMBER(a, optional)                                                                \
	(STR(a), (optional) && !(a)[0] ? (void)0 :                                        \
		 check_shape((a), 12, 12, "0123456789", "account number out of shape", #a))
#define MONEY(v) check_money((int64_t)(v), #v)
#define ENUM(v, lo, hi) ((int)(v) >= (int)(lo) && (int)(v) <= (int)(hi) ? (void)0 : \
			 broken("enum out of range", #v))
#define ITEMS(p, n) ((n) == 0 || (p) ? (void)0 : broken("items NULL with a count", #p))
#define THAT(cond) ((cond) ? (void)0 : broken("false: " #cond, ""))

static void check_str(const char *s, size_t size, const char *name)
{
	if (!memchr(s, '\0', size))
		broken("string not NUL-terminated within its buffer", name);
}

static void check_shape(const char *s, size_t min, size_t max, const char *set,
			const char *what, const char *name)
{
	size_t n = strlen(s);
	if (n < min || n > max || strspn(s, set) != n)
		broken(what, name);
}

static void check_money(int64_t v, const char *name)
{
	if (v <= -(int64_t)EXACT || v >= (int64_t)EXACT)
		broken("figure beyond ±2^53", name);
}

/* The error of a MODEL_BAD: filled with something, terminated. */
static struct model_err *fresh_err(struct model_err *e)
{
	memset(e->msg, 'x', sizeof(e->msg));
	return e;
}

static void check_status(enum model_status st, const struct model_err *e)
{
	ENUM(st, MODEL_OK, MODEL_BAD);
	if (st == MODEL_BAD) {
		STR(e->msg);
		if (!e->msg[0])
			broken("MODEL_BAD without a message", "err.msg");
	}
}

/* The output of a reader lives on the heap at its exact size, so that ASan sees a
 * write past its end. */
static void *out_alloc(size_t size)
{
	void *p = calloc(1, size);
	if (!p)
		abort();
	return p;
}

/* --- the readers --- */

static void check_service(const struct service *s)
{
	ID(s->id);
	STR(s->number);
	STR(s->display_number);
	STR(s->status_code);
	STR(s->tariff);
	ENUM(s->status, SVC_ACTIVE, SVC_STATUS_UNKNOWN);
}

static void check_accounts(const struct account_list *l)
{
	ITEMS(l->items, l->n);
	for (size_t i = 0; i < l->n; i++) {
		const struct account *a = &l->items[i];
		ID(a->id);
		NUMBER(a->number, false);
		STR(a->region);
		STR(a->address);
		ITEMS(a->services, a->nservices);
		for (size_t k = 0; k < a->nservices; k++) {
			check_service(&a->services[k]);
			/* one row per service, whatever the server repeats */
			for (size_t j = 0; j < k; j++)
				THAT(strcmp(a->services[j].id, a->services[k].id) != 0);
		}
	}
}

static void fz_accounts(const char *json, size_t len)
{
	struct account_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_accounts(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_accounts(l);
	model_free_accounts(l);
	free(l);
}

static void check_balance(const struct balance *b)
{
	MONEY(b->balance);
	MONEY(b->recommended);
	MONEY(b->days_to_lock);
	MONEY(b->promised_amount);
	STR(b->promised_expires);
	THAT(b->known);
}

static void fz_balance(const char *json, size_t len)
{
	struct balance *b = out_alloc(sizeof(*b));
	struct model_err e;
	enum model_status st = model_parse_balance(json, b, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_balance(b);
	free(b);
}

/* getServiceTariffName's answer applies to a list of accounts: the input is a
 * getAccounts reply, a NUL, then the getServiceTariffName reply (make-corpus.sh writes
 * them so); without a NUL the list is a fixed one of demo's shape. */
static const char fixed_accounts[] =
	"{\"accounts\":[{\"accountId\":\"a1\",\"number\":\"100000000001\",\"services\":["
	"{\"serviceId\":\"s1\",\"type\":1,\"number\":\"n1\",\"status\":\"ACTIVE\"},"
	"{\"serviceId\":\"s2\",\"type\":8,\"number\":\"n2\",\"status\":\"BLOCKED\"}]},"
	"{\"accountId\":\"a2\",\"number\":\"100000000002\",\"services\":["
	"{\"serviceId\":\"s3\",\"type\":16,\"number\":\"n3\",\"status\":\"ACTIVE\"}]}]}";

static void fz_tariff_names(const char *json, size_t len)
{
	size_t n = strlen(json);
	const char *accounts = n < len ? json : fixed_accounts;
	const char *names = n < len ? json + n + 1 : json;
	struct account_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st;

	if (model_parse_accounts(accounts, l, fresh_err(&e)) == MODEL_OK) {
		st = model_apply_tariff_names(names, l, fresh_err(&e));
		check_status(st, &e);
		check_accounts(l);
	}
	model_free_accounts(l);
	free(l);
}

static void fz_declined_autopay(const char *json, size_t len)
{
	struct autopay_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_declined_autopay(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(l->items, l->n);
		for (size_t i = 0; i < l->n; i++) {
			ID(l->items[i].account_id);
			STR(l->items[i].date);
			MONEY(l->items[i].amount);
		}
	}
	model_free_autopay(l);
	free(l);
}

static void check_bonus(const struct bonus *b)
{
	MONEY(b->points);
	STR(b->level);
	STR(b->level_name);
	STR(b->level_expires);
	MONEY(b->burning_points);
	STR(b->burning_date);
}

static void fz_bonus(const char *json, size_t len)
{
	struct bonus *b = out_alloc(sizeof(*b));
	struct model_err e;
	enum model_status st = model_parse_bonus(json, b, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_bonus(b);
	free(b);
}

static void check_profile(const struct profile *p)
{
	STR(p->login);
	STR(p->last_name);
	STR(p->name);
	STR(p->middle_name);
	STR(p->email);
	STR(p->phone);
	STR(p->region);
}

static void fz_profile(const char *json, size_t len)
{
	struct profile *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_profile(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_profile(p);
	free(p);
}

static void fz_login(const char *json, size_t len)
{
	struct login_reply *r = out_alloc(sizeof(*r));
	struct model_err e;
	enum model_status st = model_parse_login(json, r, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(r->otp_id);
		STR(r->sent_to);
		STR(r->remember_token);
		if (r->otp_required)
			ID(r->otp_id);
	}
	model_wipe(r, sizeof(*r));
	free(r);
}

/* The error body, into buffers of the sizes api.c gives and into tiny ones (cut). */
static void fz_error(const char *json, size_t len)
{
	static const size_t sizes[][3] = { { 64, 256, 64 }, { 1, 2, 3 } };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *code = out_alloc(sizes[i][0]), *msg = out_alloc(sizes[i][1]);
		char *field = out_alloc(sizes[i][2]);
		int rc = envelope_parse_error(json, code, sizes[i][0], msg, sizes[i][1], field,
					   sizes[i][2]);
		THAT(rc == 0 || rc == -1);
		check_str(code, sizes[i][0], "code");
		check_str(msg, sizes[i][1], "msg");
		check_str(field, sizes[i][2], "field");
		if (rc == -1)
			THAT(!code[0] && !msg[0] && !field[0]);
		free(code);
		free(msg);
		free(field);
	}
}

static void fz_resend_after(const char *json, size_t len)
{
	int v = model_parse_resend_after(json, -7);
	THAT(v == -7 || (v > 0 && v < 3600));
}

static void fz_current_device(const char *json, size_t len)
{
	char *id = out_alloc(64);
	int rc = model_current_device(json, id, 64);
	THAT(rc == 0 || rc == -1);
	if (rc == 0)
		check_str(id, 64, "id"), THAT(id[0]);
	free(id);
}

static void check_account_info(const struct account_info *a)
{
	STR(a->owner);
	STR(a->address);
	STR(a->contract_date);
	NUMBER(a->number, true);
	STR(a->region);
	STR(a->invoice_email);
}

static void fz_account_info(const char *json, size_t len)
{
	struct account_info *a = out_alloc(sizeof(*a));
	struct model_err e;
	enum model_status st = model_parse_account_info(json, a, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_account_info(a);
	free(a);
}

static void fz_invoice_email(const char *json, size_t len)
{
	struct account_info *a = out_alloc(sizeof(*a));
	struct model_err e;
	enum model_status st = model_parse_invoice_email(json, a, fresh_err(&e));
	check_status(st, &e);
	check_account_info(a);
	free(a);
}

static void fz_attach(const char *json, size_t len)
{
	struct attach_offer *a = out_alloc(sizeof(*a));
	struct model_err e;
	enum model_status st = model_parse_attach(json, a, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ID(a->attach_id);
		NUMBER(a->number, true);
		ITEMS(a->services, a->nservices);
		for (size_t i = 0; i < a->nservices; i++)
			check_service(&a->services[i]);
	}
	model_free_attach(a);
	free(a);
}

static void fz_attached(const char *json, size_t len)
{
	char *id = out_alloc(64);
	bool re = false;
	struct model_err e;
	enum model_status st = model_parse_attached(json, id, 64, &re, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_str(id, 64, "accountId"), THAT(id[0]);
	free(id);
}

static void check_tariff_ref(const struct tariff_ref *t)
{
	STR(t->id);
	STR(t->name);
	MONEY(t->fee);
}

static void fz_service_info(const char *json, size_t len)
{
	struct service_info *s = out_alloc(sizeof(*s));
	struct model_err e;
	enum model_status st = model_parse_service_info(json, s, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ENUM(s->status, SVC_ACTIVE, SVC_STATUS_UNKNOWN);
		STR(s->number);
		STR(s->display_number);
		check_tariff_ref(&s->tariff);
		check_tariff_ref(&s->pending);
		STR(s->pending_from);
		STR(s->block_end);
		ITEMS(s->options, s->noptions);
		for (size_t i = 0; i < s->noptions; i++) {
			ID(s->options[i].id);
			STR(s->options[i].name);
			MONEY(s->options[i].fee);
		}
	}
	model_free_service_info(s);
	free(s);
}

static void fz_tariffs(const char *json, size_t len)
{
	struct tariff_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_tariffs(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(l->items, l->n);
		for (size_t i = 0; i < l->n; i++) {
			const struct tariff_offer *t = &l->items[i];
			ID(t->id);
			STR(t->name);
			STR(t->description);
			MONEY(t->fee);
			MONEY(t->speed);
			MONEY(t->channels);
			MONEY(t->minutes);
			MONEY(t->gigabytes);
		}
	}
	model_free_tariffs(l);
	free(l);
}

static void fz_usage(const char *json, size_t len)
{
	struct usage *u = out_alloc(sizeof(*u));
	struct model_err e;
	enum model_status st = model_parse_usage(json, u, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(u->unit);
		STR(u->next_cursor);
		MONEY(u->total);
		ITEMS(u->items, u->n);
		for (size_t i = 0; i < u->n; i++) {
			STR(u->items[i].date);
			MONEY(u->items[i].value);
		}
	}
	model_free_usage(u);
	free(u);
}

static void fz_service_status(const char *json, size_t len)
{
	enum service_status *status = out_alloc(sizeof(*status));
	char *end = out_alloc(16);
	struct model_err e;
	enum model_status st = model_parse_service_status(json, status, end, 16, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ENUM(*status, SVC_ACTIVE, SVC_STATUS_UNKNOWN);
		check_str(end, 16, "voluntaryBlockEndDate");
	}
	free(status);
	free(end);
}

static void fz_payment_system(const char *json, size_t len)
{
	bool credit = false;
	struct model_err e;
	check_status(model_parse_payment_system(json, &credit, fresh_err(&e)), &e);
}

static void fz_effective_from(const char *json, size_t len)
{
	char *date = out_alloc(16);
	struct model_err e;
	enum model_status st = model_parse_effective_from(json, date, 16, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_str(date, 16, "effectiveFrom");
	free(date);
}

static void fz_payment(const char *json, size_t len)
{
	struct payment *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_payment(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ID(p->id);
		ENUM(p->kind, PAY_KIND_PAYMENT, PAY_KIND_AUTOPAY);
		ENUM(p->status, PAY_SUCCEEDED, PAY_PENDING_3DS);
		MONEY(p->amount);
		THAT(p->nitems <= PAY_ITEMS_MAX);
		for (size_t i = 0; i < p->nitems; i++) {
			STR(p->items[i].account_id);
			MONEY(p->items[i].amount);
		}
		STR(p->created_at);
		STR(p->decline_reason);
		STR(p->card_id);
		STR(p->card_mask);
		STR(p->sent_to);
	}
	free(p);
}

static void fz_key_check(const char *json, size_t len)
{
	struct key_check *k = out_alloc(sizeof(*k));
	struct model_err e;
	enum model_status st = model_parse_key_check(json, k, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(k->method);
		/* Used: the method and the answer (an object's text) are there; void: neither. */
		THAT(k->used ? k->method[0] && k->answer && k->answer[0] == '{' : !k->answer);
		model_free_key_check(k);
	}
	free(k);
}

static void fz_cards(const char *json, size_t len)
{
	struct card_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_cards(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(l->items, l->n);
		for (size_t i = 0; i < l->n; i++) {
			ID(l->items[i].id);
			STR(l->items[i].mask);
			STR(l->items[i].system);
			STR(l->items[i].expires);
		}
	}
	model_free_cards(l);
	free(l);
}

static void fz_history(const char *json, size_t len)
{
	struct hist_page *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_history(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(p->next_cursor);
		ITEMS(p->items, p->n);
		for (size_t i = 0; i < p->n; i++) {
			const struct hist_row *r = &p->items[i];
			ID(r->id);
			STR(r->account_id);
			STR(r->date);
			ENUM(r->type, HIST_PAYMENT, HIST_UNKNOWN);
			STR(r->type_code);
			MONEY(r->amount);
			THAT(r->description != NULL);
			THAT(strlen(r->description) <= HIST_DESCRIPTION_MAX);
		}
	}
	model_free_history(p);
	free(p);
}

static void check_invoice(const struct invoice *inv)
{
	ID(inv->id);
	STR(inv->account_id);
	STR(inv->period);
	MONEY(inv->amount);
	STR(inv->due_date);
}

static void fz_invoices(const char *json, size_t len)
{
	struct invoice_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_invoices(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(l->items, l->n);
		for (size_t i = 0; i < l->n; i++)
			check_invoice(&l->items[i]);
	}
	model_free_invoices(l);
	free(l);
}

static void fz_invoice(const char *json, size_t len)
{
	struct invoice_detail *d = out_alloc(sizeof(*d));
	struct model_err e;
	enum model_status st = model_parse_invoice(json, d, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		check_invoice(&d->inv);
		ITEMS(d->lines, d->nlines);
		for (size_t i = 0; i < d->nlines; i++) {
			STR(d->lines[i].service);
			STR(d->lines[i].description);
			MONEY(d->lines[i].amount);
		}
	}
	model_free_invoice(d);
	free(d);
}

static void fz_transfer(const char *json, size_t len)
{
	struct transfer_reply *t = out_alloc(sizeof(*t));
	struct model_err e;
	enum model_status st = model_parse_transfer(json, t, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ID(t->id);
		MONEY(t->from_balance);
	}
	free(t);
}

static void fz_promise_offer(const char *json, size_t len)
{
	struct promise_offer *o = out_alloc(sizeof(*o));
	struct model_err e;
	enum model_status st = model_parse_promise_offer(json, o, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(o->reason);
		MONEY(o->min_amount);
		MONEY(o->max_amount);
		MONEY(o->days);
		STR(o->expires_on);
	}
	free(o);
}

static void fz_promise(const char *json, size_t len)
{
	struct promise_reply *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_promise(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ID(p->id);
		MONEY(p->amount);
		STR(p->expires_at);
		MONEY(p->balance);
	}
	free(p);
}

static void check_rule(const struct ap_rule *r)
{
	ID(r->id);
	STR(r->account_id);
	STR(r->card_id);
	STR(r->card_mask);
	ENUM(r->kind, AP_THRESHOLD, AP_KIND_COUNT - 1);
	MONEY(r->threshold);
	MONEY(r->amount);
	STR(r->last_date);
	MONEY(r->last_amount);
	STR(r->last_reason);
}

static void fz_autopay_rules(const char *json, size_t len)
{
	struct ap_rules *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_autopay_rules(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(l->items, l->n);
		for (size_t i = 0; i < l->n; i++)
			check_rule(&l->items[i]);
	}
	model_free_autopay_rules(l);
	free(l);
}

static void fz_autopay_rule(const char *json, size_t len)
{
	struct ap_rule *r = out_alloc(sizeof(*r));
	struct model_err e;
	enum model_status st = model_parse_autopay_rule(json, r, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_rule(r);
	free(r);
}

static void fz_bonus_status(const char *json, size_t len)
{
	struct bonus_status *s = out_alloc(sizeof(*s));
	struct bonus *sum = out_alloc(sizeof(*sum));
	struct model_err e;
	enum model_status st = model_parse_bonus_status(json, s, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		MONEY(s->points);
		STR(s->level);
		STR(s->level_name);
		STR(s->level_expires);
		ITEMS(s->lots, s->nlots);
		for (size_t i = 0; i < s->nlots; i++) {
			MONEY(s->lots[i].points);
			STR(s->lots[i].date);
		}
		/* the overview's summary of it */
		bonus_summary(s, sum);
		check_bonus(sum);
	}
	model_free_bonus_status(s);
	free(s);
	free(sum);
}

static void fz_bonus_spent(const char *json, size_t len)
{
	struct bonus_spent *s = out_alloc(sizeof(*s));
	struct model_err e;
	enum model_status st = model_parse_bonus_spent(json, s, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		MONEY(s->points);
		MONEY(s->account_balance);
	}
	free(s);
}

static void check_request(const struct request *r)
{
	ID(r->id);
	STR(r->created_at);
	THAT(r->topic != NULL);
	THAT(strlen(r->topic) <= SUPPORT_TOPIC_BYTES);
	ENUM(r->status, REQ_NEW, REQ_STATUS_COUNT - 1);
	STR(r->account_id);
	ITEMS(r->msgs, r->nmsgs);
	for (size_t i = 0; i < r->nmsgs; i++) {
		STR(r->msgs[i].at);
		THAT(r->msgs[i].text != NULL);
		(void)strlen(r->msgs[i].text);	/* ASan: readable up to its NUL */
	}
}

static void fz_request(const char *json, size_t len)
{
	struct request *r = out_alloc(sizeof(*r));
	struct model_err e;
	enum model_status st = model_parse_request(json, r, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_request(r);
	model_free_request(r);
	free(r);
}

static void fz_requests(const char *json, size_t len)
{
	struct request_page *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_requests(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(p->next_cursor);
		ITEMS(p->items, p->n);
		for (size_t i = 0; i < p->n; i++)
			check_request(&p->items[i]);
	}
	model_free_requests(p);
	free(p);
}

static void check_staff_request(const struct staff_request *r)
{
	ID(r->id);
	STR(r->created_at);
	THAT(r->topic != NULL);
	THAT(strlen(r->topic) <= SUPPORT_TOPIC_BYTES);
	ENUM(r->status, SRQ_NEW, SRQ_STATUS_COUNT - 1);
	STR(r->subscriber);
	STR(r->account_number);
	THAT(!r->account_number[0] || strlen(r->account_number) == 12);
	THAT(!r->waiting || r->waiting_seconds >= 0);
	STR(r->assignee_login);
	STR(r->assignee_name);
	STR(r->account_id);
	for (size_t i = 0; i < r->nmsgs; i++) {
		STR(r->msgs[i].at);
		THAT(r->msgs[i].text != NULL);
		(void)strlen(r->msgs[i].text);	/* ASan: readable up to its NUL */
	}
}

static void fz_staff_request(const char *json, size_t len)
{
	struct staff_request *r = out_alloc(sizeof(*r));
	struct model_err e;
	enum model_status st = model_parse_staff_request(json, r, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(r->msgs, r->nmsgs);
		check_staff_request(r);
	}
	model_free_staff_request(r);
	free(r);
}

static void fz_staff_queue(const char *json, size_t len)
{
	struct staff_queue_page *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_staff_queue(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(p->next_cursor);
		ITEMS(p->items, p->n);
		for (size_t i = 0; i < p->n; i++)
			check_staff_request(&p->items[i]);
	}
	model_free_staff_queue(p);
	free(p);
}

static void check_view(const struct access_view *v)
{
	char words[512];

	ID(v->id);
	STR(v->staff_login);
	THAT(v->staff_login[0] != '\0');
	THAT(v->staff_name != NULL && strlen(v->staff_name) <= ACCESS_NAME_BYTES);
	THAT(v->reason != NULL && strlen(v->reason) <= ACCESS_REASON_BYTES);
	STR(v->opened_at);
	THAT(v->methods != NULL);
	THAT(v->nmethods <= ACCESS_METHODS_MAX);
	for (size_t i = 0; i < v->nmethods; i++) {
		ID(v->methods[i].method);
		STR(v->methods[i].first_at);
	}
	access_methods_text(v, true, words, sizeof(words));
	STR(words);
}

static void fz_access_log(const char *json, size_t len)
{
	struct access_page *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_access_log(json, p, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(p->next_cursor);
		ITEMS(p->items, p->n);
		for (size_t i = 0; i < p->n; i++)
			check_view(&p->items[i]);
	}
	model_free_access_log(p);
	free(p);
}

static void fz_devices(const char *json, size_t len)
{
	struct device_list *l = out_alloc(sizeof(*l));
	struct model_err e;
	enum model_status st = model_parse_devices(json, l, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(l->items, l->n);
		for (size_t i = 0; i < l->n; i++) {
			ID(l->items[i].id);
			STR(l->items[i].name);
			STR(l->items[i].first_used);
			STR(l->items[i].last_used);
		}
	}
	model_free_devices(l);
	free(l);
}

static void fz_otp_sent(const char *json, size_t len)
{
	struct otp_sent *o = out_alloc(sizeof(*o));
	struct model_err e;
	enum model_status st = model_parse_otp_sent(json, o, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK) {
		ID(o->otp_id);
		STR(o->sent_to);
	}
	free(o);
}

static void fz_registered(const char *json, size_t len)
{
	char *login = out_alloc(64);
	size_t attached = 0;
	struct model_err e;
	enum model_status st = model_parse_registered(json, login, 64, &attached, fresh_err(&e));
	check_status(st, &e);
	if (st == MODEL_OK)
		check_str(login, 64, "login");
	free(login);
}

/* --- the readers' output into the code that sums it (sums.c, autopay_next.c): a sum
 * beyond ±2^53 is refused (false, AP_NEXT_BEYOND), never undefined behaviour (UBSan)
 * nor a figure out of range --- */

/* A history page summed as page after page of it, as screen 4 sums the rows it loads. */
static void fz_history_sums(const char *json, size_t len)
{
	struct hist_page *p = out_alloc(sizeof(*p));
	struct model_err e;
	int64_t start = 0, *newer;

	if (model_parse_history(json, p, fresh_err(&e)) == MODEL_OK) {
		newer = out_alloc((p->n + 1) * sizeof(*newer));
		for (int page = 0; page < 8; page++) {
			if (!sums_history(p, start, newer))
				break;
			for (size_t i = 0; i <= p->n; i++)
				MONEY(newer[i]);
			start = newer[p->n];
		}
		free(newer);
	}
	model_free_history(p);
	free(p);
}

/* An invoice the reader took: its lines add up, to its amount. */
static void fz_invoice_sums(const char *json, size_t len)
{
	struct invoice_detail *d = out_alloc(sizeof(*d));
	struct model_err e;
	int64_t sum = 0;

	if (model_parse_invoice(json, d, fresh_err(&e)) == MODEL_OK) {
		THAT(sums_invoice_lines(d->lines, d->nlines, &sum));
		THAT(sum == d->inv.amount);
	}
	model_free_invoice(d);
	free(d);
}

/* A service's monthly cost with its options, each one switched in turn (screen 3). */
static void fz_option_sums(const char *json, size_t len)
{
	struct service_info *s = out_alloc(sizeof(*s));
	struct model_err e;
	int64_t month;

	if (model_parse_service_info(json, s, fresh_err(&e)) == MODEL_OK) {
		for (size_t t = 0; t <= s->noptions; t++) {
			size_t toggle = t < s->noptions ? t : SIZE_MAX;
			if (sums_service_month(s, true, toggle, &month))
				MONEY(month);
			if (sums_service_month(s, false, toggle, &month))
				MONEY(month);
		}
	}
	model_free_service_info(s);
	free(s);
}

/* What the points and each lot that burns are worth (screen 6). */
static void fz_bonus_sums(const char *json, size_t len)
{
	struct bonus_status *s = out_alloc(sizeof(*s));
	struct model_err e;
	int64_t worth;

	if (model_parse_bonus_status(json, s, fresh_err(&e)) == MODEL_OK) {
		if (sums_points_worth(s->points, &worth))
			MONEY(worth);
		for (size_t i = 0; i < s->nlots; i++)
			if (sums_points_worth(s->lots[i].points, &worth))
				MONEY(worth);
	}
	model_free_bonus_status(s);
	free(s);
}

/* The autopay forecast as `kabinet autopay` and screen 5 make it: getAutopayRules, a
 * NUL, getAccountBalanceV2, a NUL, getPromisedPaymentOffer (make-corpus.sh writes
 * them so); a part not there is demo's reply of that shape. */
static const char *const fixed_forecast[3] = {
	"{\"rules\":[{\"ruleId\":\"apr1\",\"accountId\":\"acc1\",\"cardId\":\"card1\","
	"\"cardMask\":\"2200 00** **** 0004\",\"kind\":\"MONTHLY\",\"threshold\":null,"
	"\"amount\":150000,\"day\":10,\"enabled\":true,\"lastRun\":null}]}",
	"{\"balance\":83050,\"recommendedPayment\":53950,\"daysToLock\":29,"
	"\"promisedPayment\":null}",
	"{\"available\":true,\"reason\":null,\"minAmount\":100,\"maxAmount\":137000,"
	"\"days\":5,\"expiresOn\":\"2026-12-08\"}",
};

static void fz_autopay_forecast(const char *json, size_t len)
{
	const char *part[3];
	size_t at = 0;
	struct ap_rules *rules = out_alloc(sizeof(*rules));
	struct balance *b = out_alloc(sizeof(*b));
	struct promise_offer *o = out_alloc(sizeof(*o));
	struct ap_account_state st;
	struct model_err e;
	int64_t today;

	for (int i = 0; i < 3; i++) {
		part[i] = at <= len ? json + at : fixed_forecast[i];
		if (at <= len)
			at += strlen(json + at) + 1;
	}
	for (int i = 1; i < 3; i++)
		if (!*part[i])
			part[i] = fixed_forecast[i];
	if (model_parse_autopay_rules(part[0], rules, fresh_err(&e)) == MODEL_OK &&
	    model_parse_balance(part[1], b, fresh_err(&e)) == MODEL_OK &&
	    model_parse_promise_offer(part[2], o, fresh_err(&e)) == MODEL_OK &&
	    (today = ap_date_days(o->expires_on)) != INT64_MIN &&
	    sums_days_back(today, o->days, &today)) {
		memset(&st, 0, sizeof(st));
		ap_days_date(today, st.today);
		st.balance = b->balance;
		st.fee = o->max_amount;
		if (b->has_promised) {
			st.promised = b->promised_amount;
			snprintf(st.promised_back, sizeof(st.promised_back), "%.10s", b->promised_expires);
		}
		for (size_t i = 0; i < rules->n; i++)
			for (int credit = 0; credit < 2; credit++) {
				struct ap_next n;
				st.credit = credit;
				ap_next(&rules->items[i], &st, &n);
				ENUM(n.kind, AP_NEXT_RUNS, AP_NEXT_BEYOND);
				if (n.kind == AP_NEXT_RUNS)
					THAT(n.amount > 0 && n.amount <= AP_MONEY_MAX);
				MONEY(n.above);
			}
	}
	model_free_autopay_rules(rules);
	free(rules);
	free(b);
	free(o);
}

static void fz_staff_find(const char *json, size_t len)
{
	struct staff_find_result *r = out_alloc(sizeof(*r));
	struct model_err e;
	enum model_status st = model_parse_staff_find(json, r, fresh_err(&e));
	char accounts[64];

	(void)len;
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(r->items, r->n);
		THAT(r->n <= STAFF_FIND_MAX);
		for (size_t i = 0; i < r->n; i++) {
			const struct staff_subscriber *s = &r->items[i];
			ID(s->handle);
			STR(s->name);
			STR(s->phone);
			STR(s->email);
			THAT(s->accounts != NULL);
			THAT(s->naccounts <= STAFF_FIND_ACCOUNTS_MAX);
			for (size_t k = 0; k < s->naccounts; k++)
				NUMBER(s->accounts[k], false);
			staff_find_accounts_text(s, accounts, sizeof(accounts));
			STR(accounts);
		}
	} else {
		THAT(r->n == 0 && r->items == NULL);
	}
	model_free_staff_find(r);
	free(r);
}

/* Every month of the shape, once; every account's total the sum of its parts. */
static void check_charge_account(const struct charge_account *a)
{
	int64_t sum = 0;

	ID(a->account_id);
	NUMBER(a->number, false);
	MONEY(a->total);
	ITEMS(a->services, a->nservices);
	for (size_t i = 0; i < a->nservices; i++) {
		const struct charge_service *s = &a->services[i];
		STR(s->service_id);
		THAT(!s->service_id[0] == !s->service);
		if (s->service_id[0])
			ID(s->service_id);
		ITEMS(s->kinds, s->nkinds);
		for (size_t k = 0; k < s->nkinds; k++) {
			ENUM(s->kinds[k].kind, CHARGE_TARIFF, CHARGE_UNKNOWN);
			ID(s->kinds[k].code);
			MONEY(s->kinds[k].amount);
			THAT(s->kinds[k].names != NULL);
			sum += s->kinds[k].amount;
			MONEY(sum);
		}
	}
	THAT(sum == a->total);
}

static void fz_charges(const char *json, size_t len)
{
	struct charges *c = out_alloc(sizeof(*c));
	struct model_err e;
	enum model_status st = model_parse_charges(json, c, fresh_err(&e));

	(void)len;
	check_status(st, &e);
	if (st == MODEL_OK) {
		ITEMS(c->months, c->nmonths);
		THAT(c->nmonths <= CHARGES_MONTHS_MAX);
		for (size_t i = 0; i < c->nmonths; i++) {
			THAT(charges_month_ok(c->months[i].month));
			for (size_t j = 0; j < i; j++)
				THAT(strcmp(c->months[i].month, c->months[j].month) != 0);
			ITEMS(c->months[i].accounts, c->months[i].naccounts);
			for (size_t j = 0; j < c->months[i].naccounts; j++)
				check_charge_account(&c->months[i].accounts[j]);
		}
	} else {
		THAT(c->nmonths == 0 && c->months == NULL);
	}
	model_free_charges(c);
	free(c);
}

/* The settings: every channel within the set, the threshold within its range, none
 * always receivable; the body of what changed made from them. */
static void fz_notify(const char *json, size_t len)
{
	struct notify_settings *s = out_alloc(sizeof(*s)), was;
	struct model_err e;
	enum model_status st = model_parse_notify(json, s, fresh_err(&e));
	char *body;

	(void)len;
	check_status(st, &e);
	if (st == MODEL_OK) {
		for (int i = 0; i < NOTIFY_EVENT_COUNT; i++)
			ENUM(s->channel[i], NOTIFY_EMAIL, NOTIFY_NONE);
		THAT(s->threshold >= NOTIFY_THRESHOLD_MIN && s->threshold <= NOTIFY_THRESHOLD_MAX);
		THAT(s->can[NOTIFY_NONE]);
		was = *s;
		was.threshold = s->threshold ? 0 : 1;
		body = model_body_notify(&was, s);
		THAT(body != NULL);
		free(body);
	}
	free(s);
}

/* --- the table: one line a reader, READER(name) at the start of the line (the Makefile
 * reads the names from here) --- */

static void check_company(const struct company *c)
{
	char text[64];

	check_shape(c->inn, 10, 10, "0123456789", "INN out of shape", "inn");
	STR(c->name);
	STR(c->login);
	STR(c->email);
	STR(c->phone);
	ITEMS(c->accounts, c->naccounts);
	THAT(c->naccounts <= COMPANY_ACCOUNTS_MAX);
	for (size_t i = 0; i < c->naccounts; i++)
		NUMBER(c->accounts[i], false);
	ENUM(c->password, COMPANY_PASSWORD_NONE, COMPANY_PASSWORD_SET);
	company_accounts_text(c, text, sizeof(text));
	STR(text);
}

static void fz_companies(const char *json, size_t len)
{
	struct company_page *p = out_alloc(sizeof(*p));
	struct model_err e;
	enum model_status st = model_parse_companies(json, p, fresh_err(&e));
	(void)len;
	check_status(st, &e);
	if (st == MODEL_OK) {
		STR(p->next_cursor);
		ITEMS(p->items, p->n);
		for (size_t i = 0; i < p->n; i++)
			check_company(&p->items[i]);
	}
	model_free_companies(p);
	free(p);
}

static void fz_company_created(const char *json, size_t len)
{
	struct company_created *c = out_alloc(sizeof(*c));
	struct model_err e;
	enum model_status st = model_parse_company_created(json, c, fresh_err(&e));
	(void)len;
	check_status(st, &e);
	if (st == MODEL_OK) {
		check_shape(c->inn, 10, 10, "0123456789", "INN out of shape", "inn");
		STR(c->login);
		STR(c->name);
	}
	free(c);
}

static void fz_company_attached(const char *json, size_t len)
{
	char *number = out_alloc(16);
	bool already;
	struct model_err e;
	enum model_status st = model_parse_company_attached(json, number, 16, &already,
							    fresh_err(&e));
	(void)len;
	check_status(st, &e);
	if (st == MODEL_OK)
		check_shape(number, 12, 12, "0123456789", "account number out of shape", "number");
	free(number);
}

static void fz_company_password(const char *json, size_t len)
{
	struct company_secret *s = out_alloc(sizeof(*s));
	struct model_err e;
	enum model_status st = model_parse_company_password(json, s, fresh_err(&e));
	(void)len;
	check_status(st, &e);
	STR(s->login);
	STR(s->password);
	if (st == MODEL_OK)
		for (const char *q = s->password; *q; q++)
			THAT(*q > ' ' && *q <= '~');
	else
		THAT(s->password[0] == '\0');
	free(s);
}

#define READER(name) { #name, fz_##name },
static const struct reader {
	const char *name;
	void (*run)(const char *json, size_t len);
} readers[] = {
READER(accounts)
READER(balance)
READER(tariff_names)
READER(declined_autopay)
READER(bonus)
READER(profile)
READER(login)
READER(error)
READER(resend_after)
READER(current_device)
READER(account_info)
READER(invoice_email)
READER(attach)
READER(attached)
READER(service_info)
READER(tariffs)
READER(usage)
READER(service_status)
READER(payment_system)
READER(effective_from)
READER(payment)
READER(key_check)
READER(cards)
READER(history)
READER(invoices)
READER(invoice)
READER(transfer)
READER(promise_offer)
READER(promise)
READER(autopay_rules)
READER(autopay_rule)
READER(bonus_status)
READER(bonus_spent)
READER(request)
READER(requests)
READER(staff_request)
READER(staff_queue)
READER(devices)
READER(otp_sent)
READER(registered)
READER(history_sums)
READER(invoice_sums)
READER(option_sums)
READER(bonus_sums)
READER(autopay_forecast)
READER(access_log)
READER(staff_find)
READER(companies)
READER(company_created)
READER(company_attached)
READER(company_password)
READER(charges)
READER(notify)
};

static const struct reader *reader;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = getenv("FUZZ_READER"), *slash;

	if (!name || !*name) {
		name = (*argv)[0];
		slash = strrchr(name, '/');
		name = slash ? slash + 1 : name;
		if (!strncmp(name, "fuzz-", 5))
			name += 5;
	}
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (!strcmp(readers[i].name, name))
			reader = &readers[i];
	if (!reader) {
		fprintf(stderr, "fuzz: no reader \"%s\": run as fuzz-NAME or with FUZZ_READER=NAME, "
			"NAME one of:", name);
		for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
			fprintf(stderr, " %s", readers[i].name);
		fputc('\n', stderr);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reply as the client has it: text ending with a NUL (api.c adds one) */
	char *json = malloc(size + 1);
	if (!json)
		return 0;
	memcpy(json, data, size);
	json[size] = '\0';
	reader->run(json, size);
	free(json);
	return 0;
}

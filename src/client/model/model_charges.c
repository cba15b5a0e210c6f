/* The model of where the money goes (charges.h): getCharges' answer in, every field
 * checked as untrusted (the months as YYYY-MM, each once; the ids and the account
 * numbers by their shape, each account once a month; the figures within ±2^53; the
 * names kept whole up to their caps), and each account's total held to the sum of its
 * parts by sums.c's checked sums; the kinds in words; the body of the call out. */
#include "kabinet/model/charges.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/sums.h"

static const char *const kind_codes[CHARGE_KIND_COUNT] = {
	[CHARGE_TARIFF] = "TARIFF",
	[CHARGE_OPTION] = "OPTION",
	[CHARGE_ONE_OFF] = "ONE_OFF",
	[CHARGE_PROMISED_FEE] = "PROMISED_FEE",
};

static const char *const kind_names[CHARGE_KIND_COUNT] = {
	[CHARGE_TARIFF] = N_("tariff"),
	[CHARGE_OPTION] = N_("options"),
	[CHARGE_ONE_OFF] = N_("one-off"),
	[CHARGE_PROMISED_FEE] = N_("promised payment fee"),
};

const char *charges_kind_name(enum charge_kind k)
{
	return (unsigned)k < CHARGE_KIND_COUNT ? _(kind_names[k]) : NULL;
}

static enum charge_kind kind_by_code(const char *code)
{
	for (int k = 0; k < CHARGE_KIND_COUNT; k++)
		if (!strcmp(kind_codes[k], code))
			return (enum charge_kind)k;
	return CHARGE_UNKNOWN;
}

bool charges_month_ok(const char *s)
{
	int month;

	if (strlen(s) != 7 || strspn(s, "0123456789") != 4 || s[4] != '-' ||
	    strspn(s + 5, "0123456789") != 2 || !strncmp(s, "0000", 4))
		return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	return month >= 1 && month <= 12;
}

/* --- freeing --- */

static void free_kind(void *item)
{
	struct charge_kind_sum *k = item;

	free(k->names);
	k->names = NULL;
}

static void free_service(void *item)
{
	struct charge_service *s = item;

	for (size_t i = 0; s->kinds && i < s->nkinds; i++)
		free_kind(&s->kinds[i]);
	free(s->kinds);
	free(s->service);
	memset(s, 0, sizeof(*s));
}

static void free_account(void *item)
{
	struct charge_account *a = item;

	for (size_t i = 0; a->services && i < a->nservices; i++)
		free_service(&a->services[i]);
	free(a->services);
	memset(a, 0, sizeof(*a));
}

static void free_month(void *item)
{
	struct charge_month *m = item;

	for (size_t i = 0; m->accounts && i < m->naccounts; i++)
		free_account(&m->accounts[i]);
	free(m->accounts);
	memset(m, 0, sizeof(*m));
}

void model_free_charges(struct charges *c)
{
	for (size_t i = 0; c->months && i < c->nmonths; i++)
		free_month(&c->months[i]);
	free(c->months);
	memset(c, 0, sizeof(*c));
}

/* --- reading --- */

/* The names of a kind, joined by ", " into a malloc'ed text. */
static bool kind_names_read(const cJSON *o, struct charge_kind_sum *k, struct model_err *err)
{
	const cJSON *arr, *it;
	size_t len = 0;

	if (!mj_array(o, "names", true, &arr, err))
		return false;
	if (cJSON_GetArraySize(arr) > CHARGES_NAMES_MAX)
		return mj_bad(err, "reply: names has more than " MJ_STR(CHARGES_NAMES_MAX)
			      " items"), false;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || !it->valuestring)
			return mj_bad(err, "reply: a name is not a string"), false;
		if (strlen(it->valuestring) > CHARGES_NAME_BYTES)
			return mj_bad(err, "reply: a name is longer than "
				      MJ_STR(CHARGES_NAME_BYTES) " bytes"), false;
		len += strlen(it->valuestring) + 2;
	}
	if (!(k->names = calloc(len + 1, 1)))
		return mj_bad(err, "out of memory"), false;
	cJSON_ArrayForEach(it, arr) {
		if (k->names[0])
			strcat(k->names, ", ");
		strcat(k->names, it->valuestring);
	}
	return true;
}

static bool parse_kind(const cJSON *o, void *item, struct model_err *err)
{
	struct charge_kind_sum *k = item;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a kind is not an object"), false;
	if (!mj_ident(o, "kind", MJ_ID, true, k->code, sizeof(k->code), err) ||
	    !mj_int(o, "amount", true, NULL, &k->amount, err) || !kind_names_read(o, k, err)) {
		free_kind(k);
		return false;
	}
	k->kind = kind_by_code(k->code);
	return true;
}

/* The service's id and name: both or neither (a charge of the account as a whole). */
static bool service_fields(const cJSON *o, struct charge_service *s, struct model_err *err)
{
	static const struct mj_items kinds = {
		.name = "kinds", .required = true, .size = sizeof(struct charge_kind_sum),
		.parse = parse_kind, .free_one = free_kind, .indexed = true,
	};

	if (!mj_ident(o, "serviceId", MJ_ID, false, s->service_id, sizeof(s->service_id), err) ||
	    !mj_text_dup(o, "service", false, CHARGES_SERVICE_BYTES, &s->service, err))
		return false;
	if (s->service_id[0] && !s->service[0])
		return mj_bad(err, "reply: service is missing"), false;
	if (!s->service_id[0] && s->service[0])
		return mj_bad(err, "reply: service is named without a serviceId"), false;
	if (!s->service_id[0]) {
		free(s->service);
		s->service = NULL;
	}
	s->kinds = mj_items(o, &kinds, &s->nkinds, err);
	return s->kinds != NULL;
}

static bool parse_service(const cJSON *o, void *item, struct model_err *err)
{
	struct charge_service *s = item;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a service is not an object"), false;
	if (!service_fields(o, s, err)) {
		free_service(s);
		return false;
	}
	return true;
}

/* The total against the sum of the parts. */
static bool account_adds_up(const struct charge_account *a, struct model_err *err)
{
	int64_t sum;

	if (!sums_charge_account(a, &sum))
		return mj_bad(err, "reply: %s", sums_beyond_text()), false;
	if (sum != a->total)
		return mj_bad(err, "reply: total %lld is not the sum of its parts, %lld",
			      (long long)a->total, (long long)sum), false;
	return true;
}

static bool account_fields(const cJSON *o, struct charge_account *a, struct model_err *err)
{
	static const struct mj_items services = {
		.name = "services", .required = true, .size = sizeof(struct charge_service),
		.parse = parse_service, .free_one = free_service, .indexed = true,
	};

	if (!mj_id(o, "accountId", a->account_id, sizeof(a->account_id), err) ||
	    !mj_ident(o, "accountNumber", MJ_ACCOUNT_NUMBER, true, a->number, sizeof(a->number),
		      err) ||
	    !mj_int(o, "total", true, NULL, &a->total, err))
		return false;
	a->services = mj_items(o, &services, &a->nservices, err);
	return a->services && account_adds_up(a, err);
}

static bool parse_account(const cJSON *o, void *item, struct model_err *err)
{
	struct charge_account *a = item;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: an account is not an object"), false;
	if (!account_fields(o, a, err)) {
		free_account(a);
		return false;
	}
	return true;
}

/* Each account once in a month. */
static bool accounts_once(const struct charge_month *m, struct model_err *err)
{
	for (size_t i = 0; i < m->naccounts; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(m->accounts[i].account_id, m->accounts[j].account_id))
				return mj_bad(err, "reply: accounts[%zu] repeats an account", i),
				       false;
	return true;
}

static bool month_fields(const cJSON *o, struct charge_month *m, struct model_err *err)
{
	static const struct mj_items accounts = {
		.name = "accounts", .required = true, .size = sizeof(struct charge_account),
		.parse = parse_account, .free_one = free_account, .indexed = true,
	};

	if (!mj_ident(o, "month", MJ_ID, true, m->month, sizeof(m->month), err))
		return false;
	if (!charges_month_ok(m->month))
		return mj_bad(err, "reply: month is not YYYY-MM"), false;
	m->accounts = mj_items(o, &accounts, &m->naccounts, err);
	return m->accounts && accounts_once(m, err);
}

static bool parse_month(const cJSON *o, void *item, struct model_err *err)
{
	struct charge_month *m = item;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a month is not an object"), false;
	if (!month_fields(o, m, err)) {
		free_month(m);
		return false;
	}
	return true;
}

/* At most CHARGES_MONTHS_MAX months (counted before any is read), each once. */
static bool charges_fields(const cJSON *o, void *out, struct model_err *err)
{
	static const struct mj_items months = {
		.name = "months", .required = true, .size = sizeof(struct charge_month),
		.parse = parse_month, .free_one = free_month, .indexed = true,
	};
	struct charges *c = out;
	const cJSON *arr;

	if (!mj_array(o, "months", true, &arr, err))
		return false;
	if (cJSON_GetArraySize(arr) > CHARGES_MONTHS_MAX)
		return mj_bad(err, "reply: months has more than " MJ_STR(CHARGES_MONTHS_MAX)
			      " items"), false;
	if (!(c->months = mj_items(o, &months, &c->nmonths, err)))
		return false;
	for (size_t i = 0; i < c->nmonths; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->months[i].month, c->months[j].month)) {
				model_free_charges(c);
				return mj_bad(err, "reply: months[%zu] repeats a month", i), false;
			}
	return true;
}

enum model_status model_parse_charges(const char *json, struct charges *out,
				      struct model_err *err)
{
	return mj_one(json, charges_fields, out, sizeof(*out), err);
}

char *model_body_charges(int months, const char *account_id)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "months", months);
	if (account_id && *account_id)
		cJSON_AddStringToObject(o, "accountId", account_id);
	return mj_print(o, false);
}

/* The model of the office's companies (staff_office.h): staffGetCompanies' pages in,
 * every field checked as untrusted (the INN 10 digits, the login a label, the accounts
 * 12 digits each and at most COMPANY_ACCOUNTS_MAX, the password's state one of three,
 * the name and the masked contacts text for people), the answers of the three office
 * writes (the one-time password printable ASCII only, never cut), the INN and the
 * account numbers checked as typed, and the bodies of those calls. */
#include "kabinet/model/staff_office.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/inn.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/wipe.h"

#define ACCOUNT_DIGITS 12

/* Whether s is exactly n ASCII digits. */
static bool all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* A company's INN member: 10 digits (the check digit is the server's to refuse). */
static bool inn_field(const cJSON *o, const char *name, char *dst, size_t size,
		      struct model_err *err)
{
	if (!mj_ident(o, name, MJ_ID, true, dst, size, err))
		return false;
	if (!all_digits(dst, INN_COMPANY_DIGITS)) {
		dst[0] = '\0';
		return mj_bad(err, "reply: %s is not 10 digits", name), false;
	}
	return true;
}

static bool accounts_field(const cJSON *o, struct company *c, struct model_err *err)
{
	const cJSON *arr, *it;
	size_t i = 0, n;

	if (!mj_array(o, "accounts", true, &arr, err))
		return false;
	n = (size_t)cJSON_GetArraySize(arr);
	if (n > COMPANY_ACCOUNTS_MAX)
		return mj_bad(err, "reply: accounts has more than " MJ_STR(COMPANY_ACCOUNTS_MAX)
			      " items"), false;
	if (!n)
		return true;
	c->accounts = calloc(n, sizeof(*c->accounts));
	if (!c->accounts)
		return mj_bad(err, "out of memory"), false;
	cJSON_ArrayForEach(it, arr) {
		const char *s = cJSON_GetStringValue(it);
		if (!s || !all_digits(s, ACCOUNT_DIGITS))
			return mj_bad(err, "reply: accounts[%zu] is not an account number", i), false;
		memcpy(c->accounts[i++], s, ACCOUNT_DIGITS + 1);
	}
	c->naccounts = i;
	return true;
}

static bool password_field(const cJSON *o, enum company_password *out, struct model_err *err)
{
	static const char *const names[] = { "NONE", "ISSUED", "SET" };
	char s[16];

	if (!mj_ident(o, "password", MJ_ID, true, s, sizeof(s), err))
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum company_password)i;
			return true;
		}
	return mj_bad(err, "reply: password %s is none of NONE, ISSUED, SET", s), false;
}

void model_free_company(struct company *c)
{
	free(c->accounts);
	memset(c, 0, sizeof(*c));
}

static bool parse_company(const cJSON *o, void *item, struct model_err *err)
{
	struct company *c = item;

	memset(c, 0, sizeof(*c));
	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a company is not an object"), false;
	if (inn_field(o, "company", c->inn, sizeof(c->inn), err) &&
	    mj_str(o, "name", true, c->name, sizeof(c->name), err) &&
	    mj_ident(o, "login", MJ_LABEL, true, c->login, sizeof(c->login), err) &&
	    mj_str(o, "email", false, c->email, sizeof(c->email), err) &&
	    mj_str(o, "phone", false, c->phone, sizeof(c->phone), err) &&
	    password_field(o, &c->password, err) && accounts_field(o, c, err))
		return true;
	model_free_company(c);
	return false;
}

static void free_company_item(void *item)
{
	model_free_company(item);
}

enum model_status model_parse_companies(const char *json, struct company_page *out,
					struct model_err *err)
{
	static const struct mj_items companies = {
		.name = "companies", .required = true, .size = sizeof(struct company),
		.parse = parse_company, .free_one = free_company_item, .indexed = true,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_page(json, &companies, &out->n, out->next_cursor,
			     sizeof(out->next_cursor), err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_companies(struct company_page *p)
{
	for (size_t i = 0; p->items && i < p->n; i++)
		model_free_company(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

void company_accounts_text(const struct company *c, char *buf, size_t size)
{
	size_t used = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < c->naccounts; i++) {
		size_t need = (used ? 2 : 0) + ACCOUNT_DIGITS;
		if (used + need >= size)
			break;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
					 c->accounts[i]);
	}
}

static bool parse_created(const cJSON *o, void *out, struct model_err *err)
{
	struct company_created *c = out;

	return inn_field(o, "company", c->inn, sizeof(c->inn), err) &&
	       mj_ident(o, "login", MJ_LABEL, true, c->login, sizeof(c->login), err) &&
	       mj_str(o, "name", true, c->name, sizeof(c->name), err);
}

enum model_status model_parse_company_created(const char *json, struct company_created *out,
					      struct model_err *err)
{
	return mj_one(json, parse_created, out, sizeof(*out), err);
}

struct attached {
	char *number;
	size_t size;
	bool *already;
};

static bool parse_attached(const cJSON *o, void *out, struct model_err *err)
{
	struct attached *a = out;
	char status[32];

	if (!mj_ident(o, "number", MJ_ACCOUNT_NUMBER, true, a->number, a->size, err) ||
	    !mj_ident(o, "status", MJ_ID, true, status, sizeof(status), err))
		return false;
	if (strcmp(status, "ATTACHED") && strcmp(status, "ALREADY_ATTACHED"))
		return mj_bad(err, "reply: status %s is neither ATTACHED nor ALREADY_ATTACHED",
			      status), false;
	*a->already = !strcmp(status, "ALREADY_ATTACHED");
	return true;
}

enum model_status model_parse_company_attached(const char *json, char *number, size_t size,
					       bool *already, struct model_err *err)
{
	struct attached a = { number, size, already };
	cJSON *o = mj_object(json, err);
	enum model_status st = MODEL_BAD;

	if (size)
		number[0] = '\0';
	*already = false;
	if (o && parse_attached(o, &a, err))
		st = MODEL_OK;
	cJSON_Delete(o);
	return st;
}

/* The password: printable ASCII without spaces, 8 to 63 characters, never cut. */
static bool parse_secret(const cJSON *o, void *out, struct model_err *err)
{
	struct company_secret *s = out;
	const char *p;
	size_t n;

	if (!mj_ident(o, "login", MJ_LABEL, true, s->login, sizeof(s->login), err))
		return false;
	p = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "password"));
	if (!p)
		return mj_bad(err, "reply: password is missing or not a string"), false;
	n = strlen(p);
	if (n < 8 || n >= sizeof(s->password))
		return mj_bad(err, "reply: password is not 8 to 63 characters"), false;
	for (size_t i = 0; i < n; i++)
		if (p[i] <= ' ' || p[i] > '~')
			return mj_bad(err, "reply: password has a character out of printable ASCII"),
			       false;
	memcpy(s->password, p, n + 1);
	return true;
}

enum model_status model_parse_company_password(const char *json, struct company_secret *out,
					       struct model_err *err)
{
	enum model_status st = mj_one(json, parse_secret, out, sizeof(*out), err);

	if (st != MODEL_OK)
		model_wipe(out, sizeof(*out));
	return st;
}

/* The text without the spaces around: its start, its length in *n. */
static const char *trimmed(const char *s, size_t *n)
{
	while (*s == ' ')
		s++;
	*n = strlen(s);
	while (*n && s[*n - 1] == ' ')
		(*n)--;
	return s;
}

static enum typed_digits typed(const char *s, size_t want)
{
	size_t n;

	s = trimmed(s, &n);
	if (!n)
		return TYPED_EMPTY;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return TYPED_NOT_DIGITS;
	return n < want ? TYPED_SHORT : n > want ? TYPED_LONG : TYPED_OK;
}

enum typed_digits company_inn_typed(const char *s)
{
	char digits[INN_COMPANY_DIGITS + 1];
	enum typed_digits t = typed(s, INN_COMPANY_DIGITS);

	if (t != TYPED_OK)
		return t;
	company_digits(s, digits, sizeof(digits));
	return inn_valid(digits) ? TYPED_OK : TYPED_BAD_CHECK;
}

enum typed_digits company_number_typed(const char *s)
{
	return typed(s, ACCOUNT_DIGITS);
}

void company_digits(const char *s, char *out, size_t size)
{
	size_t n;

	if (!size)
		return;
	s = trimmed(s, &n);
	out[0] = '\0';
	if (n < size && strspn(s, "0123456789") >= n)
		snprintf(out, size, "%.*s", (int)n, s);
}

char *model_staff_companies_body(int limit, const char *cursor)
{
	return mj_page_body(limit, cursor);
}

char *model_staff_create_company_body(const char *name, const char *inn, const char *email,
				      const char *phone)
{
	return mj_body(false, "name", name, "inn", inn, "email", email, "phone", phone, NULL);
}

char *model_staff_attach_company_body(const char *inn, const char *number)
{
	return mj_body(false, "company", inn, "number", number, NULL);
}

char *model_staff_issue_password_body(const char *inn)
{
	return mj_body(false, "company", inn, NULL);
}

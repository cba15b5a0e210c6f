/* The model of the office's companies (model_staff_office.c, docs/api.md "Companies at
 * the office"): staffGetCompanies' pages, the answers of staffCreateCompany,
 * staffAttachCompanyAccount and staffIssueCompanyPassword read as untrusted replies,
 * their bodies, and the checks of an INN and an account number as they are typed.
 * Pure like model.h: no curses, no network. */
#ifndef KABINET_MODEL_STAFF_OFFICE_H
#define KABINET_MODEL_STAFF_OFFICE_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/model.h"

/* The most accounts one company's row may list; more is a bad reply. */
#define COMPANY_ACCOUNTS_MAX 1000

/* Where a company's password stands. */
enum company_password {
	COMPANY_PASSWORD_NONE,		/* none issued: nobody can log in */
	COMPANY_PASSWORD_ISSUED,	/* a one-time one pending: no first login yet */
	COMPANY_PASSWORD_SET,		/* the first login set the company's own */
};

struct company {
	char inn[16];		/* 10 ASCII digits */
	char name[1024];	/* for people (drawn through text.c) */
	char login[64];		/* a label */
	char email[256];	/* masked; "" when none */
	char phone[64];		/* masked; "" when none */
	char (*accounts)[13];	/* the numbers, 12 digits each; NULL when none */
	size_t naccounts;
	enum company_password password;
};

struct company_page {
	struct company *items;
	size_t n;
	char next_cursor[256];	/* "" on the last page */
};

/* staffGetCompanies' page. */
enum model_status model_parse_companies(const char *json, struct company_page *out,
					struct model_err *err);
void model_free_company(struct company *c);
void model_free_companies(struct company_page *p);
/* The accounts joined by ", " into buf ("" when none), cut on a number's end. */
void company_accounts_text(const struct company *c, char *buf, size_t size);

/* staffCreateCompany's answer. */
struct company_created {
	char inn[16];
	char login[64];
	char name[1024];
};
enum model_status model_parse_company_created(const char *json, struct company_created *out,
					      struct model_err *err);

/* staffAttachCompanyAccount's answer: the number, and whether it was the company's
 * already (status ALREADY_ATTACHED; ATTACHED otherwise, any other a bad reply). */
enum model_status model_parse_company_attached(const char *json, char *number, size_t size,
					       bool *already, struct model_err *err);

/* staffIssueCompanyPassword's answer. The password is a secret: wipe the struct
 * (model_wipe) as soon as it is no longer shown. */
struct company_secret {
	char login[64];		/* a label */
	char password[64];	/* printable ASCII, 8 to 63 characters */
};
enum model_status model_parse_company_password(const char *json, struct company_secret *out,
					       struct model_err *err);

/* An INN or an account number as it is being typed (spaces around ignored). */
enum typed_digits {
	TYPED_EMPTY,
	TYPED_SHORT,		/* digits, fewer than wanted */
	TYPED_NOT_DIGITS,	/* something else than digits */
	TYPED_LONG,		/* more digits than wanted */
	TYPED_BAD_CHECK,	/* an INN: 10 digits, a wrong check digit */
	TYPED_OK,
};
/* A company's INN: 10 digits with its check digit (inn.h). */
enum typed_digits company_inn_typed(const char *s);
/* An account number: 12 digits. */
enum typed_digits company_number_typed(const char *s);
/* The digits typed (spaces around dropped) into out; "" when they are not all
 * digits. */
void company_digits(const char *s, char *out, size_t size);

/* The bodies of staffGetCompanies (limit 0: the API's default; cursor NULL or "": the
 * first page), staffCreateCompany, staffAttachCompanyAccount and
 * staffIssueCompanyPassword; NULL when out of memory. */
char *model_staff_companies_body(int limit, const char *cursor);
char *model_staff_create_company_body(const char *name, const char *inn, const char *email,
				      const char *phone);
char *model_staff_attach_company_body(const char *inn, const char *number);
char *model_staff_issue_password_body(const char *inn);

#endif

/* The model of where the money goes (docs/api.md, getCharges): the CHARGE rows of the
 * history summed per month, account, service and kind, read with every field checked
 * as untrusted, and each account's month total held to the sum of its parts; the kinds
 * in words; the body of the call. Pure like model.h: no curses, no network. */
#ifndef KABINET_CHARGES_H
#define KABINET_CHARGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"

/* The API's range of months (getCharges' `months`), and its default. */
#define CHARGES_MONTHS_MIN 1
#define CHARGES_MONTHS_MAX 24
#define CHARGES_MONTHS_DEFAULT 12
/* The most bytes of a service's name, and of a tariff's or an option's name; the most
 * names one kind lists: longer or more is a bad reply, never cut. */
#define CHARGES_SERVICE_BYTES 600
#define CHARGES_NAME_BYTES 512
#define CHARGES_NAMES_MAX 32

enum charge_kind {
	CHARGE_TARIFF,
	CHARGE_OPTION,
	CHARGE_ONE_OFF,
	CHARGE_PROMISED_FEE,
	CHARGE_KIND_COUNT,
	CHARGE_UNKNOWN = CHARGE_KIND_COUNT	/* a kind this client does not know */
};

struct charge_kind_sum {
	enum charge_kind kind;
	char code[24];		/* the kind as it came (an MJ_ID of at most 23 bytes) */
	int64_t amount;		/* kopecks, positive for money charged */
	char *names;		/* malloc'ed: the names charged joined by ", " ("" for none);
				 * as they came (unsafe: printed through text.c) */
};

struct charge_service {
	char service_id[64];	/* "": a charge of the account as a whole */
	char *service;		/* malloc'ed name, as it came; NULL with service_id "" */
	struct charge_kind_sum *kinds;
	size_t nkinds;
};

struct charge_account {
	char account_id[64];
	char number[16];	/* 12 digits */
	int64_t total;		/* the sum of its kinds' amounts, checked */
	struct charge_service *services;
	size_t nservices;
};

struct charge_month {
	char month[8];		/* YYYY-MM */
	struct charge_account *accounts;
	size_t naccounts;
};

struct charges {
	struct charge_month *months;	/* newest first, each month once */
	size_t nmonths;			/* at most CHARGES_MONTHS_MAX */
};

/* getCharges' answer. A month out of shape or repeated, an account repeated in a
 * month, a total that is not the sum of its parts, or a sum beyond ±2^53 is
 * MODEL_BAD with the reason. */
enum model_status model_parse_charges(const char *json, struct charges *out,
				      struct model_err *err);
void model_free_charges(struct charges *c);

/* A kind in words (translated): "tariff", "options", ...; CHARGE_UNKNOWN: NULL (the
 * caller shows its code). */
const char *charges_kind_name(enum charge_kind k);
/* Whether s is a month YYYY-MM (years 0001 to 9999, months 01 to 12). */
bool charges_month_ok(const char *s);

/* getCharges' body: months (1 to 24) and one account's id (NULL or "": every one). */
char *model_body_charges(int months, const char *account_id);

#endif

/* Money on accounts, shared by payments, transfers, promised payments, bonuses and
 * billing: every change of a balance goes through ledger_post() inside the caller's
 * transaction, so the balance always equals the sum of the account's history. */
#ifndef KABINET_SERVER_LEDGER_H
#define KABINET_SERVER_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "kabinet/server/call.h"

/* Per-request limits of the contract, in kopecks. */
#define PAYMENT_ITEM_MIN 100			/* 1 rouble */
#define PAYMENT_ITEM_MAX 1500000		/* 15 000 roubles */
#define PAYMENT_ITEMS_MAX 10

/* Adds a history row dated c->today (type PAYMENT, CHARGE, TRANSFER_IN, TRANSFER_OUT,
 * PROMISED, BONUS, REFUND, AUTOPAY) and changes the balance by the signed amount.
 * Returns CALL_OK, or CALL_FAIL with an internal error set. */
int ledger_post(struct call *c, const char *account_id, const char *type, int64_t amount,
		const char *description);

/* A CHARGE row is stored with its parts (charge_parts): ledger_post() makes it one
 * part, the account's ONE_OFF. ledger_charge_fee() posts the monthly fee, fee being
 * ledger_monthly_fee(), as a part per tariff and enabled option in force (kinds TARIFF
 * and OPTION, with the tariff's or option's name), and names the row's service when
 * the parts are all of one. */
int ledger_charge_fee(struct call *c, const char *account_id, int64_t fee,
		      const char *description);

/* A service's name in invoice lines and charges («Интернет perm_ivanov»), from the
 * row s of services: its kind and number; NULL when a LEFT JOIN found no row. */
#define SERVICE_NAME_SQL                                                                  \
	"CASE s.type WHEN 1 THEN 'Интернет ' || s.display_number "                        \
	"WHEN 2 THEN 'Домашний телефон ' || s.display_number WHEN 8 THEN 'Телевидение IPTV' " \
	"WHEN 16 THEN 'Мобильная связь ' || s.display_number ELSE s.display_number END"

int64_t ledger_balance(struct call *c, const char *account_id);

/* What the account's services cost a month now: tariffs and enabled options of every
 * service that is ACTIVE or BLOCKED (for debt); voluntarily blocked, operator-blocked
 * and not connected services cost nothing. */
int64_t ledger_monthly_fee(struct call *c, const char *account_id);

/* The active promised payment's amount, 0 when none; *expires_on gets its end date
 * (buffer of 11) when given and one is active. */
int64_t ledger_promised_active(struct call *c, const char *account_id, char *expires_on);

/* After money arrives: when the account is out of debt (balance >= 0), services
 * BLOCKED for debt go back to ACTIVE and its unpaid invoices count as paid. */
int ledger_unblock_if_paid(struct call *c, const char *account_id);
/* After money leaves or a promise expires: ACTIVE services become BLOCKED when the
 * balance is negative on an ADVANCE account. */
int ledger_block_if_debt(struct call *c, const char *account_id);

/* The card processor simulated by kabinetd. Test PANs (README) choose the outcome;
 * every other valid PAN succeeds. */
enum charge_outcome {
	CHARGE_OK,
	CHARGE_3DS,		/* asks for a 3-D Secure code */
	CHARGE_NO_FUNDS,	/* declined: insufficient funds */
	CHARGE_BLOCKED,		/* declined: card blocked or expired */
};

bool card_luhn_ok(const char *pan);
/* "MIR", "VISA", "MASTERCARD", or NULL for a system the processor does not take. */
const char *card_system(const char *pan);
/* "2200 00** **** 0004": first six and last four digits, the rest masked. buf >= 32. */
char *card_mask(const char *pan, char *buf);
/* Validates a new card object {"pan","expMonth","expYear","holder","cvc"} (fields
 * named card.pan etc. in errors): Luhn, 16-19 digits, known system, expiry not
 * in the past, CVC of 3 digits, holder Latin letters. On success fills the mask, system
 * and "MM/YY" expiry (expires needs 8 bytes). The PAN and CVC are never stored. */
int card_validate(struct call *c, const cJSON *card, char *mask,
		  const char **system, char *expires);
/* Stores a token for the PAN in the processor's vault and returns it (buf >= 48);
 * the outcome charges with that token will have. */
int processor_tokenize(struct call *c, const cJSON *card, char *token,
		       enum charge_outcome *outcome);
/* The outcome of charging a token (CHARGE_BLOCKED for an unknown token). */
enum charge_outcome processor_outcome(struct call *c, const char *token);
/* The declineReason for a declined outcome: "INSUFFICIENT_FUNDS" or "CARD_BLOCKED". */
const char *processor_decline_reason(enum charge_outcome o);

#endif

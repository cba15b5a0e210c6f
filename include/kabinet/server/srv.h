/* kabinetd's process-wide settings, clock, random ids, hashing and the outbox. */
#ifndef KABINET_SERVER_SRV_H
#define KABINET_SERVER_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct srv_config {
	const char *db_path;
	const char *outbox_path;	/* NULL: codes only go to the outbox table */
	int64_t today_offset;		/* seconds added to the real clock (--today) */
	unsigned delay_ms;		/* --delay-ms: sleep before every response */
	int64_t session_idle;		/* --session-ttl, default 1800 s */
	int64_t session_max;		/* 12 hours */
	int64_t remember_ttl;		/* 30 days */
	bool tls;
	const char *public_url;	/* --public-url: where browsers reach kabinetd */
	/* --trusted-proxy: the proxy's address in inet_ntop's form, "" for none. A request
	 * from it is counted as from its X-Real-IP (the per-address limits, the logs). */
	char trusted_proxy[46];
};

extern struct srv_config srv_cfg;

/* The server's clock: real time shifted so that "today" is --today when pinned. */
int64_t srv_now(void);
/* Milliseconds of a monotonic clock, for timeouts and intervals (never shifted). */
int64_t srv_mono_ms(void);
/* Formats an instant as RFC 3339 UTC ("2026-11-22T10:00:00Z"); buf needs 21 bytes. */
char *srv_instant(int64_t t, char *buf);
/* The date of an instant, "YYYY-MM-DD"; buf needs 11 bytes. */
char *srv_date(int64_t t, char *buf);
/* Today's date in the server's clock. */
char *srv_today(char *buf);
/* Parses a strict YYYY-MM-DD that is a real calendar date; returns the day number
 * (days since 1970-01-01) or INT64_MIN. */
int64_t srv_parse_date(const char *s);
/* The reverse: a day number to "YYYY-MM-DD". */
char *srv_day_to_date(int64_t day, char *buf);
/* A month as a number, year * 12 + month - 1 ("24 months back" is a subtraction), of a
 * date or month that starts "YYYY-MM"; and back to "YYYY-MM" (buf needs 8 bytes). */
int srv_month_of(const char *date);
char *srv_month_text(int month, char *buf);
/* Day number of today. */
int64_t srv_today_day(void);

/* A new random opaque id: prefix + 16 lowercase hex characters. buf needs 32 bytes. */
char *srv_new_id(const char *prefix, char *buf);
/* A new random secret token, 43 URL-safe base64 characters (256 bits). buf needs 48. */
char *srv_new_token(char *buf);
/* SHA-256 of a secret, as 64 hex characters (buf needs 65); tokens are stored only so. */
char *srv_token_hash(const char *token, char *buf);
/* A random decimal code of n digits (n <= 9). buf needs n + 1. */
char *srv_new_code(unsigned n, char *buf);
/* argon2id; out needs crypto_pwhash_STRBYTES (128). Returns 0 or -1 (out of memory). */
int srv_password_hash(const char *password, char *out);
bool srv_password_verify(const char *hash, const char *password);
/* Constant-time string comparison (lengths compared too). */
bool srv_streq_ct(const char *a, const char *b);
/* Whether s is min to max ASCII digits and nothing else. */
bool srv_all_digits(const char *s, size_t min, size_t max);
/* Folds ASCII and Cyrillic capitals (Ё included) of UTF-8 text to small letters, in
 * place (SQL has it as fold_case(text), db.c). */
void srv_fold_case(char *s);

/* "Sends" a message: a row in the outbox table within the call's transaction, and a
 * JSON line for the --outbox file that srv_outbox_flush() writes after the commit. */
struct call;
int srv_outbox_send(struct call *c, const char *channel, const char *to, const char *text,
		    const char *code);
void srv_outbox_flush(struct call *c);

/* Masks a phone "+79221234522" as "+7 (922) ***-**-22" and an e-mail as "d***@example.ru". */
char *srv_mask_contact(const char *contact, char *buf, size_t size);

#endif

/* Money intents kept on disk until the server has said what became of them.
 *
 * Before the first send of a change that moves money (a payment, a card binding, a
 * transfer, a promised payment, a bonus spend) its intent is written to
 * <state dir>/intents/<server and login>/<key>.json: the idempotency key, what it
 * does (accounts, amounts, the card's mask; once known, the payment's id), never a
 * card number, CVC or code. The file is written whole and renamed into place (0600,
 * directories 0700) and removed only when an answer of the server settles the intent:
 * its success, a considered refusal, or what checkIdempotencyKey / getPayment read
 * back. A closed form, a quit, a crash or kill -9 leave it for the next start.
 *
 * A process that sends an intent, or holds it in an open form, keeps an exclusive
 * lock on <key>.lock (flock: the kernel drops it when the process dies), so that
 * another kabinet does not settle what is still in flight here.
 *
 * Pure state: no curses, no network (the asking is ui/intents.c). */
#ifndef KABINET_INTENTS_H
#define KABINET_INTENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kabinet/model/payments.h"

enum intent_kind {
	INTENT_PAY,		/* createPayment */
	INTENT_BIND,		/* bindCard */
	INTENT_TRANSFER,	/* transferFunds */
	INTENT_PROMISED,	/* activatePromisedPayment */
	INTENT_BONUS,		/* spendBonuses */
	INTENT_KINDS
};

struct intent_item {
	char account_id[64];
	char number[32];	/* the account's number, for people ("" unknown) */
	int64_t amount;		/* kopecks; points for INTENT_BONUS */
};

struct intent {
	char key[PAY_KEY_SIZE];
	enum intent_kind kind;
	time_t created;		/* when it was first sent */
	char payment_id[64];	/* PAY and BIND once the server named it, else "" */
	char card_mask[32];	/* PAY and BIND */
	char from_id[64];	/* TRANSFER: the source */
	char from_number[32];
	struct intent_item items[PAY_ITEMS_MAX];
	size_t n;
};

/* The API method that carries an intent of this kind. */
const char *intent_method(enum intent_kind kind);
/* The kind whose method this is; -1 for any other. */
int intent_kind_of(const char *method);
/* The sum of the items (kopecks, or points). False when it would overflow. */
bool intent_total(const struct intent *in, int64_t *total);
/* Whether the two touch the same account (a source or a destination). */
bool intent_overlaps(const struct intent *a, const struct intent *b);

/* One server's and login's intents: where they are, and whose they are (each file
 * says so, and a file of another server or login is not read). */
struct intent_store {
	char dir[4200];
	char server[512];
	char login[1024];
};
/* Fills the store (nothing is created yet). 0, or -1 when no state directory is
 * known or the names do not fit. */
int intent_store_init(struct intent_store *s, const char *server, const char *login);

/* The intent as the file holds it, and back. Reading refuses anything out of shape
 * (a hand-edited or truncated file, another server's or login's): 0, or -1. */
char *intent_format(const struct intent *in, const char *server, const char *login);
int intent_parse(const char *text, const char *server, const char *login, struct intent *out);

/* Writes the intent (creating the directories). 0, or -1 with errno. */
int intent_save(const struct intent_store *s, const struct intent *in);
/* Removes it: settled (its lock file stays until its holder lets go). 0 (also when it
 * was not there), or -1 with errno. */
int intent_remove(const struct intent_store *s, const char *key);
/* Every intent of the store, oldest first (malloc'ed into *out, NULL when none; free
 * it). Files that do not read are skipped. Returns the count. */
size_t intent_load_all(const struct intent_store *s, struct intent **out);
/* The one intent of that key: 0, or -1 when it is not there (settled) or unreadable. */
int intent_load(const struct intent_store *s, const char *key, struct intent *out);

/* The exclusive lock of an intent: an fd to keep, or -1 when another process holds it
 * (errno EWOULDBLOCK) or the lock file cannot be made (another errno). */
int intent_lock(const struct intent_store *s, const char *key);
/* Drops a lock taken by intent_lock() (fd -1: nothing). */
void intent_unlock(int fd);
/* Removes the lock file of a settled intent: only by the process that holds its lock,
 * just before intent_unlock() (intent_lock() never keeps a lock on a removed file). */
void intent_drop_lock(const struct intent_store *s, const char *key);

#endif

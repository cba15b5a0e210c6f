/* What a change moved, read again (moved.c), on every screen that shows it. */
#ifndef KABINET_UI_MOVED_H
#define KABINET_UI_MOVED_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/* What a change can have changed, for ui_moved(): */
#define UI_MOVED_BALANCES 0x01u	/* the accounts' balances only (a form's r) */
#define UI_MOVED_MONEY	  0x02u	/* money moved on the accounts: their balances and promised
				 * payments, the history, their invoices, the services debt
				 * blocked, autopay's next runs */
#define UI_MOVED_BONUS	  0x04u	/* the bonus points */
#define UI_MOVED_ACCOUNTS 0x08u	/* the list of accounts (attached: account_ids[0], if known) */
#define UI_MOVED_CARDS	  0x10u	/* the bound cards */
/* A change was done, or may have been (no answer came): what it can have changed is
 * read again, on every screen that shows it — now on a screen that is open (in front,
 * or under the form), and fresh when one that is not opens. The done() and settle()
 * of every change call it. */
void ui_moved(struct app *app, unsigned what, const char *const *account_ids, size_t n);
/* The screens' parts of it. A new balance of the account: the overview measures its
 * row again (a promised payment needs its column). */
void overview_moved(struct app *app, const char *account_id);
/* Screen 4, when open: the history's first page and its count are read again
 * (`history`), or a new balance is measured in its column. */
void payments_moved(struct app *app, bool history);
/* The invoices of the account, when they are open, are read again (paid now?). */
void invoices_moved(struct app *app, const char *account_id);
/* The bound cards, when they are open, are read again. */
void cards_moved(struct app *app);

#endif

/* What a change moved, read again (moved.c), on every screen that shows it: the
 * figures the app keeps here, the screens' own through struct ui_moved_screens. */
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
/* The screens' parts of it, given by the screen table (screens.c) so that moved.c
 * names no screen. Every member may be NULL. */
struct ui_moved_screens {
	/* A new balance of the account was read (the overview and screen 4 measure
	 * it in their columns). */
	void (*balance)(struct app *app, const char *account_id);
	/* Money moved on these accounts (their history, invoices, autopay's runs, the
	 * tariff's figures). */
	void (*money)(struct app *app, const char *const *account_ids, size_t n);
	/* The points moved: false when no open screen read them again itself. */
	bool (*bonus)(struct app *app);
	/* The list of accounts changed (account_id "" when not known). */
	void (*accounts)(struct app *app, const char *account_id);
	/* The bound cards changed. */
	void (*cards)(struct app *app);
};

#endif

/* TEMPORARY while the sub-screens of screen 4 are built (cards.c, invoices.c,
 * transfer.c and promised.c replace this file). */
#include "kabinet/ui.h"

void cards_show(struct app *app)
{
	(void)app;
	ui_message(UI_MSG_INFO, "%s", "cards: in progress");
}

void invoices_show(struct app *app, const char *account_id)
{
	(void)app, (void)account_id;
	ui_message(UI_MSG_INFO, "%s", "invoices: in progress");
}

void transfer_show(struct app *app, const char *from_account_id)
{
	(void)app, (void)from_account_id;
	ui_message(UI_MSG_INFO, "%s", "transfer: in progress");
}

void promised_show(struct app *app, const char *account_id)
{
	(void)app, (void)account_id;
	ui_message(UI_MSG_INFO, "%s", "promised payment: in progress");
}

/* TEMPORARY while the top-up form is built (pay.c replaces this file). */
#include "kabinet/ui.h"

void pay_show(struct app *app, const char *account_id, int64_t amount)
{
	(void)app, (void)account_id, (void)amount;
	ui_message(UI_MSG_INFO, "%s", "top-up form: in progress");
}

void pay_show_number(struct app *app, const char *number, int64_t amount)
{
	(void)app, (void)number, (void)amount;
	ui_message(UI_MSG_INFO, "%s", "top-up form: in progress");
}

void pay_bind_card(struct app *app, void (*done)(struct app *app))
{
	(void)app, (void)done;
	ui_message(UI_MSG_INFO, "%s", "card binding: in progress");
}

void pay_money_moved(struct app *app, const char *const *account_ids, size_t n)
{
	(void)app, (void)account_ids, (void)n;
}

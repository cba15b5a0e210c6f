/* The screen tables: the one file that names the screens for the engine and the
 * toolkit. The subscriber's holds the menu of the eight top-level screens, the login
 * screen (where a run starts and an ended session goes), the screens' parts of what a
 * change moved (moved.c) and `:pay NUMBER AMOUNT` (prompt.c). The staff's (kabinet
 * --staff) hold their own menu and login, and a view's the subscriber's eight screens
 * under a banner (staff.h). main.c hands one to ui_run(); the engine and the toolkit
 * reach screens only through them and struct screen_ops. */
#include "kabinet/ui/screens.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/staff.h"
#include "kabinet/ui/tariffs.h"

#include "kabinet/i18n.h"

static const struct ui_menu_item menu_items[] = {
	{ ACT_SCREEN_OVERVIEW, N_("Overview"), &overview_screen },
	{ ACT_SCREEN_ACCOUNTS, N_("Accounts"), &accounts_screen },
	{ ACT_SCREEN_TARIFFS, N_("Tariffs"), &tariffs_screen },
	{ ACT_SCREEN_PAYMENTS, N_("Payments"), &payments_screen },
	{ ACT_SCREEN_AUTOPAY, N_("Autopay"), &autopay_screen },
	{ ACT_SCREEN_BONUS, N_("Bonus"), &bonus_screen },
	{ ACT_SCREEN_SUPPORT, N_("Support"), &support_screen },
	{ ACT_SCREEN_PROFILE, N_("Profile"), &profile_screen },
};

/* A new balance: the overview's row and screen 4's column. */
static void balance_moved(struct app *app, const char *account_id)
{
	overview_moved(app, account_id);
	payments_moved(app, false);
}

/* Money moved: the history, autopay's next runs, the invoices and the tariff's
 * figures of each account. */
static void money_moved(struct app *app, const char *const *account_ids, size_t n)
{
	payments_moved(app, true);
	autopay_changed(app);
	for (size_t i = 0; i < n; i++) {
		invoices_moved(app, account_ids[i]);
		tariffs_account_moved(app, account_ids[i]);
	}
}

/* The list of accounts: screen 2 reads it again, screen 4 its history, screen 5 its
 * rules. */
static void accounts_moved(struct app *app, const char *account_id)
{
	accounts_changed(app, account_id);
	payments_moved(app, true);
	autopay_changed(app);
}

static const struct ui_moved_screens moved = {
	.balance = balance_moved,
	.money = money_moved,
	.bonus = bonus_reload,
	.accounts = accounts_moved,
	.cards = cards_moved,
};

const struct ui_screens ui_screen_table = {
	.menu = menu_items,
	.nmenu = sizeof(menu_items) / sizeof(menu_items[0]),
	.login = &login_screen,
	.moved = &moved,
	.pay_number = pay_show_number,
	.history_date = payments_date,
};

/* The staff's screens: support's, and the office's with the companies. */
static const struct ui_menu_item staff_items[] = {
	{ ACT_SCREEN_QUEUE, N_("Queue"), &staff_queue_screen },
	{ ACT_SCREEN_SUBSCRIBERS, N_("Subscribers"), &staff_subscribers_screen },
	{ ACT_SCREEN_COMPANIES, N_("Companies"), &staff_companies_screen },
};

const struct ui_screens ui_staff_table = {
	.menu = staff_items,
	.nmenu = 2,
	.login = &staff_login_screen,
	.keymap = KEYMAP_STAFF,
	.top = staff_top,
	.logout = staff_logout,
	.find = staff_find,
};

const struct ui_screens ui_office_table = {
	.menu = staff_items,
	.nmenu = sizeof(staff_items) / sizeof(staff_items[0]),
	.login = &staff_login_screen,
	.keymap = KEYMAP_STAFF,
	.top = staff_top,
	.logout = staff_logout,
	.find = staff_find,
};

/* A view of a subscriber's cabinet: their eight screens, read-only (app->view). */
const struct ui_screens ui_view_table = {
	.menu = menu_items,
	.nmenu = sizeof(menu_items) / sizeof(menu_items[0]),
	.login = &staff_login_screen,
	.moved = &moved,
	.top = staff_view_top,
	.leave = staff_view_leave,
	.find = staff_view_find,
	.history_date = payments_date,
	.session_ended = staff_view_ended,
	.logout = staff_logout,
};

/* Every user action, declared once: from this table come the action enum, the
 * names that config `bind` lines and the `:` prompt use, the help overlay, the
 * --read-only check and the man page's action list (tools/gen-man-actions.c). */
#ifndef KABINET_ACTIONS_H
#define KABINET_ACTIONS_H

#include <stdbool.h>

#include "kabinet/i18n.h"

/* The screens, which are also the keymaps: a key is looked up in the keymap of
 * the screen in front, then in the keymap of the screens' table when it has one
 * ("staff": the staff's menu, kabinet --staff), then in "generic". */
#define KEYMAPS(X) \
	X(GENERIC,  "generic") \
	X(LOGIN,    "login") \
	X(OVERVIEW, "overview") \
	X(ACCOUNTS, "accounts") \
	X(TARIFFS,  "tariffs") \
	X(PAYMENTS, "payments") \
	X(AUTOPAY,  "autopay") \
	X(BONUS,    "bonus") \
	X(SUPPORT,  "support") \
	X(PROFILE,  "profile") \
	X(ACCOUNT,  "account") \
	X(ATTACH,   "attach") \
	X(HELP,     "help") \
	X(DIALOG,   "dialog") \
	X(STAFF,    "staff") \
	X(QUEUE,    "queue") \
	X(SUBSCRIBERS, "subscribers") \
	X(COMPANIES, "companies")

enum keymap {
	KEYMAP_UNKNOWN = -1,	/* a name that is no keymap */
#define KEYMAP_ENUM(id, name) KEYMAP_##id,
	KEYMAPS(KEYMAP_ENUM)
#undef KEYMAP_ENUM
	KEYMAP_COUNT
};

/* Where an action applies: a set of keymaps. SCOPE(GENERIC) means everywhere. */
#define SCOPE(id) (1u << KEYMAP_##id)

/* Action flags. */
#define ACTF_CHANGES 1u	/* moves money or changes a service: refused under --read-only */
#define ACTF_SCREEN 2u	/* opens a screen of a menu (of one table of screens or another) */

/* X(ENUM, "name", scope, flags, N_("help text")) */
#define ACTIONS(X) \
	X(QUIT,             "quit",             SCOPE(GENERIC), 0, N_("Quit kabinet")) \
	X(HELP,             "help",             SCOPE(GENERIC), 0, N_("Show the keys of this screen")) \
	X(REDRAW,           "redraw",           SCOPE(GENERIC), 0, N_("Redraw the screen")) \
	X(REFRESH,          "refresh",          SCOPE(GENERIC), 0, N_("Reload the data from the server")) \
	X(MOVE_UP,          "move-up",          SCOPE(GENERIC), 0, N_("Move the cursor up")) \
	X(MOVE_DOWN,        "move-down",        SCOPE(GENERIC), 0, N_("Move the cursor down")) \
	X(PAGE_UP,          "page-up",          SCOPE(GENERIC), 0, N_("Move up one page")) \
	X(PAGE_DOWN,        "page-down",        SCOPE(GENERIC), 0, N_("Move down one page")) \
	X(MOVE_TOP,         "move-top",         SCOPE(GENERIC), 0, N_("Go to the first line")) \
	X(MOVE_BOTTOM,      "move-bottom",      SCOPE(GENERIC), 0, N_("Go to the last line")) \
	X(ENTER,            "enter",            SCOPE(GENERIC), 0, N_("Open or choose the selected line")) \
	X(BACK,             "back",             SCOPE(GENERIC), 0, N_("Go back; on the top screen, quit")) \
	X(CANCEL,           "cancel",           SCOPE(GENERIC), 0, N_("Cancel the request in progress, or go back")) \
	X(NEXT_FIELD,       "next-field",       SCOPE(GENERIC), 0, N_("Go to the next field")) \
	X(PREV_FIELD,       "prev-field",       SCOPE(GENERIC), 0, N_("Go to the previous field")) \
	X(COMMAND_PROMPT,   "command-prompt",   SCOPE(GENERIC), 0, N_("Open the command line")) \
	X(SEARCH,           "search",           SCOPE(GENERIC), 0, N_("Search this screen")) \
	X(SEARCH_NEXT,      "search-next",      SCOPE(GENERIC), 0, N_("Find the next match")) \
	X(SEARCH_PREV,      "search-prev",      SCOPE(GENERIC), 0, N_("Find the previous match")) \
	X(MESSAGES,         "messages",         SCOPE(GENERIC), 0, N_("Show the last messages and the warnings of the start in full")) \
	X(SCREEN_OVERVIEW,  "screen-overview",  SCOPE(GENERIC), ACTF_SCREEN, N_("Show the overview of all accounts")) \
	X(SCREEN_ACCOUNTS,  "screen-accounts",  SCOPE(GENERIC), ACTF_SCREEN, N_("Show accounts and their services")) \
	X(SCREEN_TARIFFS,   "screen-tariffs",   SCOPE(GENERIC), ACTF_SCREEN, N_("Show tariffs and options")) \
	X(SCREEN_PAYMENTS,  "screen-payments",  SCOPE(GENERIC), ACTF_SCREEN, N_("Show payments and their history")) \
	X(SCREEN_AUTOPAY,   "screen-autopay",   SCOPE(GENERIC), ACTF_SCREEN, N_("Show autopay rules")) \
	X(SCREEN_BONUS,     "screen-bonus",     SCOPE(GENERIC), ACTF_SCREEN, N_("Show the bonus program")) \
	X(SCREEN_SUPPORT,   "screen-support",   SCOPE(GENERIC), ACTF_SCREEN, N_("Show support requests")) \
	X(SCREEN_PROFILE,   "screen-profile",   SCOPE(GENERIC), ACTF_SCREEN, N_("Show the profile")) \
	X(LOGOUT,           "logout",           SCOPE(GENERIC), 0, N_("Log out")) \
	X(TOGGLE_REMEMBER,  "toggle-remember",  SCOPE(LOGIN), 0, N_("Remember this login on this computer, or not")) \
	X(REGISTER,         "register",         SCOPE(LOGIN), ACTF_CHANGES, N_("Register a new profile")) \
	X(RECOVER_PASSWORD, "recover-password", SCOPE(LOGIN), ACTF_CHANGES, N_("Recover a forgotten password with a code")) \
	X(SOCIAL_LOGIN,     "social-login",     SCOPE(LOGIN), 0, N_("Log in with a social account (VK ID and the like)")) \
	X(CONFIRM,          "confirm",          SCOPE(DIALOG), 0, N_("Confirm what the dialog asks")) \
	X(PAY,              "pay",              SCOPE(OVERVIEW) | SCOPE(PAYMENTS), ACTF_CHANGES, N_("Top up an account")) \
	X(TRANSFER,         "transfer",         SCOPE(PAYMENTS), ACTF_CHANGES, N_("Transfer money between your accounts")) \
	X(PROMISED_PAYMENT, "promised-payment", SCOPE(OVERVIEW) | SCOPE(PAYMENTS), ACTF_CHANGES, N_("Take a promised payment")) \
	X(CHANGE_TARIFF,    "change-tariff",    SCOPE(TARIFFS), ACTF_CHANGES, N_("Change the tariff")) \
	X(TOGGLE_OPTION,    "toggle-option",    SCOPE(TARIFFS), ACTF_CHANGES, N_("Connect or disconnect the option")) \
	X(VOLUNTARY_BLOCK,  "voluntary-block",  SCOPE(TARIFFS), ACTF_CHANGES, N_("Block the service voluntarily, or remove the block")) \
	X(ATTACH_ACCOUNT,   "attach-account",   SCOPE(ACCOUNTS), ACTF_CHANGES, N_("Attach an account")) \
	X(DETACH_ACCOUNT,   "detach-account",   SCOPE(ACCOUNTS) | SCOPE(ACCOUNT), ACTF_CHANGES, N_("Detach the account")) \
	X(INVOICE_EMAIL,    "invoice-email",    SCOPE(ACCOUNT), ACTF_CHANGES, N_("Set or stop the invoice e-mail")) \
	X(PAYMENT_SYSTEM,   "payment-system",   SCOPE(ACCOUNT), ACTF_CHANGES, N_("Switch between advance and credit payment")) \
	X(NEXT_SERVICE,     "next-service",     SCOPE(TARIFFS), 0, N_("Show the next service")) \
	X(PREV_SERVICE,     "prev-service",     SCOPE(TARIFFS), 0, N_("Show the previous service")) \
	X(SHOW_USAGE,       "usage",            SCOPE(TARIFFS), 0, N_("Show the usage chart, or the tariffs again")) \
	X(USAGE_PERIOD,     "usage-period",     SCOPE(TARIFFS), 0, N_("Chart 7, 30 or 90 days of usage")) \
	X(SWITCH_LIST,      "switch-list",      SCOPE(TARIFFS), 0, N_("Go between the tariffs and the options")) \
	X(BIND_CARD,        "bind-card",        SCOPE(PAYMENTS), ACTF_CHANGES, N_("Bind a bank card")) \
	X(UNBIND_CARD,      "unbind-card",      SCOPE(PAYMENTS), ACTF_CHANGES, N_("Unbind the bank card")) \
	X(SHOW_CARDS,       "cards",            SCOPE(PAYMENTS), 0, N_("Show the bound cards")) \
	X(SHOW_INVOICES,    "invoices",         SCOPE(PAYMENTS), 0, N_("Show the invoices of the account")) \
	X(MONEY_CHART,      "money-chart",      SCOPE(PAYMENTS), 0, N_("Show where the money goes: twelve months of charges by service")) \
	X(NEXT_ACCOUNT,     "next-account",     SCOPE(PAYMENTS) | SCOPE(BONUS), 0, N_("Show the next account")) \
	X(PREV_ACCOUNT,     "prev-account",     SCOPE(PAYMENTS) | SCOPE(BONUS), 0, N_("Show the previous account")) \
	X(HISTORY_FILTER,   "filter",           SCOPE(PAYMENTS), 0, N_("Filter the history by account, type and period")) \
	X(AUTOPAY_CREATE,   "autopay-create",   SCOPE(AUTOPAY), ACTF_CHANGES, N_("Create an autopay rule")) \
	X(AUTOPAY_EDIT,     "autopay-edit",     SCOPE(AUTOPAY), ACTF_CHANGES, N_("Edit the autopay rule")) \
	X(AUTOPAY_TOGGLE,   "autopay-toggle",   SCOPE(AUTOPAY), ACTF_CHANGES, N_("Enable or disable the autopay rule")) \
	X(AUTOPAY_DELETE,   "autopay-delete",   SCOPE(AUTOPAY), ACTF_CHANGES, N_("Delete the autopay rule")) \
	X(SPEND_BONUSES,    "spend-bonuses",    SCOPE(BONUS), ACTF_CHANGES, N_("Spend bonus points on an account")) \
	X(JOIN_BONUS,       "join-bonus",       SCOPE(BONUS), ACTF_CHANGES, N_("Join the bonus program")) \
	X(REQUEST_CREATE,   "request-create",   SCOPE(SUPPORT), ACTF_CHANGES, N_("Create a support request")) \
	X(REQUEST_REPLY,    "request-reply",    SCOPE(SUPPORT), ACTF_CHANGES, N_("Reply to the request")) \
	X(REQUEST_CLOSE,    "request-close",    SCOPE(SUPPORT), ACTF_CHANGES, N_("Close the request")) \
	X(CHANGE_PASSWORD,  "change-password",  SCOPE(PROFILE), ACTF_CHANGES, N_("Change the password")) \
	X(CHANGE_CONTACT,   "change-contact",   SCOPE(PROFILE), ACTF_CHANGES, N_("Change the e-mail or phone")) \
	X(TOGGLE_TWO_STEP,  "toggle-two-step",  SCOPE(PROFILE), ACTF_CHANGES, N_("Turn two-step login on or off")) \
	X(REVOKE_DEVICE,    "revoke-device",    SCOPE(PROFILE), ACTF_CHANGES, N_("Revoke the remembered device")) \
	X(EDIT_PROFILE,     "edit-profile",     SCOPE(PROFILE), ACTF_CHANGES, N_("Edit the name and region")) \
	X(ACCESS_LOG,       "access-log",       SCOPE(PROFILE), 0, N_("Show who from support looked at my data")) \
	X(NOTIFICATION_SETTINGS, "notification-settings", SCOPE(PROFILE), 0, N_("Show and change which notifications come by e-mail or SMS")) \
	X(SOCIAL_ACCOUNTS,  "social-accounts",  SCOPE(PROFILE), 0, N_("Show the social accounts; there, link the selected one")) \
	X(SOCIAL_UNLINK,    "social-unlink",    SCOPE(PROFILE), ACTF_CHANGES, N_("Unlink the selected social account")) \
	X(SCREEN_QUEUE,     "screen-queue",     SCOPE(STAFF), ACTF_SCREEN, N_("Staff: show the support queue")) \
	X(SCREEN_SUBSCRIBERS, "screen-subscribers", SCOPE(STAFF), ACTF_SCREEN, N_("Staff: find subscribers and view their cabinet")) \
	X(SCREEN_COMPANIES, "screen-companies", SCOPE(STAFF), ACTF_SCREEN, N_("Staff: show the companies (the office)")) \
	X(STAFF_REPLY,      "staff-reply",      SCOPE(QUEUE), 0, N_("Staff: reply to the request")) \
	X(STAFF_STATUS,     "staff-status",     SCOPE(QUEUE), 0, N_("Staff: set the request's status")) \
	X(STAFF_ASSIGN,     "staff-assign",     SCOPE(QUEUE), 0, N_("Staff: assign the request to me")) \
	X(COMPANY_CREATE,   "company-create",   SCOPE(COMPANIES), 0, N_("Office: create a company's profile and issue its login")) \
	X(COMPANY_ATTACH,   "company-attach",   SCOPE(COMPANIES), 0, N_("Office: attach an account to the company")) \
	X(COMPANY_PASSWORD, "company-password", SCOPE(COMPANIES), 0, N_("Office: issue the company a new one-time password"))

enum action {
	ACT_UNKNOWN = -1,	/* a name that is no action */
	ACT_NONE,		/* "none": bound to a key, hides the generic binding */
#define ACTION_ENUM(id, name, scope, flags, help) ACT_##id,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
};

/* "move-down"; NULL for ACT_UNKNOWN or out of range. */
const char *action_name(enum action act);
/* Name to action ("none" is ACT_NONE); ACT_UNKNOWN when there is no such action. */
enum action action_by_name(const char *name);
/* The help text in the current language ("" when out of range). */
const char *action_help(enum action act);
/* True when the action moves money or changes a service (--read-only refuses it). */
bool action_changes(enum action act);
/* True when the action opens a screen of a menu (1, 2, ... of some table of screens). */
bool action_opens_screen(enum action act);
/* The keymaps the action belongs to, as SCOPE() bits. */
unsigned action_scope(enum action act);
/* True when the action belongs to the keymap (generic actions belong to all). */
bool action_in_keymap(enum action act, enum keymap map);

#endif

/* Options: one table with a parser and a printer per type (an X-macro, as actions.h),
 * so the config file, `:set` and the man page go through the same path. */
#ifndef KABINET_OPTIONS_H
#define KABINET_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/diag.h"
#include "kabinet/i18n.h"

enum opt_language { LANGUAGE_AUTO, LANGUAGE_RU, LANGUAGE_EN };

/* Option flags. */
#define OPTF_PROFILE 1u	/* may be set inside a [profile NAME] section */

/* X(name, TYPE, "default", flags, N_("description")); TYPE is one of BOOL,
 * SECONDS (0 to 86400), MILLISECONDS (10 to 10000), STRING, URL (http:// or https://, stored in the normal form
 * of url.h), LANGUAGE. */
#define OPTIONS(X) \
	X(language,         LANGUAGE, "auto",                  OPTF_PROFILE, N_("Interface language: auto follows the locale")) \
	X(server,           URL,      "http://127.0.0.1:8480", OPTF_PROFILE, N_("Address of the personal-cabinet server")) \
	X(ca_file,          STRING,   "",                      OPTF_PROFILE, N_("PEM file of the CA certificates that https:// servers are checked against instead of the system's")) \
	X(insecure_http,    BOOL,     "no",                    OPTF_PROFILE, N_("UNSAFE: send the password and the session over plain http:// to a host that is not this computer")) \
	X(login,            STRING,   "",                      OPTF_PROFILE, N_("Login filled in on the login screen")) \
	X(password_command, STRING,   "",                      OPTF_PROFILE, N_("Command that prints the password, such as pass or gopass")) \
	X(keyring,          BOOL,     "yes",                   OPTF_PROFILE, N_("Keep the login token in the system keyring")) \
	X(read_only,        BOOL,     "no",                    OPTF_PROFILE, N_("Refuse every action that moves money or changes a service")) \
	X(remember,         BOOL,     "no",                    OPTF_PROFILE, N_("Tick \"remember me\" on the login screen")) \
	X(cache,            BOOL,     "yes",                   OPTF_PROFILE, N_("With a remembered login, keep the last overview's figures to show at once on the next start")) \
	X(staff,            BOOL,     "no",                    OPTF_PROFILE, N_("Log in to the operator's staff side (as --staff): the support queue, subscribers' cabinets read-only; read at start")) \
	X(color,            BOOL,     "yes",                   0, N_("Use colors; off by default when NO_COLOR is set")) \
	X(ascii_only,       BOOL,     "no",                    0, N_("Draw with ASCII only: no box lines, RUB instead of the rouble sign")) \
	X(confirm_quit,     BOOL,     "yes",                   0, N_("Ask before quitting")) \
	X(refresh_interval, SECONDS,  "0",                     0, N_("Reload the screen every so many seconds; 0 turns it off")) \
	X(request_timeout,  SECONDS,  "30",                    0, N_("Give up on a server request after so many seconds; 0 waits for ever")) \
	X(timeout,          SECONDS,  "300",                   0, N_("Give up on a subcommand (balance, history, requests...) after so many seconds in all, exit status 1; 0 waits for ever. The full screen does not use it")) \
	X(wrap_search,      BOOL,     "yes",                   0, N_("Continue a search from the other end of the list")) \
	X(escdelay,         MILLISECONDS, "150",               0, N_("Milliseconds to wait after Esc for the rest of a key's sequence before it counts as Esc alone"))

#define OPT_CTYPE_BOOL     bool
#define OPT_CTYPE_SECONDS  unsigned
#define OPT_CTYPE_MILLISECONDS unsigned
#define OPT_CTYPE_STRING   char *
#define OPT_CTYPE_URL      char *
#define OPT_CTYPE_LANGUAGE enum opt_language

/* The current values; strings are never NULL. Change them through options_set(). */
struct options {
#define OPTION_FIELD(name, type, def, flags, help) OPT_CTYPE_##type name;
	OPTIONS(OPTION_FIELD)
#undef OPTION_FIELD
};
extern struct options opt;

struct option_info {
	const char *name;	/* "read_only" */
	const char *def;	/* the default as config text */
	const char *values;	/* what it accepts, untranslated: "yes or no" */
	const char *help;	/* untranslated description */
	unsigned flags;
};

/* The i-th option of the table, NULL past the end. */
const struct option_info *options_at(size_t i);
/* By name, ignoring case and taking '-' for '_'; NULL when unknown. */
const struct option_info *options_find(const char *name);
/* Every option back to its default; color starts off when NO_COLOR is non-empty. */
void options_reset(void);
/* Parses and sets one option ("language" also switches the interface language).
 * Returns 0, or -1 and says why in d, leaving the option as it was. */
int options_set(const char *name, const char *value, struct diag *d);
/* The same checks without setting anything (for profile sections). */
int options_check(const char *name, const char *value, struct diag *d);
/* A yes/no value as the config takes it ("yes", "on", "1", "no", ...). Returns 0, or
 * -1 when it is neither. */
int options_parse_bool(const char *text, bool *out);
/* The current value as config text ("yes", "30", "ru"); NULL for an unknown name. */
char *options_print(const char *name, char *buf, size_t size);

#endif

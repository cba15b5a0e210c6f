/* Translation: every user-visible string goes through _() (gettext, text domain
 * "kabinet"); N_() marks a string in a table that is translated where it is used. */
#ifndef KABINET_I18N_H
#define KABINET_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#include "kabinet/money.h"

#define _(s) gettext(s)
#define N_(s) s

/* Sets the locale from the environment (falling back to C.UTF-8, since ncursesw
 * needs a UTF-8 ctype), binds the catalog ($KABINET_LOCALEDIR; else `locale` next to
 * the executable when the Russian catalog is there, as in a build tree; else the
 * installed LOCALEDIR) and picks the language: `lang` ("ru", "en"), or NULL or "auto" for the one
 * LC_ALL / LC_MESSAGES / LANG name. Returns 0, or -1 for an unknown `lang`
 * (the language then follows the environment). */
int i18n_init(const char *lang);
/* Switches the language at run time; NULL or "auto" follows the environment.
 * Returns 0, or -1 (nothing changed) for a language other than auto, ru, en. */
int i18n_set_lang(const char *lang);
/* Whether Russian is the language now but its catalog was not found, so every string
 * stays English: true with the message for people (which says where it looked) in
 * msg. Never a silent fallback: main shows it on stderr or in the bottom line. */
bool i18n_catalog_missing(char *msg, size_t size);
/* Whether the environment's locale is UTF-8 (set by i18n_init): when it is not, the
 * terminal cannot be trusted with anything but ASCII. The program itself always runs
 * with a UTF-8 ctype. */
bool i18n_utf8_env(void);
/* "ru" or "en": the language strings are shown in now. */
const char *i18n_lang(void);
/* The money format of that language: 1 234,56 ₽ or 1,234.56 RUB. */
enum money_style i18n_money_style(void);

#endif

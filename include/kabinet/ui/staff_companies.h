/* The office's screen 3 (staff_companies.c): the companies made at the office, and
 * what is done from it: a company's profile made by the wizard (staff_company_new.c),
 * an account attached and a new one-time password issued (staff_company_acts.c), the
 * password shown once, large (staff_company_secret.c). */
#ifndef KABINET_UI_STAFF_COMPANIES_H
#define KABINET_UI_STAFF_COMPANIES_H

#include "kabinet/model/staff_office.h"

struct app;
struct company_secret;
struct ui_field;

/* n: the wizard (name and INN, contacts, accounts, confirmation, the password). */
void staff_company_new(struct app *app);
/* a: an account attached to the company (its INN, its name for the words). */
void staff_company_attach(struct app *app, const char *inn, const char *name);
/* P: a new one-time password for the company, confirmed first, then shown once. */
void staff_company_password(struct app *app, const char *inn, const char *name);
/* The one-time password shown once over the screen in front, for the company named
 * `name`; s is copied, the caller wipes its own. Closing it wipes it. */
void staff_company_secret_show(struct app *app, const char *name,
			       const struct company_secret *s);
/* The note or the error under a field of digits as they are typed (an INN: want 10,
 * an account number: 12): how many of `want`, or what is wrong. */
void staff_company_digits_note(struct ui_field *f, enum typed_digits t, int want);
/* Something changed a company: screen 3 reads its list again when next in front. */
void staff_companies_changed(void);

#endif

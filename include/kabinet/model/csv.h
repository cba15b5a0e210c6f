/* CSV fields as the subcommands write them (RFC 4180), safe for a spreadsheet: text
 * is made safe for a terminal (text.h; a row stays one line), quoted with its quotes
 * doubled, and a text field that begins with =, +, -, @, TAB or CR, or with one of =
 * + - @ after blank space (which a spreadsheet may trim), gets a ' in front (OWASP's
 * rule against formula injection), so that a spreadsheet shows it as text
 * rather than evaluating it. Figures and dates kabinet formats itself are written
 * bare and never prefixed: -123.45 stays a number. */
#ifndef KABINET_CSV_H
#define KABINET_CSV_H

#include <stdbool.h>
#include <stdio.h>

/* Whether text that begins so is written with a ' in front: as the server sent it
 * (`raw`) or as written after cleaning (`shown`: a leading bidi control is dropped, a
 * TAB or line break becomes a space) it begins with TAB or CR, or its first character
 * after blank space (spaces, line breaks, Unicode spaces) is one of = + - @. */
bool csv_formula_lead(const char *raw, const char *shown);
/* One field and the ',' after it (or '\n' when last). `text`: server text, quoted and
 * guarded; else a figure or date of kabinet's own, bare. Returns false when out of
 * memory (nothing written). */
bool csv_put(FILE *f, const char *s, bool text, bool last);

#endif

/* Text from outside the program — the server's strings above all — made safe for a
 * terminal and measured in columns. Whatever prints it (the full screen, a
 * subcommand's table, a message on stderr), no control character, escape sequence,
 * bidirectional override or invalid UTF-8 byte gets through: line breaks and tabs
 * become spaces, other controls and bad bytes a replacement character, bidi controls
 * are dropped. Decoding does not depend on the locale; columns come from wcwidth().
 * No curses here: the subcommands use it too. */
#ifndef KABINET_TEXT_H
#define KABINET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum text_align { TEXT_LEFT, TEXT_RIGHT, TEXT_CENTER };

/* How far text is folded to ASCII. */
#define TEXT_ASCII_SYMBOLS 0x1u	/* ₽ as RUB, «» and “” as ", — and − as -, lines, … */
#define TEXT_ASCII_ALL 0x2u	/* every character: Cyrillic transliterated, the rest '?'
				 * (a terminal that is not UTF-8); implies the symbols */

/* The flags for text printed outside the full screen: everything ASCII when the
 * environment's locale is not UTF-8, nothing folded otherwise. */
unsigned text_out_flags(void);

/* What one character of `s` (at most `avail` bytes) looks like on a terminal: its
 * display text (NUL-terminated, at most 8 bytes with the NUL; "" for a dropped one)
 * and its columns. Returns the bytes of `s` it took (at least 1 when avail > 0). */
size_t text_glyph(const char *s, size_t avail, unsigned flags, char out[8], int *cols);
/* The same for a code point that is already decoded (a line editor's wchar_t). */
int text_glyph_cp(uint32_t cp, unsigned flags, char out[8]);

/* Columns the text takes once made safe. NULL is 0. */
int text_width(const char *s, unsigned flags);
/* Fits the text into `cols` columns, made safe: cut at a character boundary with an
 * ellipsis ("…", or "~" when folded to ASCII) when too wide, padded with spaces as
 * `align` says when `pad`. Writes NUL-terminated UTF-8 (cut at a character boundary
 * when out is too small) and returns the columns written. cols <= 0 gives "". */
int text_fit(const char *s, int cols, enum text_align align, bool pad, unsigned flags,
	     char *out, size_t size);
/* The text made safe, whole (cut at a character boundary only when out is too
 * small). Returns its length in bytes. */
size_t text_clean(const char *s, unsigned flags, char *out, size_t size);
/* The same into a new string (NULL when out of memory). */
char *text_clean_dup(const char *s, unsigned flags);
/* Prints the text made safe with text_out_flags(). */
void text_print(FILE *f, const char *s);
/* The same, line by line: the program's own texts of several lines (usage), folded to
 * ASCII in a locale that is not UTF-8. */
void text_print_lines(FILE *f, const char *s);
/* The text padded (or cut with an ellipsis) to `cols` columns, for tables on stdout. */
void text_print_fit(FILE *f, const char *s, int cols, enum text_align align);

/* Copies untrusted text into a fixed buffer, cutting on a character boundary and
 * ending with "…" when it does not fit. Bytes are copied as they are (the drawing
 * makes them safe); only the cut is taken care of. Returns true when it was cut. */
bool text_copy(char *dst, size_t size, const char *src);

/* JSON text as cJSON prints it, made safe to show: characters JSON allows raw but a
 * terminal acts on (DEL, C1 controls, bidi controls, U+2028/9) become \u escapes
 * and invalid UTF-8 becomes \ufffd. A new string, NULL when out of memory. */
char *text_json_safe(const char *json);
/* A reply's JSON text to give a JSON parser: cJSON turns the escape \u0000 into a NUL
 * byte and reads every string up to it ("abc\u0000def" would be "abc", and two ids
 * could become one). A copy (malloc'ed, NULL when out of memory) with each such escape
 * in a string (not an escaped backslash followed by "u0000") rewritten to \uFFFD, the
 * same length: an identifier with it fails its shape, free text shows the replacement
 * character where the NUL was. The caller wipes the copy (it may hold a token). */
char *text_json_nul_replaced(const char *json);

#endif

/* The one matcher behind `/` on every list: a pattern is found in a text as it is
 * and as it is drawn (transliterated to Latin on a terminal that is not UTF-8, its
 * symbols spelled in ASCII under ascii_only), ignoring case (Cyrillic too, whatever
 * the locale) and the difference between ё and е. No curses here. */
#ifndef KABINET_MATCH_H
#define KABINET_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_PATTERN_MAX 256

/* A pattern folded once, matched against many texts. */
struct text_pattern {
	uint32_t cp[TEXT_PATTERN_MAX];
	size_t n;
};

/* Folds `s` (cut at TEXT_PATTERN_MAX characters). False when it has nothing to find
 * (NULL or empty). */
bool text_pattern_set(struct text_pattern *p, const char *s);
/* Whether the text holds the pattern, as it is or as drawn with `flags` (text.h's
 * TEXT_ASCII_*; 0: as it is only). An empty pattern is found nowhere. */
bool text_pattern_in(const struct text_pattern *p, const char *text, unsigned flags);
/* The two in one, for a single look. */
bool text_matches(const char *text, const char *pattern, unsigned flags);

#endif

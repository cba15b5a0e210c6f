/* Strict UTF-8 decoding and encoding that does not depend on the locale
 * (config files and key names are UTF-8 whatever LANG says). */
#ifndef KABINET_UTF8_H
#define KABINET_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s (at most len bytes); returns its length in
 * bytes, or 0 for a malformed, overlong, surrogate or truncated sequence. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (4 bytes at most, no NUL); returns the length, 0 when cp
 * is no Unicode scalar value. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* True when all len bytes are well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);
/* The next code point of the text at *p (*left bytes, more than 0), *p and *left
 * stepped past it; a byte that is no UTF-8 is U+FFFD and one byte. */
uint32_t utf8_next(const char **p, size_t *left);
/* Characters of s as the API counts them: a byte that is no UTF-8 is one (NULL: 0). */
size_t utf8_chars(const char *s);

#endif

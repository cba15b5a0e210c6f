/* Figures for people in the interface's language: money and whole numbers with their
 * group separators. Pure: the screens draw them (ui/draw.h), the subcommands print
 * them. */
#ifndef KABINET_FORMAT_H
#define KABINET_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Money: 1 234,56 ₽ / 1,234.56 RUB (drawn as 1 234,56 RUB under ascii_only).
 * Returns buf. */
char *format_money(int64_t kopecks, char *buf, size_t size);
/* An integer with group separators: 1 250 / 1,250. Returns buf. */
char *format_number(int64_t n, char *buf, size_t size);

#endif

/* The rule of a person's name (names.h), as kabinetd checks it and kabinet explains it. */
#include "kabinet/names.h"

#include <stdbool.h>
#include <stddef.h>

/* The bytes of one Cyrillic letter (А-Я, а-я, Ё, ё in UTF-8) at p, else 0. */
static int cyrillic_letter(const unsigned char *p)
{
	if (p[0] == 0xd0 && ((p[1] >= 0x90 && p[1] <= 0xbf) || p[1] == 0x81))
		return 2;
	if (p[0] == 0xd1 && ((p[1] >= 0x80 && p[1] <= 0x8f) || p[1] == 0x91))
		return 2;
	return 0;
}

enum name_fault name_check(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t letters = 0;
	int hyphens = 0;
	bool after_letter = false;

	if (!*p)
		return NAME_EMPTY;
	while (*p) {
		int k = cyrillic_letter(p);
		if (k) {
			letters++;
			after_letter = true;
			p += k;
		} else if (*p == '-') {
			if (!after_letter || ++hyphens > 1 || !p[1])
				return NAME_HYPHEN;
			after_letter = false;
			p++;
		} else {
			return NAME_NOT_CYRILLIC;
		}
	}
	if (letters < NAME_LETTERS_MIN || letters > NAME_LETTERS_MAX)
		return NAME_LENGTH;
	return NAME_OK;
}

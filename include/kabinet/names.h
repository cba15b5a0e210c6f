/* A person's name, surname or patronymic as the personal cabinet takes it: 2 to 30
 * Cyrillic letters (А-Я, а-я, Ё, ё) with at most one hyphen between two of them. One
 * rule for kabinetd, which refuses anything else, and kabinet, which says why next to
 * the field (src/common/names.c). */
#ifndef KABINET_NAMES_H
#define KABINET_NAMES_H

#define NAME_LETTERS_MIN 2
#define NAME_LETTERS_MAX 30

enum name_fault {
	NAME_OK,
	NAME_EMPTY,
	NAME_NOT_CYRILLIC,	/* a character that is neither such a letter nor a hyphen */
	NAME_HYPHEN,		/* a hyphen not between two letters, or a second one */
	NAME_LENGTH,		/* fewer than 2 letters or more than 30 */
};

/* What is wrong with `name` (UTF-8), the first fault found. */
enum name_fault name_check(const char *name);

#endif

/* The model of bound cards (docs/api.md "Card payments and bound cards",
 * model_cards.c): getBoundCards in, the body of unbindCard out. Pure: no curses, no
 * network. */
#ifndef KABINET_CARDS_H
#define KABINET_CARDS_H

#include <stddef.h>

#include "kabinet/model/model.h"

/* --- bound cards (model_cards.c) --- */

struct card {
	char id[64];
	char mask[32];			/* 2200 00** **** 0004 */
	char system[16];		/* MIR, VISA, MASTERCARD */
	char expires[8];		/* MM/YY */
};
struct card_list {
	struct card *items;
	size_t n;
};
enum model_status model_parse_cards(const char *json, struct card_list *out,
				    struct model_err *err);
void model_free_cards(struct card_list *l);

char *model_body_card_id(const char *card_id);

#endif

/* The model of bound cards (cards.h): getBoundCards in, the body of unbindCard
 * out. */
#include "kabinet/model/cards.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model_json.h"

static bool parse_card(const cJSON *it, void *item, struct model_err *err)
{
	struct card *c = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a card is not an object"), false;
	return mj_id(it, "cardId", c->id, sizeof(c->id), err) &&
	       mj_ident(it, "mask", MJ_CARD_MASK, true, c->mask, sizeof(c->mask), err) &&
	       mj_str(it, "paymentSystem", false, c->system, sizeof(c->system), err) &&
	       mj_str(it, "expires", false, c->expires, sizeof(c->expires), err);
}

enum model_status model_parse_cards(const char *json, struct card_list *out,
				    struct model_err *err)
{
	static const struct mj_items cards = {
		.name = "cards", .required = true, .size = sizeof(struct card),
		.parse = parse_card,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_list(json, &cards, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_cards(struct card_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

char *model_body_card_id(const char *card_id)
{
	return mj_body(false, "cardId", card_id, NULL);
}

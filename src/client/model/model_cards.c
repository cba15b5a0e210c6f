/* The model of bound cards (cards.h): getBoundCards in, the body of unbindCard
 * out. */
#include "kabinet/model/cards.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model_json.h"

enum model_status model_parse_cards(const char *json, struct card_list *out,
				    struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct card_list l = { 0 };
	const cJSON *arr, *it;

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_array(root, "cards", true, &arr, err))
		goto fail;
	l.items = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*l.items));
	if (!l.items) {
		mj_bad(err, "out of memory");
		goto fail;
	}
	cJSON_ArrayForEach(it, arr) {
		struct card *c = &l.items[l.n];
		if (!cJSON_IsObject(it)) {
			mj_bad(err, "reply: a card is not an object");
			goto fail;
		}
		if (!mj_id(it, "cardId", c->id, sizeof(c->id), err) ||
		    !mj_ident(it, "mask", MJ_CARD_MASK, true, c->mask, sizeof(c->mask), err) ||
		    !mj_str(it, "paymentSystem", false, c->system, sizeof(c->system), err) ||
		    !mj_str(it, "expires", false, c->expires, sizeof(c->expires), err))
			goto fail;
		l.n++;
	}
	cJSON_Delete(root);
	*out = l;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	model_free_cards(&l);
	return MODEL_BAD;
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

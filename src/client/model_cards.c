/* Bound cards (getBoundCards, unbindCard). */
#include "kabinet/payments.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model_json.h"

enum model_status model_parse_cards(const char *json, struct card_list *out,
				    struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	const cJSON *arr, *it;
	struct card_list l = { 0 };
	bool ok = true;

	if (!root)
		return MODEL_BAD;
	arr = cJSON_GetObjectItemCaseSensitive(root, "cards");
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return mj_bad(err, "reply: cards is not an array");
	}
	l.items = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*l.items));
	if (!l.items) {
		cJSON_Delete(root);
		return mj_bad(err, "out of memory");
	}
	cJSON_ArrayForEach(it, arr) {
		struct card *c = &l.items[l.n];
		if (!cJSON_IsObject(it)) {
			ok = mj_bad(err, "reply: a card is not an object") == MODEL_OK;
			break;
		}
		if (!(ok = mj_id(it, "cardId", c->id, sizeof(c->id), err) &&
			   mj_str(it, "mask", true, c->mask, sizeof(c->mask), err) &&
			   mj_str(it, "paymentSystem", false, c->system, sizeof(c->system), err) &&
			   mj_str(it, "expires", false, c->expires, sizeof(c->expires), err)))
			break;
		l.n++;
	}
	cJSON_Delete(root);
	if (!ok) {
		model_free_cards(&l);
		return MODEL_BAD;
	}
	model_free_cards(out);
	*out = l;
	return MODEL_OK;
}

void model_free_cards(struct card_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

char *model_body_card_id(const char *card_id)
{
	return mj_body(false, "cardId", card_id, (const char *)NULL);
}

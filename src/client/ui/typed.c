/* What a form holds that was typed (ui/form.h, for screen_ops.typed): a fingerprint of
 * its text fields, taken when the form opens with its prefilled values and compared
 * while it is open, so that only text typed since counts. */
#include "kabinet/ui/edit.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/settle.h"

uint64_t ui_edit_print(uint64_t h, const struct ui_edit *e)
{
	/* FNV-1a over the characters and the length: "ab" then "" is not "a" then "b". */
	for (size_t i = 0; i < e->len && i < UI_EDIT_MAX; i++) {
		h ^= (uint64_t)(uint32_t)e->buf[i];
		h *= 1099511628211u;
	}
	h ^= (uint64_t)e->len + 0x9e3779b97f4a7c15u;
	h *= 1099511628211u;
	return h;
}

uint64_t ui_form_print(const struct ui_form *f, unsigned skip)
{
	uint64_t h = UI_PRINT_START;

	for (size_t i = 0; i < f->count; i++) {
		const struct ui_field *fl = &f->fields[i];
		if (i < 32 && (skip & (1u << i)))
			continue;
		if (fl->kind == UI_FIELD_TEXT || fl->kind == UI_FIELD_SECRET)
			h = ui_edit_print(h, &fl->edit);
	}
	return h;
}

bool pay_intent_sent(const struct pay_intent *pi)
{
	return pi->stored || pi->unknown;
}

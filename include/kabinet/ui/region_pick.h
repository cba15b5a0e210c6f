/* The region field of a form (registration, the personal data) as a choice from the
 * list of Russia's regions, never free text: a letter typed on the field, Enter or
 * Space opens the list in the form's place, filtered as it is typed (in Russian or
 * Latin letters, as the attach wizard's) and starting at the field's region; Enter
 * puts the selected name into the field, Esc leaves the field as it was. */
#ifndef KABINET_REGION_PICK_H
#define KABINET_REGION_PICK_H

#include "kabinet/regions.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/list.h"

struct region_pick {
	bool open;
	struct ui_edit filter;
	size_t shown[REGIONS_MAX];	/* the regions the filter leaves */
	size_t nshown;
	struct ui_list list;
};

enum region_pick_result {
	REGION_PICK_FORM,	/* not the list's key: the form's (moving the focus, Esc) */
	REGION_PICK_DONE,	/* taken */
	REGION_PICK_CHOSEN,	/* the list closed with a name put into the field */
	REGION_PICK_UNUSED,	/* the list is open and has no use for it, or the help's
				 * key on the field: the engine's */
};

/* A key while the region field (`field`) has the focus or the list is open. */
enum region_pick_result region_pick_key(struct region_pick *p, struct ui_field *field,
					enum action act, int key);
/* The same for a form whose field `index` is the region: a chosen region moves the focus
 * to field `next`. False when the key is the form's; else *res says whether it was
 * taken (UI_DONE) or is the engine's (UI_PASS). */
bool region_pick_form_key(struct region_pick *p, struct ui_form *form, size_t index,
			  size_t next, enum action act, int key, enum ui_key_result *res);
/* Draws the open list into the rows from y of a pane `cols` wide; the cursor (in the
 * filter) into *cy, *cx. */
void region_pick_draw(struct region_pick *p, WINDOW *w, int y, int rows, int cols, int *cy,
		      int *cx);
/* The bottom line's keys while the list is open. */
extern const struct ui_hint region_pick_hints[];

#endif

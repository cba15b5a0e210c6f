/* The staff's screen "Subscribers" (kabinet --staff). Being built: for now it says so. */
#include "kabinet/ui/staff.h"

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/ui/draw.h"

static void draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	(void)app;
	(void)rows;
	ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, "Subscribers");
}

const struct screen_ops staff_subscribers_screen = {
	.name = "subscribers",
	.title = N_("Subscribers"),
	.keymap = KEYMAP_SUBSCRIBERS,
	.top_level = true,
	.draw = draw,

};

void staff_find(struct app *app, const char *text)
{
	(void)app;
	(void)text;
}

/* The staff's screen "Companies" (kabinet --staff). Being built: for now it says so. */
#include "kabinet/ui/staff.h"

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/ui/draw.h"

static void draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	(void)app;
	(void)rows;
	ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, "Companies");
}

const struct screen_ops staff_companies_screen = {
	.name = "companies",
	.title = N_("Companies"),
	.keymap = KEYMAP_COMPANIES,
	.top_level = true,
	.draw = draw,

};

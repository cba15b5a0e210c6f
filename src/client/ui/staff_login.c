/* The staff's screen "Staff login" (kabinet --staff). Being built: for now it says so. */
#include "kabinet/ui/staff.h"

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/ui/draw.h"

static void draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	(void)app;
	(void)rows;
	ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, "Staff login");
}

const struct screen_ops staff_login_screen = {
	.name = "login",
	.title = N_("Staff login"),
	.keymap = KEYMAP_LOGIN,
	.top_level = true,
	.draw = draw,
	.no_session = true,
};

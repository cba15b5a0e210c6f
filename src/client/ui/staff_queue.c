/* The staff's screen "Queue" (kabinet --staff). Being built: for now it says so. */
#include "kabinet/ui/staff.h"

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/ui/draw.h"

static void draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	(void)app;
	(void)rows;
	ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, "Queue");
}

const struct screen_ops staff_queue_screen = {
	.name = "queue",
	.title = N_("Queue"),
	.keymap = KEYMAP_QUEUE,
	.top_level = true,
	.draw = draw,

};

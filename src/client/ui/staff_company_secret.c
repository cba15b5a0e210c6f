/* A company's one-time password shown once (the wizard's end, P on screen 3): large —
 * each character spaced in a box, bold — with the login and a note that it is not
 * shown again, on one bold line when the box does not fit. Only Enter closes it (an
 * Esc by habit would lose it). It lives only while shown: wiped when the screen closes
 * (Enter, another screen, a logout, a quit). */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/staff_companies.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/staff_office.h"
#include "kabinet/model/wipe.h"

/* Each character and two spaces after it. */
#define CELL 3

static struct {
	struct company_secret s;
	char name[1024];
} sc;

/* The password, spaced, in a box centred at row y when the box fits `rows` and `cols`,
 * else on one bold line; returns the rows it took. The spaced copy is wiped. */
static int draw_password(WINDOW *w, int y, int rows, int cols)
{
	char spaced[sizeof(sc.s.password) * CELL + 1];
	size_t n = strlen(sc.s.password), used = 0;
	/* The spaced characters with two spaces and a line on either side. */
	int width = n ? (int)n * CELL - 2 + 6 : 6, x = (cols - width) / 2;
	WINDOW *box;

	if (x < 0 || width > cols || y + 5 > rows) {
		ui_put_attr(w, y, 1, cols - 2, UI_LEFT, A_BOLD, 0, sc.s.password);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(spaced + used, sizeof(spaced) - used, i ? "  %c" : "%c",
					 sc.s.password[i]);
	box = derwin(w, 5, width, y, x);
	if (box) {
		ui_box(box);
		delwin(box);
	}
	ui_put_attr(w, y + 2, x + 3, width - 6, UI_LEFT, A_BOLD, 0, spaced);
	model_wipe(spaced, sizeof(spaced));
	return 5;
}

static void sc_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1200];
	int y = 0;

	(void)app;
	ui_put_attr(pane, y, 1, cols - 2, UI_LEFT, A_BOLD, 0, _("The one-time password"));
	y += 2;
	snprintf(line, sizeof(line), _("Company: %s"), sc.name);
	ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	snprintf(line, sizeof(line), _("Login: %s"), sc.s.login);
	ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	/* The password always shows, on one line when the box does not fit. */
	if (y + 6 < rows)
		y++;
	y += draw_password(pane, y, rows, cols) + 1;
	ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_WARNING,
		       _("It is not shown again: write it down for the company now. The spaces only "
			 "part the characters. At the first login the company sets a password of its "
			 "own. Press Enter when it is handed over."));
}

/* Only Enter closes it: an Esc or q by habit would lose a password shown once. */
static enum ui_key_result sc_key(struct app *app, enum action act, int key)
{
	(void)app, (void)key;
	if (act == ACT_ENTER) {
		ui_pop();
		return UI_DONE;
	}
	if (act == ACT_CANCEL || act == ACT_BACK) {
		ui_message(UI_MSG_WARNING, "%s",
			   _("Press Enter once the password is handed over: it is not shown again."));
		return UI_DONE;
	}
	return UI_PASS;
}

static void sc_close(struct app *app)
{
	(void)app;
	model_wipe(&sc, sizeof(sc));
}

static bool sc_accepts(struct app *app, enum action act)
{
	(void)app;
	return act == ACT_ENTER || act == ACT_HELP || act == ACT_REDRAW || act == ACT_QUIT;
}

static const struct ui_hint sc_hints[] = {
	{ ACT_ENTER, N_("handed over") },
	{ ACT_NONE, NULL },
};

static const struct screen_ops secret_screen = {
	.name = "companies",
	.title = N_("The one-time password"),
	.keymap = KEYMAP_COMPANIES,
	.close = sc_close,
	.draw = sc_draw,
	.key = sc_key,
	.hints = sc_hints,
	.accepts = sc_accepts,
};

void staff_company_secret_show(struct app *app, const char *name, const struct company_secret *s)
{
	(void)app;
	sc.s = *s;
	snprintf(sc.name, sizeof(sc.name), "%s", name);
	ui_push(&secret_screen);
}

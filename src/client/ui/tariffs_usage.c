/* Screen 3's usage chart: getUsage's pages put together into one value a day, and the
 * days drawn as vertical bars over a date axis with the scale, the total and the
 * busiest day. Bars are eighth blocks on a UTF-8 terminal and '#' when text is folded
 * to ASCII (ascii_only, a locale that is not UTF-8). */
#include "kabinet/ui/tariffs.h"
#include "kabinet/ui/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/services.h"

bool usage_recorded(int type)
{
	return type == SVC_INTERNET || type == SVC_PHONE || type == SVC_MOBILE;
}

void usage_range_free(struct usage_range *u)
{
	free(u->values);
	page_guard_free(&u->guard);
	memset(u, 0, sizeof(*u));
}

bool usage_range_begin(struct usage_range *u, int days, int64_t today)
{
	usage_range_free(u);
	u->values = calloc((size_t)days, sizeof(*u->values));
	if (!u->values)
		return false;
	u->from = today - days + 1;
	u->to = today;
	u->loading = true;
	page_guard_start(&u->guard, PAGING_SCREEN_ROWS, PAGING_SCREEN_BYTES);
	return true;
}

void usage_range_take(struct usage_range *u, const struct usage *page)
{
	u->mb = strcmp(page->unit, "MIN") != 0;
	u->total = page->total;
	for (size_t i = 0; i < page->n; i++) {
		int64_t day;
		if (date_iso_day(page->items[i].date, &day) && day >= u->from && day <= u->to)
			u->values[day - u->from] = page->items[i].value;
	}
}

/* --- drawing --- */

static int put(WINDOW *w, int y, int x, int cols, enum color_area area, const char *s)
{
	return ui_put(w, y, x, cols, UI_LEFT, area, s);
}

/* The first line: the period and its dates, and the periods w goes through with the
 * one shown marked. */
static void draw_title(WINDOW *w, int y, int cols, const struct usage_range *u,
		       enum usage_period p, const struct usage_plan *plan)
{
	char line[256], from[32], to[32], label[48], keys[64] = "";
	int x = 1, right = 0;

	date_text(u->from, true, from, sizeof(from));
	date_text(u->to, true, to, sizeof(to));
	snprintf(line, sizeof(line), _("Usage from %s to %s"), from, to);
	if (plan->per_bar > 1) {
		size_t n = strlen(line);
		snprintf(line + n, sizeof(line) - n,
			 ngettext(" (a bar: %d day on average)", " (a bar: %d days on average)",
				  (unsigned long)plan->per_bar),
			 plan->per_bar);
	}
	/* The periods on the right: "w: 7 30 90 days", the shown one highlighted. */
	keys_for_action(KEYMAP_TARIFFS, ACT_USAGE_PERIOD, keys, sizeof(keys));
	if (strchr(keys, ','))
		*strchr(keys, ',') = '\0';
	for (int i = 0; i < USAGE_PERIODS; i++) {
		snprintf(label, sizeof(label), " %d ", usage_period_days((enum usage_period)i));
		right += ui_width(label);
	}
	snprintf(label, sizeof(label), _("days (%s)"), keys);
	right += 1 + ui_width(label);
	if (ui_width(line) + 2 + right + 1 > cols)
		right = 0;	/* the dates matter more */
	put(w, y, x, cols - x - (right ? right + 2 : 0), AREA_DEFAULT, line);
	if (!right)
		return;
	x = cols - right - 1;
	for (int i = 0; i < USAGE_PERIODS; i++) {
		snprintf(line, sizeof(line), " %d ", usage_period_days((enum usage_period)i));
		x += put(w, y, x, cols - x, i == (int)p ? AREA_MENU_ACTIVE : AREA_DEFAULT, line);
	}
	snprintf(label, sizeof(label), _("days (%s)"), keys);
	put(w, y, x + 1, cols - x - 1, AREA_DEFAULT, label);
}

/* The second line: the total, the busiest day, the average. */
static void draw_summary(WINDOW *w, int y, int cols, const struct usage_range *u, int days)
{
	char line[512], total[48], top[48], avg[48], date[32];
	int64_t best = 0, best_day = u->from;

	for (int i = 0; i < days; i++)
		if (u->values[i] > best) {
			best = u->values[i];
			best_day = u->from + i;
		}
	usage_amount(u->total, u->mb, total, sizeof(total));
	usage_amount(u->total / days, u->mb, avg, sizeof(avg));
	if (best == 0) {
		snprintf(line, sizeof(line), _("In all %s: no usage in these days."), total);
	} else {
		usage_amount(best, u->mb, top, sizeof(top));
		date_text(best_day, true, date, sizeof(date));
		snprintf(line, sizeof(line), _("In all %s · busiest day %s: %s · %s a day on average"),
			 total, date, top, avg);
	}
	put(w, y, 1, cols - 2, AREA_DEFAULT, line);
}

/* What a bar shows: the day's value, or the average of its days. */
static int64_t bar_value(const struct usage_range *u, int days, const struct usage_plan *p,
			 int bar, bool *busiest, int64_t best)
{
	int first = bar * p->per_bar, n = 0;
	int64_t whole = 0, rest = 0;

	*busiest = false;
	for (int i = first; i < first + p->per_bar && i < days; i++, n++)
		if (best > 0 && u->values[i] == best)
			*busiest = true;
	if (!n)
		return 0;
	/* The average without a sum of the server's figures (which could leave the range):
	 * the sum of the quotients and of the remainders, exact as the plain sum / n. */
	for (int i = first; i < first + n; i++) {
		whole += u->values[i] / n;
		rest += u->values[i] % n;
	}
	return whole + rest / n;
}

void usage_draw(WINDOW *w, int y, int rows, int cols, const struct usage_range *u, int type,
		enum usage_period p, bool loading)
{
	static const char *const eighths[] = { "", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	bool ascii = ui_text_flags() != 0;
	int days, bar_rows, label_w, need, x0, y0;
	int64_t max = 0, best = 0, axis;
	char line[256], top[48], mid[48];
	struct usage_plan plan;

	if (rows < 1 || cols < 4)
		return;
	if (!usage_recorded(type)) {
		snprintf(line, sizeof(line), _("%s records no usage: there is no chart for it."),
			 model_service_type_name(type));
		put(w, y, 1, cols - 2, AREA_DEFAULT, line);
		return;
	}
	if (!u->known) {
		put(w, y, 1, cols - 2, AREA_DEFAULT,
		    loading ? _("Loading the usage...") : _("The usage is not loaded (r: try again)."));
		return;
	}
	days = (int)(u->to - u->from + 1);
	for (int i = 0; i < days; i++)
		if (u->values[i] > best)
			best = u->values[i];
	/* The scale's labels decide where the bars start, and the bars (averages of several
	 * days when they do not fit one a day) the scale: the labels are measured again
	 * until they fit the room left for them, so that none is cut ("2.5~"). */
	label_w = 1;
	for (int tries = 0;; tries++) {
		x0 = 1 + label_w + 2;	/* labels, a space, the axis line */
		plan = usage_plan(days, cols - x0 - 1);
		max = best;
		if (plan.per_bar > 1) {
			/* Bars averaging several days never reach the busiest day: scale to
			 * what shows. */
			max = 0;
			for (int b = 0; b < plan.bars; b++) {
				bool busy;
				int64_t v = bar_value(u, days, &plan, b, &busy, best);
				if (v > max)
					max = v;
			}
		}
		axis = usage_axis(max, u->mb);
		usage_amount(axis, u->mb, top, sizeof(top));
		usage_amount(axis / 2, u->mb, mid, sizeof(mid));
		need = ui_width(top) > ui_width(mid) ? ui_width(top) : ui_width(mid);
		if (need <= label_w)
			break;
		label_w = need;
		if (tries == 4) {
			/* Never seen: the bars give way to the labels. */
			x0 = 1 + label_w + 2;
			plan = usage_plan(days, cols - x0 - 1);
			break;
		}
	}
	draw_title(w, y, cols, u, p, &plan);
	if (rows < 2)
		return;
	draw_summary(w, y + 1, cols, u, days);
	bar_rows = rows - 2 - 1 - 2;	/* the two lines above, a blank, the axis and dates */
	if (bar_rows < 2 || plan.bars < 1)
		return;
	if (bar_rows > 16)
		bar_rows = 16;
	if (bar_rows >= 4)
		bar_rows -= bar_rows % 2;	/* the middle of the scale on a row of its own */
	y0 = y + 3;	/* the top row of the bars */
	/* The scale: the top, the middle and 0, with the axis line. */
	ui_put(w, y0, 1, label_w, UI_RIGHT, AREA_DEFAULT, top);
	if (bar_rows >= 4)
		ui_put(w, y0 + bar_rows / 2, 1, label_w, UI_RIGHT, AREA_DEFAULT, mid);
	ui_put(w, y0 + bar_rows, 1, label_w, UI_RIGHT, AREA_DEFAULT, "0");
	for (int r = 0; r < bar_rows; r++)
		put(w, y0 + r, x0 - 1, 1, AREA_DEFAULT, "│");
	put(w, y0 + bar_rows, x0 - 1, 1, AREA_DEFAULT, "└");
	ui_hline(w, y0 + bar_rows, x0, plan.bars * (plan.width + plan.gap));
	for (int b = 0; b < plan.bars; b++) {
		bool busy;
		int64_t v = bar_value(u, days, &plan, b, &busy, best);
		int e = usage_eighths(v, axis, bar_rows);
		int x = x0 + b * (plan.width + plan.gap);
		enum color_area area = busy ? AREA_WARNING : AREA_POSITIVE;
		if (ascii) {
			/* Whole rows, rounded; a day that is not zero shows at least a dot. */
			int full = (e + 4) / 8;
			for (int r = 0; r < full; r++)
				for (int c = 0; c < plan.width; c++)
					put(w, y0 + bar_rows - 1 - r, x + c, 1, area, "#");
			if (full == 0 && e > 0)
				for (int c = 0; c < plan.width; c++)
					put(w, y0 + bar_rows - 1, x + c, 1, area, ".");
			continue;
		}
		for (int r = 0; r * 8 < e; r++) {
			int part = e - r * 8 >= 8 ? 8 : e - r * 8;
			for (int c = 0; c < plan.width; c++)
				put(w, y0 + bar_rows - 1 - r, x + c, 1, area, eighths[part]);
		}
	}
	/* Dates under the bars: today's always, the others as far apart as they need. */
	{
		char date[32];
		int slot = plan.width + plan.gap, date_w, step, last_x = cols;
		date_text(u->to, true, date, sizeof(date));
		date_w = ui_width(date);
		step = (date_w + 2 + slot - 1) / slot;
		if (step < 1)
			step = 1;
		for (int b = plan.bars - 1; b >= 0; b -= step) {
			int x = x0 + b * slot;
			int64_t day = u->from + (int64_t)b * plan.per_bar;
			date_text(day, true, date, sizeof(date));
			if (x + ui_width(date) > cols - 1)
				x = cols - 1 - ui_width(date);
			if (x + ui_width(date) >= last_x || x < x0 - 1)
				continue;
			put(w, y0 + bar_rows + 1, x, cols - x, AREA_DEFAULT, date);
			last_x = x;
		}
	}
}

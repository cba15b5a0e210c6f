/* List view benchmark (not a test): how long one redraw of the list view takes, and
 * how many cells it asks for, with 100, 10 000 and 100 000 rows, at the top and at the
 * bottom of the list; and one search through the whole list. Drawing goes to a curses
 * window over a terminal whose output is thrown away, so this is the list's own work
 * (planning, cells, fitting text), not the terminal's. See docs/benchmarks.md.
 *
 * usage: list-bench [--redraws N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/list.h"

enum { C_DATE, C_ACCOUNT, C_KIND, C_TEXT, C_SUM, C_COUNT };

static const struct ui_col cols[C_COUNT] = {
	[C_DATE] = { .title = "Date", .align = UI_LEFT },
	[C_ACCOUNT] = { .title = "Account", .align = UI_LEFT, .drop = 2 },
	[C_KIND] = { .title = "Kind", .align = UI_LEFT, .drop = 3 },
	[C_TEXT] = { .title = "Description", .align = UI_LEFT, .min = 10, .drop = 1 },
	[C_SUM] = { .title = "Sum", .align = UI_RIGHT, .whole = true },
};

static size_t cells;

static void cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	(void)ud;
	cells++;
	switch (col) {
	case C_DATE:
		snprintf(buf, size, "%02zu.%02zu.2026", row % 28 + 1, row % 12 + 1);
		break;
	case C_ACCOUNT:
		snprintf(buf, size, "59%010zu", row % 30 + 1);
		break;
	case C_KIND:
		snprintf(buf, size, "%s", row % 3 ? "Оплата картой" : "Списание");
		break;
	case C_TEXT:
		snprintf(buf, size, "Абонентская плата «Домашний 300», ноябрь, строка %zu", row);
		break;
	case C_SUM:
		ui_money((int64_t)(row * 137 % 100000) - 50000, buf, size);
		break;
	}
}

static const struct ui_list_ops ops = { .cell = cell };

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median time of `redraws` redraws (µs) and the cells one redraw asks for. */
static double redraw(struct ui_list *l, WINDOW *w, int redraws, size_t *per_redraw)
{
	double *t = calloc((size_t)redraws, sizeof(*t)), median;

	for (int i = 0; i < redraws; i++) {
		double start = now_us();
		cells = 0;
		werase(w);
		ui_list_draw(l, w, 0, 40, 120);
		t[i] = now_us() - start;
	}
	*per_redraw = cells;
	qsort(t, (size_t)redraws, sizeof(*t), cmp);
	median = t[redraws / 2];
	free(t);
	return median;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 100, 10000, 100000 };
	int redraws = argc > 2 && !strcmp(argv[1], "--redraws") ? atoi(argv[2]) : 200;
	FILE *sink = fopen("/dev/null", "w");
	SCREEN *term;
	WINDOW *w;

	config_reset();
	i18n_init("ru");
	if (!sink || !(term = newterm("xterm-256color", sink, stdin))) {
		fprintf(stderr, "list-bench: cannot start curses\n");
		return 1;
	}
	set_term(term);
	w = newwin(40, 120, 0, 0);
	printf("%-8s %14s %14s %14s %10s %14s\n", "rows", "first draw µs", "redraw top µs",
	       "redraw end µs", "cells", "search all ms");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct ui_list l;
		size_t per;
		double first, top, end, search;

		ui_list_init(&l, cols, C_COUNT, &ops, NULL);
		ui_list_set_rows(&l, sizes[i], false);
		first = now_us();
		ui_list_draw(&l, w, 0, 40, 120);	/* measures every row once */
		first = now_us() - first;
		top = redraw(&l, w, redraws, &per);
		ui_list_key(&l, ACT_MOVE_BOTTOM);
		end = redraw(&l, w, redraws, &per);
		/* A search that finds nothing reads every row once. */
		l.sel = 0;
		search = now_us();
		ui_list_search(&l, "нет такого текста", 1, true);
		search = (now_us() - search) / 1000.0;
		printf("%-8zu %14.0f %14.1f %14.1f %10zu %14.1f\n", sizes[i], first, top, end, per,
		       search);
	}
	delwin(w);
	endwin();
	delscreen(term);
	fclose(sink);
	return 0;
}

/* The thread of a support request as the list screens show it (thread.c): each
 * message's heading (who and when, which the screen words) and its text wrapped to the
 * width, scrolled a line or a page at a time, with "↓ N more lines" on a long one.
 * Screen 7 (support.c) and the staff's queue (staff_queue.c) draw theirs with it. */
#ifndef KABINET_UI_THREAD_H
#define KABINET_UI_THREAD_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "kabinet/actions.h"

struct req_message;
struct ui_textarea;
struct ui_thread_line;

struct ui_thread {
	struct ui_textarea *texts;	/* one per message: their rows come from its wrap */
	size_t ntexts;
	struct ui_thread_line *lines;
	size_t nlines;
	int width;			/* the width the lines were made for; 0: make again */
	size_t top;			/* the first line shown */
	int page;			/* rows of the last draw */
};

/* A message's heading into line: who wrote it (made safe) and `when`. */
typedef void (*ui_thread_heading_fn)(const struct req_message *m, const char *when, char *line,
				     size_t size);

void ui_thread_free(struct ui_thread *t);
/* The messages changed: the lines are made again at the next draw. */
void ui_thread_changed(struct ui_thread *t);
/* The first line, or (ui_thread_end) the newest message in view. */
void ui_thread_start(struct ui_thread *t);
void ui_thread_end(struct ui_thread *t);
/* The messages in rows y..rows-1 of pane. */
void ui_thread_draw(struct ui_thread *t, WINDOW *pane, int y, int rows, int cols,
		    const struct req_message *msgs, size_t n, ui_thread_heading_fn heading);
/* Up, Down, Page Up, Page Down, Home, End: false for any other action. */
bool ui_thread_key(struct ui_thread *t, enum action act);

#endif

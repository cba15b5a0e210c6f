/* A QR code as text (qr.c, over libqrencode): a text in, a grid of rows of Unicode
 * half blocks out, two modules' rows a line, with a quiet zone around it. Dark
 * modules are the glyphs' ink: drawn black on white (or in reverse video on a dark
 * terminal) the code reads as printed. Pure: no curses, no I/O. */
#ifndef KABINET_MODEL_QR_H
#define KABINET_MODEL_QR_H

#include <stdbool.h>

#define QR_QUIET 2		/* the light border, modules */

struct qr_art {
	int version;		/* the QR version libqrencode chose (1-40) */
	int modules;		/* modules a side, without the border */
	int cols, rows;		/* the terminal cells the art takes */
	char **lines;		/* rows lines of cols glyphs each (UTF-8) */
	unsigned char *dark;	/* cols x cols modules, 1 dark, border included */
};

/* Encodes text (byte mode, error correction L, the smallest version that holds it):
 * 0, or -1 (out is zeroed) when it cannot be encoded or memory runs out. */
int qr_art_make(const char *text, struct qr_art *out);
/* Whether the module at (x, y) of the art, border included, is dark. */
bool qr_art_dark(const struct qr_art *art, int x, int y);
void qr_art_free(struct qr_art *art);

#endif

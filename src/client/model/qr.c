/* A QR code as rows of half blocks (qr.h): libqrencode encodes the text, each text
 * line stands for two rows of modules ("▀" the top one dark, "▄" the bottom one, "█"
 * both, a space neither), the quiet zone of QR_QUIET light modules included. The
 * module grid is kept beside the lines (qr_art_dark()). */
#include "kabinet/model/qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

static bool art_dark(const struct qr_art *a, int x, int y)
{
	return x >= 0 && y >= 0 && x < a->cols && y < a->cols && a->dark[y * a->cols + x];
}

static const char *half_block(bool top, bool bottom)
{
	return top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
}

/* Line y of the art: modules' rows 2y and 2y+1. */
static char *art_line(const struct qr_art *a, int y)
{
	char *line = malloc((size_t)a->cols * 3 + 1), *p = line;

	if (!line)
		return NULL;
	for (int x = 0; x < a->cols; x++) {
		const char *b = half_block(art_dark(a, x, 2 * y), art_dark(a, x, 2 * y + 1));
		size_t n = strlen(b);
		memcpy(p, b, n);
		p += n;
	}
	*p = '\0';
	return line;
}

/* The modules of q into out's grid, inside the quiet zone. */
static int fill_grid(const QRcode *q, struct qr_art *out)
{
	out->version = q->version;
	out->modules = q->width;
	out->cols = q->width + 2 * QR_QUIET;
	out->rows = (out->cols + 1) / 2;
	out->dark = calloc((size_t)out->cols * (size_t)out->cols, 1);
	if (!out->dark)
		return -1;
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			out->dark[(y + QR_QUIET) * out->cols + x + QR_QUIET] =
				q->data[y * q->width + x] & 1;
	return 0;
}

int qr_art_make(const char *text, struct qr_art *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return -1;
	rc = fill_grid(q, out);
	QRcode_free(q);
	if (rc == 0)
		out->lines = calloc((size_t)out->rows, sizeof(char *));
	for (int y = 0; out->lines && y < out->rows; y++)
		if (!(out->lines[y] = art_line(out, y)))
			rc = -1;
	if (rc != 0 || !out->lines) {
		qr_art_free(out);
		return -1;
	}
	return 0;
}

bool qr_art_dark(const struct qr_art *art, int x, int y)
{
	return art_dark(art, x, y);
}

void qr_art_free(struct qr_art *art)
{
	if (art->lines)
		for (int y = 0; y < art->rows; y++)
			free(art->lines[y]);
	free(art->lines);
	free(art->dark);
	memset(art, 0, sizeof(*art));
}

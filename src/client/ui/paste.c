/* Pasted text into the field that has the focus (ui/paste.h): a one-line field
 * takes it with its tabs and newlines made spaces, a multi-line one as it is, a secret
 * field refuses it; what the field cannot hold is cut, and said. Nothing pasted ever
 * runs a command: the text goes to the field or nowhere. */
#include "kabinet/ui/paste.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"

#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/utf8.h"

/* Set while a burst of typed keys is given (input.c): only a multi-line field takes
 * it as text; in a one-line field the keys run as keys (a Tab moves on, so a password
 * typed ahead lands masked in its own field). */
static bool burst;

void ui_paste_burst(bool on)
{
	burst = on;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

/* The LF of a CR LF, which is one newline: true when c is to be skipped. */
static bool crlf(uint32_t *last, uint32_t c)
{
	bool skip = c == '\n' && *last == '\r';

	*last = c;
	return skip;
}

/* The next character a one-line field is to get, or 0 when it is left out. */
static uint32_t line_char(const struct ui_edit *e, uint32_t c, bool *not_digits)
{
	if (c == '\t' || c == '\n' || c == '\r')
		c = ' ';
	if (is_control(c))
		return 0;
	if (e->digits && (c < '0' || c > '9')) {
		*not_digits |= c != ' ' && c != '-';
		return 0;
	}
	return c;
}

enum ui_paste_result ui_edit_paste(struct ui_edit *e, const char *text, size_t len)
{
	size_t max = e->max && e->max < UI_EDIT_MAX ? e->max : UI_EDIT_MAX;
	bool cut = false, not_digits = false;
	uint32_t last = 0;

	if (burst)
		return UI_PASTE_NONE;
	while (len) {
		uint32_t c = utf8_next(&text, &len);
		if (crlf(&last, c) || !(c = line_char(e, c, &not_digits)))
			continue;
		if (e->len >= max) {
			cut = true;
			break;
		}
		memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof(wchar_t));
		e->buf[e->cur++] = (wchar_t)c;
		e->buf[++e->len] = L'\0';
	}
	if (cut)
		ui_message(UI_MSG_WARNING,
			   _("The pasted text was cut: this field takes at most %zu characters."), max);
	else if (not_digits)
		ui_message(UI_MSG_WARNING, "%s",
			   _("Only digits go in this field: the rest of the pasted text was left out."));
	return UI_PASTE_TAKEN;
}

/* The form's focused field when a paste can go into it (*fld), else why not: no text
 * field, a secret one, or a burst that one-line fields do not take. */
static enum ui_paste_result focused_text(struct ui_form *f, struct ui_field **fld)
{
	if (burst || !f || f->count == 0 || f->focus >= f->count)
		return UI_PASTE_NONE;
	*fld = &f->fields[f->focus];
	if ((*fld)->hidden || (*fld)->disabled)
		return UI_PASTE_NONE;
	if ((*fld)->kind == UI_FIELD_SECRET)
		return UI_PASTE_SECRET;
	if ((*fld)->kind != UI_FIELD_TEXT)
		return UI_PASTE_NONE;
	return UI_PASTE_TAKEN;
}

enum ui_paste_result ui_form_paste(struct ui_form *f, const char *text, size_t len)
{
	struct ui_field *fld = NULL;
	enum ui_paste_result r = focused_text(f, &fld);

	if (r != UI_PASTE_TAKEN)
		return r;
	fld->error[0] = '\0';
	return ui_edit_paste(&fld->edit, text, len);
}

/* A separator a field may leave out as it formats what is typed (a card number's
 * groups, an expiry's slash): not taken, and still no reason to stop. */
static bool separator(uint32_t c)
{
	return c == ' ' || c == '-' || c == '/';
}

/* Whether what is left holds more than blanks and separators. */
static bool more_text(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!separator((unsigned char)text[i]) && !strchr("\t\r\n", text[i]))
			return true;
	return false;
}

/* Typed into e through the screen's key function; f, when known, is the form e is the
 * focused field of: the paste stops when the focus leaves it. */
static enum ui_paste_result paste_keys(struct app *app, struct ui_edit *e, struct ui_form *f,
				       enum ui_key_result (*key)(struct app *app,
								 enum action act, int key),
				       const char *text, size_t len)
{
	size_t max = e->max && e->max < UI_EDIT_MAX ? e->max : UI_EDIT_MAX;
	size_t focus = f ? f->focus : 0;
	bool cut = false, not_digits = false, any = false;
	uint32_t last = 0;

	if (burst)
		return UI_PASTE_NONE;
	while (len) {
		uint32_t c = utf8_next(&text, &len);
		size_t before = e->len;
		if (crlf(&last, c) || !(c = line_char(e, c, &not_digits)))
			continue;
		if (e->len >= max) {
			cut = true;
			break;
		}
		key(app, ACT_NONE, KEYS_CHR(c));
		if (f && f->focus != focus) {
			/* The field moved on: the rest is not typed into the next one. */
			cut = more_text(text, len);
			break;
		}
		if (e->len <= before && !separator(c)) {
			/* Not taken (the field waits, or is full): the rest is not typed. */
			if (!any)
				return UI_PASTE_NONE;
			cut = true;
			break;
		}
		any = true;
	}
	if (cut)
		ui_message(UI_MSG_WARNING,
			   _("The pasted text was cut: this field takes at most %zu characters."),
			   e->len > max ? e->len : max);
	else if (not_digits)
		ui_message(UI_MSG_WARNING, "%s",
			   _("Only digits go in this field: the rest of the pasted text was left out."));
	return UI_PASTE_TAKEN;
}

enum ui_paste_result ui_paste_keys(struct app *app, struct ui_edit *e,
				   enum ui_key_result (*key)(struct app *app, enum action act,
							     int key),
				   const char *text, size_t len)
{
	return paste_keys(app, e, NULL, key, text, len);
}

enum ui_paste_result ui_form_paste_keys(struct app *app, struct ui_form *f,
					enum ui_key_result (*key)(struct app *app,
								  enum action act, int key),
					const char *text, size_t len)
{
	struct ui_field *fld = NULL;
	enum ui_paste_result r = focused_text(f, &fld);

	return r == UI_PASTE_TAKEN ? paste_keys(app, &fld->edit, f, key, text, len) : r;
}

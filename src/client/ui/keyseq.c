/* The key sequence reader (see keyseq.h). */
#include "kabinet/ui/keyseq.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/keys.h"
#include "kabinet/model/utf8.h"

#define ESC 0x1b

/* What terminals send, after the Esc, with the modifiers taken off (see plain()):
 * xterm and its kin in both cursor modes, VT220, the Linux console, rxvt, screen,
 * tmux and PuTTY. */
static const struct keyseq_def builtin[] = {
	{ "[A", KEY_UP },     { "[B", KEY_DOWN },   { "[C", KEY_RIGHT },  { "[D", KEY_LEFT },
	{ "OA", KEY_UP },     { "OB", KEY_DOWN },   { "OC", KEY_RIGHT },  { "OD", KEY_LEFT },
	{ "[H", KEY_HOME },   { "[F", KEY_END },    { "OH", KEY_HOME },	  { "OF", KEY_END },
	{ "[1~", KEY_HOME },  { "[4~", KEY_END },   { "[7~", KEY_HOME },  { "[8~", KEY_END },
	{ "[2~", KEY_IC },    { "[3~", KEY_DC },    { "[5~", KEY_PPAGE }, { "[6~", KEY_NPAGE },
	{ "[Z", KEY_BTAB },   { "OM", KEYS_ENTER },
	{ "OP", KEY_F(1) },   { "OQ", KEY_F(2) },   { "OR", KEY_F(3) },	  { "OS", KEY_F(4) },
	{ "[P", KEY_F(1) },   { "[Q", KEY_F(2) },   { "[R", KEY_F(3) },	  { "[S", KEY_F(4) },
	{ "[11~", KEY_F(1) }, { "[12~", KEY_F(2) }, { "[13~", KEY_F(3) }, { "[14~", KEY_F(4) },
	{ "[15~", KEY_F(5) }, { "[17~", KEY_F(6) }, { "[18~", KEY_F(7) }, { "[19~", KEY_F(8) },
	{ "[20~", KEY_F(9) }, { "[21~", KEY_F(10) }, { "[23~", KEY_F(11) }, { "[24~", KEY_F(12) },
	{ "[[A", KEY_F(1) },  { "[[B", KEY_F(2) },  { "[[C", KEY_F(3) },  { "[[D", KEY_F(4) },
	{ "[[E", KEY_F(5) },
};

static const char paste_begin[] = "[200~";
static const char paste_end[] = "\x1b[201~";

void keyseq_init(struct keyseq *k)
{
	memset(k, 0, sizeof(*k));
}

void keyseq_free(struct keyseq *k)
{
	if (k->paste) {
		memset(k->paste, 0, k->paste_cap);
		free(k->paste);
	}
	k->paste = NULL;
	k->paste_len = k->paste_cap = 0;
}

void keyseq_define(struct keyseq *k, const char *seq, int key)
{
	size_t n;

	if (!seq || seq[0] != ESC || !seq[1] || key <= 0 || k->ndefined >= KEYSEQ_DEFINED_MAX)
		return;
	n = strlen(seq + 1);
	if (n >= KEYSEQ_MAX)
		return;
	memcpy(k->defined[k->ndefined].seq, seq + 1, n + 1);
	k->defined[k->ndefined++].key = key;
}

static void push(struct keyseq *k, const struct keyseq_event *ev)
{
	size_t cap = sizeof(k->queue) / sizeof(k->queue[0]);

	if (k->nqueue < cap)
		k->queue[(k->qhead + k->nqueue++) % cap] = *ev;
}

static void push_key(struct keyseq *k, int key)
{
	struct keyseq_event ev = { .kind = KEYSEQ_KEY, .key = key };
	push(k, &ev);
}

/* The sequence for people: "^[[99~", controls as ^X, the rest of what is not ASCII
 * as "?". */
static void push_unknown(struct keyseq *k)
{
	struct keyseq_event ev = { .kind = KEYSEQ_UNKNOWN };
	size_t n = 0;

	ev.text[n++] = '^';
	ev.text[n++] = '[';
	for (size_t i = 0; i < k->len && n + 3 < sizeof(ev.text); i++) {
		uint32_t c = k->seq[i];
		if (c < 0x20 || c == 0x7f) {
			ev.text[n++] = '^';
			ev.text[n++] = (char)(c ^ 0x40);
		} else {
			ev.text[n++] = c < 0x7f ? (char)c : '?';
		}
	}
	if (k->overlong && n + 4 < sizeof(ev.text)) {
		memcpy(ev.text + n, "...", 3);
		n += 3;
	}
	ev.text[n] = '\0';
	push(k, &ev);
}

static void reset_seq(struct keyseq *k)
{
	k->esc = false;
	k->overlong = false;
	k->alt = false;
	k->len = 0;
}

/* rxvt's modified keys in the common form: CSI a-d (Shift and an arrow) and SS3 a-d
 * (Ctrl) are the arrows; CSI 5^, 5$ and 5@ (Ctrl, Shift, both) end as CSI 5~. */
static char rxvt_final(const struct keyseq *k, uint32_t c)
{
	if (k->len == 2 && c >= 'a' && c <= 'd')
		return (char)(c - 'a' + 'A');
	if (k->seq[0] == '[' && k->len > 2 && (c == '^' || c == '$' || c == '@'))
		return '~';
	return (char)c;
}

/* The sequence without its modifiers: CSI 1;5A is Up, CSI 5;2~ is PgUp, SS3 2P is
 * F1 (Ctrl, Shift and Alt change nothing here). False when it is not ASCII. */
static bool plain(const struct keyseq *k, char *out, size_t size)
{
	char raw[KEYSEQ_MAX + 1];
	size_t n = 0, i, params_end;
	char *semi;

	if (k->len >= sizeof(raw))
		return false;
	for (i = 0; i < k->len; i++) {
		if (k->seq[i] < 0x20 || k->seq[i] > 0x7e)
			return false;
		raw[i] = (char)k->seq[i];
	}
	raw[i] = '\0';
	if ((raw[0] != '[' && raw[0] != 'O') || k->len < 2 || raw[1] == '[') {
		snprintf(out, size, "%s", raw);
		return true;
	}
	params_end = k->len - 1;	/* the final byte's place */
	raw[params_end] = '\0';
	if ((semi = strchr(raw + 1, ';')))
		*semi = '\0';
	if (raw[0] == 'O' || (k->seq[params_end] != '~' && !strcmp(raw + 1, "1")))
		raw[1] = '\0';	/* SS3 2P, CSI 1;5A: the parameter is the modifier */
	n = (size_t)snprintf(out, size, "%s%c", raw, rxvt_final(k, k->seq[params_end]));
	return n < size;
}

static int lookup(const struct keyseq *k)
{
	char raw[KEYSEQ_MAX + 1], base[KEYSEQ_MAX + 2];
	size_t i;

	for (i = 0; i < k->len && i < KEYSEQ_MAX; i++)
		raw[i] = k->seq[i] < 0x80 ? (char)k->seq[i] : '?';
	raw[i] = '\0';
	for (i = 0; i < k->ndefined; i++)
		if (!strcmp(k->defined[i].seq, raw))
			return k->defined[i].key;
	if (!plain(k, base, sizeof(base)))
		return 0;
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (!strcmp(builtin[i].seq, base))
			return builtin[i].key;
	return 0;
}

static void paste_add(struct keyseq *k, const char *bytes, size_t n)
{
	/* Once cut, nothing after: no smaller character is let in past the cut. */
	if (k->paste_cut)
		return;
	if (k->paste_len + n > KEYSEQ_PASTE_MAX) {
		k->paste_cut = true;
		return;
	}
	if (k->paste_len + n + 1 > k->paste_cap) {
		size_t cap = k->paste_cap ? k->paste_cap * 2 : 4096;
		char *grown;
		while (cap < k->paste_len + n + 1)
			cap *= 2;
		/* Not realloc: what was pasted may be a password, wiped as it moves. */
		if (!(grown = malloc(cap))) {
			k->paste_cut = true;
			return;
		}
		if (k->paste) {
			memcpy(grown, k->paste, k->paste_len);
			memset(k->paste, 0, k->paste_cap);
			free(k->paste);
		}
		k->paste = grown;
		k->paste_cap = cap;
	}
	memcpy(k->paste + k->paste_len, bytes, n);
	k->paste_len += n;
	k->paste[k->paste_len] = '\0';
}

/* A character of the paste's text: CR LF and CR are a newline. */
static void paste_char(struct keyseq *k, uint32_t c)
{
	uint32_t last = k->paste_last;
	char utf[4];
	size_t n;

	k->paste_last = c;
	if (c == '\n' && last == '\r')
		return;
	if (c == '\r')
		c = '\n';
	if ((n = utf8_encode(c, utf)) > 0)
		paste_add(k, utf, n);
}

static void paste_start(struct keyseq *k)
{
	if (k->paste)
		memset(k->paste, 0, k->paste_cap);
	k->paste_len = 0;
	if (k->paste)
		k->paste[0] = '\0';
	k->paste_cut = false;
	k->in_paste = true;
	k->end_match = 0;
	k->paste_last = 0;
}

static void paste_finish(struct keyseq *k)
{
	struct keyseq_event ev = { .kind = KEYSEQ_PASTE };

	k->in_paste = false;
	k->end_match = 0;
	ev.paste = k->paste ? k->paste : "";
	ev.paste_len = k->paste_len;
	ev.cut = k->paste_cut;
	push(k, &ev);
}

static void feed_paste(struct keyseq *k, uint32_t ch)
{
	if (ch == (unsigned char)paste_end[k->end_match]) {
		if (++k->end_match == sizeof(paste_end) - 1)
			paste_finish(k);
		return;
	}
	/* What looked like the end is text after all. */
	for (size_t i = 0; i < k->end_match; i++)
		paste_char(k, (unsigned char)paste_end[i]);
	k->end_match = 0;
	if (ch == ESC) {
		k->end_match = 1;
		return;
	}
	paste_char(k, ch);
}

/* The sequence is complete: a key, the start of a paste, or unknown. */
static void complete(struct keyseq *k)
{
	int key = lookup(k);
	bool begin = k->len == sizeof(paste_begin) - 1 && !k->overlong;

	for (size_t i = 0; begin && i < k->len; i++)
		begin = k->seq[i] == (unsigned char)paste_begin[i];
	if (begin)
		paste_start(k);
	else if (key && !k->overlong)
		push_key(k, key);
	else
		push_unknown(k);
	reset_seq(k);
}

static bool csi_param(uint32_t c)
{
	return c >= 0x20 && c <= 0x3f && c != '$';
}

/* Whether the sequence ends with this character (it is stored first). */
static bool ends(const struct keyseq *k)
{
	uint32_t first = k->seq[0], c = k->seq[k->len - 1];

	if (k->len == 1)
		return false;	/* CSI or SS3: more is to come */
	if (first == 'O')
		return !(c >= '0' && c <= '9') && c != ';';
	/* CSI: parameters and intermediates, then a final byte; the Linux console's
	 * F1-F5 are CSI [ and one more; rxvt ends some with $. */
	if (k->len == 2 && c == '[')
		return false;
	if (k->len == 3 && k->seq[1] == '[')
		return true;
	return !csi_param(c);
}

static bool seq_char(uint32_t c)
{
	return c >= 0x20 && c <= 0x7e;
}

void keyseq_feed(struct keyseq *k, uint32_t ch)
{
	if (k->in_paste) {
		feed_paste(k, ch);
		return;
	}
	if (!k->esc) {
		if (ch == ESC) {
			k->esc = true;
			k->len = 0;
		} else {
			int key = keys_from_wget(OK, (wint_t)ch);
			if (key)
				push_key(k, key);
		}
		return;
	}
	if (k->len == 0 && ch == ESC && !k->alt) {
		/* Esc Esc [ A is Alt and Up on rxvt and PuTTY: wait for what follows. */
		k->alt = true;
		return;
	}
	if (k->len == 0 && ch != '[' && ch != 'O') {
		/* Only CSI and SS3 start a key's sequence: Esc and then anything else (a key
		 * typed quickly after Esc, Esc again) is Esc and that key. */
		if (k->alt)
			push_key(k, KEYS_ESC);
		push_key(k, KEYS_ESC);
		reset_seq(k);
		keyseq_feed(k, ch);
		return;
	}
	if (!seq_char(ch)) {
		/* Not part of any sequence: what came is dropped, this one read anew. */
		push_unknown(k);
		reset_seq(k);
		keyseq_feed(k, ch);
		return;
	}
	if (k->len < KEYSEQ_MAX)
		k->seq[k->len++] = ch;
	else
		k->overlong = true;
	if (!k->overlong ? ends(k) : !csi_param(ch))
		complete(k);
}

/* How many bytes a character starting with b has; 0: b starts none. */
static size_t utf8_need(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b <= 0xdf)
		return 2;
	if (b >= 0xe0 && b <= 0xef)
		return 3;
	if (b >= 0xf0 && b <= 0xf4)
		return 4;
	return 0;
}

void keyseq_feed_byte(struct keyseq *k, unsigned char b)
{
	size_t need;

	if (k->utf_len) {
		if ((b & 0xc0) == 0x80) {
			uint32_t cp;
			k->utf[k->utf_len++] = b;
			if (k->utf_len < k->utf_need)
				return;
			if (utf8_decode((const char *)k->utf, k->utf_len, &cp) != k->utf_len)
				cp = 0xfffd;
			memset(k->utf, 0, sizeof(k->utf));
			k->utf_len = 0;
			keyseq_feed(k, cp);
			return;
		}
		/* Cut short by a byte that starts something else: that is read anew. */
		memset(k->utf, 0, sizeof(k->utf));
		k->utf_len = 0;
		keyseq_feed(k, 0xfffd);
	}
	need = utf8_need(b);
	if (need == 1) {
		keyseq_feed(k, b);
	} else if (need == 0) {
		keyseq_feed(k, 0xfffd);
	} else {
		k->utf[0] = b;
		k->utf_len = 1;
		k->utf_need = need;
	}
}

bool keyseq_next(struct keyseq *k, struct keyseq_event *ev)
{
	size_t cap = sizeof(k->queue) / sizeof(k->queue[0]);

	if (!k->nqueue)
		return false;
	*ev = k->queue[k->qhead];
	k->qhead = (k->qhead + 1) % cap;
	k->nqueue--;
	return true;
}

bool keyseq_pending(const struct keyseq *k)
{
	return k->esc || k->in_paste || k->utf_len;
}

bool keyseq_in_paste(const struct keyseq *k)
{
	return k->in_paste;
}

void keyseq_timeout(struct keyseq *k)
{
	if (k->utf_len) {
		/* A character whose last bytes never came. */
		memset(k->utf, 0, sizeof(k->utf));
		k->utf_len = 0;
		keyseq_feed(k, 0xfffd);
	}
	if (k->in_paste) {
		for (size_t i = 0; i < k->end_match; i++)
			paste_char(k, (unsigned char)paste_end[i]);
		paste_finish(k);
		return;
	}
	if (!k->esc)
		return;
	if (k->alt && k->len <= 1)
		push_key(k, KEYS_ESC);
	if (k->len == 0) {
		push_key(k, KEYS_ESC);
	} else if (k->len == 1) {
		/* Esc and `[` (or `O`) typed quickly, nothing after: those two keys. */
		push_key(k, KEYS_ESC);
		push_key(k, KEYS_CHR(k->seq[0]));
	} else {
		push_unknown(k);
	}
	reset_seq(k);
}

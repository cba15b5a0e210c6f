/* The key sequence reader: the characters the terminal sends, one at a time, made
 * into keys, whatever TERM says. The sequences real terminals send for arrows, PgUp,
 * PgDn, Home, End, Insert, Delete, S-Tab and F1-F12 (xterm, VT220, the Linux console,
 * rxvt, screen and tmux, PuTTY) are known, and so are those that terminfo names for
 * this terminal (keyseq_define). An escape sequence that is not known is read whole
 * (CSI to its final byte, SS3 and one more) and reported as unknown, never as Esc and
 * characters; Esc followed by anything else is Esc and that key (a key typed quickly
 * after Esc, or Alt and a key), except that Esc and a whole sequence (Alt and an arrow
 * on rxvt and PuTTY) is just the sequence's key. A bracketed paste (ESC[200~ ...
 * ESC[201~) comes back as its text. Pure: no terminal is touched; the caller says
 * when the Esc delay has passed (keyseq_timeout). */
#ifndef KABINET_KEYSEQ_H
#define KABINET_KEYSEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYSEQ_MAX 32		/* the longest sequence kept (longer ones are dropped) */
#define KEYSEQ_DEFINED_MAX 64	/* terminfo's sequences kept */
#define KEYSEQ_PASTE_MAX (256 * 1024)	/* bytes of a paste kept; the rest is cut */

enum keyseq_kind {
	KEYSEQ_KEY,		/* key: a key as keys.h has it */
	KEYSEQ_UNKNOWN,		/* text: the sequence as "^[[99~", dropped */
	KEYSEQ_PASTE,		/* paste, paste_len: UTF-8 text; cut: more came */
};

struct keyseq_event {
	enum keyseq_kind kind;
	int key;
	char text[KEYSEQ_MAX * 2 + 8];
	const char *paste;	/* valid until the next keyseq_feed or keyseq_timeout */
	size_t paste_len;
	bool cut;
};

struct keyseq_def {
	char seq[KEYSEQ_MAX];	/* without the leading Esc */
	int key;
};

struct keyseq {
	uint32_t seq[KEYSEQ_MAX];	/* what came after Esc so far */
	size_t len;
	bool esc;		/* an Esc came and its sequence is not complete */
	bool overlong;		/* longer than KEYSEQ_MAX: read to its end, then dropped */
	bool alt;		/* Esc Esc: a sequence after it is Alt and that key */
	bool in_paste;
	size_t end_match;	/* characters of ESC[201~ matched inside a paste */
	char *paste;
	size_t paste_len, paste_cap;
	bool paste_cut;
	uint32_t paste_last;	/* the last character of the paste (CR LF) */
	struct keyseq_def defined[KEYSEQ_DEFINED_MAX];
	size_t ndefined;
	struct keyseq_event queue[8];
	size_t nqueue, qhead;
	unsigned char utf[4];	/* the bytes of a character so far (keyseq_feed_byte) */
	size_t utf_len, utf_need;
};

void keyseq_init(struct keyseq *k);
/* Frees (and wipes) a paste buffer. */
void keyseq_free(struct keyseq *k);
/* A sequence terminfo names (bytes with the leading Esc) for a key; those that do not
 * start with Esc, or are too long, are left out. */
void keyseq_define(struct keyseq *k, const char *seq, int key);
/* The next character from the terminal (a Unicode code point). */
void keyseq_feed(struct keyseq *k, uint32_t ch);
/* The next byte from the terminal (UTF-8): a character's bytes are kept until its
 * last one, so one split across reads is whole; a malformed one is U+FFFD. */
void keyseq_feed_byte(struct keyseq *k, unsigned char b);
/* The next event of what was fed, in order; false when none is ready. */
bool keyseq_next(struct keyseq *k, struct keyseq_event *ev);
/* Whether a sequence (or a paste, or a character's bytes) is waiting for more. */
bool keyseq_pending(const struct keyseq *k);
bool keyseq_in_paste(const struct keyseq *k);
/* Nothing more came in time: a character cut short is U+FFFD, a lone Esc is Esc, Esc
 * and `[` or `O` alone are those two keys, a sequence cut short is dropped as unknown,
 * a paste that never ended ends here. */
void keyseq_timeout(struct keyseq *k);

#endif

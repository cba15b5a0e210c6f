/* The terminal's input (ui/engine.h, ui/paste.h): characters read through the key sequence
 * reader (keyseq.h) rather than curses' own keypad, so that what any terminal sends
 * for its keys is a key whatever TERM says, and what is not known is dropped whole
 * with a note; a lone Esc waits `escdelay` ms for the rest of a sequence. Bracketed
 * paste is turned on at start (off at the end, on suspend and on a fatal signal); a
 * paste goes to the focused text field as text, never as commands, and so does a
 * burst of keys that came in one read with a Tab or Enter inside when that field is a
 * multi-line one (in a one-line field it may be a login, Tab and password typed
 * ahead: those stay keys). */
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/prompt.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/i18n.h"
#include "kabinet/ui/keyseq.h"
#include "kabinet/options.h"
#include "kabinet/model/utf8.h"

#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"
/* A paste whose end never came (the terminal went away mid-paste) ends after this. */
#define PASTE_IDLE_MS 3000
/* Keys of one read kept to be looked at as a burst. */
#define RUN_MAX 4096

static struct {
	bool on;
	struct keyseq ks;
	struct timespec last;		/* when the last character came */
	int run[RUN_MAX];		/* plain keys of this read, not yet given */
	size_t nrun;
	struct sigaction old_tstp;
	bool tstp;
} in;

/* terminfo's names of the keys kabinet has bindings for. */
static const struct {
	const char *cap;
	int key;
} caps[] = {
	{ "kcuu1", KEY_UP },   { "kcud1", KEY_DOWN }, { "kcub1", KEY_LEFT }, { "kcuf1", KEY_RIGHT },
	{ "kpp", KEY_PPAGE },  { "knp", KEY_NPAGE },  { "khome", KEY_HOME }, { "kend", KEY_END },
	{ "kich1", KEY_IC },   { "kdch1", KEY_DC },   { "kcbt", KEY_BTAB },  { "kent", KEYS_ENTER },
	{ "kf1", KEY_F(1) },   { "kf2", KEY_F(2) },   { "kf3", KEY_F(3) },   { "kf4", KEY_F(4) },
	{ "kf5", KEY_F(5) },   { "kf6", KEY_F(6) },   { "kf7", KEY_F(7) },   { "kf8", KEY_F(8) },
	{ "kf9", KEY_F(9) },   { "kf10", KEY_F(10) }, { "kf11", KEY_F(11) }, { "kf12", KEY_F(12) },
};

const char *ui_input_off_seq(void)
{
	return PASTE_OFF;
}

static void put(const char *s)
{
	(void)!write(STDOUT_FILENO, s, strlen(s));
}

/* Suspended (C-z): bracketed paste goes off for the shell, and on again after. */
static void on_tstp(int sig)
{
	int saved = errno;

	put(PASTE_OFF);
	in.old_tstp.sa_handler(sig);
	put(PASTE_ON);
	errno = saved;
}

void ui_input_start(void)
{
	struct sigaction sa;

	keyseq_init(&in.ks);
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		char *s = tigetstr((char *)caps[i].cap);
		if (s && s != (char *)-1)
			keyseq_define(&in.ks, s, caps[i].key);
	}
	in.nrun = 0;
	/* curses' own handler (it restores the screen) runs inside ours. */
	if (sigaction(SIGTSTP, NULL, &in.old_tstp) == 0 && !(in.old_tstp.sa_flags & SA_SIGINFO) &&
	    in.old_tstp.sa_handler != SIG_DFL && in.old_tstp.sa_handler != SIG_IGN) {
		sa = in.old_tstp;
		sa.sa_handler = on_tstp;
		in.tstp = sigaction(SIGTSTP, &sa, NULL) == 0;
	}
	put(PASTE_ON);
	in.on = true;
}

void ui_input_stop(void)
{
	if (!in.on)
		return;
	in.on = false;
	put(PASTE_OFF);
	if (in.tstp)
		sigaction(SIGTSTP, &in.old_tstp, NULL);
	in.tstp = false;
	keyseq_free(&in.ks);
}

static long delay_ms(void)
{
	return keyseq_in_paste(&in.ks) ? PASTE_IDLE_MS : (long)opt.escdelay;
}

int ui_input_timeout(int timeout)
{
	long left;

	if (!keyseq_pending(&in.ks))
		return timeout;
	left = delay_ms() - ui_ms_since(&in.last);
	if (left < 0)
		left = 0;
	return timeout < 0 || left < timeout ? (int)left : timeout;
}

/* --- pastes --- */

static enum ui_paste_result give(struct app *app, const char *text, size_t len)
{
	const struct screen_ops *front = ui_front();
	enum ui_paste_result r;

	if (ui_prompt_active())
		return ui_prompt_paste(text, len);
	if (ui_dialog_active() || !front || !front->paste)
		return UI_PASTE_NONE;
	r = front->paste(app, text, len);
	if (r == UI_PASTE_TAKEN)
		ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return r;
}

static void pasted(struct app *app, const struct keyseq_event *ev)
{
	ui_clear_message();
	if (ui_too_small()) {
		/* No field can be seen, and keys are ignored: so is the paste. */
		ui_message(UI_MSG_INFO, "%s", _("The paste was dropped: the window is too small."));
		if (in.ks.paste)
			memset(in.ks.paste, 0, in.ks.paste_cap);
		return;
	}
	switch (give(app, ev->paste, ev->paste_len)) {
	case UI_PASTE_NONE:
		ui_message(UI_MSG_INFO, "%s", _("The paste was dropped: no text field has the focus."));
		break;
	case UI_PASTE_SECRET:
		ui_message(UI_MSG_WARNING, "%s",
			   _("A password is not taken from a paste: type it."));
		break;
	case UI_PASTE_TAKEN:
		if (ev->cut)
			ui_message(UI_MSG_WARNING,
				   _("The paste was longer than %d KiB: the rest was dropped."),
				   KEYSEQ_PASTE_MAX / 1024);
		break;
	}
	if (in.ks.paste)
		memset(in.ks.paste, 0, in.ks.paste_cap);
}

/* --- bursts --- */

static bool runs_in(int key)
{
	return ui_key_is_text(key) || key == KEYS_TAB || key == KEYS_ENTER;
}

/* A Tab or Enter with text before and after it in the same read: no one types that
 * fast, a terminal that does not bracket its pastes sends it so (or keys were typed
 * ahead over a slow link: only a multi-line field takes it as text). */
static bool is_burst(void)
{
	bool text_before = false, key_after = false;

	for (size_t i = 0; i < in.nrun; i++) {
		if (!ui_key_is_text(in.run[i]))
			key_after = text_before;
		else if (key_after)
			return true;
		else
			text_before = true;
	}
	return false;
}

/* The whole run, its last Tab or Enter too (a copied line's newline), as text: true
 * when the focused field took it (a multi-line one only, see ui_paste_burst). */
static bool burst_as_text(struct app *app)
{
	char text[RUN_MAX * 4];
	size_t n = 0;
	enum ui_paste_result r;

	if (ui_too_small())
		return false;
	for (size_t i = 0; i < in.nrun; i++) {
		int k = in.run[i];
		uint32_t cp = k == KEYS_ENTER ? '\n' : (uint32_t)(k & ~KEYS_CHAR);
		n += utf8_encode(cp, text + n);
	}
	ui_clear_info_message();
	ui_paste_burst(true);
	r = give(app, text, n);
	ui_paste_burst(false);
	memset(text, 0, n);
	return r == UI_PASTE_TAKEN;
}

/* The keys of this read are gone (they may be a password's): wiped. */
static void drop_run(void)
{
	memset(in.run, 0, in.nrun * sizeof(in.run[0]));
	in.nrun = 0;
}

/* The keys of this read so far: a burst as text when a multi-line text field takes
 * it, else as keys. */
static bool flush_run(struct app *app, bool (*on_key)(struct app *app, int key))
{
	size_t i = 0;
	bool go_on = true;

	if (!in.nrun)
		return true;
	if (is_burst() && burst_as_text(app))
		i = in.nrun;
	for (; i < in.nrun && go_on; i++)
		go_on = on_key(app, in.run[i]);
	drop_run();
	return go_on;
}

static bool events(struct app *app, bool (*on_key)(struct app *app, int key))
{
	struct keyseq_event ev;
	bool go_on = true;

	while (keyseq_next(&in.ks, &ev)) {
		if (ev.kind == KEYSEQ_KEY && runs_in(ev.key)) {
			if (in.nrun == RUN_MAX)
				go_on = flush_run(app, on_key) && go_on;
			in.run[in.nrun++] = ev.key;
			continue;
		}
		go_on = flush_run(app, on_key) && go_on;
		if (ev.kind == KEYSEQ_KEY) {
			go_on = go_on && on_key(app, ev.key);
		} else if (ev.kind == KEYSEQ_PASTE) {
			pasted(app, &ev);
		} else {
			/* TRANSLATORS: %s is what the terminal sent, as ^[[99~. */
			ui_message(UI_MSG_INFO, _("An unknown key (%s) was ignored."), ev.text);
		}
	}
	return go_on;
}

int ui_input_read(struct app *app, bool (*on_key)(struct app *app, int key))
{
	int ch, count = 0;
	bool go_on = true;

	/* Bytes, not wget_wch: a character split across reads is kept whole by the
	 * reader, where wget_wch in no-wait mode would lose its first bytes. */
	while (go_on && (ch = wgetch(stdscr)) != ERR) {
		count++;
		if (ch > 0xff) {
			/* Only curses' own: KEY_RESIZE (the keypad is the reader's). */
			go_on = flush_run(app, on_key) && on_key(app, ch);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &in.last);
		keyseq_feed_byte(&in.ks, (unsigned char)ch);
		go_on = events(app, on_key);
	}
	if (go_on && keyseq_pending(&in.ks) && ui_ms_since(&in.last) >= delay_ms()) {
		keyseq_timeout(&in.ks);
		go_on = events(app, on_key);
	}
	if (go_on)
		flush_run(app, on_key);
	else
		drop_run();
	return count;
}

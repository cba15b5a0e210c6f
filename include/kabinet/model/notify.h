/* The model of the profile's notification settings (docs/api.md
 * getNotificationSettings, setNotificationSettings): which channel each of the eight
 * events goes to, the low-balance threshold in kopecks, and which channels the
 * profile can receive; the events' and channels' words for people; the body of a
 * change with only what differs. Pure like model.h: no curses, no network. */
#ifndef KABINET_NOTIFY_H
#define KABINET_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "kabinet/model/model.h"
#include "kabinet/notify_events.h"


/* The channels, in the order they are offered. */
enum notify_channel {
	NOTIFY_EMAIL,
	NOTIFY_SMS,
	NOTIFY_NONE,
	NOTIFY_CHANNEL_COUNT
};

/* The low-balance threshold's range, kopecks, both ends included. */
#define NOTIFY_THRESHOLD_MIN 0
#define NOTIFY_THRESHOLD_MAX 100000000

struct notify_settings {
	enum notify_channel channel[NOTIFY_EVENT_COUNT];
	int64_t threshold;		/* kopecks */
	/* Whether the profile can receive by each channel (has an e-mail, a phone);
	 * can[NOTIFY_NONE] is always true. */
	bool can[NOTIFY_CHANNEL_COUNT];
};

/* getNotificationSettings' answer (and setNotificationSettings'): all eight events
 * in their order, each channel one of the three, the threshold an integer in range,
 * `channels` with EMAIL and SMS as booleans; anything else is a bad reply. */
enum model_status model_parse_notify(const char *json, struct notify_settings *out,
				     struct model_err *err);

/* The API's words: "LOW_BALANCE", "EMAIL". */
const char *notify_event_code(enum notify_event e);
const char *notify_channel_code(enum notify_channel c);
/* The words for people (translated): "Low balance", "e-mail", "SMS", "none". */
const char *notify_event_words(enum notify_event e);
const char *notify_channel_words(enum notify_channel c);
/* Why a channel the profile cannot receive is not offered (translated): "no e-mail
 * in the profile"; NULL for one it can. */
const char *notify_channel_why_not(const struct notify_settings *s, enum notify_channel c);

/* The channel after (dir > 0) or before (dir < 0) c among those the profile can
 * receive, going round; c itself when no other is. */
enum notify_channel notify_channel_step(const struct notify_settings *s,
					enum notify_channel c, int dir);

/* How many of the events and the threshold differ between was and now. */
int notify_changes(const struct notify_settings *was, const struct notify_settings *now);
/* setNotificationSettings' body with only what differs: the events changed (in
 * their order) under "events", the threshold when it changed; NULL when nothing
 * differs or out of memory. */
char *model_body_notify(const struct notify_settings *was, const struct notify_settings *now);
/* The settings as getNotificationSettings gives them, unformatted (NULL: out of
 * memory). */
char *model_notify_json(const struct notify_settings *s);

#endif

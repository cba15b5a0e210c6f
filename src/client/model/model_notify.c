/* The model of the notification settings (notify.h): getNotificationSettings' answer
 * in, every field checked as untrusted (the eight events present, in their order,
 * each once; a channel only one of the three; the threshold an integer in its range;
 * `channels` with EMAIL and SMS as booleans), anything else a bad reply; the words
 * for people; setNotificationSettings' body with only what changed out, and the
 * settings as the API gives them (kabinet notifications --json). */
#include "kabinet/model/notify.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"

static const struct {
	const char *code;
	const char *words;
} events[NOTIFY_EVENT_COUNT] = {
#define EVENT_ROW(name, words, def) [NOTIFY_##name] = { #name, words },
	NOTIFY_EVENTS(EVENT_ROW)
#undef EVENT_ROW
};

static const struct {
	const char *code;
	const char *words;
} channels[NOTIFY_CHANNEL_COUNT] = {
	[NOTIFY_EMAIL] = { "EMAIL", N_("e-mail") },
	[NOTIFY_SMS] = { "SMS", N_("SMS") },
	[NOTIFY_NONE] = { "NONE", N_("none") },
};

const char *notify_event_code(enum notify_event e)
{
	return (unsigned)e < NOTIFY_EVENT_COUNT ? events[e].code : "";
}

const char *notify_channel_code(enum notify_channel c)
{
	return (unsigned)c < NOTIFY_CHANNEL_COUNT ? channels[c].code : "";
}

const char *notify_event_words(enum notify_event e)
{
	return (unsigned)e < NOTIFY_EVENT_COUNT ? _(events[e].words) : "";
}

const char *notify_channel_words(enum notify_channel c)
{
	return (unsigned)c < NOTIFY_CHANNEL_COUNT ? _(channels[c].words) : "";
}

const char *notify_channel_why_not(const struct notify_settings *s, enum notify_channel c)
{
	if ((unsigned)c >= NOTIFY_CHANNEL_COUNT || s->can[c])
		return NULL;
	return c == NOTIFY_EMAIL ? _("no e-mail in the profile") : _("no phone in the profile");
}

enum notify_channel notify_channel_step(const struct notify_settings *s,
					enum notify_channel c, int dir)
{
	int n = NOTIFY_CHANNEL_COUNT, i = (int)c;

	for (int k = 1; k < n; k++) {
		int next = ((i + (dir < 0 ? -k : k)) % n + n) % n;
		if (s->can[next])
			return (enum notify_channel)next;
	}
	return c;
}

/* A code of the table's, or -1. */
static int code_index(const char *code, bool event)
{
	int n = event ? NOTIFY_EVENT_COUNT : NOTIFY_CHANNEL_COUNT;

	for (int i = 0; i < n; i++)
		if (!strcmp(code, event ? events[i].code : channels[i].code))
			return i;
	return -1;
}

/* The i-th element of events: the event expected there, a known channel. */
static bool read_event(const cJSON *o, int i, struct notify_settings *out,
		       struct model_err *err)
{
	char event[32], channel[16];
	int c;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: events[%d] is not an object", i), false;
	if (!mj_ident(o, "event", MJ_ID, true, event, sizeof(event), err) ||
	    !mj_ident(o, "channel", MJ_ID, true, channel, sizeof(channel), err))
		return false;
	if (code_index(event, true) != i)
		return mj_bad(err, "reply: events[%d] is not %s", i, events[i].code), false;
	if ((c = code_index(channel, false)) < 0)
		return mj_bad(err, "reply: events[%d]: unknown channel", i), false;
	out->channel[i] = (enum notify_channel)c;
	return true;
}

static bool read_events(const cJSON *o, struct notify_settings *out, struct model_err *err)
{
	const cJSON *arr;

	if (!mj_array(o, "events", true, &arr, err))
		return false;
	if (cJSON_GetArraySize(arr) != NOTIFY_EVENT_COUNT)
		return mj_bad(err, "reply: events does not have the %d events", NOTIFY_EVENT_COUNT),
		       false;
	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++)
		if (!read_event(cJSON_GetArrayItem(arr, i), i, out, err))
			return false;
	return true;
}

static bool read_channels(const cJSON *o, struct notify_settings *out, struct model_err *err)
{
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(o, "channels");

	if (!cJSON_IsObject(ch))
		return mj_bad(err, "reply: channels is missing or not an object"), false;
	for (int c = NOTIFY_EMAIL; c <= NOTIFY_SMS; c++) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(ch, channels[c].code);
		if (!cJSON_IsBool(b))
			return mj_bad(err, "reply: channels.%s is not a boolean", channels[c].code),
			       false;
		out->can[c] = cJSON_IsTrue(b);
	}
	out->can[NOTIFY_NONE] = true;
	return true;
}

static bool parse_settings(const cJSON *o, void *item, struct model_err *err)
{
	struct notify_settings *out = item;

	if (!read_events(o, out, err) ||
	    !mj_int(o, "lowBalanceThreshold", true, NULL, &out->threshold, err) ||
	    !read_channels(o, out, err))
		return false;
	if (out->threshold < NOTIFY_THRESHOLD_MIN || out->threshold > NOTIFY_THRESHOLD_MAX)
		return mj_bad(err, "reply: lowBalanceThreshold is out of range"), false;
	return true;
}

enum model_status model_parse_notify(const char *json, struct notify_settings *out,
				     struct model_err *err)
{
	return mj_one(json, parse_settings, out, sizeof(*out), err);
}

int notify_changes(const struct notify_settings *was, const struct notify_settings *now)
{
	int n = was->threshold != now->threshold;

	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++)
		n += was->channel[i] != now->channel[i];
	return n;
}

/* The events of now that differ from was (every one when was is NULL), in order. */
static bool add_events(cJSON *body, const struct notify_settings *was,
		       const struct notify_settings *now)
{
	cJSON *arr = cJSON_AddArrayToObject(body, "events");

	for (int i = 0; arr && i < NOTIFY_EVENT_COUNT; i++) {
		cJSON *e;
		if (was && was->channel[i] == now->channel[i])
			continue;
		if (!(e = cJSON_CreateObject()))
			return false;
		cJSON_AddItemToArray(arr, e);
		if (!cJSON_AddStringToObject(e, "event", events[i].code) ||
		    !cJSON_AddStringToObject(e, "channel", notify_channel_code(now->channel[i])))
			return false;
	}
	return arr != NULL;
}

char *model_body_notify(const struct notify_settings *was, const struct notify_settings *now)
{
	bool threshold_moved = was->threshold != now->threshold;
	int n = notify_changes(was, now);
	cJSON *body;

	if (!n || !(body = cJSON_CreateObject()))
		return NULL;
	if ((n > (int)threshold_moved && !add_events(body, was, now)) ||
	    (threshold_moved &&
	     !cJSON_AddNumberToObject(body, "lowBalanceThreshold", (double)now->threshold))) {
		cJSON_Delete(body);
		return NULL;
	}
	return mj_print(body, false);
}

char *model_notify_json(const struct notify_settings *s)
{
	cJSON *o = cJSON_CreateObject(), *ch;
	bool ok;

	ok = o && add_events(o, NULL, s) &&
	     cJSON_AddNumberToObject(o, "lowBalanceThreshold", (double)s->threshold) &&
	     (ch = cJSON_AddObjectToObject(o, "channels")) &&
	     cJSON_AddBoolToObject(ch, "EMAIL", s->can[NOTIFY_EMAIL]) &&
	     cJSON_AddBoolToObject(ch, "SMS", s->can[NOTIFY_SMS]);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return mj_print(o, false);
}

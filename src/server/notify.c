/* Notification settings (notify.h): getNotificationSettings and setNotificationSettings,
 * and notify_send(), by which every notice of a settable event reaches the outbox. A
 * profile's settings are rows of notify_settings (an event it never set has none) and
 * profiles.low_balance_threshold (NULL: the default). The clients a profile has logged
 * in from are kept in login_clients for the new-device notice. */
#include "kabinet/server/notify.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"

enum channel { CH_NONE, CH_EMAIL, CH_SMS, CH_UNSET = -1 };

static const char *const channel_names[] = { "NONE", "EMAIL", "SMS" };
/* The outbox's name of a channel. */
static const char *const channel_outbox[] = { NULL, "email", "sms" };

static const struct {
	const char *name;
	enum channel def;
} events[NOTIFY_EVENT_COUNT] = {
#define EVENT_ROW(name, words, def) [NOTIFY_##name] = { #name, CH_##def },
	NOTIFY_EVENTS(EVENT_ROW)
#undef EVENT_ROW
};

/* A profile's contacts: "" when it has none. */
struct contacts {
	char email[256];
	char phone[16];
};

static int read_contacts(struct call *c, int64_t profile_id, struct contacts *k)
{
	sqlite3_stmt *st = db_stmt(c->db, "SELECT COALESCE(email, ''), COALESCE(phone, '') "
					  "FROM profiles WHERE id = ?");
	int rc;

	k->email[0] = k->phone[0] = '\0';
	if (!st)
		return -1;
	db_bind(st, "i", profile_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(k->email, sizeof(k->email), "%s", db_text(st, 0));
		snprintf(k->phone, sizeof(k->phone), "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static bool has_contact(const struct contacts *k, enum channel ch)
{
	return ch == CH_EMAIL ? k->email[0] != '\0' : ch == CH_SMS ? k->phone[0] != '\0' : true;
}

static enum channel channel_of(const char *name)
{
	for (int i = CH_NONE; i <= CH_SMS; i++)
		if (!strcmp(name, channel_names[i]))
			return (enum channel)i;
	return CH_UNSET;
}

static int event_of(const char *name)
{
	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++)
		if (!strcmp(name, events[i].name))
			return i;
	return -1;
}

/* The channel of an event: the one set, else the default when the profile has its
 * contact, else the other channel when it has that one, else NONE. */
static enum channel effective(enum notify_event e, enum channel set, const struct contacts *k)
{
	enum channel other = events[e].def == CH_EMAIL ? CH_SMS : CH_EMAIL;

	if (set != CH_UNSET)
		return set;
	if (has_contact(k, events[e].def))
		return events[e].def;
	return has_contact(k, other) ? other : CH_NONE;
}

/* The channels the profile set, CH_UNSET for the events it did not. */
static int read_set(struct call *c, int64_t profile_id, enum channel set[NOTIFY_EVENT_COUNT])
{
	sqlite3_stmt *st = db_stmt(c->db, "SELECT event, channel FROM notify_settings "
					  "WHERE profile_id = ?");
	int rc;

	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++)
		set[i] = CH_UNSET;
	if (!st)
		return -1;
	db_bind(st, "i", profile_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int e = event_of(db_text(st, 0));
		if (e >= 0)
			set[e] = channel_of(db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int notify_send(struct call *c, int64_t profile_id, enum notify_event event, const char *text)
{
	struct contacts k;
	enum channel set[NOTIFY_EVENT_COUNT], ch;

	if (read_contacts(c, profile_id, &k) != 0 || read_set(c, profile_id, set) != 0)
		return -1;
	ch = effective(event, set[event], &k);
	if (ch == CH_NONE || !has_contact(&k, ch))
		return 0;
	return srv_outbox_send(c, channel_outbox[ch], ch == CH_EMAIL ? k.email : k.phone, text,
			       NULL);
}

int64_t notify_threshold(struct call *c, int64_t profile_id)
{
	return db_int(c->db, "SELECT COALESCE(low_balance_threshold, ?) FROM profiles WHERE id = ?",
		      NOTIFY_THRESHOLD_DEFAULT, "ii", (int64_t)NOTIFY_THRESHOLD_DEFAULT, profile_id);
}

int notify_new_client(struct call *c, int64_t profile_id, bool remember)
{
	if (!c->client_uuid || !*c->client_uuid)
		return remember ? 1 : 0;
	if (db_int(c->db, "SELECT 1 FROM login_clients WHERE profile_id = ? AND client_uuid = ?",
		   0, "is", profile_id, c->client_uuid) == 1)
		return 0;
	if (db_exec(c->db, "INSERT INTO login_clients (profile_id, client_uuid, first_at) "
			   "VALUES (?, ?, ?)", "isi", profile_id, c->client_uuid, c->now) != SQLITE_DONE)
		return -1;
	return 1;
}

/* --- the methods ---------------------------------------------------------------------- */

/* The full settings of the caller's profile into c->out. */
static int settings_out(struct call *c)
{
	struct contacts k;
	enum channel set[NOTIFY_EVENT_COUNT];
	cJSON *list, *channels;

	if (read_contacts(c, c->profile_id, &k) != 0 || read_set(c, c->profile_id, set) != 0)
		return call_internal(c, "notification settings");
	list = cJSON_AddArrayToObject(c->out, "events");
	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++) {
		cJSON *o = cJSON_CreateObject();
		out_str(o, "event", events[i].name);
		out_str(o, "channel", channel_names[effective((enum notify_event)i, set[i], &k)]);
		cJSON_AddItemToArray(list, o);
	}
	out_int(c->out, "lowBalanceThreshold", notify_threshold(c, c->profile_id));
	channels = cJSON_AddObjectToObject(c->out, "channels");
	out_bool(channels, "EMAIL", k.email[0] != '\0');
	out_bool(channels, "SMS", k.phone[0] != '\0');
	return CALL_OK;
}

static int m_get_settings(struct call *c)
{
	return settings_out(c);
}

/* c->field must outlive the handler, so the paths are literals. Every event at most
 * once: an array longer than the events fails on a repeat by index NOTIFY_EVENT_COUNT. */
#define EVENT_PATHS(f)                                                                     \
	{ "events[0]" f, "events[1]" f, "events[2]" f, "events[3]" f, "events[4]" f,        \
	  "events[5]" f, "events[6]" f, "events[7]" f, "events[8]" f }
static const char *const event_path[NOTIFY_EVENT_COUNT + 1] = EVENT_PATHS(".event");
static const char *const channel_path[NOTIFY_EVENT_COUNT + 1] = EVENT_PATHS(".channel");

/* One item of `events`: its event (known, not yet seen) and channel (known, and one the
 * profile has a contact for) into chosen[]. */
static int in_event(struct call *c, const cJSON *item, int i, const struct contacts *k,
		    enum channel chosen[NOTIFY_EVENT_COUNT])
{
	const char *ev, *chn;
	int e;
	enum channel ch;

	if (in_str_at(c, item, "event", event_path[i], true, 1, 32, &ev) != CALL_OK)
		return CALL_FAIL;
	if ((e = event_of(ev)) < 0)
		return call_failf(c, APIERR_VALIDATION, event_path[i], "Неизвестное событие %s",
				  "Unknown event %s", ev);
	if (chosen[e] != CH_UNSET)
		return call_failf(c, APIERR_VALIDATION, event_path[i],
				  "Событие %s указано дважды", "Event %s is given twice", ev);
	if (in_str_at(c, item, "channel", channel_path[i], true, 1, 16, &chn) != CALL_OK)
		return CALL_FAIL;
	if ((ch = channel_of(chn)) == CH_UNSET)
		return call_fail(c, APIERR_VALIDATION, channel_path[i],
				 "Канал: EMAIL, SMS или NONE", "The channel is EMAIL, SMS or NONE");
	if (!has_contact(k, ch))
		return call_fail(c, APIERR_VALIDATION, channel_path[i],
				 ch == CH_EMAIL ? "В профиле нет e-mail" : "В профиле нет телефона",
				 ch == CH_EMAIL ? "The profile has no e-mail"
						: "The profile has no phone");
	chosen[e] = ch;
	return CALL_OK;
}

static int in_events(struct call *c, const cJSON *list, enum channel chosen[NOTIFY_EVENT_COUNT])
{
	struct contacts k;
	int i = 0;
	const cJSON *item;

	for (int e = 0; e < NOTIFY_EVENT_COUNT; e++)
		chosen[e] = CH_UNSET;
	if (!list)
		return CALL_OK;
	if (read_contacts(c, c->profile_id, &k) != 0)
		return call_internal(c, "contacts");
	cJSON_ArrayForEach(item, list)
		if (in_event(c, item, i++, &k, chosen) != CALL_OK)
			return CALL_FAIL;
	return CALL_OK;
}

static int store(struct call *c, const enum channel chosen[NOTIFY_EVENT_COUNT], bool has_threshold,
		 int64_t threshold)
{
	for (int e = 0; e < NOTIFY_EVENT_COUNT; e++)
		if (chosen[e] != CH_UNSET &&
		    db_exec(c->db, "INSERT INTO notify_settings (profile_id, event, channel) "
				   "VALUES (?, ?, ?) ON CONFLICT (profile_id, event) "
				   "DO UPDATE SET channel = excluded.channel", "iss", c->profile_id,
			    events[e].name, channel_names[chosen[e]]) != SQLITE_DONE)
			return call_internal(c, "notification setting");
	if (has_threshold &&
	    db_exec(c->db, "UPDATE profiles SET low_balance_threshold = ? WHERE id = ?", "ii",
		    threshold, c->profile_id) != SQLITE_DONE)
		return call_internal(c, "threshold");
	return CALL_OK;
}

static int m_set_settings(struct call *c)
{
	const cJSON *list = NULL;
	enum channel chosen[NOTIFY_EVENT_COUNT];
	int64_t threshold = 0;
	bool has_threshold =
		cJSON_GetObjectItemCaseSensitive(c->in, "lowBalanceThreshold") != NULL;

	if (in_array(c, "events", false, 0, 64, &list) != CALL_OK ||
	    in_int(c, "lowBalanceThreshold", false, 0, NOTIFY_THRESHOLD_MAX, &threshold) !=
		    CALL_OK)
		return CALL_FAIL;
	if (!has_threshold && cJSON_GetArraySize(list) == 0)
		return call_fail(c, APIERR_VALIDATION, NULL,
				 "Укажите события или порог низкого баланса",
				 "Give events or the low-balance threshold");
	if (in_events(c, list, chosen) != CALL_OK || store(c, chosen, has_threshold, threshold) !=
							     CALL_OK)
		return CALL_FAIL;
	return settings_out(c);
}

const struct method notify_methods[] = {
	{ "getNotificationSettings", m_get_settings, M_VIEW },
	{ "setNotificationSettings", m_set_settings, M_WRITE },
	{ NULL, NULL, 0 },
};

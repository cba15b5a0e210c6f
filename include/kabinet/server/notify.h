/* A subscriber's notification settings (notify.c): which channel each event's notice
 * goes by, and the low-balance threshold. Every notice of a settable event goes through
 * notify_send(), which honours them; security notices and codes do not (srv_outbox_send
 * directly). */
#ifndef KABINET_SERVER_NOTIFY_H
#define KABINET_SERVER_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "kabinet/notify_events.h"

struct call;


/* The low-balance threshold of a profile that never set one, and its range (kopecks). */
#define NOTIFY_THRESHOLD_DEFAULT 10000
#define NOTIFY_THRESHOLD_MAX 100000000

/* Sends the profile's notice of `event` as its settings say: nothing for NONE, else a
 * row of the outbox to the channel's contact (nothing when the profile lacks it). An
 * event the profile never set goes by its default channel, or by the other one when
 * the profile has only that contact. 0, or -1 when the database fails. */
int notify_send(struct call *c, int64_t profile_id, enum notify_event event, const char *text);
/* The profile's low-balance threshold in kopecks (the default when never set). */
int64_t notify_threshold(struct call *c, int64_t profile_id);
/* Whether a login of the profile from the call's client is from a new device, recording
 * the client as seen: a client_uuid no login of the profile named before, or, without a
 * client_uuid, a login that makes a new remembered device (`remember`). 1, 0, or -1
 * when the database fails. */
int notify_new_client(struct call *c, int64_t profile_id, bool remember);

#endif

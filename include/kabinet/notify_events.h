/* The events of the notification settings, one list for kabinetd and kabinet: their
 * order is the order getNotificationSettings gives them in, the name is the API's word
 * ("LOW_BALANCE"). X(NAME, words, default) also carries what people read (N_(), the
 * client's) and the channel an event goes by until the profile sets one (EMAIL or SMS,
 * the server's); each side takes the columns it needs. */
#ifndef KABINET_NOTIFY_EVENTS_H
#define KABINET_NOTIFY_EVENTS_H

#define NOTIFY_EVENTS(X) \
	X(LOW_BALANCE, N_("Low balance"), SMS) \
	X(PAYMENT_RECEIPT, N_("Payment receipt"), EMAIL) \
	X(AUTOPAY_RUN, N_("Autopay made a payment"), SMS) \
	X(AUTOPAY_DECLINE, N_("Autopay payment declined"), SMS) \
	X(SUPPORT_ANSWER, N_("Support answered a request"), EMAIL) \
	X(TARIFF_CHANGE, N_("Tariff changed"), EMAIL) \
	X(STAFF_VIEW, N_("Support looked at my data"), EMAIL) \
	X(NEW_DEVICE_LOGIN, N_("Login from a new device"), EMAIL)

enum notify_event {
#define NOTIFY_EVENT_ENUM(name, words, def) NOTIFY_##name,
	NOTIFY_EVENTS(NOTIFY_EVENT_ENUM)
#undef NOTIFY_EVENT_ENUM
	NOTIFY_EVENT_COUNT
};

#endif

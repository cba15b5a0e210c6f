/* The model of the Accounts and Tariffs & services screens (model_services.c): account
 * details, the attach wizard, a service with its tariff and options, the tariffs on
 * sale, usage — replies in, plain structs out; request bodies out. Pure like model.h:
 * no curses, no network. */
#ifndef KABINET_SERVICES_H
#define KABINET_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"

/* getAccountInfo. */
struct account_info {
	char owner[128];		/* "Иванова М. П." */
	char address[256];
	char contract_date[16];		/* YYYY-MM-DD */
	char number[16];
	char region[128];
	bool has_invoice_email;
	char invoice_email[256];
};
enum model_status model_parse_account_info(const char *json, struct account_info *out,
					   struct model_err *err);
/* setInvoiceDelivery's answer into info. */
enum model_status model_parse_invoice_email(const char *json, struct account_info *info,
					    struct model_err *err);

/* attachAccount: the wizard's id and the services to prove the right with (their
 * status is not told: ACTIVE). */
struct attach_offer {
	char attach_id[64];
	char number[16];
	struct service *services;
	size_t nservices;
};
enum attach_by { ATTACH_BY_NUMBER, ATTACH_BY_PHONE, ATTACH_BY_LOGIN };
enum model_status model_parse_attach(const char *json, struct attach_offer *out,
				     struct model_err *err);
void model_free_attach(struct attach_offer *a);
/* attachAccountConfirm: {"accountId", "reattached"}. */
enum model_status model_parse_attached(const char *json, char *account_id, size_t size,
				       bool *reattached, struct model_err *err);

/* getServiceInfo. */
struct tariff_ref {
	char id[64];
	char name[128];
	int64_t fee;			/* kopecks a month */
};
struct service_option {
	char id[64];
	char name[128];
	int64_t fee;
	bool enabled;
};
struct service_info {
	enum service_status status;
	int type;
	char number[MODEL_SERVICE_NUMBER_MAX + 1], display_number[MODEL_SERVICE_NUMBER_MAX + 1];
	bool has_tariff;
	struct tariff_ref tariff;
	bool has_pending;		/* a changeTariff billing applies on pending_from */
	struct tariff_ref pending;
	char pending_from[16];
	struct service_option *options;
	size_t noptions;
	char block_end[16];		/* the voluntary block's last day, "" without one */
};
enum model_status model_parse_service_info(const char *json, struct service_info *out,
					   struct model_err *err);
void model_free_service_info(struct service_info *s);

/* getAvailableTariffs: what each tariff states, each figure only when it does. */
struct tariff_offer {
	char id[64];
	char name[128];
	char description[256];
	int64_t fee;
	bool current;
	bool has_speed, has_channels, has_minutes, has_gigabytes;
	int64_t speed, channels, minutes, gigabytes;
};
struct tariff_list {
	struct tariff_offer *items;
	size_t n;
};
enum model_status model_parse_tariffs(const char *json, struct tariff_list *out,
				      struct model_err *err);
void model_free_tariffs(struct tariff_list *l);

/* getUsage: one page of days with usage (days without are absent). */
struct usage_day {
	char date[16];
	int64_t value;
};
struct usage {
	char unit[8];			/* "MB" or "MIN" */
	struct usage_day *items;
	size_t n;
	int64_t total;			/* over the whole range asked */
	char next_cursor[128];		/* "" on the last page */
};
enum model_status model_parse_usage(const char *json, struct usage *out, struct model_err *err);
void model_free_usage(struct usage *u);
/* setVoluntaryBlock's and removeVoluntaryBlock's {"status", "voluntaryBlockEndDate"}
 * (the date "" when absent). */
enum model_status model_parse_service_status(const char *json, enum service_status *status,
					     char *block_end, size_t size, struct model_err *err);
/* switchPaymentSystem's {"paymentSystem"}: true for CREDIT. */
enum model_status model_parse_payment_system(const char *json, bool *credit,
					     struct model_err *err);
/* changeTariff's {"effectiveFrom"}. */
enum model_status model_parse_effective_from(const char *json, char *date, size_t size,
					     struct model_err *err);

/* The bodies of the requests (malloc'ed JSON text; NULL when out of memory). The
 * service password of attachAccountConfirm is secret: free with
 * model_free_secret_body(). */
const char *model_attach_field(enum attach_by by);	/* "number", "phone", "serviceLogin" */
char *model_body_attach(const char *region, enum attach_by by, const char *value);
char *model_body_attach_confirm(const char *attach_id, const char *service_id,
				const char *password);
char *model_body_service(const char *service_id);
char *model_body_change_tariff(const char *service_id, const char *tariff_id);
char *model_body_set_option(const char *service_id, const char *option_id, bool enabled);
char *model_body_block(const char *service_id, const char *until);
char *model_body_usage(const char *service_id, const char *from, const char *to, int limit,
		       const char *cursor);
/* email NULL stops the delivery. */
char *model_body_invoice_email(const char *account_id, const char *email);
char *model_body_payment_system(const char *account_id, bool credit);
/* setInvoiceDelivery's rule for an address, checked before asking. */
bool model_email_valid(const char *s);

#endif

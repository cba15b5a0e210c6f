/* Screen 3, Tariffs & services, in the files that share this header: tariffs.c (the
 * screen: which service, what is kept of each, loading, the header and the two
 * lists), tariffs_view.c (the drawing), tariffs_change.c (the changes: tariff,
 * option, voluntary block with its form) and tariffs_usage.c (the usage chart); its
 * pure helpers are tariffs_calc.h's. */
#ifndef KABINET_TARIFFS_H
#define KABINET_TARIFFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/model/paging.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/tariffs_calc.h"

struct app;

/* --- the screen (tariffs.c) --- */

/* The usage of one period, put together from getUsage's pages. */
struct usage_range {
	bool known;		/* every page is in */
	bool loading;
	int64_t from, to;	/* days */
	bool mb;		/* MB, else minutes */
	int64_t total;
	int64_t *values;	/* one a day, from .. to */
	struct page_guard guard;	/* of getUsage's pages (paging.h) */
};

struct tf_entry {
	char id[64];
	bool info_known, info_loading;
	bool tariffs_known, tariffs_loading;
	struct service_info info;
	struct tariff_list tariffs;
	struct usage_range usage[USAGE_PERIODS];
	time_t loaded;		/* when getServiceInfo last answered */
	bool stale;		/* a change, or a request dropped with its answer unknown:
				 * read again when shown */
};

/* What the screen shows now, drawn by tariffs_view.c. */
struct tariffs_state {
	struct ui_loader load;
	struct ui_list tlist, olist;
	bool options_focus;	/* Tab: the options list has the keys */
	bool chart;		/* u: the usage chart instead of the lists */
	enum usage_period period;
	char id[64];		/* the service shown */
	int cols;		/* the pane's width at the last draw */
};
extern struct tariffs_state tariffs_now;

/* The services of every account, in order: how many, and one by its id (with its
 * place among them and its account; either may be NULL). */
size_t tariffs_service_count(const struct app *app);
const struct service *tariffs_service_find(const struct app *app, const char *id,
					   size_t *index, const struct account **acc);
/* The service's type, from what is kept or from the accounts. */
int tariffs_service_type(const struct app *app, const struct tf_entry *e);
/* The kept data of the service shown (NULL when none). */
struct tf_entry *tariffs_current(void);
/* The kept data of a service (NULL when there is none). */
struct tf_entry *tariffs_entry(const char *service_id);
/* "Internet perm_ivanov": the service's type and number. */
void tariffs_service_title(const struct app *app, const char *service_id, char *buf,
			   size_t size);
/* The account a service belongs to (NULL when not known). */
const struct account *tariffs_account_of(const struct app *app, const char *service_id);
/* What a change moved is read again (getServiceInfo; the tariffs on sale too when
 * `tariffs`); what is shown stays until the answer comes. */
void tariffs_reread(struct app *app, const char *service_id, bool tariffs);
/* The service's account went blocked for debt (removing a voluntary block with a
 * negative balance): its other active services are blocked too, and what is kept of
 * them is read again when shown. */
void tariffs_account_blocked(struct app *app, const char *service_id);
/* Money moved on the account (a payment may unblock what debt blocked): what is kept
 * of its services is read again when shown, at once when one is shown now. */
void tariffs_account_moved(struct app *app, const char *account_id);
/* The entry's data changed: the lists follow; with `fresh` (what the server said just
 * now: getServiceInfo, a change's answer) the accounts' tariff names and statuses
 * (screens 1 and 2, the warnings) follow too. A cached answer never writes over them. */
void tariffs_entry_changed(struct app *app, struct tf_entry *e, bool fresh);

/* --- drawing (tariffs_view.c) --- */

/* The two list views with their columns. */
void tariffs_lists_init(struct app *app);
void tariffs_draw(struct app *app, WINDOW *pane, int rows, int cols);
/* Enter on a tariff: all it says of itself, in a dialog. */
void tariffs_details(struct app *app, struct tf_entry *e);

/* --- the changes (tariffs_change.c) --- */

void tariffs_change_tariff(struct app *app, struct tf_entry *e, size_t tariff);
void tariffs_toggle_option(struct app *app, struct tf_entry *e, size_t option);
/* b: the form of a voluntary block when the service is active, the removal of one
 * when it is voluntarily blocked. */
void tariffs_block(struct app *app, struct tf_entry *e);
/* The form of a voluntary block, open in the lists' place. */
bool tariffs_form_open(void);
/* The form holds a date typed (tariffs screen's typed()). */
bool tariffs_form_typed(void);
void tariffs_form_close(void);
enum ui_key_result tariffs_form_key(struct app *app, enum action act, int key);
/* A paste into the form's focused field. */
enum ui_paste_result tariffs_form_paste(struct app *app, const char *text, size_t len);
int tariffs_form_draw(WINDOW *w, int y, int rows, int cols);
bool tariffs_form_cursor(int *y, int *x);

/* --- the usage chart (tariffs_usage.c) --- */

/* Whether the service's type records usage (internet, phones). */
bool usage_recorded(int type);
/* A range of `days` days ending `today`, empty; false when out of memory. */
bool usage_range_begin(struct usage_range *u, int days, int64_t today);
/* One page of getUsage into the range. */
void usage_range_take(struct usage_range *u, const struct usage *page);
void usage_range_free(struct usage_range *u);
/* The chart of the range in rows x cols at y: title, total, busiest day, bars, dates. */
void usage_draw(WINDOW *w, int y, int rows, int cols, const struct usage_range *u, int type,
		enum usage_period p, bool loading);

#endif

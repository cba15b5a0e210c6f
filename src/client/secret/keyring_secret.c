/* The Secret Service through libsecret's async API on a main context of our own,
 * every call bounded (see keyring_secret.h): the plugin kabinet-secret.so. Nothing
 * here prints; GLib's own messages are kept in memory for the bottom line. */
#include "kabinet/keyring_secret.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsecret/secret.h>

#include "kabinet/i18n.h"

/* After the deadline the operation is cancelled; this long more is allowed for the
 * cancelled callback to come back before the call is abandoned for good. */
#define CANCEL_GRACE_US (500 * G_TIME_SPAN_MILLISECOND)

static const SecretSchema kabinet_schema = {
	.name = "org.kabinet.Credential",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

/* ---- GLib's log output, kept off the screen ---- */

static GMutex log_lock;
static char log_last[512];
static bool log_fresh;

static void log_keep(const char *domain, const char *text)
{
	g_mutex_lock(&log_lock);
	if (domain && *domain)
		snprintf(log_last, sizeof(log_last), "%s: %s", domain, text ? text : "");
	else
		snprintf(log_last, sizeof(log_last), "%s", text ? text : "");
	for (char *c = log_last; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	log_fresh = true;
	g_mutex_unlock(&log_lock);
}

static GLogWriterOutput log_writer(GLogLevelFlags level, const GLogField *fields, gsize n,
				   gpointer ud)
{
	const char *domain = NULL, *message = NULL;
	char text[400];

	(void)ud;
	/* Debug and info messages are dropped: only what could explain a failure stays. */
	if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
		return G_LOG_WRITER_HANDLED;
	for (gsize i = 0; i < n; i++) {
		if (fields[i].length >= 0)
			continue;	/* only NUL-terminated string fields are of use here */
		if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0)
			domain = fields[i].value;
		else if (strcmp(fields[i].key, "MESSAGE") == 0)
			message = fields[i].value;
	}
	snprintf(text, sizeof(text), "%s", message ? message : "");
	log_keep(domain, text);
	return G_LOG_WRITER_HANDLED;
}

static void print_handler(const gchar *string)
{
	log_keep(NULL, string);
}

static bool log_take(char *buf, size_t size)
{
	bool fresh;

	g_mutex_lock(&log_lock);
	fresh = log_fresh;
	if (fresh && buf && size)
		snprintf(buf, size, "%s", log_last);
	log_fresh = false;
	g_mutex_unlock(&log_lock);
	return fresh;
}

/* ---- the Secret Service, bounded ---- */

/* Every libsecret call is started with this context as the thread default, so its
 * callbacks come back only while we iterate it, never in someone else's loop. */
static GMainContext *kr_ctx;

struct op {
	int call_ms;
	GCancellable *cancel;
	gint64 deadline;
	gint64 grace_end;
	bool cancelled;
	bool abandoned;
};

/* One pending async call. Two references: the waiter's and the callback's, so a call
 * abandoned after the grace period can still complete later without touching freed
 * memory (its result is then simply dropped on a later iteration). */
struct pending {
	int refs;
	bool done;
	GAsyncResult *res;
};

static struct pending *pending_new(void)
{
	struct pending *p = g_new0(struct pending, 1);

	p->refs = 2;
	return p;
}

static void pending_unref(struct pending *p)
{
	if (--p->refs > 0)
		return;
	if (p->res)
		g_object_unref(p->res);
	g_free(p);
}

static void on_done(GObject *src, GAsyncResult *res, gpointer ud)
{
	struct pending *p = ud;

	(void)src;
	p->res = g_object_ref(res);
	p->done = true;
	pending_unref(p);
}

static gboolean on_wake(gpointer ud)
{
	(void)ud;
	return G_SOURCE_REMOVE;
}

static void iterate_for(gint64 us)
{
	GSource *t = g_timeout_source_new((guint)((us + 999) / 1000));

	g_source_set_callback(t, on_wake, NULL, NULL);
	g_source_attach(t, kr_ctx);
	g_main_context_iteration(kr_ctx, TRUE);
	g_source_destroy(t);
	g_source_unref(t);
}

/* Iterates our context until the call completes, cancelling it at the deadline.
 * Returns false when it did not come back even after the cancel (abandoned). */
static bool op_wait(struct op *op, struct pending *p)
{
	while (!p->done) {
		gint64 now = g_get_monotonic_time();

		if (!op->cancelled && now >= op->deadline) {
			op->cancelled = true;
			op->grace_end = now + CANCEL_GRACE_US;
			g_cancellable_cancel(op->cancel);
			continue;
		}
		if (op->cancelled && now >= op->grace_end) {
			op->abandoned = true;
			return false;
		}
		iterate_for((op->cancelled ? op->grace_end : op->deadline) - now);
	}
	return true;
}

static void op_begin(struct op *op, int call_ms)
{
	if (!kr_ctx)
		kr_ctx = g_main_context_new();
	memset(op, 0, sizeof(*op));
	op->call_ms = call_ms;
	g_main_context_push_thread_default(kr_ctx);
	/* Callbacks of calls abandoned earlier complete here and free themselves. */
	while (g_main_context_iteration(kr_ctx, FALSE))
		;
	op->cancel = g_cancellable_new();
	op->deadline = g_get_monotonic_time() + (gint64)op->call_ms * G_TIME_SPAN_MILLISECOND;
}

static void op_end(struct op *op)
{
	g_object_unref(op->cancel);
	g_main_context_pop_thread_default(kr_ctx);
}

/* Waits for p and hands back its result (a new reference), or NULL after a timeout. */
static GAsyncResult *op_result(struct op *op, struct pending *p)
{
	GAsyncResult *res = NULL;

	if (op_wait(op, p))
		res = g_object_ref(p->res);
	pending_unref(p);
	return res;
}

static bool error_in(const GError *e, GQuark domain, const int *codes, size_t n)
{
	if (e->domain != domain)
		return false;
	for (size_t i = 0; i < n; i++)
		if (e->code == codes[i])
			return true;
	return false;
}

/* Turns a GError (or a timeout, e == NULL) into a status. */
static enum keyring_code fail(struct op *op, GError *e, struct keyring_status *st)
{
	static const int no_bus_dbus[] = {
		G_DBUS_ERROR_SERVICE_UNKNOWN, G_DBUS_ERROR_NAME_HAS_NO_OWNER,
		G_DBUS_ERROR_NO_SERVER, G_DBUS_ERROR_DISCONNECTED, G_DBUS_ERROR_FILE_NOT_FOUND,
		G_DBUS_ERROR_SPAWN_EXEC_FAILED, G_DBUS_ERROR_SPAWN_FORK_FAILED,
		G_DBUS_ERROR_SPAWN_CHILD_EXITED, G_DBUS_ERROR_SPAWN_CHILD_SIGNALED,
		G_DBUS_ERROR_SPAWN_FAILED, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND,
		G_DBUS_ERROR_SPAWN_SERVICE_INVALID, G_DBUS_ERROR_ADDRESS_IN_USE,
		G_DBUS_ERROR_BAD_ADDRESS, G_DBUS_ERROR_NO_NETWORK, G_DBUS_ERROR_AUTH_FAILED,
	};
	static const int no_bus_io[] = {
		G_IO_ERROR_NOT_FOUND, G_IO_ERROR_CONNECTION_REFUSED, G_IO_ERROR_CLOSED,
		G_IO_ERROR_NOT_CONNECTED, G_IO_ERROR_INVALID_ARGUMENT, G_IO_ERROR_BROKEN_PIPE,
		G_IO_ERROR_CONNECTION_CLOSED, G_IO_ERROR_NOT_SUPPORTED, G_IO_ERROR_PERMISSION_DENIED,
		G_IO_ERROR_HOST_UNREACHABLE, G_IO_ERROR_NETWORK_UNREACHABLE,
	};
	enum keyring_code code;
	char *detail = NULL;

	if (e && g_dbus_error_is_remote_error(e)) {
		GError *copy = g_error_copy(e);

		g_dbus_error_strip_remote_error(copy);
		detail = g_strdup(copy->message);
		g_error_free(copy);
	} else if (e) {
		detail = g_strdup(e->message);
	}

	if (!e || op->cancelled || g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
	    g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
	    g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
	    g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT)) {
		code = KEYRING_TIMEOUT;
		keyring_status_set(st, code, _("The keyring did not answer in %d s."),
			   (op->call_ms + 999) / 1000);
	} else if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_IS_LOCKED)) {
		code = KEYRING_LOCKED;
		keyring_status_set(st, code, _("The keyring is locked."));
	} else if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT)) {
		code = KEYRING_NOT_FOUND;
		keyring_status_set(st, code, _("Nothing is saved in the keyring."));
	} else if (error_in(e, G_DBUS_ERROR, no_bus_dbus, G_N_ELEMENTS(no_bus_dbus)) ||
		   error_in(e, G_IO_ERROR, no_bus_io, G_N_ELEMENTS(no_bus_io))) {
		code = KEYRING_NO_BUS;
		keyring_status_set(st, code, _("No keyring: %s"), detail);
	} else {
		code = KEYRING_ERROR;
		keyring_status_set(st, code, _("Keyring error: %s"), detail);
	}
	g_free(detail);
	if (e)
		g_error_free(e);
	return code;
}

/* A fresh, unshared service proxy per call: a cached one would outlive a restart of
 * the keyring daemon. */
static SecretService *open_service(struct op *op, GError **error)
{
	struct pending *p = pending_new();
	GAsyncResult *res;
	SecretService *service;

	secret_service_open(SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_NONE, op->cancel, on_done, p);
	res = op_result(op, p);
	if (!res)
		return NULL;
	service = secret_service_open_finish(res, error);
	g_object_unref(res);
	/* GLib's session connection would raise SIGTERM in us if the bus went away. */
	if (service)
		g_dbus_connection_set_exit_on_close(
			g_dbus_proxy_get_connection(G_DBUS_PROXY(service)), FALSE);
	return service;
}

static GList *search(struct op *op, SecretService *service, GHashTable *attrs,
		     SecretSearchFlags flags, GError **error)
{
	struct pending *p = pending_new();
	GAsyncResult *res;
	GList *items;

	/* SECRET_SEARCH_ALL without SECRET_SEARCH_UNLOCK: locked items come back as
	 * locked rather than being hidden (a plain lookup says "not found") or prompting. */
	secret_service_search(service, &kabinet_schema, attrs, flags | SECRET_SEARCH_ALL,
			      op->cancel, on_done, p);
	res = op_result(op, p);
	if (!res)
		return NULL;
	items = secret_service_search_finish(service, res, error);
	g_object_unref(res);
	return items;
}

/* The default collection's lock state: 1 locked, 0 unlocked, -1 no default
 * collection, -2 failed (error set, or a timeout with no error). */
static int default_locked(struct op *op, SecretService *service, GError **error)
{
	struct pending *p = pending_new();
	GAsyncResult *res;
	SecretCollection *coll;
	int locked;

	secret_collection_for_alias(service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
				    op->cancel, on_done, p);
	res = op_result(op, p);
	if (!res)
		return -2;
	coll = secret_collection_for_alias_finish(res, error);
	g_object_unref(res);
	if (!coll)
		return error && *error ? -2 : -1;
	locked = secret_collection_get_locked(coll) ? 1 : 0;
	g_object_unref(coll);
	return locked;
}

static GHashTable *attributes(const char *server, const char *login)
{
	return secret_attributes_build(&kabinet_schema, "server", server, "login", login, NULL);
}

/* The start of every call: begins op and opens the service. Returns the service, or
 * NULL with *code set (and op ended) when there is none. */
static SecretService *service_begin(struct op *op, int call_ms, struct keyring_status *st,
				    enum keyring_code *code)
{
	SecretService *service;
	GError *e = NULL;

	op_begin(op, call_ms);
	service = open_service(op, &e);
	if (!service) {
		*code = fail(op, e, st);
		op_end(op);
	}
	return service;
}

/* Our items for server and login into *items (the caller frees the list, even on a
 * failure); flags say whether to load their secrets. */
static enum keyring_code find_items(struct op *op, SecretService *service, const char *server,
				    const char *login, SecretSearchFlags flags, GList **items,
				    struct keyring_status *st)
{
	GHashTable *attrs = attributes(server, login);
	GError *e = NULL;

	*items = search(op, service, attrs, flags, &e);
	g_hash_table_unref(attrs);
	if (e || op->cancelled)
		return fail(op, e, st);
	return KEYRING_OK;
}

/* The end of such a call: the items, the service and op let go. */
static void end_find(struct op *op, SecretService *service, GList *items)
{
	g_list_free_full(items, g_object_unref);
	g_object_unref(service);
	op_end(op);
}

/* The start of a call on our items: begins op, opens the service and finds the items
 * for server and login (find_items()). Returns the service, or NULL with *code set
 * (and everything ended) when there is none or the search failed. */
static SecretService *begin_find(struct op *op, int call_ms, const char *server,
				 const char *login, SecretSearchFlags flags, GList **items,
				 struct keyring_status *st, enum keyring_code *code)
{
	SecretService *service = service_begin(op, call_ms, st, code);

	*items = NULL;
	if (!service)
		return NULL;
	*code = find_items(op, service, server, login, flags, items, st);
	if (*code == KEYRING_OK)
		return service;
	end_find(op, service, *items);
	return NULL;
}

/* Whether the default collection can take an item now (there, unlocked): the code
 * and the status of the answer, KEYRING_OK when it can. */
static enum keyring_code default_writable(struct op *op, SecretService *service,
					  struct keyring_status *st)
{
	GError *e = NULL;
	int locked = default_locked(op, service, &e);

	if (locked == -2)
		return fail(op, e, st);
	if (locked == 1)
		return keyring_status_set(st, KEYRING_LOCKED, _("The keyring is locked."));
	if (locked == -1)
		return keyring_status_set(st, KEYRING_ERROR, _("The keyring has no default collection."));
	return keyring_status_set(st, KEYRING_OK, NULL);
}

/* The start of a call that stores: begins op and opens the service, whose default
 * collection must take an item now (default_writable()). Returns the service, or NULL
 * with *code set (and everything ended) when it cannot. */
static SecretService *begin_store(struct op *op, int call_ms, struct keyring_status *st,
				  enum keyring_code *code)
{
	SecretService *service = service_begin(op, call_ms, st, code);

	if (!service)
		return NULL;
	*code = default_writable(op, service, st);
	if (*code == KEYRING_OK)
		return service;
	g_object_unref(service);
	op_end(op);
	return NULL;
}

static enum keyring_code lookup(const char *server, const char *login, int call_ms,
				char **token_out, struct keyring_status *st)
{
	struct op op;
	SecretService *service;
	GList *items;
	GError *e = NULL;
	SecretItem *best = NULL;
	bool any_locked = false;
	enum keyring_code code;

	*token_out = NULL;
	service = begin_find(&op, call_ms, server, login, SECRET_SEARCH_LOAD_SECRETS, &items, st,
			     &code);
	if (!service)
		return code;
	/* The newest unlocked copy wins, should there be several (other collections). */
	for (GList *l = items; l; l = l->next) {
		SecretItem *it = l->data;

		if (secret_item_get_locked(it)) {
			any_locked = true;
			continue;
		}
		if (!best || secret_item_get_modified(it) > secret_item_get_modified(best))
			best = it;
	}
	if (best) {
		SecretValue *v = secret_item_get_secret(best);
		gsize len = 0;
		const gchar *data = v ? secret_value_get(v, &len) : NULL;

		if (data && len && !memchr(data, '\0', len)) {
			*token_out = strndup(data, len);
			code = *token_out ? KEYRING_OK : KEYRING_ERROR;
			keyring_status_set(st, code, code == KEYRING_OK ? NULL : _("Out of memory."));
		} else {
			code = KEYRING_ERROR;
			keyring_status_set(st, code, _("The keyring returned no usable token."));
		}
		if (v)
			secret_value_unref(v);
	} else if (any_locked) {
		code = KEYRING_LOCKED;
		keyring_status_set(st, code, _("The keyring is locked."));
	} else {
		/* A keyring that hides a locked collection's items from searches still
		 * tells whether the collection is locked. */
		int locked = default_locked(&op, service, &e);

		if (locked == -2) {
			code = fail(&op, e, st);
		} else if (locked == 1) {
			code = KEYRING_LOCKED;
			keyring_status_set(st, code, _("The keyring is locked."));
		} else {
			code = KEYRING_NOT_FOUND;
			keyring_status_set(st, code, _("Nothing is saved in the keyring."));
		}
	}
	end_find(&op, service, items);
	return code;
}

static enum keyring_code store(const char *server, const char *login, const char *token,
			       int call_ms, struct keyring_status *st)
{
	struct op op;
	SecretService *service;
	GHashTable *attrs;
	GError *e = NULL;
	SecretValue *value;
	struct pending *p;
	GAsyncResult *res;
	char *label;
	enum keyring_code code;

	/* Storing into a locked or missing collection would pop up a prompt that nobody
	 * at an SSH session can answer: refuse instead. */
	service = begin_store(&op, call_ms, st, &code);
	if (!service)
		return code;
	attrs = attributes(server, login);
	label = g_strdup_printf("kabinet: %s @ %s", login, server);
	value = secret_value_new(token, -1, "text/plain");
	p = pending_new();
	/* CreateItem with replace: the rotated token takes the place of the old one. */
	secret_service_store(service, &kabinet_schema, attrs, SECRET_COLLECTION_DEFAULT, label,
			     value, op.cancel, on_done, p);
	secret_value_unref(value);
	g_free(label);
	g_hash_table_unref(attrs);
	res = op_result(&op, p);
	if (res && secret_service_store_finish(service, res, &e))
		code = keyring_status_set(st, KEYRING_OK, NULL);
	else
		code = fail(&op, e, st);
	if (res)
		g_object_unref(res);
	g_object_unref(service);
	op_end(&op);
	return code;
}

static enum keyring_code forget(const char *server, const char *login, int call_ms,
				struct keyring_status *st)
{
	struct op op;
	SecretService *service;
	GList *items;
	GError *e = NULL;
	size_t deleted = 0;
	bool any_locked = false;
	enum keyring_code code;

	service = begin_find(&op, call_ms, server, login, SECRET_SEARCH_NONE, &items, st, &code);
	if (!service)
		return code;
	for (GList *l = items; l && code == KEYRING_OK; l = l->next) {
		SecretItem *it = l->data;
		struct pending *p;
		GAsyncResult *res;

		if (secret_item_get_locked(it)) {
			any_locked = true;
			continue;
		}
		p = pending_new();
		secret_item_delete(it, op.cancel, on_done, p);
		res = op_result(&op, p);
		if (res && secret_item_delete_finish(it, res, &e))
			deleted++;
		else
			code = fail(&op, e, st);
		if (res)
			g_object_unref(res);
	}
	if (code != KEYRING_OK)
		goto out;
	if (any_locked)
		code = keyring_status_set(st, KEYRING_LOCKED, _("The keyring is locked."));
	else if (!deleted)
		code = keyring_status_set(st, KEYRING_NOT_FOUND, _("Nothing is saved in the keyring."));
	else
		code = keyring_status_set(st, KEYRING_OK, NULL);
out:
	end_find(&op, service, items);
	return code;
}

/* Whether a token could be stored now: a service that answers, with a default
 * collection that is there and unlocked (what store() needs without a prompt). */
static enum keyring_code probe(int call_ms, struct keyring_status *st)
{
	struct op op;
	SecretService *service;
	enum keyring_code code;

	service = begin_store(&op, call_ms, st, &code);
	if (service) {
		g_object_unref(service);
		op_end(&op);
	}
	return code;
}

static void init(void)
{
	/* GLib allows one writer per process, and only before the first message: this
	 * runs right after the plugin (and with it GLib) is loaded. */
	g_log_set_writer_func(log_writer, NULL, NULL);
	g_set_printerr_handler(print_handler);
	g_set_print_handler(print_handler);
}

__attribute__((visibility("default"))) const struct keyring_secret_ops kabinet_keyring_secret = {
	.abi = KEYRING_SECRET_ABI,
	.status_size = sizeof(struct keyring_status),
	.init = init,
	.lookup = lookup,
	.store = store,
	.forget = forget,
	.probe = probe,
	.log_take = log_take,
};

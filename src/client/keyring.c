/* The client's credential store (see keyring.h): the password command, the Secret
 * Service through libsecret's async API on a main context of our own, and the
 * process hardening that keeps secrets out of core dumps. */
#include "kabinet/keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libsecret/secret.h>

#include "kabinet/i18n.h"

extern char **environ;

static int call_ms = KEYRING_CALL_MS;
static int command_ms = KEYRING_COMMAND_MS;

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

void keyring_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void keyring_free_secret(char *secret)
{
	if (!secret)
		return;
	keyring_wipe(secret, strlen(secret));
	free(secret);
}

void keyring_set_bounds(int new_call_ms, int new_command_ms)
{
	if (new_call_ms > 0)
		call_ms = new_call_ms;
	if (new_command_ms > 0)
		command_ms = new_command_ms;
}

/* Fills st (NULL is fine) and returns code. */
static enum keyring_code status_set(struct keyring_status *st, enum keyring_code code,
				    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum keyring_code status_set(struct keyring_status *st, enum keyring_code code,
				    const char *fmt, ...)
{
	va_list ap;

	if (!st)
		return code;
	st->code = code;
	st->msg[0] = '\0';
	if (!fmt)
		return code;
	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
	va_end(ap);
	/* The message goes to the bottom line: no control characters. */
	for (char *c = st->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return code;
}

const char *keyring_store_name(enum keyring_store store)
{
	switch (store) {
	case KEYRING_STORE_KEYRING:
		return _("keyring");
	case KEYRING_STORE_COMMAND:
		return _("password command");
	case KEYRING_STORE_MEMORY:
		break;
	}
	return _("memory only");
}

const char *keyring_code_name(enum keyring_code code)
{
	switch (code) {
	case KEYRING_OK:
		return _("ok");
	case KEYRING_NOT_FOUND:
		return _("not found");
	case KEYRING_NO_BUS:
		return _("no keyring");
	case KEYRING_LOCKED:
		return _("locked");
	case KEYRING_TIMEOUT:
		return _("timed out");
	case KEYRING_ERROR:
		break;
	}
	return _("error");
}

int creds_harden_process(void)
{
	struct rlimit none = { 0, 0 };
	int rc = 0;

	if (setrlimit(RLIMIT_CORE, &none) != 0)
		rc = -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		rc = -1;
	return rc;
}

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

bool keyring_log_take(char *buf, size_t size)
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

/* The address without its autolaunch: and disabled: entries (D-Bus tries the
 * ';'-separated entries in order) into out; empty when nothing usable is left. */
static void address_usable(const char *addr, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = addr; *p;) {
		size_t n = strcspn(p, ";");
		bool skip = n == 0 || strncmp(p, "autolaunch:", 11) == 0 ||
			    strncmp(p, "disabled:", 9) == 0;

		if (!skip && o + n + 2 < size) {
			if (o)
				out[o++] = ';';
			memcpy(out + o, p, n);
			o += n;
			out[o] = '\0';
		}
		p += n;
		if (*p == ';')
			p++;
	}
}

bool keyring_bus_available(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt;
	struct stat sb;
	char path[4096];

	if (addr && *addr) {
		address_usable(addr, path, sizeof(path));
		return path[0] != '\0';
	}
	rt = getenv("XDG_RUNTIME_DIR");
	if (!rt || rt[0] != '/')
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/bus", rt) >= sizeof(path))
		return false;
	return stat(path, &sb) == 0 && S_ISSOCK(sb.st_mode);
}

void keyring_init(void)
{
	static bool done;
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	char usable[4096];

	if (done)
		return;
	done = true;
	/* GLib allows one writer per process, and only before the first message. */
	g_log_set_writer_func(log_writer, NULL, NULL);
	g_set_printerr_handler(print_handler);
	g_set_print_handler(print_handler);
	/* Without a session bus GLib would try dbus-launch (X11 autolaunch), which can
	 * hang or leave a stray bus behind; so would an explicit autolaunch: entry.
	 * Those entries go, and "disabled:" (the libdbus convention) stands for no bus
	 * at all, for us and for anything we run. setenv() is safe here: no threads yet. */
	if (addr && *addr) {
		address_usable(addr, usable, sizeof(usable));
		if (!usable[0])
			unsetenv("DBUS_SESSION_BUS_ADDRESS");
		else if (strcmp(usable, addr) != 0)
			setenv("DBUS_SESSION_BUS_ADDRESS", usable, 1);
	}
	if (!keyring_bus_available())
		setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
}

/* ---- the Secret Service, bounded ---- */

/* Every libsecret call is started with this context as the thread default, so its
 * callbacks come back only while we iterate it, never in someone else's loop. */
static GMainContext *kr_ctx;

struct op {
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

static void op_begin(struct op *op)
{
	if (!kr_ctx)
		kr_ctx = g_main_context_new();
	memset(op, 0, sizeof(*op));
	g_main_context_push_thread_default(kr_ctx);
	/* Callbacks of calls abandoned earlier complete here and free themselves. */
	while (g_main_context_iteration(kr_ctx, FALSE))
		;
	op->cancel = g_cancellable_new();
	op->deadline = g_get_monotonic_time() + (gint64)call_ms * G_TIME_SPAN_MILLISECOND;
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
		status_set(st, code, _("The keyring did not answer in %d s."),
			   (call_ms + 999) / 1000);
	} else if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_IS_LOCKED)) {
		code = KEYRING_LOCKED;
		status_set(st, code, _("The keyring is locked."));
	} else if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT)) {
		code = KEYRING_NOT_FOUND;
		status_set(st, code, _("Nothing is saved in the keyring."));
	} else if (error_in(e, G_DBUS_ERROR, no_bus_dbus, G_N_ELEMENTS(no_bus_dbus)) ||
		   error_in(e, G_IO_ERROR, no_bus_io, G_N_ELEMENTS(no_bus_io))) {
		code = KEYRING_NO_BUS;
		status_set(st, code, _("No keyring: %s"), detail);
	} else {
		code = KEYRING_ERROR;
		status_set(st, code, _("Keyring error: %s"), detail);
	}
	g_free(detail);
	if (e)
		g_error_free(e);
	return code;
}

static enum keyring_code no_bus(struct keyring_status *st)
{
	status_set(st, KEYRING_NO_BUS, _("No keyring: no D-Bus session bus."));
	return KEYRING_NO_BUS;
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

static bool args_ok(const char *server, const char *login, struct keyring_status *st)
{
	if (server && *server && login && *login)
		return true;
	status_set(st, KEYRING_ERROR, _("Keyring: no server or login given."));
	return false;
}

/* The start of every call: checks for a bus, begins op and opens the service. Returns
 * the service, or NULL with *code set (and op ended) when there is none. */
static SecretService *service_begin(struct op *op, struct keyring_status *st,
				    enum keyring_code *code)
{
	SecretService *service;
	GError *e = NULL;

	if (!keyring_bus_available()) {
		*code = no_bus(st);
		return NULL;
	}
	op_begin(op);
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

enum keyring_code keyring_lookup(const char *server, const char *login, char **token_out,
				 struct keyring_status *st)
{
	struct op op;
	SecretService *service;
	GList *items;
	GError *e = NULL;
	SecretItem *best = NULL;
	bool any_locked = false;
	enum keyring_code code;

	*token_out = NULL;
	if (!args_ok(server, login, st))
		return KEYRING_ERROR;
	service = service_begin(&op, st, &code);
	if (!service)
		return code;
	code = find_items(&op, service, server, login, SECRET_SEARCH_LOAD_SECRETS, &items, st);
	if (code != KEYRING_OK)
		goto out;
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
			status_set(st, code, code == KEYRING_OK ? NULL : _("Out of memory."));
		} else {
			code = KEYRING_ERROR;
			status_set(st, code, _("The keyring returned no usable token."));
		}
		if (v)
			secret_value_unref(v);
	} else if (any_locked) {
		code = KEYRING_LOCKED;
		status_set(st, code, _("The keyring is locked."));
	} else {
		/* A keyring that hides a locked collection's items from searches still
		 * tells whether the collection is locked. */
		int locked = default_locked(&op, service, &e);

		if (locked == -2) {
			code = fail(&op, e, st);
		} else if (locked == 1) {
			code = KEYRING_LOCKED;
			status_set(st, code, _("The keyring is locked."));
		} else {
			code = KEYRING_NOT_FOUND;
			status_set(st, code, _("Nothing is saved in the keyring."));
		}
	}
out:
	g_list_free_full(items, g_object_unref);
	g_object_unref(service);
	op_end(&op);
	return code;
}

enum keyring_code keyring_store(const char *server, const char *login, const char *token,
				struct keyring_status *st)
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
	int locked;

	if (!args_ok(server, login, st))
		return KEYRING_ERROR;
	if (!token || !*token) {
		status_set(st, KEYRING_ERROR, _("Keyring: no token to save."));
		return KEYRING_ERROR;
	}
	service = service_begin(&op, st, &code);
	if (!service)
		return code;
	/* Storing into a locked or missing collection would pop up a prompt that nobody
	 * at an SSH session can answer: refuse instead. */
	locked = default_locked(&op, service, &e);
	if (locked != 0) {
		if (locked == -2)
			code = fail(&op, e, st);
		else if (locked == 1)
			code = status_set(st, KEYRING_LOCKED, _("The keyring is locked."));
		else
			code = status_set(st, KEYRING_ERROR, _("The keyring has no default collection."));
		goto out;
	}
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
		code = status_set(st, KEYRING_OK, NULL);
	else
		code = fail(&op, e, st);
	if (res)
		g_object_unref(res);
out:
	g_object_unref(service);
	op_end(&op);
	return code;
}

enum keyring_code keyring_forget(const char *server, const char *login,
				 struct keyring_status *st)
{
	struct op op;
	SecretService *service;
	GList *items;
	GError *e = NULL;
	size_t deleted = 0;
	bool any_locked = false;
	enum keyring_code code;

	if (!args_ok(server, login, st))
		return KEYRING_ERROR;
	service = service_begin(&op, st, &code);
	if (!service)
		return code;
	code = find_items(&op, service, server, login, SECRET_SEARCH_NONE, &items, st);
	if (code != KEYRING_OK)
		goto out;
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
		code = status_set(st, KEYRING_LOCKED, _("The keyring is locked."));
	else if (!deleted)
		code = status_set(st, KEYRING_NOT_FOUND, _("Nothing is saved in the keyring."));
	else
		code = status_set(st, KEYRING_OK, NULL);
out:
	g_list_free_full(items, g_object_unref);
	g_object_unref(service);
	op_end(&op);
	return code;
}

/* ---- the password command ---- */

static gint64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (gint64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads what is there into buf (at most cap bytes kept, the rest drained and
 * dropped). Returns false at end of file or on an error. */
static bool drain(int fd, char *buf, size_t cap, size_t *len)
{
	char chunk[1024];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (*len < cap) {
		size_t take = (size_t)n < cap - *len ? (size_t)n : cap - *len;

		memcpy(buf + *len, chunk, take);
		*len += take;
	}
	keyring_wipe(chunk, sizeof(chunk));
	return true;
}

/* The first non-empty line of the command's stderr, for the message. */
static void first_line(const char *buf, size_t len, char *out, size_t size)
{
	size_t i = 0, j = 0;

	while (i < len && (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ' '))
		i++;
	while (i < len && buf[i] != '\n' && j + 1 < size)
		out[j++] = buf[i++];
	while (j && (out[j - 1] == '\r' || out[j - 1] == ' '))
		j--;
	out[j] = '\0';
}

static pid_t spawn_shell(const char *cmd, int out_fd, int err_fd, int *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t empty, dflt;
	char sh[] = "sh", dash_c[] = "-c";
	char *argv[] = { sh, dash_c, (char *)cmd, NULL };
	static const int reset[] = { SIGPIPE, SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGCHLD,
				     SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGUSR1, SIGUSR2 };
	pid_t pid = -1;

	sigemptyset(&empty);
	sigemptyset(&dflt);
	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++)
		sigaddset(&dflt, reset[i]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	/* Nothing else of ours (the terminal, sockets) leaks into the command. */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&at);
	/* Its own process group, so that a timeout kills whatever it started too. */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
					      POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &empty);
	posix_spawnattr_setsigdefault(&at, &dflt);
	*err = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return *err ? -1 : pid;
}

/* How long to keep reading after the command itself exited, in case something it
 * left behind still holds the pipe open. */
#define EXIT_GRACE_MS 200

enum keyring_code keyring_password_command(const char *cmd, char **password_out,
					   struct keyring_status *st)
{
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	char obuf[4096], ebuf[1024], line[200];
	size_t olen = 0, elen = 0;
	bool oopen = true, eopen = true, reaped = false, timed_out = false;
	int status = 0, err = 0;
	gint64 deadline, grace_end = 0;
	pid_t pid;
	enum keyring_code code;

	*password_out = NULL;
	if (!cmd || !*cmd) {
		status_set(st, KEYRING_ERROR, _("The password command is empty."));
		return KEYRING_ERROR;
	}
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		err = errno;
		if (out[0] >= 0) {
			close(out[0]);
			close(out[1]);
		}
		status_set(st, KEYRING_ERROR, _("Cannot run the password command: %s"), strerror(err));
		return KEYRING_ERROR;
	}
	pid = spawn_shell(cmd, out[1], errp[1], &err);
	close(out[1]);
	close(errp[1]);
	if (pid < 0) {
		close(out[0]);
		close(errp[0]);
		status_set(st, KEYRING_ERROR, _("Cannot run the password command: %s"), strerror(err));
		return KEYRING_ERROR;
	}

	deadline = now_ms() + command_ms;
	for (;;) {
		struct pollfd pf[2];
		nfds_t n = 0;
		gint64 now = now_ms(), wait;

		if (!reaped) {
			pid_t w = waitpid(pid, &status, WNOHANG);

			if (w == pid || (w < 0 && errno == ECHILD)) {
				reaped = true;
				grace_end = now + EXIT_GRACE_MS;
			}
		}
		if (reaped && (!oopen && !eopen))
			break;
		if (reaped && now >= grace_end)
			break;
		if (now >= deadline) {
			timed_out = !reaped;
			break;
		}
		wait = deadline - now;
		if (wait > 50)
			wait = 50;	/* the exit of the command is noticed by polling */
		if (oopen)
			pf[n++] = (struct pollfd){ .fd = out[0], .events = POLLIN };
		if (eopen)
			pf[n++] = (struct pollfd){ .fd = errp[0], .events = POLLIN };
		if (poll(pf, n, (int)wait) <= 0)
			continue;
		for (nfds_t i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pf[i].fd == out[0])
				oopen = drain(out[0], obuf, sizeof(obuf), &olen);
			else
				eopen = drain(errp[0], ebuf, sizeof(ebuf), &elen);
		}
	}
	close(out[0]);
	close(errp[0]);
	if (timed_out) {
		kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}

	first_line(ebuf, elen, line, sizeof(line));
	if (timed_out) {
		code = KEYRING_TIMEOUT;
		status_set(st, code, _("The password command did not finish in %d s and was stopped."),
			   (command_ms + 999) / 1000);
	} else if (WIFSIGNALED(status)) {
		code = KEYRING_ERROR;
		status_set(st, code, _("The password command was killed by signal %d."), WTERMSIG(status));
	} else if (WEXITSTATUS(status) != 0) {
		size_t plen = 0;

		while (plen < olen && obuf[plen] != '\n')
			plen++;
		/* Its stderr goes to the screen: not if it repeats what it printed. */
		if (plen && memmem(line, strlen(line), obuf, plen))
			line[0] = '\0';
		code = KEYRING_ERROR;
		if (line[0])
			status_set(st, code, _("The password command failed (exit status %d): %s"),
				   WEXITSTATUS(status), line);
		else
			status_set(st, code, _("The password command failed (exit status %d)."),
				   WEXITSTATUS(status));
	} else {
		size_t plen = 0;

		while (plen < olen && obuf[plen] != '\n' && obuf[plen] != '\0')
			plen++;
		if (plen && obuf[plen - 1] == '\r')
			plen--;
		if (!plen) {
			code = KEYRING_ERROR;
			status_set(st, code, _("The password command printed no password."));
		} else if (!(*password_out = strndup(obuf, plen))) {
			code = KEYRING_ERROR;
			status_set(st, code, _("Out of memory."));
		} else {
			code = KEYRING_OK;
			status_set(st, code, NULL);
		}
	}
	keyring_wipe(obuf, sizeof(obuf));
	keyring_wipe(ebuf, sizeof(ebuf));
	keyring_wipe(line, sizeof(line));
	return code;
}

/* ---- the order ---- */

enum keyring_code keyring_obtain(const struct keyring_opts *opts, const char *server,
				 const char *login, struct keyring_cred *cred,
				 struct keyring_status *st)
{
	struct keyring_status local;

	if (!st)
		st = &local;
	memset(cred, 0, sizeof(*cred));
	cred->kind = KEYRING_CRED_NONE;
	cred->from = KEYRING_STORE_MEMORY;

	if (opts && opts->password_command && *opts->password_command) {
		if (keyring_password_command(opts->password_command, &cred->secret, st) ==
		    KEYRING_OK) {
			cred->kind = KEYRING_CRED_PASSWORD;
			cred->from = KEYRING_STORE_COMMAND;
		}
		return st->code;
	}
	if (opts && opts->no_keyring) {
		status_set(st, KEYRING_NOT_FOUND, _("Keyring not used (--no-keyring)."));
		return KEYRING_NOT_FOUND;
	}
	if (!login || !*login) {
		status_set(st, KEYRING_NOT_FOUND, _("No login given: nothing to look up in the keyring."));
		return KEYRING_NOT_FOUND;
	}
	if (keyring_lookup(server, login, &cred->secret, st) == KEYRING_OK) {
		cred->kind = KEYRING_CRED_TOKEN;
		cred->from = KEYRING_STORE_KEYRING;
	}
	return st->code;
}

void keyring_cred_clear(struct keyring_cred *cred)
{
	if (!cred)
		return;
	keyring_free_secret(cred->secret);
	memset(cred, 0, sizeof(*cred));
	cred->from = KEYRING_STORE_MEMORY;
}

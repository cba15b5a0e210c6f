/* The Secret Service half of the credential module (keyring.h), built as a plugin,
 * kabinet-secret.so, that keyring.c loads with dlopen() the first time a keyring is
 * really asked for. libsecret brings GLib, GObject, GIO and libgcrypt with it (about
 * 3 MiB resident); a run without a session bus, with --no-keyring or with a password
 * command never loads any of them.
 *
 * keyring.c finds the plugin at $KABINET_SECRET_PLUGIN (tests), else next to the
 * executable (the build tree), else in PKGLIBDIR (make install). It checks the
 * arguments and the bus before it loads anything; the plugin does the rest. */
#ifndef KABINET_KEYRING_SECRET_H
#define KABINET_KEYRING_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/keyring.h"

/* Bumped whenever struct keyring_secret_ops, struct keyring_status or enum
 * keyring_code changes; status_size catches a forgotten bump of the second. */
#define KEYRING_SECRET_ABI 2
#define KEYRING_SECRET_FILE "kabinet-secret.so"
#define KEYRING_SECRET_SYMBOL "kabinet_keyring_secret"

struct keyring_secret_ops {
	int abi;
	size_t status_size;	/* sizeof(struct keyring_status) as the plugin was built */
	/* Routes GLib's log output into memory; called once, right after loading. */
	void (*init)(void);
	/* As keyring_lookup(), keyring_store() and keyring_forget(), each call bounded by
	 * call_ms; server and login are non-empty. */
	enum keyring_code (*lookup)(const char *server, const char *login, int call_ms,
				    char **token_out, struct keyring_status *st);
	enum keyring_code (*store)(const char *server, const char *login, const char *token,
				   int call_ms, struct keyring_status *st);
	enum keyring_code (*forget)(const char *server, const char *login, int call_ms,
				    struct keyring_status *st);
	/* As keyring_log_take(). */
	bool (*log_take)(char *buf, size_t size);
	/* As keyring_probe(), bounded by call_ms. */
	enum keyring_code (*probe)(int call_ms, struct keyring_status *st);
};

/* Fills st (NULL is fine) with code and a printf-style message (NULL for none; control
 * characters become spaces, since it goes to the bottom line) and returns code. Shared
 * by keyring.c and the plugin. */
enum keyring_code keyring_status_set(struct keyring_status *st, enum keyring_code code,
				     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif

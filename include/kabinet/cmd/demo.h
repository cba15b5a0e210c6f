/* --demo: a private kabinetd with the demo data on a free loopback port, in a
 * temporary directory that goes away with it, or at the next start if it was killed. */
#ifndef KABINET_DEMO_H
#define KABINET_DEMO_H

#include <stddef.h>
#include <sys/types.h>

#define DEMO_LOGIN "demo"
#define DEMO_STAFF_LOGIN "support1"	/* kabinet --demo --staff */

struct demo {
	pid_t pid;
	int lock;	/* flock()ed file "lock" in dir, held while the demo runs */
	char dir[256];
	char url[256];
	char exe[4096];	/* the kabinetd started */
};

/* Finds kabinetd next to this program (/proc/self/exe) or in PATH, cleans up after
 * killed demos (demo_clean), starts it with a fresh database in a locked directory and
 * reads the URL it listens on. Returns 0, or -1 with a message. */
int demo_start(struct demo *d, char *err, size_t errsize);
/* Removes this user's kabinet-demo-* directories in TMPDIR that no running demo holds:
 * ones whose lock is free, and lock-less ones untouched for an hour. Never follows a
 * symbolic link; a failure only leaves a directory for the next time. Returns how
 * many directories it removed. */
int demo_clean(const char *tmpdir);
/* The demo password, built in memory (never on a command line); free it with
 * free() after wiping. */
char *demo_password(void);
/* The demo staff's password (docs/demo-data.md), the same way. */
char *demo_staff_password(void);
/* The current code of DEMO_STAFF_LOGIN's authenticator, from the demo's kabinetd
 * (`kabinetd admin staff --db DB code support1`), into buf (7 bytes or more).
 * Returns 0, or -1 when it could not be had. */
int demo_staff_code(const struct demo *d, char *buf, size_t size);
/* Stops the server (SIGTERM, wait) and removes the directory. Safe to call twice. */
void demo_stop(struct demo *d);

#endif

/* --demo: a private kabinetd with the demo data on a free loopback port, in a
 * temporary directory that goes away with it. */
#ifndef KABINET_DEMO_H
#define KABINET_DEMO_H

#include <stddef.h>
#include <sys/types.h>

#define DEMO_LOGIN "demo"

struct demo {
	pid_t pid;
	char dir[256];
	char url[256];
};

/* Finds kabinetd next to this program (/proc/self/exe) or in PATH, starts it with a
 * fresh database and reads the URL it listens on. Returns 0, or -1 with a message. */
int demo_start(struct demo *d, char *err, size_t errsize);
/* The demo password, built in memory (never on a command line); free it with
 * free() after wiping. */
char *demo_password(void);
/* Stops the server (SIGTERM, wait) and removes the directory. Safe to call twice. */
void demo_stop(struct demo *d);

#endif

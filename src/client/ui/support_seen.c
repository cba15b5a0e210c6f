/* What was read on screen 7 (support.c): per server and request, how many messages
 * were seen, kept in <state dir>/support-seen (a line "host TAB request TAB count",
 * nothing secret), so that an answer of support stays marked until its request is
 * opened, in this run or a later one. The file is read once and written whole (a new
 * file renamed over the old) whenever a request is read further; when it cannot be
 * written, what was read is still known for the run. */
#include "kabinet/ui/support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kabinet/state.h"
#include "kabinet/model/support.h"

struct seen {
	char host[256];
	char id[64];
	size_t count;
};

static struct {
	struct seen *items;
	size_t n;
	bool loaded;
} seen;

static void seen_path(char *buf, size_t size)
{
	char dir[1024];

	buf[0] = '\0';
	if (state_dir(dir, sizeof(dir)) == 0)
		snprintf(buf, size, "%s/support-seen", dir);
}

static void seen_load(void)
{
	char path[1100], line[512];
	FILE *f;

	if (seen.loaded)
		return;
	seen.loaded = true;
	seen_path(path, sizeof(path));
	if (!path[0] || !(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		struct seen s = { 0 }, *g;
		char *host = strtok(line, "\t\n"), *id = strtok(NULL, "\t\n"), *count = strtok(NULL, "\t\n");
		if (!host || !id || !count || strlen(host) >= sizeof(s.host) || strlen(id) >= sizeof(s.id))
			continue;
		if (!(g = realloc(seen.items, (seen.n + 1) * sizeof(*g))))
			break;
		seen.items = g;
		memcpy(s.host, host, strlen(host) + 1);
		memcpy(s.id, id, strlen(id) + 1);
		s.count = (size_t)strtoul(count, NULL, 10);
		seen.items[seen.n++] = s;
	}
	fclose(f);
}

/* Written whole to a new file, then renamed over the old one. */
static void seen_save(void)
{
	char path[1100], tmp[1200], dir[1024];
	FILE *f;

	seen_path(path, sizeof(path));
	if (!path[0] || state_dir(dir, sizeof(dir)) != 0)
		return;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (!(f = fopen(tmp, "w")))
		return;
	for (size_t i = 0; i < seen.n; i++)
		fprintf(f, "%s\t%s\t%zu\n", seen.items[i].host, seen.items[i].id, seen.items[i].count);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		remove(tmp);
}

static struct seen *seen_find(const char *host, const char *id)
{
	for (size_t i = 0; i < seen.n; i++)
		if (!strcmp(seen.items[i].id, id) && !strcmp(seen.items[i].host, host))
			return &seen.items[i];
	return NULL;
}

void support_mark_read(const char *host, const struct request *r)
{
	struct seen *s, *g;

	seen_load();
	s = seen_find(host, r->id);

	if (s && s->count == r->nmsgs)
		return;
	if (!s) {
		if (!(g = realloc(seen.items, (seen.n + 1) * sizeof(*g))))
			return;
		seen.items = g;
		s = &seen.items[seen.n++];
		memset(s, 0, sizeof(*s));
		snprintf(s->host, sizeof(s->host), "%s", host);
		snprintf(s->id, sizeof(s->id), "%s", r->id);
	}
	s->count = r->nmsgs;
	seen_save();
}

bool support_unread(const char *host, const struct request *r)
{
	const struct seen *s;

	seen_load();
	s = seen_find(host, r->id);

	return req_last_from_support(r) && (!s || s->count < r->nmsgs);
}

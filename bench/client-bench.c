/* Client benchmark (not a test): runs the real kabinet under a pseudo-terminal against
 * running kabinetd servers and measures Enter-on-the-password to a complete overview,
 * peak RSS, and the bytes written to the terminal for one highlight move and for a full
 * redraw. scripts/bench-client.sh starts the servers and runs it (make bench-client).
 *
 * usage: client-bench --kabinet PATH --server http://127.0.0.1:PORT [--server URL...]
 *                     --login LOGIN [--localedir DIR] [--runs N] [--moves N]
 *                     [--delay-ms N] [--label TEXT] [--dump FILE] <password-on-stdin
 *
 * The password is read from the first line of stdin and typed into the login form, so
 * it is never on a command line. Run i goes to the (i mod n)-th --server. One extra run
 * first goes through a small TCP relay that counts the requests, the new connections
 * and the sequential rounds; it is not part of the timings. --delay-ms only says what
 * delay the servers were started with, for the report. --dump FILE keeps the raw
 * terminal output of every run, with a "----- PHASE -----" line before each phase. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Drawn once the login form is up (the password field's label). */
#define FORM_MARKER "Password"
/* The overview writes "Updated at HH:MM:SS" only when every reply of its load has
 * arrived and none failed (overview.c, on_reply: pending reaches 0 without a failure). */
#define DONE_MARKER "Updated at "
/* Screen 2's column heading. */
#define SCREEN2_MARKER "Number or login"
#define QUIET_MS 300
#define PHASE_LIMIT_MS 30000
#define MAX_LINKS 256
#define MAX_REQS 1024

#define MAX_SERVERS 16

struct server {
	const char *url;
	char host[64];
	int port;
};

static struct {
	const char *kabinet, *login, *localedir, *label, *dump;
	struct server servers[MAX_SERVERS];	/* run i goes to servers[i % nservers] */
	int nservers;
	int runs, moves, delay_ms;
	char password[256];
} cfg = { .localedir = "build/locale", .label = "", .runs = 20, .moves = 6, .delay_ms = -1 };

/* The relay for the counting run: client side, server side, the request it carries. */
struct link {
	int down, up;
	int req;		/* index into relay.reqs while unanswered, else -1 */
	int nreq;		/* requests it carried */
};

struct reqrec {
	char method[48];
	double sent, answered;	/* ms since the run's start; answered 0 while waiting */
	int round;
	bool fresh;		/* the first on its connection: it paid for the connect */
};

static struct {
	int listener;		/* -1 outside the counting run */
	int port;
	struct link links[MAX_LINKS];
	int nlinks;
	struct reqrec reqs[MAX_REQS];
	int nreqs;
	double enter;		/* when the bench pressed Enter */
	double screen2;		/* when it pressed 2 (0 before): the overview's requests end */
	double screen3;		/* when it pressed 3 */
	double again;		/* when it pressed 2 and 3 again */
	double end;
} relay = { .listener = -1 };

/* Everything the terminal received in this run, for markers that span reads. */
static struct {
	char *data;
	size_t len, cap;
	FILE *dump;
} out;

static struct timespec run_start;

static pid_t child = -1;	/* kabinet while it runs, killed when the bench dies */

static void die(const char *fmt, ...)
{
	va_list ap;

	if (child > 0)
		kill(-child, SIGKILL);	/* its process group: forkpty made it a leader */
	va_start(ap, fmt);
	fputs("client-bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - run_start.tv_sec) * 1000.0 +
	       (double)(t.tv_nsec - run_start.tv_nsec) / 1e6;
}

static void out_append(const char *buf, size_t n)
{
	if (out.len + n + 1 > out.cap) {
		size_t cap = out.cap ? out.cap : 65536;
		while (cap < out.len + n + 1)
			cap *= 2;
		out.data = realloc(out.data, cap);
		if (!out.data)
			die("out of memory");
		out.cap = cap;
	}
	memcpy(out.data + out.len, buf, n);
	out.len += n;
	out.data[out.len] = '\0';
	if (out.dump)
		fwrite(buf, 1, n, out.dump);
}

/* In the --dump file a line before each phase tells them apart. */
static void dump_phase(const char *name)
{
	if (out.dump)
		fprintf(out.dump, "\n----- %s -----\n", name);
}

static void write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("write: %s", strerror(errno));
		buf += w;
		n -= (size_t)w;
	}
}

/* --- the relay --- */

static void relay_open(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);

	relay.listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (relay.listener < 0 || bind(relay.listener, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(relay.listener, 64) || getsockname(relay.listener, (struct sockaddr *)&sa, &len))
		die("relay: %s", strerror(errno));
	relay.port = ntohs(sa.sin_port);
	relay.nlinks = 0;
	relay.nreqs = 0;
}

static void relay_close(void)
{
	for (int i = 0; i < relay.nlinks; i++) {
		close(relay.links[i].down);
		close(relay.links[i].up);
	}
	relay.nlinks = 0;
	if (relay.listener >= 0)
		close(relay.listener);
	relay.listener = -1;
}

static void relay_accept(void)
{
	const struct server *to = &cfg.servers[0];
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)to->port) };
	int down = accept4(relay.listener, NULL, NULL, SOCK_CLOEXEC), up, one = 1;

	if (down < 0)
		return;
	if (relay.nlinks == MAX_LINKS)
		die("relay: more than %d connections", MAX_LINKS);
	inet_pton(AF_INET, to->host, &sa.sin_addr);
	up = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (up < 0 || connect(up, (struct sockaddr *)&sa, sizeof(sa)))
		die("relay: connect to %s: %s", to->url, strerror(errno));
	setsockopt(up, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(down, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	relay.links[relay.nlinks++] = (struct link){ down, up, -1, 0 };
}

static void relay_drop(int i)
{
	close(relay.links[i].down);
	close(relay.links[i].up);
	relay.links[i] = relay.links[--relay.nlinks];
}

/* curl sends no pipelined requests, so on one connection a request is whatever the
 * client sends while nothing is outstanding, and its answer the next bytes back. */
static void relay_from_client(int i, const char *buf, size_t n)
{
	struct link *l = &relay.links[i];
	static const char prefix[] = "POST /client-api/";

	if (l->req < 0) {
		struct reqrec *r;
		size_t k = 0;
		if (relay.nreqs == MAX_REQS)
			die("relay: more than %d requests", MAX_REQS);
		r = &relay.reqs[relay.nreqs];
		*r = (struct reqrec){ .sent = now_ms(), .fresh = l->nreq++ == 0 };
		if (n > sizeof(prefix) - 1 && !memcmp(buf, prefix, sizeof(prefix) - 1))
			for (const char *p = buf + sizeof(prefix) - 1;
			     p < buf + n && *p != ' ' && k + 1 < sizeof(r->method); p++)
				r->method[k++] = *p;
		if (!k)
			snprintf(r->method, sizeof(r->method), "?");
		l->req = relay.nreqs++;
	}
	write_all(l->up, buf, n);
}

static void relay_from_server(int i, const char *buf, size_t n)
{
	struct link *l = &relay.links[i];

	if (l->req >= 0) {
		relay.reqs[l->req].answered = now_ms();
		l->req = -1;
	}
	write_all(l->down, buf, n);
}

/* --- the terminal --- */

/* Waits up to timeout_ms for terminal output (serving the relay meanwhile); appends
 * what came to `out`. Returns the bytes read, 0 on timeout, -1 when the child closed
 * the terminal. */
static ssize_t pump(int master, int timeout_ms)
{
	struct pollfd fds[2 + 2 * MAX_LINKS];
	double until = now_ms() + timeout_ms;
	char buf[65536];

	for (;;) {
		int nfds = 0, left = (int)(until - now_ms());

		if (left < 0)
			left = 0;
		fds[nfds++] = (struct pollfd){ master, POLLIN, 0 };
		if (relay.listener >= 0)
			fds[nfds++] = (struct pollfd){ relay.listener, POLLIN, 0 };
		for (int i = 0; i < relay.nlinks; i++) {
			fds[nfds++] = (struct pollfd){ relay.links[i].down, POLLIN, 0 };
			fds[nfds++] = (struct pollfd){ relay.links[i].up, POLLIN, 0 };
		}
		if (poll(fds, (nfds_t)nfds, left) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		/* The relay first: its fds are only looked at while the list is unchanged. */
		for (int i = relay.nlinks - 1; i >= 0; i--) {
			struct pollfd *d = &fds[(relay.listener >= 0 ? 2 : 1) + 2 * i];
			for (int side = 0; side < 2; side++) {
				ssize_t n;
				if (!(d[side].revents & (POLLIN | POLLHUP | POLLERR)))
					continue;
				n = read(d[side].fd, buf, sizeof(buf));
				if (n <= 0) {
					relay_drop(i);
					break;
				}
				if (side == 0)
					relay_from_client(i, buf, (size_t)n);
				else
					relay_from_server(i, buf, (size_t)n);
			}
		}
		if (relay.listener >= 0 && (fds[1].revents & POLLIN))
			relay_accept();
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return -1;	/* EIO: the child is gone */
			out_append(buf, (size_t)n);
			return n;
		}
		if (now_ms() >= until)
			return 0;
	}
}

/* Reads until `marker` shows in the output after offset `from`; the time it came. */
static double wait_marker(int master, size_t from, const char *marker)
{
	double limit = now_ms() + PHASE_LIMIT_MS;

	while (!memmem(out.data + from, out.len - from, marker, strlen(marker))) {
		if (now_ms() > limit)
			die("no \"%s\" on the terminal within %d ms", marker, PHASE_LIMIT_MS);
		if (pump(master, 100) < 0)
			die("kabinet ended before \"%s\" showed", marker);
	}
	return now_ms();
}

/* Reads until the terminal has been quiet for QUIET_MS; the bytes that came. */
static size_t wait_quiet(int master)
{
	size_t start = out.len;
	double limit = now_ms() + PHASE_LIMIT_MS;
	ssize_t n;

	while ((n = pump(master, QUIET_MS)) != 0) {
		if (n < 0)
			die("kabinet ended while the bench waited for quiet");
		if (now_ms() > limit)
			die("the terminal did not go quiet within %d ms", PHASE_LIMIT_MS);
	}
	return out.len - start;
}

/* --- one run --- */

struct run {
	double login_ms;
	long maxrss_kb;
	double cpu_ms;		/* the client's user + system time, whole run */
	long rss_kb, pss_kb, private_kb, anon_kb;	/* at the idle, complete overview */
	size_t move_bytes[64];
	int nmoves;
	size_t redraw_bytes;
	size_t move2_bytes[64];	/* highlight moves on screen 2 */
	int nmoves2;
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* RSS counts every resident page of the shared libraries; PSS shares them out among
 * the processes that map them, and the private pages are what kabinet alone costs. */
static void read_smaps(pid_t pid, struct run *r)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		long v;
		if (sscanf(line, "Rss: %ld", &v) == 1)
			r->rss_kb = v;
		else if (sscanf(line, "Pss: %ld", &v) == 1)
			r->pss_kb = v;
		else if (sscanf(line, "Private_Clean: %ld", &v) == 1 ||
			 sscanf(line, "Private_Dirty: %ld", &v) == 1)
			r->private_kb += v;
		else if (sscanf(line, "Anonymous: %ld", &v) == 1)
			r->anon_kb = v;
	}
	fclose(f);
}

static void child_exec(const char *home, const char *server)
{
	char e[10][4200];
	char *envp[11];
	const char *path = getenv("PATH");
	int n = 0;

	snprintf(e[n++], sizeof(e[0]), "PATH=%s", path ? path : "/usr/bin:/bin");
	snprintf(e[n++], sizeof(e[0]), "LANG=en_US.UTF-8");
	snprintf(e[n++], sizeof(e[0]), "TERM=xterm-256color");
	snprintf(e[n++], sizeof(e[0]), "TZ=UTC");
	snprintf(e[n++], sizeof(e[0]), "HOME=%s", home);
	snprintf(e[n++], sizeof(e[0]), "XDG_CONFIG_HOME=%s/config", home);
	snprintf(e[n++], sizeof(e[0]), "XDG_STATE_HOME=%s/state", home);
	snprintf(e[n++], sizeof(e[0]), "XDG_DATA_HOME=%s/data", home);
	snprintf(e[n++], sizeof(e[0]), "XDG_CACHE_HOME=%s/cache", home);
	snprintf(e[n++], sizeof(e[0]), "KABINET_LOCALEDIR=%s", cfg.localedir);
	for (int i = 0; i < n; i++)
		envp[i] = e[i];
	envp[n] = NULL;
	execle(cfg.kabinet, cfg.kabinet, "--lang", "en", "--no-keyring", "--server", server,
	       "--login", cfg.login, (char *)NULL, envp);
	fprintf(stderr, "client-bench: exec %s: %s\n", cfg.kabinet, strerror(errno));
	_exit(127);
}

static void one_run(bool counting, const struct server *to, struct run *r)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char home[] = "/tmp/kabinet-cbench-XXXXXX", server[128];
	struct rusage ru;
	double enter;
	int master, status;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	out.len = 0;
	clock_gettime(CLOCK_MONOTONIC, &run_start);
	if (!mkdtemp(home))
		die("mkdtemp: %s", strerror(errno));
	if (counting) {
		relay_open();
		snprintf(server, sizeof(server), "http://127.0.0.1:%d", relay.port);
	} else {
		snprintf(server, sizeof(server), "%s", to->url);
	}
	/* forkpty sets the window size on the new terminal (TIOCSWINSZ) before the child
	 * runs, so kabinet's first look at it sees 80x24. */
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0)
		die("forkpty: %s", strerror(errno));
	if (pid == 0)
		child_exec(home, server);
	child = pid;
	fcntl(master, F_SETFD, FD_CLOEXEC);

	wait_marker(master, 0, FORM_MARKER);
	wait_quiet(master);
	dump_phase("password typed");
	write_all(master, cfg.password, strlen(cfg.password));
	wait_quiet(master);

	size_t from = out.len;
	dump_phase("Enter");
	enter = now_ms();
	write_all(master, "\r", 1);
	r->login_ms = wait_marker(master, from, DONE_MARKER) - enter;

	/* Idle first; the first key also clears the login message, so one j/k pair goes
	 * before the moves that count. */
	dump_phase("overview complete");
	wait_quiet(master);
	dump_phase("warm-up j k");
	write_all(master, "j", 1);
	wait_quiet(master);
	write_all(master, "k", 1);
	wait_quiet(master);
	for (int i = 0; i < cfg.moves && i < 64; i++) {
		dump_phase(i % 2 ? "move k" : "move j");
		write_all(master, i % 2 ? "k" : "j", 1);
		r->move_bytes[r->nmoves++] = wait_quiet(master);
	}
	dump_phase("Ctrl-L");
	write_all(master, "\f", 1);	/* Ctrl-L: redraw */
	r->redraw_bytes = wait_quiet(master);

	/* Screen 2 (the accounts the overview loaded), its highlight moves; screen 3 the
	 * first time; then 2 and 3 again, with their data loaded. */
	from = out.len;
	dump_phase("screen 2");
	relay.screen2 = now_ms();
	write_all(master, "2", 1);
	wait_marker(master, from, SCREEN2_MARKER);
	wait_quiet(master);
	write_all(master, "j", 1);
	wait_quiet(master);
	write_all(master, "k", 1);
	wait_quiet(master);
	for (int i = 0; i < cfg.moves && i < 64; i++) {
		dump_phase(i % 2 ? "screen 2 move k" : "screen 2 move j");
		write_all(master, i % 2 ? "k" : "j", 1);
		r->move2_bytes[r->nmoves2++] = wait_quiet(master);
	}
	dump_phase("screen 3");
	relay.screen3 = now_ms();
	write_all(master, "3", 1);
	wait_quiet(master);
	dump_phase("screens 2 and 3 again");
	relay.again = now_ms();
	write_all(master, "2", 1);
	wait_quiet(master);
	write_all(master, "3", 1);
	wait_quiet(master);
	relay.end = now_ms();

	read_smaps(pid, r);
	dump_phase("quit");
	write_all(master, "Q", 1);
	wait_quiet(master);
	write_all(master, "y", 1);	/* the question confirm_quit asks */
	while (pump(master, 1000) >= 0)
		;
	if (wait4(pid, &status, 0, &ru) != pid)
		die("wait4: %s", strerror(errno));
	child = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("kabinet did not exit cleanly (status %d)", status);
	close(master);
	r->maxrss_kb = ru.ru_maxrss;
	r->cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
	if (counting) {
		relay_close();
		relay.enter = enter;
	}
	nftw(home, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* --- figures --- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static double pct(const double *v, int n, int p)
{
	int k = (p * n + 99) / 100;
	return v[k < 1 ? 0 : k - 1];
}

/* A request's round is one more than the latest round answered before it was sent: an
 * upper bound on the real dependency depth, exact when the server's delay keeps the
 * rounds apart in time (with no delay, answers overlap the sending and it means little). */
static int rounds_in(double from, double to, int *count)
{
	int rounds = 0;

	*count = 0;
	for (int i = 0; i < relay.nreqs; i++) {
		struct reqrec *q = &relay.reqs[i];
		q->round = 0;
		if (q->sent < from || q->sent >= to)
			continue;
		(*count)++;
		q->round = 1;
		for (int j = 0; j < relay.nreqs; j++)
			if (j != i && relay.reqs[j].round > 0 && relay.reqs[j].answered > 0 &&
			    relay.reqs[j].answered <= q->sent && relay.reqs[j].round + 1 > q->round)
				q->round = relay.reqs[j].round + 1;
		if (q->round > rounds)
			rounds = q->round;
	}
	return rounds;
}

/* The overview's rounds: from Enter to screen 2. */
static int count_rounds(int *before)
{
	int n;

	*before = 0;
	for (int i = 0; i < relay.nreqs; i++)
		*before += relay.reqs[i].sent < relay.enter;
	return rounds_in(relay.enter, relay.screen2 > 0 ? relay.screen2 : 1e18, &n);
}

static void print_rounds(int rounds)
{
	for (int k = 1; k <= rounds; k++) {
		double first = -1, last_sent = 0, first_answer = -1, last = 0;
		int n = 0, fresh = 0;
		char methods[512] = "";
		size_t ml = 0;

		for (int i = 0; i < relay.nreqs; i++) {
			const struct reqrec *q = &relay.reqs[i];
			int same = 0;
			bool seen = false;
			if (q->round != k)
				continue;
			n++;
			fresh += q->fresh;
			if (first < 0 || q->sent < first)
				first = q->sent;
			if (q->sent > last_sent)
				last_sent = q->sent;
			if (q->answered > last)
				last = q->answered;
			if (q->answered > 0 && (first_answer < 0 || q->answered < first_answer))
				first_answer = q->answered;
			for (int j = 0; j < i; j++)
				seen |= relay.reqs[j].round == k && !strcmp(relay.reqs[j].method, q->method);
			if (seen)
				continue;
			for (int j = i; j < relay.nreqs; j++)
				same += relay.reqs[j].round == k && !strcmp(relay.reqs[j].method, q->method);
			if (ml < sizeof(methods))
				ml += (size_t)snprintf(methods + ml, sizeof(methods) - ml,
						       same > 1 ? "%s%s x%d" : "%s%s", ml ? ", " : "",
						       q->method, same);
		}
		printf("    round %d: %2d request%s (%2d on new connections) sent %6.1f-%6.1f ms, "
		       "answered %6.1f-%6.1f ms\n", k, n, n == 1 ? " " : "s", fresh,
		       first - relay.enter, last_sent - relay.enter, first_answer - relay.enter,
		       last - relay.enter);
		printf("             %s\n", methods);
	}
}

/* The last answer of the overview's load (before screen 2 was opened). */
static double last_answer(void)
{
	double last = 0;

	for (int i = 0; i < relay.nreqs; i++)
		if (relay.reqs[i].answered > last &&
		    (relay.screen2 <= 0 || relay.reqs[i].sent < relay.screen2))
			last = relay.reqs[i].answered;
	return last - relay.enter;
}

static void usage(void)
{
	fputs("usage: client-bench --kabinet PATH --server http://127.0.0.1:PORT [--server URL...]\n"
	      "                    --login LOGIN [--localedir DIR] [--runs N] [--moves N]\n"
	      "                    [--delay-ms N] [--label TEXT] [--dump FILE] <password-on-stdin\n",
	      stderr);
	exit(2);
}

static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		if (!strcmp(a, "--kabinet")) {
			cfg.kabinet = v;
		} else if (!strcmp(a, "--server")) {
			struct server *s = &cfg.servers[cfg.nservers];
			if (cfg.nservers == MAX_SERVERS)
				die("more than %d servers", MAX_SERVERS);
			s->url = v;
			if (sscanf(v, "http://%63[0-9.]:%d", s->host, &s->port) != 2)
				die("--server: %s is not http://IPV4:PORT", v);
			cfg.nservers++;
		} else if (!strcmp(a, "--login")) {
			cfg.login = v;
		} else if (!strcmp(a, "--localedir")) {
			cfg.localedir = v;
		} else if (!strcmp(a, "--label")) {
			cfg.label = v;
		} else if (!strcmp(a, "--dump")) {
			cfg.dump = v;
		} else if (!strcmp(a, "--runs")) {
			cfg.runs = atoi(v);
		} else if (!strcmp(a, "--moves")) {
			cfg.moves = atoi(v);
		} else if (!strcmp(a, "--delay-ms")) {
			cfg.delay_ms = atoi(v);
		} else {
			usage();
		}
	}
	if (!cfg.kabinet || !cfg.nservers || !cfg.login || cfg.runs < 1 || cfg.runs > 1000 ||
	    cfg.moves < 1 || cfg.moves > 64)
		usage();
}

int main(int argc, char **argv)
{
	static struct run runs[1000];
	static double login[1000], peak[1000], cpu[1000], moves[1000 * 64];
	static double rss[1000], pss[1000], priv[1000], anon[1000];
	struct run counted;
	int nmoves = 0, nmoves2 = 0, rounds, before, conns = 0;
	int s2_reqs, s2_rounds, s3_reqs, s3_rounds, again_reqs;
	static double moves2[1000 * 64];
	size_t n;

	parse_args(argc, argv);
	if (!fgets(cfg.password, sizeof(cfg.password), stdin))
		die("no password on stdin");
	n = strcspn(cfg.password, "\r\n");
	cfg.password[n] = '\0';
	if (!n)
		die("empty password on stdin");
	if (cfg.dump && !(out.dump = fopen(cfg.dump, "w")))
		die("%s: %s", cfg.dump, strerror(errno));
	signal(SIGPIPE, SIG_IGN);

	/* The counting run: through the relay, not part of the timings. */
	one_run(true, &cfg.servers[0], &counted);
	s2_rounds = rounds_in(relay.screen2, relay.screen3, &s2_reqs);
	(void)s2_rounds;
	s3_rounds = rounds_in(relay.screen3, relay.again, &s3_reqs);
	rounds_in(relay.again, relay.end, &again_reqs);
	rounds = count_rounds(&before);
	for (int i = 0; i < relay.nreqs; i++)
		conns += relay.reqs[i].fresh && relay.reqs[i].sent >= relay.enter &&
			 relay.reqs[i].sent < relay.screen2;
	for (int i = 0; i < cfg.runs; i++) {
		one_run(false, &cfg.servers[i % cfg.nservers], &runs[i]);
		login[i] = runs[i].login_ms;
		peak[i] = (double)runs[i].maxrss_kb;
		cpu[i] = runs[i].cpu_ms;
		rss[i] = (double)runs[i].rss_kb;
		pss[i] = (double)runs[i].pss_kb;
		priv[i] = (double)runs[i].private_kb;
		anon[i] = (double)runs[i].anon_kb;
		for (int k = 0; k < runs[i].nmoves; k++)
			moves[nmoves++] = (double)runs[i].move_bytes[k];
		for (int k = 0; k < runs[i].nmoves2; k++)
			moves2[nmoves2++] = (double)runs[i].move2_bytes[k];
	}
	memset(cfg.password, 0, sizeof(cfg.password));
	if (out.dump)
		fclose(out.dump);
	qsort(login, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(peak, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(cpu, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(rss, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(pss, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(priv, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(anon, (size_t)cfg.runs, sizeof(double), cmp_double);
	qsort(moves, (size_t)nmoves, sizeof(double), cmp_double);
	qsort(moves2, (size_t)nmoves2, sizeof(double), cmp_double);

	printf("%s: %d runs, login %s, 80x24, server delay %d ms, %d server%s\n", cfg.label,
	       cfg.runs, cfg.login, cfg.delay_ms, cfg.nservers, cfg.nservers == 1 ? "" : "s");
	printf("  Enter to complete overview: min %.1f, median %.1f, p90 %.1f, max %.1f ms\n",
	       login[0], pct(login, cfg.runs, 50), pct(login, cfg.runs, 90), login[cfg.runs - 1]);
	printf("  peak RSS of kabinet (ru_maxrss): median %.0f KiB, max %.0f KiB\n",
	       pct(peak, cfg.runs, 50), peak[cfg.runs - 1]);
	printf("  at the idle overview, medians: RSS %.0f KiB, PSS %.0f KiB, private %.0f KiB "
	       "(anonymous %.0f KiB)\n", pct(rss, cfg.runs, 50), pct(pss, cfg.runs, 50),
	       pct(priv, cfg.runs, 50), pct(anon, cfg.runs, 50));
	printf("  kabinet CPU time per run, start to quit: median %.1f ms\n", pct(cpu, cfg.runs, 50));
	printf("  bytes to the terminal per highlight move: min %.0f, median %.0f, max %.0f "
	       "(%d moves)\n", moves[0], pct(moves, nmoves, 50), moves[nmoves - 1], nmoves);
	printf("  bytes to the terminal for a full redraw (Ctrl-L): %zu\n", runs[0].redraw_bytes);
	printf("  screen 2: bytes per highlight move: min %.0f, median %.0f, max %.0f (%d moves)\n",
	       moves2[0], pct(moves2, nmoves2, 50), moves2[nmoves2 - 1], nmoves2);
	printf("  screen 2 opened the first time: %d requests in %d rounds; screen 3: %d requests "
	       "in %d rounds; both again: %d requests\n", s2_reqs, s2_rounds, s3_reqs, s3_rounds,
	       again_reqs);
	printf("  counting run (through a relay, not timed): %d requests from Enter to the "
	       "overview on %d new connections", relay.nreqs - before - s2_reqs - s3_reqs - again_reqs,
	       conns);
	if (before)
		printf(" (and %d before Enter)", before);
	printf("\n");
	if (cfg.delay_ms > 0) {
		printf("  sequential rounds: %d, so at least %d x %d = %d ms of server delay\n",
		       rounds, rounds, cfg.delay_ms, rounds * cfg.delay_ms);
		print_rounds(rounds);
		printf("  client, last answer to the complete overview on the terminal: %.1f ms\n",
		       counted.login_ms - last_answer());
	} else {
		printf("  (rounds are counted only against a server with a delay)\n");
	}
	/* One line for scripts/bench-client.sh's table. */
	printf("RESULT\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.0f\t%.0f\t%zu\t%d\t%d\t", cfg.label,
	       cfg.delay_ms, cfg.runs, login[0], pct(login, cfg.runs, 50), pct(login, cfg.runs, 90),
	       peak[cfg.runs - 1], pct(moves, nmoves, 50), runs[0].redraw_bytes,
	       relay.nreqs - before - s2_reqs - s3_reqs - again_reqs, conns);
	if (cfg.delay_ms > 0)
		printf("%d", rounds);
	else
		printf("-");
	printf("\t%.0f\t%d\t%d\t", pct(moves2, nmoves2, 50), s2_reqs, s3_reqs);
	if (cfg.delay_ms > 0)
		printf("%d", s3_rounds);
	else
		printf("-");
	printf("\t%d\n", again_reqs);
	return 0;
}

/* API tests of kabinetd as a process: signals with requests in flight, slow and
 * half-sent requests, connection floods, two servers on one database file, and the
 * command line. Each test starts the servers it needs, so they do not disturb one
 * another. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define PASSWD "Kabinet-2026"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A kabinetd process of our own, for what kd_start does not cover: other arguments,
 * a second server on an existing database, the exact stdout and stderr. */
struct proc {
	pid_t pid;
	int out;		/* read end of its stdout */
	int err;		/* read end of its stderr, -1 when it goes to a file */
};

/* Starts kabinetd (behind KABINETD_WRAPPER, like kd_start) with the NULL-terminated
 * arguments. stderr goes to errpath when given, else to a pipe. */
static int proc_spawn(struct proc *p, const char *errpath, const char *const *args)
{
	char *argv[64], wbuf[512];
	int n = kd_wrapper_args(argv, 16, wbuf, sizeof(wbuf)), out[2], err[2] = { -1, -1 };

	argv[n++] = (char *)kd_binary();
	for (; *args && n < 63; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	pid_t parent = getpid();

	if (pipe2(out, O_CLOEXEC) || (!errpath && pipe2(err, O_CLOEXEC)))
		return -1;
	p->pid = fork();
	if (p->pid < 0)
		return -1;
	if (p->pid == 0) {
		int efd = errpath ? open(errpath, O_WRONLY | O_CREAT | O_APPEND, 0600) : err[1];
		/* Ends with the test, as the harness's servers do. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
			_exit(127);
		dup2(out[1], 1);
		if (efd >= 0)
			dup2(efd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	p->out = out[0];
	p->err = -1;
	if (!errpath) {
		close(err[1]);
		p->err = err[0];
	}
	return 0;
}

/* Reads one line of its stdout (without the newline); false at EOF or after a
 * generous wait (valgrind starts slowly). */
static bool proc_line(struct proc *p, char *buf, size_t size)
{
	size_t n = 0;
	struct pollfd pfd = { .fd = p->out, .events = POLLIN };
	while (n + 1 < size) {
		char ch;
		if (poll(&pfd, 1, 180000) <= 0 || read(p->out, &ch, 1) != 1)
			break;
		if (ch == '\n') {
			buf[n] = '\0';
			return true;
		}
		buf[n++] = ch;
	}
	buf[n] = '\0';
	return false;
}

static void append(char *buf, size_t size, size_t *len, const char *data, size_t n)
{
	if (!buf || *len + 1 >= size)
		return;
	if (n > size - 1 - *len)
		n = size - 1 - *len;
	memcpy(buf + *len, data, n);
	*len += n;
	buf[*len] = '\0';
}

/* Waits up to timeout_s for pid to exit; returns its exit status (128 + signal when
 * killed), or -1 when it is still running. */
static int reap(pid_t pid, double timeout_s)
{
	double until = now_s() + timeout_s;
	int status;
	for (;;) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (got < 0 && errno != EINTR)
			return -1;
		if (now_s() >= until)
			return -1;
		msleep(10);
	}
}

/* How long a kabinetd may take to exit: under valgrind the leak check takes a while.
 * A server that is still running after this has ignored the signal. */
#define EXIT_WAIT 120.0

/* Reads the rest of stdout and stderr until both close, then reaps the process.
 * Returns its exit status, 128 + signal, or -1 when it has not ended in EXIT_WAIT
 * (p->pid stays set then, for the teardown to kill). */
static int proc_wait(struct proc *p, char *out, size_t outsz, char *err, size_t errsz)
{
	double until = now_s() + EXIT_WAIT;
	size_t olen = 0, elen = 0;
	int rc;
	if (out)
		out[0] = '\0';
	if (err)
		err[0] = '\0';
	while ((p->out >= 0 || p->err >= 0) && now_s() < until) {
		struct pollfd pfd[2] = { { .fd = p->out, .events = POLLIN },
					 { .fd = p->err, .events = POLLIN } };
		char chunk[1024];
		if (poll(pfd, 2, 200) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			int *fd = i ? &p->err : &p->out;
			ssize_t got;
			if (*fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			got = read(*fd, chunk, sizeof(chunk));
			if (got <= 0) {
				close(*fd);
				*fd = -1;
			} else if (i) {
				append(err, errsz, &elen, chunk, (size_t)got);
			} else {
				append(out, outsz, &olen, chunk, (size_t)got);
			}
		}
	}
	if (p->out >= 0)
		close(p->out);
	if (p->err >= 0)
		close(p->err);
	p->out = p->err = -1;
	rc = reap(p->pid, until - now_s() > 1 ? until - now_s() : 1);
	if (rc >= 0)
		p->pid = 0;
	return rc;
}

/* Ends a process that would not end by itself or by SIGTERM. */
static void kill_hard(pid_t pid)
{
	if (reap(pid, 0) < 0) {
		kill(pid, SIGKILL);
		reap(pid, 30);
	}
}

/* Runs kabinetd to completion; returns the exit status with stdout and stderr. */
static int run_kabinetd(char *out, size_t outsz, char *err, size_t errsz, ...)
{
	const char *args[32];
	int n = 0, rc;
	struct proc p;
	va_list ap;
	va_start(ap, errsz);
	while ((args[n] = va_arg(ap, const char *)) && n < 31)
		n++;
	va_end(ap);
	args[n] = NULL;
	if (proc_spawn(&p, NULL, args))
		return -1;
	rc = proc_wait(&p, out, outsz, err, errsz);
	if (rc < 0)
		kill_hard(p.pid);
	return rc;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *make_tmpdir(char *buf, size_t size)
{
	snprintf(buf, size, "%s/kabinet-robust-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(buf);
}

/* A second kabinetd on the database of `first`, described by a struct kd so that
 * kd_stop or kd_term ends it (and removes its own directory, which holds only its log). */
static int kd_start_second(struct kd *second, const struct kd *first)
{
	struct proc p;
	char line[256], errpath[400];

	memset(second, 0, sizeof(*second));
	if (!make_tmpdir(second->dir, sizeof(second->dir)))
		return -1;
	snprintf(second->db, sizeof(second->db), "%s", first->db);
	snprintf(errpath, sizeof(errpath), "%s/kabinetd.log", second->dir);
	const char *args[] = { "--listen", "127.0.0.1:0", "--db", first->db, NULL };
	if (proc_spawn(&p, getenv("KABINETD_STDERR") ? "/dev/stderr" : errpath, args))
		return -1;
	second->pid = p.pid;
	if (!proc_line(&p, line, sizeof(line)) || kd_listening(second, line)) {
		close(p.out);
		kill(p.pid, SIGTERM);
		if (reap(p.pid, EXIT_WAIT) < 0)
			kill_hard(p.pid);
		second->pid = 0;
		rm_tree(second->dir);
		second->dir[0] = '\0';
		return -1;
	}
	/* Nothing more comes on stdout; its end closes when the process exits. */
	close(p.out);
	return 0;
}

static void print_log(const struct kd *kd)
{
	char path[400], buf[4096];
	size_t got;
	FILE *f;
	snprintf(path, sizeof(path), "%s/kabinetd.log", kd->dir);
	if (!(f = fopen(path, "r")))
		return;
	print_message("its log:\n");
	while ((got = fread(buf, 1, sizeof(buf) - 1, f)) > 0) {
		buf[got] = '\0';
		print_message("%s", buf);
	}
	fclose(f);
}

/* Waits for the process of kd to exit (after a signal the test sent), up to
 * EXIT_WAIT; returns its exit status and removes its directory, or -1 when it is still
 * running (the teardown kills it then). */
static int kd_wait_exit(struct kd *kd)
{
	int rc = reap(kd->pid, EXIT_WAIT);
	if (rc < 0) {
		print_message("kabinetd %d still running %.0f s after the signal\n", (int)kd->pid,
			      EXIT_WAIT);
		return rc;
	}
	kd->pid = 0;
	if (rc != 0) {
		print_message("kabinetd exited with %d\n", rc);
		print_log(kd);
	}
	rm_tree(kd->dir);
	kd->dir[0] = '\0';
	return rc;
}

/* kd_stop with a time limit: SIGTERM, then kd_wait_exit. */
static int kd_term(struct kd *kd)
{
	kill(kd->pid, SIGTERM);
	return kd_wait_exit(kd);
}

static int tcp_connect(unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const char *s)
{
	size_t len = strlen(s);
	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

/* Server-side sockets of this port in state ESTABLISHED, from /proc/net/tcp: how the
 * signal test knows its requests have reached the server. */
static int established_to(unsigned port)
{
	FILE *f = fopen("/proc/net/tcp", "r");
	char line[512];
	int n = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned lport, st;
		if (sscanf(line, " %*d: %*8[0-9A-Fa-f]:%x %*8[0-9A-Fa-f]:%*x %x", &lport, &st) == 2 &&
		    lport == port && st == 1)
			n++;
	}
	fclose(f);
	return n;
}

/* The same, tried for up to 5 s while the server answers 503: right after many
 * connections close it frees their slots a moment later, as its threads see them go. */
static void check_session_ok_soon(struct kd *kd)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, kd);
	for (int i = 0; i < 50 && api(&c, &r, "checkSession", "{}") == 503; i++)
		msleep(100);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

static void check_session_ok(struct kd *kd)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, kd);
	api(&c, &r, "checkSession", "{}");
	assert_status(&r, 200);
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(r.json, "isSessionLost")));
	resp_free(&r);
	client_free(&c);
}

/* What a test started, so that a failing assertion still ends its servers and
 * closes its sockets (the per-test teardown does it). */
#define MAX_FDS 1200

struct fix {
	struct kd kd[2];
	struct proc p;
	char dir[256];		/* a scratch directory, removed afterwards */
	int fds[MAX_FDS];
	int nfds;
};

static int fix_setup(void **state)
{
	struct fix *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	fx->p.out = fx->p.err = -1;
	*state = fx;
	return 0;
}

static int fix_teardown(void **state)
{
	struct fix *fx = *state;
	for (int i = 1; i >= 0; i--) {
		if (fx->kd[i].pid > 0) {
			kill(fx->kd[i].pid, SIGTERM);
			if (reap(fx->kd[i].pid, EXIT_WAIT) < 0)
				kill_hard(fx->kd[i].pid);
		}
		if (fx->kd[i].dir[0])
			rm_tree(fx->kd[i].dir);
	}
	if (fx->p.out >= 0)
		close(fx->p.out);
	if (fx->p.err >= 0)
		close(fx->p.err);
	if (fx->p.pid > 0) {
		kill(fx->p.pid, SIGTERM);
		if (reap(fx->p.pid, EXIT_WAIT) < 0)
			kill_hard(fx->p.pid);
	}
	for (int i = 0; i < fx->nfds; i++)
		if (fx->fds[i] >= 0)
			close(fx->fds[i]);
	if (fx->dir[0])
		rm_tree(fx->dir);
	free(fx);
	return 0;
}

/* A socket the teardown closes if the test does not. */
static int *fix_socket(struct fix *fx, unsigned port)
{
	assert_true(fx->nfds < MAX_FDS);
	fx->fds[fx->nfds] = tcp_connect(port);
	assert_true(fx->fds[fx->nfds] >= 0);
	return &fx->fds[fx->nfds++];
}

static void fix_close_all(struct fix *fx)
{
	for (int i = 0; i < fx->nfds; i++)
		if (fx->fds[i] >= 0)
			close(fx->fds[i]);
	fx->nfds = 0;
}

/* --- signals ------------------------------------------------------------------- */

struct flight {
	struct kd *kd;
	long status;
	bool lost;		/* isSessionLost in the answer */
	pthread_t thread;
};

static void *flight_run(void *arg)
{
	struct flight *f = arg;
	struct client c;
	struct resp r = { 0 };
	client_init(&c, f->kd);
	f->status = api(&c, &r, "checkSession", "{}");
	f->lost = cJSON_IsTrue(cJSON_GetObjectItem(r.json, "isSessionLost"));
	resp_free(&r);
	client_free(&c);
	return NULL;
}

static void sigterm_finishes_requests_in_flight(void **state)
{
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];
	struct flight f[5];
	double until;

	assert_int_equal(kd_start(kd, "--delay-ms", "1500", NULL), 0);
	for (int i = 0; i < 5; i++) {
		f[i] = (struct flight){ .kd = kd, .status = -2 };
		assert_int_equal(pthread_create(&f[i].thread, NULL, flight_run, &f[i]), 0);
	}
	/* Once the five connections are up, the requests are being read or answered (every
	 * answer waits 1.5 s); the signal comes in the middle of that. */
	until = now_s() + 30;
	while (established_to(kd->port) < 5 && now_s() < until)
		msleep(10);
	msleep(300);
	kill(kd->pid, SIGTERM);
	/* A connection made after the signal starts nothing new: it is closed unanswered
	 * (the five take 1.5 s, so the server is still up and finishing them). */
	msleep(100);
	{
		struct client late;
		struct resp r = { 0 };
		client_init(&late, kd);
		assert_int_equal(api(&late, &r, "checkSession", "{}"), -1);
		resp_free(&r);
		client_free(&late);
	}
	for (int i = 0; i < 5; i++)
		pthread_join(f[i].thread, NULL);
	for (int i = 0; i < 5; i++)
		if (f[i].status != 200)
			print_message("request %d in flight: HTTP %ld\n", i, f[i].status);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(f[i].status, 200);
		assert_true(f[i].lost);
	}
	assert_int_equal(kd_term(kd), 0);
}

/* A stop that comes right behind answered requests, while the workers are still in
 * their event loops, ends cleanly every time. */
static void stop_right_after_answers_exits_zero(void **state)
{
	struct fix *fx = *state;
	for (int round = 0; round < 15; round++) {
		assert_int_equal(kd_start(&fx->kd[0], NULL), 0);
		for (int i = 0; i < 3; i++)
			check_session_ok(&fx->kd[0]);
		assert_int_equal(kd_stop(&fx->kd[0]), 0);
	}
}

static void sigint_exits_zero(void **state)
{
	struct fix *fx = *state;
	assert_int_equal(kd_start(&fx->kd[0], NULL), 0);
	check_session_ok(&fx->kd[0]);
	assert_int_equal(kill(fx->kd[0].pid, SIGINT), 0);
	assert_int_equal(kd_wait_exit(&fx->kd[0]), 0);
}

static void sigterm_when_idle_exits_zero(void **state)
{
	struct fix *fx = *state;
	assert_int_equal(kd_start(&fx->kd[0], NULL), 0);
	assert_int_equal(kill(fx->kd[0].pid, SIGTERM), 0);
	assert_int_equal(kd_wait_exit(&fx->kd[0]), 0);
}

/* --- slow and half-sent requests ------------------------------------------------ */

/* These come from one address, as do the normal requests meanwhile: the server runs
 * without its per-address limit here (test_guard tests that limit). */
#define HALF_SENT 50

static void half_sent_requests_time_out(void **state)
{
	static const char head[] = "POST /client-api/checkSession HTTP/1.1\r\nHost: x\r\n"
				   "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];
	int open_left = HALF_SENT;
	double until;

	assert_int_equal(kd_start(kd, "--max-per-address", "0", NULL), 0);
	for (int i = 0; i < HALF_SENT; i++)
		assert_true(send_all(*fix_socket(fx, kd->port), head));
	/* The stalled requests hold no thread: others are answered meanwhile. */
	for (int i = 0; i < 5; i++)
		check_session_ok(kd);

	/* The body rate or the request timeout closes every one of them. */
	until = now_s() + 20;
	while (open_left > 0 && now_s() < until) {
		struct pollfd pfd[HALF_SENT];
		int *slot[HALF_SENT], n = 0;
		for (int i = 0; i < fx->nfds; i++)
			if (fx->fds[i] >= 0) {
				slot[n] = &fx->fds[i];
				pfd[n++] = (struct pollfd){ .fd = fx->fds[i], .events = POLLIN };
			}
		if (poll(pfd, (nfds_t)n, 500) <= 0)
			continue;
		for (int k = 0; k < n; k++) {
			char buf[512];
			ssize_t got;
			if (!pfd[k].revents)
				continue;
			got = recv(pfd[k].fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
			if (got > 0) {
				/* An answer to half a request would be a bug: it was never sent. */
				buf[got] = '\0';
				print_message("answer to a half-sent request: %s\n", buf);
				fail();
			}
			if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
				close(*slot[k]);
				*slot[k] = -1;
				open_left--;
			}
		}
	}
	if (open_left)
		print_message("%d of %d half-sent connections still open after 20 s\n",
			      open_left, HALF_SENT);
	assert_int_equal(open_left, 0);
	check_session_ok(kd);
	assert_int_equal(kd_term(kd), 0);
}

#define SLOW_SOCKETS 5

static void slowloris_does_not_block_others(void **state)
{
	static const char head[] = "POST /client-api/checkSession HTTP/1.1\r\nHost: x\r\n"
				   "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];

	assert_int_equal(kd_start(kd, NULL), 0);
	for (int i = 0; i < SLOW_SOCKETS; i++)
		fix_socket(fx, kd->port);
	/* One header byte a second on each socket; a normal client between every round. */
	for (size_t k = 0; k < 6; k++) {
		char one[2] = { head[k], '\0' };
		for (int i = 0; i < fx->nfds; i++)
			send_all(fx->fds[i], one);
		check_session_ok(kd);
		msleep(1000);
	}
	fix_close_all(fx);
	check_session_ok(kd);
	assert_int_equal(kd_term(kd), 0);
}

/* --- many connections ----------------------------------------------------------- */

/* From one address, without the per-address limit (as HALF_SENT). */
#define MANY 300

static void many_idle_connections_then_normal_request(void **state)
{
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];

	assert_int_equal(kd_start(kd, "--max-per-address", "0", NULL), 0);
	for (int i = 0; i < MANY; i++)
		fix_socket(fx, kd->port);
	/* While they are all open, and again once they are gone. */
	check_session_ok(kd);
	fix_close_all(fx);
	check_session_ok(kd);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < MANY; i++)
			fix_socket(fx, kd->port);
		fix_close_all(fx);
		check_session_ok(kd);
	}
	assert_int_equal(kd_term(kd), 0);
}

/* More connections than the server takes (its limit is 1 000; here from one address,
 * without the per-address limit): those over the limit are turned away, the server stays
 * up, and once they are gone a normal request works. */
#define OVER_LIMIT 1100

static void connections_over_the_limit(void **state)
{
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];

	assert_int_equal(kd_start(kd, "--max-per-address", "0", NULL), 0);
	for (int i = 0; i < OVER_LIMIT; i++)
		fix_socket(fx, kd->port);
	fix_close_all(fx);
	check_session_ok_soon(kd);
	assert_int_equal(kd_term(kd), 0);
}

static int open_descriptors(pid_t pid)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int n = 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* With --delay-ms every connection has a thread of its own: whatever that thread opens
 * (its database connection) must be closed when the connection ends, or a long-running
 * server runs out of descriptors. */
#define DELAYED_CONNECTIONS 100

static void delay_mode_keeps_no_descriptors_per_connection(void **state)
{
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];
	int before, after;
	double until;

	assert_int_equal(kd_start(kd, "--delay-ms", "1", NULL), 0);
	check_session_ok(kd);
	msleep(200);
	before = open_descriptors(kd->pid);
	assert_true(before > 0);
	/* Each check opens and closes a connection of its own. */
	for (int i = 0; i < DELAYED_CONNECTIONS; i++)
		check_session_ok(kd);
	/* The connection threads end a moment after their sockets close. */
	until = now_s() + 20;
	do {
		msleep(100);
		after = open_descriptors(kd->pid);
	} while (after > before + 8 && now_s() < until);
	if (after > before + 8)
		print_message("%d descriptors before %d connections, %d after\n", before,
			      DELAYED_CONNECTIONS, after);
	assert_true(after <= before + 8);
	assert_int_equal(kd_term(kd), 0);
}

/* --- two servers, one database file --------------------------------------------- */

/* Gives `to` the session of `from`: curl's cookie jars are per handle, so the second
 * client gets the SESSION and CSRF-TOKEN cookies as a non-browser client would set
 * them, and sends the CSRF-TOKEN header from them. */
static void copy_session(struct client *to, struct client *from)
{
	struct curl_slist *cookies = NULL, *it;
	char session[128] = "", line[400];
	curl_easy_getinfo(from->curl, CURLINFO_COOKIELIST, &cookies);
	for (it = cookies; it; it = it->next) {
		const char *name = strstr(it->data, "\tSESSION\t");
		if (name)
			snprintf(session, sizeof(session), "%s", name + strlen("\tSESSION\t"));
	}
	curl_slist_free_all(cookies);
	assert_true(session[0] != '\0');
	assert_true(from->csrf[0] != '\0');
	snprintf(line, sizeof(line), "127.0.0.1\tFALSE\t/\tFALSE\t0\tSESSION\t%s", session);
	curl_easy_setopt(to->curl, CURLOPT_COOKIELIST, line);
	snprintf(line, sizeof(line), "127.0.0.1\tFALSE\t/\tFALSE\t0\tCSRF-TOKEN\t%s", from->csrf);
	curl_easy_setopt(to->curl, CURLOPT_COOKIELIST, line);
	snprintf(to->csrf, sizeof(to->csrf), "%s", from->csrf);
}

#define WRITES 20

struct writer {
	struct client *c;
	const char *account;
	const char *tag;
	int ok;
	long last_status;
	char last_body[512];
	pthread_t thread;
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	struct resp r = { 0 };
	for (int i = 0; i < WRITES; i++) {
		api(w->c, &r, "createRequest",
		    "{\"topic\":\"Проверка %s %d\",\"text\":\"Запрос %s номер %d\","
		    "\"accountId\":\"%s\"}", w->tag, i, w->tag, i, w->account);
		if (r.status == 200) {
			w->ok++;
		} else {
			w->last_status = r.status;
			snprintf(w->last_body, sizeof(w->last_body), "%s", r.raw ? r.raw : "");
		}
	}
	resp_free(&r);
	return NULL;
}

/* How many of the caller's support requests have `tag` in their topic, over every
 * page. */
static int count_tagged_requests(struct client *c, const char *tag)
{
	struct resp r = { 0 };
	char cursor[256] = "";
	int n = 0;
	for (int page = 0; page < 50; page++) {
		const cJSON *item;
		if (cursor[0])
			api(c, &r, "getRequests", "{\"limit\":200,\"cursor\":\"%s\"}", cursor);
		else
			api(c, &r, "getRequests", "{\"limit\":200}");
		assert_status(&r, 200);
		cJSON_ArrayForEach(item, cJSON_GetObjectItem(r.json, "requests")) {
			const cJSON *topic = cJSON_GetObjectItem(item, "topic");
			if (cJSON_IsString(topic) && strstr(topic->valuestring, tag))
				n++;
		}
		if (!resp_str(&r, "nextCursor"))
			break;
		snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
	}
	resp_free(&r);
	return n;
}

static void two_servers_share_one_database(void **state)
{
	struct fix *fx = *state;
	struct kd *kd1 = &fx->kd[0], *kd2 = &fx->kd[1];
	struct client c1, c2;
	struct resp r = { 0 };
	struct writer w[2];
	char account[64];

	assert_int_equal(kd_start(kd1, NULL), 0);
	assert_int_equal(kd_start_second(kd2, kd1), 0);
	assert_int_not_equal(kd1->port, kd2->port);

	/* A session made by one process is good on the other. */
	client_init(&c1, kd1);
	client_init(&c2, kd2);
	client_login(&c1, "demo", PASSWD);
	copy_session(&c2, &c1);
	api(&c2, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "login"), "demo");
	api(&c2, &r, "checkSession", "{}");
	assert_status(&r, 200);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "isSessionLost")));
	snprintf(account, sizeof(account), "%s", account_id_by_number(&c2, "590000000001"));

	/* Both write at once; every write lands. */
	w[0] = (struct writer){ .c = &c1, .account = account, .tag = "A" };
	w[1] = (struct writer){ .c = &c2, .account = account, .tag = "B" };
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&w[i].thread, NULL, writer_run, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(w[i].thread, NULL);
	for (int i = 0; i < 2; i++)
		if (w[i].ok != WRITES)
			print_message("server %d: %d of %d writes; last HTTP %ld %s\n", i + 1,
				      w[i].ok, WRITES, w[i].last_status, w[i].last_body);
	assert_int_equal(w[0].ok, WRITES);
	assert_int_equal(w[1].ok, WRITES);
	/* Each server sees the other's writes. */
	assert_int_equal(count_tagged_requests(&c1, "Проверка A"), WRITES);
	assert_int_equal(count_tagged_requests(&c1, "Проверка B"), WRITES);
	assert_int_equal(count_tagged_requests(&c2, "Проверка A"), WRITES);
	assert_int_equal(count_tagged_requests(&c2, "Проверка B"), WRITES);

	resp_free(&r);
	client_free(&c1);
	client_free(&c2);
	assert_int_equal(kd_term(kd2), 0);
	assert_int_equal(kd_term(kd1), 0);
}

/* --- command line --------------------------------------------------------------- */

#define OUT 8192

static void assert_usage_error(int rc, const char *err, const char *what)
{
	if (rc != 2 || !strstr(err, "kabinetd")) {
		print_message("%s: exit %d, stderr: %s\n", what, rc, err);
		fail();
	}
}

static void command_line_errors_exit_2(void **state)
{
	static const char *const bad_listen[] = { "nonsense", "127.0.0.1", "127.0.0.1:99999",
						  "127.0.0.1:-1", ":8480", "127.0.0.1:80x",
						  "not.an.address:8480" };
	struct fix *fx = *state;
	char db[320], out[OUT], err[OUT];
	int rc;

	assert_non_null(make_tmpdir(fx->dir, sizeof(fx->dir)));
	snprintf(db, sizeof(db), "%s/k.db", fx->dir);
	for (size_t i = 0; i < sizeof(bad_listen) / sizeof(bad_listen[0]); i++) {
		rc = run_kabinetd(out, OUT, err, OUT, "--listen", bad_listen[i], "--db", db, NULL);
		assert_usage_error(rc, err, bad_listen[i]);
		assert_string_equal(out, "");
		assert_non_null(strstr(err, "--listen"));
	}
	rc = run_kabinetd(out, OUT, err, OUT, "--db", db, "--delay-ms", "-1", NULL);
	assert_usage_error(rc, err, "--delay-ms -1");
	assert_non_null(strstr(err, "--delay-ms"));
	rc = run_kabinetd(out, OUT, err, OUT, "--db", db, "--delay-ms", "lots", NULL);
	assert_usage_error(rc, err, "--delay-ms lots");
	rc = run_kabinetd(out, OUT, err, OUT, "--db", db, "--threads", "0", NULL);
	assert_usage_error(rc, err, "--threads 0");
	/* The connection guard's figures, each out of its range or not a number. */
	static const char *const bad_limits[][2] = {
		{ "--max-connections", "0" },	{ "--max-connections", "lots" },
		{ "--max-per-address", "-1" },	{ "--max-per-address", "1e3" },
		{ "--request-timeout", "0" },	{ "--request-timeout", "3601" },
		{ "--min-body-rate", "-5" },	{ "--min-body-rate", "fast" },
	};
	for (size_t i = 0; i < sizeof(bad_limits) / sizeof(bad_limits[0]); i++) {
		rc = run_kabinetd(out, OUT, err, OUT, "--db", db, bad_limits[i][0],
				  bad_limits[i][1], NULL);
		assert_usage_error(rc, err, bad_limits[i][0]);
		assert_non_null(strstr(err, bad_limits[i][0]));
	}
	rc = run_kabinetd(out, OUT, err, OUT, "--db", db, "--frobnicate", "yes", NULL);
	assert_usage_error(rc, err, "--frobnicate yes");
	assert_non_null(strstr(err, "--frobnicate"));
	rc = run_kabinetd(out, OUT, err, OUT, "--db", db, "--frobnicate", NULL);
	assert_usage_error(rc, err, "--frobnicate");
	rc = run_kabinetd(out, OUT, err, OUT, "--db", NULL);
	assert_usage_error(rc, err, "--db without a value");
	rc = run_kabinetd(out, OUT, err, OUT, "--listen", "127.0.0.1:0", NULL);
	assert_usage_error(rc, err, "no --db");
	assert_non_null(strstr(err, "--db"));
	rc = run_kabinetd(out, OUT, err, OUT, "--db", db, "--seed", "everything", NULL);
	assert_usage_error(rc, err, "--seed everything");
	rc = run_kabinetd(out, OUT, err, OUT, NULL);
	assert_usage_error(rc, err, "no arguments");
}

static void help_and_version_exit_0(void **state)
{
	char out[OUT], err[OUT];
	int rc = run_kabinetd(out, OUT, err, OUT, "--version", NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(strncmp(out, "kabinetd ", 9), 0);
	assert_string_equal(err, "");
	rc = run_kabinetd(out, OUT, err, OUT, "--help", NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "usage: kabinetd"));
	assert_non_null(strstr(out, "--db"));
	assert_string_equal(err, "");
}

static void db_in_missing_directory_fails_clearly(void **state)
{
	struct fix *fx = *state;
	char db[400], out[OUT], err[OUT];
	int rc;

	assert_non_null(make_tmpdir(fx->dir, sizeof(fx->dir)));
	snprintf(db, sizeof(db), "%s/no/such/dir/k.db", fx->dir);
	rc = run_kabinetd(out, OUT, err, OUT, "--listen", "127.0.0.1:0", "--db", db, NULL);
	if (rc == 0 || !strstr(err, db)) {
		print_message("exit %d, stderr: %s\n", rc, err);
		fail();
	}
	assert_string_equal(out, "");
}

static void port_in_use_fails_clearly(void **state)
{
	struct fix *fx = *state;
	struct kd *kd = &fx->kd[0];
	char listen[64], db[400], out[OUT], err[OUT];
	int rc;

	assert_int_equal(kd_start(kd, NULL), 0);
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", kd->port);
	snprintf(db, sizeof(db), "%s/second.db", kd->dir);
	rc = run_kabinetd(out, OUT, err, OUT, "--listen", listen, "--db", db, NULL);
	if (rc == 0 || !strstr(err, listen)) {
		print_message("exit %d, stderr: %s\n", rc, err);
		fail();
	}
	assert_string_equal(out, "");
	/* The first one carries on. */
	check_session_ok(kd);
	assert_int_equal(kd_term(kd), 0);
}

static void startup_prints_exactly_one_line(void **state)
{
	struct fix *fx = *state;
	char db[320], errpath[400], line[256], expect[80], out[OUT];
	unsigned port = 0;

	assert_non_null(make_tmpdir(fx->dir, sizeof(fx->dir)));
	snprintf(db, sizeof(db), "%s/k.db", fx->dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", fx->dir);
	const char *args[] = { "--listen", "127.0.0.1:0", "--db", db, "--seed", "demo", NULL };
	assert_int_equal(proc_spawn(&fx->p, errpath, args), 0);
	assert_true(proc_line(&fx->p, line, sizeof(line)));
	assert_int_equal(sscanf(line, "kabinetd listening on http://127.0.0.1:%u", &port), 1);
	snprintf(expect, sizeof(expect), "kabinetd listening on http://127.0.0.1:%u", port);
	assert_string_equal(line, expect);
	assert_true(port > 0 && port < 65536);

	/* It serves on that port, and says nothing more on stdout until it exits. */
	struct kd view = { .pid = fx->p.pid, .port = port };
	snprintf(view.url, sizeof(view.url), "http://127.0.0.1:%u", port);
	check_session_ok(&view);
	assert_int_equal(kill(fx->p.pid, SIGTERM), 0);
	assert_int_equal(proc_wait(&fx->p, out, OUT, NULL, 0), 0);
	assert_string_equal(out, "");
}

static int group_setup(void **state)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int group_teardown(void **state)
{
	curl_global_cleanup();
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(startup_prints_exactly_one_line),
		T(help_and_version_exit_0),
		T(command_line_errors_exit_2),
		T(db_in_missing_directory_fails_clearly),
		T(port_in_use_fails_clearly),
		T(sigint_exits_zero),
		T(stop_right_after_answers_exits_zero),
		T(sigterm_when_idle_exits_zero),
		T(sigterm_finishes_requests_in_flight),
		T(many_idle_connections_then_normal_request),
		T(connections_over_the_limit),
		T(delay_mode_keeps_no_descriptors_per_connection),
		T(slowloris_does_not_block_others),
		T(half_sent_requests_time_out),
		T(two_servers_share_one_database),
	};
	return cmocka_run_group_tests_name("robust", tests, group_setup, group_teardown);
}
